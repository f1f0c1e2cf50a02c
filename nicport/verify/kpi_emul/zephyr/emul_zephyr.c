/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the Zephyr kernel/network APIs the generated
 * Ethernet driver uses (contracts/zephyr): net_pkt with net_buf fragments and
 * reference counts, net_recv_data, k_work run by the harness, k_spinlock,
 * heap accounting, sys_read32/sys_write32 to the device model, PCIe BAR and
 * dynamic IRQ bookkeeping.
 */
#include <errno.h>
#include <zephyr/kernel.h>
#include <zephyr/cache.h>
#include <zephyr/device.h>
#include <zephyr/irq.h>
#include <zephyr/sys/barrier.h>
#include <zephyr/sys/sys_io.h>
#include <zephyr/drivers/pcie/pcie.h>
#include <zephyr/net/ethernet.h>
#include <zephyr/net/net_if.h>
#include <zephyr/net/net_pkt.h>

#include "emu_host.h"
#include "emul_zephyr.h"

#define EMU_BAR	((uintptr_t)0x10000000u)

const k_timeout_t nicport_k_no_wait = { 0 };
struct k_work *emu_work_pending[4];
void (*emu_isr)(const void *);
const void *emu_isr_arg;

struct net_if { const struct device *dev; };
struct emu_pkt { struct net_pkt pkt; int refs; };

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
	k_spinlock_key_t k = { 0 };

	if (l->locked++)
		emu_fail("k_spin_lock: recursive lock");
	return k;
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
	(void)key;
	if (l->locked-- == 0)
		emu_fail("k_spin_unlock without lock");
}

void *k_malloc(size_t n) { return emu_fail_step("alloc") ? NULL : emu_zalloc(n, EMU_MEM); }
void *k_calloc(size_t m, size_t n) { return emu_fail_step("alloc") ? NULL : emu_zalloc(m * n, EMU_MEM); }
void *k_aligned_alloc(size_t a, size_t n) { (void)a; return emu_fail_step("dma") ? NULL : emu_zalloc(n, EMU_MEM); }
void k_free(void *p) { emu_free(p, EMU_MEM); }

