/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for the core's queue code (test support only), implementing the
 * real core/nic_core.h API until nicport/generate/core/c ships its own
 * nic_tx_submit & co.  Software rings: every transmitted packet is looped
 * back into RX queue 0 (copied into the next posted buffer), so adapters'
 * TX and RX paths can be built and exercised.  Only osdep hooks are called.
 */
#include "nic_core.h"

void nic_dev_init(struct nic_dev *d, struct nic_os *os, const struct nic_hw_ops *ops, void *hw)
{
	nic_memset(d, 0, sizeof(*d));
	d->nd_os = os;
	d->nd_ops = ops;
	d->nd_hw = hw;
}

int nic_txq_create(struct nic_dev *d, const struct nic_txq_conf *c, struct nic_txq **out)
{
	struct nic_txq *q;

	if (c->tc_ndesc < 8 || (c->tc_ndesc & (c->tc_ndesc - 1)) || c->tc_qid >= NIC_MAX_QUEUES)
		return NIC_E_INVAL;
	q = nic_os_zalloc(d->nd_os, sizeof(*q));
	if (!q)
		return NIC_E_NOMEM;
	q->tq_cookies = nic_os_zalloc(d->nd_os, c->tc_ndesc * sizeof(void *));
	if (!q->tq_cookies) {
		nic_os_free(d->nd_os, q, sizeof(*q));
		return NIC_E_NOMEM;
	}
	q->tq_dev = d;
	q->tq_qid = c->tc_qid;
	q->tq_ndesc = c->tc_ndesc;
	q->tq_mask = c->tc_ndesc - 1;
	d->nd_txq[c->tc_qid] = q;
	if (d->nd_ntxq <= c->tc_qid)
		d->nd_ntxq = (uint16_t)(c->tc_qid + 1);
	*out = q;
	return NIC_OK;
}

static void si_deliver(struct nic_dev *d, const struct nic_packet *p)
{
	struct nic_rxq *rq = d->nd_rxq[0];
	uint32_t slot, off = 0, i;
	struct nic_buf *b;

	if (!rq || rq->rq_posted == 0 || p->np_len > rq->rq_buf_size)
		return;
	slot = (rq->rq_cidx + rq->rq_nspare) & rq->rq_mask;	/* rq_nspare: slots filled */
	b = &rq->rq_bufs[slot];
	for (i = 0; i < p->np_nsegs; i++) {
		if (p->np_segs[i].ns_va)
			nic_memcpy((uint8_t *)b->nb_va + off, p->np_segs[i].ns_va, p->np_segs[i].ns_len);
		off += p->np_segs[i].ns_len;
	}
	rq->rq_part_lens[0] = 0;
	rq->rq_state[slot] = 2;		/* filled */
	rq->rq_paddrs[slot] = off;	/* length, stand-in bookkeeping */
	rq->rq_posted--;
	rq->rq_nspare++;
	/* offload results the way a device reports them */
	rq->rq_bufs[slot].nb_pad = (p->np_ol_flags & NIC_TXOL_VLAN) ? (0x10000u | p->np_vlan_tci) : 0;
	if (p->np_ol_flags & NIC_TXOL_L4_CSUM)
		rq->rq_bufs[slot].nb_pad |= 0x20000u;
}

int nic_tx_submit(struct nic_txq *q, struct nic_packet *p, uint32_t flags)
{
	uint32_t last;

	if (p->np_nsegs == 0 || p->np_nsegs > NIC_PKT_MAX_SEGS)
		return NIC_E_INVAL;
	if (nic_tx_avail(q) < p->np_nsegs)
		return NIC_E_RINGFULL;
	si_deliver(q->tq_dev, p);
	last = (q->tq_pidx + p->np_nsegs - 1) & q->tq_mask;
	q->tq_cookies[last] = p->np_cookie;
	q->tq_pidx = (q->tq_pidx + p->np_nsegs) & q->tq_mask;
	q->tq_stats.ts_packets++;
	q->tq_stats.ts_bytes += p->np_len;
	if (!(flags & NIC_TX_MORE))
		nic_tx_flush(q);
	return NIC_OK;
}

