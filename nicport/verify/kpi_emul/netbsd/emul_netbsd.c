/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the NetBSD KPI subset the generated adapter uses
 * (the functions contracts/netbsd declares): mbuf chains with m_freem and
 * cluster accounting, bus_dma(9) maps with identity addresses, bus_space(9)
 * routed to the device model, autoconf/ifnet/pci_intr/softint bookkeeping.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/atomic.h>
#include <sys/bus.h>
#include <sys/device.h>
#include <sys/intr.h>
#include <sys/kmem.h>
#include <sys/mbuf.h>
#include <sys/module.h>
#include <sys/mutex.h>
#include <net/if.h>
#include <net/if_ether.h>
#include <net/bpf.h>
#include <dev/pci/pcivar.h>

#include "emu_host.h"
#include "emul_netbsd.h"

#define EMU_M_VLANTAG	0x00010000	/* emulation-private: m_pkthdr.ether_vtag valid */

int ncpu = 1;
struct ifnet *emu_ifp;
#define EMU_NVEC 4
static int (*emu_intr_fn[EMU_NVEC])(void *);
static void *emu_intr_arg[EMU_NVEC];
static pci_intr_handle_t emu_ihs[EMU_NVEC];
static int emu_nihs;
struct emu_softint { void (*fn)(void *); void *arg; int pending; };
static struct emu_softint emu_si[8];
static int emu_nsi;

struct device { void *softc; char xname[16]; };

device_t emu_device_new(size_t softc_size)
{
	device_t d = emu_zalloc(sizeof(*d), EMU_MEM);

	d->softc = emu_zalloc(softc_size, EMU_MEM);
	emu_memcpy(d->xname, "nicport0", 9);
	return d;
}

void emu_device_free(device_t d)
{
	emu_free(d->softc, EMU_MEM);
	emu_free(d, EMU_MEM);
}

void *device_private(device_t d) { return d->softc; }
const char *device_xname(device_t d) { return d->xname; }

