/*
 * nicport L2 test support -- NOT part of any generated driver.  See emu_host.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "nic_devmodel.h"
#include "emu_host.h"

static long live[EMU_NKINDS];
static struct nic_devmodel *dm;
#define EMU_MAXVEC 8
static int irq_pending[EMU_MAXVEC];
static uint32_t irq_count[EMU_MAXVEC];
static int intr_mode, intr_nvec, intr_mode_seen;
static uint32_t caps_adv, caps_hw, caps_mask;
static int caps_set;
static int fail_fired;
void *emu_hw;

struct hdr { size_t n; int kind; int magic; };
#define MAGIC 0x4e494350

void *emu_zalloc(size_t n, int kind)
{
	struct hdr *h = calloc(1, sizeof(struct hdr) + n + 64);
	uint8_t *p;

	if (h == NULL)
		return NULL;
	h->n = n;
	h->kind = kind;
	h->magic = MAGIC;
	__atomic_add_fetch(&live[kind], 1, __ATOMIC_SEQ_CST);
	/* 64-byte alignment for DMA-ish users */
	p = (uint8_t *)(h + 1);
	return p;
}

void emu_free(void *p, int kind)
{
	struct hdr *h;

	if (p == NULL)
		return;
	h = (struct hdr *)p - 1;
	if (h->magic != MAGIC || h->kind != kind) {
		fprintf(stderr, "L2: bad free (kind %d, expected %d)\n", h->kind, kind);
		abort();
	}
	h->magic = 0;
	__atomic_sub_fetch(&live[kind], 1, __ATOMIC_SEQ_CST);
	free(h);
}

long emu_live(int kind) { return live[kind]; }
void emu_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void emu_memset(void *d, int c, size_t n) { memset(d, c, n); }

void emu_vlog(const char *fmt, va_list ap) { vfprintf(stderr, fmt, ap); }

void emu_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void emu_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "L2 FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	printf("L2 RESULT {\"pass\": false}\n");
	exit(1);
}

static pthread_mutex_t big;
static pthread_once_t big_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t nlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ncond = PTHREAD_COND_INITIALIZER;
static int ncount;
static pthread_mutex_t dmlock = PTHREAD_MUTEX_INITIALIZER;

static void big_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&big, &a);
}

void emu_lock(void) { pthread_once(&big_once, big_init); pthread_mutex_lock(&big); }
void emu_unlock(void) { pthread_mutex_unlock(&big); }

struct thr { void (*fn)(void *); void *arg; };
static void *thr_main(void *p)
{
	struct thr t = *(struct thr *)p;

	free(p);
	t.fn(t.arg);
	return NULL;
}

void emu_thread_start(void (*fn)(void *), void *arg)
{
	struct thr *t = malloc(sizeof(*t));
	pthread_t id;

	t->fn = fn;
	t->arg = arg;
	pthread_create(&id, NULL, thr_main, t);
	pthread_detach(id);
}

void emu_notify_give(void)
{
	pthread_mutex_lock(&nlock);
	ncount++;
	pthread_cond_signal(&ncond);
	pthread_mutex_unlock(&nlock);
}

void emu_notify_take(void)
{
	pthread_mutex_lock(&nlock);
	while (ncount == 0)
		pthread_cond_wait(&ncond, &nlock);
	ncount = 0;
	pthread_mutex_unlock(&nlock);
}

void emu_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void on_irq(void *ctx) { (void)ctx; irq_pending[0] = 1; }
#ifdef EMU_DM_MSIX
static void on_irq_vec(void *ctx, uint16_t v)
{
	(void)ctx;
	if (v < EMU_MAXVEC)
		irq_pending[v] = 1;
}
#endif

int emu_dev_init(void)
{
	struct nic_devmodel_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.loopback = 1;
	cfg.capture = 1;
	cfg.rx_backlog = 4096;
	cfg.irq = on_irq;
#ifdef EMU_DM_MSIX
	cfg.irq_vec = on_irq_vec;
#endif
	dm = nic_devmodel_create(&cfg);
	return dm ? 0 : -1;
}

void emu_dev_fini(void) { nic_devmodel_destroy(dm); dm = NULL; }
/* ---- the PCI function presented (see emu_host.h) ---- */

