// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm_msix_test.c - MSI-X through the portable core + a generated hw layer + the device model,
 * in the order the adapters follow (nic_hw.h, ho_vector_map): allocate 2 vectors
 * (nic_devmodel_set_msix), nic_intr_map(0: RX0 + TX0), nic_intr_map(1: LINK | OTHER), then the
 * queues, then nic_intr_enable(0) and (1).  Vector 0's handler disables vector 0 and schedules
 * the poll, the poll ends with nic_intr_enable(0); vector 1's handler reads nic_intr_cause and
 * re-enables vector 1.  The main loop polls ONLY when vector 0 (the queue vector) fired, so a
 * wrong routing stalls the flow and fails.
 *
 *   dm_msix_test <drv> msix N        N packets each way, link down + up
 *   dm_msix_test <drv> wrong N       queues AND misc mapped to vector 1 (a wrong IVAR): the model
 *                                    delivers on vector 1, never on 0
 *   dm_msix_test <drv> lost N        only 1 vector allocated: the misc vector's link cause is
 *                                    lost (irqs_lost), not delivered
 *   dm_msix_test <drv> fallback N    map, then NIC_INTR_VEC_LEGACY + MSI-X off: INTx flow
 *   dm_msix_test <drv> refused 0     nic_intr_map with a vector the device cannot take
 *   dm_msix_test <drv> mmio N        virtio over virtio-mmio: no MSI-X, INTx works
 *   dm_msix_test <drv> regs OFF...   registers after the MSI-X bring-up (virtio: the vectors)
 *
 * Prints one line "key=value ..." on success; exits non-zero on a stall, loss or mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_core.h"
#include "dm_common.h"
#include "nic_osdep_devmodel.h"
#include HW_HEADER

#define NDESC		256
#define BUF		2048
#define NBUFS		1024


static struct nic_devmodel *dm;
static struct nic_os *os;
static struct nic_dev dev;
static void *hw;
static struct nic_txq *txq;
static struct nic_rxq *rxq;

static uint16_t qvec = 0, mvec = 1;		/* the vectors the handlers treat as queue / misc */
static uint64_t vec_irqs[8], legacy_irqs, links, others, polls;
static int qpending, mpending, lpending;
static uint64_t rx_ok, rx_bad, tx_sent, tx_done;
static uint32_t expect_seq;

/* MSI-X handlers (the model calls them from inside an MMIO write: top half only) */
static void on_vec(void *ctx, uint16_t v)
{
	(void)ctx;
	vec_irqs[v < 8 ? v : 7]++;
	if (v == qvec) {
		nic_intr_disable(&dev, v);
		qpending = 1;
	}
	if (v == mvec)
		mpending = 1;
}

static void on_irq(void *ctx)
{
	(void)ctx;
	legacy_irqs++;
	lpending = 1;
}

static struct { uint8_t data[BUF]; int busy; } txb[NDESC];

static void poll_queues(void)
{
	struct nic_packet pk[32];
	void *ck[64];
	uint32_t n, i, s;

	polls++;
	while ((n = nic_tx_complete(txq, ck, 64)) > 0)
		for (i = 0; i < n; i++) {
			*(int *)ck[i] = 0;
			tx_done++;
		}
	while ((n = nic_rx_poll(rxq, pk, 32)) > 0)
		for (i = 0; i < n; i++) {
			uint8_t flat[BUF], ref[BUF];
			uint32_t off = 0, seq;

			for (s = 0; s < pk[i].np_nsegs; s++) {
				if (off + pk[i].np_segs[s].ns_len <= sizeof(flat))
					memcpy(flat + off, pk[i].np_segs[s].ns_va, pk[i].np_segs[s].ns_len);
				off += pk[i].np_segs[s].ns_len;
				nic_dm_buf_up(os, pk[i].np_segs[s].ns_cookie);
				nic_dm_buf_release(os, pk[i].np_segs[s].ns_cookie);
			}
			memcpy(&seq, flat + 42, 4);
			if (off < 46 || seq != expect_seq || make_frame(ref, seq, off) != off || memcmp(ref, flat, off)) {
				rx_bad++;
				continue;
			}
			expect_seq++;
			rx_ok++;
		}
}

