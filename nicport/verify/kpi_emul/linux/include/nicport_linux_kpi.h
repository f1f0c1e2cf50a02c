/*
 * nicport L2 test support -- NOT part of any generated driver, NOT Linux's headers.
 *
 * Host-side stand-ins for the Linux 6.1 kernel API subset the generated
 * adapter uses (sk_buff, net_device, NAPI, BQL, the DMA API, PCI, IRQs), so
 * that the adapter's TX/RX paths can run in a test process.  L1 compiles the
 * adapter against Debian's real kernel headers; L3 runs it in a real kernel.
 * Every <linux/...> / <net/...> header the adapter includes maps to this file.
 */
#ifndef NICPORT_EMU_LINUX_KPI_H
#define NICPORT_EMU_LINUX_KPI_H
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef uint16_t __be16;
typedef uint64_t dma_addr_t;
typedef uint64_t netdev_features_t;
typedef unsigned int gfp_t;

#define __iomem
#define __maybe_unused __attribute__((__unused__))
#define __acquires(x)
#define __releases(x)
#define BIT(n) (1UL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define container_of(p, t, m) ((t *)((char *)(p) - offsetof(t, m)))
#define PAGE_SIZE 4096
#define EIO 5
#define ENOMEM 12
#define EOPNOTSUPP 95
#define GFP_KERNEL 0u
#define htons(x) __builtin_bswap16(x)
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dma_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
int snprintf(char *, size_t, const char *, ...);

/* module, printk */
#define MODULE_DEVICE_TABLE(t, n)
#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
struct va_format { const char *fmt; va_list *va; };

/* devices, memory */
struct device { int unused; };
void *kzalloc(size_t, gfp_t);
void kfree(const void *);
void *kvzalloc(size_t, gfp_t);
void kvfree(const void *);
void *devm_kcalloc(struct device *, size_t, size_t, gfp_t);
void *devm_kzalloc(struct device *, size_t, gfp_t);
void dev_err(const struct device *, const char *, ...);
void dev_warn(const struct device *, const char *, ...);
void dev_info(const struct device *, const char *, ...);
void dev_dbg(const struct device *, const char *, ...);

/* spinlocks */
typedef struct { int held; } spinlock_t;
#define spin_lock_init(l) ((l)->held = 0)
#define spin_lock_irqsave(l, f) do { if ((l)->held++) emu_linux_bug("spinlock recursion"); (f) = 1; } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(f); (l)->held--; } while (0)
void emu_linux_bug(const char *);

/* MMIO */
u32 readl(const volatile void __iomem *);
void writel(u32, volatile void __iomem *);
u32 ioread32(const void __iomem *);
u8 ioread8(const void __iomem *);
u16 ioread16(const void __iomem *);
void iowrite8(u8, void __iomem *);
void iowrite16(u16, void __iomem *);
void iowrite32(u32, void __iomem *);
u64 lo_hi_readq(const volatile void __iomem *);
void lo_hi_writeq(u64, volatile void __iomem *);

/* DMA API */
enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2 };
#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
dma_addr_t dma_map_single(struct device *, void *, size_t, enum dma_data_direction);
void dma_unmap_single(struct device *, dma_addr_t, size_t, enum dma_data_direction);
void dma_unmap_page(struct device *, dma_addr_t, size_t, enum dma_data_direction);
int dma_mapping_error(struct device *, dma_addr_t);
void *dma_alloc_coherent(struct device *, size_t, dma_addr_t *, gfp_t);
void dma_free_coherent(struct device *, size_t, void *, dma_addr_t);
void dma_sync_single_for_cpu(struct device *, dma_addr_t, size_t, enum dma_data_direction);
void dma_sync_single_for_device(struct device *, dma_addr_t, size_t, enum dma_data_direction);
int dma_set_mask_and_coherent(struct device *, u64);

/* u64_stats */
struct u64_stats_sync { unsigned int seq; };
#define u64_stats_init(s) ((s)->seq = 0)
#define u64_stats_update_begin(s) ((s)->seq++)
#define u64_stats_update_end(s) ((s)->seq++)
#define u64_stats_fetch_begin(s) ((s)->seq)
#define u64_stats_fetch_retry(s, st) ((s)->seq != (st))