/* the virtio-pci structures of the model start here in its register window; below 0x200
 * is the virtio-mmio block (nic_devmodel.h) */
#define EMU_VIRTIO_PCI_WINDOW	0x1000u
#define EMU_VIRTIO_MMIO_END	0x200u
#define EMU_MODEL_BAR		4	/* what the model's vendor capabilities name */
static uint64_t acc_pci, acc_mmio, acc_other;
static int pci_bar = -1;	/* -1: the model's own layout */

static int emu_virtio(void) { return strncmp(nic_devmodel_family(), "virtio", 6) == 0; }

static void emu_count_access(uint32_t off)
{
	if (!emu_virtio())
		acc_other++;
	else if (off >= EMU_VIRTIO_PCI_WINDOW)
		acc_pci++;
	else if (off < EMU_VIRTIO_MMIO_END)
		acc_mmio++;
	else
		acc_other++;
}

int emu_pci_present(void)
{
#ifdef EMU_VIRTIO_MMIO
	return 0;
#else
	const char *m = getenv("EMU_VIRTIO_MMIO");

	return dm != NULL && emu_virtio() && !(m != NULL && *m == '1');
#endif
}

void emu_pci_present_bar(int bar)
{
	const char *e = getenv("EMU_PCI_BAR");	/* a run may ask for another layout */

	if (e != NULL && *e >= '0' && *e <= '5' && e[1] == 0)
		bar = *e - '0';
	pci_bar = bar >= 0 && bar <= 5 ? bar : -1;
}
int emu_pci_bar(void) { return pci_bar >= 0 ? pci_bar : EMU_MODEL_BAR; }

uint32_t emu_pci_bar_len(int bar)
{
	/* the register window: 0x4000 covers the virtio-pci structures (up to the notify area) */
	return emu_pci_present() && bar == emu_pci_bar() ? 0x4000u : 0;
}

uint32_t emu_pci_cfg_read32(uint32_t off)
{
	uint32_t v, ptr, n, w;

	if (!emu_pci_present() || off > 252 || (off & 3))
		return 0xffffffffu;
	pthread_mutex_lock(&dmlock);
	v = nic_devmodel_pci_cfg_read32(dm, off);
	if (pci_bar >= 0 && pci_bar != EMU_MODEL_BAR) {
		/* presented in another BAR: the bar byte (offset 4) of every virtio vendor capability */
		ptr = nic_devmodel_pci_cfg_read32(dm, 0x34) & 0xfcu;
		for (n = 0; ptr >= 0x40u && n < 48u; n++) {
			w = nic_devmodel_pci_cfg_read32(dm, ptr);
			if ((w & 0xffu) == 0x09u && off == ptr + 4u)
				v = (v & ~0xffu) | (uint32_t)pci_bar;
			ptr = (w >> 8) & 0xfcu;
		}
	}
	pthread_mutex_unlock(&dmlock);
	return v;
}

uint32_t emu_pci_cfg_read(uint32_t off, int width)
{
	uint32_t w = emu_pci_cfg_read32(off & ~3u), sh = 8u * (off & 3u);

	if (width == 4)
		return (off & 3) ? 0xffffffffu : w;
	if (width == 2)
		return (off & 1) ? 0xffffu : (w >> sh) & 0xffffu;
	return (w >> sh) & 0xffu;
}

const char *emu_transport(void)
{
	if (dm == NULL && acc_pci + acc_mmio + acc_other == 0)
		return "none";
	if (acc_other && !acc_pci && !acc_mmio)
		return "bar";
	if (acc_pci && !acc_mmio)
		return "virtio-pci";
	if (acc_mmio && !acc_pci)
		return "virtio-mmio";
	return acc_pci ? "mixed" : "none";
}

/* the model is not thread safe: one access at a time */
uint32_t emu_mmio_read(uint32_t off)
{
	uint32_t v;

	pthread_mutex_lock(&dmlock);
	emu_count_access(off);
	v = nic_devmodel_mmio_read(dm, off);
	pthread_mutex_unlock(&dmlock);
	return v;
}

