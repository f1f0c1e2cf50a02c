/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_core.h - the core's public API for OS adapters: device and queue
 * objects, TX submit / completion, RX poll / refill, interrupts, statistics.
 *
 * Layering:  OS adapter  --nic_core.h-->  core  --nic_hw.h ops-->  hw layer
 *            core and hw layer --nic_osdep.h--> OS adapter's hooks
 *
 * Concurrency: a queue is used by one thread at a time (the adapter's per-queue
 * lock or NAPI-like serialisation).  With NIC_Q_LOCKED the core takes an
 * nic_os_lock around TX submit/complete itself.
 */
#ifndef NIC_CORE_H
#define NIC_CORE_H

#include "nic_hw.h"
#include "nic_offload.h"
#include "nic_rss.h"

#define NIC_CORE_VERSION "0.1.0"
#define NIC_MAX_QUEUES 64

struct nic_txq_stats {
	uint64_t ts_packets;     /* packets handed to the device */
	uint64_t ts_bytes;
	uint64_t ts_descs;       /* descriptors written (incl. context) */
	uint64_t ts_doorbells;   /* tail writes */
	uint64_t ts_ring_full;   /* submits refused with NIC_E_RINGFULL */
	uint64_t ts_completed;   /* packets whose completion was reported */
	uint64_t ts_ctx_descs;   /* packets that needed a new offload context */
	uint64_t ts_sw_csum;     /* checksums done in software (fallback) */
	uint64_t ts_errors;      /* encap failures, bad packets */
	uint64_t ts_hw_bogus;    /* impossible completion counts from the device */
};

struct nic_rxq_stats {
	uint64_t rs_packets;     /* packets handed up */
	uint64_t rs_bytes;
	uint64_t rs_descs;       /* descriptors consumed */
	uint64_t rs_multi_buf;   /* packets made of more than one buffer */
	uint64_t rs_errors;      /* device-reported errors (CRC, length...) */
	uint64_t rs_drops;       /* packets dropped (errors, too many buffers, bogus) */
	uint64_t rs_csum_good;
	uint64_t rs_csum_bad;
	uint64_t rs_alloc_fail;  /* refill could not get a buffer */
	uint64_t rs_recycled;    /* buffers reused without going back to the OS */
	uint64_t rs_hw_bogus;    /* impossible descriptor contents (length, index, count) */
	uint64_t rs_doorbells;
};

#define NIC_Q_LOCKED        (1u << 0)  /* txq: core takes an OS lock in submit/complete */
#define NIC_RXQ_SW_VLAN     (1u << 1)  /* rxq: strip VLAN tags in software */
#define NIC_RXQ_SW_CSUM     (1u << 2)  /* rxq: verify checksums in software when hw did not */
#define NIC_RXQ_SW_HASH     (1u << 3)  /* rxq: compute the RSS hash in software when hw did not */

struct nic_txq_conf {
	uint16_t tc_qid;
	uint16_t tc_pad;
	uint32_t tc_ndesc;        /* power of two, >= 8 */
	uint32_t tc_db_batch;     /* max descriptors written before a doorbell (0 = ndesc/4) */
	uint32_t tc_rs_interval;  /* request a completion report every N packets (0 = 1) */
	uint32_t tc_flags;        /* NIC_Q_* */
};

struct nic_rxq_conf {
	uint16_t rc_qid;
	uint16_t rc_pad;
	uint32_t rc_ndesc;        /* power of two, >= 8 */
	uint32_t rc_buf_size;     /* bytes per receive buffer */
	uint32_t rc_refill_batch; /* refill when at least this many slots are free (0 = 32) */
	uint32_t rc_flags;        /* NIC_RXQ_* */
};

struct nic_dev;