void aprint_normal(const char *fmt, ...) { (void)fmt; }
void aprint_naive(const char *fmt, ...) { (void)fmt; }
void aprint_normal_dev(device_t d, const char *fmt, ...) { (void)d; (void)fmt; }
void aprint_error_dev(device_t d, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

/* printf, vprintf, memset, memcpy: the host C library's (same calling convention) */

void membar_sync(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void membar_producer(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void membar_consumer(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

/* bus_space(9): the register window is the device model */
uint32_t bus_space_read_4(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o)
{
	(void)t;
	return emu_mmio_read((uint32_t)(h + o));
}

void bus_space_write_4(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint32_t v)
{
	(void)t;
	emu_mmio_write((uint32_t)(h + o), v);
}

void bus_space_unmap(bus_space_tag_t t, bus_space_handle_t h, bus_size_t s) { (void)t; (void)h; (void)s; }
uint8_t bus_space_read_1(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o) { (void)t; return emu_mmio_read8((uint32_t)(h + o)); }
uint16_t bus_space_read_2(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o) { (void)t; return emu_mmio_read16((uint32_t)(h + o)); }
void bus_space_write_1(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint8_t v) { (void)t; emu_mmio_write8((uint32_t)(h + o), v); }
void bus_space_write_2(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint16_t v) { (void)t; emu_mmio_write16((uint32_t)(h + o), v); }
/* configuration space is not emulated: it reads as an absent function */
/* pci_conf_read(9): the presented function's configuration space (emu_host.h), else all ones */
pcireg_t pci_conf_read(pci_chipset_tag_t pc, pcitag_t t, int r)
{
	(void)pc; (void)t;
	if (r < 0 || (r & 3) != 0)
		emu_fail("pci_conf_read(%d): not a 32-bit register", r);
	return emu_pci_cfg_read32((uint32_t)r);
}

/* bus_dma(9): identity addresses, maps with room for nsegments */
int bus_dmamap_create(bus_dma_tag_t t, bus_size_t size, int nsegs, bus_size_t maxseg,
    bus_size_t boundary, int flags, bus_dmamap_t *mp)
{
	bus_dmamap_t m;

	(void)t; (void)size; (void)boundary; (void)flags;
	m = emu_zalloc(sizeof(*m) + (size_t)nsegs * sizeof(bus_dma_segment_t), EMU_DMA);
	if (m == NULL)
		return ENOMEM;
	m->dm_maxsegsz = maxseg;
	m->dm_nsegs = 0;
	m->dm_mapsize = (bus_size_t)nsegs;	/* capacity, until loaded */
	*mp = m;
	return 0;
}

void bus_dmamap_destroy(bus_dma_tag_t t, bus_dmamap_t m) { (void)t; emu_free(m, EMU_DMA); }

int bus_dmamap_load(bus_dma_tag_t t, bus_dmamap_t m, void *buf, bus_size_t len,
    struct proc *p, int flags)
{
	(void)t; (void)p; (void)flags;
	m->dm_segs[0].ds_addr = (bus_addr_t)(uintptr_t)buf;
	m->dm_segs[0].ds_len = len;
	m->dm_nsegs = 1;
	return 0;
}

int bus_dmamap_load_mbuf(bus_dma_tag_t t, bus_dmamap_t m, struct mbuf *mb, int flags)
{
	bus_dma_segment_t *seg = m->dm_segs;
	int n = 0, cap = (int)m->dm_mapsize;

	(void)t; (void)flags;
	if (m->dm_nsegs != 0)
		cap = m->dm_nsegs;
	for (; mb != NULL; mb = mb->m_next) {
		if (mb->m_len == 0)
			continue;
		if (n == cap)
			return EFBIG;
		seg[n].ds_addr = (bus_addr_t)(uintptr_t)mb->m_data;
		seg[n].ds_len = (bus_size_t)mb->m_len;
		n++;
	}
	m->dm_nsegs = n;
	return 0;
}

void bus_dmamap_unload(bus_dma_tag_t t, bus_dmamap_t m) { (void)t; m->dm_nsegs = 0; }
void bus_dmamap_sync(bus_dma_tag_t t, bus_dmamap_t m, bus_addr_t o, bus_size_t l, int op)
{
	(void)t; (void)m; (void)o; (void)l; (void)op;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int bus_dmamem_alloc(bus_dma_tag_t t, bus_size_t size, bus_size_t align, bus_size_t boundary,
    bus_dma_segment_t *segs, int nsegs, int *rsegs, int flags)
{
	void *p;

	(void)t; (void)boundary; (void)nsegs; (void)flags;
	if (align > 64 && align > 4096)
		return EINVAL;
	if (emu_fail_step("dma"))
		return ENOMEM;
	p = emu_zalloc(size + align, EMU_DMA);
	segs[0].ds_addr = (bus_addr_t)(uintptr_t)p;
	segs[0].ds_len = size;
	*rsegs = 1;
	return p ? 0 : ENOMEM;
}

void bus_dmamem_free(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs)
{
	(void)t; (void)nsegs;
	emu_free((void *)(uintptr_t)segs[0].ds_addr, EMU_DMA);
}

int bus_dmamem_map(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs, size_t size,
    void **kva, int flags)
{
	(void)t; (void)nsegs; (void)size; (void)flags;
	*kva = (void *)(uintptr_t)segs[0].ds_addr;
	return 0;
}

void bus_dmamem_unmap(bus_dma_tag_t t, void *kva, size_t size) { (void)t; (void)kva; (void)size; }

/* mutex(9), kmem(9), softint(9) */
void mutex_init(kmutex_t *m, kmutex_type_t t, int ipl) { (void)m; (void)t; (void)ipl; }
void mutex_destroy(kmutex_t *m) { (void)m; }
void mutex_enter(kmutex_t *m) { m->mtx_opaque[0]++; }
void mutex_exit(kmutex_t *m)
{
	if (m->mtx_opaque[0]-- == 0)
		emu_fail("mutex_exit without mutex_enter");
}

void *kmem_zalloc(size_t n, km_flag_t f)
{
	if (f == KM_NOSLEEP && emu_fail_step("alloc"))
		return NULL;
	return emu_zalloc(n, EMU_MEM);
}
void kmem_free(void *p, size_t n) { (void)n; emu_free(p, EMU_MEM); }

void *softint_establish(u_int flags, void (*fn)(void *), void *arg)
{
	(void)flags;
	if (emu_nsi == 8)
		return NULL;
	emu_si[emu_nsi].fn = fn;
	emu_si[emu_nsi].arg = arg;
	return &emu_si[emu_nsi++];
}

void softint_disestablish(void *c) { ((struct emu_softint *)c)->fn = NULL; }
void softint_schedule(void *c) { ((struct emu_softint *)c)->pending = 1; }

/* mbuf(9): headers are EMU_PKT, clusters EMU_BUF */
struct mbuf *m_gethdr(int how, int type)
{
	struct mbuf *m = emu_zalloc(sizeof(*m) + 256, EMU_PKT);

	(void)how; (void)type;
	if (m != NULL) {
		m->m_flags = M_PKTHDR;
		m->m_data = (char *)(m + 1);
	}
	return m;
}

static struct mbuf *m_get_plain(void)
{
	struct mbuf *m = emu_zalloc(sizeof(*m) + 256, EMU_PKT);

	if (m != NULL)
		m->m_data = (char *)(m + 1);
	return m;
}

void m_clget(struct mbuf *m, int how)
{
	(void)how;
	m->m_data = emu_zalloc(MCLBYTES, EMU_BUF);
	if (m->m_data != NULL)
		m->m_flags |= M_EXT;
	else
		m->m_data = (char *)(m + 1);
}

void m_freem(struct mbuf *m)
{
	struct mbuf *n;

	for (; m != NULL; m = n) {
		n = m->m_next;
		if (m->m_flags & M_EXT)
			emu_free(m->m_data, EMU_BUF);
		emu_free(m, EMU_PKT);
	}
}

struct mbuf *m_defrag(struct mbuf *m, int how)
{
	(void)how;
	return m;	/* the emulated maps take any chain up to their segment count */
}

void m_set_rcvif(struct mbuf *m, const struct ifnet *ifp) { (void)m; (void)ifp; }

bool vlan_has_tag(struct mbuf *m) { return (m->m_flags & EMU_M_VLANTAG) != 0; }
uint16_t vlan_get_tag(struct mbuf *m) { return m->m_pkthdr.ether_vtag; }
void vlan_set_tag(struct mbuf *m, uint16_t t) { m->m_pkthdr.ether_vtag = t; m->m_flags |= EMU_M_VLANTAG; }

struct mbuf *emu_mbuf_from(const uint8_t *f, uint32_t len, uint32_t split)
{
	struct mbuf *m = m_gethdr(M_DONTWAIT, MT_DATA), *m2;

	if (split > len)
		split = len;
	emu_memcpy(m->m_data, f, split);
	m->m_len = (int)split;
	m->m_pkthdr.len = (int)len;
	if (len > split) {
		m2 = m_get_plain();
		m_clget(m2, M_DONTWAIT);
		emu_memcpy(m2->m_data, f + split, len - split);
		m2->m_len = (int)(len - split);
		m->m_next = m2;
	}
	return m;
}

/* ifnet(9), ethersubr(9), bpf(4) */
void if_initialize(struct ifnet *ifp) { (void)ifp; }
/* the native link report: recorded with the linespeed the ifnet holds */
static int emu_link_state;
void if_link_state_change(struct ifnet *ifp, int s)
{
	if (s == emu_link_state)
		return;		/* a repeated state is not reported again */
	emu_link_state = s;
	emu_link_report(s == LINK_STATE_UP);
	if (s == LINK_STATE_UP)
		emu_link_speed((uint32_t)(ifp->if_baudrate / 1000000), EMU_DUPLEX_NONE);
}
void if_register(struct ifnet *ifp) { emu_ifp = ifp; }
void if_detach(struct ifnet *ifp) { (void)ifp; emu_ifp = NULL; }
struct if_percpuq *if_percpuq_create(struct ifnet *ifp) { return (struct if_percpuq *)ifp; }

void if_percpuq_enqueue(struct if_percpuq *q, struct mbuf *m)
{
	uint8_t flat[EMU_FRAME_MAX + 64];
	uint32_t off = 0, fl = 0;
	struct mbuf *n;

	(void)q;
	for (n = m; n != NULL; n = n->m_next) {
		if (off + (uint32_t)n->m_len > sizeof(flat))
			emu_fail("received packet larger than any test frame");
		emu_memcpy(flat + off, n->m_data, (size_t)n->m_len);
		off += (uint32_t)n->m_len;
	}
	if (off != (uint32_t)m->m_pkthdr.len)
		emu_fail("m_pkthdr.len %d != chain length %u", m->m_pkthdr.len, off);
	if (m->m_pkthdr.csum_flags & (M_CSUM_UDPv4 | M_CSUM_TCPv4))
		fl |= (m->m_pkthdr.csum_flags & M_CSUM_TCP_UDP_BAD) ? EMU_RX_CSUM_BAD : EMU_RX_CSUM_GOOD;
	if (m->m_pkthdr.csum_flags & M_CSUM_IPv4_BAD)
		fl |= EMU_RX_CSUM_BAD;
	if (vlan_has_tag(m))
		fl |= EMU_RX_VLAN;
	emu_rx_record(flat, off, fl);
	m_freem(m);
}

void if_statinc(struct ifnet *ifp, if_stat_t s) { (void)ifp; (void)s; }
void if_statadd(struct ifnet *ifp, if_stat_t s, uint64_t v) { (void)ifp; (void)s; (void)v; }
void ether_ifattach(struct ifnet *ifp, const uint8_t *a) { (void)ifp; (void)a; }
void ether_ifdetach(struct ifnet *ifp) { (void)ifp; }
int ether_ioctl(struct ifnet *ifp, u_long c, void *d) { (void)ifp; (void)c; (void)d; return 0; }
void bpf_mtap(struct ifnet *ifp, struct mbuf *m, bpf_direction_t d) { (void)ifp; (void)m; (void)d; }

/* pci(9), pci_intr(9) */
pcireg_t pci_mapreg_type(pci_chipset_tag_t pc, pcitag_t t, int r) { (void)pc; (void)t; (void)r; return PCI_MAPREG_TYPE_MEM; }

int pci_mapreg_map(const struct pci_attach_args *pa, int reg, pcireg_t type, int flags,
    bus_space_tag_t *t, bus_space_handle_t *h, bus_addr_t *base, bus_size_t *size)
{
	(void)pa; (void)reg; (void)type; (void)flags;
	if (emu_fail_step("mmio"))
		return ENXIO;
	*t = (bus_space_tag_t)(uintptr_t)0x1;
	*h = 0;
	if (base)
		*base = 0;
	if (size)
		*size = 0x20000;
	return 0;
}

int pci_dma64_available(const struct pci_attach_args *pa) { (void)pa; return 1; }

/* pci_intr_alloc(9): MSI-X (a table of 2+), MSI (1 message), INTx, from max down */
int pci_intr_alloc(const struct pci_attach_args *pa, pci_intr_handle_t **ihps, int *counts,
    pci_intr_type_t max)
{
	int t, n, i;

	(void)pa;
	if (emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("pci_intr_alloc with interrupts already allocated");
	for (t = (int)max; t >= 0; t--) {
		if (counts == NULL || counts[t] <= 0)
			continue;
		n = emu_intr_alloc(t == PCI_INTR_TYPE_MSIX ? EMU_INTR_MSIX :
		    t == PCI_INTR_TYPE_MSI ? EMU_INTR_MSI : EMU_INTR_INTX,
		    t == PCI_INTR_TYPE_MSIX ? counts[t] : 1);
		if (n == 0)
			continue;
		for (i = 0; i < PCI_INTR_TYPE_SIZE; i++)
			counts[i] = i == t ? n : 0;
		for (i = 0; i < n && i < EMU_NVEC; i++)
			emu_ihs[i] = (pci_intr_handle_t)t | (pci_intr_handle_t)i << 8;
		emu_nihs = n;
		*ihps = emu_ihs;
		return 0;
	}
	return ENXIO;
}

void pci_intr_release(pci_chipset_tag_t pc, pci_intr_handle_t *ih, int n)
{
	int i;

	(void)pc;
	if (ih != emu_ihs || n != emu_nihs)
		emu_fail("pci_intr_release(%d) of %d handles", n, emu_nihs);
	for (i = 0; i < EMU_NVEC; i++)
		if (emu_intr_fn[i] != NULL)
			emu_fail("pci_intr_release with vector %d established", i);
	emu_nihs = 0;
	emu_intr_release();
}
pci_intr_type_t pci_intr_type(pci_chipset_tag_t pc, pci_intr_handle_t ih) { (void)pc; return (pci_intr_type_t)(ih & 0xff); }
const char *pci_intr_string(pci_chipset_tag_t pc, pci_intr_handle_t ih, char *b, size_t l)
{
	(void)pc; (void)ih;
	if (l)
		b[0] = 0;
	return b;
}

void *pci_intr_establish_xname(pci_chipset_tag_t pc, pci_intr_handle_t ih, int lvl,
    int (*fn)(void *), void *arg, const char *x)
{
	int v = (int)(ih >> 8);

	(void)pc; (void)lvl; (void)x;
	if (v >= emu_nihs)
		emu_fail("pci_intr_establish_xname: handle %d of %d", v, emu_nihs);
	if (emu_fail_step("intr"))
		return NULL;
	emu_intr_fn[v] = fn;
	emu_intr_arg[v] = arg;
	return &emu_intr_fn[v];
}

void pci_intr_disestablish(pci_chipset_tag_t pc, void *c) { (void)pc; *(int (**)(void *))c = NULL; }
int emu_intr_live(void)
{
	int v, n = emu_nihs;

	for (v = 0; v < EMU_NVEC; v++)
		n += emu_intr_fn[v] != NULL;
	return n;
}
int config_init_component(void *a, void *b, void *c) { (void)a; (void)b; (void)c; return 0; }
int config_fini_component(void *a, void *b, void *c) { (void)a; (void)b; (void)c; return 0; }

/* the "interrupt controller": run the handler, then pending soft interrupts */
int emu_service(void)
{
	int work = 0, i, again = 1;

	emu_dev_poll();
	for (i = 0; i < (emu_intr_mode() == EMU_INTR_MSIX ? emu_intr_nvec() : 1) && i < EMU_NVEC; i++) {
		if (emu_irq_take_vec((uint16_t)i) && emu_intr_fn[i] != NULL) {
			emu_irq_delivered((uint16_t)i);
			work += emu_intr_fn[i](emu_intr_arg[i]);
		}
	}
	while (again) {
		again = 0;
		for (i = 0; i < emu_nsi; i++) {
			if (emu_si[i].pending && emu_si[i].fn != NULL) {
				emu_si[i].pending = 0;
				emu_si[i].fn(emu_si[i].arg);
				again = 1;
				work++;
			}
		}
	}
	return work;
}
