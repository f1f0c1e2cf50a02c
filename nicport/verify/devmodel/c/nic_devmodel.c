// SPDX-License-Identifier: GPL-2.0-only
/*
 * nic_devmodel.c - user-space model of a NIC descriptor engine (nicport verify/devmodel)
 *
 * Built once per driver with the nic_devmodel_cfg.h generated from that driver's IR:
 * register offsets (DM_R_*), descriptor member offsets (DM_L_*) and bits (DM_B_*).  Families:
 * DM_FAMILY_INTEL_LEGACY (8254x), DM_FAMILY_INTEL_EXTENDED (82574 RX), DM_FAMILY_INTEL_ADVANCED
 * (82576/82599), DM_FAMILY_VIRTIO_SPLIT (virtio 1.x split rings over virtio-mmio).
 * Device semantics follow the datasheets (8254x SDM ch. 3, 82574 7.1, 82576 7.1-7.2,
 * 82599 7.1-7.2, virtio 1.1 2.6 / 4.2 / 5.1.6): the L4 checksum field carries the driver's
 * pseudo-header seed (TSO: without the length, which the device adds per segment).
 */
#include <stdlib.h>
#include <string.h>

#include "nic_devmodel.h"
#include "nic_devmodel_cfg.h"

#define DM_MAX_PKT	(256u * 1024u)
#define DM_MAX_DEFER	64u
#define DM_Q		DM_MAX_QUEUES

#define PTR(a)		((uint8_t *)(uintptr_t)(a))

static inline __attribute__((unused)) uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline __attribute__((unused)) uint32_t ld32(const uint8_t *p)
{ return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static inline __attribute__((unused)) uint64_t ld64(const uint8_t *p) { return (uint64_t)ld32(p) | ((uint64_t)ld32(p + 4) << 32); }
static inline __attribute__((unused)) void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline __attribute__((unused)) void st32(uint8_t *p, uint32_t v) { st16(p, (uint16_t)v); st16(p + 2, (uint16_t)(v >> 16)); }
static inline __attribute__((unused)) uint16_t be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline __attribute__((unused)) void sbe16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline __attribute__((unused)) uint32_t be32(const uint8_t *p)
{ return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]; }
static inline __attribute__((unused)) void sbe32(uint8_t *p, uint32_t v) { sbe16(p, (uint16_t)(v >> 16)); sbe16(p + 2, (uint16_t)v); }

struct dm_frame {
	uint8_t		*data;
	uint32_t	len;
	uint16_t	q;
};

struct dm_defer {		/* a write-back held back (hostile reorder) */
	uint8_t		*dst;
	uint8_t		bytes[16];
	uint32_t	len;
	uint32_t	cause;
#ifdef DM_FAMILY_VIRTIO_SPLIT
	uint16_t	vq;
#endif
};

#ifdef DM_FAMILY_VIRTIO_SPLIT
#define DM_NVQ		(2 * DM_Q)
struct dm_vq {
	uint32_t	num, ready;
	uint64_t	desc, avail, used;
	uint16_t	last_avail, used_idx;
	uint16_t	msix;		/* queue_msix_vector (virtio-pci), DM_NO_VECTOR: none */
};
#define DM_NO_VECTOR	0xffffu
#define DM_PCI_COMMON	0x1000u	/* virtio-pci structures in the register window */
#define DM_PCI_ISR	0x2000u
#define DM_PCI_DEVCFG	0x2100u
#define DM_PCI_NOTIFY	0x3000u
#define DM_PCI_NOTIFY_MULT 4u
#endif

struct dm_ctx {			/* TX offload context (as the device latches it) */
	uint32_t	ipcss, ipcso, ipcse, tucss, tucso, tucse;
	uint32_t	mss, hdr_len;
	int		ipv4, tcp;
	uint16_t	vlan;		/* advanced: VLAN from the context */
};

struct nic_devmodel {
	struct nic_devmodel_cfg		cfg;
	uint32_t			regs[DM_MMIO_SIZE / 4];
	uint32_t			hostile, one_in, rng;
	int				link_up;
	struct nic_devmodel_stats	st;
	/* TX gather */
	uint8_t				pkt[DM_MAX_PKT];
	uint8_t				seg[DM_MAX_PKT / 4 + 256];
	struct dm_ctx			ctxq[DM_Q];
	/* capture + backlog */
	struct dm_frame			*cap;
	uint32_t			ncap, cap_max, cap_start;
	struct dm_frame			*bl;
	uint32_t			nbl, bl_head;
	struct dm_defer			defer[DM_MAX_DEFER];
	uint32_t			ndefer;
	uint16_t			cur_txq;
	/* MSI-X: vectors the OS allocated (0: MSI-X Enable clear); the queue / direction of
	 * the cause being raised (routing by IVAR / queue_msix_vector) */
	uint16_t			msix_nvec;
	uint16_t			raise_q;
	uint8_t				raise_dir;	/* DM_DIR_* */
#ifdef DM_FAMILY_VIRTIO_SPLIT
	struct dm_vq			vq[DM_NVQ];
	uint32_t			status, features_sel, dfeatures_sel, queue_sel, isr;
	uint64_t			dfeatures;
	uint16_t			msix_config;	/* virtio-pci configuration vector */
#endif
};

#define DM_DIR_RX	0
#define DM_DIR_TX	1
#define DM_DIR_NONE	2

/* ------------------------------------------------------------------ helpers */

static uint32_t dm_rand(struct nic_devmodel *dm)
{
	uint32_t x = dm->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	dm->rng = x ? x : 0x9e3779b9u;
	return dm->rng;
}