void emu_mmio_write(uint32_t off, uint32_t val)
{
	pthread_mutex_lock(&dmlock);
	emu_count_access(off);
	nic_devmodel_mmio_write(dm, off, val);
	pthread_mutex_unlock(&dmlock);
}

void emu_dev_link_event(void)
{
	pthread_mutex_lock(&dmlock);
	nic_devmodel_set_link(dm, 1);
	pthread_mutex_unlock(&dmlock);
}

/* ---- link state ---- */

static int link_os = -1, link_phase, link_init_up, link_down_seen, link_up_again;
static uint32_t link_reports, link_downs, link_mbps;
static int link_duplex = EMU_DUPLEX_NONE, link_speed_set;
static uint32_t link_up_mbps;
static int link_up_duplex = EMU_DUPLEX_NONE;

void emu_link_set(int up)
{
	if (link_phase == 0)
		link_init_up = link_os == 1;
	link_phase = up ? 2 : 1;
	pthread_mutex_lock(&dmlock);
	nic_devmodel_set_link(dm, up);
	pthread_mutex_unlock(&dmlock);
}

void emu_link_report(int up)
{
	__atomic_add_fetch(&link_reports, 1, __ATOMIC_SEQ_CST);
	if (!up)
		__atomic_add_fetch(&link_downs, 1, __ATOMIC_SEQ_CST);
	link_os = up ? 1 : 0;
}

void emu_link_speed(uint32_t mbps, int duplex)
{
	link_mbps = mbps;
	link_duplex = duplex;
	link_speed_set = 1;
}

int emu_link_os(void) { return link_os; }

void emu_link_expect(int up)
{
	if (!up && link_phase == 1)
		link_down_seen = link_os == 0;
	if (up && link_phase == 2 && link_down_seen) {
		link_up_again = link_os == 1;
		link_up_mbps = link_mbps;
		link_up_duplex = link_speed_set ? link_duplex : EMU_DUPLEX_NONE;
	}
	emu_log("L2: link checkpoint %s: the OS holds %s (%u reports)\n", up ? "up" : "down",
	    link_os == 1 ? "up" : link_os == 0 ? "down" : "nothing", link_reports);
}

void emu_link_flap(void (*service)(void), int spins)
{
	int i;

	emu_link_set(0);
	for (i = 0; i < spins; i++)
		service();
	emu_link_expect(0);
	emu_link_set(1);
	for (i = 0; i < spins; i++)
		service();
	emu_link_expect(1);
}

void emu_dev_poll(void)
{
	pthread_mutex_lock(&dmlock);
	(void)nic_devmodel_poll(dm);
	pthread_mutex_unlock(&dmlock);
}

int emu_irq_take(void) { return emu_irq_take_vec(0); }

int emu_irq_take_vec(uint16_t v)
{
	int p;

	if (v >= EMU_MAXVEC)
		return 0;
	p = irq_pending[v];
	irq_pending[v] = 0;
	return p;
}

void emu_irq_delivered(uint16_t v)
{
	if (v < EMU_MAXVEC)
		irq_count[v]++;
	intr_mode_seen = intr_mode;
}

uint32_t emu_irq_count(uint16_t v) { return v < EMU_MAXVEC ? irq_count[v] : 0; }

/* ---- interrupt resources ---- */

int emu_intr_alloc(int mode, int nvec)
{
	if (mode == EMU_INTR_MSIX) {
		const char *no = getenv("EMU_NO_MSIX");

		if ((no != NULL && *no == '1') || emu_fail_step("msix") || nvec < 1 || nvec > EMU_MAXVEC)
			return 0;
#ifdef EMU_DM_MSIX
		if (nvec > (int)nic_devmodel_msix_max())
			nvec = (int)nic_devmodel_msix_max();
		if (nvec < 1)
			return 0;
		pthread_mutex_lock(&dmlock);
		nic_devmodel_set_msix(dm, (uint16_t)nvec);
		pthread_mutex_unlock(&dmlock);
#endif
	} else {
		nvec = 1;
	}
	intr_mode = mode;
	intr_nvec = nvec;
	memset(irq_pending, 0, sizeof(irq_pending));
	return nvec;
}

