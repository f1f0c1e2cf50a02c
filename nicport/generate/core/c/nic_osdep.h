/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_osdep.h - the ONLY way out of the core to the operating system.
 *
 * Every service the core (and the per-driver hw layer built on it) needs from an
 * OS is declared here as a hook named nic_os_*.  Each OS adapter provides one
 * implementation of these hooks (Intel "shared code + osdep" pattern).  Nothing
 * else in the core names an OS API; a freestanding build of the core has no
 * undefined symbol except these hooks (tests/generate/core checks it with nm -u).
 *
 * A service a platform lacks must fail loudly (return an error / log at
 * NIC_LOG_ERR), never silently do nothing.
 *
 * Contexts: hooks marked [any] may be called from interrupt / DPC / softirq
 * context and must not sleep; hooks marked [sleep] are only called from queue
 * setup and teardown (nic_*q_create / nic_*q_destroy).
 */
#ifndef NIC_OSDEP_H
#define NIC_OSDEP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define NIC_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define NIC_PRINTF_LIKE(f, a)
#endif

/* A bus address as the device sees it (always 64 bits wide in the core). */
typedef uint64_t nic_dma_addr_t;

/* The adapter's per-device context; the core only passes the pointer around. */
struct nic_os;
/* An adapter-defined lock (spin lock / mutex usable at the queue's context). */
struct nic_os_lock;

enum nic_dma_dir {
	NIC_DMA_TO_DEVICE = 1,
	NIC_DMA_FROM_DEVICE = 2,
	NIC_DMA_BIDIRECTIONAL = 3,
};

enum nic_sync_op {
	NIC_SYNC_FOR_CPU = 1,    /* before the CPU reads what the device wrote */
	NIC_SYNC_FOR_DEVICE = 2, /* before the device reads what the CPU wrote */
};

enum nic_log_level {
	NIC_LOG_ERR = 0,
	NIC_LOG_WARN = 1,
	NIC_LOG_INFO = 2,
	NIC_LOG_DEBUG = 3,
};

/*
 * struct nic_buf - one DMA-able receive buffer.
 * Filled by the OS adapter in nic_os_rxbuf_alloc(); the core only stores it,
 * hands nb_dma to the hw layer and returns the whole struct (inside a
 * struct nic_seg) when the buffer goes up the stack or back to the OS.
 */
struct nic_buf {
	void *nb_va;            /* os writes: CPU address of the data area */
	nic_dma_addr_t nb_dma;  /* os writes: bus address of nb_va, already mapped */
	void *nb_cookie;        /* os writes: the OS object (mbuf, skb page, NBL...) */
	uint32_t nb_size;       /* os writes: usable bytes at nb_va (>= requested) */
	uint32_t nb_pad;
};

/*
 * An adapter may provide the hooks itself as static inline functions (the
 * barriers, MMIO and dma_sync are on the fast path): build the core with
 * -DNIC_OSDEP_INLINE_HEADER='"my_osdep.h"'.  That header must then define or
 * declare every hook below with the same signature; none of the prototypes
 * here is seen.
 */
#ifdef NIC_OSDEP_INLINE_HEADER
#include NIC_OSDEP_INLINE_HEADER
#else

/* ---- MMIO [any] (reg is a byte offset in the device's register BAR) ---- */
uint32_t nic_os_read32(struct nic_os *os, uint32_t reg);
void nic_os_write32(struct nic_os *os, uint32_t reg, uint32_t val);
uint64_t nic_os_read64(struct nic_os *os, uint32_t reg);
void nic_os_write64(struct nic_os *os, uint32_t reg, uint64_t val);
/* 8/16-bit accesses in the same register window (virtio-pci's common configuration has
 * byte and 16-bit fields a device must see at their own width) */