static int dm_fault(struct nic_devmodel *dm, uint32_t which)
{
	if (!(dm->hostile & which) || dm->one_in == 0)
		return 0;
	if (dm_rand(dm) % dm->one_in)
		return 0;
	dm->st.faults++;
	return 1;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void dm_raise(struct nic_devmodel *dm, uint32_t cause);

/* a cause of queue q, direction dir (routing needs both in MSI-X mode) */
static void dm_raise_q(struct nic_devmodel *dm, uint16_t q, uint8_t dir, uint32_t cause)
{
	dm->raise_q = q;
	dm->raise_dir = dir;
	dm_raise(dm, cause);
	dm->raise_dir = DM_DIR_NONE;
}

/* MSI-X: signal vector vec (< 0: the cause is routed to no valid vector).  Returns 1 when the
 * message was sent (so auto-clear / auto-mask apply), 0 when lost or dropped (hostile). */
static __attribute__((unused)) int dm_msix_send(struct nic_devmodel *dm, int vec)
{
	if (vec < 0 || (uint32_t)vec >= dm->msix_nvec) {
		dm->st.irqs_lost++;	/* as hardware: an unallocated / unmapped vector loses it */
		return 0;
	}
	if (dm_fault(dm, NIC_DM_DROP_IRQ)) {
		dm->st.irqs_dropped++;
		return 0;
	}
	dm->st.irqs++;
	if (dm->cfg.irq_vec)
		dm->cfg.irq_vec(dm->cfg.irq_ctx, (uint16_t)vec);
	return 1;
}

/* --------------------------------------------------------- wire: capture, loopback, backlog */

static uint8_t *dm_dup(const uint8_t *p, uint32_t len)
{
	uint8_t *d = malloc(len ? len : 1);

	if (d)
		memcpy(d, p, len);
	return d;
}

static int dm_rx_deliver(struct nic_devmodel *dm, uint16_t q, const uint8_t *f, uint32_t len);

static void dm_backlog_push(struct nic_devmodel *dm, uint16_t q, const uint8_t *f, uint32_t len)
{
	struct dm_frame *fr;

	if (dm->nbl >= dm->cfg.rx_backlog) {
		dm->st.rx_missed++;
		return;
	}
	fr = &dm->bl[(dm->bl_head + dm->nbl) % dm->cfg.rx_backlog];
	fr->data = dm_dup(f, len);
	if (!fr->data) {
		dm->st.rx_missed++;
		return;
	}
	fr->len = len;
	fr->q = q;
	dm->nbl++;
}

static uint32_t dm_backlog_drain(struct nic_devmodel *dm)
{
	uint32_t n = 0;

	while (dm->nbl) {
		struct dm_frame *fr = &dm->bl[dm->bl_head];

		if (dm_rx_deliver(dm, fr->q, fr->data, fr->len) != 0)
			break;
		free(fr->data);
		fr->data = NULL;
		dm->bl_head = (dm->bl_head + 1) % dm->cfg.rx_backlog;
		dm->nbl--;
		n++;
	}
	return n;
}

static void dm_wire(struct nic_devmodel *dm, uint16_t q, const uint8_t *f, uint32_t len)
{
	dm->st.tx_frames++;
	dm->st.tx_bytes += len;
	if (dm->cfg.capture) {
		struct dm_frame *c;

		if (dm->ncap == dm->cap_max) {	/* drop the oldest */
			free(dm->cap[dm->cap_start].data);
			dm->cap_start = (dm->cap_start + 1) % dm->cap_max;
			dm->ncap--;
		}
		c = &dm->cap[(dm->cap_start + dm->ncap) % dm->cap_max];
		c->data = dm_dup(f, len);
		c->len = len;
		c->q = q;
		if (c->data)
			dm->ncap++;
	}
	if (dm->cfg.loopback) {
		if (dm->nbl || dm_rx_deliver(dm, q, f, len) != 0) {
			if (dm->cfg.rx_backlog)
				dm_backlog_push(dm, q, f, len);
			else
				dm->st.rx_missed++;
		}
	}
}

/* ------------------------------------------------------------------ offloads */

struct dm_l3l4 {
	uint32_t	l3, l4, l4len, end;
	int		ipv4, ipv6, tcp, udp, ok;
};

/* parse Ethernet / 802.1Q / IPv4 / IPv6 / TCP / UDP (for RX checksum checks and virtio GSO) */
static struct dm_l3l4 dm_parse(const uint8_t *f, uint32_t len)
{
	struct dm_l3l4 r;
	uint32_t off = 14;
	uint16_t et;

	memset(&r, 0, sizeof(r));
	if (len < 14)
		return r;
	et = be16(f + 12);
	if (et == 0x8100 && len >= 18) {
		et = be16(f + 16);
		off = 18;
	}
	r.l3 = off;
	if (et == 0x0800 && len >= off + 20 && (f[off] >> 4) == 4) {
		uint32_t ihl = (uint32_t)(f[off] & 0xf) * 4, tot = be16(f + off + 2);

		if (ihl < 20 || off + ihl > len || tot < ihl || off + tot > len)
			return r;
		if (be16(f + off + 6) & 0x3fff)	/* fragment: no L4 checks */
			return r;
		r.ipv4 = 1;
		r.l4 = off + ihl;
		r.end = off + tot;
		r.tcp = f[off + 9] == 6;
		r.udp = f[off + 9] == 17;
	} else if (et == 0x86dd && len >= off + 40 && (f[off] >> 4) == 6) {
		uint32_t pl = be16(f + off + 4);

		if (off + 40 + pl > len)
			return r;
		r.ipv6 = 1;
		r.l4 = off + 40;
		r.end = off + 40 + pl;
		r.tcp = f[off + 6] == 6;
		r.udp = f[off + 6] == 17;
	} else {
		return r;
	}
	if (r.tcp && r.end >= r.l4 + 20)
		r.l4len = (uint32_t)(f[r.l4 + 12] >> 4) * 4;
	else if (r.udp && r.end >= r.l4 + 8)
		r.l4len = 8;
	else
		r.tcp = r.udp = 0;
	r.ok = 1;
	return r;
}

static uint32_t dm_pseudo(const uint8_t *f, const struct dm_l3l4 *p, uint32_t l4bytes)
{
	uint32_t s = 0;

	if (p->ipv4) {
		s = csum_add(0, f + p->l3 + 12, 8);
		s += p->tcp ? 6 : 17;
	} else {
		s = csum_add(0, f + p->l3 + 8, 32);
		s += p->tcp ? 6 : 17;
	}
	return s + l4bytes;
}

/* insert an 802.1Q tag after the MAC addresses */
static uint32_t dm_vlan_insert(uint8_t *f, uint32_t len, uint16_t tci)
{
	if (len < 12)
		return len;
	memmove(f + 16, f + 12, len - 12);
	sbe16(f + 12, 0x8100);
	sbe16(f + 14, tci);
	return len + 4;
}

/* checksums the device inserts for a (non-TSO) packet, per the context */
static __attribute__((unused)) void dm_apply_csum(uint8_t *f, uint32_t len, const struct dm_ctx *c, int ixsm, int txsm)
{
	if (txsm && c->tucss < len && c->tucso + 2 <= len) {
		uint32_t end = c->tucse ? c->tucse + 1 : len;
		uint16_t v;

		if (end > len)
			end = len;
		v = (uint16_t)~csum_fold(csum_add(0, f + c->tucss, end - c->tucss));
		if (!c->tcp && v == 0)
			v = 0xffff;
		sbe16(f + c->tucso, v);
	}
	if (ixsm && c->ipcss < len && c->ipcso + 2 <= len && c->ipcse < len && c->ipcse >= c->ipcss) {
		sbe16(f + c->ipcso, 0);
		sbe16(f + c->ipcso, (uint16_t)~csum_fold(csum_add(0, f + c->ipcss, c->ipcse + 1 - c->ipcss)));
	}
}

/*
 * TCP segmentation as the Intel devices do it (8254x SDM 3.5): header replicated, IPv4 total
 * length and ID, IPv6 payload length, TCP sequence number and FIN/PSH per segment, L4 checksum
 * = seed in the packet + this segment's TCP length + the segment bytes.
 */
static void dm_tso(struct nic_devmodel *dm, uint16_t q, uint8_t *pkt, uint32_t len, const struct dm_ctx *c,
    int ixsm, int vle, uint16_t tci, int from_scratch)
{
	uint32_t hdr = c->hdr_len, off, i = 0;
	uint32_t seq, ipid = 0;

	if (hdr >= len || c->mss == 0 || c->tucss + 20 > hdr || c->ipcss + 20 > hdr) {
		dm->st.tx_bad_desc++;
		return;
	}
	seq = be32(pkt + c->tucss + 4);
	if (c->ipv4)
		ipid = be16(pkt + c->ipcss + 4);
	for (off = hdr; off < len; off += c->mss, i++) {
		uint32_t plen = len - off < c->mss ? len - off : c->mss;
		uint32_t slen = hdr + plen, tcplen = slen - c->tucss;
		uint8_t *s = dm->seg;
		int last = off + plen >= len;
		uint32_t sum;

		memcpy(s, pkt, hdr);
		memcpy(s + hdr, pkt + off, plen);
		if (c->ipv4) {
			sbe16(s + c->ipcss + 2, (uint16_t)(slen - c->ipcss));
			sbe16(s + c->ipcss + 4, (uint16_t)(ipid + i));
		} else {
			sbe16(s + c->ipcss + 4, (uint16_t)(slen - c->ipcss - 40));
		}
		sbe32(s + c->tucss + 4, seq + (off - hdr));
		if (!last)
			s[c->tucss + 13] &= (uint8_t)~0x09;	/* FIN, PSH only on the last segment */
		if (from_scratch) {
			struct dm_l3l4 p = dm_parse(s, slen);

			sbe16(s + c->tucss + 16, 0);
			sum = dm_pseudo(s, &p, tcplen);
		} else {
			sum = tcplen;	/* the seed (pseudo header without length) is in the field */
		}
		sum = csum_add(sum, s + c->tucss, tcplen);
		sbe16(s + c->tucss + 16, (uint16_t)~csum_fold(sum));
		if (c->ipv4 && (ixsm || from_scratch)) {
			sbe16(s + c->ipcss + 10, 0);
			sbe16(s + c->ipcss + 10,
			    (uint16_t)~csum_fold(csum_add(0, s + c->ipcss, c->tucss - c->ipcss)));
		}
		if (vle)
			slen = dm_vlan_insert(s, slen, tci);
		dm->st.tx_tso_segments++;
		dm_wire(dm, q, s, slen);
	}
}

/* RX checksum verification, as the device reports it */
struct dm_rxck {
	int	ipcs, l4cs, udp, ipe, l4e;
};

static struct dm_rxck dm_rx_check(const uint8_t *f, uint32_t len)
{
	struct dm_rxck r;
	struct dm_l3l4 p = dm_parse(f, len);

	memset(&r, 0, sizeof(r));
	if (!p.ok)
		return r;
	if (p.ipv4) {
		r.ipcs = 1;
		r.ipe = csum_fold(csum_add(0, f + p.l3, p.l4 - p.l3)) != 0xffff;
	}
	if (p.tcp || p.udp) {
		uint32_t l4bytes = p.end - p.l4;

		if (p.udp && be16(f + p.l4 + 6) == 0 && p.ipv4) {
			r.udp = 1;
			return r;	/* no UDP checksum: nothing to check */
		}
		r.l4cs = 1;
		r.udp = p.udp;
		r.l4e = csum_fold(csum_add(dm_pseudo(f, &p, l4bytes), f + p.l4, l4bytes)) != 0xffff;
	}
	return r;
}

/* ------------------------------------------------------------------ deferred write-backs */

static void dm_defer_flush(struct nic_devmodel *dm);

static __attribute__((unused)) void dm_writeback(struct nic_devmodel *dm, uint8_t *dst, const uint8_t *bytes, uint32_t len,
    uint32_t cause, uint16_t vq)
{
	(void)vq;
	if (dm->ndefer < DM_MAX_DEFER && dm_fault(dm, NIC_DM_WB_REORDER)) {
		struct dm_defer *d = &dm->defer[dm->ndefer++];

		d->dst = dst;
		memcpy(d->bytes, bytes, len);
		d->len = len;
		d->cause = cause;
#ifdef DM_FAMILY_VIRTIO_SPLIT
		d->vq = vq;
#endif
		return;
	}
	memcpy(dst, bytes, len);
}

#ifndef DM_FAMILY_VIRTIO_SPLIT
/* =================================================================== Intel families */

#define R(off)		(dm->regs[(off) / 4])

static uint64_t dm_ring_base(struct nic_devmodel *dm, uint32_t lo, uint32_t hi)
{
	return ((uint64_t)R(hi) << 32) | R(lo);
}

static int dm_tx_enabled(struct nic_devmodel *dm, uint16_t q)
{
	(void)q;
#if defined(DM_VARIANT_IXGBE)
	return (R(DM_R_TX_DMA_CTRL) & DM_B_DMATXCTL_TE) && (R(DM_R_TXDCTL(q)) & DM_B_TXDCTL_ENABLE);
#elif defined(DM_R_TXDCTL)
	return (R(DM_R_TX_CTRL) & DM_B_TCTL_EN) && (R(DM_R_TXDCTL(q)) & DM_B_TXDCTL_ENABLE);
#else
	return (R(DM_R_TX_CTRL) & DM_B_TCTL_EN) != 0;
#endif
}

static int dm_rx_enabled(struct nic_devmodel *dm, uint16_t q)
{
	(void)q;
#if defined(DM_VARIANT_IXGBE)
	return (R(DM_R_RX_CTRL) & DM_B_RXCTRL_RXEN) && (R(DM_R_RXDCTL(q)) & DM_B_RXDCTL_ENABLE);
#elif defined(DM_R_RXDCTL)
	return (R(DM_R_RX_CTRL) & DM_B_RCTL_EN) && (R(DM_R_RXDCTL(q)) & DM_B_RXDCTL_ENABLE);
#elif defined(DM_FAMILY_INTEL_EXTENDED)
	return (R(DM_R_RX_CTRL) & DM_B_RCTL_EN) && (R(DM_R_RFCTL) & DM_B_RFCTL_EXTEN);
#else
	return (R(DM_R_RX_CTRL) & DM_B_RCTL_EN) != 0;
#endif
}

static uint32_t dm_rx_buf_size(struct nic_devmodel *dm, uint16_t q)
{
#if defined(DM_FAMILY_INTEL_ADVANCED)
	uint32_t kb = R(DM_R_SRRCTL(q)) & 0x7f;

	return kb ? kb * 1024u : 2048u;
#else
	uint32_t r = R(DM_R_RX_CTRL), sz = (r >> 16) & 3;

	(void)q;
#ifdef DM_B_RCTL_BSEX
	if (r & DM_B_RCTL_BSEX)
		return sz == 1 ? 16384u : sz == 2 ? 8192u : sz == 3 ? 4096u : 2048u;
#endif
	return sz == 0 ? 2048u : sz == 1 ? 1024u : sz == 2 ? 512u : 256u;
#endif
}

#define TX_CAUSE_BIT	DM_TX_CAUSE
#define RX_CAUSE_BIT	DM_RX_CAUSE

/* The packet being gathered from TX descriptors. */
struct dm_txpkt {
	uint32_t	len;
	int		ixsm, txsm, tse, vle, ic, bad;
	uint16_t	tci;
	uint32_t	css, cso;	/* legacy IC */
};

static void dm_tx_emit(struct nic_devmodel *dm, uint16_t q, struct dm_txpkt *t)
{
	uint32_t len = t->len;

	dm->st.tx_packets++;
	if (t->bad || len == 0) {
		dm->st.tx_bad_desc++;
		return;
	}
	if (t->tse) {
		dm_tso(dm, q, dm->pkt, len, &dm->ctxq[q], t->ixsm, t->vle, t->tci, 0);
		return;
	}
	if (t->ic && t->css < len && t->cso + 2 <= len) {	/* legacy checksum insertion */
		sbe16(dm->pkt + t->cso, (uint16_t)~csum_fold(csum_add(0, dm->pkt + t->css, len - t->css)));
	}
	dm_apply_csum(dm->pkt, len, &dm->ctxq[q], t->ixsm, t->txsm);
	if (t->vle)
		len = dm_vlan_insert(dm->pkt, len, t->tci);
	dm_wire(dm, q, dm->pkt, len);
}

/* Process TX descriptors of queue q from head up to the last complete packet before tail. */
static void dm_tx_process(struct nic_devmodel *dm, uint16_t q)
{
	uint64_t base = dm_ring_base(dm, DM_R_TX_BASE_LO(q), DM_R_TX_BASE_HI(q));
	uint32_t n = R(DM_R_TX_LEN(q)) / DM_L_TX_DATA_SIZE;
	uint32_t head = R(DM_R_TX_HEAD(q)), tail = R(DM_R_TX_TAIL(q));
	int wrote = 0;

	if (!dm_tx_enabled(dm, q) || n == 0 || base == 0 || head >= n || tail >= n)
		return;
	while (head != tail) {
		struct dm_txpkt t;
		uint32_t i = head, end;
		int complete = 0;

		/* find the EOP before tail: a packet without it is left for later */
		for (end = head; end != tail; end = (end + 1) % n) {
			uint8_t *d = PTR(base) + (uint64_t)end * DM_L_TX_DATA_SIZE;
#if defined(DM_FAMILY_INTEL_ADVANCED)
			uint32_t ctl = ld32(d + DM_L_TX_DATA_READ_CMD_TYPE_LEN_OFF);

			if ((ctl & DM_B_ADVTXD_DTYP_DATA) == DM_B_ADVTXD_DTYP_DATA && (ctl & DM_B_ADVTXD_DCMD_EOP)) {
#else
			uint32_t lower = ld32(d + DM_L_TX_DATA_LOWER_DATA_OFF);
			int ctxd = (lower & DM_B_TXD_CMD_DEXT) && !(lower & DM_B_TXD_DTYP_D);

			if (!ctxd && (lower & DM_B_TXD_CMD_EOP)) {
#endif
				complete = 1;
				break;
			}
		}
		if (!complete)
			break;
		memset(&t, 0, sizeof(t));
		for (;;) {
			uint8_t *d = PTR(base) + (uint64_t)i * DM_L_TX_DATA_SIZE;
			int eop = 0, rs = 0;
			uint64_t addr;
			uint32_t blen;
#if defined(DM_FAMILY_INTEL_ADVANCED)
			uint32_t ctl = ld32(d + DM_L_TX_DATA_READ_CMD_TYPE_LEN_OFF);

			if ((ctl & DM_B_ADVTXD_DTYP_DATA) == DM_B_ADVTXD_DTYP_CTXT) {
				uint32_t vml = ld32(d + DM_L_TX_CONTEXT_VLAN_MACIP_LENS_OFF);
				uint32_t tucmd = ld32(d + DM_L_TX_CONTEXT_TYPE_TUCMD_MLHL_OFF);
				uint32_t mli = ld32(d + DM_L_TX_CONTEXT_MSS_L4LEN_IDX_OFF);
				uint32_t maclen = (vml >> DM_B_ADVTXD_MACLEN_SHIFT) & 0x7f, iplen = vml & 0x1ff;

				dm->ctxq[q].ipv4 = (tucmd & DM_B_ADVTXD_TUCMD_IPV4) != 0;
				dm->ctxq[q].tcp = (tucmd & 0x1800) == DM_B_ADVTXD_TUCMD_L4T_TCP;
				dm->ctxq[q].ipcss = maclen;
				dm->ctxq[q].ipcso = maclen + 10;
				dm->ctxq[q].ipcse = maclen + iplen - 1;
				dm->ctxq[q].tucss = maclen + iplen;
				dm->ctxq[q].tucso = dm->ctxq[q].tucss + (dm->ctxq[q].tcp ? 16 : 6);
				dm->ctxq[q].tucse = 0;
				dm->ctxq[q].mss = mli >> DM_B_ADVTXD_MSS_SHIFT;
				dm->ctxq[q].hdr_len = maclen + iplen + ((mli >> DM_B_ADVTXD_L4LEN_SHIFT) & 0xff);
				dm->ctxq[q].vlan = (uint16_t)(vml >> DM_B_ADVTXD_VLAN_SHIFT);
			} else if ((ctl & DM_B_ADVTXD_DTYP_DATA) == DM_B_ADVTXD_DTYP_DATA) {
				uint32_t olinfo = ld32(d + DM_L_TX_DATA_READ_OLINFO_STATUS_OFF);

				addr = ld64(d + DM_L_TX_DATA_READ_BUFFER_ADDR_OFF);
				blen = ctl & 0xffff;
				if (t.len == 0) {
					uint32_t popts = olinfo >> DM_B_ADVTXD_POPTS_SHIFT;

					t.ixsm = (popts & DM_B_TXD_POPTS_IXSM) != 0;
					t.txsm = (popts & DM_B_TXD_POPTS_TXSM) != 0;
					t.tse = (ctl & DM_B_ADVTXD_DCMD_TSE) != 0;
					t.vle = (ctl & DM_B_ADVTXD_DCMD_VLE) != 0;
					t.tci = dm->ctxq[q].vlan;
				}
				if (addr == 0 || t.len + blen > DM_MAX_PKT)
					t.bad = 1;
				else
					memcpy(dm->pkt + t.len, PTR(addr), blen), t.len += blen;
				eop = (ctl & DM_B_ADVTXD_DCMD_EOP) != 0;
				rs = (ctl & DM_B_ADVTXD_DCMD_RS) != 0;
			} else {
				t.bad = 1;
			}
#else
			uint32_t lower = ld32(d + DM_L_TX_DATA_LOWER_DATA_OFF);
			uint32_t upper = ld32(d + DM_L_TX_DATA_UPPER_DATA_OFF);

			if ((lower & DM_B_TXD_CMD_DEXT) && !(lower & DM_B_TXD_DTYP_D)) {
				/* TCP/IP context descriptor */
				uint32_t cl = ld32(d + DM_L_TX_CONTEXT_CMD_AND_LENGTH_OFF);

				dm->ctxq[q].ipcss = d[DM_L_TX_CONTEXT_LOWER_SETUP_IP_FIELDS_IPCSS_OFF];
				dm->ctxq[q].ipcso = d[DM_L_TX_CONTEXT_LOWER_SETUP_IP_FIELDS_IPCSO_OFF];
				dm->ctxq[q].ipcse = ld16(d + DM_L_TX_CONTEXT_LOWER_SETUP_IP_FIELDS_IPCSE_OFF);
				dm->ctxq[q].tucss = d[DM_L_TX_CONTEXT_UPPER_SETUP_TCP_FIELDS_TUCSS_OFF];
				dm->ctxq[q].tucso = d[DM_L_TX_CONTEXT_UPPER_SETUP_TCP_FIELDS_TUCSO_OFF];
				dm->ctxq[q].tucse = ld16(d + DM_L_TX_CONTEXT_UPPER_SETUP_TCP_FIELDS_TUCSE_OFF);
				dm->ctxq[q].mss = ld16(d + DM_L_TX_CONTEXT_TCP_SEG_SETUP_FIELDS_MSS_OFF);
				dm->ctxq[q].hdr_len = d[DM_L_TX_CONTEXT_TCP_SEG_SETUP_FIELDS_HDR_LEN_OFF];
				dm->ctxq[q].ipv4 = (cl & DM_B_TXD_CMD_IP) != 0;
				dm->ctxq[q].tcp = (cl & DM_B_TXD_CMD_TCP) != 0;
				rs = (cl & DM_B_TXD_CMD_RS) != 0;
			} else {
				if (t.len == 0) {
					t.vle = (lower & DM_B_TXD_CMD_VLE) != 0;
					t.tci = (uint16_t)(upper >> 16);
					if (lower & DM_B_TXD_CMD_DEXT) {
						uint32_t popts = (upper >> 8) & 0xff;

						t.ixsm = (popts & DM_B_TXD_POPTS_IXSM) != 0;
						t.txsm = (popts & DM_B_TXD_POPTS_TXSM) != 0;
						t.tse = (lower & DM_B_TXD_CMD_TSE) != 0;
					} else {
						t.ic = (lower & DM_B_TXD_CMD_IC) != 0;
						t.cso = (lower >> 16) & 0xff;
						t.css = (upper >> 8) & 0xff;
					}
				}
				addr = ld64(d + DM_L_TX_DATA_BUFFER_ADDR_OFF);
				blen = (lower & DM_B_TXD_CMD_DEXT) ? (lower & 0xfffff) : (lower & 0xffff);
				if (addr == 0 || t.len + blen > DM_MAX_PKT)
					t.bad = 1;
				else
					memcpy(dm->pkt + t.len, PTR(addr), blen), t.len += blen;
				eop = (lower & DM_B_TXD_CMD_EOP) != 0;
				rs = (lower & DM_B_TXD_CMD_RS) != 0;
			}
#endif
			if (rs) {	/* descriptor done: write back DD */
#if defined(DM_FAMILY_INTEL_ADVANCED)
				uint8_t wb[4];

				st32(wb, DM_B_TXD_STAT_DD);
				dm_writeback(dm, d + DM_L_TX_DATA_WB_STATUS_OFF, wb, 4, 0, 0);
#else
				uint8_t wb[1] = { (uint8_t)(d[DM_L_TX_DATA_UPPER_FIELDS_STATUS_OFF] | DM_B_TXD_STAT_DD) };

				dm_writeback(dm, d + DM_L_TX_DATA_UPPER_FIELDS_STATUS_OFF, wb, 1, 0, 0);
#endif
				wrote = 1;
			}
			i = (i + 1) % n;
			if (eop)
				break;
		}
		head = i;
		R(DM_R_TX_HEAD(q)) = head;
		dm_tx_emit(dm, q, &t);
	}
	/* hostile: DD on descriptors the driver has not handed over (beyond tail) */
	if (dm_fault(dm, NIC_DM_EARLY_DD)) {
		uint8_t *d = PTR(base) + (uint64_t)tail * DM_L_TX_DATA_SIZE;
#if defined(DM_FAMILY_INTEL_ADVANCED)
		st32(d + DM_L_TX_DATA_WB_STATUS_OFF, DM_B_TXD_STAT_DD);
#else
		d[DM_L_TX_DATA_UPPER_FIELDS_STATUS_OFF] |= DM_B_TXD_STAT_DD;
#endif
	}
	if (wrote)
		dm_raise_q(dm, q, DM_DIR_TX, TX_CAUSE_BIT);
}

/* Write one frame into RX descriptors of queue q (several when it exceeds a buffer). */
static int dm_rx_deliver(struct nic_devmodel *dm, uint16_t q, const uint8_t *f, uint32_t len)
{
	uint64_t base;
	uint32_t n, head, tail, bsz, need, avail, off = 0;
	struct dm_rxck ck;

	if (q >= DM_Q || !dm_rx_enabled(dm, q))
		q = 0;
	if (!dm_rx_enabled(dm, q))
		return -1;
	base = dm_ring_base(dm, DM_R_RX_BASE_LO(q), DM_R_RX_BASE_HI(q));
	n = R(DM_R_RX_LEN(q)) / DM_L_RX_SIZE;
	head = R(DM_R_RX_HEAD(q));
	tail = R(DM_R_RX_TAIL(q));
	bsz = dm_rx_buf_size(dm, q);
	if (n == 0 || base == 0 || head >= n || tail >= n)
		return -1;
	avail = (tail + n - head) % n;
	need = (len + bsz - 1) / bsz;
	if (need == 0)
		need = 1;
	if (avail < need) {
#ifdef DM_B_ICR_RXO
		dm_raise(dm, DM_B_ICR_RXO);
#endif
		return -1;
	}
	ck = dm_rx_check(f, len);
	while (off < len || need) {
		uint8_t *d = PTR(base) + (uint64_t)head * DM_L_RX_SIZE;
		uint32_t chunk = len - off < bsz ? len - off : bsz, wlen;
		int last = off + chunk >= len;
		uint32_t status = DM_B_RXD_STAT_DD, errors = 0;
		uint64_t addr;
		uint8_t wb[16];

#if defined(DM_FAMILY_INTEL_ADVANCED)
		addr = ld64(d + DM_L_RX_READ_PKT_ADDR_OFF);
#elif defined(DM_FAMILY_INTEL_EXTENDED)
		addr = ld64(d + DM_L_RX_READ_BUFFER_ADDR_OFF);
#else
		addr = ld64(d + DM_L_RX_BUFFER_ADDR_OFF);
#endif
		if (addr)
			memcpy(PTR(addr), f + off, chunk);
		if (last) {
			status |= DM_B_RXD_STAT_EOP;
#ifdef DM_B_RXD_STAT_IPCS
			if (ck.ipcs)
				status |= DM_B_RXD_STAT_IPCS;
#endif
			if (ck.l4cs)
				status |= ck.udp ? DM_B_RXD_STAT_UDPCS : DM_L4CS_BIT;
#if defined(DM_FAMILY_INTEL_ADVANCED)
			if (ck.ipe)
				errors |= DM_B_RXDADV_ERR_IPE;
			if (ck.l4e)
				errors |= DM_B_RXDADV_ERR_TCPE;
#else
			if (ck.ipe)
				errors |= DM_B_RXD_ERR_IPE;
			if (ck.l4e)
				errors |= DM_B_RXD_ERR_TCPE;
#endif
		}
		wlen = chunk;
		if (dm_fault(dm, NIC_DM_BOGUS_LEN))
			wlen = (dm_rand(dm) & 1) ? 0 : (bsz + 1 + dm_rand(dm) % 4096) & 0xffff;
		memset(wb, 0, sizeof(wb));
#if defined(DM_FAMILY_INTEL_ADVANCED)
		st32(wb + DM_L_RX_WB_UPPER_STATUS_ERROR_OFF - 8, status | errors);
		st16(wb + DM_L_RX_WB_UPPER_LENGTH_OFF - 8, (uint16_t)wlen);
		memset(d, 0, 8);	/* pkt_info / hdr_info / rss: no RSS */
		dm_writeback(dm, d + 8, wb, 8, 0, 0);
#elif defined(DM_FAMILY_INTEL_EXTENDED)
		st32(wb + DM_L_RX_WB_UPPER_STATUS_ERROR_OFF - 8, status | (errors << 24));
		st16(wb + DM_L_RX_WB_UPPER_LENGTH_OFF - 8, (uint16_t)wlen);
		memset(d, 0, 8);	/* mrq / rss */
		dm_writeback(dm, d + 8, wb, 8, 0, 0);
#else
		st16(wb + DM_L_RX_LENGTH_OFF - 8, (uint16_t)wlen);
		wb[DM_L_RX_STATUS_OFF - 8] = (uint8_t)status;
		wb[DM_L_RX_ERRORS_OFF - 8] = (uint8_t)errors;
		dm_writeback(dm, d + 8, wb, 8, 0, 0);
#endif
		dm->st.rx_descs++;
		head = (head + 1) % n;
		off += chunk;
		if (need)
			need--;
		if (last)
			break;
	}
	R(DM_R_RX_HEAD(q)) = head;
	dm->st.rx_frames++;
	/* hostile: DD on the descriptor at tail, which the driver still owns */
	if (dm_fault(dm, NIC_DM_EARLY_DD) && ((tail + n - head) % n) != 0) {
		uint8_t *d = PTR(base) + (uint64_t)tail * DM_L_RX_SIZE;
#if defined(DM_FAMILY_INTEL_ADVANCED) || defined(DM_FAMILY_INTEL_EXTENDED)
		st32(d + DM_L_RX_WB_UPPER_STATUS_ERROR_OFF, ld32(d + DM_L_RX_WB_UPPER_STATUS_ERROR_OFF) | DM_B_RXD_STAT_DD);
#else
		d[DM_L_RX_STATUS_OFF] |= DM_B_RXD_STAT_DD;
#endif
	}
	{
		uint32_t cause = RX_CAUSE_BIT;
		uint32_t left = (R(DM_R_RX_TAIL(q)) + n - head) % n;

#ifdef DM_B_ICR_RXDMT0
		if (left < n / 2)
			cause |= DM_B_ICR_RXDMT0;
#else
		(void)left;
#endif
		dm_raise_q(dm, q, DM_DIR_RX, cause);
	}
	return 0;
}

static uint32_t dm_cause_reg(void) { return DM_R_IRQ_CAUSE; }

/* ------------------------------------------------------------------ Intel MSI-X */
#ifdef DM_MSIX_MAX

#if defined(DM_MSIX_E1000E)
/*
 * 82574 (datasheet 7.4.2 / 10.2.4.9; e1000_configure_msix): in MSI-X mode the queue causes
 * RXQ0 / TXQ0 and "Other" (any other cause: link, RX overrun, ...) each go to the vector of
 * their IVAR entry (3-bit vector + INT_ALLOC_VALID), masked by their IMS bit; EIAC_82574
 * clears a cause when its message is sent.  No valid entry: the message is lost.
 */
#define DM_MSIX_ACTIVE(dm)	((dm)->msix_nvec != 0)
#define DM_E_QUEUE_BITS	(DM_B_ICR_RXQ0 | DM_B_ICR_TXQ0)

static void dm_msix_fire(struct nic_devmodel *dm, uint32_t bits)
{
	static const uint32_t src[3] = { DM_B_ICR_RXQ0, DM_B_ICR_TXQ0, DM_B_ICR_OTHER };
	static const uint32_t shift[3] = { 0, 8, 16 };
	uint32_t i;

	for (i = 0; i < 3; i++) {
		uint32_t b = src[i], e = (R(DM_R_IVAR) >> shift[i]) & 0xfu;

		if (!(bits & b) || !(R(DM_R_IRQ_CAUSE) & b) || !(DM_IRQ_MASK_REG(dm) & b))
			continue;
		if (dm_msix_send(dm, (e & DM_B_IVAR_INT_ALLOC_VALID) ? (int)(e & 7u) : -1) &&
		    (R(DM_R_EIAC_82574) & b))
			R(DM_R_IRQ_CAUSE) &= ~b;
	}
}

static void dm_msix_raise(struct nic_devmodel *dm, uint32_t cause)
{
	if (cause & DM_RX_CAUSE)
		cause |= DM_B_ICR_RXQ0;
	if (cause & DM_TX_CAUSE)
		cause |= DM_B_ICR_TXQ0;
	if (cause & ~(DM_RX_CAUSE | DM_TX_CAUSE | DM_B_ICR_RXDMT0 | DM_E_QUEUE_BITS | DM_B_ICR_OTHER))
		cause |= DM_B_ICR_OTHER;
	R(DM_R_IRQ_CAUSE) |= cause;
	dm_msix_fire(dm, cause);
}

static void dm_msix_unmask(struct nic_devmodel *dm, uint32_t val)
{
	dm_msix_fire(dm, val & R(DM_R_IRQ_CAUSE));
}

#elif defined(DM_MSIX_IGB)
/*
 * 82576 (datasheet 7.3; igb_configure_msix / igb_assign_vector): with GPIE.MSIX_MODE, a queue
 * cause sets the EICR bit of the vector in its IVAR0 entry (8 bits: vector | IVAR_VALID,
 * column-major: entry q & 7 of IVAR0[q & 7], RX at bit (q & 8) << 1, TX 8 above); the other
 * causes (ICR, masked by IMS) set the EICR bit of the IVAR_MISC vector.  EIMS masks, EIAC
 * auto-clears, EIAM (GPIE.EIAME) auto-masks when the message is sent.
 */
#define DM_MSIX_ACTIVE(dm)	((dm)->msix_nvec != 0 && (R(DM_R_GPIE) & DM_B_GPIE_MSIX_MODE))

static int dm_igb_entry(uint32_t e)
{
	return (e & DM_B_IVAR_VALID) ? (int)(e & 0x1fu) : -1;
}

static void dm_msix_fire(struct nic_devmodel *dm, uint32_t ebits)
{
	uint32_t v;

	for (v = 0; v < 32; v++) {
		uint32_t b = 1u << v;

		if (!(ebits & b) || !(R(DM_R_EICR) & b) || !(R(DM_R_EIMS) & b))
			continue;
		if (dm_msix_send(dm, (int)v)) {
			R(DM_R_EICR) &= ~(b & R(DM_R_EIAC));
			if (R(DM_R_GPIE) & DM_B_GPIE_EIAME)
				R(DM_R_EIMS) &= ~(b & R(DM_R_EIAM));
		}
	}
}

static void dm_msix_vector(struct nic_devmodel *dm, int v, uint32_t *ebits)
{
	if (v < 0 || v >= 32) {
		dm->st.irqs_lost++;
		return;
	}
	R(DM_R_EICR) |= 1u << v;
	*ebits |= 1u << v;
}

static void dm_msix_raise(struct nic_devmodel *dm, uint32_t cause)
{
	uint32_t q = dm->raise_q, ebits = 0, other;

	if (dm->raise_dir != DM_DIR_NONE && (cause & (DM_RX_CAUSE | DM_TX_CAUSE))) {
		uint32_t ivar = R(DM_R_IVAR0 + 4u * (q & 7u)), sh = ((q & 8u) << 1) + (dm->raise_dir == DM_DIR_TX ? 8u : 0u);

		dm_msix_vector(dm, dm_igb_entry((ivar >> sh) & 0xffu), &ebits);
	}
	other = cause & ~(DM_RX_CAUSE | DM_TX_CAUSE | DM_B_ICR_RXDMT0);
	if (other) {
		R(DM_R_IRQ_CAUSE) |= other;
		if (other & DM_IRQ_MASK_REG(dm))
			dm_msix_vector(dm, dm_igb_entry((R(DM_R_IVAR_MISC) >> 8) & 0xffu), &ebits);
	}
	dm_msix_fire(dm, ebits);
}

static void dm_msix_unmask(struct nic_devmodel *dm, uint32_t val)
{
	uint32_t ebits = 0;

	if (R(DM_R_IRQ_CAUSE) & val)
		dm_msix_vector(dm, dm_igb_entry((R(DM_R_IVAR_MISC) >> 8) & 0xffu), &ebits);
	dm_msix_fire(dm, ebits);
}

#elif defined(DM_MSIX_IXGBE)
/*
 * 82599 (datasheet 7.3.1; ixgbe_configure_msix / ixgbe_set_ivar): with GPIE.MSIX_MODE, a queue
 * cause sets EICR bit v (v < 16) of the vector in its IVAR entry (IVAR(q >> 1), byte
 * 2 * (q & 1) + direction: vector | IVAR_ALLOC_VAL); other causes (LSC, ...) set their own
 * EICR bits and signal the IVAR_MISC vector (byte 1).  EIMS masks, EIAC auto-clears, EIAM_EX
 * (GPIE.EIAME) auto-masks.
 */
#define DM_MSIX_ACTIVE(dm)	((dm)->msix_nvec != 0 && (R(DM_R_GPIE) & DM_B_GPIE_MSIX_MODE))

static int dm_ixgbe_entry(uint32_t e)
{
	return (e & DM_B_IVAR_ALLOC_VAL) ? (int)(e & 0x3fu) : -1;
}

static void dm_msix_fire(struct nic_devmodel *dm, uint32_t bits)
{
	uint32_t v, pend = R(DM_R_IRQ_CAUSE) & DM_IRQ_MASK_REG(dm);

	for (v = 0; v < 16; v++) {
		uint32_t b = 1u << v;

		if (!(bits & b) || !(pend & b))
			continue;
		if (dm_msix_send(dm, (int)v)) {
			R(DM_R_IRQ_CAUSE) &= ~(b & R(DM_R_EIAC));
			if (R(DM_R_GPIE) & DM_B_GPIE_EIAME)
				DM_IRQ_MASK_REG(dm) &= ~(b & R(DM_R_EIAM_EX0));
		}
	}
	if (bits & pend & ~0xffffu) {
		uint32_t b = bits & pend & ~0xffffu;

		if (dm_msix_send(dm, dm_ixgbe_entry((R(DM_R_IVAR_MISC) >> 8) & 0xffu)))
			R(DM_R_IRQ_CAUSE) &= ~(b & R(DM_R_EIAC));
	}
}

static void dm_msix_raise(struct nic_devmodel *dm, uint32_t cause)
{
	uint32_t q = dm->raise_q, bits = cause & ~0xffffu;

	if (dm->raise_dir != DM_DIR_NONE && (cause & 0xffffu)) {
		uint32_t ivar = R(DM_R_IVAR0 + 4u * (q >> 1)), sh = 16u * (q & 1u) + (dm->raise_dir == DM_DIR_TX ? 8u : 0u);
		int v = dm_ixgbe_entry((ivar >> sh) & 0xffu);

		if (v < 0 || v >= 16)
			dm->st.irqs_lost++;
		else
			bits |= 1u << v;
	}
	R(DM_R_IRQ_CAUSE) |= bits;
	dm_msix_fire(dm, bits);
}

static void dm_msix_unmask(struct nic_devmodel *dm, uint32_t val)
{
	dm_msix_fire(dm, val);
}
#endif
#endif /* DM_MSIX_MAX */

static void dm_raise(struct nic_devmodel *dm, uint32_t cause)
{
#ifdef DM_MSIX_MAX
	if (DM_MSIX_ACTIVE(dm)) {
		dm_msix_raise(dm, cause);
		return;
	}
#endif
	R(DM_R_IRQ_CAUSE) |= cause;
	if (!(R(DM_R_IRQ_CAUSE) & DM_IRQ_MASK_REG(dm)))
		return;
	if (dm_fault(dm, NIC_DM_DROP_IRQ)) {
		dm->st.irqs_dropped++;
		return;
	}
	dm->st.irqs++;
	if (dm->msix_nvec) {	/* MSI-X on, the device in its one-vector mode: entry 0 */
		if (dm->cfg.irq_vec)
			dm->cfg.irq_vec(dm->cfg.irq_ctx, 0);
	} else if (dm->cfg.irq) {
		dm->cfg.irq(dm->cfg.irq_ctx);
	}
}

static void dm_defer_flush(struct nic_devmodel *dm)
{
	uint32_t i;

	for (i = 0; i < dm->ndefer; i++)
		memcpy(dm->defer[i].dst, dm->defer[i].bytes, dm->defer[i].len);
	dm->ndefer = 0;
}

uint32_t nic_devmodel_mmio_read(struct nic_devmodel *dm, uint32_t off)
{
	uint32_t v;

	dm->st.mmio_reads++;
	if (off >= DM_MMIO_SIZE || (off & 3))
		return 0xffffffffu;
#ifdef DM_MSIX_IXGBE
	if (off == DM_R_IRQ_CAUSE_SET)	/* EICS reads EICR without clearing it (ixgbe_msix_other) */
		return R(DM_R_IRQ_CAUSE);
#endif
	v = R(off);
	if (off == dm_cause_reg())	/* read to clear */
		R(off) = 0;
#if defined(DM_LINK_E1000)
	/* STATUS: link up at 1000 Mb/s full duplex (as QEMU's 8254x / 82574 models come out
	 * of reset); link down clears LU only (e1000x_update_regs_on_link_down) */
	if (off == DM_R_LINK_STATUS)
		v = dm->link_up ? (v | DM_B_STATUS_LU | DM_B_STATUS_FD | DM_B_STATUS_SPEED_1000) :
		    (v & ~DM_B_STATUS_LU);
#elif defined(DM_LINK_IXGBE)
	/* LINKS: link up at 10 Gb/s; link down clears LINKS.UP */
	if (off == DM_R_LINK_STATUS)
		v = dm->link_up ? ((v & ~DM_B_LINKS_SPEED_82599) | DM_B_LINKS_UP | DM_B_LINKS_SPEED_10G_82599) :
		    (v & ~DM_B_LINKS_UP);
#endif
	return v;
}

void nic_devmodel_mmio_write(struct nic_devmodel *dm, uint32_t off, uint32_t val)
{
	uint16_t q;

	dm->st.mmio_writes++;
	if (off >= DM_MMIO_SIZE || (off & 3))
		return;
	dm_defer_flush(dm);
	if (off == DM_R_IRQ_MASK_SET) {
		DM_IRQ_MASK_REG(dm) |= val;
#ifdef DM_MSIX_MAX
		if (DM_MSIX_ACTIVE(dm)) {
			dm_msix_unmask(dm, val);
			return;
		}
#endif
		if (R(DM_R_IRQ_CAUSE) & val)
			dm_raise(dm, 0);
		return;
	}
#ifdef DM_MSIX_IGB
	if (off == DM_R_EIMS) {
		R(DM_R_EIMS) |= val;
		if (DM_MSIX_ACTIVE(dm))
			dm_msix_fire(dm, val);
		return;
	}
	if (off == DM_R_EIMC) {
		R(DM_R_EIMS) &= ~val;
		return;
	}
	if (off == DM_R_EICS) {
		if (DM_MSIX_ACTIVE(dm)) {
			R(DM_R_EICR) |= val;
			dm_msix_fire(dm, val);
		}
		return;
	}
#endif
	if (off == DM_R_IRQ_MASK_CLEAR) {
		DM_IRQ_MASK_REG(dm) &= ~val;
		return;
	}
	if (off == DM_R_IRQ_CAUSE_SET) {
		dm_raise(dm, val);
		return;
	}
	if (off == DM_R_IRQ_CAUSE) {	/* write 1 to clear */
		R(off) &= ~val;
		return;
	}
	R(off) = val;
	for (q = 0; q < DM_Q; q++) {
		if (off == DM_R_TX_TAIL(q)) {
			dm->cur_txq = q;
			dm_tx_process(dm, q);
			return;
		}
		if (off == DM_R_RX_TAIL(q)) {
			dm_backlog_drain(dm);
			return;
		}
	}
	/* enabling the transmitter or a queue starts whatever is already posted */
	for (q = 0; q < DM_Q; q++)
		if (R(DM_R_TX_TAIL(q)) != R(DM_R_TX_HEAD(q)))
			dm_tx_process(dm, q);
	dm_backlog_drain(dm);
}

void nic_devmodel_set_link(struct nic_devmodel *dm, int up)
{
	dm->link_up = up;
	dm_raise(dm, DM_LINK_CAUSE);
}

static void dm_family_reset(struct nic_devmodel *dm)
{
	memset(dm->regs, 0, sizeof(dm->regs));
}

#else
/* =================================================================== virtio split rings */

#define VIO_F_VERSION_1		32
#define VIO_NET_F_CSUM		0
#define VIO_NET_F_GUEST_CSUM	1
#define VIO_NET_F_MAC		5
#define VIO_NET_F_HOST_TSO4	11
#define VIO_NET_F_HOST_TSO6	12
#define VIO_NET_F_STATUS	16
#define VIO_DEVICE_FEATURES	((1ull << VIO_F_VERSION_1) | (1ull << VIO_NET_F_CSUM) | \
	(1ull << VIO_NET_F_GUEST_CSUM) | (1ull << VIO_NET_F_MAC) | (1ull << VIO_NET_F_HOST_TSO4) | \
	(1ull << VIO_NET_F_HOST_TSO6) | (1ull << VIO_NET_F_STATUS))
#define VIO_S_DRIVER_OK		4
#define VIO_S_FEATURES_OK	8
#define VIO_HDR			DM_L_NET_HDR_V1_SIZE

static void dm_raise(struct nic_devmodel *dm, uint32_t cause)
{
	dm->isr |= cause;
	if (dm->msix_nvec) {
		/* MSI-X: the configuration vector, or the vector of the queue that used buffers */
		uint16_t vec = (cause & 2u) ? dm->msix_config : dm->vq[dm->raise_q % DM_NVQ].msix;

		(void)dm_msix_send(dm, vec == DM_NO_VECTOR ? -1 : (int)vec);
		return;
	}
	if (dm_fault(dm, NIC_DM_DROP_IRQ)) {
		dm->st.irqs_dropped++;
		return;
	}
	dm->st.irqs++;
	if (dm->cfg.irq)
		dm->cfg.irq(dm->cfg.irq_ctx);
}

static uint8_t *vq_desc(struct dm_vq *v, uint32_t i) { return PTR(v->desc) + (uint64_t)i * DM_L_SPLIT_DESC_SIZE; }

static void vq_push_used(struct nic_devmodel *dm, uint16_t qi, uint32_t id, uint32_t len)
{
	struct dm_vq *v = &dm->vq[qi];
	uint8_t *used = PTR(v->used);
	uint8_t elem[8];
	uint8_t *slot;

	if (dm_fault(dm, NIC_DM_BAD_ID)) {
		/* a spurious used entry naming no descriptor chain, before the real one */
		uint8_t bad[8];

		st32(bad + DM_L_SPLIT_USED_ELEM_ID_OFF, (dm_rand(dm) & 1) ? v->num + dm_rand(dm) % 1000 : id);
		st32(bad + DM_L_SPLIT_USED_ELEM_LEN_OFF, dm_rand(dm));
		memcpy(used + DM_L_SPLIT_USED_RING_OFF + (uint64_t)(v->used_idx % v->num) * DM_L_SPLIT_USED_ELEM_SIZE, bad, 8);
		v->used_idx++;
		st16(used + DM_L_SPLIT_USED_IDX_OFF, v->used_idx);
	}
	st32(elem + DM_L_SPLIT_USED_ELEM_ID_OFF, id);
	st32(elem + DM_L_SPLIT_USED_ELEM_LEN_OFF, len);
	slot = used + DM_L_SPLIT_USED_RING_OFF + (uint64_t)(v->used_idx % v->num) * DM_L_SPLIT_USED_ELEM_SIZE;
	if (dm->ndefer < DM_MAX_DEFER && dm_fault(dm, NIC_DM_WB_REORDER)) {
		/* publish later, after the next completion: legal in virtio, hostile to sloppy drivers */
		struct dm_defer *d = &dm->defer[dm->ndefer++];

		d->dst = NULL;
		memcpy(d->bytes, elem, 8);
		d->len = 8;
		d->vq = qi;
		return;
	}
	memcpy(slot, elem, 8);
	v->used_idx++;
	st16(used + DM_L_SPLIT_USED_IDX_OFF, v->used_idx);
}

static void dm_defer_flush(struct nic_devmodel *dm)
{
	uint32_t i, n = dm->ndefer;

	dm->ndefer = 0;
	for (i = 0; i < n; i++) {
		struct dm_vq *v = &dm->vq[dm->defer[i].vq];
		uint8_t *used = PTR(v->used);
		uint8_t *slot = used + DM_L_SPLIT_USED_RING_OFF +
		    (uint64_t)(v->used_idx % v->num) * DM_L_SPLIT_USED_ELEM_SIZE;

		memcpy(slot, dm->defer[i].bytes, 8);
		v->used_idx++;
		st16(used + DM_L_SPLIT_USED_IDX_OFF, v->used_idx);
	}
}

static int vq_live(struct nic_devmodel *dm, uint16_t qi)
{
	struct dm_vq *v = &dm->vq[qi];

	return (dm->status & VIO_S_DRIVER_OK) && v->ready && v->num && v->desc && v->avail && v->used;
}

static void vq_notify_irq(struct nic_devmodel *dm, uint16_t qi)
{
	uint8_t *avail = PTR(dm->vq[qi].avail);

	if (!(ld16(avail + DM_L_SPLIT_AVAIL_FLAGS_OFF) & DM_B_VRING_AVAIL_F_NO_INTERRUPT))
		dm_raise_q(dm, qi, (qi & 1u) ? DM_DIR_TX : DM_DIR_RX, 1);
}

static void dm_tx_process(struct nic_devmodel *dm, uint16_t qi)
{
	struct dm_vq *v = &dm->vq[qi];
	uint8_t *avail;
	int done = 0;

	if (!vq_live(dm, qi))
		return;
	avail = PTR(v->avail);
	while (v->last_avail != ld16(avail + DM_L_SPLIT_AVAIL_IDX_OFF)) {
		uint16_t head = ld16(avail + DM_L_SPLIT_AVAIL_RING_OFF + 2u * (v->last_avail % v->num));
		uint32_t i = head, steps = 0, len = 0;
		int bad = head >= v->num;
		uint8_t *h = dm->pkt;

		while (!bad) {
			uint8_t *d = vq_desc(v, i);
			uint16_t fl = ld16(d + DM_L_SPLIT_DESC_FLAGS_OFF);
			uint32_t l = ld32(d + DM_L_SPLIT_DESC_LEN_OFF);
			uint64_t a = ld64(d + DM_L_SPLIT_DESC_ADDR_OFF);

			if ((fl & DM_B_VRING_DESC_F_WRITE) || a == 0 || len + l > DM_MAX_PKT || ++steps > v->num) {
				bad = 1;
				break;
			}
			memcpy(dm->pkt + len, PTR(a), l);
			len += l;
			if (!(fl & DM_B_VRING_DESC_F_NEXT))
				break;
			i = ld16(d + DM_L_SPLIT_DESC_NEXT_OFF);
			if (i >= v->num)
				bad = 1;
		}
		v->last_avail++;
		dm->st.tx_packets++;
		if (bad || len < VIO_HDR) {
			dm->st.tx_bad_desc++;
		} else {
			uint8_t *f = dm->pkt + VIO_HDR;
			uint32_t flen = len - VIO_HDR;
			uint8_t gso = h[DM_L_NET_HDR_V1_GSO_TYPE_OFF] & 0x7f;

			if (gso == DM_B_HDR_GSO_TCPV4 || gso == DM_B_HDR_GSO_TCPV6) {
				struct dm_l3l4 p = dm_parse(f, flen);
				struct dm_ctx c;

				memset(&c, 0, sizeof(c));
				if (!p.ok || !p.tcp) {
					dm->st.tx_bad_desc++;
				} else {
					c.ipv4 = p.ipv4;
					c.tcp = 1;
					c.ipcss = p.l3;
					c.ipcso = p.l3 + 10;
					c.ipcse = p.l4 - 1;
					c.tucss = p.l4;
					c.tucso = p.l4 + 16;
					c.mss = ld16(h + DM_L_NET_HDR_V1_GSO_SIZE_OFF);
					c.hdr_len = p.l4 + p.l4len;
					dm_tso(dm, qi / 2, f, flen, &c, 1, 0, 0, 1);
				}
			} else {
				if (h[DM_L_NET_HDR_V1_FLAGS_OFF] & DM_B_HDR_F_NEEDS_CSUM) {
					uint32_t cs = ld16(h + DM_L_NET_HDR_V1_CSUM_START_OFF);
					uint32_t co = cs + ld16(h + DM_L_NET_HDR_V1_CSUM_OFFSET_OFF);

					if (cs < flen && co + 2 <= flen)
						sbe16(f + co, (uint16_t)~csum_fold(csum_add(0, f + cs, flen - cs)));
				}
				dm_wire(dm, qi / 2, f, flen);
			}
		}
		vq_push_used(dm, qi, head, 0);
		done = 1;
	}
	if (done)
		vq_notify_irq(dm, qi);
}

static int dm_rx_deliver(struct nic_devmodel *dm, uint16_t q, const uint8_t *f, uint32_t len)
{
	uint16_t qi = (uint16_t)(2u * (q < DM_Q ? q : 0));
	struct dm_vq *v;
	uint8_t *avail, hdr[32];
	uint16_t head;
	uint32_t i, cap = 0, steps = 0, off = 0, total = len + VIO_HDR;
	struct dm_rxck ck;

	if (!vq_live(dm, qi))
		qi = 0;
	if (!vq_live(dm, qi))
		return -1;
	v = &dm->vq[qi];
	avail = PTR(v->avail);
	if (v->last_avail == ld16(avail + DM_L_SPLIT_AVAIL_IDX_OFF))
		return -1;
	head = ld16(avail + DM_L_SPLIT_AVAIL_RING_OFF + 2u * (v->last_avail % v->num));
	if (head >= v->num)
		return -1;
	/* capacity of the chain */
	for (i = head;; ) {
		uint8_t *d = vq_desc(v, i);
		uint16_t fl = ld16(d + DM_L_SPLIT_DESC_FLAGS_OFF);

		if (!(fl & DM_B_VRING_DESC_F_WRITE) || ++steps > v->num)
			return -1;
		cap += ld32(d + DM_L_SPLIT_DESC_LEN_OFF);
		if (!(fl & DM_B_VRING_DESC_F_NEXT))
			break;
		i = ld16(d + DM_L_SPLIT_DESC_NEXT_OFF);
		if (i >= v->num)
			return -1;
	}
	v->last_avail++;
	if (cap < total) {	/* too small: the frame is dropped, the buffer given back empty */
		dm->st.rx_missed++;
		vq_push_used(dm, qi, head, 0);
		vq_notify_irq(dm, qi);
		return 0;
	}
	ck = dm_rx_check(f, len);
	memset(hdr, 0, sizeof(hdr));
	if ((dm->dfeatures & (1ull << VIO_NET_F_GUEST_CSUM)) && ck.l4cs && !ck.l4e && !ck.ipe)
		hdr[DM_L_NET_HDR_V1_FLAGS_OFF] = DM_B_HDR_F_DATA_VALID;
	hdr[DM_L_NET_HDR_V1_GSO_TYPE_OFF] = DM_B_HDR_GSO_NONE;
	st16(hdr + DM_L_NET_HDR_V1_NUM_BUFFERS_OFF, 1);
	for (i = head; off < total; ) {
		uint8_t *d = vq_desc(v, i);
		uint32_t l = ld32(d + DM_L_SPLIT_DESC_LEN_OFF), k;
		uint8_t *dst = PTR(ld64(d + DM_L_SPLIT_DESC_ADDR_OFF));

		for (k = 0; k < l && off < total; k++, off++)
			dst[k] = off < VIO_HDR ? hdr[off] : f[off - VIO_HDR];
		if (!(ld16(d + DM_L_SPLIT_DESC_FLAGS_OFF) & DM_B_VRING_DESC_F_NEXT))
			break;
		i = ld16(d + DM_L_SPLIT_DESC_NEXT_OFF);
	}
	if (dm_fault(dm, NIC_DM_BOGUS_LEN))
		total = (dm_rand(dm) & 1) ? dm_rand(dm) % VIO_HDR : cap + 1 + dm_rand(dm) % 4096;
	dm->st.rx_frames++;
	dm->st.rx_descs++;
	vq_push_used(dm, qi, head, total);
	vq_notify_irq(dm, qi);
	return 0;
}

static void vio_reset_queues(struct nic_devmodel *dm)
{
	uint32_t i;

	for (i = 0; i < DM_NVQ; i++) {
		memset(&dm->vq[i], 0, sizeof(dm->vq[i]));
		dm->vq[i].msix = DM_NO_VECTOR;
	}
	dm->msix_config = DM_NO_VECTOR;
}

static void vio_set_status(struct nic_devmodel *dm, uint32_t val)
{
	if (val == 0) {
		dm->status = 0;
		vio_reset_queues(dm);
		return;
	}
	if ((val & VIO_S_FEATURES_OK) && !(dm->dfeatures & (1ull << VIO_F_VERSION_1)))
		val &= ~(uint32_t)VIO_S_FEATURES_OK;	/* legacy interface not modelled */
	dm->status = val;
	if (val & VIO_S_DRIVER_OK)
		dm_backlog_drain(dm);
}

/* an MSI-X vector the driver writes: kept when the table has it, else NO_VECTOR (virtio 1.0
 * 4.1.4.3: "the device ... returns NO_VECTOR" when it cannot map it; QEMU: vector >= nvectors) */
static uint16_t vio_vector(uint32_t val)
{
	val &= 0xffffu;
	return val < DM_MSIX_MAX ? (uint16_t)val : (uint16_t)DM_NO_VECTOR;
}

/*
 * Device configuration (struct virtio_net_config, virtio 1.1 5.1.4): mac[6], then le16
 * status (VIRTIO_NET_S_LINK_UP = bit 0, following nic_devmodel_set_link).  Up to 4 bytes
 * from byte b, little-endian (an 8- or 16-bit access takes the low bytes).
 */
static uint32_t vio_cfg_read(struct nic_devmodel *dm, uint32_t b)
{
	const uint8_t cfg[8] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, dm->link_up ? 1 : 0, 0 };
	uint32_t i, r = 0;

	for (i = 0; i < 4 && b + i < 8; i++)
		r |= (uint32_t)cfg[b + i] << (8 * i);
	return r;
}

