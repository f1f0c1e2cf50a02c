/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport reference user-space osdep -- NOT part of the freestanding core.
 *
 * Implements every nic_os_* hook of nic_osdep.h with libc for tests,
 * fuzzers and benchmarks: identity DMA (bus address == CPU address), a
 * register file in memory, and a receive buffer pool that accounts for every
 * buffer (in the pool, lent to the core, handed up) and aborts on a double
 * free or a foreign buffer.
 */
#ifndef NIC_OSDEP_USER_H
#define NIC_OSDEP_USER_H

#include "../nic_osdep.h"

#define NIC_USER_NREGS 16384  /* 64 KiB register window */

enum nic_user_buf_state {
	NIC_UBUF_POOL = 0,   /* free in the pool */
	NIC_UBUF_CORE = 1,   /* lent to the core (nic_os_rxbuf_alloc) */
};

struct nic_user_buf {
	uint8_t *ub_data;
	uint32_t ub_id;
	uint32_t ub_state;
};

struct nic_os {
	uint32_t regs[NIC_USER_NREGS];
	struct nic_user_buf *bufs;
	uint32_t nbufs;
	uint32_t buf_size;
	uint32_t *free_stack;       /* ids of pool buffers */
	uint32_t nfree;
	uint32_t alloc_fail_every;  /* fail every Nth rxbuf alloc (0 = never) */
	uint32_t short_buf_every;   /* every Nth buffer claims to be 1 byte short (0 = never) */
	uint64_t nalloc_calls;
	uint64_t nalloc, nfree_calls, nzalloc, nzfree;
	uint64_t bytes_live;        /* nic_os_zalloc bytes not yet freed */
	uint64_t ncoherent_live;
	uint64_t nsync, nwmb, nrmb;
	int lock_depth;
	int verbose;
};

struct nic_os *nic_user_os_create(uint32_t nbufs, uint32_t buf_size);
void nic_user_os_destroy(struct nic_os *os);
/* The adapter's side: give back a buffer that was handed up (by cookie). */
void nic_user_buf_release(struct nic_os *os, void *cookie);
/* Buffer id of a cookie (for tests). */
uint32_t nic_user_buf_id(struct nic_os *os, void *cookie);
/* Number of buffers in each state. */
uint32_t nic_user_count(struct nic_os *os, uint32_t state);

#endif /* NIC_OSDEP_USER_H */
