/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the illumos DDI/DKI + GLDv3 subset the
 * generated adapter uses (contracts/illumos): mblk_t chains with allocb /
 * freemsg accounting, ddi_dma_* handles with identity cookies, ddi_get32 /
 * ddi_put32 to the device model, ddi_intr_* bookkeeping, mac_register /
 * mac_rx / mac_tx_update, module linkage.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/cmn_err.h>
#include <sys/conf.h>
#include <sys/ddi.h>
#include <sys/kmem.h>
#include <sys/modctl.h>
#include <sys/stream.h>
#include <sys/strsun.h>
#include <sys/sunddi.h>
#include <sys/mac_provider.h>
#include <sys/mac_ether.h>

#include "emu_host.h"
#include "emul_illumos.h"

#define EMU_REGS	((caddr_t)(uintptr_t)0x20000000u)

struct dev_info { void *priv; };
struct mod_ops { int unused; };
struct mod_ops mod_driverops;
struct __ddi_dma_handle { void *mem; size_t len; int kind; };
struct __ddi_acc_handle { int unused; };
struct __ddi_intr_handle { ddi_intr_handler_t *fn; void *a1; void *a2; int enabled; int allocated; };

mac_handle_t emu_mh;
struct dev_ops *emu_devops;
#define EMU_NVEC 4
static struct __ddi_intr_handle emu_ih[EMU_NVEC];
static int emu_nih;
static struct __ddi_acc_handle emu_regs_acc;
int emu_tx_updates;

int nulldev() { return 0; }
int nodev() { return -1; }
int ddi_quiesce_not_supported(dev_info_t *d) { (void)d; return DDI_FAILURE; }

