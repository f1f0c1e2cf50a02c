/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport reference user-space osdep -- NOT part of the freestanding core.
 * See nic_osdep_user.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "nic_osdep_user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void nic_user_die(const char *what, uint32_t id)
{
	fprintf(stderr, "nic_osdep_user: %s (buffer %u)\n", what, id);
	abort();
}

struct nic_os *nic_user_os_create(uint32_t nbufs, uint32_t buf_size)
{
	struct nic_os *os = calloc(1, sizeof(*os));
	uint32_t i;

	if (os == NULL)
		return NULL;
	os->nbufs = nbufs;
	os->buf_size = buf_size;
	os->bufs = calloc(nbufs ? nbufs : 1, sizeof(*os->bufs));
	os->free_stack = calloc(nbufs ? nbufs : 1, sizeof(uint32_t));
	for (i = 0; i < nbufs; i++) {
		os->bufs[i].ub_data = malloc(buf_size);
		os->bufs[i].ub_id = i;
		os->bufs[i].ub_state = NIC_UBUF_POOL;
		os->free_stack[os->nfree++] = nbufs - 1 - i;
	}
	return os;
}

void nic_user_os_destroy(struct nic_os *os)
{
	uint32_t i;

	for (i = 0; i < os->nbufs; i++)
		free(os->bufs[i].ub_data);
	free(os->bufs);
	free(os->free_stack);
	free(os);
}

static struct nic_user_buf *nic_user_buf_of(struct nic_os *os, void *cookie)
{
	struct nic_user_buf *b = cookie;

	if (b < os->bufs || b >= os->bufs + os->nbufs)
		nic_user_die("foreign buffer cookie", 0xffffffffu);
	return b;
}

uint32_t nic_user_buf_id(struct nic_os *os, void *cookie)
{
	return nic_user_buf_of(os, cookie)->ub_id;
}

void nic_user_buf_release(struct nic_os *os, void *cookie)
{
	struct nic_user_buf *b = nic_user_buf_of(os, cookie);

	if (b->ub_state != NIC_UBUF_CORE)
		nic_user_die("double free", b->ub_id);
	b->ub_state = NIC_UBUF_POOL;
	os->free_stack[os->nfree++] = b->ub_id;
}

uint32_t nic_user_count(struct nic_os *os, uint32_t state)
{
	uint32_t i, n = 0;

	for (i = 0; i < os->nbufs; i++)
		n += os->bufs[i].ub_state == state;
	return n;
}

uint32_t nic_os_read32(struct nic_os *os, uint32_t reg)
{
	return os->regs[(reg / 4) % NIC_USER_NREGS];
}

void nic_os_write32(struct nic_os *os, uint32_t reg, uint32_t val)
{
	os->regs[(reg / 4) % NIC_USER_NREGS] = val;
}

uint64_t nic_os_read64(struct nic_os *os, uint32_t reg)
{
	return (uint64_t)nic_os_read32(os, reg) | (uint64_t)nic_os_read32(os, reg + 4) << 32;
}

void nic_os_write64(struct nic_os *os, uint32_t reg, uint64_t val)
{
	nic_os_write32(os, reg, (uint32_t)val);
	nic_os_write32(os, reg + 4, (uint32_t)(val >> 32));
}

/* narrower accesses: the aligned word of the register file */
uint8_t nic_os_read8(struct nic_os *os, uint32_t reg)
{
	return (uint8_t)(nic_os_read32(os, reg & ~3u) >> (8u * (reg & 3u)));
}

uint16_t nic_os_read16(struct nic_os *os, uint32_t reg)
{
	return (uint16_t)(nic_os_read32(os, reg & ~3u) >> (8u * (reg & 2u)));
}

void nic_os_write8(struct nic_os *os, uint32_t reg, uint8_t val)
{
	uint32_t sh = 8u * (reg & 3u), w = nic_os_read32(os, reg & ~3u);

	nic_os_write32(os, reg & ~3u, (w & ~(0xffu << sh)) | ((uint32_t)val << sh));
}

void nic_os_write16(struct nic_os *os, uint32_t reg, uint16_t val)
{
	uint32_t sh = 8u * (reg & 2u), w = nic_os_read32(os, reg & ~3u);

	nic_os_write32(os, reg & ~3u, (w & ~(0xffffu << sh)) | ((uint32_t)val << sh));
}

