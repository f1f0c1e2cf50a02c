/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for the portable core's adapter-facing API (test support only).
 * The real core lives in nicport/generate/core/c/ and replaces this file
 * in every output tree.  Only what the adapters call is declared.
 */
#ifndef NIC_CORE_H
#define NIC_CORE_H

#include "nic_osdep.h"

#define NIC_ENOSPC	28

/* TX offload requests (written by the adapter) */
#define NIC_TX_CSUM_IP		0x0001u
#define NIC_TX_CSUM_TCP		0x0002u
#define NIC_TX_CSUM_UDP		0x0004u
#define NIC_TX_TSO		0x0008u
#define NIC_TX_VLAN		0x0010u
#define NIC_TX_IPV6		0x0020u

/* RX results (written by the core) */
#define NIC_RX_EOP		0x0001u
#define NIC_RX_CSUM_IP_OK	0x0002u
#define NIC_RX_CSUM_L4_OK	0x0004u
#define NIC_RX_CSUM_ERR		0x0008u
#define NIC_RX_VLAN		0x0010u
#define NIC_RX_HASH		0x0020u
#define NIC_RX_ERR		0x0040u

struct nic_seg {
	nic_dma_addr_t	addr;
	uint32_t	len;
};

struct nic_tx_req {
	const struct nic_seg	*segs;		/* adapter */
	uint16_t		nsegs;		/* adapter */
	uint16_t		mss;		/* adapter */
	uint32_t		pktlen;		/* adapter */
	uint32_t		flags;		/* adapter: NIC_TX_* */
	uint16_t		vlan_tci;	/* adapter */
	uint8_t			l2_len, l3_len, l4_len;	/* adapter */
	void			*cookie;	/* adapter, given back at completion */
};

struct nic_rx_res {
	void		*cookie;	/* core: the buffer posted by nic_rx_post */
	uint32_t	len;		/* core */
	uint32_t	flags;		/* core: NIC_RX_* */
	uint32_t	hash;		/* core */
	uint16_t	vlan_tci;	/* core */
};

struct nic_dev;
struct nic_txq;
struct nic_rxq;

struct nic_dev_params {
	struct nic_osdep	*os;
	uint16_t		ntxq, nrxq;
	uint16_t		ntxd, nrxd;
	uint32_t		rx_buf_len;
};

typedef void nic_tx_done_fn(void *ctx, void *cookie);
typedef void nic_rx_fn(void *ctx, const struct nic_rx_res *res);

uint32_t	nic_dev_size(void);
int		nic_dev_init(struct nic_dev *nd, const struct nic_dev_params *p);
void		nic_dev_fini(struct nic_dev *nd);
int		nic_dev_start(struct nic_dev *nd);
void		nic_dev_stop(struct nic_dev *nd);
void		nic_dev_mac_addr(struct nic_dev *nd, uint8_t mac[6]);
uint32_t	nic_intr_cause(struct nic_dev *nd);
void		nic_intr_enable(struct nic_dev *nd);
void		nic_intr_disable(struct nic_dev *nd);
struct nic_txq	*nic_dev_txq(struct nic_dev *nd, uint16_t i);
struct nic_rxq	*nic_dev_rxq(struct nic_dev *nd, uint16_t i);

uint16_t	nic_tx_avail(const struct nic_txq *q);
int		nic_tx_enqueue(struct nic_txq *q, const struct nic_tx_req *req);
void		nic_tx_doorbell(struct nic_txq *q);
uint32_t	nic_tx_reclaim(struct nic_txq *q, nic_tx_done_fn *fn, void *ctx);

uint16_t	nic_rx_space(const struct nic_rxq *q);
int		nic_rx_post(struct nic_rxq *q, nic_dma_addr_t addr, void *cookie);
void		nic_rx_doorbell(struct nic_rxq *q);
uint32_t	nic_rx_poll(struct nic_rxq *q, uint32_t budget, nic_rx_fn *fn, void *ctx);

#endif /* NIC_CORE_H */
