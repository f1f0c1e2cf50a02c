// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake virtio-pci (modern) function for the generated virtio_net hw layer: PCI
 * configuration space with the virtio vendor capabilities (common / notify / ISR / device
 * cfg in BAR 4, a decoy capability first), struct virtio_pci_common_cfg with per-queue
 * state, a notify area and an ISR byte.  Every access is checked for its width; the test
 * prints what the hw layer did and exits non-zero on any protocol error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_core.h"
#include "virtio_net_hw.h"

#define BAR		4u
#define COMMON		0x0000u
#define ISR		0x1000u
#define DEVCFG		0x2000u
#define NOTIFY		0x3000u
#define MULT		4u
#define QMAX		256u

struct nic_os { int unused; };

static uint8_t cfg[256];
static uint32_t mapped_bar = 0, errors;
static uint32_t dfsel, gfsel, qsel, status, isr;
static uint64_t drv_features;
static const uint64_t dev_features = (1ull << 32) | (1ull << 5);	/* VERSION_1 | MAC */
static struct { uint16_t size, enable; uint64_t desc, avail, used; uint32_t notified; } q[4];
static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };

#define FAIL(...) do { printf("ERROR: " __VA_ARGS__); printf("\n"); errors++; } while (0)

static void cap(uint8_t at, uint8_t next, uint8_t type, uint32_t off, uint32_t len, uint8_t extra)
{
	cfg[at] = 0x09;
	cfg[at + 1] = next;
	cfg[at + 2] = (uint8_t)(16 + extra);
	cfg[at + 3] = type;
	cfg[at + 4] = BAR;
	memcpy(&cfg[at + 8], &off, 4);
	memcpy(&cfg[at + 12], &len, 4);
}

static void setup(void)
{
	uint32_t mult = MULT;

	cfg[0] = 0xf4; cfg[1] = 0x1a; cfg[2] = 0x00; cfg[3] = 0x10;	/* 1af4:1000 */
	cfg[6] = 0x10;					/* status: capability list */
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x11; cfg[0x41] = 0x50;		/* MSI-X capability (not vendor) */
	cap(0x50, 0x60, 1, COMMON, 0x38, 0);
	cap(0x60, 0x74, 2, NOTIFY, 0x100, 4);
	memcpy(&cfg[0x70], &mult, 4);
	cap(0x74, 0x84, 3, ISR, 1, 0);
	cap(0x84, 0x94, 1, 0x4000, 0x38, 0);		/* a second common cfg: ignored */
	cap(0x94, 0x00, 4, DEVCFG, 0x10, 0);
	for (unsigned i = 0; i < 4; i++)
		q[i].size = QMAX;
}

uint32_t nic_os_pci_cfg_read32(struct nic_os *os, uint32_t off)
{
	uint32_t v;

	(void)os;
	if (off > 252 || (off & 3))
		return 0xffffffffu;
	memcpy(&v, &cfg[off], 4);
	return v;
}

int nic_os_pci_map_bar(struct nic_os *os, uint32_t bar)
{
	(void)os;
	mapped_bar = bar;
	return 0;
}

static uint64_t rd(uint32_t reg, unsigned width)
{
	if (mapped_bar != BAR)
		FAIL("access %#x before BAR %u was mapped", reg, BAR);
	if (reg >= ISR && reg < ISR + 1) {
		uint32_t v = isr;

		if (width != 1)
			FAIL("ISR read width %u", width);
		isr = 0;
		return v;
	}
	if (reg >= DEVCFG && reg < DEVCFG + 6) {
		if (width != 1)
			FAIL("device cfg read width %u", width);
		return mac[reg - DEVCFG];
	}
	switch (reg - COMMON) {
	case 0x04: if (width != 4) FAIL("device_feature width"); return (uint32_t)(dev_features >> (32 * dfsel));
	case 0x14: if (width != 1) FAIL("status width %u", width); return status;
	case 0x18: if (width != 2) FAIL("queue_size width"); return q[qsel].size;
	case 0x1e: if (width != 2) FAIL("queue_notify_off width"); return qsel;	/* notify_off = index */
	default: FAIL("read of %#x (width %u)", reg, width); return 0;
	}
}

