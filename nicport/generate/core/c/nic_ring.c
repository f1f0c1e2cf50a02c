/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_ring.c - device object, ops table check, ring memory, interrupts.
 */
#include "nic_priv.h"

void nic_dev_init(struct nic_dev *d, struct nic_os *os, const struct nic_hw_ops *ops, void *hw)
{
	nic_memset(d, 0, sizeof(*d));
	d->nd_os = os;
	d->nd_ops = ops;
	d->nd_hw = hw;
}

int nic_hw_ops_check(const struct nic_hw_ops *o)
{
	if (o == NULL || o->ho_ring_bytes == NULL || o->ho_queue_setup == NULL ||
	    o->ho_queue_stop == NULL || o->ho_txd_encap == NULL || o->ho_txd_flush == NULL ||
	    o->ho_txd_credits_update == NULL || o->ho_rxd_available == NULL ||
	    o->ho_rxd_get == NULL || o->ho_rxd_refill == NULL || o->ho_rxd_flush == NULL ||
	    o->ho_intr_enable == NULL || o->ho_intr_disable == NULL || o->ho_intr_cause == NULL)
		return NIC_E_INVAL;
	if (o->ho_tx_max_segs == 0)
		return NIC_E_INVAL;
	return 0;
}

/* ring memory + hw programming shared by TX and RX queue creation */
int nic_ring_alloc(struct nic_dev *d, enum nic_ring_kind kind, uint16_t qid, uint32_t ndesc,
		   uint32_t buf_size, void **va, nic_dma_addr_t *dma, size_t *bytes)
{
	const struct nic_hw_ops *o = d->nd_ops;
	struct nic_ring_setup rs;
	size_t align = 128;
	int rc;

	rc = o->ho_ring_bytes(d->nd_hw, kind, ndesc, bytes, &align);
	if (rc)
		return rc;
	*va = nic_os_dma_alloc_coherent(d->nd_os, *bytes, align, dma);
	if (*va == NULL)
		return NIC_E_NOMEM;
	nic_memset(&rs, 0, sizeof(rs));
	rs.rs_kind = kind;
	rs.rs_qid = qid;
	rs.rs_ndesc = ndesc;
	rs.rs_buf_size = buf_size;
	rs.rs_va = *va;
	rs.rs_dma = *dma;
	rc = o->ho_queue_setup(d->nd_hw, &rs);
	if (rc) {
		nic_os_dma_free_coherent(d->nd_os, *va, *bytes, *dma);
		*va = NULL;
	}
	return rc;
}

uint32_t nic_intr_cause(struct nic_dev *d, uint64_t *rx_mask, uint64_t *tx_mask)
{
	*rx_mask = 0;
	*tx_mask = 0;
	return d->nd_ops->ho_intr_cause(d->nd_hw, rx_mask, tx_mask);
}

int nic_intr_enable(struct nic_dev *d, uint16_t vector)
{
	return d->nd_ops->ho_intr_enable(d->nd_hw, vector);
}

void nic_intr_disable(struct nic_dev *d, uint16_t vector)
{
	d->nd_ops->ho_intr_disable(d->nd_hw, vector);
}

int nic_intr_map(struct nic_dev *d, uint16_t vector, uint64_t rx_qmask, uint64_t tx_qmask,
		 uint32_t misc)
{
	if (d->nd_ops->ho_vector_map == NULL)
		return NIC_E_NOSYS;
	return d->nd_ops->ho_vector_map(d->nd_hw, vector, rx_qmask, tx_qmask, misc);
}

int nic_link_state(struct nic_dev *d, uint32_t *speed, int *fd)
{
	int r;

	*speed = 0;
	*fd = -1;
	if (d->nd_ops->ho_link_state == NULL)
		return NIC_E_NOSYS;
	r = d->nd_ops->ho_link_state(d->nd_hw, speed, fd);
	if (r < 0) {
		*speed = 0;
		*fd = -1;
		return r;
	}
	return r ? 1 : 0;
}

int nic_dev_rss_setup(struct nic_dev *d, struct nic_rss *r)
{
	struct nic_rss_hw rh;

	d->nd_rss = r;
	if (d->nd_ops->ho_rss_setup == NULL)
		return 0;  /* software hashing only */
	rh.rh_key = r->rss_key;
	rh.rh_key_len = NIC_RSS_KEY_LEN;
	rh.rh_types = r->rss_types;
	rh.rh_reta = r->rss_reta;
	rh.rh_reta_size = r->rss_reta_size;
	rh.rh_nqueues = r->rss_nqueues;
	rh.rh_pad = 0;
	return d->nd_ops->ho_rss_setup(d->nd_hw, &rh);
}

int nic_dev_rx_features(struct nic_dev *d, uint32_t features)
{
	if (d->nd_ops->ho_rx_features == NULL)
		return NIC_E_NOSYS;
	return d->nd_ops->ho_rx_features(d->nd_hw, features);
}

void nic_txq_stats_get(const struct nic_txq *q, struct nic_txq_stats *out)
{
	const struct nic_dev *d = q->tq_dev;

	nic_memcpy(out, &q->tq_stats, sizeof(*out));
	if (d->nd_ops->ho_hw_bogus != NULL)
		out->ts_hw_bogus += d->nd_ops->ho_hw_bogus(d->nd_hw, NIC_RING_TX, q->tq_qid);
}

void nic_rxq_stats_get(const struct nic_rxq *q, struct nic_rxq_stats *out)
{
	const struct nic_dev *d = q->rq_dev;

	nic_memcpy(out, &q->rq_stats, sizeof(*out));
	if (d->nd_ops->ho_hw_bogus != NULL)
		out->rs_hw_bogus += d->nd_ops->ho_hw_bogus(d->nd_hw, NIC_RING_RX, q->rq_qid);
}
