/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_lro.c - LRO-style software coalescing of in-order TCP segments of one
 * flow (the rules of Linux GRO's tcp_gro_receive, kept strict):
 *  - only TCP with ACK (and maybe PSH), payload > 0, no IP options / IPv6
 *    extension headers / fragments, checksum verified (by hw, or in software
 *    with NIC_LRO_SW_VERIFY);
 *  - a packet merges when its sequence number is the next expected one and
 *    its ACK number, TCP options (so a timestamp change), TOS/TTL are equal
 *    and it is not longer than the first segment;
 *  - a flow is flushed when a packet of it cannot merge (then that packet
 *    starts a new run, or passes if it is not eligible), when a merged
 *    packet carries PSH or is shorter than the first one, when the next merge
 *    would exceed lo_max_len, when the table is full (oldest flow first), and
 *    by nic_lro_flush_all.
 * Merging is zero-copy: the segments of a merged packet are appended to the
 * held one with its headers skipped (a segment may become zero-length; its
 * buffer still has to be freed by whoever receives the packet).
 */
#include "nic_priv.h"

void nic_lro_init(struct nic_lro *l, uint32_t max_len, uint32_t flags,
		  nic_lro_deliver_fn deliver, void *ctx)
{
	nic_memset(l, 0, sizeof(*l));
	l->lo_max_len = max_len == 0 || max_len > 65535 ? 65535 : max_len;
	l->lo_flags = flags;
	l->lo_deliver = deliver;
	l->lo_ctx = ctx;
}

static void nic_lro_flush(struct nic_lro *l, struct nic_lro_flow *f)
{
	struct nic_packet *p = &f->lf_pkt;
	uint8_t *ip = p->np_segs[0].ns_va + p->np_l2_len;
	uint8_t *th = ip + p->np_l3_len;
	uint32_t l4len = p->np_l4_len + f->lf_payload;
	uint64_t s;

	if (f->lf_nmerged) {
		if (!f->lf_v6) {
			nic_put_be16(ip + 2, (uint16_t)(p->np_l3_len + l4len));
			nic_ip4_hdr_csum_set(ip);
		} else {
			nic_put_be16(ip + 4, (uint16_t)(p->np_l3_len - 40 + l4len));
		}
		th[16] = 0;
		th[17] = 0;
		s = f->lf_v6 ? nic_csum_phdr6(ip, NIC_IPPROTO_TCP, l4len) :
			       nic_csum_phdr4(ip, NIC_IPPROTO_TCP, l4len);
		s = nic_csum_pkt(p, (uint32_t)p->np_l2_len + p->np_l3_len, l4len, s);
		nic_put_be16(th + 16, (uint16_t)~nic_csum_fold(s));
		p->np_ol_flags |= NIC_RXOL_LRO;
		p->np_mss = f->lf_first_pay;
	}
	f->lf_active = 0;
	l->lo_stats.ls_flushed++;
	l->lo_deliver(l->lo_ctx, p);
}

void nic_lro_flush_all(struct nic_lro *l)
{
	uint32_t i;

	/* oldest first, so flows interleave as they arrived */
	for (;;) {
		struct nic_lro_flow *old = NULL;

		for (i = 0; i < NIC_LRO_MAX_FLOWS; i++)
			if (l->lo_flows[i].lf_active &&
			    (old == NULL || l->lo_flows[i].lf_stamp < old->lf_stamp))
				old = &l->lo_flows[i];
		if (old == NULL)
			return;
		nic_lro_flush(l, old);
	}
}

/* drop bytes past `len` (Ethernet padding) from the packet's segment lengths */
static void nic_lro_trim(struct nic_packet *p, uint32_t len)
{
	uint32_t seen = 0;
	uint16_t i;

	for (i = 0; i < p->np_nsegs; i++) {
		struct nic_seg *s = &p->np_segs[i];

		if (seen + s->ns_len > len)
			s->ns_len = seen < len ? len - seen : 0;
		seen += s->ns_len;
	}
	p->np_len = seen;
}

int nic_lro_rx(struct nic_lro *l, struct nic_packet *p)
{
	const struct nic_seg *s0 = &p->np_segs[0];
	struct nic_lro_flow *f = NULL;
	struct nic_hdr_info hi;
	uint8_t key[40];
	const uint8_t *ip, *th;
	uint32_t hlen, payload, seq, ack, frame_len, i;
	uint8_t flags, optlen;
	int eligible, csum_ok;

	if (p->np_nsegs == 0 || p->np_nsegs > NIC_PKT_MAX_SEGS || s0->ns_va == NULL ||
	    nic_pkt_parse_hdr(s0->ns_va, s0->ns_len, p->np_len, &hi) != 0 ||
	    hi.hi_l3 == 0 || hi.hi_l4_proto != NIC_IPPROTO_TCP || hi.hi_l4_len == 0 ||
	    hi.hi_vlan) {
		l->lo_stats.ls_passed++;
		return NIC_LRO_PASS;
	}
	ip = s0->ns_va + hi.hi_l2_len;
	th = ip + hi.hi_l3_len;
	hlen = (uint32_t)hi.hi_l2_len + hi.hi_l3_len + hi.hi_l4_len;
	frame_len = hi.hi_l2_len + hi.hi_l3_total;
	payload = frame_len - hlen;
	flags = th[13];
	seq = nic_get_be32(th + 4);
	ack = nic_get_be32(th + 8);
	optlen = (uint8_t)(hi.hi_l4_len - 20);

	nic_memset(key, 0, sizeof(key));
	if (hi.hi_l3 == 4) {
		nic_memcpy(key, ip + 12, 8);
		nic_memcpy(key + 8, th, 4);
	} else {
		nic_memcpy(key, ip + 8, 32);
		nic_memcpy(key + 32, th, 4);
	}
	key[36] = hi.hi_l3;
	nic_put_be16(key + 37, p->np_vlan_tci);
	key[39] = (p->np_ol_flags & NIC_RXOL_VLAN) ? 1 : 0;
	for (i = 0; i < NIC_LRO_MAX_FLOWS; i++)
		if (l->lo_flows[i].lf_active &&
		    nic_memcmp(l->lo_flows[i].lf_key, key, sizeof(key)) == 0) {
			f = &l->lo_flows[i];
			break;
		}

	csum_ok = (p->np_ol_flags & NIC_RXOL_L4_CSUM_GOOD) &&
		  !(p->np_ol_flags & (NIC_RXOL_L4_CSUM_BAD | NIC_RXOL_IP4_CSUM_BAD));
	if (!csum_ok && (l->lo_flags & NIC_LRO_SW_VERIFY) && p->np_nsegs == 1) {
		uint32_t v = nic_csum_verify_frame(s0->ns_va, s0->ns_len);

		csum_ok = (v & NIC_RXOL_L4_CSUM_GOOD) && !(v & NIC_RXOL_IP4_CSUM_BAD);
	}
	eligible = payload > 0 && (flags & NIC_TCP_ACK) &&
		   (flags & ~(NIC_TCP_ACK | NIC_TCP_PSH)) == 0 &&
		   !hi.hi_ip_opts && !hi.hi_ip_frag && csum_ok && hlen <= s0->ns_len &&
		   hlen + payload <= l->lo_max_len + hi.hi_l2_len;
	if (!eligible) {
		if (f != NULL)
			nic_lro_flush(l, f);
		l->lo_stats.ls_passed++;
		return NIC_LRO_PASS;
	}

	if (f != NULL) {
		struct nic_packet *h = &f->lf_pkt;
		const uint8_t *hip = h->np_segs[0].ns_va + h->np_l2_len;
		int same_ip = hi.hi_l3 == 4 ?
			(hip[1] == ip[1] && hip[8] == ip[8]) :                /* TOS, TTL */
			(nic_get_be32(hip) == nic_get_be32(ip) && hip[7] == ip[7]); /* TC/flow, hop */
		int ok = seq == f->lf_next_seq && ack == f->lf_ack && optlen == f->lf_optlen &&
			 nic_memcmp(f->lf_opts, th + 20, optlen) == 0 && !f->lf_short &&
			 same_ip && hi.hi_l3_len == h->np_l3_len &&
			 payload <= f->lf_first_pay &&
			 (uint32_t)h->np_nsegs + p->np_nsegs <= NIC_PKT_MAX_SEGS &&
			 (uint32_t)h->np_l3_len + h->np_l4_len + f->lf_payload + payload <=
				 l->lo_max_len;

		if (ok) {
			uint8_t *hth = h->np_segs[0].ns_va + h->np_l2_len + h->np_l3_len;
			uint32_t skip = hlen, take = payload;
			uint16_t k;

			for (k = 0; k < p->np_nsegs; k++) {
				struct nic_seg *d = &h->np_segs[h->np_nsegs++];
				uint32_t cut, n;

				nic_memcpy(d, &p->np_segs[k], sizeof(*d));
				cut = NIC_MIN(skip, d->ns_len);
				d->ns_va += cut;
				d->ns_dma += cut;
				d->ns_len -= cut;
				skip -= cut;
				n = NIC_MIN(d->ns_len, take);
				d->ns_len = n;
				take -= n;
			}
			h->np_len += payload;
			f->lf_payload += payload;
			f->lf_next_seq += payload;
			f->lf_nmerged++;
			hth[14] = th[14];   /* latest window */
			hth[15] = th[15];
			hth[13] |= flags & NIC_TCP_PSH;
			if (payload < f->lf_first_pay)
				f->lf_short = 1;
			l->lo_stats.ls_merged++;
			if ((flags & NIC_TCP_PSH) ||
			    (uint32_t)h->np_l3_len + h->np_l4_len + f->lf_payload + f->lf_first_pay >
				    l->lo_max_len ||
			    h->np_nsegs >= NIC_PKT_MAX_SEGS)
				nic_lro_flush(l, f);
			return NIC_LRO_HELD;
		}
		nic_lro_flush(l, f);
	}

	/* start a new run with p */
	f = NULL;
	for (i = 0; i < NIC_LRO_MAX_FLOWS; i++)
		if (!l->lo_flows[i].lf_active) {
			f = &l->lo_flows[i];
			break;
		}
	if (f == NULL) {
		f = &l->lo_flows[0];
		for (i = 1; i < NIC_LRO_MAX_FLOWS; i++)
			if (l->lo_flows[i].lf_stamp < f->lf_stamp)
				f = &l->lo_flows[i];
		l->lo_stats.ls_evicted++;
		nic_lro_flush(l, f);
	}
	nic_memcpy(&f->lf_pkt, p, sizeof(*p));
	nic_lro_trim(&f->lf_pkt, frame_len);
	f->lf_pkt.np_l2_len = hi.hi_l2_len;
	f->lf_pkt.np_l3_len = hi.hi_l3_len;
	f->lf_pkt.np_l4_len = hi.hi_l4_len;
	f->lf_active = 1;
	f->lf_v6 = hi.hi_l3 == 6;
	f->lf_optlen = optlen;
	f->lf_short = 0;
	f->lf_hdr_len = (uint16_t)hlen;
	f->lf_first_pay = (uint16_t)payload;
	f->lf_next_seq = seq + payload;
	f->lf_ack = ack;
	f->lf_payload = payload;
	f->lf_nmerged = 0;
	f->lf_stamp = ++l->lo_clock;
	nic_memcpy(f->lf_key, key, sizeof(key));
	nic_memcpy(f->lf_opts, th + 20, optlen);
	if (flags & NIC_TCP_PSH)
		nic_lro_flush(l, f);  /* PSH: nothing may be added after it */
	return NIC_LRO_HELD;
}
