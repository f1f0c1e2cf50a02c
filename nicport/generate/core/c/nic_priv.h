/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_priv.h - internal helpers of the core's .c files (not for adapters).
 */
#ifndef NIC_PRIV_H
#define NIC_PRIV_H

#include "nic_core.h"

/*
 * GCC turns copy/zero loops into memcpy/memset calls even with
 * -ffreestanding (GCC bug 56888); the core must not depend on libc symbols.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

#if defined(__GNUC__) || defined(__clang__)
#define NIC_LIKELY(x)   __builtin_expect(!!(x), 1)
#define NIC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define NIC_LIKELY(x)   (x)
#define NIC_UNLIKELY(x) (x)
#endif

#define NIC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define NIC_MAX(a, b) ((a) > (b) ? (a) : (b))

static inline int nic_is_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

#define NIC_LOG(d, lvl, ...) nic_os_log((d)->nd_os, (lvl), __VA_ARGS__)

int nic_ring_alloc(struct nic_dev *d, enum nic_ring_kind kind, uint16_t qid, uint32_t ndesc,
		   uint32_t buf_size, void **va, nic_dma_addr_t *dma, size_t *bytes);

#endif /* NIC_PRIV_H */
