/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_offload.h - the offload engine: Internet checksum (RFC 1071 / 1624),
 * checksum request encoding and software fallback, TSO request encoding and
 * software segmentation, VLAN insert/strip, LRO-style software coalescing.
 * Everything here works on plain memory; nothing calls the OS.
 */
#ifndef NIC_OFFLOAD_H
#define NIC_OFFLOAD_H

#include "nic_hw.h"

/* ---- Internet checksum (nic_csum.c) ---- */
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
	__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define NIC_BIG_ENDIAN 1
#else
#define NIC_BIG_ENDIAN 0
#endif

static inline uint16_t nic_csum_fold_inline(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)s;
}

/*
 * The sum is byte-order independent (RFC 1071 section 2(B)): everything is
 * summed as native words, folded once and, on little-endian hosts,
 * byte-swapped into the big-endian-word value the rest of the core uses.
 * Short buffers (< 256 bytes) add 16-bit words into a 32-bit sum (cannot
 * overflow below 65537 words); longer ones add the two 32-bit halves of each
 * 64-bit word into four independent 64-bit accumulators (compilers vectorise
 * them; no single accumulator chain limits the loop; no carry is lost below
 * 2^31 words).  An odd last byte is padded with zero (RFC 1071).
 */
#define NIC_CSUM_HALVES(x) (((x) & 0xffffffffu) + ((x) >> 32))
/* native 16-bit words of a short piece (len < 256: a 32-bit sum cannot overflow) */
static inline uint32_t nic_csum_native_short(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 2 <= len; i += 2) {
		uint16_t w;

		NIC_LOAD16(p + i, w);
		s += w;
	}
	if (len & 1) {
		uint8_t b[2] = { p[len - 1], 0 };
		uint16_t w;

		NIC_LOAD16(b, w);  /* the byte in its native position, zero padded */
		s += w;
	}
	return s;
}

/* Folded (not inverted) sum of len bytes, big-endian-word value: the
 * equivalent of DPDK's rte_raw_cksum() in host order. */
static inline uint16_t nic_csum16_inline(const void *buf, size_t len)
{
	const uint8_t *p = (const uint8_t *)buf;
	uint16_t f;

	if (len < 256) {
		uint32_t s = nic_csum_native_short(p, len);

		s = (s & 0xffffu) + (s >> 16);
		s = (s & 0xffffu) + (s >> 16);
		f = (uint16_t)s;
	} else {
		uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
		size_t i, n = len / 8;

		for (i = 0; i + 4 <= n; i += 4) {
			uint64_t x0, x1, x2, x3;

			NIC_LOAD64(p + 8 * i, x0);
			NIC_LOAD64(p + 8 * i + 8, x1);
			NIC_LOAD64(p + 8 * i + 16, x2);
			NIC_LOAD64(p + 8 * i + 24, x3);
			a0 += NIC_CSUM_HALVES(x0);
			a1 += NIC_CSUM_HALVES(x1);
			a2 += NIC_CSUM_HALVES(x2);
			a3 += NIC_CSUM_HALVES(x3);
		}
		for (; i < n; i++) {
			uint64_t x;

			NIC_LOAD64(p + 8 * i, x);
			a0 += NIC_CSUM_HALVES(x);
		}
		f = nic_csum_fold_inline((a0 + a1) + (a2 + a3) +
					 nic_csum_native_short(p + 8 * n, len - 8 * n));
	}
	if (!NIC_BIG_ENDIAN)
		f = (uint16_t)(f << 8 | f >> 8);
	return f;
}

static inline uint64_t nic_csum_partial_inline(const void *buf, size_t len, uint64_t sum)
{
	return sum + nic_csum16_inline(buf, len);
}

/* One's complement sum of len bytes at buf added to sum (not folded, not
 * inverted; 64-bit accumulator, any alignment, any length).  Bytes are summed
 * as big-endian 16-bit words: the result is in host order. */
uint64_t nic_csum_partial(const void *buf, size_t len, uint64_t sum);
/* Fold a partial sum to 16 bits (not inverted). */
uint16_t nic_csum_fold(uint64_t sum);
/* ~fold(partial(buf)) : the value to store in a checksum field (host order). */
uint16_t nic_csum(const void *buf, size_t len);
/* RFC 1624 eqn. 3: new checksum field after a 16-bit word changed old -> new. */
uint16_t nic_csum_update16(uint16_t csum, uint16_t old_word, uint16_t new_word);
uint16_t nic_csum_update32(uint16_t csum, uint32_t old_word, uint32_t new_word);
/* Pseudo-header sums (partial, host order).  l4_len = TCP/UDP header+payload. */
uint64_t nic_csum_phdr4(const uint8_t *ip4_hdr, uint8_t proto, uint32_t l4_len);
uint64_t nic_csum_phdr6(const uint8_t *ip6_hdr, uint8_t proto, uint32_t l4_len);
/* Recompute the IPv4 header checksum in place (ihl from the header). */
void nic_ip4_hdr_csum_set(uint8_t *ip4_hdr);
/* Verify an Ethernet frame's IPv4 header and TCP/UDP checksum in software.
 * Returns NIC_RXOL_* GOOD/BAD bits (0 for what is not present). */
uint32_t nic_csum_verify_frame(const uint8_t *f, uint32_t len);

/* ---- request encoding and software fallback (nic_offload.c) ---- */
/* Decode p's NIC_TXOL_* requests into *req for a device with capabilities
 * hwcaps (NIC_HWCAP_*).  Header lengths not given in p are parsed from the
 * first segment (headers must be in it and ns_va set).  For offloads the
 * device will do, the L4 checksum field is seeded with the pseudo-header sum
 * the device expects (without length for TSO on NIC_HWCAP_TSO_PHDR_NOLEN)
 * unless NIC_TXOL_PHDR_DONE.  Requests the device cannot do stay out of
 * req->or_flags and are returned in *sw_flags.  Returns 0, NIC_E_BADPKT,
 * NIC_E_INVAL (MSS 0, TSO of a non-TCP packet). */
