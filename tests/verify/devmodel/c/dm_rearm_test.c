// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm_rearm_test.c - the lost-interrupt race of re-enabling a vector, through the portable core +
 * a generated hw layer + the device model.
 *
 * Frame A arrives: the interrupt fires, the handler masks the vector and polls (A delivered).
 * Then, between the poll's last look and nic_intr_enable(), the device receives frame B (the
 * race window).  The bottom half follows the contract ("complete, then re-check"): when
 * nic_intr_enable answers 1 it masks the vector again and polls again.  After that the harness
 * only services what interrupts ask for (no watchdog poll), so a frame that raised nothing
 * stays stranded; frame C (a later interrupt) finally flushes it.
 *
 *   dm_rearm_test <drv> msix    MSI-X: vector 0 = RX0 + TX0, vector 1 = misc
 *   dm_rearm_test <drv> intx    one vector (virtio: virtio-pci, no suppression)
 *   dm_rearm_test <drv> mmio    virtio-mmio, INTx (suppression with VRING_AVAIL_F_NO_INTERRUPT)
 *
 * Prints one line "key=value ...":
 *   enable_rc     what the first nic_intr_enable after the window answered
 *   irq_window    interrupts raised while B arrived (vector masked)
 *   irq_enable    interrupts raised by the unmask itself (a latched cause re-firing)
 *   repolls       polls run because nic_intr_enable answered 1
 *   rx_repoll     frames delivered right after the re-check (before any further interrupt)
 *   rx_wait       frames delivered after waiting for interrupts only
 *   stranded      frames the device wrote back but the driver had not handed up after the wait
 *   rx_final      frames delivered after frame C
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

static uint64_t irqs, polls, repolls, rx_ok, rx_bad;
static int qpending, mpending, lpending;
static uint32_t expect_seq;

static void on_vec(void *ctx, uint16_t v)
{
	(void)ctx;
	irqs++;
	if (v == 0) {
		nic_intr_disable(&dev, 0);	/* the top half masks its vector */
		qpending = 1;
	} else {
		mpending = 1;
	}
}

static void on_irq(void *ctx)
{
	(void)ctx;
	irqs++;
	lpending = 1;
}

static void inject(uint32_t seq)
{
	uint8_t f[BUF];
	uint32_t len = 60 + seq * 100;

	if (nic_devmodel_inject(dm, 0, f, make_frame(f, seq, len)) != 0)
		FAIL("inject %u dropped", seq);
}