/*
 * virtio-pci modern (virtio 1.0 4.1.4) in the register window: struct virtio_pci_common_cfg
 * at DM_PCI_COMMON (32-bit words; the test osdep does narrower accesses as read-modify-write
 * of the aligned word, so a field written back unchanged is not an event), ISR byte (read to
 * clear), device configuration, notify area (queue_notify_off = queue index).
 */
static uint32_t vio_pci_read(struct nic_devmodel *dm, uint32_t off)
{
	struct dm_vq *v = &dm->vq[dm->queue_sel < DM_NVQ ? dm->queue_sel : 0];
	uint32_t r;

	if (off >= DM_PCI_COMMON && off < DM_PCI_COMMON + 0x38u) {
		switch (off - DM_PCI_COMMON) {
		case 0x00: return dm->features_sel;
		case 0x04: return dm->features_sel == 0 ? (uint32_t)VIO_DEVICE_FEATURES :
			    dm->features_sel == 1 ? (uint32_t)(VIO_DEVICE_FEATURES >> 32) : 0;
		case 0x08: return dm->dfeatures_sel;
		case 0x0c: return dm->dfeatures_sel < 2 ? (uint32_t)(dm->dfeatures >> (32u * dm->dfeatures_sel)) : 0;
		case 0x10: return dm->msix_config | ((uint32_t)DM_NVQ << 16);
		case 0x14: return (dm->status & 0xffu) | (dm->queue_sel << 16);
		case 0x18: return (dm->queue_sel < DM_NVQ ? (v->num ? v->num : 1024u) : 0u) |
			    ((uint32_t)(dm->queue_sel < DM_NVQ ? v->msix : DM_NO_VECTOR) << 16);
		case 0x1c: return v->ready | ((dm->queue_sel & 0xffffu) << 16);	/* notify_off = queue */
		case 0x20: return (uint32_t)v->desc;
		case 0x24: return (uint32_t)(v->desc >> 32);
		case 0x28: return (uint32_t)v->avail;
		case 0x2c: return (uint32_t)(v->avail >> 32);
		case 0x30: return (uint32_t)v->used;
		case 0x34: return (uint32_t)(v->used >> 32);
		default: return 0;
		}
	}
	if (off == DM_PCI_ISR) {
		r = dm->isr;
		dm->isr = 0;	/* read to clear (virtio 1.0 4.1.4.5) */
		return r;
	}
	if (off >= DM_PCI_DEVCFG && off < DM_PCI_DEVCFG + 8u)
		return vio_cfg_read(dm, off - DM_PCI_DEVCFG);
	return 0;
}

