/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated NDIS miniport: DriverEntry, MiniportInitializeEx with a
 * memory resource per presented BAR, MiniportSendNetBufferLists with NBL/NB/MDL chains and
 * checksum / 802.1Q NBL info, ISR + DPC, receive indication and return,
 * PauseEx, HaltEx.
 */
#include <ndis.h>
#include "nic_hw.h"

#include "emu_host.h"
#include "emul_windows.h"

extern const struct nic_hw_ops HW_OPS;
DRIVER_INITIALIZE DriverEntry;

#define EMU_WIN_MORE	5	/* room for six memory descriptors */
#define WIN_CAPS_MASK	(NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM | \
	NIC_HWCAP_TX_TSO4 | NIC_HWCAP_TX_TSO6 | NIC_HWCAP_TX_VLAN | NIC_HWCAP_RX_CSUM)
/* NDIS_OFFLOAD + MacOptions as the miniport set them, as NIC_HWCAP_* */
static uint32_t advertised(void)
{
	const NDIS_OFFLOAD *o = &emu_offload;
	uint32_t a = 0;

	if (!emu_offload_set)
		emu_fail("no NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES set");
	a |= o->Checksum.IPv4Transmit.IpChecksum ? NIC_HWCAP_TX_IP4_CSUM : 0;
	a |= o->Checksum.IPv4Transmit.TcpChecksum ? NIC_HWCAP_TX_TCP_CSUM : 0;
	a |= o->Checksum.IPv4Transmit.UdpChecksum ? NIC_HWCAP_TX_UDP_CSUM : 0;
	a |= o->Checksum.IPv4Receive.TcpChecksum ? NIC_HWCAP_RX_CSUM : 0;
	a |= o->LsoV2.IPv4.MaxOffLoadSize ? NIC_HWCAP_TX_TSO4 : 0;
	a |= o->LsoV2.IPv6.MaxOffLoadSize ? NIC_HWCAP_TX_TSO6 : 0;
	a |= (emu_mac_options & NDIS_MAC_OPTION_8021Q_VLAN) ? NIC_HWCAP_TX_VLAN : 0;
	return a;
}

int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	NDIS_MINIPORT_INIT_PARAMETERS ip;
	struct {
		CM_PARTIAL_RESOURCE_LIST l;
		CM_PARTIAL_RESOURCE_DESCRIPTOR more[EMU_WIN_MORE];	/* the list's tail */
	} res;
	uint32_t i, allowed = 0, caps = HW_OPS.ho_caps;
	int spins;

	if ((caps & NIC_HWCAP_TX_UDP_CSUM) && (caps & NIC_HWCAP_TX_IP4_CSUM))
		allowed |= EMU_OL_CSUM;
#ifdef EMU_ALLOW_VLAN
	if (caps & NIC_HWCAP_TX_VLAN)
		allowed |= EMU_OL_VLAN;
#endif
	if (emu_dev_init() != 0)
		emu_fail("device model");
	if (DriverEntry(NULL, NULL) != NDIS_STATUS_SUCCESS)
		emu_fail("DriverEntry");
	/*
	 * The virtio-pci function is presented in QEMU's layout (the model's own):
	 * its structures in the 64-bit BAR 4, the MSI-X table in BAR 1.  The
	 * resource list holds one memory descriptor per presented BAR, BAR 1's
	 * first, so the adapter finds BAR 4 by the address its configuration space
	 * reports (nic_os_pci_map_bar).  EMU_PCI_BAR=n presents the structures in
	 * BAR n instead.
	 */
	emu_pci_present_bar(4);
	emu_set_pci_id(EMU_VENDOR, EMU_DEVICE);
	memset(&ip, 0, sizeof(ip));
	memset(&res, 0, sizeof(res));
	res.l.Count = emu_win_resources(res.l.PartialDescriptors, 1 + EMU_WIN_MORE);
	ip.AllocatedResources = &res.l;
	if (emu_failpath()) {
		/* a failed MiniportInitializeEx gets no MiniportHaltEx: it cleans up itself */
		NDIS_STATUS st = emu_chars.InitializeHandlerEx((NDIS_HANDLE)&ip, NULL, &ip);

		if (st == NDIS_STATUS_SUCCESS) {
			if (emu_chars.PauseHandler(emu_adapter_ctx, NULL) != NDIS_STATUS_SUCCESS)
				emu_fail("MiniportPauseEx");
			emu_chars.HaltHandlerEx(emu_adapter_ctx, NdisHaltDeviceDisabled);
		}
		emu_chars.UnloadHandler(NULL);
		emu_dev_fini();
		if (emu_win_maps_live() != 0)
			emu_fail("%d register mappings left (NdisMMapIoSpace without NdisMUnmapIoSpace)",
			    emu_win_maps_live());
		return emu_failpath_verdict("windows", st == NDIS_STATUS_SUCCESS ? 0 : (int)st,
		    emu_live(EMU_PKT), emu_live(EMU_BUF), emu_live(EMU_DMA), emu_intr_live());
	}
	if (emu_chars.InitializeHandlerEx((NDIS_HANDLE)&ip, NULL, &ip) != NDIS_STATUS_SUCCESS)
		emu_fail("MiniportInitializeEx failed");
	emu_caps(advertised(), emu_hw_caps(), WIN_CAPS_MASK);
	if (!emu_offload.Checksum.IPv4Transmit.IpChecksum || !emu_offload.Checksum.IPv4Transmit.UdpChecksum)
		allowed &= ~EMU_OL_CSUM;
	if (!(emu_mac_options & NDIS_MAC_OPTION_8021Q_VLAN))
		allowed &= ~EMU_OL_VLAN;
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed);
		uint32_t len = emu_frame_tx(i, ol, f);
		PNET_BUFFER_LIST nbl = emu_nbl_new(f, len, 14 + 20 + 8);

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(emu_service, 64);	/* traffic must pass after it */

		if (ol & EMU_OL_CSUM) {
			NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO c;

			c.Value = NULL;
			c.Transmit.IsIPv4 = 1;
			c.Transmit.IpHeaderChecksum = 1;
			c.Transmit.UdpChecksum = 1;
			NET_BUFFER_LIST_INFO(nbl, TcpIpChecksumNetBufferListInfo) = c.Value;
		}
		if (ol & EMU_OL_VLAN) {
			NDIS_NET_BUFFER_LIST_8021Q_INFO v;

			v.Value = NULL;
			v.TagHeader.VlanId = EMU_VLAN_TCI & 0xfff;
			v.TagHeader.UserPriority = EMU_VLAN_TCI >> 13;
			NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo) = v.Value;
		}
		emu_chars.SendNetBufferListsHandler(emu_adapter_ctx, nbl, 0, 0);
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	if (emu_chars.PauseHandler(emu_adapter_ctx, NULL) != NDIS_STATUS_SUCCESS)
		emu_fail("MiniportPauseEx");
	emu_chars.HaltHandlerEx(emu_adapter_ctx, NdisHaltDeviceDisabled);
	emu_chars.UnloadHandler(NULL);
	emu_dev_fini();
	if (emu_win_maps_live() != 0)
		emu_fail("%d register mappings left (NdisMMapIoSpace without NdisMUnmapIoSpace)",
		    emu_win_maps_live());
	if (emu_completed != EMU_FRAMES || emu_completed_bad != 0)
		emu_fail("%u NBLs completed (%u not successful), %u sent", emu_completed, emu_completed_bad,
		    EMU_FRAMES);
	return emu_verdict("windows", EMU_FRAMES, allowed, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA));
}
