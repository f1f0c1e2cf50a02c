/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_offload.c - TX offload request encoding (what the device must do, with
 * the offsets every descriptor family needs) and the software checksum fallback.
 */
#include "nic_priv.h"

uint64_t nic_csum_pkt(const struct nic_packet *p, uint32_t off, uint32_t len, uint64_t sum)
{
	uint32_t pos = 0;  /* bytes summed so far: odd means the next piece is byte-swapped */
	uint16_t i;

	for (i = 0; i < p->np_nsegs && len; i++) {
		const struct nic_seg *s = &p->np_segs[i];
		uint32_t n;
		uint16_t part;

		if (off >= s->ns_len) {
			off -= s->ns_len;
			continue;
		}
		n = NIC_MIN(s->ns_len - off, len);
		part = nic_csum_fold(nic_csum_partial(s->ns_va + off, n, 0));
		if (pos & 1)
			part = (uint16_t)(part << 8 | part >> 8);
		sum += part;
		pos += n;
		len -= n;
		off = 0;
	}
	return sum;
}

static int nic_offload_headers(struct nic_packet *p, struct nic_hdr_info *hi)
{
	const struct nic_seg *s0 = &p->np_segs[0];
	int rc;

	if (p->np_nsegs == 0 || s0->ns_va == NULL)
		return NIC_E_BADPKT;
	rc = nic_pkt_parse_hdr(s0->ns_va, s0->ns_len, p->np_len, hi);
	if (rc)
		return rc;
	if (hi->hi_l3 == 0 || hi->hi_ip_frag)
		return NIC_E_BADPKT;
	p->np_l2_len = hi->hi_l2_len;
	p->np_l3_len = hi->hi_l3_len;
	p->np_l4_len = hi->hi_l4_len;
	return 0;
}

int nic_offload_prepare(struct nic_packet *p, uint32_t hwcaps,
			struct nic_offload_req *req, uint32_t *sw_flags)
{
	uint32_t want = p->np_ol_flags & (NIC_TXOL_IP4_CSUM | NIC_TXOL_L4_CSUM |
					   NIC_TXOL_TSO | NIC_TXOL_VLAN);
	uint32_t hw = 0, sw = 0;
	struct nic_hdr_info hi;
	uint8_t *ip, *l4;
	int rc;

	nic_memset(req, 0, sizeof(*req));
	*sw_flags = 0;
	if (want & NIC_TXOL_VLAN) {
		if (hwcaps & NIC_HWCAP_TX_VLAN)
			hw |= NIC_TXOL_VLAN;
		else
			sw |= NIC_TXOL_VLAN;
	}
	if (!(want & (NIC_TXOL_IP4_CSUM | NIC_TXOL_L4_CSUM | NIC_TXOL_TSO))) {
		req->or_flags = hw;
		*sw_flags = sw;
		return 0;
	}
	rc = nic_offload_headers(p, &hi);
	if (rc)
		return rc;
	if (hi.hi_l3 != 4)
		want &= ~NIC_TXOL_IP4_CSUM;
	if ((want & NIC_TXOL_L4_CSUM) && hi.hi_l4_len == 0)
		return NIC_E_BADPKT;  /* checksum asked for a packet without TCP/UDP */
	ip = p->np_segs[0].ns_va + hi.hi_l2_len;
	l4 = ip + hi.hi_l3_len;

	req->or_l2_len = hi.hi_l2_len;
	req->or_l3_len = hi.hi_l3_len;
	req->or_l4_len = hi.hi_l4_len;
	req->or_hdr_len = (uint16_t)(hi.hi_l2_len + hi.hi_l3_len + hi.hi_l4_len);
	req->or_l3_type = hi.hi_l3;
	req->or_l4_proto = hi.hi_l4_proto;
	req->or_csum_start = (uint16_t)(hi.hi_l2_len + hi.hi_l3_len);
	req->or_csum_offset = hi.hi_l4_proto == NIC_IPPROTO_TCP ? 16 :
			      hi.hi_l4_proto == NIC_IPPROTO_UDP ? 6 : 0;
	req->or_ipcso = hi.hi_l3 == 4 ? (uint16_t)(hi.hi_l2_len + 10) : 0;

