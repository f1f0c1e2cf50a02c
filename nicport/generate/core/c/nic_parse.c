/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_parse.c - bounds-checked Ethernet / VLAN / IPv4 / IPv6 / TCP / UDP
 * header parser.  Every length read from the packet is checked against the
 * bytes present before it is used.
 */
#include "nic_priv.h"

#define NIC_IP6_HLEN 40
#define NIC_MAX_VLAN_TAGS 2
#define NIC_MAX_IP6_EXT 8

/*
 * avail: bytes readable at f (the headers); total: the frame's full length,
 * which the IP length fields are checked against (the payload may live in
 * other segments).
 */
int nic_pkt_parse_hdr(const uint8_t *f, uint32_t avail, uint32_t total,
		      struct nic_hdr_info *hi)
{
	uint32_t len = avail < total ? avail : total;
	uint32_t off = 12;
	uint16_t et;
	uint8_t proto;

	nic_memset(hi, 0, sizeof(*hi));
	if (f == NULL || len < NIC_ETH_HLEN)
		return NIC_E_BADPKT;
	et = nic_get_be16(f + off);
	off += 2;
	while (et == NIC_ETHERTYPE_VLAN || et == NIC_ETHERTYPE_QINQ) {
		if (hi->hi_vlan >= NIC_MAX_VLAN_TAGS || len < off + 4)
			return NIC_E_BADPKT;
		if (hi->hi_vlan == 0)
			hi->hi_vlan_tci = nic_get_be16(f + off);
		hi->hi_vlan++;
		et = nic_get_be16(f + off + 2);
		off += 4;
	}
	hi->hi_l2_len = (uint16_t)off;
	hi->hi_ethertype = et;

	if (et == NIC_ETHERTYPE_IP4) {
		const uint8_t *ip = f + off;
		uint32_t ihl, tot;

		if (len < off + 20 || (ip[0] >> 4) != 4)
			return NIC_E_BADPKT;
		ihl = (uint32_t)(ip[0] & 0x0f) * 4;
		tot = nic_get_be16(ip + 2);
		if (ihl < 20 || len < off + ihl || tot < ihl || total < off || tot > total - off)
			return NIC_E_BADPKT;
		hi->hi_l3 = 4;
		hi->hi_l3_len = (uint16_t)ihl;
		hi->hi_l3_total = tot;
		hi->hi_ip_opts = ihl > 20;
		hi->hi_ip_frag = (nic_get_be16(ip + 6) & 0x3fff) != 0;
		proto = ip[9];
		off += ihl;
		if (hi->hi_ip_frag)
			return 0;  /* no L4 header to look at */
	} else if (et == NIC_ETHERTYPE_IP6) {
		const uint8_t *ip = f + off;
		uint32_t plen, l3 = NIC_IP6_HLEN, n;

		if (len < off + NIC_IP6_HLEN || (ip[0] >> 4) != 6)
			return NIC_E_BADPKT;
		plen = nic_get_be16(ip + 4);
		if (total < off + NIC_IP6_HLEN || plen > total - off - NIC_IP6_HLEN)
			return NIC_E_BADPKT;
		hi->hi_l3 = 6;
		hi->hi_l3_total = NIC_IP6_HLEN + plen;
		proto = ip[6];
		for (n = 0; n < NIC_MAX_IP6_EXT; n++) {
			uint32_t elen;

			if (proto != 0 && proto != 43 && proto != 60 && proto != 44)
				break;
			if (l3 + 8 > NIC_IP6_HLEN + plen || len < off + l3 + 8)
				return NIC_E_BADPKT;
			hi->hi_ip_opts = 1;
			if (proto == 44) {
				elen = 8;
				hi->hi_ip_frag = 1;  /* even atomic fragments are not offloaded */
			} else {
				elen = ((uint32_t)ip[l3 + 1] + 1) * 8;
			}
			proto = ip[l3];
			l3 += elen;
		}
		if (n == NIC_MAX_IP6_EXT || l3 > NIC_IP6_HLEN + plen)
			return NIC_E_BADPKT;
		hi->hi_l3_len = (uint16_t)l3;
		off += l3;
		if (hi->hi_ip_frag)
			return 0;
	} else {
		return 0;  /* not IP: only L2 known */
	}

	hi->hi_l4_proto = proto;
	if (proto == NIC_IPPROTO_TCP) {
		uint32_t doff;

		if (len < off + 20 || off + 20 > hi->hi_l2_len + hi->hi_l3_total)
			return NIC_E_BADPKT;
		doff = (uint32_t)(f[off + 12] >> 4) * 4;
		if (doff < 20 || len < off + doff || off + doff > hi->hi_l2_len + hi->hi_l3_total)
			return NIC_E_BADPKT;
		hi->hi_l4_len = (uint16_t)doff;
	} else if (proto == NIC_IPPROTO_UDP) {
		if (len < off + 8 || off + 8 > hi->hi_l2_len + hi->hi_l3_total)
			return NIC_E_BADPKT;
		hi->hi_l4_len = 8;
	}
	return 0;
}

int nic_pkt_parse(const uint8_t *f, uint32_t len, struct nic_hdr_info *hi)
{
	return nic_pkt_parse_hdr(f, len, len, hi);
}
