/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness: the RX (and TX completion) path against a hostile hw
 * layer whose every answer comes from the fuzz input: bogus lengths, DD set
 * early / huge available counts, out-of-order indices, error bits, negative
 * returns, impossible completion counts.  The core must never read or write
 * out of bounds, never lose or double-free a buffer (the user osdep aborts on
 * a double free; at the end every buffer must be back in the pool).
 */
#include "nic_core.h"
#include "osdep_user/nic_osdep_user.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static const uint8_t *fz;
static size_t fz_left;

static uint32_t take(uint32_t n_bytes)
{
	uint32_t v = 0;

	while (n_bytes--) {
		v <<= 8;
		if (fz_left) {
			v |= *fz++;
			fz_left--;
		}
	}
	return v;
}

static uint8_t ring_mem[2][65536];

static int h_ring_bytes(void *hw, enum nic_ring_kind k, uint32_t nd, size_t *b, size_t *a)
{
	(void)hw; (void)k;
	*b = nd * 16;
	*a = 64;
	return 0;
}
static int h_setup(void *hw, const struct nic_ring_setup *rs) { (void)hw; (void)rs; return 0; }
static void h_stop(void *hw, enum nic_ring_kind k, uint16_t q) { (void)hw; (void)k; (void)q; }

static int h_encap(void *hw, struct nic_txd_info *ti)
{
	uint32_t sel = take(1);

	(void)hw;
	if (sel == 0xff)
		return NIC_E_IO;
	/* usually honest, sometimes lies about the slots used */
	ti->ti_new_pidx = ti->ti_pidx + (sel < 0xf0 ? ti->ti_nsegs : sel & 0x3f);
	ti->ti_last = sel < 0xf0 ? ti->ti_pidx + ti->ti_nsegs - 1 : ti->ti_pidx + (sel & 7);
	return 0;
}
static void h_txflush(void *hw, uint16_t q, uint32_t p) { (void)hw; (void)q; (void)p; }
static uint32_t h_credits(void *hw, uint16_t q, uint32_t c, uint32_t max)
{
	(void)hw; (void)q; (void)c; (void)max;
	return take(1) % 40;  /* may exceed what is in flight */
}
static uint32_t h_avail(void *hw, uint16_t q, uint32_t c, uint32_t max)
{
	uint32_t v = take(1);

	(void)hw; (void)q; (void)c; (void)max;
	return v >= 0xf0 ? 100000 : v % 24;  /* sometimes far more than posted */
}
static int h_get(void *hw, struct nic_rxd_info *ri)
{
	uint32_t sel = take(1);

	(void)hw;
	ri->ri_len = take(2) % 3000;        /* may exceed the buffer */
	ri->ri_eop = (sel & 3) != 0;
	ri->ri_error = (sel & 0x1c) == 0x1c ? NIC_RXE_CRC : 0;
	ri->ri_status = take(1);
	ri->ri_vtag = 0x0abc;
	ri->ri_hash = 0x12345678;
	if ((sel & 0xe0) == 0xe0)
		ri->ri_idx = ri->ri_cidx + 1;    /* out of order */
	return (sel & 0xe0) == 0xc0 ? NIC_E_IO : 0;
}
static void h_refill(void *hw, const struct nic_rxd_update *ru)
{
	uint32_t i;

	(void)hw;
	for (i = 0; i < ru->ru_count; i++)
		CHECK(ru->ru_paddrs[i] != 0);
}
static void h_rxflush(void *hw, uint16_t q, uint32_t p) { (void)hw; (void)q; (void)p; }
static int h_ie(void *hw, uint16_t v) { (void)hw; (void)v; return 0; }
static void h_id(void *hw, uint16_t v) { (void)hw; (void)v; }
static uint32_t h_cause(void *hw, uint64_t *r, uint64_t *t) { (void)hw; *r = 1; *t = 1; return 1; }

static const struct nic_hw_ops hostile_ops = {
	.ho_name = "hostile",
	.ho_caps = NIC_HWCAP_TX_CTX_DESC | NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM,
	.ho_tx_max_segs = 8,
	.ho_tx_extra_descs = 1,
	.ho_max_frame = 1518,
	.ho_ring_bytes = h_ring_bytes,
	.ho_queue_setup = h_setup,
	.ho_queue_stop = h_stop,
	.ho_txd_encap = h_encap,
	.ho_txd_flush = h_txflush,
	.ho_txd_credits_update = h_credits,
	.ho_rxd_available = h_avail,
	.ho_rxd_get = h_get,
	.ho_rxd_refill = h_refill,
	.ho_rxd_flush = h_rxflush,
	.ho_intr_enable = h_ie,
	.ho_intr_disable = h_id,
	.ho_intr_cause = h_cause,
};