static void vio_pci_write(struct nic_devmodel *dm, uint32_t off, uint32_t val)
{
	struct dm_vq *v = &dm->vq[dm->queue_sel < DM_NVQ ? dm->queue_sel : 0];
	int sel_ok = dm->queue_sel < DM_NVQ;

	if (off >= DM_PCI_NOTIFY && off < DM_PCI_NOTIFY + DM_NVQ * DM_PCI_NOTIFY_MULT) {
		val &= 0xffffu;
		if (val < DM_NVQ) {
			if (val & 1)
				dm_tx_process(dm, (uint16_t)val);
			else
				dm_backlog_drain(dm);
		}
		return;
	}
	if (off < DM_PCI_COMMON || off >= DM_PCI_COMMON + 0x38u)
		return;
	switch (off - DM_PCI_COMMON) {
	case 0x00: dm->features_sel = val; break;
	case 0x08: dm->dfeatures_sel = val; break;
	case 0x0c:
		if (dm->dfeatures_sel < 2) {
			uint32_t sh = 32u * dm->dfeatures_sel;

			dm->dfeatures = (dm->dfeatures & ~(0xffffffffull << sh)) | ((uint64_t)val << sh);
			dm->dfeatures &= VIO_DEVICE_FEATURES;
		}
		break;
	case 0x10: dm->msix_config = vio_vector(val); break;
	case 0x14:
		if ((val & 0xffu) != dm->status)
			vio_set_status(dm, val & 0xffu);
		dm->queue_sel = val >> 16;
		break;
	case 0x18:
		if (!sel_ok)
			break;
		if ((val & 0xffffu) && (val & 0xffffu) <= 1024 && ((val & 0xffffu) & ((val & 0xffffu) - 1)) == 0)
			v->num = val & 0xffffu;
		v->msix = vio_vector(val >> 16);
		break;
	case 0x1c: if (sel_ok && (val & 1u)) v->ready = 1; break;	/* 0 must not be written (1.0) */
	case 0x20: if (sel_ok) v->desc = (v->desc & ~0xffffffffull) | val; break;
	case 0x24: if (sel_ok) v->desc = (v->desc & 0xffffffffull) | ((uint64_t)val << 32); break;
	case 0x28: if (sel_ok) v->avail = (v->avail & ~0xffffffffull) | val; break;
	case 0x2c: if (sel_ok) v->avail = (v->avail & 0xffffffffull) | ((uint64_t)val << 32); break;
	case 0x30: if (sel_ok) v->used = (v->used & ~0xffffffffull) | val; break;
	case 0x34: if (sel_ok) v->used = (v->used & 0xffffffffull) | ((uint64_t)val << 32); break;
	default: break;
	}
}

