/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport core benchmarks, side by side with DPDK 22.11 in one binary (same
 * compiler, same flags: DPDK's functions used here are header inlines):
 *   toeplitz  -- nic_rss_hash_ip4_l4 / _ip6_l4 vs rte_softrss and rte_thash_gfni
 *   csum      -- nic_csum_partial vs rte_raw_cksum at 64 / 1500 / 9000 bytes
 *   ring      -- TX submit + completion, RX poll + refill with buffer recycling,
 *                64-byte frames through the loopback hw layer, one core
 * Every result is one JSON object per line on stdout (benchmarks/core_bench.py
 * prints the table).  Build with -DNIC_BENCH_NO_DPDK for the ring-only
 * callgrind build.
 */
#define _POSIX_C_SOURCE 200809L
#define ALLOW_EXPERIMENTAL_API 1
#include "nic_core.h"
#include "osdep_user/nic_osdep_user.h"
#include "osdep_user/nic_loopback_hw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NIC_BENCH_NO_DPDK
#include <rte_ip.h>
#include <rte_thash.h>
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint32_t sink;

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

#define NT 1024

/* ------------------------------------------------------------ Toeplitz */
struct tuple4 { uint8_t src[4], dst[4]; uint16_t sport, dport; };
struct tuple6 { uint8_t src[16], dst[16]; uint16_t sport, dport; };

static struct tuple4 t4[NT];
static struct tuple6 t6[NT];
static uint8_t t4b[NT][12], t6b[NT][36];        /* wire order */
static uint32_t t4w[NT][3], t6w[NT][9];         /* host-order words (rte_softrss input) */

static void mk_tuples(void)
{
	int i, k;

	for (i = 0; i < NT; i++) {
		for (k = 0; k < 4; k++) {
			t4[i].src[k] = (uint8_t)rnd32();
			t4[i].dst[k] = (uint8_t)rnd32();
		}
		for (k = 0; k < 16; k++) {
			t6[i].src[k] = (uint8_t)rnd32();
			t6[i].dst[k] = (uint8_t)rnd32();
		}
		t4[i].sport = t6[i].sport = (uint16_t)rnd32();
		t4[i].dport = t6[i].dport = (uint16_t)rnd32();
		memcpy(t4b[i], t4[i].src, 4);
		memcpy(t4b[i] + 4, t4[i].dst, 4);
		nic_put_be16(t4b[i] + 8, t4[i].sport);
		nic_put_be16(t4b[i] + 10, t4[i].dport);
		memcpy(t6b[i], t6[i].src, 16);
		memcpy(t6b[i] + 16, t6[i].dst, 16);
		nic_put_be16(t6b[i] + 32, t6[i].sport);
		nic_put_be16(t6b[i] + 34, t6[i].dport);
		for (k = 0; k < 3; k++)
			t4w[i][k] = nic_get_be32(t4b[i] + 4 * k);
		for (k = 0; k < 9; k++)
			t6w[i][k] = nic_get_be32(t6b[i] + 4 * k);
	}
}

/*
 * The machine is shared and noisy: every implementation runs in short rounds,
 * interleaved with the others, and the best round counts (the usual practice
 * for throughput on a busy host; the median is printed too).
 */
#define ROUNDS_MAX 512
struct result {
	const char *impl;
	double best, med;
	double r[ROUNDS_MAX];
	int n;
};

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void res_add(struct result *r, double v)
{
	if (r->n < ROUNDS_MAX)
		r->r[r->n++] = v;
	if (v > r->best)
		r->best = v;
}

static void res_done(struct result *r)
{
	qsort(r->r, (size_t)r->n, sizeof(double), cmp_d);
	r->med = r->n ? r->r[r->n / 2] : 0;
}

#define HASH_ROUND(res, body)                                                    \
	do {                                                                      \
		uint32_t acc = 0;                                                 \
		double t0 = now();                                                \
		long it;                                                          \
		for (it = 0; it < per_round; it++) {                              \
			int i_ = (int)(it & (NT - 1));                            \
			acc ^= (body);                                            \
		}                                                                 \
		res_add((res), (double)per_round / (now() - t0) / 1e6);           \
		sink = acc;                                                       \
	} while (0)

static void bench_toeplitz(long iters)
{
	static struct nic_rss_table tab;
	int i;
#ifndef NIC_BENCH_NO_DPDK
	static uint64_t mtrx[NIC_RSS_KEY_LEN];
	int have_gfni = 0;
#endif

	mk_tuples();
	nic_rss_table_init(&tab, nic_rss_default_key);
#ifndef NIC_BENCH_NO_DPDK
	rte_thash_complete_matrix(mtrx, nic_rss_default_key, NIC_RSS_KEY_LEN);
	/* rte_thash_gfni_supported() reports how the DPDK library was built
	 * (-march=corei7 on Debian: no); the inline itself only needs the CPU. */
	have_gfni = __builtin_cpu_supports("gfni") && __builtin_cpu_supports("avx512f");
	(void)have_gfni;  /* used only when the header has the GFNI inline */
#endif
	/* all implementations agree before anything is timed */
	for (i = 0; i < NT; i++) {
		uint32_t ref4 = nic_toeplitz_ref(nic_rss_default_key, 40, t4b[i], 12);
		uint32_t ref6 = nic_toeplitz_ref(nic_rss_default_key, 40, t6b[i], 36);

		if (nic_rss_hash_ip4_l4(&tab, t4[i].src, t4[i].dst, t4[i].sport, t4[i].dport) != ref4 ||
		    nic_rss_hash_ip6_l4(&tab, t6[i].src, t6[i].dst, t6[i].sport, t6[i].dport) != ref6 ||
		    nic_rss_hash(&tab, t4b[i], 12) != ref4) {
			fprintf(stderr, "nic toeplitz mismatch\n");
			exit(1);
		}
#ifndef NIC_BENCH_NO_DPDK
		if (rte_softrss(t4w[i], 3, nic_rss_default_key) != ref4 ||
		    rte_softrss(t6w[i], 9, nic_rss_default_key) != ref6) {
			fprintf(stderr, "rte_softrss mismatch\n");
			exit(1);
		}
#ifdef RTE_THASH_GFNI_DEFINED
		if (have_gfni && (rte_thash_gfni(mtrx, t4b[i], 12) != ref4 ||
				  rte_thash_gfni(mtrx, t6b[i], 36) != ref6)) {
			fprintf(stderr, "rte_thash_gfni mismatch\n");
			exit(1);
		}
#endif
#endif
	}
	{
		static struct result res[6] = {
			{ .impl = "nic_ipv4_l4" }, { .impl = "nic_ipv6_l4" },
			{ .impl = "rte_softrss_ipv4_l4" }, { .impl = "rte_softrss_ipv6_l4" },
			{ .impl = "rte_thash_gfni_ipv4_l4" }, { .impl = "rte_thash_gfni_ipv6_l4" },
		};
		long per_round = 16 * NT;
		long rounds = iters / per_round + 1, rr;
		int k, nimpl = 2;

		for (rr = 0; rr < rounds && rr < ROUNDS_MAX; rr++) {
			HASH_ROUND(&res[0], nic_rss_hash_ip4_l4(&tab, t4[i_].src, t4[i_].dst,
								t4[i_].sport, t4[i_].dport));
			HASH_ROUND(&res[1], nic_rss_hash_ip6_l4(&tab, t6[i_].src, t6[i_].dst,
								t6[i_].sport, t6[i_].dport));
#ifndef NIC_BENCH_NO_DPDK
			nimpl = 4;
			HASH_ROUND(&res[2], rte_softrss(t4w[i_], 3, nic_rss_default_key));
			HASH_ROUND(&res[3], rte_softrss(t6w[i_], 9, nic_rss_default_key));
#ifdef RTE_THASH_GFNI_DEFINED
			if (have_gfni) {
				nimpl = 6;
				HASH_ROUND(&res[4], rte_thash_gfni(mtrx, t4b[i_], 12));
				HASH_ROUND(&res[5], rte_thash_gfni(mtrx, t6b[i_], 36));
			}
#endif
#endif
		}
		for (k = 0; k < nimpl; k++) {
			res_done(&res[k]);
			printf("{\"bench\":\"toeplitz\",\"impl\":\"%s\",\"mhash_s\":%.2f,"
			       "\"median\":%.2f,\"rounds\":%d}\n",
			       res[k].impl, res[k].best, res[k].med, res[k].n);
		}
	}
}

/* ------------------------------------------------------------ checksum */
#define CSUM_ROUND(res, expr)                                                    \
	do {                                                                      \
		uint32_t acc = 0;                                                 \
		double t0 = now();                                                \
		long k;                                                           \
		for (k = 0; k < per_round; k++) {                                 \
			__asm__ volatile("" : : "r"(buf) : "memory");             \
			acc += (expr);                                            \
		}                                                                 \
		res_add((res), (double)per_round * (double)len / (now() - t0) / 1e9); \
		sink = acc;                                                       \
	} while (0)

static void bench_csum(int rounds)
{
	static const size_t sizes[] = { 64, 1500, 9000 };
	static uint8_t buf[9000 + 64] __attribute__((aligned(64)));
	size_t s, i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rnd32();
	for (s = 0; s < 3; s++) {
		volatile size_t vlen = sizes[s];  /* not a compile-time constant for anyone */
		size_t len = vlen;
		long per_round = (long)(200000 / len) + 10;
		static struct result res[3];
		int r, k, nimpl = 2;
		uint16_t ours = nic_csum_fold(nic_csum_partial(buf, len, 0));

		memset(res, 0, sizeof(res));
		res[0].impl = "nic_csum_partial";
		res[1].impl = "nic_csum16_inline";
		res[2].impl = "rte_raw_cksum";
#ifndef NIC_BENCH_NO_DPDK
		{
			uint16_t theirs = rte_raw_cksum(buf, len);

			theirs = (uint16_t)(theirs << 8 | theirs >> 8); /* native-order words */
			if (ours != theirs) {
				fprintf(stderr, "checksum mismatch %04x %04x\n", ours, theirs);
				exit(1);
			}
		}
		nimpl = 3;
#endif
		for (r = 0; r < rounds && r < ROUNDS_MAX; r++) {
			CSUM_ROUND(&res[0], nic_csum_fold(nic_csum_partial(buf, len, 0)));
			CSUM_ROUND(&res[1], nic_csum16_inline(buf, len));
#ifndef NIC_BENCH_NO_DPDK
			CSUM_ROUND(&res[2], rte_raw_cksum(buf, len));
#endif
		}
		for (k = 0; k < nimpl; k++) {
			res_done(&res[k]);
			printf("{\"bench\":\"csum\",\"impl\":\"%s\",\"bytes\":%zu,\"gb_s\":%.2f,"
			       "\"median\":%.2f,\"rounds\":%d}\n",
			       res[k].impl, len, res[k].best, res[k].med, res[k].n);
		}
		(void)ours;
	}
}

/* ------------------------------------------------------------ ring */
#define BURST 32

/* one iteration of the loop: what a run-to-completion core does per burst */
__attribute__((noinline)) static uint32_t ring_iter(struct nic_txq *tq, struct nic_rxq *rq, struct nic_lb_hw *hw,
				 struct nic_os *os, struct nic_packet **ptrs, struct nic_packet *rxp,
				 long *sent, int submit)
{
	void *ck[BURST];
	uint32_t k, got;

	if (submit)
		*sent += nic_tx_burst(tq, ptrs, BURST);   /* TX submit, one doorbell */
	nic_lb_run(hw, 0, BURST);                         /* the loopback "device" */
	(void)nic_tx_complete(tq, ck, BURST);             /* TX completion + reclaim */
	got = nic_rx_poll(rq, rxp, BURST);                /* RX poll + refill */
	for (k = 0; k < got; k++)                         /* the stack is done: recycle */
		nic_user_buf_release(os, rxp[k].np_segs[0].ns_cookie);
	return got;
}

static void bench_ring(int rounds, long per_round, int head_wb)
{
	static uint8_t frames[BURST][64];
	static struct nic_packet txp[BURST];
	static struct nic_packet rxp[BURST];
	struct nic_packet *ptrs[BURST];
	static struct result res;
	struct nic_lb_hw hw;
	struct nic_dev dev;
	struct nic_txq *tq;
	struct nic_rxq *rq;
	struct nic_txq_conf tc;
	struct nic_rxq_conf rc;
	struct nic_os *os = nic_user_os_create(2048, 2048);
	long done = 0, sent = 0;
	int i, r;

	memset(&res, 0, sizeof(res));
	memset(&hw, 0, sizeof(hw));
	nic_dev_init(&dev, os, head_wb ? &nic_lb_ops_head_wb : &nic_lb_ops, &hw);
	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = 1024;
	tc.tc_db_batch = BURST;
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = 1024;
	rc.rc_buf_size = 2048;
	rc.rc_refill_batch = BURST;
	if (nic_txq_create(&dev, &tc, &tq) || nic_rxq_create(&dev, &rc, &rq)) {
		fprintf(stderr, "queue create failed\n");
		exit(1);
	}
	for (i = 0; i < BURST; i++) {
		memset(frames[i], i, 64);
		nic_packet_init(&txp[i]);
		txp[i].np_nsegs = 1;
		txp[i].np_segs[0].ns_va = frames[i];
		txp[i].np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)frames[i];
		txp[i].np_segs[0].ns_len = 64;
		txp[i].np_len = 64;
		txp[i].np_cookie = &txp[i];
		ptrs[i] = &txp[i];
	}
	for (r = 0; r < rounds && r < ROUNDS_MAX; r++) {
		long n = 0;
		double t0 = now();

		while (n < per_round)
			n += ring_iter(tq, rq, &hw, os, ptrs, rxp, &sent, 1);
		res_add(&res, (double)n / (now() - t0) / 1e6);
		done += n;
	}
	while (done < sent)   /* drain what is still in flight */
		done += ring_iter(tq, rq, &hw, os, ptrs, rxp, &sent, 0);
	if (sent != done || rq->rq_stats.rs_packets != (uint64_t)done ||
	    tq->tq_stats.ts_packets != (uint64_t)sent) {
		fprintf(stderr, "lost packets: sent %ld received %ld\n", sent, done);
		exit(1);
	}
	res_done(&res);
	printf("{\"bench\":\"ring\",\"completion\":\"%s\",\"packets\":%ld,\"mpps\":%.2f,"
	       "\"median\":%.2f,\"rounds\":%d,\"tx_doorbells\":%lu,\"rx_doorbells\":%lu}\n",
	       head_wb ? "head_wb" : "dd", done, res.best, res.med, res.n,
	       (unsigned long)tq->tq_stats.ts_doorbells, (unsigned long)rq->rq_stats.rs_doorbells);
	nic_txq_destroy(tq);
	nic_rxq_destroy(rq);
	nic_user_os_destroy(os);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	double scale = argc > 2 ? atof(argv[2]) : 1.0;
	int rounds = (int)(40 * scale) + 1;

	if (!strcmp(what, "all") || !strcmp(what, "toeplitz"))
		bench_toeplitz((long)(rounds * 16 * NT));
	if (!strcmp(what, "all") || !strcmp(what, "csum"))
		bench_csum(rounds * 5);
	if (!strcmp(what, "all") || !strcmp(what, "ring")) {
		bench_ring(rounds, 200000, 0);
		bench_ring(rounds, 200000, 1);
	}
	if (!strcmp(what, "ring_callgrind"))   /* fixed work for valgrind: 1 round */
		bench_ring(1, (long)(scale > 0 ? scale : 1) * 100000, 0);
	return 0;
}