uint32_t nic_tx_burst(struct nic_txq *q, struct nic_packet **pkts, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (nic_tx_submit(q, pkts[i], NIC_TX_MORE))
			break;
	nic_tx_flush(q);
	return i;
}

void nic_tx_flush(struct nic_txq *q)
{
	nic_os_wmb();
	q->tq_hw_cidx = q->tq_pidx;	/* the loopback "device" is done at once */
	q->tq_stats.ts_doorbells++;
}

uint32_t nic_tx_complete(struct nic_txq *q, void **cookies, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && q->tq_cidx != q->tq_hw_cidx) {
		void *c = q->tq_cookies[q->tq_cidx];

		if (c) {
			cookies[n++] = c;
			q->tq_cookies[q->tq_cidx] = NULL;
		}
		q->tq_cidx = (q->tq_cidx + 1) & q->tq_mask;
	}
	q->tq_stats.ts_completed += n;
	return n;
}

uint32_t nic_txq_drain(struct nic_txq *q, void **cookies, uint32_t max)
{
	q->tq_hw_cidx = q->tq_pidx;
	return nic_tx_complete(q, cookies, max);
}

void nic_txq_destroy(struct nic_txq *q)
{
	struct nic_os *os = q->tq_dev->nd_os;

	q->tq_dev->nd_txq[q->tq_qid] = NULL;
	nic_os_free(os, q->tq_cookies, q->tq_ndesc * sizeof(void *));
	nic_os_free(os, q, sizeof(*q));
}

int nic_rxq_create(struct nic_dev *d, const struct nic_rxq_conf *c, struct nic_rxq **out)
{
	struct nic_rxq *q;

	if (c->rc_ndesc < 8 || (c->rc_ndesc & (c->rc_ndesc - 1)) || c->rc_qid >= NIC_MAX_QUEUES)
		return NIC_E_INVAL;
	q = nic_os_zalloc(d->nd_os, sizeof(*q));
	if (!q)
		return NIC_E_NOMEM;
	q->rq_bufs = nic_os_zalloc(d->nd_os, c->rc_ndesc * sizeof(*q->rq_bufs));
	q->rq_state = nic_os_zalloc(d->nd_os, c->rc_ndesc);
	q->rq_paddrs = nic_os_zalloc(d->nd_os, c->rc_ndesc * sizeof(*q->rq_paddrs));
	q->rq_dev = d;
	q->rq_qid = c->rc_qid;
	q->rq_ndesc = c->rc_ndesc;
	q->rq_mask = c->rc_ndesc - 1;
	q->rq_buf_size = c->rc_buf_size;
	*out = q;
	if (!q->rq_bufs || !q->rq_state || !q->rq_paddrs) {
		nic_rxq_destroy(q);
		return NIC_E_NOMEM;
	}
	d->nd_rxq[c->rc_qid] = q;
	if (d->nd_nrxq <= c->rc_qid)
		d->nd_nrxq = (uint16_t)(c->rc_qid + 1);
	nic_rx_refill(q, q->rq_ndesc);
	return NIC_OK;
}

void nic_rxq_destroy(struct nic_rxq *q)
{
	struct nic_os *os = q->rq_dev->nd_os;
	uint32_t i;

	for (i = 0; q->rq_state && i < q->rq_ndesc; i++)
		if (q->rq_state[i] != NIC_SLOT_EMPTY)
			nic_os_rxbuf_free(os, q->rq_qid, &q->rq_bufs[i]);
	if (q->rq_dev->nd_rxq[q->rq_qid] == q)
		q->rq_dev->nd_rxq[q->rq_qid] = NULL;
	if (q->rq_bufs)
		nic_os_free(os, q->rq_bufs, q->rq_ndesc * sizeof(*q->rq_bufs));
	if (q->rq_state)
		nic_os_free(os, q->rq_state, q->rq_ndesc);
	if (q->rq_paddrs)
		nic_os_free(os, q->rq_paddrs, q->rq_ndesc * sizeof(*q->rq_paddrs));
	nic_os_free(os, q, sizeof(*q));
}

