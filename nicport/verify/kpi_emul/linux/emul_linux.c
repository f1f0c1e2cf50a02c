/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the Linux KPI subset in include/nicport_linux_kpi.h:
 * sk_buffs (head + page fragments) with accounting, the DMA API (identity,
 * every mapping counted until unmapped), NAPI scheduling run by the harness,
 * BQL counters, PCI/IRQ bookkeeping and devm_ resources, readl/writel to the
 * device model.
 */
#include "nicport_linux_kpi.h"
#include "emu_host.h"
#include "emul_linux.h"

#define EMU_REGS ((unsigned char *)(uintptr_t)0x40000000u)

struct net_device *emu_netdev;
static struct napi_struct *emu_napi[8];
static int emu_nnapi;
long emu_dma_maps;
struct devm { struct devm *next; void *p; };
static struct devm *emu_devm;

void emu_linux_bug(const char *w) { emu_fail("%s", w); }

void *kzalloc(size_t n, gfp_t f) { (void)f; return emu_zalloc(n, EMU_MEM); }
void kfree(const void *p) { emu_free((void *)p, EMU_MEM); }
void *kvzalloc(size_t n, gfp_t f) { (void)f; return emu_zalloc(n, EMU_MEM); }
void kvfree(const void *p) { emu_free((void *)p, EMU_MEM); }

static void *devm_add(void *p)
{
	struct devm *d = emu_zalloc(sizeof(*d), EMU_MEM);

	d->p = p;
	d->next = emu_devm;
	emu_devm = d;
	return p;
}

void *devm_kzalloc(struct device *dev, size_t n, gfp_t f) { (void)dev; (void)f; return devm_add(emu_zalloc(n, EMU_MEM)); }
void *devm_kcalloc(struct device *dev, size_t m, size_t n, gfp_t f) { (void)dev; (void)f; return devm_add(emu_zalloc(m * n, EMU_MEM)); }
void emu_devm_release(void)
{
	struct devm *d, *n;

	for (d = emu_devm; d != NULL; d = n) {
		n = d->next;
		emu_free(d->p, EMU_MEM);
		emu_free(d, EMU_MEM);
	}
	emu_devm = NULL;
}