/* sk_buff */
#define MAX_SKB_FRAGS 17
#define CHECKSUM_NONE 0
#define CHECKSUM_UNNECESSARY 1
#define CHECKSUM_COMPLETE 2
#define CHECKSUM_PARTIAL 3
enum pkt_hash_types { PKT_HASH_TYPE_NONE, PKT_HASH_TYPE_L2, PKT_HASH_TYPE_L3, PKT_HASH_TYPE_L4 };
typedef struct { void *va; u32 off; u32 size; } skb_frag_t;
struct skb_shared_info { u8 nr_frags; u16 gso_size; u16 gso_segs; skb_frag_t frags[MAX_SKB_FRAGS]; };
struct net_device;
struct sk_buff {
	unsigned char *head, *data, *mac;
	unsigned int len, data_len, truesize;
	u16 queue_mapping, protocol, vlan_proto, vlan_tci;
	u8 ip_summed, vlan_present, l4_hash;
	u16 network_header, transport_header;
	u32 hash;
	struct net_device *dev;
	struct skb_shared_info shinfo;
};
#define skb_shinfo(skb) (&(skb)->shinfo)
static inline unsigned int skb_headlen(const struct sk_buff *s) { return s->len - s->data_len; }
static inline unsigned int skb_frag_size(const skb_frag_t *f) { return f->size; }
static inline u16 skb_get_queue_mapping(const struct sk_buff *s) { return s->queue_mapping; }
static inline int skb_is_gso(const struct sk_buff *s) { return s->shinfo.gso_size != 0; }
static inline int skb_network_offset(const struct sk_buff *s) { return s->network_header; }
static inline int skb_network_header_len(const struct sk_buff *s) { return s->transport_header - s->network_header; }
static inline int skb_vlan_tag_present(const struct sk_buff *s) { return s->vlan_present; }
static inline u16 skb_vlan_tag_get(const struct sk_buff *s) { return s->vlan_tci; }
static inline void skb_record_rx_queue(struct sk_buff *s, u16 q) { s->queue_mapping = q; }
static inline void skb_checksum_none_assert(const struct sk_buff *s) { (void)s; }
static inline void skb_set_hash(struct sk_buff *s, u32 h, enum pkt_hash_types t) { s->hash = h; s->l4_hash = t == PKT_HASH_TYPE_L4; }
static inline void __vlan_hwaccel_put_tag(struct sk_buff *s, __be16 p, u16 t) { s->vlan_proto = p; s->vlan_tci = t; s->vlan_present = 1; }
void *skb_put(struct sk_buff *, unsigned int);
dma_addr_t skb_frag_dma_map(struct device *, const skb_frag_t *, size_t, size_t, enum dma_data_direction);
void dev_kfree_skb_any(struct sk_buff *);
void napi_consume_skb(struct sk_buff *, int);
struct sk_buff *netdev_alloc_skb_ip_align(struct net_device *, unsigned int);
#define NET_IP_ALIGN 2

/* headers */
#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_ZLEN 60
#define ETH_FCS_LEN 4
#define ETH_MIN_MTU 68
#define VLAN_HLEN 4
#define ETH_P_IP 0x0800
#define ETH_P_8021Q 0x8100
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
struct iphdr { u8 ihl_version, tos; u16 tot_len, id, frag_off; u8 ttl, protocol; u16 check; u32 saddr, daddr; };
struct ipv6hdr { u32 vtc_flow; u16 payload_len; u8 nexthdr, hop_limit; u8 saddr[16], daddr[16]; };
struct udphdr { u16 source, dest, len, check; };
static inline struct iphdr *ip_hdr(const struct sk_buff *s) { return (struct iphdr *)(s->data + s->network_header); }
static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *s) { return (struct ipv6hdr *)(s->data + s->network_header); }
static inline unsigned int tcp_hdrlen(const struct sk_buff *s) { return (unsigned int)((s->data[s->transport_header + 12] >> 4) * 4); }
static inline __be16 vlan_get_protocol(const struct sk_buff *s) { return s->protocol; }