static void poll_queues(void)
{
	struct nic_packet pk[32];
	void *ck[64];
	uint32_t n, i, s;

	polls++;
	while (nic_tx_complete(txq, ck, 64) > 0)
		;
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

/* the top half's work for the controlled first interrupt: mask (INTx), ack, poll */
static void handler_poll(int msix)
{
	uint64_t rxm, txm;

	if (msix) {
		if (!qpending)
			FAIL("frame A raised no queue interrupt");
		qpending = 0;
	} else {
		if (!lpending)
			FAIL("frame A raised no interrupt");
		lpending = 0;
		nic_intr_disable(&dev, 0);
		(void)nic_intr_cause(&dev, &rxm, &txm);
	}
	poll_queues();
}

/* complete, then re-check: 1 = work arrived while masked, mask again and poll again */
static int rearm(void)
{
	int rc, first = -100;

	while ((rc = nic_intr_enable(&dev, 0)) > 0) {
		if (first == -100)
			first = rc;
		nic_intr_disable(&dev, 0);
		repolls++;
		poll_queues();
		if (repolls > 64)
			FAIL("nic_intr_enable keeps answering 1");
	}
	if (rc < 0)
		FAIL("nic_intr_enable %d", rc);
	return first == -100 ? rc : first;
}

/* what an adapter's bottom halves do afterwards, driven by interrupts only */
static void service(int msix)
{
	uint64_t rxm, txm;

	if (msix) {
		if (qpending) {
			qpending = 0;
			poll_queues();
			(void)rearm();
		}
		if (mpending) {
			mpending = 0;
			(void)nic_intr_cause(&dev, &rxm, &txm);
			(void)nic_intr_enable(&dev, 1);
		}
		return;
	}
	if (lpending) {
		lpending = 0;
		nic_intr_disable(&dev, 0);
		(void)nic_intr_cause(&dev, &rxm, &txm);
		poll_queues();
		(void)rearm();
	}
}

static void wait_irqs(int msix)
{
	int i;

	for (i = 0; i < 50; i++) {
		(void)nic_devmodel_poll(dm);
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

/* frames the device wrote to RX descriptors that the driver has not handed up: stranded */
static long undelivered(void)
{
	struct nic_devmodel_stats st;

	nic_devmodel_get_stats(dm, &st);
	return (long)(st.rx_frames - rx_ok - rx_bad);
}

int main(int argc, char **argv)
{
	struct nic_devmodel_cfg cfg;
	uint64_t before, win, unmask;
	const char *mode;
	int msix, enable_rc;
	uint64_t rx_repoll, rx_wait;
	long behind;
	void *ck[64];

	if (argc < 3)
		FAIL("usage: %s DRV msix|intx|mmio", argv[0]);
	mode = argv[2];
	msix = strcmp(mode, "msix") == 0;
	if (!msix && strcmp(mode, "intx") != 0 && strcmp(mode, "mmio") != 0)
		FAIL("unknown mode %s", mode);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rx_backlog = 64;
	cfg.seed = 1;
	cfg.irq = on_irq;
	cfg.irq_vec = on_vec;
	dm = nic_devmodel_create(&cfg);
	if (!dm)
		FAIL("devmodel create");
	os = nic_dm_os_create(dm, NBUFS, BUF);
	os->pci = strcmp(mode, "mmio") != 0;
	if (HW_ATTACH(os, &hw))
		FAIL("hw attach");
	nic_dev_init(&dev, os, &HW_OPS, hw);
	if (msix) {
		nic_devmodel_set_msix(dm, 2);
		if (nic_intr_map(&dev, 0, 1, 1, 0) != 0 ||
		    nic_intr_map(&dev, 1, 0, 0, NIC_INTR_LINK | NIC_INTR_OTHER) != 0)
			FAIL("MSI-X map refused");
	}
	queues();
	(void)nic_intr_enable(&dev, 0);
	if (msix)
		(void)nic_intr_enable(&dev, 1);

	inject(0);			/* frame A: interrupt, handler masks and polls */
	handler_poll(msix);
	if (rx_ok != 1)
		FAIL("frame A not delivered (%llu)", (unsigned long long)rx_ok);
	before = irqs;
	inject(1);			/* frame B: inside the race window */
	win = irqs - before;
	enable_rc = rearm();
	unmask = irqs - before - win;
	rx_repoll = rx_ok;
	wait_irqs(msix);		/* only interrupts drive the poll from here */
	rx_wait = rx_ok;
	behind = undelivered();
	inject(2);			/* frame C: a later interrupt */
	wait_irqs(msix);

	printf("mode=%s enable_rc=%d irq_window=%llu irq_enable=%llu repolls=%llu rx_repoll=%llu rx_wait=%llu "
	       "stranded=%ld rx_final=%llu rx_bad=%llu polls=%llu irqs=%llu\n", mode, enable_rc,
	       (unsigned long long)win, (unsigned long long)unmask, (unsigned long long)repolls,
	       (unsigned long long)rx_repoll, (unsigned long long)rx_wait, behind,
	       (unsigned long long)rx_ok, (unsigned long long)rx_bad, (unsigned long long)polls,
	       (unsigned long long)irqs);
	while (nic_txq_drain(txq, ck, 64) == 64)
		;
	nic_txq_destroy(txq);
	nic_rxq_destroy(rxq);
	HW_DETACH(hw);
	if (os->zalloc_live || os->coherent_live)
		FAIL("leak");
	nic_dm_os_destroy(os);
	nic_devmodel_destroy(dm);
	return 0;
}