void emu_intr_release(void)
{
#ifdef EMU_DM_MSIX
	if (intr_mode == EMU_INTR_MSIX && dm != NULL) {
		pthread_mutex_lock(&dmlock);
		nic_devmodel_set_msix(dm, 0);
		pthread_mutex_unlock(&dmlock);
	}
#endif
	intr_mode = EMU_INTR_NONE;
	intr_nvec = 0;
}

int emu_intr_mode(void) { return intr_mode; }
int emu_intr_nvec(void) { return intr_nvec; }

static const char *mode_name(int m)
{
	static const char *const names[] = { "none", "intx", "msi", "msix" };

	return m >= 0 && m <= 3 ? names[m] : "?";
}

/* ---- failure injection ---- */

int emu_failpath(void)
{
	const char *f = getenv("EMU_FAIL");

	return f != NULL && *f != 0 && strncmp(f, "msix", 4) != 0;
}

int emu_fail_step(const char *step)
{
	static int calls;
	const char *f = getenv("EMU_FAIL");
	size_t n = strlen(step);
	int want = 1;

	if (f == NULL || strncmp(f, step, n) != 0 || (f[n] != 0 && f[n] != ':'))
		return 0;
	if (f[n] == ':')
		want = atoi(f + n + 1);
	if (++calls != want)
		return 0;
	fail_fired = 1;
	fprintf(stderr, "L2: injected failure: %s (call %d)\n", step, want);
	return 1;
}

int emu_fail_fired(void) { return fail_fired; }

int emu_failpath_verdict(const char *target, int err, long pkts_live, long bufs_live, long dma_live,
			 int intr_live)
{
	int ok = fail_fired && pkts_live == 0 && bufs_live == 0 && dma_live == 0 &&
	    live[EMU_MEM] == 0 && intr_live == 0 && intr_mode == EMU_INTR_NONE;

	printf("L2 FAILPATH {\"target\": \"%s\", \"pass\": %s, \"step\": \"%s\", \"fired\": %s, "
	       "\"error\": %d, \"pkts_live\": %ld, \"bufs_live\": %ld, \"dma_live\": %ld, "
	       "\"mem_live\": %ld, \"intr_live\": %d, \"intr_mode\": \"%s\"}\n", target,
	       ok ? "true" : "false", getenv("EMU_FAIL"), fail_fired ? "true" : "false", err,
	       pkts_live, bufs_live, dma_live, live[EMU_MEM], intr_live, mode_name(intr_mode));
	return ok ? 0 : 1;
}

int emu_failpath_absorbed(const char *target)
{
	printf("L2 FAILPATH {\"target\": \"%s\", \"pass\": %s, \"step\": \"%s\", \"fired\": %s, "
	       "\"error\": 0, \"absorbed\": true}\n", target, fail_fired ? "true" : "false",
	       getenv("EMU_FAIL"), fail_fired ? "true" : "false");
	return fail_fired ? 0 : 1;
}

/* ---- capabilities ---- */

void emu_caps(uint32_t adv, uint32_t hw, uint32_t mask)
{
	caps_adv = adv;
	caps_hw = hw;
	caps_mask = mask;
	caps_set = 1;
}

uint32_t CAT(NICPORT_DRV, _hw_caps)(void *hw);
uint32_t emu_hw_caps(void)
{
	return emu_hw != NULL ? CAT(NICPORT_DRV, _hw_caps)(emu_hw) : 0;
}

/* the adapter's hw_attach, recorded so the harness can ask the hw layer its caps */
int CAT(__real_, CAT(NICPORT_DRV, _hw_attach))(void *os, void **hwp);
int CAT(__wrap_, CAT(NICPORT_DRV, _hw_attach))(void *os, void **hwp);
int CAT(__wrap_, CAT(NICPORT_DRV, _hw_attach))(void *os, void **hwp)
{
	int rc = CAT(__real_, CAT(NICPORT_DRV, _hw_attach))(os, hwp);

	if (rc == 0 && hwp != NULL)
		emu_hw = *hwp;
	return rc;
}

/* ---- frames ---- */

