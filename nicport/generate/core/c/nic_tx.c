/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_tx.c - transmit: submit (single / multi-segment, offload requests,
 * context caching), doorbell coalescing, completion and reclaim.
 *
 * Slot accounting: slots [tq_cidx, tq_pidx) are in flight; [tq_cidx, tq_hw_cidx)
 * are done by the device but not reclaimed yet.  The packet cookie sits on the
 * slot of its last descriptor and is returned once reclaim walks past it.
 */
#include "nic_priv.h"

int nic_txq_create(struct nic_dev *d, const struct nic_txq_conf *c, struct nic_txq **out)
{
	struct nic_txq *q;
	int rc;

	*out = NULL;
	if (c->tc_qid >= NIC_MAX_QUEUES || d->nd_txq[c->tc_qid] != NULL ||
	    !nic_is_pow2(c->tc_ndesc) || c->tc_ndesc < 8 || c->tc_ndesc > 65536)
		return NIC_E_INVAL;
	if (nic_hw_ops_check(d->nd_ops))
		return NIC_E_INVAL;
	q = nic_os_zalloc(d->nd_os, sizeof(*q));
	if (q == NULL)
		return NIC_E_NOMEM;
	q->tq_dev = d;
	q->tq_qid = c->tc_qid;
	q->tq_ndesc = c->tc_ndesc;
	q->tq_mask = c->tc_ndesc - 1;
	q->tq_db_batch = c->tc_db_batch ? c->tc_db_batch : c->tc_ndesc / 4;
	q->tq_rs_interval = c->tc_rs_interval ? c->tc_rs_interval : 1;
	q->tq_flags = c->tc_flags;
	q->tq_cookies = nic_os_zalloc(d->nd_os, sizeof(void *) * c->tc_ndesc);
	if (q->tq_cookies == NULL) {
		rc = NIC_E_NOMEM;
		goto fail;
	}
	if (c->tc_flags & NIC_Q_LOCKED) {
		q->tq_lock = nic_os_lock_create(d->nd_os, "nic_txq");
		if (q->tq_lock == NULL) {
			rc = NIC_E_NOMEM;
			goto fail;
		}
	}
	rc = nic_ring_alloc(d, NIC_RING_TX, q->tq_qid, q->tq_ndesc, 0,
			    &q->tq_ring_va, &q->tq_ring_dma, &q->tq_ring_bytes);
	if (rc)
		goto fail;
	d->nd_txq[q->tq_qid] = q;
	if (q->tq_qid >= d->nd_ntxq)
		d->nd_ntxq = (uint16_t)(q->tq_qid + 1);
	*out = q;
	return 0;
fail:
	if (q->tq_lock)
		nic_os_lock_destroy(d->nd_os, q->tq_lock);
	if (q->tq_cookies)
		nic_os_free(d->nd_os, q->tq_cookies, sizeof(void *) * c->tc_ndesc);
	nic_os_free(d->nd_os, q, sizeof(*q));
	NIC_LOG(d, NIC_LOG_ERR, "nic: txq %u create failed (%d)", c->tc_qid, rc);
	return rc;
}

uint32_t nic_txq_drain(struct nic_txq *q, void **cookies, uint32_t max)
{
	struct nic_dev *d = q->tq_dev;
	uint32_t n = 0;

	if (q->tq_ring_va != NULL) {
		d->nd_ops->ho_queue_stop(d->nd_hw, NIC_RING_TX, q->tq_qid);
		nic_os_dma_free_coherent(d->nd_os, q->tq_ring_va, q->tq_ring_bytes,
					 q->tq_ring_dma);
		q->tq_ring_va = NULL;
	}
	while (q->tq_cidx != q->tq_pidx) {
		void *c = q->tq_cookies[q->tq_cidx];

		if (c != NULL) {
			if (n == max)
				break;
			cookies[n++] = c;
			q->tq_cookies[q->tq_cidx] = NULL;
		}
		q->tq_cidx = (q->tq_cidx + 1) & q->tq_mask;
	}
	q->tq_hw_cidx = q->tq_cidx;
	return n;
}