void k_work_init(struct k_work *w, k_work_handler_t h) { w->handler = h; w->flags = 0; }
int k_work_submit(struct k_work *w)
{
	if (w->flags)
		return 0;
	w->flags = 1;
	emu_work_pending[0] = w;
	return 1;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

void vprintk(const char *fmt, va_list ap) { emu_vlog(fmt, ap); }

uint32_t sys_read32(mm_reg_t a) { return emu_mmio_read((uint32_t)(a - EMU_BAR)); }
void sys_write32(uint32_t v, mm_reg_t a) { emu_mmio_write((uint32_t)(a - EMU_BAR), v); }
uint8_t sys_read8(mm_reg_t a) { return emu_mmio_read8((uint32_t)(a - EMU_BAR)); }
uint16_t sys_read16(mm_reg_t a) { return emu_mmio_read16((uint32_t)(a - EMU_BAR)); }
void sys_write8(uint8_t v, mm_reg_t a) { emu_mmio_write8((uint32_t)(a - EMU_BAR), v); }
void sys_write16(uint16_t v, mm_reg_t a) { emu_mmio_write16((uint32_t)(a - EMU_BAR), v); }
void barrier_dmem_fence_full(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void barrier_dsync_fence_full(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
int sys_cache_data_flush_range(void *a, size_t n) { (void)a; (void)n; return 0; }
int sys_cache_data_invd_range(void *a, size_t n) { (void)a; (void)n; return 0; }
void device_map(mm_reg_t *virt, uintptr_t phys, size_t size, uint32_t flags)
{
	(void)size; (void)flags;
	*virt = phys;
}

/* pcie_conf_read: word `reg` of the presented function's configuration space (emu_host.h) */
uint32_t pcie_conf_read(pcie_bdf_t bdf, unsigned int reg)
{
	(void)bdf;
	return emu_pci_present() ? emu_pci_cfg_read32(reg * 4u) : 0;
}
bool pcie_get_mbar(pcie_bdf_t bdf, unsigned int index, struct pcie_bar *mbar)
{
	(void)bdf; (void)index;
	if (emu_fail_step("mmio"))
		return false;
	mbar->phys_addr = EMU_BAR;
	mbar->size = 0x20000;
	return true;
}

void pcie_set_cmd(pcie_bdf_t bdf, uint32_t bits, bool on) { (void)bdf; (void)bits; (void)on; }
unsigned int pcie_alloc_irq(pcie_bdf_t bdf) { (void)bdf; return 11; }
bool pcie_connect_dynamic_irq(pcie_bdf_t bdf, unsigned int irq, unsigned int prio,
    void (*fn)(const void *), const void *arg, uint32_t flags)
{
	(void)bdf; (void)irq; (void)prio; (void)flags;
	if (emu_fail_step("intr"))
		return false;
	emu_isr = fn;
	emu_isr_arg = arg;
	return true;
}

void pcie_irq_enable(pcie_bdf_t bdf, unsigned int irq) { (void)bdf; (void)irq; }

/* network interface */
struct net_if *emu_iface_new(const struct device *dev)
{
	struct net_if *i = emu_zalloc(sizeof(*i), EMU_MEM);

	i->dev = dev;
	return i;
}

const struct device *net_if_get_device(struct net_if *i) { return i->dev; }
int net_if_set_link_addr(struct net_if *i, uint8_t *a, uint8_t l, enum net_link_type t)
{
	(void)i; (void)a; (void)l; (void)t;
	return 0;
}

void net_if_carrier_on(struct net_if *i) { (void)i; }
/* the native link reports (Zephyr's Ethernet L2 has no speed / duplex report) */
void net_eth_carrier_on(struct net_if *i) { (void)i; emu_link_report(1); }
void net_eth_carrier_off(struct net_if *i) { (void)i; emu_link_report(0); }
void ethernet_init(struct net_if *i) { (void)i; }

/* net_pkt / net_buf: packets EMU_PKT, fragments EMU_BUF */
static struct net_buf *emu_frag(uint16_t size)
{
	struct net_buf *b = emu_zalloc(sizeof(*b) + size, EMU_BUF);

	b->data = (uint8_t *)(b + 1);
	b->size = size;
	return b;
}

struct net_pkt *emu_pkt_new(void)
{
	struct emu_pkt *p = emu_zalloc(sizeof(*p), EMU_PKT);

	p->refs = 1;
	return &p->pkt;
}

void emu_pkt_append(struct net_pkt *pkt, const uint8_t *d, uint16_t len)
{
	struct net_buf *b = emu_frag(len), **pp;

	emu_memcpy(b->data, d, len);
	b->len = len;
	for (pp = &pkt->buffer; *pp != NULL; pp = &(*pp)->frags)
		;
	*pp = b;
}

size_t net_pkt_get_len(struct net_pkt *pkt)
{
	size_t n = 0;
	struct net_buf *b;

	for (b = pkt->buffer; b != NULL; b = b->frags)
		n += b->len;
	return n;
}

struct net_pkt *net_pkt_rx_alloc_with_buffer(struct net_if *i, size_t size, int fam, int proto,
    k_timeout_t t)
{
	struct net_pkt *pkt = emu_pkt_new();

	(void)i; (void)fam; (void)proto; (void)t;
	pkt->buffer = emu_frag((uint16_t)size);
	return pkt;
}

int net_pkt_write(struct net_pkt *pkt, const void *data, size_t len)
{
	struct net_buf *b = pkt->buffer;

	if (b == NULL || b->len + len > b->size)
		return -ENOMEM;
	emu_memcpy(b->data + b->len, data, len);
	b->len = (uint16_t)(b->len + len);
	return 0;
}

struct net_pkt *net_pkt_ref(struct net_pkt *pkt)
{
	((struct emu_pkt *)pkt)->refs++;
	return pkt;
}

void net_pkt_unref(struct net_pkt *pkt)
{
	struct emu_pkt *p = (struct emu_pkt *)pkt;
	struct net_buf *b, *n;

	if (p->refs <= 0)
		emu_fail("net_pkt_unref on a dead packet");
	if (--p->refs)
		return;
	for (b = pkt->buffer; b != NULL; b = n) {
		n = b->frags;
		emu_free(b, EMU_BUF);
	}
	emu_free(p, EMU_PKT);
}

static uint16_t emu_vtag;
uint16_t net_pkt_vlan_tag(struct net_pkt *pkt) { (void)pkt; return emu_vtag; }
void net_pkt_set_vlan_tag(struct net_pkt *pkt, uint16_t tag) { (void)pkt; emu_vtag = tag; }

int net_recv_data(struct net_if *i, struct net_pkt *pkt)
{
	uint8_t flat[EMU_FRAME_MAX + 64];
	uint32_t off = 0;
	struct net_buf *b;

	(void)i;
	for (b = pkt->buffer; b != NULL; b = b->frags) {
		if (off + b->len > sizeof(flat))
			emu_fail("received packet larger than any test frame");
		emu_memcpy(flat + off, b->data, b->len);
		off += b->len;
	}
	emu_rx_record(flat, off, 0);
	net_pkt_unref(pkt);	/* the stack consumed it */
	return 0;
}

int emu_intr_live(void) { return emu_isr != NULL; }

void emu_service(void)
{
	struct k_work *w;

	emu_dev_poll();
	if (emu_irq_take() && emu_isr != NULL) {
		emu_irq_delivered(0);
		emu_isr(emu_isr_arg);
	}
	while ((w = emu_work_pending[0]) != NULL) {
		emu_work_pending[0] = NULL;
		w->flags = 0;
		w->handler(w);
	}
}
