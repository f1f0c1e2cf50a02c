/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_rss.h - receive side scaling: Toeplitz hash (Microsoft RSS
 * specification), IPv4/IPv6 2-tuple and 4-tuple inputs, the indirection table.
 */
#ifndef NIC_RSS_H
#define NIC_RSS_H

#include "nic_packet.h"

#define NIC_RSS_KEY_LEN    40   /* bytes; enough for the IPv6 4-tuple (36 bytes + 4) */
#define NIC_RSS_MAX_INPUT  36   /* IPv6 src+dst+sport+dport */
#define NIC_RSS_RETA_MAX   512

/* Bit-serial reference (the specification's pseudo-code); slow, for checking. */
uint32_t nic_toeplitz_ref(const uint8_t *key, size_t key_len, const uint8_t *in, size_t len);

/*
 * Table-driven Toeplitz: for input byte position i and byte value v,
 * rt_tab[i][v] is the XOR of the 32-bit key windows selected by v's set bits,
 * so a hash is one table load and XOR per input byte.  36 KiB per key.
 */
struct nic_rss_table {
	uint32_t rt_tab[NIC_RSS_MAX_INPUT][256];
};

void nic_rss_table_init(struct nic_rss_table *t, const uint8_t key[NIC_RSS_KEY_LEN]);
uint32_t nic_rss_hash(const struct nic_rss_table *t, const uint8_t *in, size_t len);

/* Input builders (addresses and ports in network byte order, as on the wire). */
uint32_t nic_rss_hash_ip4(const struct nic_rss_table *t, const uint8_t src[4],
			  const uint8_t dst[4]);
uint32_t nic_rss_hash_ip4_l4(const struct nic_rss_table *t, const uint8_t src[4],
			     const uint8_t dst[4], uint16_t sport, uint16_t dport);
uint32_t nic_rss_hash_ip6(const struct nic_rss_table *t, const uint8_t src[16],
			  const uint8_t dst[16]);
uint32_t nic_rss_hash_ip6_l4(const struct nic_rss_table *t, const uint8_t src[16],
			     const uint8_t dst[16], uint16_t sport, uint16_t dport);

/* Hash types a device / OS enables (nic_rss.rss_types) */
#define NIC_RSS_F_IPV4      (1u << 0)
#define NIC_RSS_F_TCP_IPV4  (1u << 1)
#define NIC_RSS_F_UDP_IPV4  (1u << 2)
#define NIC_RSS_F_IPV6      (1u << 3)
#define NIC_RSS_F_TCP_IPV6  (1u << 4)
#define NIC_RSS_F_UDP_IPV6  (1u << 5)

/*
 * struct nic_rss - key, table, indirection table.  Written by the core's
 * nic_rss_configure; read by the hw layer to program RSSRK/RETA/MRQC.
 */
struct nic_rss {
	uint8_t rss_key[NIC_RSS_KEY_LEN];
	uint32_t rss_types;                 /* NIC_RSS_F_* */
	uint16_t rss_reta_size;             /* power of two, <= NIC_RSS_RETA_MAX */
	uint16_t rss_nqueues;
	uint16_t rss_reta[NIC_RSS_RETA_MAX];
	struct nic_rss_table rss_table;
};

/* key NULL = the Microsoft verification key; reta filled round robin. */
int nic_rss_configure(struct nic_rss *r, const uint8_t *key, uint32_t types,
		      uint16_t reta_size, uint16_t nqueues);
static inline uint16_t nic_rss_queue(const struct nic_rss *r, uint32_t hash)
{
	return r->rss_reta[hash & (uint32_t)(r->rss_reta_size - 1)];
}
/* Software hash of a frame as the device would compute it for r->rss_types;
 * writes the type (NIC_RSS_TYPE_*); NIC_RSS_TYPE_NONE and 0 when not hashable. */
uint32_t nic_rss_hash_frame(const struct nic_rss *r, const uint8_t *f, uint32_t len,
			    uint8_t *type);

extern const uint8_t nic_rss_default_key[NIC_RSS_KEY_LEN];

#endif /* NIC_RSS_H */