/* PCI configuration space of a virtio-pci modern network function (virtio 1.0 4.1.2-4.1.4) */
uint32_t nic_devmodel_pci_cfg_read32(struct nic_devmodel *dm, uint32_t off)
{
	uint8_t c[256];
	uint32_t v;

	if (off > 252 || (off & 3))
		return 0xffffffffu;
	memset(c, 0, sizeof(c));
	st16(c + 0x00, 0x1af4);		/* vendor: virtio */
	st16(c + 0x02, 0x1041);		/* device: 0x1040 + 1 (network), modern */
	st16(c + 0x06, 0x0010);		/* status: capability list */
	c[0x08] = 1;			/* revision 1: modern */
	c[0x0b] = 0x02;			/* class: network */
	st16(c + 0x2c, 0x1af4);
	st16(c + 0x2e, 0x0001);
	c[0x34] = 0x40;
	/* MSI-X capability (PCI 3.0 6.8.2): table size - 1, Enable bit as the OS set it */
	c[0x40] = 0x11;
	c[0x41] = 0x50;
	st16(c + 0x42, (uint16_t)((DM_MSIX_MAX - 1u) | (dm->msix_nvec ? 0x8000u : 0u)));
	st32(c + 0x44, 0x00004000u | 1u);	/* table in BAR 1 (not modelled) */
	st32(c + 0x48, 0x00004800u | 1u);
	/* struct virtio_pci_cap: cap_vndr 9, next, len, cfg_type, bar, pad[3], offset, length */
	{
		static const struct { uint8_t at, next, len, type; uint32_t off, length; } caps[] = {
			{ 0x50, 0x64, 16, 1, DM_PCI_COMMON, 0x38 },
			{ 0x64, 0x78, 20, 2, DM_PCI_NOTIFY, DM_NVQ * DM_PCI_NOTIFY_MULT },
			{ 0x78, 0x88, 16, 3, DM_PCI_ISR, 4 },
			{ 0x88, 0x00, 16, 4, DM_PCI_DEVCFG, 8 },
		};
		uint32_t i;

		for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
			uint8_t *p = c + caps[i].at;

			p[0] = 0x09;
			p[1] = caps[i].next;
			p[2] = caps[i].len;
			p[3] = caps[i].type;
			p[4] = 4;	/* BAR 4: the register window */
			st32(p + 8, caps[i].off);
			st32(p + 12, caps[i].length);
			if (caps[i].type == 2)
				st32(p + 16, DM_PCI_NOTIFY_MULT);
		}
	}
	v = ld32(c + off);
	return v;
}

