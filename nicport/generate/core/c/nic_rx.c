/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_rx.c - receive: poll with a budget, multi-buffer (EOP) chaining across
 * descriptors and across polls, error / checksum / VLAN / hash decode,
 * refill with buffer recycling.
 *
 * Buffer accounting: every buffer the core got from nic_os_rxbuf_alloc is in
 * exactly one place: a posted slot (rq_state == NIC_SLOT_POSTED), the packet
 * being assembled (rq_part), the spare stack (rq_spare: buffers of dropped
 * packets, reused before allocating), or handed up in a nic_packet (then the
 * adapter owns it).  nic_rxq_destroy gives back the first three.
 */
#include "nic_priv.h"

#define NIC_RX_SPARE(q) ((q)->rq_ndesc + NIC_PKT_MAX_SEGS)

static void nic_rx_spare_push(struct nic_rxq *q, const struct nic_buf *b)
{
	/* cannot overflow: buffers held <= ndesc - 1 + NIC_PKT_MAX_SEGS */
	q->rq_spare[q->rq_nspare++] = *b;
	q->rq_stats.rs_recycled++;
}

static void nic_rx_part_drop(struct nic_rxq *q)
{
	uint16_t i;

	for (i = 0; i < q->rq_part_n; i++)
		nic_rx_spare_push(q, &q->rq_part[i]);
	q->rq_part_n = 0;
	q->rq_part_drop = 0;
	q->rq_stats.rs_drops++;
}

uint32_t nic_rx_refill(struct nic_rxq *q, uint32_t max)
{
	struct nic_dev *d = q->rq_dev;
	struct nic_rxd_update ru;
	uint32_t room = q->rq_ndesc - 1 - q->rq_posted;
	uint32_t pidx = q->rq_pidx, n = 0;

	if (max > room)
		max = room;
	while (n < max && q->rq_nspare) {  /* recycled buffers first */
		q->rq_bufs[pidx] = q->rq_spare[--q->rq_nspare];
		q->rq_state[pidx] = NIC_SLOT_POSTED;
		q->rq_paddrs[n++] = q->rq_bufs[pidx].nb_dma;
		pidx = (pidx + 1) & q->rq_mask;
	}
	while (n < max) {  /* then the OS */
		struct nic_buf *b = &q->rq_bufs[pidx];

		if (nic_os_rxbuf_alloc(d->nd_os, q->rq_qid, q->rq_buf_size, b) != 0) {
			q->rq_stats.rs_alloc_fail++;
			break;
		}
		if (NIC_UNLIKELY(b->nb_size < q->rq_buf_size)) {
			nic_os_rxbuf_free(d->nd_os, q->rq_qid, b);  /* a broken adapter */
			q->rq_stats.rs_alloc_fail++;
			break;
		}
		q->rq_state[pidx] = NIC_SLOT_POSTED;
		q->rq_paddrs[n++] = b->nb_dma;
		pidx = (pidx + 1) & q->rq_mask;
	}
	if (n == 0)
		return 0;
	ru.ru_qid = q->rq_qid;
	ru.ru_pad = 0;
	ru.ru_pidx = q->rq_pidx;
	ru.ru_count = n;
	ru.ru_buf_size = q->rq_buf_size;
	ru.ru_paddrs = q->rq_paddrs;
	d->nd_ops->ho_rxd_refill(d->nd_hw, &ru);
	q->rq_pidx = pidx;
	q->rq_posted += n;
	nic_os_wmb();  /* descriptors visible before the tail write */
	d->nd_ops->ho_rxd_flush(d->nd_hw, q->rq_qid, pidx);
	q->rq_stats.rs_doorbells++;
	return n;
}