void nic_txq_destroy(struct nic_txq *q)
{
	struct nic_dev *d = q->tq_dev;
	void *sink[16];

	/* anything still in flight is lost to the caller: drain first to get it */
	while (nic_txq_drain(q, sink, 16) == 16)
		;
	d->nd_txq[q->tq_qid] = NULL;
	if (q->tq_lock)
		nic_os_lock_destroy(d->nd_os, q->tq_lock);
	nic_os_free(d->nd_os, q->tq_cookies, sizeof(void *) * q->tq_ndesc);
	nic_os_free(d->nd_os, q, sizeof(*q));
}

void nic_tx_flush(struct nic_txq *q)
{
	struct nic_dev *d = q->tq_dev;

	if (q->tq_db_pending == 0)
		return;
	nic_os_wmb();  /* descriptors visible before the tail write */
	d->nd_ops->ho_txd_flush(d->nd_hw, q->tq_qid, q->tq_pidx);
	q->tq_db_pending = 0;
	q->tq_stats.ts_doorbells++;
}

static int nic_tx_offload(struct nic_txq *q, struct nic_packet *p,
			  struct nic_txd_info *ti, struct nic_offload_req *req)
{
	const struct nic_hw_ops *o = q->tq_dev->nd_ops;
	uint32_t sw;
	int rc;

	rc = nic_offload_prepare(p, o->ho_caps, req, &sw);
	if (rc)
		return rc;
	if (sw & (NIC_TXOL_TSO | NIC_TXOL_VLAN))
		return NIC_E_NOTSUP;  /* adapter: nic_tso_segment / nic_vlan_insert */
	if (sw) {
		rc = nic_csum_sw_apply(p, req, sw);
		if (rc)
			return rc;
		q->tq_stats.ts_sw_csum++;
	}
	ti->ti_ol = req->or_flags;
	ti->ti_req = req;
	ti->ti_vtag = p->np_vlan_tci;
	if ((req->or_flags & (NIC_TXOL_IP4_CSUM | NIC_TXOL_L4_CSUM | NIC_TXOL_TSO)) &&
	    (o->ho_caps & NIC_HWCAP_TX_CTX_DESC)) {
		if (!q->tq_ctx_valid || nic_memcmp(&q->tq_ctx, req, sizeof(*req)) != 0)
			ti->ti_ctx = 1;
	}
	return 0;
}

