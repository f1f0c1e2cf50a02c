/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated Linux adapter: pci_driver probe with the first ID of
 * its table, ndo_open, ndo_start_xmit with an skb of a linear head and one
 * page fragment (CHECKSUM_PARTIAL and hwaccel VLAN tags where offered), the
 * interrupt -> NAPI poll -> napi_gro_receive path, ndo_get_stats64, ndo_stop,
 * remove; BQL bytes sent must equal bytes completed.
 */
#include "nicport_linux_kpi.h"
#include "nic_hw.h"
#include "emu_host.h"
#include "emul_linux.h"

extern const struct nic_hw_ops HW_OPS;
extern struct pci_driver *nicport_linux_driver;

static void ip_csum(uint8_t *ip)
{
	uint32_t s = 0;
	int i;

	ip[10] = ip[11] = 0;
	for (i = 0; i < 20; i += 2)
		s += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	ip[10] = (uint8_t)(s >> 8);
	ip[11] = (uint8_t)s;
}

int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	struct pci_dev pdev;
	struct rtnl_link_stats64 st;
	uint32_t i, allowed = 0, caps = HW_OPS.ho_caps;
	struct net_device *nd;
	const struct pci_device_id *id;
	int spins;

	if (caps & NIC_HWCAP_TX_UDP_CSUM)
		allowed |= EMU_OL_CSUM;
	emu_memset(&pdev, 0, sizeof(pdev));
	/* the device's interrupt capabilities: MSI-X (2+ vectors), MSI, INTx */
	emu_set_irq_types(PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX);
	if (emu_dev_init() != 0)
		emu_fail("device model");
	/* the ID table entry the PCI core matches: the presented function's IDs, else the first */
	id = &nicport_linux_driver->id_table[0];
	if (emu_pci_present()) {
		uint32_t w = emu_pci_cfg_read32(0);
		const struct pci_device_id *e;

		for (e = nicport_linux_driver->id_table; e->vendor != 0; e++)
			if (e->vendor == (w & 0xffffU) && e->device == w >> 16)
				break;
		if (e->vendor == 0)
			emu_fail("no ID table entry matches the function %04x:%04x", w & 0xffffU, w >> 16);
		id = e;
	}
	if (nicport_linux_driver->probe(&pdev, id) != 0 || emu_netdev == NULL)
		emu_fail("probe failed");
	nd = emu_netdev;
	if (!(nd->features & NETIF_F_IP_CSUM))
		allowed &= ~EMU_OL_CSUM;
	if ((nd->features & NETIF_F_HW_VLAN_CTAG_TX) && (caps & NIC_HWCAP_TX_VLAN))
		allowed |= EMU_OL_VLAN;
	if (nd->netdev_ops->ndo_open(nd) != 0)
		emu_fail("ndo_open failed");
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed);
		uint32_t len = emu_frame_tx(i, ol, f);
		struct sk_buff *skb;
		skb_frag_t *fr;

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(emu_service, 64);	/* traffic must pass after it */
		skb = emu_skb_alloc(64);
		fr = &skb_shinfo(skb)->frags[0];

		if (ol & EMU_OL_CSUM) {
			/* the stack fills the IPv4 checksum and seeds the UDP one (CHECKSUM_PARTIAL) */
			uint32_t s = (10u << 8) + 1 + (10u << 8) + 2 + 17 + (len - 34);

			ip_csum(f + 14);
			while (s >> 16)
				s = (s & 0xffff) + (s >> 16);
			f[40] = (uint8_t)(s >> 8);
			f[41] = (uint8_t)s;
			skb->ip_summed = CHECKSUM_PARTIAL;
		}
		emu_memcpy(skb->data, f, 42);
		fr->va = emu_zalloc(len - 42, EMU_BUF);
		fr->off = 0;
		fr->size = len - 42;
		emu_memcpy(fr->va, f + 42, len - 42);
		skb_shinfo(skb)->nr_frags = 1;
		skb->len = len;
		skb->data_len = len - 42;
		skb->protocol = htons(ETH_P_IP);
		skb->network_header = 14;
		skb->transport_header = 34;
		if (ol & EMU_OL_VLAN) {
			skb->vlan_present = 1;
			skb->vlan_tci = EMU_VLAN_TCI;
		}
		if (nd->netdev_ops->ndo_start_xmit(skb, nd) != NETDEV_TX_OK)
			emu_fail("ndo_start_xmit refused frame %u", i);
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	emu_memset(&st, 0, sizeof(st));
	nd->netdev_ops->ndo_get_stats64(nd, &st);
	if (st.tx_packets != EMU_FRAMES || st.rx_packets != emu_rx_count())
		emu_fail("stats64: tx %llu rx %llu", (unsigned long long)st.tx_packets,
		    (unsigned long long)st.rx_packets);
	emu_bql_check(&nd->txq[0]);
	if (nd->netdev_ops->ndo_stop(nd) != 0)
		emu_fail("ndo_stop failed");
	nicport_linux_driver->remove(&pdev);
	emu_devm_release();
	emu_dev_fini();
	if (emu_dma_maps != 0)
		emu_fail("%ld streaming DMA mappings left", emu_dma_maps);
	return emu_verdict("linux", EMU_FRAMES, allowed, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA));
}
