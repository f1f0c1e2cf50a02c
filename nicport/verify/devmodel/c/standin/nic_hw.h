/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nic_hw.h - STAND-IN for the core's hw ops table (nicport verify/devmodel).
 *
 * Used only when an output tree's core/ does not provide nic_hw.h yet; the shape is the one
 * requested in docs/dev/core_requests.md.  The generated hw/<drv>_hw.c implements it.
 */
#ifndef NIC_HW_H
#define NIC_HW_H

#include "nic_osdep.h"

#ifndef NIC_E_INVAL
#define NIC_E_INVAL	22
#endif
#ifndef NIC_E_NOSPC
#define NIC_E_NOSPC	28
#endif

/* TX offload requests (nic_hw_txpkt.flags) */
#define NIC_TX_CSUM_IP		0x0001u
#define NIC_TX_CSUM_TCP		0x0002u
#define NIC_TX_CSUM_UDP		0x0004u
#define NIC_TX_TSO		0x0008u
#define NIC_TX_VLAN		0x0010u
#define NIC_TX_IPV6		0x0020u

/* RX results (nic_hw_rxdesc.flags) */
#define NIC_RX_EOP		0x0001u
#define NIC_RX_CSUM_IP_OK	0x0002u
#define NIC_RX_CSUM_L4_OK	0x0004u
#define NIC_RX_CSUM_ERR		0x0008u
#define NIC_RX_VLAN		0x0010u
#define NIC_RX_HASH		0x0020u
#define NIC_RX_ERR		0x0040u

/* interrupt causes (intr_cause / intr_enable / intr_disable) */
#define NIC_INTR_TX		0x0001u
#define NIC_INTR_RX		0x0002u
#define NIC_INTR_LINK		0x0004u
#define NIC_INTR_OTHER		0x0008u

struct nic_hw {
	struct nic_os			*os;	/* core writes */
	const struct nic_hw_ops		*ops;	/* core writes */
};

struct nic_hw_txpkt {
	const nic_dma_addr_t	*seg_addr;	/* core writes */
	const uint32_t		*seg_len;	/* core writes */
	uint16_t		nsegs;		/* core writes */
	uint16_t		mss;		/* core writes: TSO only */
	uint32_t		flags;		/* core writes: NIC_TX_* */
	uint32_t		pktlen;		/* core writes: sum of seg_len */
	uint16_t		vlan_tci;	/* core writes: NIC_TX_VLAN */
	uint8_t			l2_len;		/* core writes: offloads */
	uint8_t			l3_len;		/* core writes: offloads */
	uint8_t			l4_len;		/* core writes: TSO */
};

struct nic_hw_rxdesc {
	uint32_t	len;		/* hw writes: bytes in this buffer */
	uint32_t	flags;		/* hw writes: NIC_RX_* */
	uint32_t	hash;		/* hw writes: with NIC_RX_HASH */
	uint16_t	vlan_tci;	/* hw writes: with NIC_RX_VLAN */
};

struct nic_hw_ops {
	const char	*name;
	uint32_t	tx_offloads;		/* NIC_TX_* the device does itself */
	uint32_t	ring_align;
	uint16_t	tx_max_descs_per_pkt_extra;	/* descriptors beyond one per segment */
	uint32_t	(*ring_bytes)(int is_tx, uint32_t ndesc);
	int	(*dev_init)(struct nic_hw *hw);		/* may be NULL */
	int	(*tx_ring_setup)(struct nic_hw *hw, uint16_t q, void *va, nic_dma_addr_t dma, uint32_t ndesc);
	int	(*rx_ring_setup)(struct nic_hw *hw, uint16_t q, void *va, nic_dma_addr_t dma, uint32_t ndesc, uint32_t buf_len);
	void	(*tx_enable)(struct nic_hw *hw, uint16_t q);
	void	(*tx_disable)(struct nic_hw *hw, uint16_t q);
	void	(*rx_enable)(struct nic_hw *hw, uint16_t q);
	void	(*rx_disable)(struct nic_hw *hw, uint16_t q);
	int	(*tx_encap)(struct nic_hw *hw, uint16_t q, void *va, uint32_t ndesc, uint32_t idx, uint32_t avail, const struct nic_hw_txpkt *p);
	void	(*tx_flush)(struct nic_hw *hw, uint16_t q, void *va, uint32_t tail);
	int	(*tx_done)(struct nic_hw *hw, uint16_t q, void *va, uint32_t ndesc, uint32_t idx);
	void	(*rx_refill)(struct nic_hw *hw, uint16_t q, void *va, uint32_t ndesc, uint32_t idx, nic_dma_addr_t buf);
	void	(*rx_flush)(struct nic_hw *hw, uint16_t q, void *va, uint32_t tail);
	int	(*rx_decode)(struct nic_hw *hw, uint16_t q, void *va, uint32_t ndesc, uint32_t idx, struct nic_hw_rxdesc *out);
	uint32_t (*intr_cause)(struct nic_hw *hw);
	void	(*intr_enable)(struct nic_hw *hw, uint32_t mask);
	void	(*intr_disable)(struct nic_hw *hw, uint32_t mask);
};

#endif /* NIC_HW_H */
