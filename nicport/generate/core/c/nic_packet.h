/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_packet.h - return codes, packet metadata (struct nic_packet), offload
 * flags, header info and byte-order helpers shared by every part of the core.
 */
#ifndef NIC_PACKET_H
#define NIC_PACKET_H

#include "nic_osdep.h"

/* ---- return codes: 0 or a negative value (numbers follow Linux errno) ---- */
#define NIC_OK          0
#define NIC_E_IO        (-5)   /* device reported something impossible */
#define NIC_E_NOMEM     (-12)  /* allocation failed */
#define NIC_E_INVAL     (-22)  /* bad argument (e.g. MSS 0, ring size not 2^n) */
#define NIC_E_RINGFULL  (-28)  /* not enough free descriptors: reclaim, then retry */
#define NIC_E_NOSYS     (-38)  /* not implemented on this target / hw layer */
#define NIC_E_BADPKT    (-74)  /* malformed packet (truncated header, bad IHL...) */
#define NIC_E_NOTSUP    (-95)  /* offload not supported: use the software path */
#define NIC_E_TOOBIG    (-90)  /* packet or output larger than allowed */

#ifndef NIC_PKT_MAX_SEGS
#define NIC_PKT_MAX_SEGS 18    /* Linux MAX_SKB_FRAGS + 1 */
#endif

/*
 * struct nic_seg - one piece of a packet.  TX: written by the adapter
 * (ns_va may be NULL if no software offload is needed; ns_dma must be mapped).
 * RX: written by the core from the buffer the adapter gave in nic_os_rxbuf_alloc.
 */
struct nic_seg {
	uint8_t *ns_va;         /* CPU address of the first byte of this piece */
	nic_dma_addr_t ns_dma;  /* bus address of ns_va */
	void *ns_cookie;        /* RX: the nic_buf's nb_cookie; TX: adapter's, unused by core */
	uint32_t ns_len;        /* bytes in this piece */
	uint32_t ns_pad;
};

/* ---- TX offload requests (np_ol_flags on transmit; the adapter writes them) ---- */
#define NIC_TXOL_IP4_CSUM   (1u << 0)  /* fill the IPv4 header checksum */
#define NIC_TXOL_L4_CSUM    (1u << 1)  /* fill the TCP/UDP checksum */
#define NIC_TXOL_TSO        (1u << 2)  /* segment at np_mss (TCP) */
#define NIC_TXOL_VLAN       (1u << 3)  /* insert np_vlan_tci */
#define NIC_TXOL_PHDR_DONE  (1u << 4)  /* the stack already seeded the L4 pseudo-header sum */
#define NIC_TXOL_MASK       0x1fu

/* ---- RX results (np_ol_flags on receive; the core writes them) ---- */
#define NIC_RXOL_IP4_CSUM_GOOD (1u << 8)
#define NIC_RXOL_IP4_CSUM_BAD  (1u << 9)
#define NIC_RXOL_L4_CSUM_GOOD  (1u << 10)
#define NIC_RXOL_L4_CSUM_BAD   (1u << 11)
#define NIC_RXOL_VLAN          (1u << 12)  /* np_vlan_tci holds a stripped tag */
#define NIC_RXOL_RSS_HASH      (1u << 13)  /* np_rss_hash / np_rss_type valid */
#define NIC_RXOL_LRO           (1u << 14)  /* coalesced by nic_lro; np_mss = first payload */

/* RSS hash types (np_rss_type), shared with nic_rss.h */
#define NIC_RSS_TYPE_NONE      0
#define NIC_RSS_TYPE_IPV4      1
#define NIC_RSS_TYPE_TCP_IPV4  2
#define NIC_RSS_TYPE_UDP_IPV4  3
#define NIC_RSS_TYPE_IPV6      4
#define NIC_RSS_TYPE_TCP_IPV6  5
#define NIC_RSS_TYPE_UDP_IPV6  6

/*
 * struct nic_packet - packet metadata travelling between adapter and core.
 * TX: the adapter fills np_segs/np_nsegs/np_len/np_ol_flags (+np_mss,
 * np_vlan_tci, and optionally the header lengths; 0 = let the core parse),
 * np_cookie is returned by nic_tx_complete().  RX: the core fills everything.
 */
struct nic_packet {
	struct nic_seg np_segs[NIC_PKT_MAX_SEGS];
	uint16_t np_nsegs;
	uint16_t np_queue;      /* RX: queue it arrived on; TX: informational */
	uint32_t np_len;        /* total bytes over all segments */
	uint32_t np_ol_flags;   /* NIC_TXOL_* requests / NIC_RXOL_* results */
	uint16_t np_l2_len;     /* Ethernet (+VLAN) header */
	uint16_t np_l3_len;     /* IP header incl. options / IPv6 extension headers */
	uint16_t np_l4_len;     /* TCP header incl. options / 8 for UDP */
	uint16_t np_mss;        /* TSO segment payload size */
	uint16_t np_vlan_tci;   /* TX: tag to insert; RX: stripped tag */
	uint8_t np_rss_type;    /* NIC_RSS_TYPE_* */
	uint8_t np_pad;
	uint32_t np_rss_hash;
	void *np_cookie;        /* TX: the adapter's packet object (mbuf, skb, NBL) */
};