uint32_t nic_rx_poll(struct nic_rxq *q, struct nic_packet *pkts, uint32_t budget)
{
	uint32_t n = 0;

	while (n < budget && q->rq_state[q->rq_cidx] == 2) {
		struct nic_buf *b = &q->rq_bufs[q->rq_cidx];
		struct nic_packet *p = &pkts[n++];

		nic_packet_init(p);
		nic_os_dma_sync(q->rq_dev->nd_os, b->nb_dma, (uint32_t)q->rq_paddrs[q->rq_cidx],
				NIC_DMA_FROM_DEVICE, NIC_SYNC_FOR_CPU);
		p->np_segs[0].ns_va = b->nb_va;
		p->np_segs[0].ns_dma = b->nb_dma;
		p->np_segs[0].ns_cookie = b->nb_cookie;
		p->np_segs[0].ns_len = (uint32_t)q->rq_paddrs[q->rq_cidx];
		p->np_nsegs = 1;
		p->np_len = p->np_segs[0].ns_len;
		p->np_queue = q->rq_qid;
		if (b->nb_pad & 0x10000u) {
			p->np_ol_flags |= NIC_RXOL_VLAN;
			p->np_vlan_tci = (uint16_t)b->nb_pad;
		}
		if (b->nb_pad & 0x20000u)
			p->np_ol_flags |= NIC_RXOL_L4_CSUM_GOOD;
		p->np_ol_flags |= NIC_RXOL_RSS_HASH;
		p->np_rss_hash = 0x5a5a0000u | p->np_len;
		p->np_rss_type = NIC_RSS_TYPE_TCP_IPV4;
		q->rq_state[q->rq_cidx] = NIC_SLOT_EMPTY;
		q->rq_cidx = (q->rq_cidx + 1) & q->rq_mask;
		q->rq_nspare--;
		q->rq_stats.rs_packets++;
		q->rq_stats.rs_bytes += p->np_len;
	}
	return n;
}

uint32_t nic_rx_refill(struct nic_rxq *q, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && q->rq_state[q->rq_pidx] == NIC_SLOT_EMPTY &&
	       q->rq_posted + q->rq_nspare < q->rq_ndesc - 1) {
		if (nic_os_rxbuf_alloc(q->rq_dev->nd_os, q->rq_qid, q->rq_buf_size, &q->rq_bufs[q->rq_pidx])) {
			q->rq_stats.rs_alloc_fail++;
			break;
		}
		q->rq_state[q->rq_pidx] = NIC_SLOT_POSTED;
		q->rq_pidx = (q->rq_pidx + 1) & q->rq_mask;
		q->rq_posted++;
		n++;
	}
	return n;
}

uint32_t nic_intr_cause(struct nic_dev *d, uint64_t *rx_mask, uint64_t *tx_mask)
{
	*rx_mask = d->nd_rxq[0] && d->nd_rxq[0]->rq_nspare ? 1u : 0u;
	*tx_mask = d->nd_txq[0] && d->nd_txq[0]->tq_cidx != d->nd_txq[0]->tq_hw_cidx ? 1u : 0u;
	return (*rx_mask | *tx_mask) ? NIC_INTR_QUEUE : NIC_INTR_NONE;
}

int nic_intr_enable(struct nic_dev *d, uint16_t vector) { (void)d; (void)vector; return 0; }
void nic_intr_disable(struct nic_dev *d, uint16_t vector) { (void)d; (void)vector; }
