/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness: the offload engine and parser with malformed packets
 * (truncated headers, bad IHL / data offset, MSS 0, oversized TSO, odd
 * segment splits).  Every segment is its own heap block, so ASan sees any
 * read past a piece.  Invariants are checked with __builtin_trap().
 */
#include "nic_core.h"
#include "osdep_user/nic_osdep_user.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static uint8_t out[1 << 20];
static struct nic_tso_frame frames[4096];

static void deliver(void *ctx, struct nic_packet *p)
{
	(void)ctx;
	CHECK(p->np_nsegs <= NIC_PKT_MAX_SEGS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nic_packet p;
	struct nic_offload_req req;
	struct nic_hdr_info hi;
	uint32_t sw = 0, caps, len, start = 0, i;
	uint16_t mss;
	uint8_t sel, ncut;
	static struct nic_rss rss;
	static struct nic_lro lro;
	static int init;
	int rc;

	if (!init) {
		nic_rss_configure(&rss, NULL, 0x3f, 128, 4);
		init = 1;
	}
	if (size < 6)
		return 0;
	sel = data[0];
	mss = (uint16_t)(data[1] | data[2] << 8);
	caps = (uint32_t)data[3] << 2 | (data[4] & 3u) << 10;
	ncut = data[5] % 6;
	data += 6;
	size -= 6;
	if (size > 300000)
		return 0;
	len = (uint32_t)size;

	nic_packet_init(&p);
	for (i = 0; i <= ncut && start < len; i++) {
		uint32_t end = i == ncut ? len : start + 1 + (uint32_t)(data[start] * 7u) % (len - start);
		struct nic_seg *s = &p.np_segs[p.np_nsegs++];

		if (end > len)
			end = len;
		s->ns_len = end - start;
		s->ns_va = malloc(s->ns_len);
		memcpy(s->ns_va, data + start, s->ns_len);
		s->ns_dma = (nic_dma_addr_t)(uintptr_t)s->ns_va;
		start = end;
	}
	if (p.np_nsegs == 0)
		return 0;
	p.np_len = len;
	p.np_ol_flags = sel & NIC_TXOL_MASK;
	p.np_mss = mss;
	p.np_vlan_tci = 0x123;

	/* parser on the first piece, and on the whole frame */
	if (nic_pkt_parse_hdr(p.np_segs[0].ns_va, p.np_segs[0].ns_len, len, &hi) == 0)
		CHECK((uint32_t)hi.hi_l2_len + hi.hi_l3_len + hi.hi_l4_len <= len);
	{
		uint8_t *lin = malloc(len);
		uint8_t type;
		uint16_t tci;

		CHECK(nic_pkt_copy_out(&p, 0, lin, len) == len);
		(void)nic_csum_verify_frame(lin, len);
		(void)nic_rss_hash_frame(&rss, lin, len, &type);
		if (nic_vlan_strip(lin, len, &tci) >= 0)
			CHECK(nic_vlan_insert(lin, len - 4, len, 0x8100, tci) == (int)len);
		free(lin);
	}

	/* TSO in software */
	memset(&req, 0, sizeof(req));
	req.or_mss = mss;
	rc = nic_tso_segment(&p, &req, out, sizeof(out), frames, 4096);
	if (rc > 0) {
		uint32_t pos = 0;
		int k;

		for (k = 0; k < rc; k++) {
			CHECK(frames[k].tf_off == pos);
			pos += frames[k].tf_len;
		}
		CHECK(pos <= sizeof(out));
	} else {
		CHECK(rc == NIC_E_INVAL || rc == NIC_E_BADPKT || rc == NIC_E_TOOBIG || rc == 0);
		if (mss == 0)
			CHECK(rc == NIC_E_INVAL);
	}

	/* request encoding + software checksum (writes into the pieces) */
	rc = nic_offload_prepare(&p, caps, &req, &sw);
	if (rc == 0) {
		CHECK(req.or_hdr_len <= len);
		CHECK(!(req.or_flags & NIC_TXOL_TSO) || req.or_mss != 0);
		if (!(sw & NIC_TXOL_TSO))
			(void)nic_csum_sw_apply(&p, &req, sw);
	}

	/* LRO: the packet is "received" into its pieces; flush hands it back */
	nic_lro_init(&lro, (sel & 0x80) ? 3000 : 65535, NIC_LRO_SW_VERIFY, deliver, NULL);
	p.np_ol_flags = (sel & 0x40) ? NIC_RXOL_L4_CSUM_GOOD : 0;
	(void)nic_lro_rx(&lro, &p);
	nic_lro_flush_all(&lro);

	for (i = 0; i < p.np_nsegs; i++)
		free(p.np_segs[i].ns_va);
	return 0;
}
