// SPDX-License-Identifier: GPL-2.0-only
/*
 * nic_ring_test.c - the portable core + the generated hw layer against the device model.
 *
 * Part of the per-driver tests nicport writes into an output tree (tests/); the Makefile
 * builds it once per driver with -DHW_HEADER / -DHW_OPS / -DHW_ATTACH / -DHW_DETACH.
 *
 *   nic_ring_test smoke  N        N packets (2 segments, 60..1460 bytes) TX -> model -> RX,
 *                                 every one completed once, received in order, bytes identical
 *   nic_ring_test stress N        N packets through 256-slot rings and a 1024-buffer pool,
 *                                 RX dropping like hardware (no backlog): nothing lost
 *   nic_ring_test hostile N SEED  N packets while the model injects every fault it knows (bogus
 *                                 RX lengths, early DD, reordered write-backs, dropped interrupts)
 *                                 on ~1 event in 8: every TX packet completed once, nothing
 *                                 damaged handed up, most packets still delivered, no leak
 *   nic_ring_test bench  MS ROUNDS   64-byte frames, bursts of 32, loopback: ROUNDS timed
 *                                 rounds of MS milliseconds each (MS = 0: one untimed round of
 *                                 ROUNDS packets, for callgrind)
 *
 * Prints one line "key=value ..." on success; exits non-zero on any loss or mismatch.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nic_core.h"
#include "nic_osdep_devmodel.h"
#include HW_HEADER

#define BUF		2048
#define BURST		32
#define MAXSLOTS	2048

static struct nic_devmodel *dm;
static struct nic_os *os;
static struct nic_dev dev;
static void *hw;
static struct nic_txq *txq;
static struct nic_rxq *rxq;
static uint32_t ndesc, nbufs;
static uint64_t irqs;
static int hostile;

static void on_irq(void *ctx) { (void)ctx; irqs++; }

#define FAIL(...) do { fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

static void setup(uint32_t ring, uint32_t pool, uint32_t backlog, uint32_t rs_interval, uint32_t seed)
{
	struct nic_devmodel_cfg cfg;
	struct nic_txq_conf tc;
	struct nic_rxq_conf rc;
	int err;

	ndesc = ring;
	nbufs = pool;
	memset(&cfg, 0, sizeof(cfg));
	cfg.loopback = 1;
	cfg.rx_backlog = backlog;
	cfg.seed = seed;
	cfg.irq = on_irq;
	dm = nic_devmodel_create(&cfg);
	if (!dm)
		FAIL("devmodel create");
	os = nic_dm_os_create(dm, nbufs, BUF);
	if (!os)
		FAIL("osdep create");
	if (HW_ATTACH(os, &hw))
		FAIL("hw attach");
	if (nic_hw_ops_check(&HW_OPS))
		FAIL("ops table rejected by the core");
	nic_dev_init(&dev, os, &HW_OPS, hw);
	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = ndesc;
	tc.tc_rs_interval = rs_interval;
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = ndesc;
	rc.rc_buf_size = BUF;
	rc.rc_refill_batch = 16;
	if ((err = nic_txq_create(&dev, &tc, &txq)))
		FAIL("txq create %d", err);
	if ((err = nic_rxq_create(&dev, &rc, &rxq)))
		FAIL("rxq create %d", err);
	dev.nd_txq[0] = txq;
	dev.nd_rxq[0] = rxq;
	dev.nd_ntxq = dev.nd_nrxq = 1;
	nic_intr_enable(&dev, 0);
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
		FAIL("leak: zalloc %llu coherent %llu", (unsigned long long)os->zalloc_live,
		     (unsigned long long)os->coherent_live);
	if (nic_dm_buf_count(os, NIC_DM_BUF_POOL) != nbufs)
		FAIL("rx buffers not all back in the pool: %u of %u", nic_dm_buf_count(os, NIC_DM_BUF_POOL), nbufs);
	nic_dm_os_destroy(os);
	nic_devmodel_destroy(dm);
}

/* a UDP/IPv4 frame of len bytes whose payload encodes seq */
static uint32_t make_frame(uint8_t *f, uint32_t seq, uint32_t len)
{
	uint32_t i;

	memset(f, 0, 42);
	memcpy(f, "\x52\x54\x00\x12\x34\x56\x52\x54\x00\xab\xcd\xef\x08\x00", 14);
	f[14] = 0x45;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	f[34] = 0x30; f[35] = 0x39; f[36] = 0x00; f[37] = 0x35;
	f[38] = (uint8_t)((len - 34) >> 8);
	f[39] = (uint8_t)(len - 34);
	for (i = 42; i < len; i++)
		f[i] = (uint8_t)(seq * 7 + i);
	memcpy(f + 42, &seq, 4);
	return len;
}

