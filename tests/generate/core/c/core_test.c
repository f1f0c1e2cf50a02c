/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test driver for the nicport core: reads one command per line on stdin,
 * answers one line per command on stdout (pytest drives it, see
 * tests/generate/core/).  Built with gcc and with clang + ASan + UBSan.
 */
#define _POSIX_C_SOURCE 200809L
#include "nic_core.h"
#include "osdep_user/nic_osdep_user.h"
#include "osdep_user/nic_loopback_hw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF 300000

static uint8_t frame[MAXF];
static uint8_t outbuf[MAXF * 2];

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static uint32_t unhex(const char *s, uint8_t *out, uint32_t cap)
{
	uint32_t n = 0;

	while (n < cap) {
		int hi = hexval(s[0]), lo;

		if (hi < 0)
			break;
		lo = hexval(s[1]);
		if (lo < 0)
			break;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return n;
}

static void puthex(const uint8_t *p, uint32_t n)
{
	static const char hx[] = "0123456789abcdef";
	uint32_t i;

	for (i = 0; i < n; i++) {
		putchar(hx[p[i] >> 4]);
		putchar(hx[p[i] & 15]);
	}
}

/* split frame into segments at the comma-separated cut offsets ("-" = none);
 * each segment gets its own heap copy so ASan sees segment bounds */
static void build_pkt(struct nic_packet *p, const uint8_t *f, uint32_t len, const char *cuts)
{
	uint32_t start = 0;

	nic_packet_init(p);
	p->np_len = len;
	while (1) {
		uint32_t end = len;
		struct nic_seg *s;

		if (cuts && *cuts && *cuts != '-') {
			end = (uint32_t)strtoul(cuts, (char **)&cuts, 10);
			if (*cuts == ',')
				cuts++;
			if (end <= start || end > len)
				continue;
		}
		s = &p->np_segs[p->np_nsegs++];
		s->ns_len = end - start;
		s->ns_va = malloc(s->ns_len ? s->ns_len : 1);
		memcpy(s->ns_va, f + start, s->ns_len);
		s->ns_dma = (nic_dma_addr_t)(uintptr_t)s->ns_va;
		start = end;
		if (end == len || p->np_nsegs == NIC_PKT_MAX_SEGS)
			break;
	}
	p->np_len = start;
}

static void free_pkt(struct nic_packet *p)
{
	uint16_t i;

	for (i = 0; i < p->np_nsegs; i++)
		free(p->np_segs[i].ns_va);
}

static uint32_t linearize(const struct nic_packet *p, uint8_t *out)
{
	return nic_pkt_copy_out(p, 0, out, p->np_len);
}

/* ---------------- LRO ---------------- */
static struct nic_lro lro;
static struct nic_os *lro_os;

static void lro_deliver(void *ctx, struct nic_packet *p)
{
	uint32_t n;
	uint16_t i;

	(void)ctx;
	n = linearize(p, outbuf);
	printf(" D:%u:%u:%x:", p->np_mss, p->np_nsegs, p->np_ol_flags);
	puthex(outbuf, n);
	for (i = 0; i < p->np_nsegs; i++)
		nic_user_buf_release(lro_os, p->np_segs[i].ns_cookie);
}

/* packets given to LRO live in pool buffers so every buffer is accounted */
static int lro_offer(uint32_t ol, const uint8_t *f, uint32_t len)
{
	struct nic_packet p;
	struct nic_buf b;
	uint32_t off = 0;

	nic_packet_init(&p);
	while (off < len || p.np_nsegs == 0) {
		uint32_t n;

		if (nic_os_rxbuf_alloc(lro_os, 0, 700, &b) != 0)
			return -1;
		n = len - off < 700 ? len - off : 700;
		memcpy(b.nb_va, f + off, n);
		p.np_segs[p.np_nsegs].ns_va = b.nb_va;
		p.np_segs[p.np_nsegs].ns_dma = b.nb_dma;
		p.np_segs[p.np_nsegs].ns_cookie = b.nb_cookie;
		p.np_segs[p.np_nsegs].ns_len = n;
		p.np_nsegs++;
		off += n;
		if (n == 0)
			break;
	}
	p.np_len = len;
	p.np_ol_flags = ol;
	if (nic_lro_rx(&lro, &p) == NIC_LRO_PASS) {
		uint16_t i;

		printf(" PASS");
		for (i = 0; i < p.np_nsegs; i++)
			nic_user_buf_release(lro_os, p.np_segs[i].ns_cookie);
	} else {
		printf(" HELD");
	}
	return 0;
}

/* ---------------- ring ---------------- */
struct ring_ctx {
	struct nic_os *os;
	struct nic_lb_hw hw;
	struct nic_dev dev;
	struct nic_txq *txq;
	struct nic_rxq *rxq;
	uint32_t next_id;
	void *up[4096];          /* cookies handed up, not yet released */
	uint32_t nup;
	struct nic_packet *txpkts; /* in flight: cookie -> packet */
};
static struct ring_ctx R;

struct txp {
	struct nic_packet p;
	uint32_t id;
};

static void ring_init(char *args)
{
	unsigned ntx, nrx, bufsz, npool, db, rs, headwb, rb;
	struct nic_txq_conf tc;
	struct nic_rxq_conf rc;

	sscanf(args, "%u %u %u %u %u %u %u %u", &ntx, &nrx, &bufsz, &npool, &db, &rs, &headwb, &rb);
	memset(&R, 0, sizeof(R));
	R.os = nic_user_os_create(npool, bufsz);
	nic_dev_init(&R.dev, R.os, headwb ? &nic_lb_ops_head_wb : &nic_lb_ops, &R.hw);
	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = ntx;
	tc.tc_db_batch = db;
	tc.tc_rs_interval = rs;
	tc.tc_flags = NIC_Q_LOCKED;
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = nrx;
	rc.rc_buf_size = bufsz;
	rc.rc_refill_batch = rb;
	printf("init %d %d", nic_txq_create(&R.dev, &tc, &R.txq), nic_rxq_create(&R.dev, &rc, &R.rxq));
	printf(" posted=%u pool=%u", R.rxq ? R.rxq->rq_posted : 0, R.os->nfree);
}

static void ring_tx(char *args)
{
	unsigned n, nsegs, seglen, more, i, s, k;

	sscanf(args, "%u %u %u %u", &n, &nsegs, &seglen, &more);
	printf("tx");
	for (i = 0; i < n; i++) {
		struct txp *t = calloc(1, sizeof(*t));
		int rc;

		t->id = R.next_id;
		nic_packet_init(&t->p);
		for (s = 0; s < nsegs; s++) {
			struct nic_seg *sg = &t->p.np_segs[s];

			sg->ns_va = malloc(seglen);
			for (k = 0; k < seglen; k++)
				sg->ns_va[k] = (uint8_t)(t->id * 7 + s * seglen + k);
			if (s == 0 && seglen >= 4)
				memcpy(sg->ns_va, &t->id, 4);  /* id in the first 4 bytes */
			sg->ns_dma = (nic_dma_addr_t)(uintptr_t)sg->ns_va;
			sg->ns_len = seglen;
		}
		t->p.np_nsegs = (uint16_t)nsegs;
		t->p.np_len = nsegs * seglen;
		t->p.np_cookie = t;
		rc = nic_tx_submit(R.txq, &t->p, more ? NIC_TX_MORE : 0);
		if (rc == 0) {
			R.next_id++;
		} else {
			for (s = 0; s < nsegs; s++)
				free(t->p.np_segs[s].ns_va);
			free(t);
		}
		printf(" %d", rc);
	}
}

static void ring_txb(char *args)
{
	unsigned n, nsegs, seglen, i, s, k;
	struct nic_packet *pp[512];
	struct txp *tp[512];
	uint32_t got;

	sscanf(args, "%u %u %u", &n, &nsegs, &seglen);
	if (n > 512)
		n = 512;
	for (i = 0; i < n; i++) {
		struct txp *t = calloc(1, sizeof(*t));

		t->id = R.next_id + i;
		nic_packet_init(&t->p);
		for (s = 0; s < nsegs; s++) {
			struct nic_seg *sg = &t->p.np_segs[s];

			sg->ns_va = malloc(seglen);
			for (k = 0; k < seglen; k++)
				sg->ns_va[k] = (uint8_t)(t->id * 7 + s * seglen + k);
			if (s == 0 && seglen >= 4)
				memcpy(sg->ns_va, &t->id, 4);
			sg->ns_dma = (nic_dma_addr_t)(uintptr_t)sg->ns_va;
			sg->ns_len = seglen;
		}
		t->p.np_nsegs = (uint16_t)nsegs;
		t->p.np_len = nsegs * seglen;
		t->p.np_cookie = t;
		tp[i] = t;
		pp[i] = &t->p;
	}
	got = nic_tx_burst(R.txq, pp, n);
	R.next_id += got;
	for (i = got; i < n; i++) {
		for (s = 0; s < nsegs; s++)
			free(tp[i]->p.np_segs[s].ns_va);
		free(tp[i]);
	}
	printf("txb %u", got);
}

static void ring_txc(char *args)
{
	unsigned max, i, s;
	void *ck[4096];
	uint32_t n;

	sscanf(args, "%u", &max);
	n = nic_tx_complete(R.txq, ck, max);
	printf("txc");
	for (i = 0; i < n; i++) {
		struct txp *t = ck[i];

		printf(" %u", t->id);
		for (s = 0; s < t->p.np_nsegs; s++)
			free(t->p.np_segs[s].ns_va);
		free(t);
	}
}

static void ring_rx(char *args)
{
	static struct nic_packet pk[512];
	unsigned budget, i;
	uint32_t n;

	sscanf(args, "%u", &budget);
	if (budget > 512)
		budget = 512;
	n = nic_rx_poll(R.rxq, pk, budget);
	printf("rx");
	for (i = 0; i < n; i++) {
		uint32_t id, len = linearize(&pk[i], outbuf), k, bad = 0;
		uint16_t s;

		memcpy(&id, outbuf, 4);
		for (k = 4; k < len; k++)
			if (outbuf[k] != (uint8_t)(id * 7 + k))
				bad++;
		printf(" %u:%u:%u%s", id, len, pk[i].np_nsegs, bad ? ":BAD" : "");
		for (s = 0; s < pk[i].np_nsegs; s++)
			R.up[R.nup++] = pk[i].np_segs[s].ns_cookie;
	}
}

static void ring_state(void)
{
	printf("state txavail=%u txpidx=%u txcidx=%u posted=%u pool=%u up=%u core=%u "
	       "ring_full=%lu doorbells=%lu rxpkts=%lu allocfail=%lu",
	       nic_tx_avail(R.txq), R.txq->tq_pidx, R.txq->tq_cidx, R.rxq->rq_posted, R.os->nfree,
	       R.nup, nic_user_count(R.os, NIC_UBUF_CORE),
	       (unsigned long)R.txq->tq_stats.ts_ring_full,
	       (unsigned long)R.txq->tq_stats.ts_doorbells,
	       (unsigned long)R.rxq->rq_stats.rs_packets,
	       (unsigned long)R.rxq->rq_stats.rs_alloc_fail);
}

static void ring_fini(void)
{
	void *ck[64];
	uint32_t n, i, s;

	while ((n = nic_txq_drain(R.txq, ck, 64)) > 0)
		for (i = 0; i < n; i++) {
			struct txp *t = ck[i];

			for (s = 0; s < t->p.np_nsegs; s++)
				free(t->p.np_segs[s].ns_va);
			free(t);
		}
	nic_txq_destroy(R.txq);
	nic_rxq_destroy(R.rxq);
	for (i = 0; i < R.nup; i++)
		nic_user_buf_release(R.os, R.up[i]);
	printf("fini pool=%u nbufs=%u core=%u bytes_live=%lu coherent_live=%lu",
	       R.os->nfree, R.os->nbufs, nic_user_count(R.os, NIC_UBUF_CORE),
	       (unsigned long)R.os->bytes_live, (unsigned long)R.os->ncoherent_live);
	nic_user_os_destroy(R.os);
}

/* ---------------- multi-queue + RSS ---------------- */
#define MQ_N 4
static struct {
	struct nic_os *os;
	struct nic_lb_hw hw;
	struct nic_dev dev;
	struct nic_rss rss;
	struct nic_txq *tq[MQ_N];
	struct nic_rxq *rq[MQ_N];
} M;

static void mq_init(void)
{
	int q, rc = 0;

	memset(&M, 0, sizeof(M));
	M.os = nic_user_os_create(1024, 2048);
	nic_dev_init(&M.dev, M.os, &nic_lb_ops, &M.hw);
	nic_rss_configure(&M.rss, NULL, NIC_RSS_F_IPV4 | NIC_RSS_F_TCP_IPV4 | NIC_RSS_F_UDP_IPV4 |
			  NIC_RSS_F_IPV6 | NIC_RSS_F_TCP_IPV6 | NIC_RSS_F_UDP_IPV6, 128, MQ_N);
	rc |= nic_dev_rss_setup(&M.dev, &M.rss);
	for (q = 0; q < MQ_N; q++) {
		struct nic_txq_conf tc;
		struct nic_rxq_conf rcf;

		memset(&tc, 0, sizeof(tc));
		tc.tc_qid = (uint16_t)q;
		tc.tc_ndesc = 64;
		memset(&rcf, 0, sizeof(rcf));
		rcf.rc_qid = (uint16_t)q;
		rcf.rc_ndesc = 64;
		rcf.rc_buf_size = 2048;
		rcf.rc_flags = NIC_RXQ_SW_HASH;
		rc |= nic_txq_create(&M.dev, &tc, &M.tq[q]);
		rc |= nic_rxq_create(&M.dev, &rcf, &M.rq[q]);
	}
	printf("mq_init %d ntxq=%u nrxq=%u", rc, M.dev.nd_ntxq, M.dev.nd_nrxq);
}

/* the optional hooks: RSS programming, RX features, MSI-X map, hw-layer bogus counts */
static void mq_hooks(void)
{
	struct nic_txq_stats ts;
	struct nic_rxq_stats rs;
	uint32_t i, reta_ok = 1;
	int feat, map, badmap;

	feat = nic_dev_rx_features(&M.dev, NIC_RXF_VLAN_STRIP | NIC_RXF_HASH);
	map = nic_intr_map(&M.dev, 3, 0x5, 0xa, NIC_INTR_LINK);
	badmap = nic_intr_map(&M.dev, 9, 1, 1, 0);
	for (i = 0; i < M.rss.rss_reta_size; i++)
		reta_ok &= M.hw.rss_reta[i] == M.rss.rss_reta[i];
	M.hw.bogus[0][1] = 3;
	M.hw.bogus[1][2] = 5;
	nic_txq_stats_get(M.tq[1], &ts);
	nic_rxq_stats_get(M.rq[2], &rs);
	printf("mq_hooks reta=%u/%u key=%02x%02x types=%x feat=%d/%x map=%d/%llx/%llx/%x "
	       "badmap=%d txbogus=%lu rxbogus=%lu",
	       M.hw.rss_reta_size, reta_ok, M.hw.rss_key[0], M.hw.rss_key[39], M.hw.rss_types,
	       feat, M.hw.rx_features, map,
	       (unsigned long long)M.hw.vec_rx[3], (unsigned long long)M.hw.vec_tx[3],
	       M.hw.vec_misc[3], badmap,
	       (unsigned long)ts.ts_hw_bogus, (unsigned long)rs.rs_hw_bogus);
}

/* mq_tx hex: the queue is chosen by the software RSS hash + RETA, as an
 * adapter would for a flow without a hash from the stack */
static void mq_tx(char *arg)
{
	struct txp *t = calloc(1, sizeof(*t));
	uint32_t len = unhex(arg, frame, MAXF), h;
	uint8_t type;
	uint16_t q;

	h = nic_rss_hash_frame(&M.rss, frame, len, &type);
	q = nic_rss_queue(&M.rss, h);
	build_pkt(&t->p, frame, len, "-");
	t->p.np_cookie = t;
	printf("mq_tx %u %08x %u %d", q, h, type, nic_tx_submit(M.tq[q], &t->p, 0));
}

static void mq_rx(void)
{
	static struct nic_packet pk[64];
	uint64_t rxm = 0, txm = 0;
	uint32_t cause;
	int q;

	for (q = 0; q < MQ_N; q++)
		nic_lb_run(&M.hw, (uint16_t)q, 64);
	cause = nic_intr_cause(&M.dev, &rxm, &txm);
	printf("mq_rx cause=%x rxmask=%llx", cause, (unsigned long long)rxm);
	for (q = 0; q < MQ_N; q++) {
		uint32_t n = nic_rx_poll(M.rq[q], pk, 64), i;
		void *ck[64];
		uint32_t nc = nic_tx_complete(M.tq[q], ck, 64), k;

		for (i = 0; i < n; i++) {
			printf(" %d:%08x:%u:%u", q, pk[i].np_rss_hash, pk[i].np_rss_type,
			       pk[i].np_queue);
			nic_user_buf_release(M.os, pk[i].np_segs[0].ns_cookie);
		}
		for (k = 0; k < nc; k++) {
			free_pkt(&((struct txp *)ck[k])->p);
			free(ck[k]);
		}
	}
}

static void mq_fini(void)
{
	int q;

	for (q = 0; q < MQ_N; q++) {
		nic_txq_destroy(M.tq[q]);
		nic_rxq_destroy(M.rq[q]);
	}
	printf("mq_fini pool=%u/%u bytes_live=%lu", M.os->nfree, M.os->nbufs,
	       (unsigned long)M.os->bytes_live);
	nic_user_os_destroy(M.os);
}

/* ---------------- main loop ---------------- */
int main(void)
{
	static char line[MAXF * 3];
	static struct nic_rss rss;
	static struct nic_rss_table tab;

	nic_rss_table_init(&tab, nic_rss_default_key);
	while (fgets(line, sizeof(line), stdin)) {
		char cmd[32], *arg;
		uint32_t len;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%31s", cmd) != 1)
			continue;
		arg = line + strlen(cmd);
		while (*arg == ' ')
			arg++;
		if (!strcmp(cmd, "toe")) {
			len = unhex(arg, frame, 64);
			printf("%08x %08x", nic_toeplitz_ref(nic_rss_default_key, 40, frame, len),
			       nic_rss_hash(&tab, frame, len));
		} else if (!strcmp(cmd, "toe4")) {  /* toe4 src dst sport dport (hex) */
			uint8_t s[16], d[16];
			unsigned sp, dp;
			char sh[40], dh[40];

			sscanf(arg, "%39s %39s %u %u", sh, dh, &sp, &dp);
			if (unhex(sh, s, 16) == 4) {
				unhex(dh, d, 4);
				printf("%08x %08x", nic_rss_hash_ip4(&tab, s, d),
				       nic_rss_hash_ip4_l4(&tab, s, d, (uint16_t)sp, (uint16_t)dp));
			} else {
				unhex(dh, d, 16);
				printf("%08x %08x", nic_rss_hash_ip6(&tab, s, d),
				       nic_rss_hash_ip6_l4(&tab, s, d, (uint16_t)sp, (uint16_t)dp));
			}
		} else if (!strcmp(cmd, "rssf")) {  /* rssf types hex */
			unsigned types;
			uint8_t type;
			uint32_t h;

			sscanf(arg, "%x", &types);
			arg = strchr(arg, ' ') + 1;
			len = unhex(arg, frame, MAXF);
			nic_rss_configure(&rss, NULL, types, 128, 4);
			h = nic_rss_hash_frame(&rss, frame, len, &type);
			printf("%08x %u %u", h, type, nic_rss_queue(&rss, h));
		} else if (!strcmp(cmd, "sum")) {  /* sum hex [cuts] */
			char hx[MAXF * 2 + 1], cuts[4096] = "-";
			struct nic_packet p;

			sscanf(arg, "%s %4095s", hx, cuts);
			len = unhex(hx, frame, MAXF);
			build_pkt(&p, frame, len, cuts);
			printf("%04x %04x %04x", nic_csum_fold(nic_csum_partial(frame, len, 0)),
			       nic_csum(frame, len), nic_csum_fold(nic_csum_pkt(&p, 0, len, 0)));
			free_pkt(&p);
		} else if (!strcmp(cmd, "upd")) {
			unsigned c, o, n;

			sscanf(arg, "%x %x %x", &c, &o, &n);
			printf("%04x", nic_csum_update16((uint16_t)c, (uint16_t)o, (uint16_t)n));
		} else if (!strcmp(cmd, "verify")) {
			len = unhex(arg, frame, MAXF);
			printf("%x", nic_csum_verify_frame(frame, len));
		} else if (!strcmp(cmd, "prep")) {  /* prep hwcaps olflags mss hex [cuts] */
			unsigned caps, ol, mss;
			char hx[MAXF * 2 + 1], cuts[4096] = "-";
			struct nic_packet p;
			struct nic_offload_req req;
			uint32_t sw = 0;
			int rc;

			sscanf(arg, "%x %x %u %s %4095s", &caps, &ol, &mss, hx, cuts);
			len = unhex(hx, frame, MAXF);
			build_pkt(&p, frame, len, cuts);
			p.np_ol_flags = ol;
			p.np_mss = (uint16_t)mss;
			rc = nic_offload_prepare(&p, caps, &req, &sw);
			if (rc == 0)
				rc = nic_csum_sw_apply(&p, &req, sw);
			printf("%d %x %x %u %u %u %u %u %u %u %u %u %u ", rc, req.or_flags, sw,
			       req.or_l2_len, req.or_l3_len, req.or_l4_len, req.or_hdr_len,
			       req.or_ipcso, req.or_csum_start, req.or_csum_offset, req.or_mss,
			       req.or_paylen, req.or_l3_type);
			len = linearize(&p, outbuf);
			puthex(outbuf, len);
			free_pkt(&p);
		} else if (!strcmp(cmd, "tso")) {  /* tso mss hex [cuts] */
			unsigned mss;
			char hx[MAXF * 2 + 1], cuts[4096] = "-";
			struct nic_packet p;
			struct nic_offload_req req;
			static struct nic_tso_frame fr[4096];
			int n, i;

			sscanf(arg, "%u %s %4095s", &mss, hx, cuts);
			len = unhex(hx, frame, MAXF);
			build_pkt(&p, frame, len, cuts);
			memset(&req, 0, sizeof(req));
			req.or_mss = (uint16_t)mss;
			n = nic_tso_segment(&p, &req, outbuf, sizeof(outbuf), fr, 4096);
			printf("%d", n);
			for (i = 0; i < n; i++) {
				putchar(' ');
				puthex(outbuf + fr[i].tf_off, fr[i].tf_len);
			}
			free_pkt(&p);
		} else if (!strcmp(cmd, "vins")) {
			unsigned tpid, tci;
			char hx[MAXF * 2 + 1];
			int n;

			sscanf(arg, "%x %x %s", &tpid, &tci, hx);
			len = unhex(hx, frame, MAXF - 4);
			n = nic_vlan_insert(frame, len, MAXF, (uint16_t)tpid, (uint16_t)tci);
			printf("%d ", n);
			if (n > 0)
				puthex(frame, (uint32_t)n);
		} else if (!strcmp(cmd, "vstrip")) {
			uint16_t tci = 0;
			int n;

			len = unhex(arg, frame, MAXF);
			n = nic_vlan_strip(frame, len, &tci);
			printf("%d %x ", n, tci);
			if (n > 0)
				puthex(frame, (uint32_t)n);
		} else if (!strcmp(cmd, "vstripseg")) {
			uint16_t tci = 0;
			struct nic_packet p;
			int n;

			len = unhex(arg, frame, MAXF);
			build_pkt(&p, frame, len, "-");
			{
				uint8_t *orig = p.np_segs[0].ns_va;

				n = nic_vlan_strip_seg(&p, &tci);
				printf("%d %x ", n, tci);
				if (n > 0)
					puthex(p.np_segs[0].ns_va, p.np_segs[0].ns_len);
				p.np_segs[0].ns_va = orig;
			}
			free_pkt(&p);
		} else if (!strcmp(cmd, "lro_init")) {
			unsigned maxlen, flags;

			sscanf(arg, "%u %x", &maxlen, &flags);
			if (lro_os)
				nic_user_os_destroy(lro_os);
			lro_os = nic_user_os_create(4096, 2048);
			nic_lro_init(&lro, maxlen, flags, lro_deliver, NULL);
			printf("ok");
		} else if (!strcmp(cmd, "lro_rx")) {
			unsigned ol;
			char hx[MAXF * 2 + 1];

			sscanf(arg, "%x %s", &ol, hx);
			len = unhex(hx, frame, MAXF);
			printf("lro");
			lro_offer(ol, frame, len);
		} else if (!strcmp(cmd, "lro_flush")) {
			printf("lro");
			nic_lro_flush_all(&lro);
			printf(" core=%u merged=%lu flushed=%lu passed=%lu evicted=%lu",
			       nic_user_count(lro_os, NIC_UBUF_CORE),
			       (unsigned long)lro.lo_stats.ls_merged,
			       (unsigned long)lro.lo_stats.ls_flushed,
			       (unsigned long)lro.lo_stats.ls_passed,
			       (unsigned long)lro.lo_stats.ls_evicted);
		} else if (!strcmp(cmd, "ring_init")) {
			ring_init(arg);
		} else if (!strcmp(cmd, "tx")) {
			ring_tx(arg);
		} else if (!strcmp(cmd, "mq_init")) {
			mq_init();
		} else if (!strcmp(cmd, "mq_hooks")) {
			mq_hooks();
		} else if (!strcmp(cmd, "mq_tx")) {
			mq_tx(arg);
		} else if (!strcmp(cmd, "mq_rx")) {
			mq_rx();
		} else if (!strcmp(cmd, "mq_fini")) {
			mq_fini();
		} else if (!strcmp(cmd, "txb")) {
			ring_txb(arg);
		} else if (!strcmp(cmd, "flush")) {
			nic_tx_flush(R.txq);
			printf("flush");
		} else if (!strcmp(cmd, "dev")) {
			unsigned m;

			sscanf(arg, "%u", &m);
			printf("dev %u", nic_lb_run(&R.hw, 0, m));
		} else if (!strcmp(cmd, "txc")) {
			ring_txc(arg);
		} else if (!strcmp(cmd, "rx")) {
			ring_rx(arg);
		} else if (!strcmp(cmd, "rel")) {
			uint32_t i;

			for (i = 0; i < R.nup; i++)
				nic_user_buf_release(R.os, R.up[i]);
			printf("rel %u", R.nup);
			R.nup = 0;
		} else if (!strcmp(cmd, "refill")) {
			unsigned m;

			sscanf(arg, "%u", &m);
			printf("refill %u", nic_rx_refill(R.rxq, m));
		} else if (!strcmp(cmd, "failalloc")) {
			unsigned m;

			sscanf(arg, "%u", &m);
			R.os->alloc_fail_every = m;
			R.os->nalloc_calls = 0;
			printf("failalloc");
		} else if (!strcmp(cmd, "txf")) {  /* txf ol vtag mss hex: one offloaded frame */
			unsigned ol, vtag, mss;
			char hx[MAXF * 2 + 1];
			struct txp *t = calloc(1, sizeof(*t));
			int rc;

			sscanf(arg, "%x %x %u %s", &ol, &vtag, &mss, hx);
			len = unhex(hx, frame, MAXF);
			t->id = R.next_id++;
			nic_packet_init(&t->p);
			build_pkt(&t->p, frame, len, "-");
			t->p.np_ol_flags = ol;
			t->p.np_vlan_tci = (uint16_t)vtag;
			t->p.np_mss = (uint16_t)mss;
			t->p.np_cookie = t;
			rc = nic_tx_submit(R.txq, &t->p, 0);
			printf("txf %d", rc);
			if (rc) {
				free_pkt(&t->p);
				free(t);
			}
		} else if (!strcmp(cmd, "rxf")) {  /* rxf budget: frames with flags */
			static struct nic_packet pk[64];
			unsigned budget, i;
			uint32_t n;
			uint16_t s;

			sscanf(arg, "%u", &budget);
			n = nic_rx_poll(R.rxq, pk, budget > 64 ? 64 : budget);
			printf("rxf");
			for (i = 0; i < n; i++) {
				len = linearize(&pk[i], outbuf);
				printf(" %x:%x:", pk[i].np_ol_flags, pk[i].np_vlan_tci);
				puthex(outbuf, len);
				for (s = 0; s < pk[i].np_nsegs; s++)
					R.up[R.nup++] = pk[i].np_segs[s].ns_cookie;
			}
		} else if (!strcmp(cmd, "txstats")) {
			printf("txstats ctx=%lu swcsum=%lu errors=%lu descs=%lu",
			       (unsigned long)R.txq->tq_stats.ts_ctx_descs,
			       (unsigned long)R.txq->tq_stats.ts_sw_csum,
			       (unsigned long)R.txq->tq_stats.ts_errors,
			       (unsigned long)R.txq->tq_stats.ts_descs);
		} else if (!strcmp(cmd, "rxflags")) {  /* rxflags NIC_RXQ_* */
			unsigned f;

			sscanf(arg, "%x", &f);
			R.rxq->rq_flags = f;
			printf("rxflags");
		} else if (!strcmp(cmd, "state")) {
			ring_state();
		} else if (!strcmp(cmd, "ring_fini")) {
			ring_fini();
		} else {
			printf("? %s", cmd);
		}
		putchar('\n');
		fflush(stdout);
	}
	if (lro_os)
		nic_user_os_destroy(lro_os);
	return 0;
}
