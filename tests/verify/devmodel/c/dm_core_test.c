// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm_core_test.c - the portable core + a generated hw layer against the device model.
 *
 *   dm_core_test <drv> smoke   N          TX -> model (loopback) -> RX, payloads compared
 *   dm_core_test <drv> stress  N          flood with buffer recycling, N packets
 *   dm_core_test <drv> hostile N SEED     faults injected; the core must survive, count errors
 *   dm_core_test <drv> tso     OUT.bin    one TSO + one checksum-offload + one VLAN packet; wire frames to OUT.bin
 *
 * Prints one line "key=value ..." on success; exits non-zero on any loss or mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_core.h"
#include "dm_common.h"
#include "nic_osdep_devmodel.h"
#include HW_HEADER

#define NDESC		256
#define BUF		2048
#define NBUFS		4096

static struct nic_devmodel *dm;
static struct nic_os *os;
static struct nic_dev dev;
static void *hw;
#define MAXQ		8
static struct nic_txq *txqs[MAXQ];
static struct nic_rxq *rxqs[MAXQ];
static struct nic_txq *txq;
static struct nic_rxq *rxq;
static uint16_t nq = 1;
static uint64_t irqs;

static void on_irq(void *ctx) { (void)ctx; irqs++; }


static void setup(int loopback, uint32_t backlog, uint32_t seed)
{
	struct nic_devmodel_cfg cfg;
	struct nic_txq_conf tc;
	struct nic_rxq_conf rc;
	int err;

	memset(&cfg, 0, sizeof(cfg));
	cfg.loopback = loopback;
	cfg.capture = !loopback;
	cfg.rx_backlog = backlog;
	cfg.seed = seed;
	cfg.irq = on_irq;
	dm = nic_devmodel_create(&cfg);
	if (!dm)
		FAIL("devmodel create");
	os = nic_dm_os_create(dm, NBUFS, BUF);
	if (HW_ATTACH(os, &hw))
		FAIL("hw attach");
	nic_dev_init(&dev, os, &HW_OPS, hw);
	if (nic_hw_ops_check(&HW_OPS))
		FAIL("ops table rejected by the core");
	memset(&tc, 0, sizeof(tc));
	tc.tc_ndesc = NDESC;
	tc.tc_rs_interval = 4;
	memset(&rc, 0, sizeof(rc));
	rc.rc_ndesc = NDESC;
	rc.rc_buf_size = BUF;
	rc.rc_refill_batch = 16;
	for (uint16_t q = 0; q < nq; q++) {
		tc.tc_qid = q;
		rc.rc_qid = q;
		if ((err = nic_txq_create(&dev, &tc, &txqs[q])))
			FAIL("txq %u create %d", q, err);
		if ((err = nic_rxq_create(&dev, &rc, &rxqs[q])))
			FAIL("rxq %u create %d", q, err);
		dev.nd_txq[q] = txqs[q];
		dev.nd_rxq[q] = rxqs[q];
	}
	dev.nd_ntxq = dev.nd_nrxq = nq;
	txq = txqs[0];
	rxq = rxqs[0];
	nic_intr_enable(&dev, 0);
}

static void teardown(void)
{
	void *ck[64];

	for (uint16_t q = 0; q < nq; q++) {
		while (nic_txq_drain(txqs[q], ck, 64) == 64)
			;
		nic_txq_destroy(txqs[q]);
		nic_rxq_destroy(rxqs[q]);
	}
	HW_DETACH(hw);
	if (os->zalloc_live || os->coherent_live)
		FAIL("leak: zalloc %llu coherent %llu", (unsigned long long)os->zalloc_live,
		     (unsigned long long)os->coherent_live);
	if (nic_dm_buf_count(os, NIC_DM_BUF_POOL) != NBUFS)
		FAIL("rx buffers not all back in the pool: %u", nic_dm_buf_count(os, NIC_DM_BUF_POOL));
	nic_dm_os_destroy(os);
	nic_devmodel_destroy(dm);
}

/* a UDP/IPv4 frame whose payload encodes seq */
struct txbuf {
	uint8_t data[BUF];
	uint32_t len;
	int busy;
};
static struct txbuf tx[NDESC * 2];

static uint64_t rx_ok, rx_bad_payload, tx_sent, tx_done;
static uint32_t expect_seq;
static int check_order = 1;

