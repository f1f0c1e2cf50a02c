/*
 * nicport L2 test support -- NOT part of any generated driver, NOT FreeBSD's headers.
 *
 * Host-side stand-ins for the FreeBSD 14 kernel KPI subset the generated
 * adapter uses, so that the adapter can run in a Linux test process (L1
 * compiles it against FreeBSD's real headers instead).  Names, signatures
 * and flag semantics follow the manual pages: mbuf(9), bus_dma(9),
 * bus_space(9), ifnet(9), mutex(9), malloc(9), pci(9), DEVICE_*(9).
 * Every header path the adapter includes maps to this one file.
 */
#ifndef NICPORT_EMU_FBSD_KPI_H
#define NICPORT_EMU_FBSD_KPI_H
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef uint8_t u_int8_t;
typedef uint16_t u_int16_t;
typedef uint32_t u_int32_t;
typedef uint64_t u_int64_t;
typedef char *caddr_t;
typedef uint64_t bus_addr_t;
typedef uint64_t bus_size_t;
typedef int bus_space_tag_t;
typedef uintptr_t bus_space_handle_t;

#define ENXIO 6
#define ENOMEM 12
#define EINVAL 22
#define EFBIG 27
#define EOPNOTSUPP 45
#define ENETDOWN 50
#define ENOBUFS 55
#define nitems(x) (sizeof(x) / sizeof((x)[0]))
#define PAGE_SIZE 4096
#define MCLBYTES 2048
#define MJUMPAGESIZE PAGE_SIZE
#define IP_MAXPACKET 65535
#define htons(x) __builtin_bswap16(x)
static inline int min(int a, int b) { return a < b ? a : b; }
extern int mp_ncpus;
extern int bootverbose;
#define curcpu 0

int printf(const char *, ...);
int vprintf(const char *, va_list);

/* malloc(9) */
struct malloc_type { const char *ks_shortdesc; };
#define MALLOC_DECLARE(t) extern struct malloc_type t[1]
#define MALLOC_DEFINE(t, s, l) struct malloc_type t[1] = { { s } }
#define M_NOWAIT 0x0001
#define M_WAITOK 0x0002
#define M_ZERO 0x0100
void *fbsd_malloc(size_t, struct malloc_type *, int);
void fbsd_free(void *, struct malloc_type *);
#define malloc(s, t, f) fbsd_malloc((s), (t), (f))
#define free(p, t) fbsd_free((p), (t))

/* mutex(9) */
struct mtx { int mtx_held; const char *mtx_name; };
#define MTX_DEF 0
#define MA_OWNED 0x01
void mtx_init(struct mtx *, const char *, const char *, int);
void mtx_destroy(struct mtx *);
void mtx_lock(struct mtx *);
void mtx_unlock(struct mtx *);
void mtx_assert(struct mtx *, int);
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* newbus: device(9), DEVICE_PROBE(9) ... */
typedef struct device *device_t;
typedef int device_probe_t(device_t);
typedef int device_attach_t(device_t);
typedef int device_detach_t(device_t);
typedef struct { const char *name; void *func; } device_method_t;
#define DEVMETHOD(n, f) { #n, (void *)(f) }
#define DEVMETHOD_END { NULL, NULL }
typedef struct { const char *name; device_method_t *methods; size_t size; } driver_t;
#define DRIVER_MODULE(n, b, d, e, a) driver_t *nicport_fbsd_driver = &(d)
#define MODULE_PNP_INFO(d, b, n, t, c)
#define MODULE_DEPEND(a, b, c, d, e)
#define MODULE_VERSION(a, b)
#define BUS_PROBE_DEFAULT (-20)
void *device_get_softc(device_t);
const char *device_get_name(device_t);
int device_get_unit(device_t);
void device_set_desc(device_t, const char *);
int device_printf(device_t, const char *, ...);
void device_print_prettyname(device_t);

/* bus_space(9), bus_alloc_resource(9), bus_setup_intr(9) */
struct resource;
#define SYS_RES_IRQ 1
#define SYS_RES_MEMORY 3
#define RF_ACTIVE 0x0002
#define RF_SHAREABLE 0x0004
#define INTR_TYPE_NET 4
#define INTR_MPSAFE 512
typedef int driver_filter_t(void *);
typedef void driver_intr_t(void *);
struct resource *bus_alloc_resource_any(device_t, int, int *, u_int);
int bus_release_resource(device_t, int, int, struct resource *);
bus_space_tag_t rman_get_bustag(struct resource *);
bus_space_handle_t rman_get_bushandle(struct resource *);
int bus_setup_intr(device_t, struct resource *, int, driver_filter_t *, driver_intr_t *, void *, void **);
int bus_teardown_intr(device_t, struct resource *, void *);
int bus_describe_intr(device_t, struct resource *, void *, const char *, ...);
uint32_t bus_space_read_4(bus_space_tag_t, bus_space_handle_t, bus_size_t);
void bus_space_write_4(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint32_t);
uint8_t bus_space_read_1(bus_space_tag_t, bus_space_handle_t, bus_size_t);
uint16_t bus_space_read_2(bus_space_tag_t, bus_space_handle_t, bus_size_t);
void bus_space_write_1(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint8_t);
void bus_space_write_2(bus_space_tag_t, bus_space_handle_t, bus_size_t, uint16_t);