/* ---- smoke / stress: every packet checked ---- */

struct txbuf {
	uint8_t data[BUF];
	uint32_t len;
	int busy;
};
static struct txbuf txb[MAXSLOTS];
static uint64_t rx_ok, rx_bad, tx_sent, tx_done;
static uint32_t expect_seq;

static void rx_drain(uint32_t rounds)
{
	static uint8_t flat[BUF * 2], ref[BUF * 2];
	struct nic_packet pk[BURST];
	uint32_t r, n, i, s;

	for (r = 0; r < rounds; r++) {
		n = nic_rx_poll(rxq, pk, BURST);
		for (i = 0; i < n; i++) {
			uint32_t off = 0, seq;

			for (s = 0; s < pk[i].np_nsegs; s++) {
				if (off + pk[i].np_segs[s].ns_len <= sizeof(flat))
					memcpy(flat + off, pk[i].np_segs[s].ns_va, pk[i].np_segs[s].ns_len);
				off += pk[i].np_segs[s].ns_len;
				nic_dm_buf_up(os, pk[i].np_segs[s].ns_cookie);
				nic_dm_buf_release(os, pk[i].np_segs[s].ns_cookie);
			}
			if (off < 46 || off > sizeof(flat)) {
				rx_bad++;
				continue;
			}
			memcpy(&seq, flat + 42, 4);
			if (!hostile && seq != expect_seq)
				FAIL("out of order: got %u want %u", seq, expect_seq);
			if (make_frame(ref, seq, off) != off || memcmp(ref, flat, off) != 0)
				rx_bad++;
			else
				rx_ok++;
			expect_seq = seq + 1;
		}
		if (n == 0)
			break;
	}
}

static void tx_reclaim(void)
{
	void *ck[64];
	uint32_t n, i;

	while ((n = nic_tx_complete(txq, ck, 64)) > 0) {
		for (i = 0; i < n; i++) {
			struct txbuf *b = ck[i];

			if (!b->busy)
				FAIL("completion of a packet not in flight");
			b->busy = 0;
			tx_done++;
		}
	}
}

static int send_one(uint32_t seq, uint32_t len)
{
	static uint32_t slot;
	struct txbuf *b = NULL;
	struct nic_packet p;
	uint32_t k, nslots = ndesc * 2;
	int rc;

	for (k = 0; k < nslots; k++) {
		struct txbuf *c = &txb[(slot + k) % nslots];

		if (!c->busy) {
			b = c;
			slot = (slot + k + 1) % nslots;
			break;
		}
	}
	if (!b)
		return NIC_E_RINGFULL;
	b->len = make_frame(b->data, seq, len);
	memset(&p, 0, sizeof(p));
	p.np_nsegs = 2;			/* header + payload: multi-descriptor packets */
	p.np_segs[0].ns_va = b->data;
	p.np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)b->data;
	p.np_segs[0].ns_len = 42;
	p.np_segs[1].ns_va = b->data + 42;
	p.np_segs[1].ns_dma = (nic_dma_addr_t)(uintptr_t)(b->data + 42);
	p.np_segs[1].ns_len = b->len - 42;
	p.np_len = b->len;
	p.np_cookie = b;
	rc = nic_tx_submit(txq, &p, 0);
	if (rc == 0) {
		b->busy = 1;
		tx_sent++;
	}
	return rc;
}

static void flow(uint32_t n)
{
	uint32_t seq = 0, spins = 0;

	while (seq < n) {
		int rc = send_one(seq, 60 + (seq * 37) % 1400);

		if (rc == 0) {
			seq++;
			spins = 0;
		} else if (rc != NIC_E_RINGFULL) {
			FAIL("submit %d", rc);
		}
		if (rc != 0 || (seq % 8) == 0) {
			uint64_t rxm, txm;

			if (irqs || hostile)	/* a dropped interrupt: poll anyway, as a watchdog would */
				(void)nic_intr_cause(&dev, &rxm, &txm);
			nic_devmodel_poll(dm);
			tx_reclaim();
			rx_drain(64);
			if (rc != 0 && ++spins > 100000)
				FAIL("stuck at seq %u", seq);
		}
	}
	for (spins = 0; spins < 1000 && (tx_done < tx_sent || (!hostile && rx_ok + rx_bad < tx_sent)); spins++) {
		nic_tx_flush(txq);
		nic_devmodel_poll(dm);
		tx_reclaim();
		rx_drain(64);
	}
}