static void rx_drain(uint32_t budget_rounds)
{
	struct nic_packet pk[32];
	uint32_t r, n, i, s;

	for (r = 0; r < budget_rounds; r++) {
		n = nic_rx_poll(rxq, pk, 32);
		for (i = 0; i < n; i++) {
			uint8_t flat[BUF * 2];
			uint32_t off = 0, seq;

			for (s = 0; s < pk[i].np_nsegs; s++) {
				if (off + pk[i].np_segs[s].ns_len <= sizeof(flat))
					memcpy(flat + off, pk[i].np_segs[s].ns_va, pk[i].np_segs[s].ns_len);
				off += pk[i].np_segs[s].ns_len;
				nic_dm_buf_up(os, pk[i].np_segs[s].ns_cookie);
				nic_dm_buf_release(os, pk[i].np_segs[s].ns_cookie);
			}
			if (off < 46) {
				rx_bad_payload++;
				continue;
			}
			memcpy(&seq, flat + 42, 4);
			if (check_order && seq != expect_seq)
				FAIL("out of order: got %u want %u", seq, expect_seq);
			{
				uint8_t ref[BUF];
				uint32_t want = make_frame(ref, seq, off);

				if (want != off || memcmp(ref, flat, off) != 0)
					rx_bad_payload++;
				else
					rx_ok++;
			}
			expect_seq = seq + 1;
		}
		if (n == 0)
			break;
	}
}

static void tx_reclaim(void)
{
	void *ck[64];
	uint32_t n, i;

	while ((n = nic_tx_complete(txq, ck, 64)) > 0) {
		for (i = 0; i < n; i++) {
			struct txbuf *b = ck[i];

			if (!b->busy)
				FAIL("completion of a packet not in flight");
			b->busy = 0;
			tx_done++;
		}
	}
}

static int send_one(uint32_t seq, uint32_t len)
{
	static uint32_t slot;
	struct txbuf *b = NULL;
	struct nic_packet p;
	uint32_t k;
	int rc;

	for (k = 0; k < NDESC * 2; k++) {
		struct txbuf *c = &tx[(slot + k) % (NDESC * 2)];

		if (!c->busy) {
			b = c;
			slot = (slot + k + 1) % (NDESC * 2);
			break;
		}
	}
	if (!b)
		return NIC_E_RINGFULL;
	b->len = make_frame(b->data, seq, len);
	memset(&p, 0, sizeof(p));
	/* two segments: header and payload (exercises multi-descriptor packets) */
	p.np_nsegs = 2;
	p.np_segs[0].ns_va = b->data;
	p.np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)b->data;
	p.np_segs[0].ns_len = 42;
	p.np_segs[1].ns_va = b->data + 42;
	p.np_segs[1].ns_dma = (nic_dma_addr_t)(uintptr_t)(b->data + 42);
	p.np_segs[1].ns_len = b->len - 42;
	p.np_len = b->len;
	p.np_cookie = b;
	rc = nic_tx_submit(txq, &p, 0);
	if (rc == 0) {
		b->busy = 1;
		tx_sent++;
	}
	return rc;
}

static int run_flow(uint32_t n, int hostile)
{
	uint32_t seq = 0, spins = 0;

	while (seq < n) {
		uint32_t len = 60 + (seq * 37) % 1400;
		int rc = send_one(seq, len);

		if (rc == 0) {
			seq++;
			spins = 0;
		} else if (rc != NIC_E_RINGFULL) {
			FAIL("submit %d", rc);
		}
		if (rc != 0 || (seq % 8) == 0) {
			uint64_t rxm, txm;

			if (irqs || hostile)	/* a dropped interrupt: poll anyway, as a watchdog would */
				(void)nic_intr_cause(&dev, &rxm, &txm);
			nic_devmodel_poll(dm);
			tx_reclaim();
			rx_drain(64);
			if (rc != 0 && ++spins > 100000)
				FAIL("stuck at seq %u", seq);
		}
	}
	for (spins = 0; spins < 1000 && (tx_done < tx_sent || (!hostile && rx_ok + rx_bad_payload < tx_sent)); spins++) {
		nic_tx_flush(txq);
		nic_devmodel_poll(dm);
		tx_reclaim();
		rx_drain(64);
	}
	return 0;
}

static void print_stats(const char *mode)
{
	struct nic_devmodel_stats st;

	nic_devmodel_get_stats(dm, &st);
	printf("mode=%s sent=%llu done=%llu rx_ok=%llu rx_bad=%llu rs_errors=%llu rs_drops=%llu "
	       "rs_hw_bogus=%llu ts_hw_bogus=%llu ts_errors=%llu dm_tx=%llu dm_rx=%llu dm_missed=%llu "
	       "dm_faults=%llu irqs=%llu irqs_dropped=%llu\n", mode,
	       (unsigned long long)tx_sent, (unsigned long long)tx_done, (unsigned long long)rx_ok,
	       (unsigned long long)rx_bad_payload, (unsigned long long)rxq->rq_stats.rs_errors,
	       (unsigned long long)rxq->rq_stats.rs_drops, (unsigned long long)rxq->rq_stats.rs_hw_bogus,
	       (unsigned long long)txq->tq_stats.ts_hw_bogus, (unsigned long long)txq->tq_stats.ts_errors,
	       (unsigned long long)st.tx_frames, (unsigned long long)st.rx_frames,
	       (unsigned long long)st.rx_missed, (unsigned long long)st.faults,
	       (unsigned long long)st.irqs, (unsigned long long)st.irqs_dropped);
}