static int nic_tx_submit_one(struct nic_txq *q, struct nic_packet *p, uint32_t flags)
{
	struct nic_dev *d = q->tq_dev;
	const struct nic_hw_ops *o = d->nd_ops;
	struct nic_offload_req req;
	struct nic_txd_info ti;
	uint32_t need, used, last_off;
	int rc;

	if (NIC_UNLIKELY(p->np_nsegs == 0 || p->np_cookie == NULL)) {
		q->tq_stats.ts_errors++;
		return NIC_E_INVAL;
	}
	if (NIC_UNLIKELY(p->np_nsegs > o->ho_tx_max_segs || p->np_nsegs > NIC_PKT_MAX_SEGS)) {
		q->tq_stats.ts_errors++;
		return NIC_E_TOOBIG;  /* adapter: defragment and retry */
	}
	need = (uint32_t)p->np_nsegs + o->ho_tx_extra_descs;
	if (NIC_UNLIKELY(need > nic_tx_avail(q))) {
		q->tq_stats.ts_ring_full++;
		nic_tx_flush(q);  /* what is written must reach the device, or it never drains */
		return NIC_E_RINGFULL;
	}
	ti.ti_qid = q->tq_qid;
	ti.ti_nsegs = p->np_nsegs;
	ti.ti_pidx = q->tq_pidx;
	ti.ti_segs = p->np_segs;
	ti.ti_len = p->np_len;
	ti.ti_ol = 0;
	ti.ti_req = NULL;
	ti.ti_vtag = 0;
	ti.ti_ctx = 0;
	ti.ti_new_pidx = q->tq_pidx;
	ti.ti_last = q->tq_pidx;
	if (p->np_ol_flags & (NIC_TXOL_MASK & ~NIC_TXOL_PHDR_DONE)) {
		rc = nic_tx_offload(q, p, &ti, &req);
		if (rc) {
			if (rc != NIC_E_NOTSUP)
				q->tq_stats.ts_errors++;
			return rc;
		}
	}
	ti.ti_report = (q->tq_since_rs + 1 >= q->tq_rs_interval) || !(flags & NIC_TX_MORE);
	rc = o->ho_txd_encap(d->nd_hw, &ti);
	if (NIC_UNLIKELY(rc)) {
		q->tq_stats.ts_errors++;
		return rc;
	}
	used = (ti.ti_new_pidx - q->tq_pidx) & q->tq_mask;
	last_off = (ti.ti_last - q->tq_pidx) & q->tq_mask;
	if (NIC_UNLIKELY(used == 0 || used > need || last_off >= used)) {
		q->tq_stats.ts_errors++;
		NIC_LOG(d, NIC_LOG_ERR, "nic: txq %u: hw layer %s used %u slots for %u",
			q->tq_qid, o->ho_name, used, need);
		return NIC_E_IO;
	}
	if (ti.ti_ctx) {
		nic_memcpy(&q->tq_ctx, &req, sizeof(req));
		q->tq_ctx_valid = 1;
		q->tq_stats.ts_ctx_descs++;
	}
	q->tq_cookies[ti.ti_last & q->tq_mask] = p->np_cookie;
	q->tq_pidx = ti.ti_new_pidx & q->tq_mask;
	q->tq_since_rs = ti.ti_report ? 0 : q->tq_since_rs + 1;
	q->tq_db_pending += used;
	q->tq_stats.ts_packets++;
	q->tq_stats.ts_bytes += p->np_len;
	q->tq_stats.ts_descs += used;
	if (!(flags & NIC_TX_MORE) || q->tq_db_pending >= q->tq_db_batch)
		nic_tx_flush(q);
	return 0;
}

int nic_tx_submit(struct nic_txq *q, struct nic_packet *p, uint32_t flags)
{
	int rc;

	if (q->tq_lock)
		nic_os_lock_acquire(q->tq_lock);
	rc = nic_tx_submit_one(q, p, flags);
	if (q->tq_lock)
		nic_os_lock_release(q->tq_lock);
	return rc;
}

/*
 * Burst: the same rules as nic_tx_submit() with NIC_TX_MORE on every packet but
 * the last, with the ring state kept in locals across the hw layer's calls
 * (which the compiler must otherwise assume can change *q).  Packets with
 * offload requests, or anything unusual, go through nic_tx_submit_one().
 */
