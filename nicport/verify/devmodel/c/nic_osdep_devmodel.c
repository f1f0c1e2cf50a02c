// SPDX-License-Identifier: GPL-2.0-only
/*
 * nic_osdep_devmodel.c - nic_osdep.h hooks for tests against the device model
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_osdep_devmodel.h"
#include "nic_packet.h"	/* NIC_E_* */

struct nic_os_lock {
	int	held;
};

static void dm_os_die(const char *what)
{
	fprintf(stderr, "nic_osdep_devmodel: %s\n", what);
	abort();
}

struct nic_os *nic_dm_os_create(struct nic_devmodel *dm, uint32_t nbufs, uint32_t buf_size)
{
	struct nic_os *os = calloc(1, sizeof(*os));
	uint32_t i;

	if (!os)
		return NULL;
	os->dm = dm;
	os->nbufs = nbufs;
	os->buf_size = buf_size;
	os->bufs = calloc(nbufs, sizeof(*os->bufs));
	os->free_stack = calloc(nbufs, sizeof(uint32_t));
	if (!os->bufs || !os->free_stack)
		dm_os_die("out of memory");
	for (i = 0; i < nbufs; i++) {
		os->bufs[i].data = aligned_alloc(64, (buf_size + 63u) & ~63u);
		if (!os->bufs[i].data)
			dm_os_die("out of memory");
		os->bufs[i].id = i;
		os->free_stack[os->nfree++] = nbufs - 1 - i;
	}
	return os;
}

void nic_dm_os_destroy(struct nic_os *os)
{
	uint32_t i;

	for (i = 0; i < os->nbufs; i++)
		free(os->bufs[i].data);
	free(os->bufs);
	free(os->free_stack);
	free(os);
}

static struct nic_dm_buf *dm_os_buf(struct nic_os *os, void *cookie)
{
	struct nic_dm_buf *b = cookie;

	if (b < os->bufs || b >= os->bufs + os->nbufs)
		dm_os_die("foreign buffer cookie");
	return b;
}

void nic_dm_buf_release(struct nic_os *os, void *cookie)
{
	struct nic_dm_buf *b = dm_os_buf(os, cookie);

	if (b->state == NIC_DM_BUF_POOL)
		dm_os_die("double free of a receive buffer");
	b->state = NIC_DM_BUF_POOL;
	os->free_stack[os->nfree++] = b->id;
}

void nic_dm_buf_up(struct nic_os *os, void *cookie)
{
	struct nic_dm_buf *b = dm_os_buf(os, cookie);

	if (b->state != NIC_DM_BUF_CORE)
		dm_os_die("handed up a buffer the core did not hold");
	b->state = NIC_DM_BUF_UP;
}

uint32_t nic_dm_buf_count(const struct nic_os *os, uint32_t state)
{
	uint32_t i, n = 0;

	for (i = 0; i < os->nbufs; i++)
		n += os->bufs[i].state == state;
	return n;
}

/* ---- MMIO: the device model ---- */
uint32_t nic_os_read32(struct nic_os *os, uint32_t reg) { return nic_devmodel_mmio_read(os->dm, reg); }
void nic_os_write32(struct nic_os *os, uint32_t reg, uint32_t val) { nic_devmodel_mmio_write(os->dm, reg, val); }
uint64_t nic_os_read64(struct nic_os *os, uint32_t reg)
{
	return (uint64_t)nic_devmodel_mmio_read(os->dm, reg) | ((uint64_t)nic_devmodel_mmio_read(os->dm, reg + 4) << 32);
}
void nic_os_write64(struct nic_os *os, uint32_t reg, uint64_t val)
{
	nic_devmodel_mmio_write(os->dm, reg, (uint32_t)val);
	nic_devmodel_mmio_write(os->dm, reg + 4, (uint32_t)(val >> 32));
}
/* the model decodes 32-bit registers only: narrower accesses use the aligned word
 * (read-modify-write); none of the modelled devices has a narrower register */
uint8_t nic_os_read8(struct nic_os *os, uint32_t reg)
{
	return (uint8_t)(nic_devmodel_mmio_read(os->dm, reg & ~3u) >> (8u * (reg & 3u)));
}
uint16_t nic_os_read16(struct nic_os *os, uint32_t reg)
{
	return (uint16_t)(nic_devmodel_mmio_read(os->dm, reg & ~3u) >> (8u * (reg & 2u)));
}
void nic_os_write8(struct nic_os *os, uint32_t reg, uint8_t val)
{
	uint32_t sh = 8u * (reg & 3u), w = nic_devmodel_mmio_read(os->dm, reg & ~3u);

	nic_devmodel_mmio_write(os->dm, reg & ~3u, (w & ~(0xffu << sh)) | ((uint32_t)val << sh));
}
void nic_os_write16(struct nic_os *os, uint32_t reg, uint16_t val)
{
	uint32_t sh = 8u * (reg & 2u), w = nic_devmodel_mmio_read(os->dm, reg & ~3u);

	nic_devmodel_mmio_write(os->dm, reg & ~3u, (w & ~(0xffffu << sh)) | ((uint32_t)val << sh));
}

