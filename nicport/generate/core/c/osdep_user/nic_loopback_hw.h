/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport loopback hw layer -- NOT part of the freestanding core.
 *
 * A trivial descriptor format and a synchronous "device" that moves frames
 * from TX ring q to RX ring q, for tests and benchmarks of the core before a
 * real device model exists.  It goes through the same struct nic_hw_ops as a
 * generated hw layer.  Completion by DD write-back or by head write-back.
 */
#ifndef NIC_LOOPBACK_HW_H
#define NIC_LOOPBACK_HW_H

#include "../nic_core.h"

/* 16-byte descriptor, shared by TX and RX */
struct nic_lb_desc {
	uint64_t ld_addr;
	uint16_t ld_len;
	uint8_t ld_cmd;     /* TX: NIC_LB_CMD_* */
	uint8_t ld_status;  /* NIC_LB_STA_* (device writes) */
	uint16_t ld_vtag;
	uint16_t ld_csum;   /* TX ctx: csum_start << 8 | csum_offset (debug) */
};
_Static_assert(sizeof(struct nic_lb_desc) == 16, "loopback descriptor size");

#define NIC_LB_CMD_EOP  0x01
#define NIC_LB_CMD_RS   0x02
#define NIC_LB_CMD_CTX  0x04
#define NIC_LB_CMD_VLAN 0x08
#define NIC_LB_STA_DD   0x01
#define NIC_LB_STA_EOP  0x02
#define NIC_LB_STA_VLAN 0x04

#define NIC_LB_MAXQ 4

struct nic_lb_ring {
	struct nic_lb_desc *r_desc;
	uint32_t r_ndesc;
	uint32_t r_tail;      /* written by the driver (flush) */
	uint32_t r_head;      /* device position */
	uint32_t r_hwb;       /* TX head write-back value */
	uint32_t r_bufsize;
	int r_enabled;
};

struct nic_lb_hw {
	struct nic_lb_ring tx[NIC_LB_MAXQ];
	struct nic_lb_ring rx[NIC_LB_MAXQ];
	int head_wb;          /* 1: TX completion by head write-back */
	uint64_t frames, drops, tx_flushes, rx_flushes;
	uint32_t intr_mask;
	/* what the optional hooks were told (for tests) */
	uint64_t vec_rx[8], vec_tx[8];
	uint32_t vec_misc[8];
	uint8_t rss_key[40];
	uint16_t rss_reta[512];
	uint32_t rss_reta_size, rss_types, rx_features;
	uint64_t bogus[2][NIC_LB_MAXQ];  /* [kind][qid], reported through ho_hw_bogus */
};

extern const struct nic_hw_ops nic_lb_ops;          /* DD write-back */
extern const struct nic_hw_ops nic_lb_ops_head_wb;  /* head write-back */

/* Run the device on queue q: move up to max_pkts complete TX packets (only
 * descriptors before the TX tail) into RX buffers (only before the RX tail).
 * Stops when the RX ring has too few buffers for the next packet.
 * Returns the number of packets moved. */
uint32_t nic_lb_run(struct nic_lb_hw *hw, uint16_t q, uint32_t max_pkts);

#endif /* NIC_LOOPBACK_HW_H */