static int run_checked(const char *mode, uint32_t n, int stress)
{
	struct nic_devmodel_stats st;

	if (stress)
		setup(256, 1024, 0, 4, 1);
	else
		setup(256, 4096, 4096, 4, 1);
	flow(n);
	nic_devmodel_get_stats(dm, &st);
	printf("mode=%s driver=%s sent=%llu done=%llu rx_ok=%llu rx_bad=%llu rs_drops=%llu "
	       "rs_errors=%llu rs_recycled=%llu dm_tx=%llu dm_rx=%llu dm_missed=%llu irqs=%llu\n",
	       mode, nic_devmodel_driver(), (unsigned long long)tx_sent, (unsigned long long)tx_done,
	       (unsigned long long)rx_ok, (unsigned long long)rx_bad,
	       (unsigned long long)rxq->rq_stats.rs_drops, (unsigned long long)rxq->rq_stats.rs_errors,
	       (unsigned long long)rxq->rq_stats.rs_recycled, (unsigned long long)st.tx_frames,
	       (unsigned long long)st.rx_frames, (unsigned long long)st.rx_missed, (unsigned long long)irqs);
	if (tx_done != n || rx_ok != n || rx_bad)
		FAIL("lost or damaged: sent %u done %llu rx_ok %llu bad %llu", n,
		     (unsigned long long)tx_done, (unsigned long long)rx_ok, (unsigned long long)rx_bad);
	teardown();
	return 0;
}

static int run_hostile(uint32_t n, uint32_t seed)
{
	struct nic_devmodel_stats st;

	hostile = 1;
	setup(256, 4096, 4096, 4, seed);
	nic_devmodel_set_hostile(dm, NIC_DM_ALL_FAULTS, 8);
	flow(n);
	nic_devmodel_set_hostile(dm, 0, 0);
	flow(0);			/* let what is in flight finish on a healthy device */
	nic_devmodel_get_stats(dm, &st);
	printf("mode=hostile driver=%s seed=%u sent=%llu done=%llu rx_ok=%llu rx_bad=%llu rs_drops=%llu "
	       "rs_errors=%llu rs_hw_bogus=%llu ts_hw_bogus=%llu dm_faults=%llu irqs_dropped=%llu\n",
	       nic_devmodel_driver(), seed, (unsigned long long)tx_sent, (unsigned long long)tx_done,
	       (unsigned long long)rx_ok, (unsigned long long)rx_bad,
	       (unsigned long long)rxq->rq_stats.rs_drops, (unsigned long long)rxq->rq_stats.rs_errors,
	       (unsigned long long)rxq->rq_stats.rs_hw_bogus, (unsigned long long)txq->tq_stats.ts_hw_bogus,
	       (unsigned long long)st.faults, (unsigned long long)st.irqs_dropped);
	if (st.faults < n / 30)
		FAIL("the model injected only %llu faults", (unsigned long long)st.faults);
	if (st.irqs_dropped == 0)
		FAIL("no interrupt was dropped: the watchdog path is untested");
	if (tx_done != n)
		FAIL("TX: %u sent, %llu completed", n, (unsigned long long)tx_done);
	if (rx_bad)
		FAIL("%llu damaged packets handed up", (unsigned long long)rx_bad);
	if (rx_ok + rxq->rq_stats.rs_drops < (uint64_t)n * 5 / 6)
		FAIL("only %llu of %u packets delivered or counted as dropped", (unsigned long long)rx_ok, n);
	teardown();			/* no leaked memory or buffer despite the faults */
	return 0;
}

/* ---- bench: the ring path, 64-byte frames ---- */

#define FRAME64		60	/* + 4 bytes FCS the device adds = a 64-byte frame on the wire */

static uint8_t bframe[FRAME64];
static struct nic_packet bpk[BURST];
static struct nic_packet *bpp[BURST];
static uint64_t b_tx, b_rx, b_done, b_badlen;

/* one iteration: TX burst (one doorbell; the model loops the frames back at the tail write),
 * TX completion, RX poll with refill, the "stack" giving each buffer back */
