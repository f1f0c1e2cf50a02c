/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_hw.h - the seam between the descriptor-format-agnostic core and the
 * per-driver hw layer (<drv>_hw.c, generated from the IR for Intel legacy
 * e1000, Intel advanced igb/ixgbe/e1000e and virtio split rings).
 *
 * One ops table, struct nic_hw_ops, over narrow per-call structs (FreeBSD
 * iflib's if_txrx habit).  Every field carries a prefix and says who writes it.
 * The core never touches a descriptor; the hw layer never touches a buffer
 * list, a statistic or an OS object.
 *
 * Ring model (what the hw layer can rely on):
 *  - ring sizes are powers of two; slot indices are 0..ndesc-1 and wrap;
 *  - the core keeps at most ndesc-1 descriptors owned by the device, so
 *    pidx == cidx always means "empty" (Intel head/tail convention);
 *  - completions (TX) and receptions (RX) are reported in ring order.  A
 *    virtio hw layer negotiates VIRTIO_F_IN_ORDER or reorders the used ring
 *    itself and reports only the in-order prefix;
 *  - the core issues nic_os_dma_rmb() after *_available() says work is there
 *    and before *_get(), and nic_os_wmb() before every *_flush() (doorbell).
 */
#ifndef NIC_HW_H
#define NIC_HW_H

#include "nic_packet.h"

/* ---- hw capabilities (nic_hw_ops.ho_caps; the hw layer writes them) ---- */
#define NIC_HWCAP_TX_IP4_CSUM    (1u << 0)
#define NIC_HWCAP_TX_TCP_CSUM    (1u << 1)  /* TCP over IPv4 and IPv6 */
#define NIC_HWCAP_TX_UDP_CSUM    (1u << 2)
#define NIC_HWCAP_TX_TSO4        (1u << 3)
#define NIC_HWCAP_TX_TSO6        (1u << 4)
#define NIC_HWCAP_TX_VLAN        (1u << 5)  /* VLAN insertion from the descriptor */
#define NIC_HWCAP_RX_CSUM        (1u << 6)
#define NIC_HWCAP_RX_VLAN        (1u << 7)  /* VLAN strip into the descriptor */
#define NIC_HWCAP_RX_HASH        (1u << 8)  /* RSS hash in the write-back */
#define NIC_HWCAP_TX_CTX_DESC    (1u << 9)  /* offloads need a context descriptor (Intel) */
#define NIC_HWCAP_TSO_PHDR_NOLEN (1u << 10) /* TSO wants the pseudo-header sum without length (Intel) */
#define NIC_HWCAP_TX_HEAD_WB     (1u << 11) /* TX completion by head write-back, not DD */

enum nic_ring_kind {
	NIC_RING_TX = 0,
	NIC_RING_RX = 1,
};

/*
 * struct nic_offload_req - the offload request of one TX packet, decoded by
 * the core (nic_offload_prepare) into the offsets every descriptor family
 * needs: Intel legacy context (IPCSS/IPCSO/IPCSE, TUCSS/TUCSO/TUCSE, MSS,
 * HDRLEN), Intel advanced context (MACLEN, IPLEN, L4T, L4LEN, MSS, PAYLEN),
 * virtio_net_hdr (csum_start, csum_offset, gso_type, gso_size, hdr_len).
 * All fields written by the core; the hw layer only reads.
 */
struct nic_offload_req {
	uint32_t or_flags;        /* NIC_TXOL_* still to be done by the device */
	uint16_t or_l2_len;       /* = MACLEN, IPCSS */
	uint16_t or_l3_len;       /* = IPLEN */
	uint16_t or_l4_len;       /* = L4LEN (TSO) */
	uint16_t or_hdr_len;      /* l2 + l3 + l4 = TSO HDRLEN / virtio hdr_len */
	uint16_t or_ipcso;        /* offset of the IPv4 header checksum from frame start */
	uint16_t or_csum_start;   /* = TUCSS / csum_start (l2 + l3) */
	uint16_t or_csum_offset;  /* checksum field offset inside L4 (16 TCP, 6 UDP) */
	uint16_t or_mss;          /* TSO segment payload */
	uint32_t or_paylen;       /* TSO: L4 payload bytes (PAYLEN); else 0 */
	uint8_t or_l3_type;       /* 4 or 6 */
	uint8_t or_l4_proto;      /* 6 TCP, 17 UDP, 0 none */
	uint16_t or_pad;
};

/*
 * struct nic_txd_info - one packet to encode (ho_txd_encap).
 */
struct nic_txd_info {
	/* written by the core */
	uint16_t ti_qid;
	uint16_t ti_nsegs;
	uint32_t ti_pidx;                  /* first free slot to write */
	const struct nic_seg *ti_segs;     /* DMA-mapped pieces (ns_dma, ns_len) */
	uint32_t ti_len;                   /* total frame length */
	uint32_t ti_ol;                    /* NIC_TXOL_* the device must do (subset of or_flags) */
	const struct nic_offload_req *ti_req; /* valid when ti_ol != 0 */
	uint16_t ti_vtag;                  /* valid when ti_ol & NIC_TXOL_VLAN */
	uint8_t ti_ctx;                    /* 1: offload context changed, emit a context descriptor */
	uint8_t ti_report;                 /* 1: request a completion report (RS / interrupt) */
	/* written by the hw layer */
	uint32_t ti_new_pidx;              /* slot after the last one written */
	uint32_t ti_last;                  /* slot of the packet's last (EOP) descriptor */
};

/*
 * struct nic_rxd_info - one received descriptor (ho_rxd_get).
 */
struct nic_rxd_info {
	/* written by the core */
	uint16_t ri_qid;
	uint16_t ri_pad0;
	uint32_t ri_cidx;       /* slot to decode */
	/* written by the hw layer */
	uint32_t ri_idx;        /* buffer slot the data is in (must equal ri_cidx: in-order) */
	uint32_t ri_len;        /* bytes written into that buffer */
	uint8_t ri_eop;         /* 1: last buffer of the packet */
	uint8_t ri_pad1;
	uint16_t ri_vtag;       /* stripped VLAN tag (EOP, NIC_RXS_VLAN) */
	uint32_t ri_status;     /* NIC_RXS_* (meaningful on EOP) */
	uint32_t ri_error;      /* NIC_RXE_* (any: the packet is dropped) */
	uint32_t ri_hash;       /* RSS hash (EOP, NIC_RXS_HASH) */
	uint8_t ri_hash_type;   /* NIC_RSS_TYPE_* */
	uint8_t ri_pad2[3];
};

#define NIC_RXS_IP4_CSUM_CHECKED (1u << 0)
#define NIC_RXS_IP4_CSUM_BAD     (1u << 1)
#define NIC_RXS_L4_CSUM_CHECKED  (1u << 2)
#define NIC_RXS_L4_CSUM_BAD      (1u << 3)
#define NIC_RXS_VLAN             (1u << 4)
#define NIC_RXS_HASH             (1u << 5)

#define NIC_RXE_CRC       (1u << 0)
#define NIC_RXE_SYMBOL    (1u << 1)
#define NIC_RXE_LENGTH    (1u << 2)
#define NIC_RXE_OVERRUN   (1u << 3)
#define NIC_RXE_OTHER     (1u << 4)

/*
 * struct nic_rxd_update - refill ru_count slots starting at ru_pidx (wrapping)
 * with the buffers at ru_paddrs[0..ru_count-1] (ho_rxd_refill).
 */
struct nic_rxd_update {
	/* written by the core */
	uint16_t ru_qid;
	uint16_t ru_pad;
	uint32_t ru_pidx;
	uint32_t ru_count;
	uint32_t ru_buf_size;            /* every buffer holds at least this many bytes */
	const nic_dma_addr_t *ru_paddrs;
};

/*
 * struct nic_ring_setup - program one ring (ho_queue_setup).
 */
struct nic_ring_setup {
	/* written by the core */
	enum nic_ring_kind rs_kind;
	uint16_t rs_qid;
	uint16_t rs_pad;
	uint32_t rs_ndesc;
	uint32_t rs_buf_size;     /* RX buffer size (SRRCTL / RCTL.BSIZE) */
	void *rs_va;              /* ring memory from ho_ring_bytes' size and alignment */
	nic_dma_addr_t rs_dma;
};

/*
 * struct nic_rss_hw - what ho_rss_setup programs.  Written by the core
 * (nic_dev_rss_setup) from its struct nic_rss; the hw layer only reads.
 */
struct nic_rss_hw {
	const uint8_t *rh_key;       /* rh_key_len bytes, as on the wire (RSSRK order is the hw's job) */
	uint32_t rh_key_len;
	uint32_t rh_types;           /* NIC_RSS_F_* (nic_rss.h) */
	const uint16_t *rh_reta;     /* rh_reta_size queue numbers */
	uint32_t rh_reta_size;
	uint16_t rh_nqueues;
	uint16_t rh_pad;
};

/* RX features (ho_rx_features) */
#define NIC_RXF_VLAN_STRIP (1u << 0)
#define NIC_RXF_CSUM       (1u << 1)
#define NIC_RXF_HASH       (1u << 2)

/* Interrupt causes (ho_intr_cause) */
#define NIC_INTR_NONE  0u          /* not ours (shared line) */
#define NIC_INTR_QUEUE (1u << 0)   /* see the rx/tx masks */
#define NIC_INTR_LINK  (1u << 1)
#define NIC_INTR_OTHER (1u << 2)

/* nic_intr_map(d, NIC_INTR_VEC_LEGACY, 0, 0, 0): back to single-vector
 * INTx/MSI mode (see ho_vector_map). */
#define NIC_INTR_VEC_LEGACY 0xffffu

/*
 * struct nic_hw_ops - what every hw layer exports (one const table per
 * descriptor family / driver).  `hw` is the hw layer's own softc, opaque to
 * the core.  Hooks run in the queue's context; none may sleep except
 * ho_queue_setup / ho_queue_stop.
 */
struct nic_hw_ops {
	const char *ho_name;          /* e.g. "e1000-legacy", "igb-adv", "virtio-split" */
	uint32_t ho_caps;             /* NIC_HWCAP_* */
	uint16_t ho_tx_max_segs;      /* data descriptors per packet the device accepts */
	uint16_t ho_tx_extra_descs;   /* worst-case extra descriptors per packet (context, header) */
	uint32_t ho_max_frame;        /* largest frame without TSO */

	/* Ring memory the hw layer needs for ndesc slots (descriptor array, or
	 * virtio desc+avail+used).  Returns 0 or NIC_E_INVAL for an unsupported ndesc. */
	int (*ho_ring_bytes)(void *hw, enum nic_ring_kind kind, uint32_t ndesc,
			     size_t *bytes, size_t *align);
	/* Program base/length/head/tail and enable the ring (and, for RX, the
	 * buffer size).  Head and tail start at 0. */
	int (*ho_queue_setup)(void *hw, const struct nic_ring_setup *rs);
	/* Disable the ring; after it returns the device no longer touches it. */
	void (*ho_queue_stop)(void *hw, enum nic_ring_kind kind, uint16_t qid);

	/* TX: write the descriptors of one packet (context descriptor first when
	 * ti_ctx).  The core guarantees ti_nsegs + ho_tx_extra_descs free slots.
	 * Returns 0 or a negative NIC_E_* (nothing written then). */
	int (*ho_txd_encap)(void *hw, struct nic_txd_info *ti);
	/* TX doorbell: make slots before pidx visible (tail register write). */
	void (*ho_txd_flush)(void *hw, uint16_t qid, uint32_t pidx);
	/* TX completion: how many descriptors from cidx on (at most `max`) the
	 * device has finished (DD scan of report slots, or head write-back). */
	uint32_t (*ho_txd_credits_update)(void *hw, uint16_t qid, uint32_t cidx, uint32_t max);

	/* RX: how many descriptors from cidx on (at most `max`) hold data. */
	uint32_t (*ho_rxd_available)(void *hw, uint16_t qid, uint32_t cidx, uint32_t max);
	/* RX: decode the descriptor at ri_cidx into *ri.  Returns 0 or negative
	 * (descriptor unusable: the core drops the packet and recycles the buffer). */
	int (*ho_rxd_get)(void *hw, struct nic_rxd_info *ri);
	/* RX: write buffer addresses into ru_count slots (and clear their status). */
	void (*ho_rxd_refill)(void *hw, const struct nic_rxd_update *ru);
	/* RX doorbell: slots before pidx are owned by the device (tail write). */
	void (*ho_rxd_flush)(void *hw, uint16_t qid, uint32_t pidx);

	/* Interrupts: enable / disable one vector (queue or misc), read and
	 * acknowledge the cause.  rx_mask / tx_mask: bit q = queue q has work.
	 *
	 * INTx / MSI mode (ho_vector_map never called, or called with
	 * NIC_INTR_VEC_LEGACY): one vector, the argument is 0 and ignored;
	 * ho_intr_cause answers NIC_INTR_NONE for a shared line that is not ours.
	 *
	 * MSI-X mode (after ho_vector_map succeeded): enable / disable act on the
	 * causes routed to `vector` only (Intel: their IMS / EIMS bits; virtio: the
	 * used-ring interrupt suppression of the queues on that vector).  A queue
	 * vector's handler never calls ho_intr_cause (the hw layer makes the queue
	 * causes clear themselves: EIAC auto-clear); it disables its vector, polls,
	 * and enables it again.  The misc vector's handler calls ho_intr_cause,
	 * which answers NIC_INTR_LINK / NIC_INTR_OTHER (rx_mask = tx_mask = 0) and
	 * acknowledges them, then enables the misc vector.
	 *
	 * ho_intr_enable answers whether the poll must run again ("complete, then
	 * re-check", Linux virtqueue_napi_complete):
	 *   1  work arrived on this vector's queues while it was masked and the
	 *      device may not signal it (virtio: a buffer used while
	 *      VRING_AVAIL_F_NO_INTERRUPT was set raises nothing).  The adapter
	 *      disables the vector again and re-runs / re-queues its poll;
	 *   0  armed: any later work, and any cause latched while masked, raises
	 *      the interrupt (Intel: a latched ICR / EICR cause re-fires when
	 *      IMS / EIMS unmasks it);
	 *  <0  NIC_E_*.
	 * The check comes after the unmask and a full barrier, so a buffer the
	 * device uses either is seen by it or raises the interrupt. */
	int  (*ho_intr_enable)(void *hw, uint16_t vector);
	void (*ho_intr_disable)(void *hw, uint16_t vector);
	uint32_t (*ho_intr_cause)(void *hw, uint64_t *rx_mask, uint64_t *tx_mask);

	/* ---- optional hooks (NULL: not supported; the core answers NIC_E_NOSYS) ---- */
	/* MSI-X: route the causes of rx_qmask / tx_qmask queues and misc
	 * (NIC_INTR_LINK | NIC_INTR_OTHER) to `vector` (IVAR, MSIXBM, virtio
	 * queue_msix_vector).  Without it every cause goes to vector 0 (INTx/MSI).
	 * The adapter allocates the MSI-X vectors first, then maps BEFORE any
	 * ho_queue_setup (the fixed layout: vector 0 = RX 0 + TX 0, vector 1 =
	 * NIC_INTR_LINK | NIC_INTR_OTHER), then sets the queues up and enables both
	 * vectors.  Returns 0, or non-zero when the device cannot route it (virtio
	 * reads back NO_VECTOR, a vector beyond the table, a queue the hw layer
	 * does not route); the adapter then calls it with NIC_INTR_VEC_LEGACY
	 * (always 0: back to INTx / MSI mode), releases MSI-X and falls back to
	 * MSI, then INTx. */
	int (*ho_vector_map)(void *hw, uint16_t vector, uint64_t rx_qmask, uint64_t tx_qmask,
			     uint32_t misc);
	/* RSS: program key, indirection table and hash types (RSSRK, RETA, MRQC). */
	int (*ho_rss_setup)(void *hw, const struct nic_rss_hw *rss);
	/* RX features (NIC_RXF_*): VLAN strip (CTRL.VME / RXDCTL.VME), checksum, hash. */
	int (*ho_rx_features)(void *hw, uint32_t features);
	/* Impossible completions the hw layer itself detected and skipped on one
	 * queue (cumulative), e.g. virtio used entries that name no chain in flight;
	 * added to ts_hw_bogus / rs_hw_bogus by nic_txq_stats_get / nic_rxq_stats_get. */
	uint64_t (*ho_hw_bogus)(void *hw, enum nic_ring_kind kind, uint16_t qid);
	/* Link state as the original driver's check_link reads it (Intel STATUS.LU /
	 * FD / SPEED, 82599 LINKS.UP / SPEED; virtio-net config `status` & LINK_UP when
	 * VIRTIO_NET_F_STATUS was negotiated, else always up).  Returns 1 up, 0 down, or
	 * a negative NIC_E_*.  *speed_mbps: 10 / 100 / 1000 / 2500 / 10000, 0 = unknown;
	 * *full_duplex: 1 full, 0 half, -1 unknown (both written whenever it returns
	 * >= 0).  Reads registers only: safe from the link interrupt. */
	int (*ho_link_state)(void *hw, uint32_t *speed_mbps, int *full_duplex);
};

#endif /* NIC_HW_H */