uint32_t nic_devmodel_mmio_read(struct nic_devmodel *dm, uint32_t off)
{
	struct dm_vq *v = &dm->vq[dm->queue_sel < DM_NVQ ? dm->queue_sel : 0];

	dm->st.mmio_reads++;
	if (off >= DM_PCI_COMMON)
		return vio_pci_read(dm, off);
	switch (off) {
	case 0x000: return 0x74726976u;	/* "virt" */
	case 0x004: return 2;
	case 0x008: return 1;		/* network card */
	case 0x00c: return 0x4e494350u;	/* vendor: "PCIN" */
	case 0x010: return dm->features_sel == 0 ? (uint32_t)VIO_DEVICE_FEATURES :
		    dm->features_sel == 1 ? (uint32_t)(VIO_DEVICE_FEATURES >> 32) : 0;
	case 0x034: return dm->queue_sel < DM_NVQ ? 1024u : 0u;
	case 0x044: return v->ready;
	case 0x060: return dm->isr;
	case 0x070: return dm->status;
	case 0x0fc: return 0;
	default:
		if (off >= 0x100 && off < 0x108)	/* config: mac[6], status */
			return vio_cfg_read(dm, off - 0x100);
		return 0;
	}
}

void nic_devmodel_mmio_write(struct nic_devmodel *dm, uint32_t off, uint32_t val)
{
	struct dm_vq *v = &dm->vq[dm->queue_sel < DM_NVQ ? dm->queue_sel : 0];

	dm->st.mmio_writes++;
	dm_defer_flush(dm);
	if (off >= DM_PCI_COMMON) {
		vio_pci_write(dm, off, val);
		return;
	}
	switch (off) {
	case 0x014: dm->features_sel = val; break;
	case 0x020:
		if (dm->dfeatures_sel < 2) {
			uint32_t sh = 32u * dm->dfeatures_sel;

			dm->dfeatures = (dm->dfeatures & ~(0xffffffffull << sh)) | ((uint64_t)val << sh);
			dm->dfeatures &= VIO_DEVICE_FEATURES;
		}
		break;
	case 0x024: dm->dfeatures_sel = val; break;
	case 0x030: dm->queue_sel = val; break;
	case 0x038: if (val && val <= 1024 && (val & (val - 1)) == 0) v->num = val; break;
	case 0x044: v->ready = val & 1; break;
	case 0x050:
		if (val < DM_NVQ) {
			if (val & 1)
				dm_tx_process(dm, (uint16_t)val);
			else
				dm_backlog_drain(dm);
		}
		break;
	case 0x064: dm->isr &= ~val; break;
	case 0x070: vio_set_status(dm, val); break;
	case 0x080: v->desc = (v->desc & ~0xffffffffull) | val; break;
	case 0x084: v->desc = (v->desc & 0xffffffffull) | ((uint64_t)val << 32); break;
	case 0x090: v->avail = (v->avail & ~0xffffffffull) | val; break;
	case 0x094: v->avail = (v->avail & 0xffffffffull) | ((uint64_t)val << 32); break;
	case 0x0a0: v->used = (v->used & ~0xffffffffull) | val; break;
	case 0x0a4: v->used = (v->used & 0xffffffffull) | ((uint64_t)val << 32); break;
	default: break;
	}
}