struct nic_txq {
	struct nic_dev *tq_dev;
	uint16_t tq_qid;
	uint16_t tq_pad;
	uint32_t tq_ndesc;
	uint32_t tq_mask;
	uint32_t tq_pidx;          /* next slot to write */
	uint32_t tq_cidx;          /* oldest slot not yet reclaimed */
	uint32_t tq_hw_cidx;       /* slots before this are reported done by the device */
	uint32_t tq_db_pending;    /* descriptors written since the last doorbell */
	uint32_t tq_db_batch;
	uint32_t tq_rs_interval;
	uint32_t tq_since_rs;
	uint32_t tq_flags;
	void **tq_cookies;         /* per slot: packet cookie on its last slot, else NULL */
	void *tq_ring_va;
	nic_dma_addr_t tq_ring_dma;
	size_t tq_ring_bytes;
	struct nic_os_lock *tq_lock;
	struct nic_offload_req tq_ctx;  /* last offload context sent to the device */
	uint8_t tq_ctx_valid;
	struct nic_txq_stats tq_stats;
};

#define NIC_SLOT_EMPTY  0
#define NIC_SLOT_POSTED 1

struct nic_rxq {
	struct nic_dev *rq_dev;
	uint16_t rq_qid;
	uint16_t rq_pad;
	uint32_t rq_ndesc;
	uint32_t rq_mask;
	uint32_t rq_cidx;          /* next slot the device completes */
	uint32_t rq_pidx;          /* next slot to refill */
	uint32_t rq_posted;        /* slots owned by the device */
	uint32_t rq_buf_size;
	uint32_t rq_refill_batch;
	uint32_t rq_flags;
	struct nic_buf *rq_bufs;   /* per slot */
	uint8_t *rq_state;         /* per slot: NIC_SLOT_* */
	nic_dma_addr_t *rq_paddrs; /* refill scratch, ndesc entries */
	struct nic_buf *rq_spare;  /* recycled buffers (from dropped packets) */
	uint32_t rq_nspare;
	/* packet being assembled across descriptors (and across polls) */
	struct nic_buf rq_part[NIC_PKT_MAX_SEGS];
	uint32_t rq_part_lens[NIC_PKT_MAX_SEGS];
	uint16_t rq_part_n;
	uint8_t rq_part_drop;
	uint8_t rq_pad2;
	void *rq_ring_va;
	nic_dma_addr_t rq_ring_dma;
	size_t rq_ring_bytes;
	struct nic_rxq_stats rq_stats;
};

struct nic_dev {
	struct nic_os *nd_os;              /* adapter context, passed to every hook */
	const struct nic_hw_ops *nd_ops;
	void *nd_hw;                       /* hw layer softc */
	uint16_t nd_ntxq;
	uint16_t nd_nrxq;
	struct nic_txq *nd_txq[NIC_MAX_QUEUES];
	struct nic_rxq *nd_rxq[NIC_MAX_QUEUES];
	struct nic_rss *nd_rss;            /* optional */
};

/* ---- device ---- */
void nic_dev_init(struct nic_dev *d, struct nic_os *os, const struct nic_hw_ops *ops, void *hw);
/* Checks the ops table: every hook present, sane numbers.  0 or NIC_E_INVAL. */
int nic_hw_ops_check(const struct nic_hw_ops *ops);

/* ---- TX ---- */
int nic_txq_create(struct nic_dev *d, const struct nic_txq_conf *c, struct nic_txq **out);
/* Stop the ring, return every packet cookie still in flight through
 * cookies/max (call again while it returns max), then free the queue. */
uint32_t nic_txq_drain(struct nic_txq *q, void **cookies, uint32_t max);
void nic_txq_destroy(struct nic_txq *q);

#define NIC_TX_MORE (1u << 0)   /* more packets follow: the doorbell may wait */

/* Queue one packet.  Returns 0, NIC_E_RINGFULL (nothing written; reclaim with
 * nic_tx_complete and retry), NIC_E_NOTSUP (TSO the device cannot do: use
 * nic_tso_segment), NIC_E_BADPKT / NIC_E_INVAL / NIC_E_TOOBIG. */
int nic_tx_submit(struct nic_txq *q, struct nic_packet *p, uint32_t flags);
/* Queue up to n packets, ring the doorbell once; returns how many were queued
 * (stops at the first refusal). */
