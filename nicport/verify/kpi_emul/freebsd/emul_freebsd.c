/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the FreeBSD KPI subset in include/nicport_fbsd_kpi.h:
 * mbuf chains (m_getjcl clusters, m_freem, m_defrag) with accounting, bus_dma(9)
 * tags and maps (identity addresses, load callbacks, bus_dmamap_load_mbuf_sg),
 * bus_space(9) to the device model, ifnet accessors, newbus softc, the
 * interrupt thread.
 */
#include "nicport_fbsd_kpi.h"
#include "emu_host.h"
#include "emul_freebsd.h"

int mp_ncpus = 1;
int bootverbose;
if_t emu_ifp;
/* interrupt handlers by vector (rid 0: the INTx line; rid n: MSI/MSI-X message n - 1) */
#define EMU_NVEC 4
static driver_intr_t *emu_ih[EMU_NVEC];
static void *emu_ih_arg[EMU_NVEC];
static int emu_irq_res;		/* IRQ resources allocated */

struct device { void *softc; const char *name; };
struct resource { int type; int rid; };
struct bus_dma_tag { bus_size_t maxsize; int nsegs; };
struct bus_dmamap { void *va; int loaded; };
struct ifnet {
	void *softc; int flags, drvflags, cap, capenable; uint64_t hwassist;
	void (*init)(void *); int (*ioctl)(if_t, u_long, caddr_t);
	int (*transmit)(if_t, struct mbuf *); void (*qflush)(if_t);
	uint64_t (*getcounter)(if_t, ift_counter);
	uint64_t baudrate; int link_state;
};

void *fbsd_malloc(size_t n, struct malloc_type *t, int f)
{
	(void)t;
	if ((f & M_NOWAIT) && emu_fail_step("alloc"))
		return NULL;
	return emu_zalloc(n, EMU_MEM);
}
void fbsd_free(void *p, struct malloc_type *t) { (void)t; emu_free(p, EMU_MEM); }

void mtx_init(struct mtx *m, const char *n, const char *t, int o) { (void)t; (void)o; m->mtx_held = 0; m->mtx_name = n; }
void mtx_destroy(struct mtx *m) { if (m->mtx_held) emu_fail("mtx_destroy of a held %s", m->mtx_name); }
void mtx_lock(struct mtx *m) { if (m->mtx_held++) emu_fail("mtx_lock: %s recursed", m->mtx_name); }
void mtx_unlock(struct mtx *m) { if (m->mtx_held-- != 1) emu_fail("mtx_unlock: %s not held", m->mtx_name); }
void mtx_assert(struct mtx *m, int w) { if (w == MA_OWNED && !m->mtx_held) emu_fail("mtx_assert: %s not owned", m->mtx_name); }

device_t emu_device_new(size_t softc_size)
{
	device_t d = emu_zalloc(sizeof(*d), EMU_MEM);

	d->softc = emu_zalloc(softc_size, EMU_MEM);
	d->name = "nicport";
	return d;
}

void emu_device_free(device_t d) { emu_free(d->softc, EMU_MEM); emu_free(d, EMU_MEM); }
void *device_get_softc(device_t d) { return d->softc; }
const char *device_get_name(device_t d) { return d->name; }
int device_get_unit(device_t d) { (void)d; return 0; }
void device_set_desc(device_t d, const char *s) { (void)d; (void)s; }
int device_printf(device_t d, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
	return 0;
}

void device_print_prettyname(device_t d) { emu_log("%s0: ", d->name); }