void nic_devmodel_set_link(struct nic_devmodel *dm, int up)
{
	dm->link_up = up;
	dm_raise(dm, 2);	/* configuration change */
}

static void dm_family_reset(struct nic_devmodel *dm)
{
	vio_reset_queues(dm);
	dm->status = dm->features_sel = dm->dfeatures_sel = dm->queue_sel = dm->isr = 0;
	dm->dfeatures = 0;
}
#endif

#ifndef DM_FAMILY_VIRTIO_SPLIT
uint32_t nic_devmodel_pci_cfg_read32(struct nic_devmodel *dm, uint32_t off)
{
	(void)dm;
	(void)off;
	return 0xffffffffu;	/* the Intel models are a bare register BAR */
}
#endif

uint16_t nic_devmodel_msix_max(void)
{
#ifdef DM_MSIX_MAX
	return (uint16_t)DM_MSIX_MAX;
#else
	return 0;
#endif
}

void nic_devmodel_set_msix(struct nic_devmodel *dm, uint16_t nvec)
{
	dm->msix_nvec = nvec <= nic_devmodel_msix_max() ? nvec : nic_devmodel_msix_max();
}

/* ------------------------------------------------------------------ common API */

const char *nic_devmodel_driver(void) { return DM_DRIVER; }
const char *nic_devmodel_family(void) { return DM_FAMILY_NAME; }