int nic_rxq_create(struct nic_dev *d, const struct nic_rxq_conf *c, struct nic_rxq **out)
{
	struct nic_rxq *q;
	uint32_t nd = c->rc_ndesc;
	int rc;

	*out = NULL;
	if (c->rc_qid >= NIC_MAX_QUEUES || d->nd_rxq[c->rc_qid] != NULL ||
	    !nic_is_pow2(nd) || nd < 8 || nd > 65536 || c->rc_buf_size < 64)
		return NIC_E_INVAL;
	if (nic_hw_ops_check(d->nd_ops))
		return NIC_E_INVAL;
	q = nic_os_zalloc(d->nd_os, sizeof(*q));
	if (q == NULL)
		return NIC_E_NOMEM;
	q->rq_dev = d;
	q->rq_qid = c->rc_qid;
	q->rq_ndesc = nd;
	q->rq_mask = nd - 1;
	q->rq_buf_size = c->rc_buf_size;
	q->rq_refill_batch = c->rc_refill_batch ? NIC_MIN(c->rc_refill_batch, nd - 1) :
						  NIC_MIN(32u, nd / 2);
	q->rq_flags = c->rc_flags;
	q->rq_bufs = nic_os_zalloc(d->nd_os, sizeof(struct nic_buf) * nd);
	q->rq_state = nic_os_zalloc(d->nd_os, nd);
	q->rq_paddrs = nic_os_zalloc(d->nd_os, sizeof(nic_dma_addr_t) * nd);
	q->rq_spare = nic_os_zalloc(d->nd_os, sizeof(struct nic_buf) * NIC_RX_SPARE(q));
	rc = NIC_E_NOMEM;
	if (!q->rq_bufs || !q->rq_state || !q->rq_paddrs || !q->rq_spare)
		goto fail;
	rc = nic_ring_alloc(d, NIC_RING_RX, q->rq_qid, nd, q->rq_buf_size,
			    &q->rq_ring_va, &q->rq_ring_dma, &q->rq_ring_bytes);
	if (rc)
		goto fail;
	d->nd_rxq[q->rq_qid] = q;
	if (q->rq_qid >= d->nd_nrxq)
		d->nd_nrxq = (uint16_t)(q->rq_qid + 1);
	nic_rx_refill(q, nd - 1);
	*out = q;
	return 0;
fail:
	if (q->rq_bufs)
		nic_os_free(d->nd_os, q->rq_bufs, sizeof(struct nic_buf) * nd);
	if (q->rq_state)
		nic_os_free(d->nd_os, q->rq_state, nd);
	if (q->rq_paddrs)
		nic_os_free(d->nd_os, q->rq_paddrs, sizeof(nic_dma_addr_t) * nd);
	if (q->rq_spare)
		nic_os_free(d->nd_os, q->rq_spare, sizeof(struct nic_buf) * NIC_RX_SPARE(q));
	nic_os_free(d->nd_os, q, sizeof(*q));
	NIC_LOG(d, NIC_LOG_ERR, "nic: rxq %u create failed (%d)", c->rc_qid, rc);
	return rc;
}

void nic_rxq_destroy(struct nic_rxq *q)
{
	struct nic_dev *d = q->rq_dev;
	uint32_t i, nd = q->rq_ndesc;

	d->nd_ops->ho_queue_stop(d->nd_hw, NIC_RING_RX, q->rq_qid);
	nic_os_dma_free_coherent(d->nd_os, q->rq_ring_va, q->rq_ring_bytes, q->rq_ring_dma);
	for (i = 0; i < nd; i++)
		if (q->rq_state[i] == NIC_SLOT_POSTED)
			nic_os_rxbuf_free(d->nd_os, q->rq_qid, &q->rq_bufs[i]);
	for (i = 0; i < q->rq_part_n; i++)
		nic_os_rxbuf_free(d->nd_os, q->rq_qid, &q->rq_part[i]);
	for (i = 0; i < q->rq_nspare; i++)
		nic_os_rxbuf_free(d->nd_os, q->rq_qid, &q->rq_spare[i]);
	d->nd_rxq[q->rq_qid] = NULL;
	nic_os_free(d->nd_os, q->rq_bufs, sizeof(struct nic_buf) * nd);
	nic_os_free(d->nd_os, q->rq_state, nd);
	nic_os_free(d->nd_os, q->rq_paddrs, sizeof(nic_dma_addr_t) * nd);
	nic_os_free(d->nd_os, q->rq_spare, sizeof(struct nic_buf) * NIC_RX_SPARE(q));
	nic_os_free(d->nd_os, q, sizeof(*q));
}