static struct resource emu_mem = { SYS_RES_MEMORY, 0 }, emu_irq[EMU_NVEC];
struct resource *bus_alloc_resource_any(device_t d, int type, int *rid, u_int f)
{
	(void)d; (void)f;
	if (type == SYS_RES_MEMORY)
		return emu_fail_step("mmio") ? NULL : &emu_mem;
	if (type != SYS_RES_IRQ || *rid < 0 || *rid >= EMU_NVEC)
		return NULL;
	if (*rid == 0 && emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("INTx resource while MSI/MSI-X is allocated");
	if (*rid > 0 && *rid > emu_intr_nvec())
		emu_fail("IRQ rid %d: only %d messages allocated", *rid, emu_intr_nvec());
	if (*rid == 0)
		(void)emu_intr_alloc(EMU_INTR_INTX, 1);
	emu_irq[*rid].type = SYS_RES_IRQ;
	emu_irq[*rid].rid = *rid;
	emu_irq_res++;
	return &emu_irq[*rid];
}

int bus_release_resource(device_t d, int t, int r, struct resource *res)
{
	(void)d;
	if (t == SYS_RES_IRQ) {
		if (res != &emu_irq[r])
			emu_fail("bus_release_resource: IRQ rid %d mismatched", r);
		emu_irq_res--;
		if (r == 0)
			emu_intr_release();
	}
	return 0;
}
bus_space_tag_t rman_get_bustag(struct resource *r) { (void)r; return 1; }
bus_space_handle_t rman_get_bushandle(struct resource *r) { (void)r; return 0; }
int bus_setup_intr(device_t d, struct resource *r, int f, driver_filter_t *flt, driver_intr_t *ih,
    void *arg, void **cookie)
{
	int v = r->rid == 0 ? 0 : r->rid - 1;

	(void)d; (void)f;
	if (flt != NULL)
		emu_fail("filter interrupts not emulated");
	if (emu_fail_step("intr"))
		return ENXIO;
	if (emu_ih[v] != NULL)
		emu_fail("bus_setup_intr: vector %d already has a handler", v);
	emu_ih[v] = ih;
	emu_ih_arg[v] = arg;
	*cookie = &emu_ih[v];
	return 0;
}

int bus_teardown_intr(device_t d, struct resource *r, void *c)
{
	(void)d; (void)r;
	*(driver_intr_t **)c = NULL;
	return 0;
}
int bus_describe_intr(device_t d, struct resource *r, void *c, const char *fmt, ...) { (void)d; (void)r; (void)c; (void)fmt; return 0; }
int emu_intr_live(void)
{
	int v, n = emu_irq_res;

	for (v = 0; v < EMU_NVEC; v++)
		n += emu_ih[v] != NULL;
	return n;
}
uint32_t bus_space_read_4(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o) { (void)t; return emu_mmio_read((uint32_t)(h + o)); }
void bus_space_write_4(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint32_t v) { (void)t; emu_mmio_write((uint32_t)(h + o), v); }
/* the model decodes 32-bit registers: narrower accesses use the aligned word */
uint8_t bus_space_read_1(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o)
{
	(void)t;
	return (uint8_t)(emu_mmio_read((uint32_t)(h + o) & ~3u) >> (8 * ((h + o) & 3)));
}
uint16_t bus_space_read_2(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o)
{
	(void)t;
	return (uint16_t)(emu_mmio_read((uint32_t)(h + o) & ~3u) >> (8 * ((h + o) & 2)));
}
void bus_space_write_1(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint8_t v)
{
	uint32_t a = (uint32_t)(h + o), sh = 8 * (a & 3);

	(void)t;
	emu_mmio_write(a & ~3u, (emu_mmio_read(a & ~3u) & ~(0xffu << sh)) | (uint32_t)v << sh);
}
void bus_space_write_2(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, uint16_t v)
{
	uint32_t a = (uint32_t)(h + o), sh = 8 * (a & 2);

	(void)t;
	emu_mmio_write(a & ~3u, (emu_mmio_read(a & ~3u) & ~(0xffffu << sh)) | (uint32_t)v << sh);
}
/* configuration space is not emulated: it reads as an absent function */
/* pci_read_config(9): the presented function's configuration space (emu_host.h), else all ones */
uint32_t pci_read_config(device_t d, int r, int w)
{
	(void)d;
	if (r < 0 || (w != 1 && w != 2 && w != 4))
		emu_fail("pci_read_config(%d, %d): bad register or width", r, w);
	return emu_pci_present() ? emu_pci_cfg_read((uint32_t)r, w) : 0xffffffffu;
}

static uint16_t emu_ids[2];
void emu_set_pci_id(uint16_t v, uint16_t d)
{
	/* a presented PCI function answers with its own IDs (virtio-pci modern: 0x1af4/0x1041) */
	if (emu_pci_present()) {
		uint32_t id = emu_pci_cfg_read32(0);

		v = (uint16_t)id;
		d = (uint16_t)(id >> 16);
	}
	emu_ids[0] = v;
	emu_ids[1] = d;
}
uint16_t pci_get_vendor(device_t d) { (void)d; return emu_ids[0]; }
uint16_t pci_get_device(device_t d) { (void)d; return emu_ids[1]; }
int pci_enable_busmaster(device_t d) { (void)d; return 0; }
/* pci_msi(9): the device offers MSI (1 message) and an MSI-X table of 2+ */
int pci_msi_count(device_t d) { (void)d; return 1; }
int pci_msix_count(device_t d) { (void)d; return 2; }
int pci_alloc_msi(device_t d, int *c)
{
	(void)d;
	if (emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("pci_alloc_msi with interrupts already allocated");
	*c = 1;
	return emu_intr_alloc(EMU_INTR_MSI, 1) == 1 ? 0 : ENXIO;
}
int pci_alloc_msix(device_t d, int *c)
{
	int n;

	(void)d;
	if (emu_intr_mode() != EMU_INTR_NONE)
		emu_fail("pci_alloc_msix with interrupts already allocated");
	n = emu_intr_alloc(EMU_INTR_MSIX, *c);
	if (n == 0)
		return ENXIO;
	*c = n;
	return 0;
}
int pci_release_msi(device_t d)
{
	(void)d;
	if (emu_intr_mode() != EMU_INTR_MSI && emu_intr_mode() != EMU_INTR_MSIX)
		emu_fail("pci_release_msi without MSI/MSI-X allocated");
	if (emu_irq_res != 0)
		emu_fail("pci_release_msi with %d IRQ resources still allocated", emu_irq_res);
	emu_intr_release();
	return 0;
}

/* bus_dma(9) */
bus_dma_tag_t bus_get_dma_tag(device_t d) { (void)d; return NULL; }
int bus_dma_tag_create(bus_dma_tag_t p, bus_size_t al, bus_addr_t b, bus_addr_t lo, bus_addr_t hi,
    bus_dma_filter_t *f, void *fa, bus_size_t maxsize, int nsegs, bus_size_t maxseg, int fl,
    bus_dma_lock_t *lf, void *la, bus_dma_tag_t *tp)
{
	bus_dma_tag_t t = emu_zalloc(sizeof(*t), EMU_DMA);

	(void)p; (void)al; (void)b; (void)lo; (void)hi; (void)f; (void)fa; (void)maxseg; (void)fl; (void)lf; (void)la;
	t->maxsize = maxsize;
	t->nsegs = nsegs;
	*tp = t;
	return 0;
}

int bus_dma_tag_destroy(bus_dma_tag_t t) { emu_free(t, EMU_DMA); return 0; }
int bus_dmamap_create(bus_dma_tag_t t, int f, bus_dmamap_t *m) { (void)t; (void)f; *m = emu_zalloc(sizeof(**m), EMU_DMA); return 0; }
int bus_dmamap_destroy(bus_dma_tag_t t, bus_dmamap_t m)
{
	(void)t;
	if (m->loaded)
		emu_fail("bus_dmamap_destroy of a loaded map");
	emu_free(m, EMU_DMA);
	return 0;
}

int bus_dmamem_alloc(bus_dma_tag_t t, void **va, int f, bus_dmamap_t *m)
{
	(void)f;
	if (emu_fail_step("dma"))
		return ENOMEM;
	*m = emu_zalloc(sizeof(**m), EMU_DMA);
	(*m)->va = *va = emu_zalloc(t->maxsize, EMU_DMA);
	return 0;
}

void bus_dmamem_free(bus_dma_tag_t t, void *va, bus_dmamap_t m) { (void)t; emu_free(va, EMU_DMA); emu_free(m, EMU_DMA); }

int bus_dmamap_load(bus_dma_tag_t t, bus_dmamap_t m, void *buf, bus_size_t len,
    bus_dmamap_callback_t *cb, void *arg, int f)
{
	bus_dma_segment_t seg = { (bus_addr_t)(uintptr_t)buf, len };

	(void)t; (void)f;
	m->loaded = 1;
	cb(arg, &seg, 1, 0);
	return 0;
}

int bus_dmamap_load_mbuf_sg(bus_dma_tag_t t, bus_dmamap_t m, struct mbuf *mb, bus_dma_segment_t *segs,
    int *nsegs, int f)
{
	int n = 0;

	(void)f;
	for (; mb != NULL; mb = mb->m_next) {
		if (mb->m_len == 0)
			continue;
		if (n == t->nsegs)
			return EFBIG;
		segs[n].ds_addr = (bus_addr_t)(uintptr_t)mb->m_data;
		segs[n].ds_len = (bus_size_t)mb->m_len;
		n++;
	}
	*nsegs = n;
	m->loaded = 1;
	return 0;
}

void bus_dmamap_unload(bus_dma_tag_t t, bus_dmamap_t m) { (void)t; m->loaded = 0; }
void bus_dmamap_sync(bus_dma_tag_t t, bus_dmamap_t m, bus_dmasync_op_t op) { (void)t; (void)m; (void)op; __atomic_thread_fence(__ATOMIC_SEQ_CST); }

/* mbuf(9): headers EMU_PKT, clusters EMU_BUF */
struct mbuf *m_getjcl(int how, short type, int flags, int size)
{
	struct mbuf *m = emu_zalloc(sizeof(*m), EMU_PKT);

	(void)how; (void)type;
	m->m_data = emu_zalloc((size_t)size, EMU_BUF);
	m->m_flags = flags | M_EXT;
	return m;
}

static struct mbuf *m_get_hdr(int pkthdr)
{
	struct mbuf *m = emu_zalloc(sizeof(*m) + 256, EMU_PKT);

	m->m_data = (char *)(m + 1);
	m->m_flags = pkthdr ? M_PKTHDR : 0;
	return m;
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

struct mbuf *m_defrag(struct mbuf *m, int how) { (void)how; return m; }

struct mbuf *emu_mbuf_from(const uint8_t *f, uint32_t len, uint32_t split)
{
	struct mbuf *m = m_get_hdr(1), *m2 = m_getjcl(M_NOWAIT, MT_DATA, 0, MCLBYTES);

	emu_memcpy(m->m_data, f, split);
	m->m_len = (int)split;
	m->m_pkthdr.len = (int)len;
	emu_memcpy(m2->m_data, f + split, len - split);
	m2->m_len = (int)(len - split);
	m->m_next = m2;
	return m;
}

/* ifnet(9) */
if_t if_alloc(u_char t) { (void)t; emu_ifp = emu_zalloc(sizeof(struct ifnet), EMU_MEM); return emu_ifp; }
void if_free(if_t ifp) { emu_free(ifp, EMU_MEM); emu_ifp = NULL; }
void if_initname(if_t ifp, const char *n, int u) { (void)ifp; (void)n; (void)u; }
void if_setsoftc(if_t ifp, void *s) { ifp->softc = s; }
void *if_getsoftc(if_t ifp) { return ifp->softc; }
int if_setflags(if_t ifp, int f) { ifp->flags = f; return 0; }
int if_getflags(if_t ifp) { return ifp->flags; }
void if_setinitfn(if_t ifp, void (*f)(void *)) { ifp->init = f; }
void if_setioctlfn(if_t ifp, int (*f)(if_t, u_long, caddr_t)) { ifp->ioctl = f; }
void if_settransmitfn(if_t ifp, int (*f)(if_t, struct mbuf *)) { ifp->transmit = f; }
void if_setqflushfn(if_t ifp, void (*f)(if_t)) { ifp->qflush = f; }
void if_setgetcounterfn(if_t ifp, uint64_t (*f)(if_t, ift_counter)) { ifp->getcounter = f; }
int if_setcapabilities(if_t ifp, int c) { ifp->cap = c; return 0; }
int if_getcapabilities(if_t ifp) { return ifp->cap; }
int if_setcapenable(if_t ifp, int c) { ifp->capenable = c; return 0; }
int if_getcapenable(if_t ifp) { return ifp->capenable; }
int if_togglecapenable(if_t ifp, int c) { ifp->capenable ^= c; return 0; }
int if_sethwassist(if_t ifp, uint64_t h) { ifp->hwassist = h; return 0; }
int if_sethwassistbits(if_t ifp, int on, int off) { ifp->hwassist = (ifp->hwassist | (uint64_t)on) & ~(uint64_t)off; return 0; }
int if_getdrvflags(if_t ifp) { return ifp->drvflags; }
/* the native link reports: state and baudrate as the stack holds them */
uint64_t if_setbaudrate(if_t ifp, uint64_t b) { ifp->baudrate = b; return 0; }
void if_link_state_change(if_t ifp, int s)
{
	if (s == ifp->link_state)
		return;		/* if_link_state_change(9) ignores a repeated state */
	ifp->link_state = s;
	emu_link_report(s == LINK_STATE_UP);
	if (s == LINK_STATE_UP)
		emu_link_speed((uint32_t)(ifp->baudrate / 1000000), EMU_DUPLEX_NONE);
}
int if_setdrvflagbits(if_t ifp, int on, int off) { ifp->drvflags = (ifp->drvflags | on) & ~off; return 0; }
void if_qflush(if_t ifp) { (void)ifp; }
void if_inc_counter(if_t ifp, ift_counter c, int64_t v) { (void)ifp; (void)c; (void)v; }
uint64_t if_get_counter_default(if_t ifp, ift_counter c) { (void)ifp; (void)c; return 0; }
void ether_ifattach(if_t ifp, const u_int8_t *a) { (void)ifp; (void)a; }
void ether_ifdetach(if_t ifp) { (void)ifp; }
int ether_ioctl(if_t ifp, u_long c, caddr_t d) { (void)ifp; (void)c; (void)d; return 0; }

void if_input(if_t ifp, struct mbuf *m)
{
	uint8_t flat[EMU_FRAME_MAX + 64];
	uint32_t off = 0, fl = 0;
	struct mbuf *n;

	if (m->m_pkthdr.rcvif != ifp)
		emu_fail("if_input: m_pkthdr.rcvif not set");
	for (n = m; n != NULL; n = n->m_next) {
		if (off + (uint32_t)n->m_len > sizeof(flat))
			emu_fail("received packet larger than any test frame");
		emu_memcpy(flat + off, n->m_data, (size_t)n->m_len);
		off += (uint32_t)n->m_len;
	}
	if (off != (uint32_t)m->m_pkthdr.len)
		emu_fail("m_pkthdr.len %d != chain length %u", m->m_pkthdr.len, off);
	if ((m->m_pkthdr.csum_flags & (CSUM_DATA_VALID | CSUM_PSEUDO_HDR)) == (CSUM_DATA_VALID | CSUM_PSEUDO_HDR) &&
	    m->m_pkthdr.csum_data == 0xffff)
		fl |= EMU_RX_CSUM_GOOD;
	if ((m->m_pkthdr.csum_flags & CSUM_IP_CHECKED) && !(m->m_pkthdr.csum_flags & CSUM_IP_VALID))
		fl |= EMU_RX_CSUM_BAD;
	if (m->m_flags & M_VLANTAG)
		fl |= EMU_RX_VLAN;
	emu_rx_record(flat, off, fl);
	m_freem(m);
}

void emu_service(void)
{
	int v, n = emu_intr_mode() == EMU_INTR_MSIX ? emu_intr_nvec() : 1;

	emu_dev_poll();
	for (v = 0; v < n && v < EMU_NVEC; v++) {
		if (emu_irq_take_vec((uint16_t)v) && emu_ih[v] != NULL) {
			emu_irq_delivered((uint16_t)v);
			emu_ih[v](emu_ih_arg[v]);
		}
	}
}

int emu_ifp_ioctl(u_long cmd) { return emu_ifp->ioctl(emu_ifp, cmd, NULL); }
int emu_ifp_transmit(struct mbuf *m) { return emu_ifp->transmit(emu_ifp, m); }
int emu_ifp_drvflags(void) { return emu_ifp->drvflags; }
int emu_ifp_capenable(void) { return emu_ifp->capenable; }
int emu_ifp_capabilities(void) { return emu_ifp->cap; }
uint64_t emu_ifp_hwassist(void) { return emu_ifp->hwassist; }
