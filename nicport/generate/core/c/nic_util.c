/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_util.c - byte copy helpers, so the core needs no libc.
 */
#include "nic_priv.h"

void *nic_memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n >= 8) {
		uint64_t v;

		NIC_LOAD64(s, v);
#if defined(__GNUC__) || defined(__clang__)
		__builtin_memcpy(d, &v, 8);
#else
		d[0] = s[0]; d[1] = s[1]; d[2] = s[2]; d[3] = s[3];
		d[4] = s[4]; d[5] = s[5]; d[6] = s[6]; d[7] = s[7];
#endif
		d += 8;
		s += 8;
		n -= 8;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *nic_memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return nic_memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *nic_memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int nic_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

uint32_t nic_pkt_copy_out(const struct nic_packet *p, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *d = dst;
	uint32_t done = 0;
	uint16_t i;

	for (i = 0; i < p->np_nsegs && done < len; i++) {
		const struct nic_seg *s = &p->np_segs[i];
		uint32_t n;

		if (off >= s->ns_len) {
			off -= s->ns_len;
			continue;
		}
		n = NIC_MIN(s->ns_len - off, len - done);
		nic_memcpy(d + done, s->ns_va + off, n);
		done += n;
		off = 0;
	}
	return done;
}

void nic_packet_init(struct nic_packet *p)
{
	p->np_nsegs = 0;
	p->np_queue = 0;
	p->np_len = 0;
	p->np_ol_flags = 0;
	p->np_l2_len = 0;
	p->np_l3_len = 0;
	p->np_l4_len = 0;
	p->np_mss = 0;
	p->np_vlan_tci = 0;
	p->np_rss_type = 0;
	p->np_pad = 0;
	p->np_rss_hash = 0;
	p->np_cookie = NULL;
}