static void wr(uint32_t reg, uint64_t v, unsigned width)
{
	if (mapped_bar != BAR)
		FAIL("access %#x before BAR %u was mapped", reg, BAR);
	if (reg >= NOTIFY && reg < NOTIFY + 0x100) {
		if (width != 2 || (reg - NOTIFY) % MULT || (reg - NOTIFY) / MULT != v || v >= 4)
			FAIL("notify at %#x value %llu width %u", reg, (unsigned long long)v, width);
		else
			q[v].notified++;
		return;
	}
	switch (reg - COMMON) {
	case 0x00: dfsel = (uint32_t)v; return;
	case 0x08: gfsel = (uint32_t)v; return;
	case 0x0c:
		if (width != 4) FAIL("driver_feature width");
		drv_features = (drv_features & ~(0xffffffffull << (32 * gfsel))) | (v << (32 * gfsel));
		return;
	case 0x14:
		if (width != 1) FAIL("status width %u", width);
		if (v == 0) {
			memset(q, 0, sizeof(q));
			for (unsigned i = 0; i < 4; i++)
				q[i].size = QMAX;
			drv_features = 0;
		}
		if ((v & 8) && (drv_features & ~dev_features))
			v &= ~8ull;	/* FEATURES_OK refused */
		status = (uint32_t)v;
		return;
	case 0x16: if (width != 2 || v >= 4) FAIL("queue_select"); qsel = (uint32_t)v & 3; return;
	case 0x18:
		if (width != 2 || v > QMAX || q[qsel].enable) FAIL("queue_size %llu", (unsigned long long)v);
		q[qsel].size = (uint16_t)v;
		return;
	case 0x1c:
		if (width != 2 || v != 1) FAIL("queue_enable %llu width %u", (unsigned long long)v, width);
		q[qsel].enable = 1;
		return;
	case 0x20: q[qsel].desc = (q[qsel].desc & ~0xffffffffull) | v; return;
	case 0x24: q[qsel].desc = (q[qsel].desc & 0xffffffffull) | v << 32; return;
	case 0x28: q[qsel].avail = (q[qsel].avail & ~0xffffffffull) | v; return;
	case 0x2c: q[qsel].avail = (q[qsel].avail & 0xffffffffull) | v << 32; return;
	case 0x30: q[qsel].used = (q[qsel].used & ~0xffffffffull) | v; return;
	case 0x34: q[qsel].used = (q[qsel].used & 0xffffffffull) | v << 32; return;
	default: FAIL("write of %#x (width %u)", reg, width);
	}
}

uint32_t nic_os_read32(struct nic_os *os, uint32_t reg) { (void)os; return (uint32_t)rd(reg, 4); }
void nic_os_write32(struct nic_os *os, uint32_t reg, uint32_t v) { (void)os; wr(reg, v, 4); }
uint64_t nic_os_read64(struct nic_os *os, uint32_t reg) { (void)os; FAIL("read64 %#x", reg); return 0; }
void nic_os_write64(struct nic_os *os, uint32_t reg, uint64_t v) { (void)os; (void)v; FAIL("write64 %#x", reg); }
uint8_t nic_os_read8(struct nic_os *os, uint32_t reg) { (void)os; return (uint8_t)rd(reg, 1); }
uint16_t nic_os_read16(struct nic_os *os, uint32_t reg) { (void)os; return (uint16_t)rd(reg, 2); }
void nic_os_write8(struct nic_os *os, uint32_t reg, uint8_t v) { (void)os; wr(reg, v, 1); }
void nic_os_write16(struct nic_os *os, uint32_t reg, uint16_t v) { (void)os; wr(reg, v, 2); }
void nic_os_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_rmb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_wmb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_dma_rmb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void nic_os_dma_wmb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void *nic_os_zalloc(struct nic_os *os, size_t n) { (void)os; return calloc(1, n); }
void nic_os_free(struct nic_os *os, void *p, size_t n) { (void)os; (void)n; free(p); }
void nic_os_log(struct nic_os *os, int level, const char *fmt, ...) { (void)os; (void)level; printf("log: %s", fmt); }