/* offload results and software fallbacks of a packet being handed up */
static inline void nic_rx_meta(struct nic_rxq *q, struct nic_packet *p,
			       const struct nic_rxd_info *ri)
{
	struct nic_dev *d = q->rq_dev;
	uint32_t st = ri->ri_status, ol = 0;

	p->np_queue = q->rq_qid;
	p->np_l2_len = p->np_l3_len = p->np_l4_len = p->np_mss = 0;
	p->np_vlan_tci = 0;
	p->np_rss_hash = 0;
	p->np_rss_type = 0;
	p->np_pad = 0;
	p->np_cookie = NULL;
	p->np_ol_flags = 0;
	if (NIC_LIKELY((st | q->rq_flags) == 0))
		return;
	if (st & NIC_RXS_IP4_CSUM_CHECKED)
		ol |= (st & NIC_RXS_IP4_CSUM_BAD) ? NIC_RXOL_IP4_CSUM_BAD : NIC_RXOL_IP4_CSUM_GOOD;
	if (st & NIC_RXS_L4_CSUM_CHECKED)
		ol |= (st & NIC_RXS_L4_CSUM_BAD) ? NIC_RXOL_L4_CSUM_BAD : NIC_RXOL_L4_CSUM_GOOD;
	if (st & NIC_RXS_VLAN) {
		ol |= NIC_RXOL_VLAN;
		p->np_vlan_tci = ri->ri_vtag;
	}
	if (st & NIC_RXS_HASH) {
		ol |= NIC_RXOL_RSS_HASH;
		p->np_rss_hash = ri->ri_hash;
		p->np_rss_type = ri->ri_hash_type;
	}
	p->np_ol_flags = ol;
	if ((q->rq_flags & NIC_RXQ_SW_VLAN) && !(ol & NIC_RXOL_VLAN)) {
		uint16_t tci;

		if (nic_vlan_strip_seg(p, &tci) >= 0) {
			p->np_vlan_tci = tci;
			p->np_ol_flags |= NIC_RXOL_VLAN;
		}
	}
	if ((q->rq_flags & NIC_RXQ_SW_CSUM) && p->np_nsegs == 1 &&
	    !(st & (NIC_RXS_IP4_CSUM_CHECKED | NIC_RXS_L4_CSUM_CHECKED)))
		p->np_ol_flags |= nic_csum_verify_frame(p->np_segs[0].ns_va, p->np_segs[0].ns_len);
	if ((q->rq_flags & NIC_RXQ_SW_HASH) && d->nd_rss != NULL && !(st & NIC_RXS_HASH)) {
		uint8_t type;

		p->np_rss_hash = nic_rss_hash_frame(d->nd_rss, p->np_segs[0].ns_va,
						    p->np_segs[0].ns_len, &type);
		p->np_rss_type = type;
		if (type != NIC_RSS_TYPE_NONE)
			p->np_ol_flags |= NIC_RXOL_RSS_HASH;
	}
	if (p->np_ol_flags & (NIC_RXOL_L4_CSUM_GOOD | NIC_RXOL_IP4_CSUM_GOOD))
		q->rq_stats.rs_csum_good++;
	if (p->np_ol_flags & (NIC_RXOL_L4_CSUM_BAD | NIC_RXOL_IP4_CSUM_BAD))
		q->rq_stats.rs_csum_bad++;
}

/* EOP of a multi-buffer packet: build the pkts[] entry from rq_part */
static uint32_t nic_rx_deliver_chain(struct nic_rxq *q, struct nic_packet *p,
				     const struct nic_rxd_info *ri)
{
	struct nic_dev *d = q->rq_dev;
	uint32_t len = 0;
	uint16_t i;

	for (i = 0; i < q->rq_part_n; i++) {
		struct nic_seg *s = &p->np_segs[i];
		const struct nic_buf *b = &q->rq_part[i];

		nic_os_dma_sync(d->nd_os, b->nb_dma, q->rq_part_lens[i], NIC_DMA_FROM_DEVICE,
				NIC_SYNC_FOR_CPU);
		s->ns_va = b->nb_va;
		s->ns_dma = b->nb_dma;
		s->ns_cookie = b->nb_cookie;
		s->ns_len = q->rq_part_lens[i];
		s->ns_pad = 0;
		len += q->rq_part_lens[i];
	}
	p->np_nsegs = q->rq_part_n;
	p->np_len = len;
	nic_rx_meta(q, p, ri);
	if (p->np_nsegs > 1)
		q->rq_stats.rs_multi_buf++;
	q->rq_part_n = 0;
	q->rq_part_drop = 0;
	return p->np_len;
}