void dev_err(const struct device *d, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

void dev_warn(const struct device *d, const char *fmt, ...) { (void)d; (void)fmt; }
void dev_info(const struct device *d, const char *fmt, ...) { (void)d; (void)fmt; }
void dev_dbg(const struct device *d, const char *fmt, ...) { (void)d; (void)fmt; }
void netdev_info(const struct net_device *d, const char *fmt, ...) { (void)d; (void)fmt; }

u32 readl(const volatile void *a) { return emu_mmio_read((u32)((const volatile unsigned char *)a - EMU_REGS)); }
void writel(u32 v, volatile void *a) { emu_mmio_write((u32)((volatile unsigned char *)a - EMU_REGS), v); }
u32 ioread32(const void *a) { return readl(a); }
void iowrite32(u32 v, void *a) { writel(v, a); }
/* the model decodes 32-bit registers: narrower accesses use the aligned word */
static const volatile unsigned char *emu_word(const volatile void *a)
{
	return (const volatile unsigned char *)((unsigned long)a & ~3UL);
}
u8 ioread8(const void *a) { return (u8)(readl(emu_word(a)) >> (8 * ((unsigned long)a & 3))); }
u16 ioread16(const void *a) { return (u16)(readl(emu_word(a)) >> (8 * ((unsigned long)a & 2))); }
void iowrite8(u8 v, void *a)
{
	unsigned int sh = 8 * ((unsigned long)a & 3);

	writel((readl(emu_word(a)) & ~(0xffU << sh)) | (u32)v << sh, (volatile void *)emu_word(a));
}
void iowrite16(u16 v, void *a)
{
	unsigned int sh = 8 * ((unsigned long)a & 2);

	writel((readl(emu_word(a)) & ~(0xffffU << sh)) | (u32)v << sh, (volatile void *)emu_word(a));
}
/* configuration space and BARs of the presented function (emu_host.h); all ones / none otherwise */
int pci_read_config_dword(const struct pci_dev *p, int o, u32 *v)
{
	(void)p;
	if (o < 0 || (o & 3))
		emu_fail("pci_read_config_dword(%d): unaligned", o);
	*v = emu_pci_cfg_read32((u32)o);
	return 0;
}
u64 pci_resource_len(const struct pci_dev *p, int bar) { (void)p; return emu_pci_bar_len(bar); }
const char *dev_driver_string(const struct device *d) { (void)d; return "nicport-emul"; }
u64 lo_hi_readq(const volatile void *a) { return readl(a) | (u64)readl((const volatile unsigned char *)a + 4) << 32; }
void lo_hi_writeq(u64 v, volatile void *a) { writel((u32)v, a); writel((u32)(v >> 32), (volatile unsigned char *)a + 4); }

dma_addr_t dma_map_single(struct device *d, void *p, size_t n, enum dma_data_direction dir)
{
	(void)d; (void)n; (void)dir;
	emu_dma_maps++;
	return (dma_addr_t)(uintptr_t)p;
}

void dma_unmap_single(struct device *d, dma_addr_t a, size_t n, enum dma_data_direction dir)
{
	(void)d; (void)a; (void)n; (void)dir;
	if (--emu_dma_maps < 0)
		emu_fail("more DMA unmaps than maps");
}

void dma_unmap_page(struct device *d, dma_addr_t a, size_t n, enum dma_data_direction dir) { dma_unmap_single(d, a, n, dir); }
int dma_mapping_error(struct device *d, dma_addr_t a) { (void)d; return a == 0; }
void *dma_alloc_coherent(struct device *d, size_t n, dma_addr_t *h, gfp_t f)
{
	void *p = emu_zalloc(n, EMU_DMA);

	(void)d; (void)f;
	*h = (dma_addr_t)(uintptr_t)p;
	return p;
}

void dma_free_coherent(struct device *d, size_t n, void *p, dma_addr_t h) { (void)d; (void)n; (void)h; emu_free(p, EMU_DMA); }
void dma_sync_single_for_cpu(struct device *d, dma_addr_t a, size_t n, enum dma_data_direction dir) { (void)d; (void)a; (void)n; (void)dir; }
void dma_sync_single_for_device(struct device *d, dma_addr_t a, size_t n, enum dma_data_direction dir) { (void)d; (void)a; (void)n; (void)dir; }
int dma_set_mask_and_coherent(struct device *d, u64 m) { (void)d; (void)m; return 0; }
dma_addr_t skb_frag_dma_map(struct device *d, const skb_frag_t *f, size_t off, size_t n, enum dma_data_direction dir)
{
	(void)d; (void)n; (void)dir;
	emu_dma_maps++;
	return (dma_addr_t)(uintptr_t)((unsigned char *)f->va + f->off + off);
}

/* sk_buffs: struct EMU_PKT, head and fragment pages EMU_BUF */
struct sk_buff *emu_skb_alloc(unsigned int size)
{
	struct sk_buff *s = emu_zalloc(sizeof(*s), EMU_PKT);

	s->head = s->data = emu_zalloc(size + 64, EMU_BUF);
	return s;
}

struct sk_buff *netdev_alloc_skb_ip_align(struct net_device *d, unsigned int size)
{
	struct sk_buff *s = emu_skb_alloc(size + NET_IP_ALIGN);

	s->data += NET_IP_ALIGN;
	s->dev = d;
	return s;
}

void *skb_put(struct sk_buff *s, unsigned int n)
{
	void *t = s->data + s->len;

	s->len += n;
	return t;
}

void dev_kfree_skb_any(struct sk_buff *s)
{
	int i;

	for (i = 0; i < s->shinfo.nr_frags; i++)
		emu_free(s->shinfo.frags[i].va, EMU_BUF);
	emu_free(s->head, EMU_BUF);
	emu_free(s, EMU_PKT);
}

void napi_consume_skb(struct sk_buff *s, int budget) { (void)budget; dev_kfree_skb_any(s); }

__be16 eth_type_trans(struct sk_buff *s, struct net_device *d)
{
	s->dev = d;
	s->mac = s->data;
	s->data += ETH_HLEN;
	s->len -= ETH_HLEN;
	return (__be16)(s->mac[12] << 8 | s->mac[13]);
}

void napi_gro_receive(struct napi_struct *n, struct sk_buff *s)
{
	uint32_t fl = 0;

	(void)n;
	if (s->ip_summed == CHECKSUM_UNNECESSARY)
		fl |= EMU_RX_CSUM_GOOD;
	if (s->vlan_present)
		fl |= EMU_RX_VLAN;
	emu_rx_record(s->mac, s->len + ETH_HLEN, fl);
	dev_kfree_skb_any(s);
}

/* net_device, NAPI */
void netdev_tx_reset_queue(struct netdev_queue *q) { emu_bql_check(q); q->bql_sent = q->bql_done = 0; }
void netif_tx_start_all_queues(struct net_device *d) { int i; for (i = 0; i < 8; i++) d->txq[i].stopped = 0; }
void netif_tx_stop_all_queues(struct net_device *d) { int i; for (i = 0; i < 8; i++) d->txq[i].stopped = 1; }
void netif_napi_add(struct net_device *d, struct napi_struct *n, int (*poll)(struct napi_struct *, int))
{
	(void)d;
	n->poll = poll;
	emu_napi[emu_nnapi++] = n;
}

void netif_napi_del(struct napi_struct *n) { n->poll = NULL; }
void napi_enable(struct napi_struct *n) { n->enabled = 1; }
void napi_disable(struct napi_struct *n) { n->enabled = 0; }
void napi_schedule(struct napi_struct *n) { if (n->enabled) n->scheduled = 1; }
bool napi_complete_done(struct napi_struct *n, int done) { (void)done; n->scheduled = 0; return true; }
int eth_validate_addr(struct net_device *d) { (void)d; return 0; }
int eth_mac_addr(struct net_device *d, void *a) { (void)d; (void)a; return 0; }
bool is_valid_ether_addr(const u8 *a) { return !(a[0] & 1) && (a[0] | a[1] | a[2] | a[3] | a[4] | a[5]); }
void eth_hw_addr_set(struct net_device *d, const u8 *a) { emu_memcpy(d->dev_addr, a, ETH_ALEN); }
void eth_hw_addr_random(struct net_device *d) { static const u8 r[6] = { 2, 0, 0, 0, 0, 1 }; emu_memcpy(d->dev_addr, r, 6); }
int netif_set_real_num_tx_queues(struct net_device *d, unsigned int n) { (void)d; (void)n; return 0; }
int netif_set_real_num_rx_queues(struct net_device *d, unsigned int n) { (void)d; (void)n; return 0; }
int register_netdev(struct net_device *d) { emu_netdev = d; return 0; }
void unregister_netdev(struct net_device *d) { if (d->carrier) d->netdev_ops->ndo_stop(d); emu_netdev = NULL; }

struct net_device *devm_alloc_etherdev_mqs(struct device *dev, int priv, unsigned int tx, unsigned int rx)
{
	struct net_device *d = devm_kzalloc(dev, sizeof(*d) + (size_t)priv + 64, 0);

	(void)tx; (void)rx;
	d->priv = (void *)(((uintptr_t)(d + 1) + 63) & ~(uintptr_t)63);
	emu_memcpy(d->name, "eth0", 5);
	return d;
}

/* PCI, IRQs */
static void __iomem *emu_iomap[6] = { EMU_REGS, EMU_REGS, EMU_REGS, EMU_REGS, EMU_REGS, EMU_REGS };
int pcim_enable_device(struct pci_dev *p) { (void)p; return 0; }
int pcim_iomap_regions(struct pci_dev *p, int m, const char *n) { (void)p; (void)m; (void)n; return 0; }
void __iomem *const *pcim_iomap_table(struct pci_dev *p) { (void)p; return emu_iomap; }
void pci_set_master(struct pci_dev *p) { (void)p; }
static unsigned int emu_irq_types;
void emu_set_irq_types(unsigned int t) { emu_irq_types = t; }
/* handlers by vector: Linux IRQ numbers 10 + vector (pci_irq_vector) */
#define EMU_NVEC 4
static irqreturn_t (*emu_vec_fn[EMU_NVEC])(int, void *);
static void *emu_vec_arg[EMU_NVEC];

/* pci_alloc_irq_vectors: MSI-X (a table of 2+), MSI (1), INTx, the first type allowed */
int pci_alloc_irq_vectors(struct pci_dev *p, unsigned int mn, unsigned int mx, unsigned int type)
{
	int n;

	(void)p;
	if (emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("pci_alloc_irq_vectors with vectors already allocated");
	if ((type & PCI_IRQ_MSIX) && (emu_irq_types & PCI_IRQ_MSIX)) {
		n = emu_intr_alloc(EMU_INTR_MSIX, (int)mx);
		if (n >= (int)mn)
			return n;
		if (n != 0)
			emu_intr_release();
	}
	if ((type & PCI_IRQ_MSI) && (emu_irq_types & PCI_IRQ_MSI) && mn <= 1)
		return emu_intr_alloc(EMU_INTR_MSI, 1);
	if ((type & PCI_IRQ_LEGACY) && (emu_irq_types & PCI_IRQ_LEGACY) && mn <= 1)
		return emu_intr_alloc(EMU_INTR_INTX, 1);
	return -28;
}

void pci_free_irq_vectors(struct pci_dev *p)
{
	int v;

	(void)p;
	for (v = 0; v < EMU_NVEC; v++)
		if (emu_vec_fn[v] != NULL)
			emu_fail("pci_free_irq_vectors with vector %d still requested", v);
	if (emu_intr_mode() != EMU_INTR_NONE)
		emu_intr_release();
}

int pci_irq_vector(struct pci_dev *p, unsigned int n) { (void)p; return 10 + (int)n; }
unsigned int num_online_cpus(void) { return 1; }
int request_irq(unsigned int irq, irqreturn_t (*fn)(int, void *), unsigned long f, const char *n, void *arg)
{
	int v = (int)irq - 10;

	(void)f; (void)n;
	if (v < 0 || v >= EMU_NVEC || v >= (emu_intr_nvec() ? emu_intr_nvec() : 1))
		emu_fail("request_irq(%u): not an allocated vector", irq);
	if (emu_vec_fn[v] != NULL)
		emu_fail("request_irq(%u) twice", irq);
	emu_vec_fn[v] = fn;
	emu_vec_arg[v] = arg;
	return 0;
}

void free_irq(unsigned int irq, void *arg)
{
	int v = (int)irq - 10;

	if (v < 0 || v >= EMU_NVEC || emu_vec_fn[v] == NULL || emu_vec_arg[v] != arg)
		emu_fail("free_irq(%u) of an IRQ not requested with this cookie", irq);
	emu_vec_fn[v] = NULL;
}

void emu_service(void)
{
	int i, spins;

	emu_dev_poll();
	for (i = 0; i < (emu_intr_mode() == EMU_INTR_MSIX ? emu_intr_nvec() : 1) && i < EMU_NVEC; i++) {
		if (emu_irq_take_vec((uint16_t)i) && emu_vec_fn[i] != NULL) {
			emu_irq_delivered((uint16_t)i);
			(void)emu_vec_fn[i](10 + i, emu_vec_arg[i]);
		}
	}
	for (i = 0; i < emu_nnapi; i++)
		for (spins = 0; emu_napi[i]->scheduled && spins < 100; spins++)
			if (emu_napi[i]->poll(emu_napi[i], 64) >= 64)
				emu_napi[i]->scheduled = 1;
}

void emu_bql_check(struct netdev_queue *q)
{
	if (q->bql_sent != q->bql_done)
		emu_fail("BQL: %llu bytes sent, %llu completed", (unsigned long long)q->bql_sent,
		    (unsigned long long)q->bql_done);
}