void cmn_err(int l, const char *fmt, ...)
{
	va_list ap;

	(void)l;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

void vcmn_err(int l, const char *fmt, va_list ap) { (void)l; emu_vlog(fmt, ap); }
void dev_err(dev_info_t *d, int l, const char *fmt, ...) { (void)d; (void)l; (void)fmt; }

void *kmem_zalloc(size_t n, int f)
{
	if (f == KM_NOSLEEP && emu_fail_step("alloc"))
		return NULL;
	return emu_zalloc(n, EMU_MEM);
}
void kmem_free(void *p, size_t n) { (void)n; emu_free(p, EMU_MEM); }
void membar_enter(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void membar_exit(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void membar_producer(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void membar_consumer(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

void mutex_init(kmutex_t *m, char *n, kmutex_type_t t, void *a) { (void)n; (void)t; (void)a; m->_opaque[0] = 0; }
void mutex_destroy(kmutex_t *m) { (void)m; }
void mutex_enter(kmutex_t *m)
{
	if (m->_opaque[0] != 0)
		emu_fail("mutex_enter: recursive");
	m->_opaque[0] = m;
}

void mutex_exit(kmutex_t *m)
{
	if (m->_opaque[0] == 0)
		emu_fail("mutex_exit without mutex_enter");
	m->_opaque[0] = 0;
}

dev_info_t *emu_dip_new(void) { return emu_zalloc(sizeof(struct dev_info), EMU_MEM); }
void *ddi_get_driver_private(dev_info_t *d) { return d->priv; }
void ddi_set_driver_private(dev_info_t *d, void *p) { d->priv = p; }
int ddi_get_instance(dev_info_t *d) { (void)d; return 0; }
const char *ddi_driver_name(dev_info_t *d) { (void)d; return "nicport"; }

int ddi_regs_map_setup(dev_info_t *d, uint_t r, caddr_t *a, offset_t o, offset_t l,
    const ddi_device_acc_attr_t *at, ddi_acc_handle_t *h)
{
	(void)d; (void)r; (void)o; (void)l; (void)at;
	if (emu_fail_step("mmio"))
		return DDI_FAILURE;
	*a = EMU_REGS;
	*h = &emu_regs_acc;
	return DDI_SUCCESS;
}

void ddi_regs_map_free(ddi_acc_handle_t *h) { *h = NULL; }
uint32_t ddi_get32(ddi_acc_handle_t h, uint32_t *a) { (void)h; return emu_mmio_read((uint32_t)((caddr_t)a - EMU_REGS)); }
void ddi_put32(ddi_acc_handle_t h, uint32_t *a, uint32_t v) { (void)h; emu_mmio_write((uint32_t)((caddr_t)a - EMU_REGS), v); }
uint8_t ddi_get8(ddi_acc_handle_t h, uint8_t *a) { (void)h; return emu_mmio_read8((uint32_t)((caddr_t)a - EMU_REGS)); }
uint16_t ddi_get16(ddi_acc_handle_t h, uint16_t *a) { (void)h; return emu_mmio_read16((uint32_t)((caddr_t)a - EMU_REGS)); }
void ddi_put8(ddi_acc_handle_t h, uint8_t *a, uint8_t v) { (void)h; emu_mmio_write8((uint32_t)((caddr_t)a - EMU_REGS), v); }
void ddi_put16(ddi_acc_handle_t h, uint16_t *a, uint16_t v) { (void)h; emu_mmio_write16((uint32_t)((caddr_t)a - EMU_REGS), v); }

int ddi_dma_alloc_handle(dev_info_t *d, const ddi_dma_attr_t *at, int (*w)(caddr_t), caddr_t a,
    ddi_dma_handle_t *h)
{
	(void)d; (void)at; (void)w; (void)a;
	*h = emu_zalloc(sizeof(**h), EMU_DMA);
	return DDI_SUCCESS;
}

void ddi_dma_free_handle(ddi_dma_handle_t *h) { emu_free(*h, EMU_DMA); *h = NULL; }

int ddi_dma_mem_alloc(ddi_dma_handle_t h, size_t len, const ddi_device_acc_attr_t *at, uint_t f,
    int (*w)(caddr_t), caddr_t a, caddr_t *kaddr, size_t *real, ddi_acc_handle_t *acc)
{
	(void)at; (void)f; (void)w; (void)a;
	if (emu_fail_step("dma"))
		return DDI_FAILURE;
	h->mem = emu_zalloc(len, EMU_BUF);
	h->len = len;
	*kaddr = h->mem;
	*real = len;
	*acc = (ddi_acc_handle_t)h;
	return h->mem ? DDI_SUCCESS : DDI_FAILURE;
}

void ddi_dma_mem_free(ddi_acc_handle_t *acc)
{
	struct __ddi_dma_handle *h = (struct __ddi_dma_handle *)*acc;

	emu_free(h->mem, EMU_BUF);
	h->mem = NULL;
}

int ddi_dma_addr_bind_handle(ddi_dma_handle_t h, void *as, caddr_t a, size_t len, uint_t f,
    int (*w)(caddr_t), caddr_t arg, ddi_dma_cookie_t *c, uint_t *n)
{
	(void)h; (void)as; (void)f; (void)w; (void)arg;
	c->dmac_laddress = (uint64_t)(uintptr_t)a;
	c->dmac_size = len;
	*n = 1;
	return DDI_DMA_MAPPED;
}

int ddi_dma_unbind_handle(ddi_dma_handle_t h) { (void)h; return DDI_SUCCESS; }
int ddi_dma_sync(ddi_dma_handle_t h, off_t o, size_t l, uint_t w)
{
	(void)h; (void)o; (void)l; (void)w;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return DDI_SUCCESS;
}

/* ddi_intr_*(9F): the device offers FIXED, MSI (1) and MSI-X (a table of 2+) */
int ddi_intr_get_supported_types(dev_info_t *d, int *t)
{
	(void)d;
	*t = DDI_INTR_TYPE_FIXED | DDI_INTR_TYPE_MSI | DDI_INTR_TYPE_MSIX;
	return DDI_SUCCESS;
}
int ddi_intr_get_nintrs(dev_info_t *d, int t, int *n) { (void)d; *n = t == DDI_INTR_TYPE_MSIX ? 2 : 1; return DDI_SUCCESS; }
int ddi_intr_alloc(dev_info_t *d, ddi_intr_handle_t *h, int t, int i, int c, int *a, int b)
{
	int n, k;

	(void)d;
	if (emu_nih != 0 || emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("ddi_intr_alloc with interrupts already allocated");
	if (i != 0 || c < 1 || c > EMU_NVEC)
		return DDI_FAILURE;
	n = emu_intr_alloc(t == DDI_INTR_TYPE_MSIX ? EMU_INTR_MSIX : t == DDI_INTR_TYPE_MSI ?
	    EMU_INTR_MSI : EMU_INTR_INTX, t == DDI_INTR_TYPE_MSIX ? c : 1);
	if (n == 0 || (b == DDI_INTR_ALLOC_STRICT && n < c)) {
		if (n != 0)
			emu_intr_release();
		return DDI_FAILURE;
	}
	for (k = 0; k < n; k++) {
		emu_ih[k].allocated = 1;
		h[k] = &emu_ih[k];
	}
	emu_nih = n;
	*a = n;
	return DDI_SUCCESS;
}

int ddi_intr_free(ddi_intr_handle_t h)
{
	int k, left = 0;

	if (!h->allocated || h->fn != NULL)
		emu_fail("ddi_intr_free of a handle not allocated or with a handler");
	h->allocated = 0;
	for (k = 0; k < EMU_NVEC; k++)
		left += emu_ih[k].allocated;
	if (left == 0) {
		emu_nih = 0;
		emu_intr_release();
	}
	return DDI_SUCCESS;
}
int ddi_intr_get_pri(ddi_intr_handle_t h, uint_t *p) { (void)h; *p = 5; return DDI_SUCCESS; }
int ddi_intr_add_handler(ddi_intr_handle_t h, ddi_intr_handler_t fn, void *a1, void *a2)
{
	if (emu_fail_step("intr"))
		return DDI_FAILURE;
	h->fn = fn;
	h->a1 = a1;
	h->a2 = a2;
	return DDI_SUCCESS;
}

int ddi_intr_remove_handler(ddi_intr_handle_t h) { h->fn = NULL; return DDI_SUCCESS; }
int ddi_intr_enable(ddi_intr_handle_t h) { h->enabled = 1; return DDI_SUCCESS; }
int ddi_intr_disable(ddi_intr_handle_t h) { h->enabled = 0; return DDI_SUCCESS; }
int emu_intr_live(void)
{
	int k, n = 0;

	for (k = 0; k < EMU_NVEC; k++)
		n += emu_ih[k].allocated + (emu_ih[k].fn != NULL);
	return n;
}

int pci_config_setup(dev_info_t *d, ddi_acc_handle_t *h) { (void)d; *h = &emu_regs_acc; return DDI_SUCCESS; }
void pci_config_teardown(ddi_acc_handle_t *h) { *h = NULL; }
static uint16_t emu_pci_ids[2];
void emu_set_pci_id(uint16_t v, uint16_t d)
{
	/* a presented PCI function answers with its own IDs (virtio-pci modern: 0x1af4/0x1041) */
	if (emu_pci_present()) {
		uint32_t id = emu_pci_cfg_read32(0);

		v = (uint16_t)id;
		d = (uint16_t)(id >> 16);
	}
	emu_pci_ids[0] = v;
	emu_pci_ids[1] = d;
}
uint16_t pci_config_get16(ddi_acc_handle_t h, off_t o) { (void)h; return emu_pci_ids[o == 0 ? 0 : 1]; }
/* only the ID word is emulated; the rest of configuration space reads as 0 (no capabilities) */
/* pci_config_get32(9F): the presented function's configuration space (emu_host.h), else the IDs */
uint32_t pci_config_get32(ddi_acc_handle_t h, off_t o)
{
	(void)h;
	if (emu_pci_present())
		return emu_pci_cfg_read32((uint32_t)o);
	return o == 0 ? (uint32_t)emu_pci_ids[1] << 16 | emu_pci_ids[0] : 0;
}

/* STREAMS messages: mblk_t EMU_PKT with its data block EMU_BUF */
mblk_t *allocb(size_t size, uint_t pri)
{
	mblk_t *mp = emu_zalloc(sizeof(*mp), EMU_PKT);

	(void)pri;
	mp->b_datap = emu_zalloc(size + 16, EMU_BUF);
	mp->b_rptr = mp->b_wptr = (unsigned char *)mp->b_datap;
	return mp;
}

void freeb(mblk_t *mp)
{
	emu_free(mp->b_datap, EMU_BUF);
	emu_free(mp, EMU_PKT);
}

void freemsg(mblk_t *mp)
{
	mblk_t *n;

	for (; mp != NULL; mp = n) {
		n = mp->b_cont;
		freeb(mp);
	}
}

size_t msgsize(mblk_t *mp)
{
	size_t n = 0;

	for (; mp != NULL; mp = mp->b_cont)
		n += (size_t)MBLKL(mp);
	return n;
}

/* GLDv3 */
mac_register_t *mac_alloc(uint_t v) { (void)v; return emu_zalloc(sizeof(mac_register_t), EMU_MEM); }
void mac_free(mac_register_t *m) { emu_free(m, EMU_MEM); }
int mac_register(mac_register_t *m, mac_handle_t *mh)
{
	struct mac_handle *h = emu_zalloc(sizeof(*h), EMU_MEM);

	h->cb = *m->m_callbacks;
	h->driver = m->m_driver;
	h->link = LINK_STATE_UNKNOWN;
	*mh = emu_mh = h;
	return 0;
}

int mac_unregister(mac_handle_t mh) { emu_free(mh, EMU_MEM); emu_mh = NULL; return 0; }
/* the native link report; the mac layer then reads speed and duplex through mc_getstat */
void mac_link_update(mac_handle_t mh, link_state_t s)
{
	uint64_t speed = 0, duplex = 0;

	if (s == mh->link)
		return;		/* mac_link_update(9F) ignores a repeated state */
	mh->link = s;
	emu_link_report(s == LINK_STATE_UP);
	if (s != LINK_STATE_UP)
		return;
	if (mh->cb.mc_getstat(mh->driver, MAC_STAT_IFSPEED, &speed) != 0)
		speed = 0;
	if (mh->cb.mc_getstat(mh->driver, ETHER_STAT_LINK_DUPLEX, &duplex) != 0)
		duplex = LINK_DUPLEX_UNKNOWN;
	emu_link_speed((uint32_t)(speed / 1000000), duplex == LINK_DUPLEX_FULL ? 1 :
	    duplex == LINK_DUPLEX_HALF ? 0 : -1);
}
void mac_tx_update(mac_handle_t mh) { (void)mh; emu_tx_updates++; }

static uint32_t emu_hck_set;
void mac_hcksum_set(mblk_t *mp, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t f)
{
	(void)a; (void)b; (void)c; (void)d;
	mp->b_prev = (mblk_t *)(uintptr_t)(f | 0x80000000u);	/* emulation-private mark */
	emu_hck_set = f;
}

static uint32_t emu_tx_hck;
void emu_set_tx_hcksum(uint32_t f) { emu_tx_hck = f; }
void mac_hcksum_get(const mblk_t *mp, uint32_t *s, uint32_t *st, uint32_t *e, uint32_t *v, uint32_t *f)
{
	(void)mp;
	*s = *st = *e = *v = 0;
	*f = emu_tx_hck;
}

void mac_rx(mac_handle_t mh, mac_resource_handle_t rh, mblk_t *chain)
{
	mblk_t *mp, *next, *b;
	uint8_t flat[EMU_FRAME_MAX + 64];

	(void)mh; (void)rh;
	for (mp = chain; mp != NULL; mp = next) {
		uint32_t off = 0, fl = 0;
		uintptr_t mark = (uintptr_t)mp->b_prev;

		next = mp->b_next;
		mp->b_next = mp->b_prev = NULL;
		for (b = mp; b != NULL; b = b->b_cont) {
			if (off + (uint32_t)MBLKL(b) > sizeof(flat))
				emu_fail("received packet larger than any test frame");
			emu_memcpy(flat + off, b->b_rptr, (size_t)MBLKL(b));
			off += (uint32_t)MBLKL(b);
		}
		if ((mark & 0x80000000u) && (mark & HCK_FULLCKSUM_OK))
			fl |= EMU_RX_CSUM_GOOD;
		emu_rx_record(flat, off, fl);
		freemsg(mp);
	}
}

void mac_init_ops(struct dev_ops *o, const char *n) { (void)n; emu_devops = o; }
void mac_fini_ops(struct dev_ops *o) { (void)o; }
int mod_install(struct modlinkage *ml) { (void)ml; return 0; }
int mod_remove(struct modlinkage *ml) { (void)ml; return 0; }
int mod_info(struct modlinkage *ml, struct modinfo *mi) { (void)ml; (void)mi; return 0; }

int emu_service(void)
{
	emu_dev_poll();
	int v, n = emu_intr_mode() == EMU_INTR_MSIX ? emu_intr_nvec() : 1, work = 0;

	for (v = 0; v < n && v < EMU_NVEC; v++) {
		if (emu_irq_take_vec((uint16_t)v) && emu_ih[v].fn != NULL && emu_ih[v].enabled) {
			emu_irq_delivered((uint16_t)v);
			work += (int)emu_ih[v].fn((caddr_t)emu_ih[v].a1, (caddr_t)emu_ih[v].a2);
		}
	}
	return work;
}