/* the bottom halves: what an adapter's poll / link task does */
static void service(int msix)
{
	uint64_t rxm, txm;
	uint32_t c;

	if (msix) {
		if (qpending) {
			qpending = 0;
			poll_queues();
			nic_intr_enable(&dev, qvec);
		}
		if (mpending) {
			mpending = 0;
			c = nic_intr_cause(&dev, &rxm, &txm);
			if (c & NIC_INTR_LINK)
				links++;
			if (c & NIC_INTR_OTHER)
				others++;
			nic_intr_enable(&dev, mvec);
		}
		return;
	}
	if (lpending) {	/* INTx / MSI: one vector, the cause tells */
		lpending = 0;
		nic_intr_disable(&dev, 0);
		c = nic_intr_cause(&dev, &rxm, &txm);
		if (c & NIC_INTR_LINK)
			links++;
		if (c & NIC_INTR_QUEUE)
			poll_queues();
		nic_intr_enable(&dev, 0);
	}
}

static void flow(uint32_t n, int msix)
{
	uint32_t seq = 0, spins = 0;

	while (seq < n) {
		uint32_t len = 60 + (seq * 37) % 1400, k;
		struct nic_packet p;
		int rc = NIC_E_RINGFULL;

		for (k = 0; k < NDESC; k++)
			if (!txb[(seq + k) % NDESC].busy)
				break;
		if (k < NDESC) {
			uint8_t *d = txb[(seq + k) % NDESC].data;

			memset(&p, 0, sizeof(p));
			p.np_nsegs = 1;
			p.np_segs[0].ns_va = d;
			p.np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)d;
			p.np_segs[0].ns_len = make_frame(d, seq, len);
			p.np_len = len;
			p.np_cookie = &txb[(seq + k) % NDESC].busy;
			rc = nic_tx_submit(txq, &p, 0);
			if (rc == 0) {
				txb[(seq + k) % NDESC].busy = 1;
				tx_sent++;
				seq++;
				spins = 0;
			} else if (rc != NIC_E_RINGFULL) {
				FAIL("submit %d", rc);
			}
		}
		service(msix);	/* only what the interrupts asked for: no watchdog poll */
		if (rc != 0 && ++spins > 1000)
			FAIL("stalled at packet %u: vec0=%llu vec1=%llu legacy=%llu (interrupts on the wrong vector?)",
			     seq, (unsigned long long)vec_irqs[0], (unsigned long long)vec_irqs[1],
			     (unsigned long long)legacy_irqs);
	}
	for (spins = 0; spins < 100 && (tx_done < tx_sent || rx_ok + rx_bad < tx_sent); spins++) {
		nic_tx_flush(txq);
		service(msix);
	}
}

static void queues(void)
{
	struct nic_txq_conf tc;
	struct nic_rxq_conf rc;
	int err;

	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = NDESC;
	tc.tc_rs_interval = 1;
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = 128;	/* virtio: 2 descriptors per RX slot */
	rc.rc_buf_size = BUF;
	rc.rc_refill_batch = 16;
	if ((err = nic_txq_create(&dev, &tc, &txq)))
		FAIL("txq create %d", err);
	if ((err = nic_rxq_create(&dev, &rc, &rxq)))
		FAIL("rxq create %d", err);
	dev.nd_txq[0] = txq;
	dev.nd_rxq[0] = rxq;
	dev.nd_ntxq = dev.nd_nrxq = 1;
}

static void attach(int pci)
{
	struct nic_devmodel_cfg cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.loopback = 1;
	cfg.rx_backlog = 4096;
	cfg.seed = 1;
	cfg.irq = on_irq;
	cfg.irq_vec = on_vec;
	dm = nic_devmodel_create(&cfg);
	if (!dm)
		FAIL("devmodel create");
	os = nic_dm_os_create(dm, NBUFS, BUF);
	os->pci = pci;
	if (HW_ATTACH(os, &hw))
		FAIL("hw attach");
	nic_dev_init(&dev, os, &HW_OPS, hw);
}

static void teardown(void)
{
	void *ck[64];

	while (nic_txq_drain(txq, ck, 64) == 64)
		;
	nic_txq_destroy(txq);
	nic_rxq_destroy(rxq);
	HW_DETACH(hw);
	if (os->zalloc_live || os->coherent_live)
		FAIL("leak");
	nic_dm_os_destroy(os);
	nic_devmodel_destroy(dm);
}

/* allocate nvec vectors, then the two nic_intr_map calls of the contract; their codes */
static void msix_setup(uint16_t nvec, uint16_t queue_vec, uint16_t misc_vec, int *rc0, int *rc1)
{
	nic_devmodel_set_msix(dm, nvec);
	*rc0 = nic_intr_map(&dev, queue_vec, 1, 1, 0);
	*rc1 = nic_intr_map(&dev, misc_vec, 0, 0, NIC_INTR_LINK | NIC_INTR_OTHER);
}

