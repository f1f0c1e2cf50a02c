/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in core (test support only): a software ring that loops every
 * transmitted packet back to the receive ring, so the adapters' TX and RX
 * paths can be compiled and exercised before the real core exists.  It
 * uses only the osdep hooks, as the real core must.
 */
#include "nic_core.h"

#define SI_MAXQ		8
#define SI_MAXD		1024
#define SI_MAXSEG	64

struct nic_txq {
	struct nic_dev	*nd;
	uint16_t	head, tail, ndesc, nused;
	void		*cookie[SI_MAXD];
	uint8_t		done[SI_MAXD];
};

struct nic_rxq {
	struct nic_dev	*nd;
	uint16_t	head, tail, ndesc, nposted;
	void		*cookie[SI_MAXD];
	nic_dma_addr_t	addr[SI_MAXD];
	uint32_t	len[SI_MAXD];
	uint32_t	flags[SI_MAXD];
	uint16_t	vlan[SI_MAXD];
	uint8_t		ready[SI_MAXD];
};

struct nic_dev {
	struct nic_osdep	*os;
	struct nic_dev_params	p;
	uint32_t		cause;
	int			started;
	struct nic_txq		txq[SI_MAXQ];
	struct nic_rxq		rxq[SI_MAXQ];
};

uint32_t nic_dev_size(void) { return (uint32_t)sizeof(struct nic_dev); }

int nic_dev_init(struct nic_dev *nd, const struct nic_dev_params *p)
{
	uint16_t i;

	if (p->ntxq > SI_MAXQ || p->nrxq > SI_MAXQ || p->ntxd > SI_MAXD || p->nrxd > SI_MAXD)
		return -22;
	nd->os = p->os;
	nd->p = *p;
	nd->cause = 0;
	nd->started = 0;
	for (i = 0; i < SI_MAXQ; i++) {
		nd->txq[i].nd = nd;
		nd->txq[i].ndesc = p->ntxd;
		nd->txq[i].head = nd->txq[i].tail = nd->txq[i].nused = 0;
		nd->rxq[i].nd = nd;
		nd->rxq[i].ndesc = p->nrxd;
		nd->rxq[i].head = nd->rxq[i].tail = nd->rxq[i].nposted = 0;
	}
	return 0;
}

void nic_dev_fini(struct nic_dev *nd) { nd->started = 0; }
int nic_dev_start(struct nic_dev *nd) { nd->started = 1; return 0; }
void nic_dev_stop(struct nic_dev *nd) { nd->started = 0; }

void nic_dev_mac_addr(struct nic_dev *nd, uint8_t mac[6])
{
	uint32_t lo = nic_os_read32(nd->os, 0x5400), hi = nic_os_read32(nd->os, 0x5404);

	mac[0] = (uint8_t)lo; mac[1] = (uint8_t)(lo >> 8);
	mac[2] = (uint8_t)(lo >> 16); mac[3] = (uint8_t)(lo >> 24);
	mac[4] = (uint8_t)hi; mac[5] = (uint8_t)(hi >> 8);
}

uint32_t nic_intr_cause(struct nic_dev *nd) { uint32_t c = nd->cause; nd->cause = 0; return c; }
void nic_intr_enable(struct nic_dev *nd) { (void)nd; }
void nic_intr_disable(struct nic_dev *nd) { (void)nd; }
struct nic_txq *nic_dev_txq(struct nic_dev *nd, uint16_t i) { return &nd->txq[i]; }
struct nic_rxq *nic_dev_rxq(struct nic_dev *nd, uint16_t i) { return &nd->rxq[i]; }

uint16_t nic_tx_avail(const struct nic_txq *q) { return (uint16_t)(q->ndesc - q->nused - 1); }