static uint16_t csum16(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t emu_frame_offloads(uint32_t i, uint32_t allowed)
{
	uint32_t ol = 0;

	if (i % 3 == 0)
		ol |= EMU_OL_CSUM;
	if (i % 5 == 1)
		ol |= EMU_OL_VLAN;
	return ol & allowed;
}

/* Ethernet / IPv4 / UDP, payload pattern from i; checksums filled unless left to the device */
static uint32_t frame(uint32_t i, uint8_t *b, int fill_csum, int tagged)
{
	uint32_t plen = 18 + (i * 37) % 1400, iplen = 20 + 8 + plen, off = 0, j;
	uint8_t *ip, *udp;
	uint32_t sum;

	static const uint8_t dst[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const uint8_t src[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	off = 12;
	if (tagged) {
		b[off++] = 0x81; b[off++] = 0x00;
		b[off++] = EMU_VLAN_TCI >> 8; b[off++] = EMU_VLAN_TCI & 0xff;
	}
	b[off++] = 0x08; b[off++] = 0x00;
	ip = b + off;
	memset(ip, 0, 20);
	ip[0] = 0x45; ip[2] = iplen >> 8; ip[3] = iplen & 0xff;
	ip[4] = i >> 8; ip[5] = i & 0xff; ip[8] = 64; ip[9] = 17;
	ip[12] = 10; ip[13] = 0; ip[14] = 0; ip[15] = 1;
	ip[16] = 10; ip[17] = 0; ip[18] = 0; ip[19] = 2;
	udp = ip + 20;
	udp[0] = 0x30; udp[1] = 0x39; udp[2] = 0x13; udp[3] = 0x88;
	udp[4] = (8 + plen) >> 8; udp[5] = (8 + plen) & 0xff; udp[6] = udp[7] = 0;
	for (j = 0; j < plen; j++)
		udp[8 + j] = (uint8_t)(i * 7 + j);
	if (fill_csum) {
		uint16_t c = csum16(ip, 20, 0);

		ip[10] = c >> 8; ip[11] = c & 0xff;
		sum = (10u << 8) + 1 + (10u << 8) + 2 + 17 + 8 + plen;
		c = csum16(udp, 8 + plen, sum);
		if (c == 0)
			c = 0xffff;
		udp[6] = c >> 8; udp[7] = c & 0xff;
	}
	return off + iplen;
}

uint32_t emu_frame_tx(uint32_t i, uint32_t ol, uint8_t *buf)
{
	return frame(i, buf, !(ol & EMU_OL_CSUM), 0);
}

uint32_t emu_frame_wire(uint32_t i, uint32_t ol, uint8_t *buf)
{
	return frame(i, buf, 1, (ol & EMU_OL_VLAN) != 0);
}

/* ---- received frames ---- */
struct rxrec { uint8_t *f; uint32_t len; uint32_t flags; };
static struct rxrec *rx;
static uint32_t nrx, caprx;

static pthread_mutex_t rxlock = PTHREAD_MUTEX_INITIALIZER;

uint32_t emu_rx_count(void)
{
	uint32_t n;

	pthread_mutex_lock(&rxlock);
	n = nrx;
	pthread_mutex_unlock(&rxlock);
	return n;
}

void emu_rx_record(const uint8_t *f, uint32_t len, uint32_t flags)
{
	pthread_mutex_lock(&rxlock);
	if (nrx == caprx) {
		caprx = caprx ? 2 * caprx : 256;
		rx = realloc(rx, caprx * sizeof(*rx));
	}
	rx[nrx].f = malloc(len ? len : 1);
	memcpy(rx[nrx].f, f, len);
	rx[nrx].len = len;
	rx[nrx].flags = flags;
	nrx++;
	pthread_mutex_unlock(&rxlock);
}

int emu_verdict(const char *target, uint32_t n, uint32_t allowed_ol, long pkts_live,
		long bufs_live, long dma_live)
{
	uint8_t want[EMU_FRAME_MAX];
	uint32_t i, bad = 0, good_csum = 0, bad_csum = 0, n_ol_csum = 0, n_ol_vlan = 0;
	int ok;

	for (i = 0; i < nrx && i < n; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed_ol);
		uint32_t len = emu_frame_wire(i, ol, want);

		n_ol_csum += !!(ol & EMU_OL_CSUM);
		n_ol_vlan += !!(ol & EMU_OL_VLAN);
		/* the device may pad short frames to 60 bytes */
		if (rx[i].len < len || memcmp(rx[i].f, want, len) != 0) {
			if (bad < 5)
				fprintf(stderr, "L2: frame %u differs (got %u bytes, want %u)\n", i, rx[i].len, len);
			bad++;
		}
		good_csum += !!(rx[i].flags & EMU_RX_CSUM_GOOD);
		bad_csum += !!(rx[i].flags & EMU_RX_CSUM_BAD);
	}
	ok = nrx == n && bad == 0 && bad_csum == 0 && pkts_live == 0 && bufs_live == 0 && dma_live == 0;
	/* interrupts: vector 0 (the queue pair) must have been delivered */
	ok = ok && irq_count[0] > 0 && intr_mode == EMU_INTR_NONE;
	/* MSI-X: the link event the harness raised came on vector 1 */
	ok = ok && (intr_mode_seen != EMU_INTR_MSIX || irq_count[1] > 0);
	/* link: up at init, DOWN seen after the model's link went down, up again after */
	ok = ok && link_init_up && link_down_seen && link_up_again;
	/* capabilities: exactly what the hw layer offers and this OS can express */
	ok = ok && (!caps_set || caps_adv == (caps_hw & caps_mask));
	printf("L2 RESULT {\"target\": \"%s\", \"pass\": %s, \"sent\": %u, \"received\": %u, "
	       "\"mismatched\": %u, \"tx_csum_offloaded\": %u, \"tx_vlan_inserted\": %u, "
	       "\"rx_csum_good\": %u, \"rx_csum_bad\": %u, \"pkts_live\": %ld, \"bufs_live\": %ld, "
	       "\"dma_live\": %ld, \"mem_live\": %ld, \"intr_mode\": \"%s\", \"irqs\": [%u, %u], "
	       "\"intr_released\": %s, \"caps_set\": %s, \"caps_adv\": %u, \"caps_hw\": %u, "
	       "\"caps_mask\": %u, \"link_init_up\": %s, \"link_down_seen\": %s, "
	       "\"link_up_again\": %s, \"link_reports\": %u, \"link_downs\": %u, \"link_mbps\": %u, "
	       "\"link_duplex\": %d, \"transport\": \"%s\"}\n", target, ok ? "true" : "false", n, nrx, bad,
	       n_ol_csum, n_ol_vlan, good_csum, bad_csum, pkts_live, bufs_live, dma_live,
	       live[EMU_MEM], intr_mode_seen == EMU_INTR_NONE ? "line" : mode_name(intr_mode_seen),
	       irq_count[0], irq_count[1],
	       intr_mode == EMU_INTR_NONE ? "true" : "false", caps_set ? "true" : "false",
	       caps_adv, caps_hw, caps_mask, link_init_up ? "true" : "false",
	       link_down_seen ? "true" : "false", link_up_again ? "true" : "false", link_reports,
	       link_downs, link_up_mbps, link_up_duplex, emu_transport());
	for (i = 0; i < nrx; i++)
		free(rx[i].f);
	free(rx);
	return ok ? 0 : 1;
}

uint8_t emu_mmio_read8(uint32_t off)
{
	return (uint8_t)(emu_mmio_read(off & ~3u) >> (8u * (off & 3u)));
}

uint16_t emu_mmio_read16(uint32_t off)
{
	return (uint16_t)(emu_mmio_read(off & ~3u) >> (8u * (off & 2u)));
}

void emu_mmio_write8(uint32_t off, uint8_t val)
{
	uint32_t sh = 8u * (off & 3u);

	emu_mmio_write(off & ~3u, (emu_mmio_read(off & ~3u) & ~(0xffu << sh)) | (uint32_t)val << sh);
}

void emu_mmio_write16(uint32_t off, uint16_t val)
{
	uint32_t sh = 8u * (off & 2u);

	emu_mmio_write(off & ~3u, (emu_mmio_read(off & ~3u) & ~(0xffffu << sh)) | (uint32_t)val << sh);
}