uint32_t nic_tx_burst(struct nic_txq *q, struct nic_packet **pkts, uint32_t n);
/* Ring the doorbell for everything written. */
void nic_tx_flush(struct nic_txq *q);
/* Reclaim completed descriptors; writes up to max packet cookies (in order)
 * and returns their number. */
uint32_t nic_tx_complete(struct nic_txq *q, void **cookies, uint32_t max);
/* Free descriptors right now (without asking the device). */
static inline uint32_t nic_tx_avail(const struct nic_txq *q)
{
	return q->tq_ndesc - 1 - ((q->tq_pidx - q->tq_cidx) & q->tq_mask);
}

/* ---- RX ---- */
/* Creates the ring and fills it with buffers (nic_os_rxbuf_alloc). */
int nic_rxq_create(struct nic_dev *d, const struct nic_rxq_conf *c, struct nic_rxq **out);
/* Stop the ring and give every buffer back (nic_os_rxbuf_free). */
void nic_rxq_destroy(struct nic_rxq *q);
/* Hand up at most budget complete packets into pkts[]; the buffers in their
 * segments now belong to the caller.  Refills when enough slots are free.
 * Returns the number of packets. */
uint32_t nic_rx_poll(struct nic_rxq *q, struct nic_packet *pkts, uint32_t budget);
/* Post up to max buffers; returns how many were posted. */
uint32_t nic_rx_refill(struct nic_rxq *q, uint32_t max);

/* ---- interrupts ---- */
uint32_t nic_intr_cause(struct nic_dev *d, uint64_t *rx_mask, uint64_t *tx_mask);
/* Unmask `vector`.  1: work arrived on its queues while it was masked and no
 * interrupt may come: disable it again and poll again (NAPI: napi_schedule);
 * 0: armed; <0: NIC_E_*.  See ho_intr_enable in nic_hw.h. */
int nic_intr_enable(struct nic_dev *d, uint16_t vector);
void nic_intr_disable(struct nic_dev *d, uint16_t vector);
/* MSI-X routing (ho_vector_map); NIC_E_NOSYS when the hw layer has none. */
int nic_intr_map(struct nic_dev *d, uint16_t vector, uint64_t rx_qmask, uint64_t tx_qmask,
		 uint32_t misc);

/* ---- link ---- */
/* Link state from the hw layer (ho_link_state): 1 up, 0 down, a negative NIC_E_*
 * on error, NIC_E_NOSYS when the hw layer cannot read it.  When it returns >= 0,
 * *speed is the speed in Mbit/s (0: unknown) and *fd 1 full duplex, 0 half, -1
 * unknown; otherwise both are set to 0 / -1.  Reads device registers only (no OS
 * call, no sleep): the adapter calls it from ndo_open-like paths and from its
 * link interrupt (NIC_INTR_LINK from nic_intr_cause, or the MSI-X misc vector). */
int nic_link_state(struct nic_dev *d, uint32_t *speed, int *fd);

/* ---- device features ---- */
/* Use r for software hashing (NIC_RXQ_SW_HASH) and, when the hw layer has
 * ho_rss_setup, program the device with it.  r must stay valid while in use.
 * Returns 0, or the hw layer's error (the software side is set up anyway). */
int nic_dev_rss_setup(struct nic_dev *d, struct nic_rss *r);
/* Turn device RX features (NIC_RXF_*) on; NIC_E_NOSYS without ho_rx_features. */
int nic_dev_rx_features(struct nic_dev *d, uint32_t features);

/* ---- statistics ---- */
/* Snapshot of a queue's counters, including what the hw layer detected itself
 * (ho_hw_bogus). */
void nic_txq_stats_get(const struct nic_txq *q, struct nic_txq_stats *out);
void nic_rxq_stats_get(const struct nic_rxq *q, struct nic_rxq_stats *out);

/* ---- multi-queue ---- */
/* TX queue for a flow hash (or RX hash) */
static inline struct nic_txq *nic_dev_txq_for_hash(const struct nic_dev *d, uint32_t hash)
{
	return d->nd_txq[d->nd_ntxq ? hash % d->nd_ntxq : 0];
}

#endif /* NIC_CORE_H */