/* ---- PCI: by default the model is a bare register block (virtio-mmio / a BAR); with
 * os->pci set, configuration reads go to the model's PCI function (virtio-pci modern) and
 * every BAR is the model's register window ---- */
uint32_t nic_os_pci_cfg_read32(struct nic_os *os, uint32_t off)
{
	if (os->pci)
		return nic_devmodel_pci_cfg_read32(os->dm, off);
	return 0xffffffffu;
}
int nic_os_pci_map_bar(struct nic_os *os, uint32_t bar)
{
	(void)bar;
	return os->pci ? 0 : NIC_E_NOSYS;
}

/* ---- barriers: the model runs synchronously in the caller's thread ---- */
void nic_os_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
void nic_os_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
void nic_os_dma_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
void nic_os_dma_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

/* ---- DMA: identity ---- */
void *nic_os_dma_alloc_coherent(struct nic_os *os, size_t size, size_t align, nic_dma_addr_t *dma)
{
	void *p;

	if (align < sizeof(void *))
		align = sizeof(void *);
	p = aligned_alloc(align, (size + align - 1) / align * align);
	if (!p)
		return NULL;
	memset(p, 0, size);
	*dma = (nic_dma_addr_t)(uintptr_t)p;
	os->coherent_live += size;
	return p;
}

void nic_os_dma_free_coherent(struct nic_os *os, void *va, size_t size, nic_dma_addr_t dma)
{
	(void)dma;
	os->coherent_live -= size;
	free(va);
}

int nic_os_dma_map(struct nic_os *os, void *va, uint32_t len, enum nic_dma_dir dir, nic_dma_addr_t *dma)
{
	(void)os;
	(void)len;
	(void)dir;
	*dma = (nic_dma_addr_t)(uintptr_t)va;
	return 0;
}

void nic_os_dma_unmap(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir)
{
	(void)os;
	(void)dma;
	(void)len;
	(void)dir;
}

void nic_os_dma_sync(struct nic_os *os, nic_dma_addr_t dma, uint32_t len, enum nic_dma_dir dir,
		     enum nic_sync_op op)
{
	(void)os;
	(void)dma;
	(void)len;
	(void)dir;
	(void)op;
}

/* ---- receive buffers ---- */
int nic_os_rxbuf_alloc(struct nic_os *os, uint16_t qid, uint32_t size, struct nic_buf *buf)
{
	struct nic_dm_buf *b;

	(void)qid;
	if (size > os->buf_size || os->nfree == 0) {
		os->alloc_fail++;
		return -12;
	}
	b = &os->bufs[os->free_stack[--os->nfree]];
	if (b->state != NIC_DM_BUF_POOL)
		dm_os_die("pool corrupted");
	b->state = NIC_DM_BUF_CORE;
	buf->nb_va = b->data;
	buf->nb_dma = (nic_dma_addr_t)(uintptr_t)b->data;
	buf->nb_cookie = b;
	buf->nb_size = os->buf_size;
	return 0;
}

void nic_os_rxbuf_free(struct nic_os *os, uint16_t qid, struct nic_buf *buf)
{
	struct nic_dm_buf *b = dm_os_buf(os, buf->nb_cookie);

	(void)qid;
	if (b->state != NIC_DM_BUF_CORE)
		dm_os_die("core freed a buffer it did not hold");
	b->state = NIC_DM_BUF_POOL;
	os->free_stack[os->nfree++] = b->id;
}

/* ---- memory ---- */
void *nic_os_zalloc(struct nic_os *os, size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (p)
		os->zalloc_live += size;
	return p;
}

void nic_os_free(struct nic_os *os, void *p, size_t size)
{
	if (!p)
		return;
	os->zalloc_live -= size;
	free(p);
}

/* ---- locks ---- */
struct nic_os_lock *nic_os_lock_create(struct nic_os *os, const char *name)
{
	(void)os;
	(void)name;
	return calloc(1, sizeof(struct nic_os_lock));
}

void nic_os_lock_destroy(struct nic_os *os, struct nic_os_lock *lk)
{
	(void)os;
	free(lk);
}

void nic_os_lock_acquire(struct nic_os_lock *lk)
{
	if (lk->held++)
		dm_os_die("lock taken twice");
}

void nic_os_lock_release(struct nic_os_lock *lk)
{
	if (!lk->held--)
		dm_os_die("lock released while free");
}

/* ---- logging ---- */
void nic_os_log(struct nic_os *os, int level, const char *fmt, ...)
{
	va_list ap;

	if (!os || (!os->verbose && level > NIC_LOG_ERR))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