static void dm_free_frames(struct nic_devmodel *dm)
{
	uint32_t i;

	for (i = 0; i < dm->ncap; i++)
		free(dm->cap[(dm->cap_start + i) % dm->cap_max].data);
	dm->ncap = dm->cap_start = 0;
	for (i = 0; i < dm->nbl; i++)
		free(dm->bl[(dm->bl_head + i) % dm->cfg.rx_backlog].data);
	dm->nbl = dm->bl_head = 0;
}

struct nic_devmodel *nic_devmodel_create(const struct nic_devmodel_cfg *cfg)
{
	struct nic_devmodel *dm = calloc(1, sizeof(*dm));

	if (!dm)
		return NULL;
	if (cfg)
		dm->cfg = *cfg;
	dm->cap_max = dm->cfg.capture_max ? dm->cfg.capture_max : 65536u;
	dm->cap = calloc(dm->cap_max, sizeof(*dm->cap));
	dm->bl = dm->cfg.rx_backlog ? calloc(dm->cfg.rx_backlog, sizeof(*dm->bl)) : NULL;
	if (!dm->cap || (dm->cfg.rx_backlog && !dm->bl)) {
		free(dm->cap);
		free(dm->bl);
		free(dm);
		return NULL;
	}
	dm->rng = dm->cfg.seed ? dm->cfg.seed : 0x12345678u;
	dm->link_up = 1;
	dm_family_reset(dm);
	return dm;
}

void nic_devmodel_destroy(struct nic_devmodel *dm)
{
	if (!dm)
		return;
	dm_free_frames(dm);
	free(dm->cap);
	free(dm->bl);
	free(dm);
}

void nic_devmodel_reset(struct nic_devmodel *dm)
{
	dm_free_frames(dm);
	dm->ndefer = 0;
	dm_family_reset(dm);
	memset(&dm->st, 0, sizeof(dm->st));
}

void nic_devmodel_set_hostile(struct nic_devmodel *dm, uint32_t faults, uint32_t one_in)
{
	dm->hostile = faults;
	dm->one_in = one_in ? one_in : 1;
	if (!faults)
		dm_defer_flush(dm);
}

void nic_devmodel_set_loopback(struct nic_devmodel *dm, int on) { dm->cfg.loopback = on; }

int nic_devmodel_inject(struct nic_devmodel *dm, uint16_t q, const void *frame, uint32_t len)
{
	if (len > DM_MAX_PKT)
		return -1;
	if (dm->nbl == 0 && dm_rx_deliver(dm, q, frame, len) == 0)
		return 0;
	if (dm->cfg.rx_backlog && dm->nbl < dm->cfg.rx_backlog) {
		dm_backlog_push(dm, q, frame, len);
		return 0;
	}
	dm->st.rx_missed++;
	return -1;
}

uint32_t nic_devmodel_poll(struct nic_devmodel *dm)
{
	uint32_t n = dm->ndefer;

	dm_defer_flush(dm);
	return n + dm_backlog_drain(dm);
}

uint32_t nic_devmodel_capture_count(const struct nic_devmodel *dm) { return dm->ncap; }

int nic_devmodel_capture_get(const struct nic_devmodel *dm, uint32_t i, const uint8_t **frame, uint32_t *len)
{
	const struct dm_frame *c;

	if (i >= dm->ncap)
		return -1;
	c = &dm->cap[(dm->cap_start + i) % dm->cap_max];
	*frame = c->data;
	*len = c->len;
	return 0;
}

void nic_devmodel_capture_clear(struct nic_devmodel *dm)
{
	uint32_t i;

	for (i = 0; i < dm->ncap; i++)
		free(dm->cap[(dm->cap_start + i) % dm->cap_max].data);
	dm->ncap = dm->cap_start = 0;
}

void nic_devmodel_get_stats(const struct nic_devmodel *dm, struct nic_devmodel_stats *st) { *st = dm->st; }