static inline void bench_iter(void)
{
	struct nic_packet rp[BURST];
	void *ck[BURST * 2];
	uint32_t n, i;

	b_tx += nic_tx_burst(txq, bpp, BURST);
	b_done += nic_tx_complete(txq, ck, BURST * 2);
	n = nic_rx_poll(rxq, rp, BURST);
	for (i = 0; i < n; i++) {
		if (rp[i].np_len != FRAME64)
			b_badlen++;
		nic_dm_buf_up(os, rp[i].np_segs[0].ns_cookie);
		nic_dm_buf_release(os, rp[i].np_segs[0].ns_cookie);
	}
	b_rx += n;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int run_bench(uint32_t ms, uint32_t rounds)
{
	static uint64_t ns_per_kpkt[1024];
	struct nic_devmodel_stats st;
	uint32_t i, r;

	make_frame(bframe, 0, FRAME64);
	for (i = 0; i < BURST; i++) {
		memset(&bpk[i], 0, sizeof(bpk[i]));
		bpk[i].np_nsegs = 1;
		bpk[i].np_segs[0].ns_va = bframe;
		bpk[i].np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)bframe;
		bpk[i].np_segs[0].ns_len = FRAME64;
		bpk[i].np_len = FRAME64;
		bpk[i].np_cookie = bframe;
		bpp[i] = &bpk[i];
	}
	/* 256-slot rings (e1000's default; virtio-mmio queues of the model hold 256), a report
	 * every 32 packets (one per burst), 2048 buffers */
	setup(256, 2048, 0, BURST, 1);
	if (ms == 0) {			/* fixed work for callgrind */
		while (b_rx < rounds)
			bench_iter();
		r = 0;
	} else {
		if (rounds > 1024)
			rounds = 1024;
		for (i = 0; i < 2000; i++)	/* warm up: caches, pool, branch predictors */
			bench_iter();
		for (r = 0; r < rounds; r++) {
			uint64_t t0 = now_ns(), t1, rx0 = b_rx, end = t0 + (uint64_t)ms * 1000000ull;

			do {
				for (i = 0; i < 16; i++)
					bench_iter();
				t1 = now_ns();
			} while (t1 < end);
			ns_per_kpkt[r] = (t1 - t0) * 1000ull / (b_rx - rx0 ? b_rx - rx0 : 1);
		}
		qsort(ns_per_kpkt, rounds, sizeof(ns_per_kpkt[0]), cmp_u64);
	}
	for (i = 0; i < 64; i++)	/* drain what is in flight */
		bench_iter();
	nic_devmodel_get_stats(dm, &st);
	/* every frame sent is completed, and received or counted missed by the model */
	if (b_badlen || b_rx == 0 || b_done != b_tx || b_rx + st.rx_missed != b_tx)
		FAIL("bench: tx %llu done %llu rx %llu missed %llu badlen %llu", (unsigned long long)b_tx,
		     (unsigned long long)b_done, (unsigned long long)b_rx, (unsigned long long)st.rx_missed,
		     (unsigned long long)b_badlen);
	printf("mode=bench driver=%s frame=64 burst=%d packets=%llu rx=%llu missed=%llu",
	       nic_devmodel_driver(), BURST, (unsigned long long)b_tx, (unsigned long long)b_rx,
	       (unsigned long long)st.rx_missed);
	if (ms)
		printf(" rounds=%u best_ps=%llu median_ps=%llu worst_ps=%llu", rounds,
		       (unsigned long long)ns_per_kpkt[0], (unsigned long long)ns_per_kpkt[rounds / 2],
		       (unsigned long long)ns_per_kpkt[rounds - 1]);
	printf("\n");
	teardown();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		FAIL("usage: %s smoke|stress N | hostile N [SEED] | bench MS ROUNDS", argv[0]);
	if (strcmp(argv[1], "smoke") == 0)
		return run_checked("smoke", (uint32_t)strtoul(argv[2], NULL, 0), 0);
	if (strcmp(argv[1], "stress") == 0)
		return run_checked("stress", (uint32_t)strtoul(argv[2], NULL, 0), 1);
	if (strcmp(argv[1], "hostile") == 0)
		return run_hostile((uint32_t)strtoul(argv[2], NULL, 0), argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 0) : 7);
	if (strcmp(argv[1], "bench") == 0 && argc > 3)
		return run_bench((uint32_t)strtoul(argv[2], NULL, 0), (uint32_t)strtoul(argv[3], NULL, 0));
	FAIL("unknown mode %s", argv[1]);
}