static void report(const char *mode, int rc0, int rc1)
{
	struct nic_devmodel_stats st;

	nic_devmodel_get_stats(dm, &st);
	printf("mode=%s map0=%d map1=%d sent=%llu done=%llu rx_ok=%llu rx_bad=%llu vec0=%llu vec1=%llu "
	       "legacy=%llu links=%llu others=%llu polls=%llu lost=%llu msix_max=%u\n", mode, rc0, rc1,
	       (unsigned long long)tx_sent, (unsigned long long)tx_done, (unsigned long long)rx_ok,
	       (unsigned long long)rx_bad, (unsigned long long)vec_irqs[0], (unsigned long long)vec_irqs[1],
	       (unsigned long long)legacy_irqs, (unsigned long long)links, (unsigned long long)others,
	       (unsigned long long)polls, (unsigned long long)st.irqs_lost, nic_devmodel_msix_max());
}

int main(int argc, char **argv)
{
	const char *mode;
	uint32_t n;
	int rc0 = 0, rc1 = 0, msix;

	if (argc < 4)
		FAIL("usage: %s DRV msix|wrong|lost|fallback|refused|mmio|regs N|OFF...", argv[0]);
	mode = argv[2];
	n = (uint32_t)strtoul(argv[3], NULL, 0);
	attach(strcmp(mode, "mmio") != 0);
	if (strcmp(mode, "refused") == 0) {
		/* a vector beyond what the device can route: refused (virtio reads back NO_VECTOR) */
		nic_devmodel_set_msix(dm, 2);
		rc0 = nic_intr_map(&dev, 63, 1, 1, 0);
		rc1 = nic_intr_map(&dev, NIC_INTR_VEC_LEGACY, 0, 0, 0);
		queues();
		report(mode, rc0, rc1);
		teardown();
		return 0;
	}
	if (strcmp(mode, "regs") == 0) {
		int i;

		msix_setup(2, 0, 1, &rc0, &rc1);
		queues();
		nic_intr_enable(&dev, 0);
		nic_intr_enable(&dev, 1);
		printf("map0=%d map1=%d", rc0, rc1);
		if ((nic_devmodel_pci_cfg_read32(dm, 0) & 0xffffu) == 0x1af4u) {
			/* virtio-pci common configuration: msix_config, queue_msix_vector of vq 0 and 1 */
			printf(" msix_config=0x%x", nic_devmodel_mmio_read(dm, 0x1010) & 0xffffu);
			for (i = 0; i < 2; i++) {
				nic_devmodel_mmio_write(dm, 0x1014, (nic_devmodel_mmio_read(dm, 0x1014) & 0xffffu) |
				    ((uint32_t)i << 16));
				printf(" q%d_vector=0x%x", i, nic_devmodel_mmio_read(dm, 0x1018) >> 16);
			}
		}
		for (i = 3; i < argc; i++) {
			uint32_t off = (uint32_t)strtoul(argv[i], NULL, 0);

			printf(" 0x%x=0x%x", off, nic_devmodel_mmio_read(dm, off));
		}
		printf("\n");
		teardown();
		return 0;
	}
	if (strcmp(mode, "wrong") == 0) {
		qvec = mvec = 1;
		msix_setup(2, 1, 1, &rc0, &rc1);
	} else if (strcmp(mode, "lost") == 0) {
		msix_setup(1, 0, 1, &rc0, &rc1);
	} else if (strcmp(mode, "msix") == 0 || strcmp(mode, "fallback") == 0 || strcmp(mode, "mmio") == 0) {
		msix_setup(2, 0, 1, &rc0, &rc1);
	} else {
		FAIL("unknown mode %s", mode);
	}
	msix = rc0 == 0 && rc1 == 0;
	if (strcmp(mode, "fallback") == 0 || strcmp(mode, "mmio") == 0 || !msix) {
		/* the adapter's fallback: back to one vector, MSI-X released, next mode (INTx) */
		if (nic_intr_map(&dev, NIC_INTR_VEC_LEGACY, 0, 0, 0) != 0 && HW_OPS.ho_vector_map != NULL)
			FAIL("NIC_INTR_VEC_LEGACY refused");
		nic_devmodel_set_msix(dm, 0);
		msix = 0;
	}
	queues();
	nic_intr_enable(&dev, 0);
	if (msix)
		nic_intr_enable(&dev, 1);
	flow(n, msix);
	nic_devmodel_set_link(dm, 0);
	service(msix);
	nic_devmodel_set_link(dm, 1);
	service(msix);
	report(mode, rc0, rc1);
	teardown();
	return 0;
}