uint32_t nic_rx_poll(struct nic_rxq *q, struct nic_packet *pkts, uint32_t budget)
{
	struct nic_dev *d = q->rq_dev;
	const struct nic_hw_ops *o = d->nd_ops;
	struct nic_rxd_info ri;
	uint32_t n = 0, avail, ndesc = 0;
	uint64_t bytes = 0;

	ri.ri_qid = q->rq_qid;
	ri.ri_pad0 = 0;
	while (n < budget && q->rq_posted) {
		avail = o->ho_rxd_available(d->nd_hw, q->rq_qid, q->rq_cidx, q->rq_posted);
		if (avail == 0)
			break;
		if (NIC_UNLIKELY(avail > q->rq_posted)) {
			q->rq_stats.rs_hw_bogus++;
			avail = q->rq_posted;
		}
		nic_os_dma_rmb();  /* status read before the rest of the descriptor */
		while (avail && n < budget) {
			uint32_t cidx = q->rq_cidx;
			const struct nic_buf *b = &q->rq_bufs[cidx];
			int rc, bad;

			ri.ri_cidx = cidx;
			ri.ri_idx = cidx;
			ri.ri_len = 0;
			ri.ri_eop = 0;
			ri.ri_status = 0;
			ri.ri_error = 0;
			rc = o->ho_rxd_get(d->nd_hw, &ri);
			avail--;
			ndesc++;
			q->rq_state[cidx] = NIC_SLOT_EMPTY;
			q->rq_cidx = (cidx + 1) & q->rq_mask;
			q->rq_posted--;
			bad = rc != 0 || ri.ri_idx != cidx || ri.ri_len > b->nb_size ||
			      ri.ri_len > q->rq_buf_size;
			if (NIC_LIKELY(!bad && ri.ri_eop && q->rq_part_n == 0 && ri.ri_error == 0 &&
				       ri.ri_len >= NIC_ETH_HLEN)) {
				/* fast path: a whole packet in one buffer */
				struct nic_packet *p = &pkts[n++];

				nic_os_dma_sync(d->nd_os, b->nb_dma, ri.ri_len, NIC_DMA_FROM_DEVICE,
						NIC_SYNC_FOR_CPU);
				p->np_segs[0].ns_va = b->nb_va;
				p->np_segs[0].ns_dma = b->nb_dma;
				p->np_segs[0].ns_cookie = b->nb_cookie;
				p->np_segs[0].ns_len = ri.ri_len;
				p->np_segs[0].ns_pad = 0;
				p->np_nsegs = 1;
				p->np_len = ri.ri_len;
				nic_rx_meta(q, p, &ri);
				bytes += p->np_len;
				continue;
			}
			if (NIC_UNLIKELY(bad)) {
				q->rq_stats.rs_hw_bogus++;
				q->rq_part_drop = 1;
			}
			if (!q->rq_part_drop && q->rq_part_n < NIC_PKT_MAX_SEGS) {
				q->rq_part[q->rq_part_n] = *b;
				q->rq_part_lens[q->rq_part_n] = ri.ri_len;
				q->rq_part_n++;
			} else {
				q->rq_part_drop = 1;
				nic_rx_spare_push(q, b);
			}
			if (!ri.ri_eop)
				continue;
			if (NIC_UNLIKELY(ri.ri_error)) {
				q->rq_stats.rs_errors++;
				q->rq_part_drop = 1;
			}
			if (NIC_UNLIKELY(q->rq_part_drop)) {
				nic_rx_part_drop(q);
				continue;
			}
			{
				uint32_t tot = 0;
				uint16_t i;

				for (i = 0; i < q->rq_part_n; i++)
					tot += q->rq_part_lens[i];
				if (NIC_UNLIKELY(tot < NIC_ETH_HLEN)) {
					q->rq_stats.rs_hw_bogus++;
					nic_rx_part_drop(q);
					continue;
				}
			}
			bytes += nic_rx_deliver_chain(q, &pkts[n++], &ri);
		}
	}
	q->rq_stats.rs_packets += n;
	q->rq_stats.rs_bytes += bytes;
	q->rq_stats.rs_descs += ndesc;
	if (q->rq_ndesc - 1 - q->rq_posted >= q->rq_refill_batch ||
	    q->rq_posted < q->rq_refill_batch)
		nic_rx_refill(q, q->rq_ndesc);
	return n;
}
