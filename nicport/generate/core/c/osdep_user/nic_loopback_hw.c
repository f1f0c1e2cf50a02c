/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport loopback hw layer -- NOT part of the freestanding core.  See nic_loopback_hw.h.
 */
#include "nic_loopback_hw.h"

#include <string.h>

static int lb_ring_bytes(void *hw, enum nic_ring_kind kind, uint32_t ndesc, size_t *bytes,
			 size_t *align)
{
	(void)hw; (void)kind;
	*bytes = (size_t)ndesc * sizeof(struct nic_lb_desc);
	*align = 128;
	return 0;
}

static int lb_queue_setup(void *hwp, const struct nic_ring_setup *rs)
{
	struct nic_lb_hw *hw = hwp;
	struct nic_lb_ring *r;

	if (rs->rs_qid >= NIC_LB_MAXQ)
		return NIC_E_INVAL;
	r = rs->rs_kind == NIC_RING_TX ? &hw->tx[rs->rs_qid] : &hw->rx[rs->rs_qid];
	r->r_desc = rs->rs_va;
	r->r_ndesc = rs->rs_ndesc;
	r->r_tail = r->r_head = r->r_hwb = 0;
	r->r_bufsize = rs->rs_buf_size;
	r->r_enabled = 1;
	return 0;
}

static void lb_queue_stop(void *hwp, enum nic_ring_kind kind, uint16_t qid)
{
	struct nic_lb_hw *hw = hwp;

	(kind == NIC_RING_TX ? &hw->tx[qid] : &hw->rx[qid])->r_enabled = 0;
}

static int lb_txd_encap(void *hwp, struct nic_txd_info *ti)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->tx[ti->ti_qid];
	uint32_t mask = r->r_ndesc - 1, i = ti->ti_pidx;
	uint16_t s;

	if (ti->ti_ctx) {
		struct nic_lb_desc *d = &r->r_desc[i];

		d->ld_addr = 0;
		d->ld_len = 0;
		d->ld_cmd = NIC_LB_CMD_CTX;
		d->ld_status = 0;
		d->ld_vtag = 0;
		d->ld_csum = ti->ti_req ? (uint16_t)(ti->ti_req->or_csum_start << 8 |
						     ti->ti_req->or_csum_offset) : 0;
		i = (i + 1) & mask;
	}
	for (s = 0; s < ti->ti_nsegs; s++) {
		struct nic_lb_desc *d = &r->r_desc[i];
		int last = s + 1 == ti->ti_nsegs;

		if (ti->ti_segs[s].ns_len > 0xffff)
			return NIC_E_TOOBIG;
		d->ld_addr = ti->ti_segs[s].ns_dma;
		d->ld_len = (uint16_t)ti->ti_segs[s].ns_len;
		d->ld_cmd = (uint8_t)((last ? NIC_LB_CMD_EOP : 0) |
				      (last && ti->ti_report ? NIC_LB_CMD_RS : 0) |
				      ((ti->ti_ol & NIC_TXOL_VLAN) ? NIC_LB_CMD_VLAN : 0));
		d->ld_status = 0;
		d->ld_vtag = ti->ti_vtag;
		d->ld_csum = 0;
		if (last)
			ti->ti_last = i;
		i = (i + 1) & mask;
	}
	ti->ti_new_pidx = i;
	return 0;
}

static void lb_txd_flush(void *hwp, uint16_t qid, uint32_t pidx)
{
	struct nic_lb_hw *hw = hwp;

	hw->tx[qid].r_tail = pidx;
	hw->tx_flushes++;
}

static uint32_t lb_credits_dd(void *hwp, uint16_t qid, uint32_t cidx, uint32_t max)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->tx[qid];
	uint32_t mask = r->r_ndesc - 1, n = 0;

	while (n < max && (r->r_desc[(cidx + n) & mask].ld_status & NIC_LB_STA_DD)) {
		r->r_desc[(cidx + n) & mask].ld_status = 0;
		n++;
	}
	return n;
}

static uint32_t lb_credits_head(void *hwp, uint16_t qid, uint32_t cidx, uint32_t max)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->tx[qid];
	uint32_t n = (r->r_hwb - cidx) & (r->r_ndesc - 1);

	return n < max ? n : max;
}

static uint32_t lb_rxd_available(void *hwp, uint16_t qid, uint32_t cidx, uint32_t max)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->rx[qid];
	uint32_t mask = r->r_ndesc - 1, n = 0;

	while (n < max && (r->r_desc[(cidx + n) & mask].ld_status & NIC_LB_STA_DD))
		n++;
	return n;
}

