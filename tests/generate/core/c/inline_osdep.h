/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test: an OS adapter's nic_osdep replacement with the barriers as static
 * inline functions (compiler barriers here); everything else declared as usual.
 */
#ifndef INLINE_OSDEP_H
#define INLINE_OSDEP_H

static inline void nic_os_mb(void) { __asm__ __volatile__("" ::: "memory"); }
static inline void nic_os_rmb(void) { __asm__ __volatile__("" ::: "memory"); }
static inline void nic_os_wmb(void) { __asm__ __volatile__("" ::: "memory"); }
static inline void nic_os_dma_rmb(void) { __asm__ __volatile__("" ::: "memory"); }
static inline void nic_os_dma_wmb(void) { __asm__ __volatile__("" ::: "memory"); }

uint32_t nic_os_read32(struct nic_os *os, uint32_t reg);
void nic_os_write32(struct nic_os *os, uint32_t reg, uint32_t val);
uint64_t nic_os_read64(struct nic_os *os, uint32_t reg);
void nic_os_write64(struct nic_os *os, uint32_t reg, uint64_t val);
void *nic_os_dma_alloc_coherent(struct nic_os *os, size_t size, size_t align,
				nic_dma_addr_t *dma);
void nic_os_dma_free_coherent(struct nic_os *os, void *va, size_t size, nic_dma_addr_t dma);
int nic_os_dma_map(struct nic_os *os, void *va, uint32_t len, enum nic_dma_dir dir,
		   nic_dma_addr_t *dma);
void nic_os_dma_unmap(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir);
void nic_os_dma_sync(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir,
		     enum nic_sync_op op);
int nic_os_rxbuf_alloc(struct nic_os *os, uint16_t qid, uint32_t size, struct nic_buf *buf);
void nic_os_rxbuf_free(struct nic_os *os, uint16_t qid, struct nic_buf *buf);
void *nic_os_zalloc(struct nic_os *os, size_t size);
void nic_os_free(struct nic_os *os, void *p, size_t size);
struct nic_os_lock *nic_os_lock_create(struct nic_os *os, const char *name);
void nic_os_lock_destroy(struct nic_os *os, struct nic_os_lock *lk);
void nic_os_lock_acquire(struct nic_os_lock *lk);
void nic_os_lock_release(struct nic_os_lock *lk);
void nic_os_log(struct nic_os *os, int level, const char *fmt, ...) NIC_PRINTF_LIKE(3, 4);

#endif
