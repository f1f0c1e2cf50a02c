/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated Zephyr Ethernet driver: device init, iface init,
 * ethernet_api.send with two-fragment net_pkts (zero-copy, net_pkt_ref until
 * completion), ISR -> k_work -> net_recv_data on receive.
 */
#include <errno.h>
#include <zephyr/kernel.h>
#include <zephyr/device.h>
#include <zephyr/net/ethernet.h>
#include <zephyr/net/net_pkt.h>

#include "emu_host.h"
#include "emul_zephyr.h"
#include "nic_hw.h"

extern const struct device nicport_eth_dev_0;
extern int (*const nicport_eth_init_0)(const struct device *);


#define ZEPHYR_CAPS_MASK	NIC_HWCAP_RX_CSUM

int main(void)
{
	const struct device *dev = &nicport_eth_dev_0;
	const struct ethernet_api *api = dev->api;
	uint8_t f[EMU_FRAME_MAX];
	struct net_if *iface;
	uint32_t i;
	int spins;

	if (emu_dev_init() != 0)
		emu_fail("device model");
	if (emu_failpath()) {
		/* a driver whose init fails stays "not ready" and is never used again */
		int err = nicport_eth_init_0(dev);

		emu_dev_fini();
		if (err == 0 && emu_fail_fired()) {
			/* init absorbed the failure (e.g. fewer RX buffers); Zephyr has no teardown */
			return emu_failpath_absorbed("rtos/zephyr");
		}
		return emu_failpath_verdict("rtos/zephyr", err, emu_live(EMU_PKT), emu_live(EMU_BUF),
		    0, err != 0 ? emu_intr_live() : 0);
	}
	if (nicport_eth_init_0(dev) != 0)
		emu_fail("device init failed");
	{
		int c = api->get_capabilities(dev);
		uint32_t adv = 0;

		adv |= (c & ETHERNET_HW_RX_CHKSUM_OFFLOAD) ? NIC_HWCAP_RX_CSUM : 0;
		if (c & ETHERNET_HW_TX_CHKSUM_OFFLOAD)
			emu_fail("TX checksum offload claimed: the adapter does not request it");
		emu_caps(adv, emu_hw_caps(), ZEPHYR_CAPS_MASK);
	}
	iface = emu_iface_new(dev);
	api->iface_api.init(iface);
	for (i = 0; i < EMU_FRAMES; i++) {
		/* every 5th (+1) frame is sent with an inline 802.1Q tag (sums filled): it
		 * must come back tagged even where the device strips tags */
		uint32_t ol = emu_frame_offloads(i, EMU_OL_VLAN);
		uint32_t len = ol ? emu_frame_wire(i, ol, f) : emu_frame_tx(i, 0, f);
		struct net_pkt *pkt = emu_pkt_new();

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(emu_service, 64);	/* traffic must pass after it */

		emu_pkt_append(pkt, f, 14 + 20 + 8);
		emu_pkt_append(pkt, f + 42, (uint16_t)(len - 42));
		if (api->send(dev, pkt) != 0)
			emu_fail("send refused frame %u", i);
		net_pkt_unref(pkt);	/* the L2 layer drops its reference after send */
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	emu_free(iface, EMU_MEM);
	emu_dev_fini();
	return emu_verdict("rtos/zephyr", EMU_FRAMES, EMU_OL_VLAN, emu_live(EMU_PKT), emu_live(EMU_BUF), 0);
}
