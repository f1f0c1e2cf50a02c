/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * core_checks.c - the Test Runner's checks of a generated portable core, built from an
 * output tree's core/ (with its user-space osdep) by nicport's pipeline; not part of the
 * output tree.
 *
 *   core_checks rss              Toeplitz hashes of the Microsoft RSS verification suite
 *                                (IPv4 2-tuple and TCP 4-tuple) through nic_rss_hash_ip4*()
 *                                and nic_rss_hash_frame(); prints one line per vector.
 *   core_checks tso IN OUT MSS   cut the frame in file IN with nic_tso_segment(); write the
 *                                frames to OUT, each as a 4-byte little-endian length + bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_packet.h"
#include "nic_hw.h"
#include "nic_offload.h"
#include "nic_rss.h"

static const uint8_t ms_key[NIC_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

struct vec {
	uint8_t dst[4];
	uint16_t dport;
	uint8_t src[4];
	uint16_t sport;
	uint32_t h_ip;
	uint32_t h_tcp;
};

/* Microsoft, "Verifying the RSS Hash Calculation" (IPv4 table). */
static const struct vec vecs[] = {
	{ {161, 142, 100, 80}, 1766, {66, 9, 149, 187}, 2794, 0x323e8fc2, 0x51ccc178 },
	{ {65, 69, 140, 83}, 4739, {199, 92, 111, 2}, 14230, 0xd718262a, 0xc626b0ea },
	{ {12, 22, 207, 184}, 38024, {24, 19, 198, 95}, 12898, 0xd2d0a5de, 0x5c2b394a },
	{ {209, 142, 163, 6}, 2217, {38, 27, 205, 30}, 48228, 0x82989176, 0xafc7327f },
	{ {202, 188, 127, 2}, 1303, {153, 39, 163, 191}, 44251, 0x5d1809c5, 0x10e828a2 },
};

static void frame_of(const struct vec *v, uint8_t *f)
{
	memset(f, 0, 54);
	f[12] = 0x08;                       /* ethertype IPv4 */
	f[14] = 0x45;                       /* IPv4, 20-byte header */
	nic_put_be16(f + 16, 40);           /* total length */
	f[22] = 64;                         /* TTL */
	f[23] = 6;                          /* TCP */
	memcpy(f + 26, v->src, 4);
	memcpy(f + 30, v->dst, 4);
	nic_put_be16(f + 34, v->sport);
	nic_put_be16(f + 36, v->dport);
	f[46] = 0x50;                       /* TCP data offset 5 */
	f[47] = 0x10;                       /* ACK */
}

static int rss(void)
{
	static struct nic_rss r;
	struct nic_rss_table *t = &r.rss_table;
	unsigned i, bad = 0;

	if (nic_rss_configure(&r, ms_key, NIC_RSS_F_IPV4 | NIC_RSS_F_TCP_IPV4, 128, 4) != 0) {
		printf("rss configure failed\n");
		return 1;
	}
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		uint8_t f[64], type = 0;
		uint32_t h2 = nic_rss_hash_ip4(t, v->src, v->dst);
		uint32_t h4 = nic_rss_hash_ip4_l4(t, v->src, v->dst, v->sport, v->dport);
		uint32_t hf;

		frame_of(v, f);
		hf = nic_rss_hash_frame(&r, f, 54, &type);
		printf("rss vector %u ipv4 got %08x want %08x %s\n", i, h2, v->h_ip, h2 == v->h_ip ? "ok" : "MISMATCH");
		printf("rss vector %u tcp4 got %08x want %08x %s\n", i, h4, v->h_tcp, h4 == v->h_tcp ? "ok" : "MISMATCH");
		printf("rss vector %u frame got %08x want %08x %s\n", i, hf, v->h_tcp, hf == v->h_tcp ? "ok" : "MISMATCH");
		bad += (h2 != v->h_ip) + (h4 != v->h_tcp) + (hf != v->h_tcp);
	}
	return bad ? 1 : 0;
}

static int tso(const char *in, const char *out, unsigned mss)
{
	static uint8_t pkt[NIC_TSO_MAX_BYTES], area[NIC_TSO_MAX_BYTES * 2];
	static struct nic_tso_frame frames[1024];
	struct nic_packet p;
	struct nic_offload_req req;
	FILE *fi = fopen(in, "rb"), *fo;
	size_t n;
	int nf, i;

	if (!fi)
		return 2;
	n = fread(pkt, 1, sizeof(pkt), fi);
	fclose(fi);
	nic_packet_init(&p);
	/* two pieces, split inside the payload: segment boundaries must not matter */
	p.np_nsegs = 2;
	p.np_segs[0].ns_va = pkt;
	p.np_segs[0].ns_len = (uint32_t)(n / 3);
	p.np_segs[1].ns_va = pkt + n / 3;
	p.np_segs[1].ns_len = (uint32_t)(n - n / 3);
	p.np_len = (uint32_t)n;
	memset(&req, 0, sizeof(req));
	req.or_mss = (uint16_t)mss;
	nf = nic_tso_segment(&p, &req, area, sizeof(area), frames, 1024);
	if (nf < 0) {
		printf("tso error %d\n", nf);
		return 1;
	}
	fo = fopen(out, "wb");
	if (!fo)
		return 2;
	for (i = 0; i < nf; i++) {
		uint8_t len[4] = { (uint8_t)frames[i].tf_len, (uint8_t)(frames[i].tf_len >> 8),
				   (uint8_t)(frames[i].tf_len >> 16), (uint8_t)(frames[i].tf_len >> 24) };
		fwrite(len, 1, 4, fo);
		fwrite(area + frames[i].tf_off, 1, frames[i].tf_len, fo);
	}
	fclose(fo);
	printf("tso frames %d\n", nf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "rss") == 0)
		return rss();
	if (argc >= 5 && strcmp(argv[1], "tso") == 0)
		return tso(argv[2], argv[3], (unsigned)atoi(argv[4]));
	fprintf(stderr, "usage: core_checks rss | tso IN OUT MSS\n");
	return 2;
}