static int lb_rxd_get(void *hwp, struct nic_rxd_info *ri)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->rx[ri->ri_qid];
	struct nic_lb_desc *d = &r->r_desc[ri->ri_cidx];

	ri->ri_idx = ri->ri_cidx;
	ri->ri_len = d->ld_len;
	ri->ri_eop = (d->ld_status & NIC_LB_STA_EOP) != 0;
	if (d->ld_status & NIC_LB_STA_VLAN) {
		ri->ri_status |= NIC_RXS_VLAN;
		ri->ri_vtag = d->ld_vtag;
	}
	d->ld_status = 0;
	return 0;
}

static void lb_rxd_refill(void *hwp, const struct nic_rxd_update *ru)
{
	struct nic_lb_ring *r = &((struct nic_lb_hw *)hwp)->rx[ru->ru_qid];
	uint32_t mask = r->r_ndesc - 1, i;

	for (i = 0; i < ru->ru_count; i++) {
		struct nic_lb_desc *d = &r->r_desc[(ru->ru_pidx + i) & mask];

		d->ld_addr = ru->ru_paddrs[i];
		d->ld_len = 0;
		d->ld_status = 0;
	}
}

static void lb_rxd_flush(void *hwp, uint16_t qid, uint32_t pidx)
{
	struct nic_lb_hw *hw = hwp;

	hw->rx[qid].r_tail = pidx;
	hw->rx_flushes++;
}

static int lb_intr_enable(void *hwp, uint16_t v)
{
	((struct nic_lb_hw *)hwp)->intr_mask |= 1u << (v & 31);
	return 0;
}

static void lb_intr_disable(void *hwp, uint16_t v)
{
	((struct nic_lb_hw *)hwp)->intr_mask &= ~(1u << (v & 31));
}

static uint32_t lb_intr_cause(void *hwp, uint64_t *rx_mask, uint64_t *tx_mask)
{
	struct nic_lb_hw *hw = hwp;
	uint32_t q;

	for (q = 0; q < NIC_LB_MAXQ; q++) {
		struct nic_lb_ring *r = &hw->rx[q];

		if (r->r_enabled && (r->r_desc[(r->r_head - 1) & (r->r_ndesc - 1)].ld_status &
				     NIC_LB_STA_DD))
			*rx_mask |= 1ull << q;
		if (hw->tx[q].r_enabled && hw->tx[q].r_head != hw->tx[q].r_tail)
			*tx_mask |= 1ull << q;
	}
	return (*rx_mask | *tx_mask) ? NIC_INTR_QUEUE : NIC_INTR_NONE;
}

static int lb_vector_map(void *hwp, uint16_t v, uint64_t rx, uint64_t tx, uint32_t misc)
{
	struct nic_lb_hw *hw = hwp;

	if (v >= 8)
		return NIC_E_INVAL;
	hw->vec_rx[v] = rx;
	hw->vec_tx[v] = tx;
	hw->vec_misc[v] = misc;
	return 0;
}

static int lb_rss_setup(void *hwp, const struct nic_rss_hw *r)
{
	struct nic_lb_hw *hw = hwp;
	uint32_t i;

	if (r->rh_key_len > sizeof(hw->rss_key) || r->rh_reta_size > 512)
		return NIC_E_INVAL;
	memcpy(hw->rss_key, r->rh_key, r->rh_key_len);
	for (i = 0; i < r->rh_reta_size; i++)
		hw->rss_reta[i] = r->rh_reta[i];
	hw->rss_reta_size = r->rh_reta_size;
	hw->rss_types = r->rh_types;
	return 0;
}

static int lb_rx_features(void *hwp, uint32_t f)
{
	((struct nic_lb_hw *)hwp)->rx_features = f;
	return 0;
}

static uint64_t lb_hw_bogus(void *hwp, enum nic_ring_kind kind, uint16_t qid)
{
	return ((struct nic_lb_hw *)hwp)->bogus[kind == NIC_RING_RX][qid % NIC_LB_MAXQ];
}

#define LB_OPS(name, credits, extra_caps)                                        \
	const struct nic_hw_ops name = {                                          \
		.ho_name = "loopback",                                            \
		.ho_caps = NIC_HWCAP_TX_CTX_DESC | NIC_HWCAP_TX_VLAN |            \
			   NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM |       \
			   NIC_HWCAP_TX_UDP_CSUM | (extra_caps),                  \
		.ho_tx_max_segs = NIC_PKT_MAX_SEGS,                               \
		.ho_tx_extra_descs = 1,                                           \
		.ho_max_frame = 9018,                                             \
		.ho_ring_bytes = lb_ring_bytes,                                   \
		.ho_queue_setup = lb_queue_setup,                                 \
		.ho_queue_stop = lb_queue_stop,                                   \
		.ho_txd_encap = lb_txd_encap,                                     \
		.ho_txd_flush = lb_txd_flush,                                     \
		.ho_txd_credits_update = credits,                                 \
		.ho_rxd_available = lb_rxd_available,                             \
		.ho_rxd_get = lb_rxd_get,                                         \
		.ho_rxd_refill = lb_rxd_refill,                                   \
		.ho_rxd_flush = lb_rxd_flush,                                     \
		.ho_intr_enable = lb_intr_enable,                                 \
		.ho_intr_disable = lb_intr_disable,                               \
		.ho_intr_cause = lb_intr_cause,                                   \
		.ho_vector_map = lb_vector_map,                                   \
		.ho_rss_setup = lb_rss_setup,                                     \
		.ho_rx_features = lb_rx_features,                                 \
		.ho_hw_bogus = lb_hw_bogus,                                       \
	}

