/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_rss.c - Toeplitz hash ("Verifying the RSS Hash Calculation", Microsoft
 * RSS specification) and the indirection table.
 */
#include "nic_priv.h"

/* The verification key of the Microsoft RSS specification. */
const uint8_t nic_rss_default_key[NIC_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* 32 key bits starting at bit `pos` (bit 0 = MSB of key[0]); zeros past the end */
static uint32_t nic_key_window(const uint8_t *key, size_t key_len, size_t pos)
{
	uint32_t w = 0;
	size_t i;

	for (i = 0; i < 32; i++) {
		size_t b = pos + i;
		uint32_t bit = 0;

		if (b / 8 < key_len)
			bit = (key[b / 8] >> (7 - b % 8)) & 1u;
		w = w << 1 | bit;
	}
	return w;
}

uint32_t nic_toeplitz_ref(const uint8_t *key, size_t key_len, const uint8_t *in, size_t len)
{
	uint32_t result = 0;
	size_t i;
	int b;

	/* for each bit of input, left to right: if set, XOR in the key window */
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++)
			if (in[i] & (0x80u >> b))
				result ^= nic_key_window(key, key_len, i * 8 + (size_t)b);
	return result;
}

void nic_rss_table_init(struct nic_rss_table *t, const uint8_t key[NIC_RSS_KEY_LEN])
{
	size_t i;
	int b, v;

	for (i = 0; i < NIC_RSS_MAX_INPUT; i++) {
		uint32_t win[8];

		for (b = 0; b < 8; b++)
			win[b] = nic_key_window(key, NIC_RSS_KEY_LEN, i * 8 + (size_t)b);
		for (v = 0; v < 256; v++) {
			uint32_t h = 0;

			for (b = 0; b < 8; b++)
				if (v & (0x80 >> b))
					h ^= win[b];
			t->rt_tab[i][v] = h;
		}
	}
}

uint32_t nic_rss_hash(const struct nic_rss_table *t, const uint8_t *in, size_t len)
{
	uint32_t h = 0;
	size_t i;

	if (len > NIC_RSS_MAX_INPUT)
		len = NIC_RSS_MAX_INPUT;
	for (i = 0; i + 4 <= len; i += 4)
		h ^= t->rt_tab[i][in[i]] ^ t->rt_tab[i + 1][in[i + 1]] ^
		     t->rt_tab[i + 2][in[i + 2]] ^ t->rt_tab[i + 3][in[i + 3]];
	for (; i < len; i++)
		h ^= t->rt_tab[i][in[i]];
	return h;
}

uint32_t nic_rss_hash_ip4(const struct nic_rss_table *t, const uint8_t src[4],
			  const uint8_t dst[4])
{
	const uint32_t (*tb)[256] = t->rt_tab;

	return tb[0][src[0]] ^ tb[1][src[1]] ^ tb[2][src[2]] ^ tb[3][src[3]] ^
	       tb[4][dst[0]] ^ tb[5][dst[1]] ^ tb[6][dst[2]] ^ tb[7][dst[3]];
}

uint32_t nic_rss_hash_ip4_l4(const struct nic_rss_table *t, const uint8_t src[4],
			     const uint8_t dst[4], uint16_t sport, uint16_t dport)
{
	const uint32_t (*tb)[256] = t->rt_tab;

	return tb[0][src[0]] ^ tb[1][src[1]] ^ tb[2][src[2]] ^ tb[3][src[3]] ^
	       tb[4][dst[0]] ^ tb[5][dst[1]] ^ tb[6][dst[2]] ^ tb[7][dst[3]] ^
	       tb[8][sport >> 8] ^ tb[9][sport & 0xff] ^
	       tb[10][dport >> 8] ^ tb[11][dport & 0xff];
}

uint32_t nic_rss_hash_ip6(const struct nic_rss_table *t, const uint8_t src[16],
			  const uint8_t dst[16])
{
	uint32_t h = 0;
	int i;

	for (i = 0; i < 16; i++)
		h ^= t->rt_tab[i][src[i]] ^ t->rt_tab[16 + i][dst[i]];
	return h;
}