/* one TCP/IPv4 packet of `paylen` bytes with offloads; frames to the capture */
static void send_offload(uint32_t ol, uint32_t paylen, uint16_t mss, uint16_t vtag)
{
	static uint8_t pkt[70000];
	struct nic_packet p;
	uint32_t len = 54 + paylen, i;
	int rc;

	memset(pkt, 0, 54);
	memcpy(pkt, "\x52\x54\x00\x12\x34\x56\x52\x54\x00\xab\xcd\xef\x08\x00", 14);
	pkt[14] = 0x45;
	pkt[16] = (uint8_t)((len - 14) >> 8);
	pkt[17] = (uint8_t)(len - 14);
	pkt[18] = 0x12; pkt[19] = 0x34;
	pkt[20] = 0x40;
	pkt[22] = 64;
	pkt[23] = 6;
	memcpy(pkt + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	pkt[34] = 0x04; pkt[35] = 0xd2; pkt[36] = 0x16; pkt[37] = 0x2e;
	pkt[38] = 0x10; pkt[39] = 0x00; pkt[40] = 0x00; pkt[41] = 0x01;	/* seq 0x10000001 */
	pkt[46] = 0x50;
	pkt[47] = 0x18;	/* ACK PSH */
	pkt[48] = 0xff; pkt[49] = 0xff;
	for (i = 0; i < paylen; i++)
		pkt[54 + i] = (uint8_t)(i * 13 + 1);
	memset(&p, 0, sizeof(p));
	p.np_nsegs = 2;
	p.np_segs[0].ns_va = pkt;
	p.np_segs[0].ns_dma = (nic_dma_addr_t)(uintptr_t)pkt;
	p.np_segs[0].ns_len = 54;
	p.np_segs[1].ns_va = pkt + 54;
	p.np_segs[1].ns_dma = (nic_dma_addr_t)(uintptr_t)(pkt + 54);
	p.np_segs[1].ns_len = paylen;
	p.np_len = len;
	p.np_ol_flags = ol;
	p.np_mss = mss;
	p.np_vlan_tci = vtag;
	p.np_cookie = pkt;
	rc = nic_tx_submit(txq, &p, 0);
	if (rc)
		FAIL("offload submit %d", rc);
	nic_devmodel_poll(dm);
	{
		void *ck[8];

		if (nic_tx_complete(txq, ck, 8) != 1)
			FAIL("offload packet not completed");
	}
}

int main(int argc, char **argv)
{
	const char *mode;

	if (argc < 4)
		FAIL("usage: %s DRV smoke|stress|hostile|tso ARG [SEED]", argv[0]);
	mode = argv[2];
	if (strcmp(mode, "smoke") == 0 || strcmp(mode, "stress") == 0) {
		uint32_t n = (uint32_t)strtoul(argv[3], NULL, 0);

		setup(1, strcmp(mode, "stress") == 0 ? 0 : 4096, 1);
		run_flow(n, 0);
		print_stats(mode);
		if (tx_done != n || rx_ok != n || rx_bad_payload)
			FAIL("lost or damaged: sent %u done %llu rx_ok %llu bad %llu", n,
			     (unsigned long long)tx_done, (unsigned long long)rx_ok, (unsigned long long)rx_bad_payload);
		teardown();
		return 0;
	}
	if (strcmp(mode, "hostile") == 0) {
		uint32_t n = (uint32_t)strtoul(argv[3], NULL, 0);
		uint32_t seed = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 0) : 7;

		setup(1, 4096, seed);
		check_order = 0;
		nic_devmodel_set_hostile(dm, NIC_DM_ALL_FAULTS, 8);
		run_flow(n, 1);
		nic_devmodel_set_hostile(dm, 0, 0);
		run_flow(0, 1);
		print_stats(mode);
		teardown();
		return 0;
	}
	if (strcmp(mode, "mq") == 0) {	/* N packets on each of NQ queue pairs */
		uint32_t n = (uint32_t)strtoul(argv[3], NULL, 0), i;
		uint64_t per_rx[MAXQ] = { 0 }, per_tx[MAXQ] = { 0 };
		uint16_t q;

		nq = (uint16_t)(argc > 4 ? strtoul(argv[4], NULL, 0) : 2);
		if (nq > MAXQ)
			FAIL("at most %d queues", MAXQ);
		setup(1, 4096, 1);
		check_order = 0;
		for (i = 0; i < n; i++) {
			for (q = 0; q < nq; q++) {
				uint64_t rxm = 0, txm = 0;

				txq = txqs[q];
				rxq = rxqs[q];
				while (send_one(i * nq + q, 60 + (i * 37) % 1400) == NIC_E_RINGFULL) {
					nic_tx_flush(txq);
					tx_reclaim();
					rx_drain(64);
				}
				(void)nic_intr_cause(&dev, &rxm, &txm);
				if (rxm != (1ull << nq) - 1 && rxm != 0)
					FAIL("rx mask 0x%llx", (unsigned long long)rxm);
				tx_reclaim();
				{
					uint64_t before = rx_ok;

					rx_drain(64);
					per_rx[q] += rx_ok - before;
				}
			}
		}
		for (q = 0; q < nq; q++) {
			txq = txqs[q];
			rxq = rxqs[q];
			nic_tx_flush(txq);
			nic_devmodel_poll(dm);
			tx_reclaim();
			{
				uint64_t before = rx_ok;

				rx_drain(64);
				per_rx[q] += rx_ok - before;
			}
			per_tx[q] = txqs[q]->tq_stats.ts_completed;
		}
		printf("mode=mq nq=%u sent=%llu done=%llu rx_ok=%llu rx_bad=%llu", nq,
		       (unsigned long long)tx_sent, (unsigned long long)tx_done,
		       (unsigned long long)rx_ok, (unsigned long long)rx_bad_payload);
		for (q = 0; q < nq; q++)
			printf(" rx%u=%llu tx%u=%llu rxq%u_pkts=%llu", q, (unsigned long long)per_rx[q], q,
			       (unsigned long long)per_tx[q], q, (unsigned long long)rxqs[q]->rq_stats.rs_packets);
		printf("\n");
		teardown();
		return 0;
	}
	if (strcmp(mode, "noenable") == 0) {	/* clear one enable register, then try to send */
		uint32_t off = (uint32_t)strtoul(argv[3], NULL, 0);

		setup(1, 0, 1);
		nic_devmodel_mmio_write(dm, off, 0);
		if (send_one(0, 100) != 0)
			FAIL("submit");
		nic_tx_flush(txq);
		nic_devmodel_poll(dm);
		tx_reclaim();
		rx_drain(4);
		print_stats(mode);
		teardown();
		return 0;
	}
	if (strcmp(mode, "regs") == 0) {	/* registers after bring-up: regs OFF... */
		int i;

		setup(1, 0, 1);
		printf("mode=regs");
		for (i = 3; i < argc; i++) {
			uint32_t off = (uint32_t)strtoul(argv[i], NULL, 0);

			printf(" 0x%x=0x%x", off, nic_devmodel_mmio_read(dm, off));
		}
		printf("\n");
		teardown();
		return 0;
	}
	if (strcmp(mode, "tso") == 0) {
		FILE *fp;
		uint32_t i;

		setup(0, 0, 1);
		send_offload(NIC_TXOL_TSO | NIC_TXOL_L4_CSUM | NIC_TXOL_IP4_CSUM, 5000, 1448, 0);
		send_offload(NIC_TXOL_L4_CSUM | NIC_TXOL_IP4_CSUM, 700, 0, 0);
		if (HW_OPS.ho_caps & NIC_HWCAP_TX_VLAN) {
			send_offload(NIC_TXOL_L4_CSUM | NIC_TXOL_IP4_CSUM | NIC_TXOL_VLAN, 300, 0, 0x0123);
			send_offload(NIC_TXOL_TSO | NIC_TXOL_VLAN, 3000, 1000, 0x0064);
		} else {
			send_offload(NIC_TXOL_L4_CSUM | NIC_TXOL_IP4_CSUM, 300, 0, 0);
			send_offload(NIC_TXOL_TSO, 3000, 1000, 0);
		}
		fp = fopen(argv[3], "wb");
		if (!fp)
			FAIL("open %s", argv[3]);
		for (i = 0; i < nic_devmodel_capture_count(dm); i++) {
			const uint8_t *f;
			uint32_t len;

			nic_devmodel_capture_get(dm, i, &f, &len);
			fwrite(&len, 4, 1, fp);
			fwrite(f, 1, len, fp);
		}
		fclose(fp);
		printf("mode=tso frames=%u\n", nic_devmodel_capture_count(dm));
		teardown();
		return 0;
	}
	FAIL("unknown mode %s", mode);
}