static uint8_t txdata[8][2048];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nic_packet pk[64];
	struct nic_os *os;
	struct nic_dev dev;
	struct nic_rxq *rq;
	struct nic_txq *tq;
	struct nic_rxq_conf rc;
	struct nic_txq_conf tc;
	void *held[4096];
	uint32_t nheld = 0, i, rounds = 0;
	uint32_t nd;

	(void)ring_mem;
	fz = data;
	fz_left = size;
	nd = 8u << (take(1) % 3);
	os = nic_user_os_create(nd * 3, 1024);
	os->alloc_fail_every = take(1) % 5;
	os->short_buf_every = take(1) % 11;
	nic_dev_init(&dev, os, &hostile_ops, NULL);
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = nd;
	rc.rc_buf_size = 1024;
	rc.rc_flags = take(1) & (NIC_RXQ_SW_VLAN | NIC_RXQ_SW_CSUM);
	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = nd;
	tc.tc_db_batch = 4;
	CHECK(nic_rxq_create(&dev, &rc, &rq) == 0);
	CHECK(nic_txq_create(&dev, &tc, &tq) == 0);
	/* optional hooks absent: the core says so, never calls NULL */
	CHECK(nic_intr_map(&dev, 0, 1, 1, 0) == NIC_E_NOSYS);
	CHECK(nic_dev_rx_features(&dev, NIC_RXF_CSUM) == NIC_E_NOSYS);

	while (fz_left && rounds++ < 200) {
		uint32_t op = take(1), n, k;

		switch (op % 4) {
		case 0: /* poll */
			n = nic_rx_poll(rq, pk, 1 + take(1) % 64);
			for (k = 0; k < n; k++) {
				uint32_t tot = 0;
				uint16_t s;

				CHECK(pk[k].np_nsegs >= 1 && pk[k].np_nsegs <= NIC_PKT_MAX_SEGS);
				for (s = 0; s < pk[k].np_nsegs; s++) {
					CHECK(pk[k].np_segs[s].ns_len <= 1024);
					/* touch every byte handed up */
					if (pk[k].np_segs[s].ns_len)
						CHECK(pk[k].np_segs[s].ns_va[pk[k].np_segs[s].ns_len - 1] ||
						      1);
					tot += pk[k].np_segs[s].ns_len;
					CHECK(nheld < 4096);
					held[nheld++] = pk[k].np_segs[s].ns_cookie;
				}
				CHECK(tot == pk[k].np_len);
			}
			break;
		case 1: /* the adapter gives buffers back */
			for (i = 0; i < nheld; i++)
				nic_user_buf_release(os, held[i]);
			nheld = 0;
			break;
		case 2: /* refill */
			(void)nic_rx_refill(rq, take(1));
			break;
		default: { /* TX submit + complete */
			struct nic_packet p;
			void *ck[64];

			nic_packet_init(&p);
			p.np_nsegs = (uint16_t)(1 + take(1) % 8);
			for (k = 0; k < p.np_nsegs; k++) {
				p.np_segs[k].ns_va = txdata[k];
				p.np_segs[k].ns_dma = (nic_dma_addr_t)(uintptr_t)txdata[k];
				p.np_segs[k].ns_len = 60;
			}
			p.np_len = 60u * p.np_nsegs;
			p.np_cookie = (void *)(uintptr_t)(0x1000 + rounds);
			(void)nic_tx_submit(tq, &p, take(1) & 1 ? NIC_TX_MORE : 0);
			n = nic_tx_complete(tq, ck, 64);
			CHECK(n <= 64);
			CHECK(nic_tx_avail(tq) <= nd - 1);
			break;
		}
		}
		CHECK(rq->rq_posted <= nd - 1);
	}
	{
		void *ck[64];

		while (nic_txq_drain(tq, ck, 64) == 64)
			;
	}
	nic_txq_destroy(tq);
	nic_rxq_destroy(rq);
	for (i = 0; i < nheld; i++)
		nic_user_buf_release(os, held[i]);
	CHECK(os->nfree == os->nbufs);          /* every buffer came back exactly once */
	CHECK(os->bytes_live == 0 && os->ncoherent_live == 0);
	nic_user_os_destroy(os);
	return 0;
}