static int setup_ring(void *hw, enum nic_ring_kind kind, uint32_t ndesc, void **mem)
{
	struct nic_ring_setup rs;
	size_t bytes, align;
	int err = virtio_net_hw_ops.ho_ring_bytes(hw, kind, ndesc, &bytes, &align);

	if (err)
		return err;
	*mem = aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
	memset(&rs, 0, sizeof(rs));
	rs.rs_kind = kind;
	rs.rs_qid = 0;
	rs.rs_ndesc = ndesc;
	rs.rs_va = *mem;
	rs.rs_dma = (nic_dma_addr_t)(uintptr_t)*mem;
	rs.rs_buf_size = 2048;
	err = virtio_net_hw_ops.ho_queue_setup(hw, &rs);
	if (err) {
		free(*mem);
		*mem = NULL;
	}
	return err;
}

int main(void)
{
	struct nic_os os;
	void *hw, *txm, *rxm, *txm2, *rxm2;
	uint8_t m[6];
	uint64_t rxmask, txmask;
	int err;

	setvbuf(stdout, NULL, _IONBF, 0);
	setup();
	if (virtio_net_hw_attach(&os, &hw) != 0)
		FAIL("attach");
	printf("bar %u features %#llx status %u caps %#x\n", mapped_bar,
	    (unsigned long long)drv_features, status, virtio_net_hw_caps(hw));
	virtio_net_hw_mac_addr(hw, m);
	printf("mac %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3], m[4], m[5]);
	if (setup_ring(hw, NIC_RING_TX, 256, &txm) != 0)
		FAIL("tx 256");
	err = setup_ring(hw, NIC_RING_RX, 256, &rxm2);
	printf("rx256 %d\n", err);
	if (setup_ring(hw, NIC_RING_RX, 128, &rxm) != 0)
		FAIL("rx 128");
	printf("q0 size %u enable %u desc_ok %d avail_ok %d used_ok %d\n", q[0].size, q[0].enable,
	    q[0].desc == (uintptr_t)rxm, q[0].avail > q[0].desc && q[0].avail < q[0].used,
	    q[0].used > q[0].avail);
	printf("q1 size %u enable %u desc_ok %d status %u\n", q[1].size, q[1].enable,
	    q[1].desc == (uintptr_t)txm, status);
	virtio_net_hw_ops.ho_rxd_flush(hw, 0, 0);
	virtio_net_hw_ops.ho_txd_flush(hw, 0, 0);
	printf("notified rx %u tx %u\n", q[0].notified, q[1].notified);
	isr = 1;
	printf("cause %u", virtio_net_hw_ops.ho_intr_cause(hw, &rxmask, &txmask));
	printf(" rx %llu tx %llu isr-after %u\n", (unsigned long long)rxmask, (unsigned long long)txmask, isr);
	printf("cause-again %u\n", virtio_net_hw_ops.ho_intr_cause(hw, &rxmask, &txmask));
	virtio_net_hw_ops.ho_queue_stop(hw, NIC_RING_TX, 0);
	printf("after stop status %u q1 enable %u\n", status, q[1].enable);
	if (setup_ring(hw, NIC_RING_TX, 256, &txm2) != 0)
		FAIL("tx again");
	printf("renegotiated status %u features %#llx q1 enable %u\n", status,
	    (unsigned long long)drv_features, q[1].enable);
	virtio_net_hw_detach(hw);
	free(txm);
	free(txm2);
	free(rxm);
	printf("errors %u\n", errors);
	return errors != 0;
}