uint32_t nic_tx_burst(struct nic_txq *q, struct nic_packet **pkts, uint32_t n)
{
	struct nic_dev *d = q->tq_dev;
	const struct nic_hw_ops *o = d->nd_ops;
	void *hw = d->nd_hw;
	struct nic_txd_info ti;
	const uint32_t mask = q->tq_mask, extra = o->ho_tx_extra_descs;
	const uint32_t rs_interval = q->tq_rs_interval, db_batch = q->tq_db_batch;
	uint32_t pidx, avail, pending, since, i;
	uint64_t bytes = 0, descs = 0, pkts_done = 0;

	if (q->tq_lock)
		nic_os_lock_acquire(q->tq_lock);
	ti.ti_qid = q->tq_qid;
	ti.ti_ol = 0;
	ti.ti_req = NULL;
	ti.ti_vtag = 0;
	ti.ti_ctx = 0;
	pidx = q->tq_pidx;
	avail = nic_tx_avail(q);
	pending = q->tq_db_pending;
	since = q->tq_since_rs;
	for (i = 0; i < n; i++) {
		struct nic_packet *p = pkts[i];
		uint32_t more = i + 1 < n ? NIC_TX_MORE : 0, need, used, last_off;
		int rc;

		if (NIC_UNLIKELY((p->np_ol_flags & (NIC_TXOL_MASK & ~NIC_TXOL_PHDR_DONE)) ||
				 p->np_nsegs == 0 || p->np_cookie == NULL ||
				 p->np_nsegs > o->ho_tx_max_segs || p->np_nsegs > NIC_PKT_MAX_SEGS ||
				 (uint32_t)p->np_nsegs + extra > avail)) {
			/* slow path with the full checks; state goes through *q */
			q->tq_pidx = pidx;
			q->tq_db_pending = pending;
			q->tq_since_rs = since;
			rc = nic_tx_submit_one(q, p, more);
			pidx = q->tq_pidx;
			avail = nic_tx_avail(q);
			pending = q->tq_db_pending;
			since = q->tq_since_rs;
			if (rc != 0)
				break;
			continue;
		}
		need = (uint32_t)p->np_nsegs + extra;
		ti.ti_nsegs = p->np_nsegs;
		ti.ti_pidx = pidx;
		ti.ti_segs = p->np_segs;
		ti.ti_len = p->np_len;
		ti.ti_report = (since + 1 >= rs_interval) || !more;
		ti.ti_new_pidx = pidx;
		ti.ti_last = pidx;
		rc = o->ho_txd_encap(hw, &ti);
		used = (ti.ti_new_pidx - pidx) & mask;
		last_off = (ti.ti_last - pidx) & mask;
		if (NIC_UNLIKELY(rc != 0 || used == 0 || used > need || last_off >= used)) {
			q->tq_stats.ts_errors++;
			if (rc == 0)
				NIC_LOG(d, NIC_LOG_ERR, "nic: txq %u: hw layer %s used %u slots for %u",
					q->tq_qid, o->ho_name, used, need);
			break;
		}
		q->tq_cookies[ti.ti_last & mask] = p->np_cookie;
		pidx = ti.ti_new_pidx & mask;
		avail -= used;
		since = ti.ti_report ? 0 : since + 1;
		pending += used;
		pkts_done++;
		bytes += p->np_len;
		descs += used;
		if (pending >= db_batch && more) {
			nic_os_wmb();
			o->ho_txd_flush(hw, q->tq_qid, pidx);
			pending = 0;
			q->tq_stats.ts_doorbells++;
		}
	}
	q->tq_pidx = pidx;
	q->tq_db_pending = pending;
	q->tq_since_rs = since;
	q->tq_stats.ts_packets += pkts_done;
	q->tq_stats.ts_bytes += bytes;
	q->tq_stats.ts_descs += descs;
	nic_tx_flush(q);
	if (q->tq_lock)
		nic_os_lock_release(q->tq_lock);
	return i;
}

uint32_t nic_tx_complete(struct nic_txq *q, void **cookies, uint32_t max)
{
	struct nic_dev *d = q->tq_dev;
	uint32_t unreported, n = 0;

	if (q->tq_lock)
		nic_os_lock_acquire(q->tq_lock);
	unreported = (q->tq_pidx - q->tq_hw_cidx) & q->tq_mask;
	if (unreported) {
		uint32_t got = d->nd_ops->ho_txd_credits_update(d->nd_hw, q->tq_qid,
								q->tq_hw_cidx, unreported);

		if (NIC_UNLIKELY(got > unreported)) {
			q->tq_stats.ts_hw_bogus++;
			got = unreported;
		}
		q->tq_hw_cidx = (q->tq_hw_cidx + got) & q->tq_mask;
	}
	while (q->tq_cidx != q->tq_hw_cidx) {
		void *c = q->tq_cookies[q->tq_cidx];

		if (c != NULL) {
			if (n == max)
				break;
			cookies[n++] = c;
			q->tq_cookies[q->tq_cidx] = NULL;
		}
		q->tq_cidx = (q->tq_cidx + 1) & q->tq_mask;
	}
	q->tq_stats.ts_completed += n;
	if (q->tq_lock)
		nic_os_lock_release(q->tq_lock);
	return n;
}