/* Loop the packet to RX queue 0: copy the TX segments into the next posted RX buffer. */
#ifdef NIC_STANDIN_LOOPBACK	/* user space only: bus address == virtual address */
#define SI_VA(a)	((uint8_t *)(uintptr_t)(a))
static void si_loop(struct nic_dev *nd, const struct nic_tx_req *req)
{
	struct nic_rxq *rq = &nd->rxq[0];
	uint8_t *dst;
	uint32_t off = 0;
	uint16_t i;

	if (rq->nposted == 0 || rq->ready[rq->head % rq->ndesc])
		return;
	dst = (uint8_t *)SI_VA(rq->addr[rq->tail]);
	for (i = 0; i < req->nsegs; i++) {
		const uint8_t *src = SI_VA(req->segs[i].addr);
		uint32_t j;

		for (j = 0; j < req->segs[i].len && off < nd->p.rx_buf_len; j++)
			dst[off++] = src[j];
	}
	rq->len[rq->tail] = off;
	rq->flags[rq->tail] = NIC_RX_EOP | ((req->flags & NIC_TX_CSUM_IP) ? NIC_RX_CSUM_IP_OK : 0u) |
	    ((req->flags & (NIC_TX_CSUM_TCP | NIC_TX_CSUM_UDP)) ? NIC_RX_CSUM_L4_OK : 0u) |
	    ((req->flags & NIC_TX_VLAN) ? NIC_RX_VLAN : 0u);
	rq->vlan[rq->tail] = req->vlan_tci;
	rq->ready[rq->tail] = 1;
	rq->tail = (uint16_t)((rq->tail + 1) % rq->ndesc);
	rq->nposted--;
}
#else
static void si_loop(struct nic_dev *nd, const struct nic_tx_req *req) { (void)nd; (void)req; }
#endif

int nic_tx_enqueue(struct nic_txq *q, const struct nic_tx_req *req)
{
	if (req->nsegs == 0 || req->nsegs > SI_MAXSEG)
		return -22;
	if (nic_tx_avail(q) < req->nsegs)
		return -NIC_ENOSPC;
	si_loop(q->nd, req);
	q->cookie[q->tail] = req->cookie;
	q->done[q->tail] = 1;
	q->tail = (uint16_t)((q->tail + 1) % q->ndesc);
	q->nused++;
	q->nd->cause |= 1u;
	return 0;
}

void nic_tx_doorbell(struct nic_txq *q) { nic_os_wmb(); (void)q; }

uint32_t nic_tx_reclaim(struct nic_txq *q, nic_tx_done_fn *fn, void *ctx)
{
	uint32_t n = 0;

	while (q->nused && q->done[q->head]) {
		q->done[q->head] = 0;
		fn(ctx, q->cookie[q->head]);
		q->head = (uint16_t)((q->head + 1) % q->ndesc);
		q->nused--;
		n++;
	}
	return n;
}

uint16_t nic_rx_space(const struct nic_rxq *q)
{
	uint16_t inflight = 0, i;

	for (i = 0; i < q->ndesc; i++)
		inflight = (uint16_t)(inflight + q->ready[i]);
	return (uint16_t)(q->ndesc - 1 - q->nposted - inflight);
}

int nic_rx_post(struct nic_rxq *q, nic_dma_addr_t addr, void *cookie)
{
	uint16_t slot = (uint16_t)((q->tail + q->nposted) % q->ndesc);

	if (nic_rx_space(q) == 0)
		return -NIC_ENOSPC;
	q->addr[slot] = addr;
	q->cookie[slot] = cookie;
	q->ready[slot] = 0;
	q->nposted++;
	return 0;
}

void nic_rx_doorbell(struct nic_rxq *q) { nic_os_wmb(); (void)q; }

uint32_t nic_rx_poll(struct nic_rxq *q, uint32_t budget, nic_rx_fn *fn, void *ctx)
{
	uint32_t n = 0;
	struct nic_rx_res r;

	while (n < budget && q->ready[q->head]) {
		r.cookie = q->cookie[q->head];
		r.len = q->len[q->head];
		r.flags = q->flags[q->head];
		r.hash = 0;
		r.vlan_tci = q->vlan[q->head];
		q->ready[q->head] = 0;
		q->head = (uint16_t)((q->head + 1) % q->ndesc);
		fn(ctx, &r);
		n++;
	}
	return n;
}