uint32_t nic_rss_hash_ip6_l4(const struct nic_rss_table *t, const uint8_t src[16],
			     const uint8_t dst[16], uint16_t sport, uint16_t dport)
{
	return nic_rss_hash_ip6(t, src, dst) ^
	       t->rt_tab[32][sport >> 8] ^ t->rt_tab[33][sport & 0xff] ^
	       t->rt_tab[34][dport >> 8] ^ t->rt_tab[35][dport & 0xff];
}

int nic_rss_configure(struct nic_rss *r, const uint8_t *key, uint32_t types,
		      uint16_t reta_size, uint16_t nqueues)
{
	uint16_t i;

	if (!nic_is_pow2(reta_size) || reta_size > NIC_RSS_RETA_MAX || nqueues == 0)
		return NIC_E_INVAL;
	nic_memcpy(r->rss_key, key ? key : nic_rss_default_key, NIC_RSS_KEY_LEN);
	r->rss_types = types;
	r->rss_reta_size = reta_size;
	r->rss_nqueues = nqueues;
	for (i = 0; i < reta_size; i++)
		r->rss_reta[i] = (uint16_t)(i % nqueues);
	nic_rss_table_init(&r->rss_table, r->rss_key);
	return 0;
}

uint32_t nic_rss_hash_frame(const struct nic_rss *r, const uint8_t *f, uint32_t len,
			    uint8_t *type)
{
	struct nic_hdr_info hi;
	const uint8_t *ip, *l4;
	int l4ok;

	*type = NIC_RSS_TYPE_NONE;
	if (nic_pkt_parse(f, len, &hi) != 0 || hi.hi_l3 == 0)
		return 0;
	ip = f + hi.hi_l2_len;
	l4 = ip + hi.hi_l3_len;
	l4ok = !hi.hi_ip_frag && hi.hi_l4_len != 0;
	if (hi.hi_l3 == 4) {
		if (l4ok && hi.hi_l4_proto == NIC_IPPROTO_TCP && (r->rss_types & NIC_RSS_F_TCP_IPV4)) {
			*type = NIC_RSS_TYPE_TCP_IPV4;
			return nic_rss_hash_ip4_l4(&r->rss_table, ip + 12, ip + 16,
						   nic_get_be16(l4), nic_get_be16(l4 + 2));
		}
		if (l4ok && hi.hi_l4_proto == NIC_IPPROTO_UDP && (r->rss_types & NIC_RSS_F_UDP_IPV4)) {
			*type = NIC_RSS_TYPE_UDP_IPV4;
			return nic_rss_hash_ip4_l4(&r->rss_table, ip + 12, ip + 16,
						   nic_get_be16(l4), nic_get_be16(l4 + 2));
		}
		if (r->rss_types & NIC_RSS_F_IPV4) {
			*type = NIC_RSS_TYPE_IPV4;
			return nic_rss_hash_ip4(&r->rss_table, ip + 12, ip + 16);
		}
		return 0;
	}
	if (l4ok && hi.hi_l4_proto == NIC_IPPROTO_TCP && (r->rss_types & NIC_RSS_F_TCP_IPV6)) {
		*type = NIC_RSS_TYPE_TCP_IPV6;
		return nic_rss_hash_ip6_l4(&r->rss_table, ip + 8, ip + 24,
					   nic_get_be16(l4), nic_get_be16(l4 + 2));
	}
	if (l4ok && hi.hi_l4_proto == NIC_IPPROTO_UDP && (r->rss_types & NIC_RSS_F_UDP_IPV6)) {
		*type = NIC_RSS_TYPE_UDP_IPV6;
		return nic_rss_hash_ip6_l4(&r->rss_table, ip + 8, ip + 24,
					   nic_get_be16(l4), nic_get_be16(l4 + 2));
	}
	if (r->rss_types & NIC_RSS_F_IPV6) {
		*type = NIC_RSS_TYPE_IPV6;
		return nic_rss_hash_ip6(&r->rss_table, ip + 8, ip + 24);
	}
	return 0;
}