/* pci(9) */
#define PCIR_BAR(x) (0x10 + (x) * 4)
uint16_t pci_get_vendor(device_t);
uint32_t pci_read_config(device_t, int, int);
uint16_t pci_get_device(device_t);
int pci_enable_busmaster(device_t);
int pci_msi_count(device_t);
int pci_msix_count(device_t);
int pci_alloc_msi(device_t, int *);
int pci_alloc_msix(device_t, int *);
int pci_release_msi(device_t);

/* bus_dma(9) */
typedef struct bus_dma_tag *bus_dma_tag_t;
typedef struct bus_dmamap *bus_dmamap_t;
typedef struct { bus_addr_t ds_addr; bus_size_t ds_len; } bus_dma_segment_t;
typedef void bus_dmamap_callback_t(void *, bus_dma_segment_t *, int, int);
typedef void bus_dma_lock_t(void *, int);
typedef int bus_dma_filter_t(void *, bus_addr_t);
typedef int bus_dmasync_op_t;
#define BUS_DMASYNC_PREREAD 1
#define BUS_DMASYNC_POSTREAD 2
#define BUS_DMASYNC_PREWRITE 4
#define BUS_DMASYNC_POSTWRITE 8
#define BUS_DMA_WAITOK 0x00
#define BUS_DMA_NOWAIT 0x01
#define BUS_DMA_COHERENT 0x04
#define BUS_DMA_ZERO 0x08
#define BUS_SPACE_MAXADDR 0xFFFFFFFFFFFFFFFFULL
bus_dma_tag_t bus_get_dma_tag(device_t);
int bus_dma_tag_create(bus_dma_tag_t, bus_size_t, bus_addr_t, bus_addr_t, bus_addr_t,
    bus_dma_filter_t *, void *, bus_size_t, int, bus_size_t, int, bus_dma_lock_t *, void *,
    bus_dma_tag_t *);
int bus_dma_tag_destroy(bus_dma_tag_t);
int bus_dmamap_create(bus_dma_tag_t, int, bus_dmamap_t *);
int bus_dmamap_destroy(bus_dma_tag_t, bus_dmamap_t);
int bus_dmamem_alloc(bus_dma_tag_t, void **, int, bus_dmamap_t *);
void bus_dmamem_free(bus_dma_tag_t, void *, bus_dmamap_t);
int bus_dmamap_load(bus_dma_tag_t, bus_dmamap_t, void *, bus_size_t, bus_dmamap_callback_t *, void *, int);
struct mbuf;
int bus_dmamap_load_mbuf_sg(bus_dma_tag_t, bus_dmamap_t, struct mbuf *, bus_dma_segment_t *, int *, int);
void bus_dmamap_unload(bus_dma_tag_t, bus_dmamap_t);
void bus_dmamap_sync(bus_dma_tag_t, bus_dmamap_t, bus_dmasync_op_t);