LB_OPS(nic_lb_ops, lb_credits_dd, 0);
LB_OPS(nic_lb_ops_head_wb, lb_credits_head, NIC_HWCAP_TX_HEAD_WB);

uint32_t nic_lb_run(struct nic_lb_hw *hw, uint16_t q, uint32_t max_pkts)
{
	struct nic_lb_ring *t = &hw->tx[q], *r = &hw->rx[q];
	uint32_t tmask = t->r_ndesc - 1, rmask = r->r_ndesc - 1, moved = 0;

	while (moved < max_pkts && t->r_head != t->r_tail) {
		uint32_t i = t->r_head, len = 0, end, need, avail, off, k;
		uint16_t vtag = 0;
		int vlan = 0;

		/* find the packet's EOP before the tail */
		for (end = i;; end = (end + 1) & tmask) {
			if (end == t->r_tail)
				return moved;  /* incomplete packet: wait */
			if (!(t->r_desc[end].ld_cmd & NIC_LB_CMD_CTX))
				len += t->r_desc[end].ld_len;
			if (t->r_desc[end].ld_cmd & NIC_LB_CMD_EOP) {
				vlan = (t->r_desc[end].ld_cmd & NIC_LB_CMD_VLAN) != 0;
				vtag = t->r_desc[end].ld_vtag;
				break;
			}
		}
		need = len ? (len + r->r_bufsize - 1) / r->r_bufsize : 1;
		avail = (r->r_tail - r->r_head) & rmask;
		if (!r->r_enabled || avail < need)
			return moved;  /* no room: the frame waits (flow control) */
		if (end == i && need == 1) {
			/* one descriptor into one buffer: the common case, one copy */
			struct nic_lb_desc *rd = &r->r_desc[r->r_head & rmask];

			memcpy((uint8_t *)(uintptr_t)rd->ld_addr,
			       (const uint8_t *)(uintptr_t)t->r_desc[i].ld_addr, len);
			rd->ld_len = (uint16_t)len;
			rd->ld_vtag = vtag;
			rd->ld_status = (uint8_t)(NIC_LB_STA_DD | NIC_LB_STA_EOP |
						  (vlan ? NIC_LB_STA_VLAN : 0));
			t->r_desc[i].ld_status |= NIC_LB_STA_DD;
			r->r_head = (r->r_head + 1) & rmask;
			t->r_head = (end + 1) & tmask;
			t->r_hwb = t->r_head;
			hw->frames++;
			moved++;
			continue;
		}
		/* copy the frame, buffer by buffer */
		off = 0;
		for (k = 0; k < need; k++) {
			struct nic_lb_desc *rd = &r->r_desc[(r->r_head + k) & rmask];
			uint32_t n = len - off < r->r_bufsize ? len - off : r->r_bufsize;
			uint8_t *dst = (uint8_t *)(uintptr_t)rd->ld_addr;
			uint32_t done = 0;

			while (done < n) {  /* gather from TX descriptors */
				uint32_t pos = off + done, acc = 0, j;

				for (j = i;; j = (j + 1) & tmask) {
					struct nic_lb_desc *td = &t->r_desc[j];
					uint32_t dl = (td->ld_cmd & NIC_LB_CMD_CTX) ? 0 : td->ld_len;

					if (pos < acc + dl) {
						uint32_t c = acc + dl - pos;

						if (c > n - done)
							c = n - done;
						memcpy(dst + done,
						       (uint8_t *)(uintptr_t)td->ld_addr + (pos - acc), c);
						done += c;
						break;
					}
					acc += dl;
				}
			}
			rd->ld_len = (uint16_t)n;
			rd->ld_vtag = vtag;
			rd->ld_status = (uint8_t)(NIC_LB_STA_DD | (k + 1 == need ? NIC_LB_STA_EOP : 0) |
						  (vlan && k + 1 == need ? NIC_LB_STA_VLAN : 0));
			off += n;
		}
		r->r_head = (r->r_head + need) & rmask;
		/* TX write-back: DD on every descriptor of the packet, head moves */
		for (k = i;; k = (k + 1) & tmask) {
			t->r_desc[k].ld_status |= NIC_LB_STA_DD;
			if (k == end)
				break;
		}
		t->r_head = (end + 1) & tmask;
		t->r_hwb = t->r_head;
		hw->frames++;
		moved++;
	}
	return moved;
}