/* net_device, NAPI, BQL */
#define IFNAMSIZ 16
#define NETIF_F_SG BIT(0)
#define NETIF_F_IP_CSUM BIT(1)
#define NETIF_F_IPV6_CSUM BIT(4)
#define NETIF_F_HW_VLAN_CTAG_TX BIT(7)
#define NETIF_F_HW_VLAN_CTAG_RX BIT(8)
#define NETIF_F_TSO BIT(16)
#define NETIF_F_TSO6 BIT(19)
#define NETIF_F_RXCSUM BIT(32)
#define NETIF_F_RXHASH BIT(33)
typedef enum { NETDEV_TX_OK = 0, NETDEV_TX_BUSY = 16 } netdev_tx_t;
struct rtnl_link_stats64 { u64 rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped; };
struct net_device_ops {
	int (*ndo_open)(struct net_device *);
	int (*ndo_stop)(struct net_device *);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *, struct net_device *);
	void (*ndo_get_stats64)(struct net_device *, struct rtnl_link_stats64 *);
	int (*ndo_set_features)(struct net_device *, netdev_features_t);
	int (*ndo_validate_addr)(struct net_device *);
	int (*ndo_set_mac_address)(struct net_device *, void *);
};
struct netdev_queue { int stopped; u64 bql_sent, bql_done; };
struct napi_struct { int (*poll)(struct napi_struct *, int); int scheduled, enabled; };
struct net_device {
	char name[IFNAMSIZ];
	netdev_features_t features, hw_features, vlan_features;
	unsigned int min_mtu, max_mtu;
	const struct net_device_ops *netdev_ops;
	u8 dev_addr[ETH_ALEN];
	struct netdev_queue txq[8];
	int carrier;
	void *priv;
};
static inline void *netdev_priv(const struct net_device *d) { return d->priv; }
static inline struct netdev_queue *netdev_get_tx_queue(const struct net_device *d, unsigned int i) { return (struct netdev_queue *)&d->txq[i]; }
static inline int netif_tx_queue_stopped(const struct netdev_queue *q) { return q->stopped; }
static inline int netif_xmit_stopped(const struct netdev_queue *q) { return q->stopped; }
static inline void netif_tx_stop_queue(struct netdev_queue *q) { q->stopped = 1; }
static inline void netif_tx_wake_queue(struct netdev_queue *q) { q->stopped = 0; }
static inline int netdev_xmit_more(void) { return 0; }
static inline bool __netdev_tx_sent_queue(struct netdev_queue *q, unsigned int b, bool more) { q->bql_sent += b; return !more; }
static inline void netdev_tx_completed_queue(struct netdev_queue *q, unsigned int p, unsigned int b) { (void)p; q->bql_done += b; }
void netdev_tx_reset_queue(struct netdev_queue *);
void netif_tx_start_all_queues(struct net_device *);
void netif_tx_stop_all_queues(struct net_device *);
/* carrier changes are the Linux link reports the L2 verdict checks (emu_host.h) */
void emu_link_report(int up);
static inline void netif_carrier_on(struct net_device *d) { d->carrier = 1; emu_link_report(1); }
static inline void netif_carrier_off(struct net_device *d) { d->carrier = 0; emu_link_report(0); }
void netif_napi_add(struct net_device *, struct napi_struct *, int (*)(struct napi_struct *, int));
void netif_napi_del(struct napi_struct *);
void napi_enable(struct napi_struct *);
void napi_disable(struct napi_struct *);
void napi_schedule(struct napi_struct *);
bool napi_complete_done(struct napi_struct *, int);
void napi_gro_receive(struct napi_struct *, struct sk_buff *);
__be16 eth_type_trans(struct sk_buff *, struct net_device *);
int eth_validate_addr(struct net_device *);
int eth_mac_addr(struct net_device *, void *);
bool is_valid_ether_addr(const u8 *);
void eth_hw_addr_set(struct net_device *, const u8 *);
void eth_hw_addr_random(struct net_device *);
int netif_set_real_num_tx_queues(struct net_device *, unsigned int);
int netif_set_real_num_rx_queues(struct net_device *, unsigned int);
int register_netdev(struct net_device *);
void unregister_netdev(struct net_device *);
void netdev_info(const struct net_device *, const char *, ...);

/* PCI, IRQs */
struct pci_device_id { u32 vendor, device, subvendor, subdevice, class, class_mask; unsigned long driver_data; };
#define PCI_ANY_ID (~0u)
#define PCI_DEVICE(v, d) .vendor = (v), .device = (d), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_DEVICE_SUB(v, d, sv, sd) .vendor = (v), .device = (d), .subvendor = (sv), .subdevice = (sd)
struct pci_dev { struct device dev; unsigned int irq; void *drvdata; };
#define to_pci_dev(d) ((struct pci_dev *)((char *)(d) - offsetof(struct pci_dev, dev)))
int pci_read_config_dword(const struct pci_dev *, int, u32 *);
u64 pci_resource_len(const struct pci_dev *, int);
const char *dev_driver_string(const struct device *);
struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *, const struct pci_device_id *);
	void (*remove)(struct pci_dev *);
};
#define module_pci_driver(d) struct pci_driver *nicport_linux_driver = &(d)
#define PCI_IRQ_LEGACY 1
#define PCI_IRQ_MSI 2
#define PCI_IRQ_MSIX 4
int pcim_enable_device(struct pci_dev *);
int pcim_iomap_regions(struct pci_dev *, int, const char *);
void __iomem *const *pcim_iomap_table(struct pci_dev *);
void pci_set_master(struct pci_dev *);
static inline void pci_set_drvdata(struct pci_dev *p, void *d) { p->drvdata = d; }
static inline void *pci_get_drvdata(struct pci_dev *p) { return p->drvdata; }
int pci_alloc_irq_vectors(struct pci_dev *, unsigned int, unsigned int, unsigned int);
void pci_free_irq_vectors(struct pci_dev *);
int pci_irq_vector(struct pci_dev *, unsigned int);
unsigned int num_online_cpus(void);
typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
#define IRQF_SHARED 0x80
int request_irq(unsigned int, irqreturn_t (*)(int, void *), unsigned long, const char *, void *);
void free_irq(unsigned int, void *);
struct net_device *devm_alloc_etherdev_mqs(struct device *, int, unsigned int, unsigned int);
#define SET_NETDEV_DEV(n, d) ((void)(n), (void)(d))
#endif
