/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_tso.c - software TCP segmentation (the fallback when the device has no
 * TSO, and the reference the device model is compared with).  Same rules as
 * Linux tcp_gso_segment(): IPv4 ID +1 per segment, sequence number advanced
 * by the payload already sent, FIN and PSH only on the last segment, CWR only
 * on the first, every length and checksum recomputed.
 */
#include "nic_priv.h"

#define NIC_TSO_MAX_HDR 256

int nic_tso_segment(const struct nic_packet *p, const struct nic_offload_req *req,
		    uint8_t *out, uint32_t out_cap,
		    struct nic_tso_frame *frames, uint32_t max_frames)
{
	uint8_t hdr[NIC_TSO_MAX_HDR];
	struct nic_hdr_info hi;
	uint32_t hlen, avail, paylen, mss, nseg, i, pos = 0;
	uint32_t seq0;
	uint16_t id0;
	uint8_t flags0;
	int rc;

	if (p == NULL || req == NULL || out == NULL || frames == NULL)
		return NIC_E_INVAL;
	mss = req->or_mss;
	if (mss == 0)
		return NIC_E_INVAL;
	if (p->np_len > NIC_TSO_MAX_BYTES)
		return NIC_E_TOOBIG;
	avail = nic_pkt_copy_out(p, 0, hdr, NIC_MIN(p->np_len, (uint32_t)NIC_TSO_MAX_HDR));
	rc = nic_pkt_parse_hdr(hdr, avail, p->np_len, &hi);
	if (rc)
		return rc;
	if (hi.hi_l3 == 0 || hi.hi_ip_frag)
		return NIC_E_BADPKT;
	if (hi.hi_l4_proto != NIC_IPPROTO_TCP || hi.hi_l4_len == 0)
		return NIC_E_INVAL;
	hlen = (uint32_t)hi.hi_l2_len + hi.hi_l3_len + hi.hi_l4_len;
	if (hlen > avail || hlen > p->np_len)
		return NIC_E_BADPKT;
	paylen = p->np_len - hlen;
	nseg = paylen ? (paylen + mss - 1) / mss : 1;
	if (nseg > max_frames)
		return NIC_E_TOOBIG;
	if ((uint64_t)nseg * hlen + paylen > out_cap)
		return NIC_E_TOOBIG;
	if ((uint64_t)hi.hi_l3_len + hi.hi_l4_len + NIC_MIN(mss, paylen) > 65535)
		return NIC_E_TOOBIG;

	seq0 = nic_get_be32(hdr + hi.hi_l2_len + hi.hi_l3_len + 4);
	flags0 = hdr[hi.hi_l2_len + hi.hi_l3_len + 13];
	id0 = hi.hi_l3 == 4 ? nic_get_be16(hdr + hi.hi_l2_len + 4) : 0;

	for (i = 0; i < nseg; i++) {
		uint32_t off = i * mss;
		uint32_t n = NIC_MIN(mss, paylen - off);
		uint8_t *f = out + pos;
		uint8_t *ip = f + hi.hi_l2_len;
		uint8_t *th = ip + hi.hi_l3_len;
		uint32_t l4len = hi.hi_l4_len + n;
		uint8_t fl = flags0;
		uint64_t s;

		nic_memcpy(f, hdr, hlen);
		if (n && nic_pkt_copy_out(p, hlen + off, f + hlen, n) != n)
			return NIC_E_BADPKT;
		if (hi.hi_l3 == 4) {
			nic_put_be16(ip + 2, (uint16_t)(hi.hi_l3_len + l4len));
			nic_put_be16(ip + 4, (uint16_t)(id0 + i));
			nic_ip4_hdr_csum_set(ip);
		} else {
			nic_put_be16(ip + 4, (uint16_t)(hi.hi_l3_len - 40 + l4len));
		}
		nic_put_be32(th + 4, seq0 + off);
		if (i + 1 < nseg)
			fl = (uint8_t)(fl & ~(NIC_TCP_FIN | NIC_TCP_PSH));
		if (i > 0)
			fl = (uint8_t)(fl & ~NIC_TCP_CWR);
		th[13] = fl;
		th[16] = 0;
		th[17] = 0;
		s = hi.hi_l3 == 4 ? nic_csum_phdr4(ip, NIC_IPPROTO_TCP, l4len) :
				    nic_csum_phdr6(ip, NIC_IPPROTO_TCP, l4len);
		s = nic_csum_partial(th, l4len, s);
		nic_put_be16(th + 16, (uint16_t)~nic_csum_fold(s));
		frames[i].tf_off = pos;
		frames[i].tf_len = hlen + n;
		pos += hlen + n;
	}
	return (int)nseg;
}