int nic_offload_prepare(struct nic_packet *p, uint32_t hwcaps,
			struct nic_offload_req *req, uint32_t *sw_flags);
/* Do checksum requests sw_flags (NIC_TXOL_IP4_CSUM / L4_CSUM) in software in
 * the packet's memory (ns_va of every segment required). */
int nic_csum_sw_apply(struct nic_packet *p, const struct nic_offload_req *req,
		      uint32_t sw_flags);

/* ---- TSO software segmentation (nic_tso.c) ---- */
struct nic_tso_frame {
	uint32_t tf_off;  /* written by nic_tso_segment: offset in the output area */
	uint32_t tf_len;  /* written by nic_tso_segment: frame length */
};
#define NIC_TSO_MAX_BYTES  262144u  /* largest TSO packet accepted */
/* Cut the TCP packet p (headers parsed from the packet itself, any segment
 * split; of req only or_mss is used) into complete frames of at most req->or_mss payload
 * bytes, written back to back into out[0..out_cap).  Every frame gets its own
 * IPv4 ID (+1 per segment) / total length / header checksum or IPv6 payload
 * length, TCP sequence number, flags (FIN, PSH on the last segment only, CWR
 * on the first only) and a valid TCP checksum.  Returns the number of frames,
 * NIC_E_INVAL (MSS 0, not TCP), NIC_E_BADPKT, NIC_E_TOOBIG (out/frames too
 * small, or packet > NIC_TSO_MAX_BYTES). */
int nic_tso_segment(const struct nic_packet *p, const struct nic_offload_req *req,
		    uint8_t *out, uint32_t out_cap,
		    struct nic_tso_frame *frames, uint32_t max_frames);

/* ---- VLAN (nic_vlan.c) ---- */
/* Insert a tag after the MAC addresses of the frame at f (len bytes, room
 * for cap).  Returns the new length or NIC_E_TOOBIG / NIC_E_BADPKT. */
int nic_vlan_insert(uint8_t *f, uint32_t len, uint32_t cap, uint16_t tpid, uint16_t tci);
/* Remove the outer tag (0x8100 or 0x88a8) in place: returns the new length
 * and *tci, or NIC_E_BADPKT when the frame is not tagged. */
int nic_vlan_strip(uint8_t *f, uint32_t len, uint16_t *tci);
/* Strip without moving the payload: shifts the 12 MAC bytes forward by 4 and
 * advances segment 0 (RX fast path).  Same returns as nic_vlan_strip. */
int nic_vlan_strip_seg(struct nic_packet *p, uint16_t *tci);

/* ---- LRO (nic_lro.c) ---- */
#ifndef NIC_LRO_MAX_FLOWS
#define NIC_LRO_MAX_FLOWS 8
#endif
#define NIC_LRO_SW_VERIFY 1u   /* lo_flags: verify checksums in software when hw did not */

struct nic_lro_flow {
	struct nic_packet lf_pkt;   /* the held (coalesced) packet */
	uint8_t lf_active;
	uint8_t lf_v6;
	uint8_t lf_optlen;          /* TCP option bytes */
	uint8_t lf_short;           /* last merged payload < first: next merge flushes */
	uint16_t lf_hdr_len;        /* l2 + l3 + l4 */
	uint16_t lf_first_pay;      /* payload bytes of the first segment */
	uint32_t lf_next_seq;
	uint32_t lf_ack;
	uint32_t lf_payload;        /* bytes of payload held */
	uint32_t lf_nmerged;
	uint64_t lf_stamp;          /* arrival order, for eviction */
	uint8_t lf_key[40];         /* addresses, ports, vlan */
	uint8_t lf_opts[40];
};

struct nic_lro_stats {
	uint64_t ls_merged;     /* packets merged into a held one */
	uint64_t ls_flushed;    /* held packets delivered */
	uint64_t ls_passed;     /* packets not eligible, passed through */
	uint64_t ls_evicted;    /* flushed because the table was full */
};

/* deliver: called by the LRO engine with a packet it owns no more (held
 * packet flushed).  Owned by the caller of nic_lro_init. */
typedef void (*nic_lro_deliver_fn)(void *ctx, struct nic_packet *p);

struct nic_lro {
	struct nic_lro_flow lo_flows[NIC_LRO_MAX_FLOWS];
	uint32_t lo_max_len;        /* largest IP datagram built (<= 65535) */
	uint32_t lo_flags;          /* NIC_LRO_* */
	uint64_t lo_clock;
	nic_lro_deliver_fn lo_deliver;
	void *lo_ctx;
	struct nic_lro_stats lo_stats;
};

#define NIC_LRO_PASS 0   /* not taken: the caller delivers p itself, now */
#define NIC_LRO_HELD 1   /* taken: p was copied into the engine (the caller must not deliver it) */

void nic_lro_init(struct nic_lro *l, uint32_t max_len, uint32_t flags,
		  nic_lro_deliver_fn deliver, void *ctx);
/* Offer one received packet (segments with ns_va).  Held packets that must go
 * first (flow broken, table full) are delivered before this returns, so the
 * order of a flow is always kept. */
int nic_lro_rx(struct nic_lro *l, struct nic_packet *p);
/* Deliver every held packet (end of a poll, timer). */
void nic_lro_flush_all(struct nic_lro *l);

#endif /* NIC_OFFLOAD_H */