	if (want & NIC_TXOL_TSO) {
		uint32_t cap = hi.hi_l3 == 4 ? NIC_HWCAP_TX_TSO4 : NIC_HWCAP_TX_TSO6;

		if (hi.hi_l4_proto != NIC_IPPROTO_TCP || p->np_mss == 0)
			return NIC_E_INVAL;
		if (p->np_len > NIC_TSO_MAX_BYTES || p->np_len < req->or_hdr_len)
			return NIC_E_TOOBIG;
		req->or_mss = p->np_mss;
		req->or_paylen = p->np_len - req->or_hdr_len;
		if (!(hwcaps & cap)) {
			req->or_flags = hw;
			*sw_flags = sw | (want & ~NIC_TXOL_VLAN);
			return 0;  /* caller: nic_tso_segment */
		}
		hw |= NIC_TXOL_TSO | NIC_TXOL_L4_CSUM | (hi.hi_l3 == 4 ? NIC_TXOL_IP4_CSUM : 0);
		if (!(p->np_ol_flags & NIC_TXOL_PHDR_DONE)) {
			uint32_t seed_len = (hwcaps & NIC_HWCAP_TSO_PHDR_NOLEN) ? 0 :
					    p->np_len - req->or_csum_start;
			uint64_t s = hi.hi_l3 == 4 ?
				nic_csum_phdr4(ip, NIC_IPPROTO_TCP, seed_len) :
				nic_csum_phdr6(ip, NIC_IPPROTO_TCP, seed_len);

			nic_put_be16(l4 + 16, nic_csum_fold(s));
		}
		if (hi.hi_l3 == 4 && (hwcaps & NIC_HWCAP_TSO_PHDR_NOLEN)) {
			/* Intel: the device writes total length and checksum per segment */
			nic_put_be16(ip + 2, 0);
			nic_put_be16(ip + 10, 0);
		}
		req->or_flags = hw;
		*sw_flags = sw;
		return 0;
	}

	if (want & NIC_TXOL_IP4_CSUM) {
		if (hwcaps & NIC_HWCAP_TX_IP4_CSUM) {
			hw |= NIC_TXOL_IP4_CSUM;
			nic_put_be16(ip + 10, 0);
		} else {
			sw |= NIC_TXOL_IP4_CSUM;
		}
	}
	if (want & NIC_TXOL_L4_CSUM) {
		uint32_t cap = hi.hi_l4_proto == NIC_IPPROTO_TCP ? NIC_HWCAP_TX_TCP_CSUM :
			       NIC_HWCAP_TX_UDP_CSUM;

		if (hwcaps & cap) {
			hw |= NIC_TXOL_L4_CSUM;
			if (!(p->np_ol_flags & NIC_TXOL_PHDR_DONE)) {
				uint32_t l4len = p->np_len - req->or_csum_start;
				uint64_t s = hi.hi_l3 == 4 ?
					nic_csum_phdr4(ip, hi.hi_l4_proto, l4len) :
					nic_csum_phdr6(ip, hi.hi_l4_proto, l4len);

				nic_put_be16(l4 + req->or_csum_offset, nic_csum_fold(s));
			}
		} else {
			sw |= NIC_TXOL_L4_CSUM;
		}
	}
	req->or_flags = hw;
	*sw_flags = sw;
	return 0;
}

int nic_csum_sw_apply(struct nic_packet *p, const struct nic_offload_req *req,
		      uint32_t sw_flags)
{
	uint8_t *f, *ip, *l4;
	uint32_t l4len;
	uint64_t s;
	uint16_t c;
	uint16_t i;

	if (!(sw_flags & (NIC_TXOL_IP4_CSUM | NIC_TXOL_L4_CSUM)))
		return 0;
	for (i = 0; i < p->np_nsegs; i++)
		if (p->np_segs[i].ns_va == NULL)
			return NIC_E_BADPKT;
	if (p->np_nsegs == 0 || req->or_hdr_len > p->np_segs[0].ns_len ||
	    req->or_csum_start > p->np_len)
		return NIC_E_BADPKT;
	f = p->np_segs[0].ns_va;
	ip = f + req->or_l2_len;
	if ((sw_flags & NIC_TXOL_IP4_CSUM) && req->or_l3_type == 4)
		nic_ip4_hdr_csum_set(ip);
	if (!(sw_flags & NIC_TXOL_L4_CSUM) || req->or_csum_offset == 0)
		return 0;
	l4 = f + req->or_csum_start;
	l4len = p->np_len - req->or_csum_start;
	nic_put_be16(l4 + req->or_csum_offset, 0);
	s = req->or_l3_type == 4 ? nic_csum_phdr4(ip, req->or_l4_proto, l4len) :
				   nic_csum_phdr6(ip, req->or_l4_proto, l4len);
	s = nic_csum_pkt(p, req->or_csum_start, l4len, s);
	c = (uint16_t)~nic_csum_fold(s);
	if (c == 0 && req->or_l4_proto == NIC_IPPROTO_UDP)
		c = 0xffff;  /* RFC 768: a computed zero is sent as all ones */
	nic_put_be16(l4 + req->or_csum_offset, c);
	return 0;
}