/* mbuf(9) */
struct ifnet;
typedef struct ifnet *if_t;
struct pkthdr {
	if_t rcvif;
	int len;
	uint32_t flowid;
	uint64_t csum_flags;
	uint32_t csum_data;
	uint16_t tso_segsz;
	uint16_t ether_vtag;
	uint8_t rsstype;
};
struct mbuf {
	struct mbuf *m_next;
	char *m_data;
	int m_len;
	int m_flags;
	struct pkthdr m_pkthdr;
};
#define MT_DATA 1
#define M_EXT 0x00000001
#define M_PKTHDR 0x00000002
#define M_VLANTAG 0x00000080
#define mtod(m, t) ((t)((m)->m_data))
#define CSUM_IP 0x00000001
#define CSUM_IP_UDP 0x00000002
#define CSUM_IP_TCP 0x00000004
#define CSUM_IP_TSO 0x00000010
#define CSUM_IP6_UDP 0x00000200
#define CSUM_IP6_TCP 0x00000400
#define CSUM_IP6_TSO 0x00001000
#define CSUM_L3_CALC 0x01000000
#define CSUM_L3_VALID 0x02000000
#define CSUM_L4_CALC 0x04000000
#define CSUM_L4_VALID 0x08000000
#define CSUM_TCP CSUM_IP_TCP
#define CSUM_UDP CSUM_IP_UDP
#define CSUM_TSO (CSUM_IP_TSO | CSUM_IP6_TSO)
#define CSUM_IP_CHECKED CSUM_L3_CALC
#define CSUM_IP_VALID CSUM_L3_VALID
#define CSUM_DATA_VALID CSUM_L4_VALID
#define CSUM_PSEUDO_HDR CSUM_L4_CALC
#define M_HASHTYPE_NONE 0
#define M_HASHTYPE_OPAQUE 63
#define M_HASHTYPE_OPAQUE_HASH 62
#define M_HASHTYPE_GET(m) ((m)->m_pkthdr.rsstype)
#define M_HASHTYPE_SET(m, v) ((m)->m_pkthdr.rsstype = (v))
struct mbuf *m_getjcl(int how, short type, int flags, int size);
void m_freem(struct mbuf *);
struct mbuf *m_defrag(struct mbuf *, int);

/* ifnet(9) */
#define IFT_ETHER 0x6
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_SIMPLEX 0x800
#define IFF_MULTICAST 0x8000
#define IFF_DRV_RUNNING 0x40
#define IFF_DRV_OACTIVE 0x400
#define IFCAP_RXCSUM 0x00001
#define IFCAP_TXCSUM 0x00002
#define IFCAP_VLAN_MTU 0x00008
#define IFCAP_VLAN_HWTAGGING 0x00010
#define IFCAP_TSO4 0x00100
#define IFCAP_TSO6 0x00200
#define IFCAP_TXCSUM_IPV6 0x200000
#define ETHER_ADDR_LEN 6
#define SIOCSIFFLAGS 0x80206910UL
#define SIOCSIFCAP 0x8020691eUL
struct ether_vlan_header { uint8_t evl_dhost[6], evl_shost[6]; uint16_t evl_encap_proto, evl_tag, evl_proto; };
struct ifreq { char ifr_name[16]; int ifr_reqcap; };
typedef enum { IFCOUNTER_IPACKETS, IFCOUNTER_IERRORS, IFCOUNTER_OPACKETS, IFCOUNTER_OERRORS,
	IFCOUNTER_COLLISIONS, IFCOUNTER_IBYTES, IFCOUNTER_OBYTES, IFCOUNTER_IMCASTS,
	IFCOUNTER_OMCASTS, IFCOUNTER_IQDROPS, IFCOUNTER_OQDROPS, IFCOUNTER_NOPROTO } ift_counter;
if_t if_alloc(u_char);
void if_free(if_t);
void if_initname(if_t, const char *, int);
void if_setsoftc(if_t, void *);
void *if_getsoftc(if_t);
int if_setflags(if_t, int);
int if_getflags(if_t);
void if_setinitfn(if_t, void (*)(void *));
void if_setioctlfn(if_t, int (*)(if_t, u_long, caddr_t));
void if_settransmitfn(if_t, int (*)(if_t, struct mbuf *));
void if_setqflushfn(if_t, void (*)(if_t));
void if_setgetcounterfn(if_t, uint64_t (*)(if_t, ift_counter));
int if_setcapabilities(if_t, int);
int if_getcapabilities(if_t);
int if_setcapenable(if_t, int);
int if_getcapenable(if_t);
int if_togglecapenable(if_t, int);
int if_sethwassist(if_t, uint64_t);
int if_sethwassistbits(if_t, int, int);
int if_getdrvflags(if_t);
int if_setdrvflagbits(if_t, int, int);
void if_input(if_t, struct mbuf *);
void if_qflush(if_t);
void if_inc_counter(if_t, ift_counter, int64_t);
uint64_t if_get_counter_default(if_t, ift_counter);
/* link state: if_link_state_change(9), if_setbaudrate (net/if_var.h) */
#define LINK_STATE_UNKNOWN 0
#define LINK_STATE_DOWN 1
#define LINK_STATE_UP 2
#define IF_Kbps(x) ((uintmax_t)(x) * 1000)
#define IF_Mbps(x) (IF_Kbps((x) * 1000))
void if_link_state_change(if_t, int);
uint64_t if_setbaudrate(if_t, uint64_t);
void ether_ifattach(if_t, const u_int8_t *);
void ether_ifdetach(if_t);
int ether_ioctl(if_t, u_long, caddr_t);
#define ETHER_BPF_MTAP(ifp, m) ((void)(ifp), (void)(m))
#endif