/* ---- parsed headers (nic_pkt_parse) ---- */
struct nic_hdr_info {
	uint16_t hi_l2_len;
	uint16_t hi_l3_len;
	uint16_t hi_l4_len;     /* 0 when not TCP/UDP */
	uint16_t hi_ethertype;  /* inner ethertype after VLAN tags */
	uint16_t hi_vlan_tci;   /* outer tag when hi_vlan */
	uint8_t hi_l3;          /* 4, 6 or 0 */
	uint8_t hi_l4_proto;    /* IPPROTO_* (6 TCP, 17 UDP) or 0 */
	uint8_t hi_vlan;        /* number of VLAN tags seen */
	uint8_t hi_ip_frag;     /* fragment (offset != 0 or MF / IPv6 fragment header) */
	uint8_t hi_ip_opts;     /* IPv4 options / IPv6 extension headers present */
	uint8_t hi_pad;
	uint32_t hi_l3_total;   /* L3 length announced by the IP header (tot_len / 40+plen) */
};

#define NIC_ETH_HLEN      14
#define NIC_VLAN_HLEN     4
#define NIC_ETHERTYPE_IP4 0x0800
#define NIC_ETHERTYPE_IP6 0x86dd
#define NIC_ETHERTYPE_VLAN 0x8100
#define NIC_ETHERTYPE_QINQ 0x88a8
#define NIC_IPPROTO_TCP   6
#define NIC_IPPROTO_UDP   17

#define NIC_TCP_FIN 0x01
#define NIC_TCP_SYN 0x02
#define NIC_TCP_RST 0x04
#define NIC_TCP_PSH 0x08
#define NIC_TCP_ACK 0x10
#define NIC_TCP_URG 0x20
#define NIC_TCP_ECE 0x40
#define NIC_TCP_CWR 0x80

/* ---- freestanding helpers (nic_util.c); the core never calls libc ---- */
void *nic_memcpy(void *dst, const void *src, size_t n);
void *nic_memmove(void *dst, const void *src, size_t n);
void *nic_memset(void *dst, int c, size_t n);
int nic_memcmp(const void *a, const void *b, size_t n);
/* copy `len` bytes starting at byte `off` of the packet's segments into dst;
 * returns the number of bytes copied (less than len if the packet is shorter). */
uint32_t nic_pkt_copy_out(const struct nic_packet *p, uint32_t off, void *dst, uint32_t len);
/* reset the metadata of p (segments are not touched) */
void nic_packet_init(struct nic_packet *p);

/* unaligned native-endian loads; __builtin_memcpy of a constant size is
 * always inlined to a plain load, never a library call */
#if defined(__GNUC__) || defined(__clang__)
#define NIC_LOAD16(p, v) __builtin_memcpy(&(v), (p), 2)
#define NIC_LOAD32(p, v) __builtin_memcpy(&(v), (p), 4)
#define NIC_LOAD64(p, v) __builtin_memcpy(&(v), (p), 8)
#else
#define NIC_LOAD16(p, v) nic_memcpy(&(v), (p), 2)
#define NIC_LOAD32(p, v) nic_memcpy(&(v), (p), 4)
#define NIC_LOAD64(p, v) nic_memcpy(&(v), (p), 8)
#endif

static inline uint16_t nic_get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t nic_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void nic_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void nic_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- header parsing (nic_parse.c) ---- */
/* Parse Ethernet [VLAN...] IPv4|IPv6 [TCP|UDP] headers of the len bytes at f.
 * Returns 0, or NIC_E_BADPKT when a header is truncated or inconsistent
 * (IHL < 5, TCP data offset < 5, IP length beyond the frame...). */
int nic_pkt_parse(const uint8_t *f, uint32_t len, struct nic_hdr_info *hi);
/* Same, when only `avail` bytes of a `total`-byte frame are at f (headers of a
 * multi-segment packet). */
int nic_pkt_parse_hdr(const uint8_t *f, uint32_t avail, uint32_t total,
		      struct nic_hdr_info *hi);
/* One's complement partial sum (see nic_csum_partial) of len bytes starting at
 * byte off of the packet's segments (any split, odd boundaries included). */
uint64_t nic_csum_pkt(const struct nic_packet *p, uint32_t off, uint32_t len, uint64_t sum);

#endif /* NIC_PACKET_H */
