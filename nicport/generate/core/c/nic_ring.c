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

void nic_intr_enable(struct nic_dev *d, uint16_t vector)
{
	d->nd_ops->ho_intr_enable(d->nd_hw, vector);
}

void nic_intr_disable(struct nic_dev *d, uint16_t vector)
{
	d->nd_ops->ho_intr_disable(d->nd_hw, vector);
}