/* user space has no PCI function behind the register file */
uint32_t nic_os_pci_cfg_read32(struct nic_os *os, uint32_t off)
{
	(void)os;
	(void)off;
	return 0xffffffffu;
}

int nic_os_pci_map_bar(struct nic_os *os, uint32_t bar)
{
	(void)os;
	(void)bar;
	return -38;	/* NIC_E_NOSYS (nic_packet.h is not included here) */
}

void nic_os_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
void nic_os_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
void nic_os_dma_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
void nic_os_dma_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

void *nic_os_dma_alloc_coherent(struct nic_os *os, size_t size, size_t align, nic_dma_addr_t *dma)
{
	void *p = NULL;

	if (align < sizeof(void *))
		align = sizeof(void *);
	if (posix_memalign(&p, align, size ? size : 1) != 0)
		return NULL;
	memset(p, 0, size);
	*dma = (nic_dma_addr_t)(uintptr_t)p;
	os->ncoherent_live++;
	return p;
}

void nic_os_dma_free_coherent(struct nic_os *os, void *va, size_t size, nic_dma_addr_t dma)
{
	(void)size;
	if ((nic_dma_addr_t)(uintptr_t)va != dma)
		nic_user_die("coherent free with wrong bus address", 0);
	os->ncoherent_live--;
	free(va);
}

int nic_os_dma_map(struct nic_os *os, void *va, uint32_t len, enum nic_dma_dir dir,
		   nic_dma_addr_t *dma)
{
	(void)os; (void)len; (void)dir;
	*dma = (nic_dma_addr_t)(uintptr_t)va;
	return 0;
}

void nic_os_dma_unmap(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir)
{
	(void)os; (void)dma; (void)len; (void)dir;
}

void nic_os_dma_sync(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir,
		     enum nic_sync_op op)
{
	(void)dma; (void)len; (void)dir; (void)op;
	os->nsync++;
}

int nic_os_rxbuf_alloc(struct nic_os *os, uint16_t qid, uint32_t size, struct nic_buf *buf)
{
	struct nic_user_buf *b;

	(void)qid;
	os->nalloc_calls++;
	if (os->alloc_fail_every && os->nalloc_calls % os->alloc_fail_every == 0)
		return -12;
	if (size > os->buf_size || os->nfree == 0)
		return -12;
	b = &os->bufs[os->free_stack[--os->nfree]];
	if (b->ub_state != NIC_UBUF_POOL)
		nic_user_die("pool corrupt", b->ub_id);
	b->ub_state = NIC_UBUF_CORE;
	buf->nb_va = b->ub_data;
	buf->nb_dma = (nic_dma_addr_t)(uintptr_t)b->ub_data;
	buf->nb_cookie = b;
	buf->nb_size = os->buf_size;
	if (os->short_buf_every && os->nalloc_calls % os->short_buf_every == 0)
		buf->nb_size = size - 1;  /* a broken adapter, for tests */
	buf->nb_pad = 0;
	os->nalloc++;
	return 0;
}

void nic_os_rxbuf_free(struct nic_os *os, uint16_t qid, struct nic_buf *buf)
{
	(void)qid;
	os->nfree_calls++;
	nic_user_buf_release(os, buf->nb_cookie);
}

void *nic_os_zalloc(struct nic_os *os, size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p) {
		os->nzalloc++;
		os->bytes_live += size;
	}
	return p;
}

void nic_os_free(struct nic_os *os, void *p, size_t size)
{
	if (p == NULL)
		return;
	os->nzfree++;
	os->bytes_live -= size;
	free(p);
}

struct nic_os_lock {
	int held;
};

struct nic_os_lock *nic_os_lock_create(struct nic_os *os, const char *name)
{
	(void)os; (void)name;
	return calloc(1, sizeof(struct nic_os_lock));
}

void nic_os_lock_destroy(struct nic_os *os, struct nic_os_lock *lk)
{
	(void)os;
	if (lk->held)
		nic_user_die("lock destroyed while held", 0);
	free(lk);
}

void nic_os_lock_acquire(struct nic_os_lock *lk)
{
	if (lk->held)
		nic_user_die("recursive lock", 0);
	lk->held = 1;
}

void nic_os_lock_release(struct nic_os_lock *lk)
{
	if (!lk->held)
		nic_user_die("unlock of a free lock", 0);
	lk->held = 0;
}

void nic_os_log(struct nic_os *os, int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	if (os == NULL || !os->verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
