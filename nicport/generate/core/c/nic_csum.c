/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_csum.c - the Internet checksum (RFC 1071), incremental update (RFC 1624),
 * pseudo-headers (RFC 768, RFC 793, RFC 8200 section 8.1).
 *
 * The summing loop itself is nic_csum_partial_inline() in nic_offload.h.
 */
#include "nic_priv.h"

uint64_t nic_csum_partial(const void *buf, size_t len, uint64_t sum)
{
	return nic_csum_partial_inline(buf, len, sum);
}

uint16_t nic_csum_fold(uint64_t sum)
{
	return nic_csum_fold_inline(sum);
}

uint16_t nic_csum(const void *buf, size_t len)
{
	return (uint16_t)~nic_csum_fold_inline(nic_csum_partial(buf, len, 0));
}

uint16_t nic_csum_update16(uint16_t csum, uint16_t old_word, uint16_t new_word)
{
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') */
	uint64_t s = (uint16_t)~csum;

	s += (uint16_t)~old_word;
	s += new_word;
	return (uint16_t)~nic_csum_fold_inline(s);
}

uint16_t nic_csum_update32(uint16_t csum, uint32_t old_word, uint32_t new_word)
{
	csum = nic_csum_update16(csum, (uint16_t)(old_word >> 16), (uint16_t)(new_word >> 16));
	return nic_csum_update16(csum, (uint16_t)old_word, (uint16_t)new_word);
}

uint64_t nic_csum_phdr4(const uint8_t *ip4_hdr, uint8_t proto, uint32_t l4_len)
{
	uint64_t s = 0;
	int i;

	for (i = 12; i < 20; i += 2)
		s += nic_get_be16(ip4_hdr + i);
	return s + proto + (l4_len >> 16) + (l4_len & 0xffff);
}

uint64_t nic_csum_phdr6(const uint8_t *ip6_hdr, uint8_t proto, uint32_t l4_len)
{
	uint64_t s = 0;
	int i;

	for (i = 8; i < 40; i += 2)
		s += nic_get_be16(ip6_hdr + i);
	return s + proto + (l4_len >> 16) + (l4_len & 0xffff);
}

void nic_ip4_hdr_csum_set(uint8_t *ip)
{
	uint32_t ihl = (uint32_t)(ip[0] & 0x0f) * 4;

	ip[10] = 0;
	ip[11] = 0;
	nic_put_be16(ip + 10, nic_csum(ip, ihl));
}

uint32_t nic_csum_verify_frame(const uint8_t *f, uint32_t len)
{
	struct nic_hdr_info hi;
	const uint8_t *ip, *l4;
	uint32_t res = 0, l4len;
	uint64_t s;

	if (nic_pkt_parse(f, len, &hi) != 0 || hi.hi_l3 == 0)
		return 0;
	ip = f + hi.hi_l2_len;
	if (hi.hi_l3 == 4) {
		res |= nic_csum_fold(nic_csum_partial(ip, hi.hi_l3_len, 0)) == 0xffff ?
			NIC_RXOL_IP4_CSUM_GOOD : NIC_RXOL_IP4_CSUM_BAD;
	}
	if (hi.hi_ip_frag || hi.hi_l4_len == 0)
		return res;
	l4 = ip + hi.hi_l3_len;
	l4len = hi.hi_l3_total - hi.hi_l3_len;
	if (hi.hi_l4_proto == NIC_IPPROTO_UDP && hi.hi_l3 == 4 && nic_get_be16(l4 + 6) == 0)
		return res;  /* UDP over IPv4 without checksum */
	s = hi.hi_l3 == 4 ? nic_csum_phdr4(ip, hi.hi_l4_proto, l4len) :
			    nic_csum_phdr6(ip, hi.hi_l4_proto, l4len);
	s = nic_csum_partial(l4, l4len, s);
	res |= nic_csum_fold(s) == 0xffff ? NIC_RXOL_L4_CSUM_GOOD : NIC_RXOL_L4_CSUM_BAD;
	return res;
}