uint8_t nic_os_read8(struct nic_os *os, uint32_t reg);
uint16_t nic_os_read16(struct nic_os *os, uint32_t reg);
void nic_os_write8(struct nic_os *os, uint32_t reg, uint8_t val);
void nic_os_write16(struct nic_os *os, uint32_t reg, uint16_t val);

/* ---- PCI [sleep] (only the hw layer's attach calls these) ----
 * cfg_read32: one aligned 32-bit word of the function's configuration space (off < 256);
 * 0xffffffff when the device is not a PCI function or the platform cannot read it.
 * map_bar: make PCI BAR `bar` (0-5, memory or I/O) the register window every
 * nic_os_read* / nic_os_write* addresses from then on; 0 or a negative NIC_E_* code. */
uint32_t nic_os_pci_cfg_read32(struct nic_os *os, uint32_t off);
int nic_os_pci_map_bar(struct nic_os *os, uint32_t bar);

/* ---- barriers [any] ---- */
void nic_os_mb(void);      /* full barrier (CPU and device memory, MMIO) */
void nic_os_rmb(void);     /* order reads, including MMIO reads */
void nic_os_wmb(void);     /* order writes, including before an MMIO doorbell */
void nic_os_dma_rmb(void); /* order reads of coherent DMA memory (status, then data) */
void nic_os_dma_wmb(void); /* order writes to coherent DMA memory (data, then status) */

/* ---- DMA ---- */
/* [sleep] coherent memory for descriptor rings; returns NULL on failure. */
void *nic_os_dma_alloc_coherent(struct nic_os *os, size_t size, size_t align,
				nic_dma_addr_t *dma);
void nic_os_dma_free_coherent(struct nic_os *os, void *va, size_t size,
			      nic_dma_addr_t dma);
/* [any] streaming mappings; map returns 0 or a negative NIC_E_* code. */
int nic_os_dma_map(struct nic_os *os, void *va, uint32_t len,
		   enum nic_dma_dir dir, nic_dma_addr_t *dma);
void nic_os_dma_unmap(struct nic_os *os, nic_dma_addr_t dma, uint32_t len,
		      enum nic_dma_dir dir);
void nic_os_dma_sync(struct nic_os *os, nic_dma_addr_t dma, uint32_t len,
		     enum nic_dma_dir dir, enum nic_sync_op op);

/* ---- receive buffers [any] ----
 * alloc: hand out one mapped buffer of at least `size` bytes for queue qid;
 * returns 0 or a negative NIC_E_* code (the core counts rx alloc_fail and
 * retries at the next refill).  free: take back a buffer the core will not
 * use any more (queue teardown, or a buffer whose nb_size is too small);
 * buffers handed up in a struct nic_packet belong to the adapter and are
 * released by it, not through this hook. */
int nic_os_rxbuf_alloc(struct nic_os *os, uint16_t qid, uint32_t size,
		       struct nic_buf *buf);
void nic_os_rxbuf_free(struct nic_os *os, uint16_t qid, struct nic_buf *buf);

/* ---- memory [sleep] (zeroed; size is passed back to free) ---- */
void *nic_os_zalloc(struct nic_os *os, size_t size);
void nic_os_free(struct nic_os *os, void *p, size_t size);

/* ---- locks ---- */
struct nic_os_lock *nic_os_lock_create(struct nic_os *os, const char *name); /* [sleep] */
void nic_os_lock_destroy(struct nic_os *os, struct nic_os_lock *lk);       /* [sleep] */
void nic_os_lock_acquire(struct nic_os_lock *lk);                          /* [any] */
void nic_os_lock_release(struct nic_os_lock *lk);                          /* [any] */

/* ---- logging [any] (printf subset: %d %u %x %lu %llu %llx %s %p) ---- */
void nic_os_log(struct nic_os *os, int level, const char *fmt, ...)
	NIC_PRINTF_LIKE(3, 4);

#endif /* NIC_OSDEP_INLINE_HEADER */

#endif /* NIC_OSDEP_H */
