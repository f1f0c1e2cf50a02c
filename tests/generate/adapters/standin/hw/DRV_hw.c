/* SPDX-License-Identifier: GPL-2.0-only */
/* Stand-in hw layer (test support only): no descriptors, loopback in the stand-in core. */
#include "DRV_hw.h"

struct DRV_hw {
	struct nic_os *os;
};

static struct DRV_hw DRV_hw_softc;

int DRV_hw_attach(struct nic_os *os, void **hw)
{
	DRV_hw_softc.os = os;
	*hw = &DRV_hw_softc;
	return 0;
}

void DRV_hw_detach(void *hw)
{
	(void)hw;
}

void DRV_hw_mac_addr(void *hw, uint8_t mac[6])
{
	struct DRV_hw *h = hw;
	uint32_t lo = nic_os_read32(h->os, 0x5400), hi = nic_os_read32(h->os, 0x5404);

	mac[0] = (uint8_t)lo;
	mac[1] = (uint8_t)(lo >> 8);
	mac[2] = (uint8_t)(lo >> 16);
	mac[3] = (uint8_t)(lo >> 24);
	mac[4] = (uint8_t)hi;
	mac[5] = (uint8_t)(hi >> 8);
}

uint32_t DRV_hw_caps(void *hw)
{
	(void)hw;
	return DRV_hw_ops.ho_caps;
}

const struct nic_hw_ops DRV_hw_ops = {
	.ho_name = "standin-loopback",
	.ho_caps = NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM |
		   NIC_HWCAP_TX_TSO4 | NIC_HWCAP_TX_VLAN | NIC_HWCAP_RX_CSUM | NIC_HWCAP_RX_VLAN |
		   NIC_HWCAP_RX_HASH,
	.ho_tx_max_segs = 18,
	.ho_tx_extra_descs = 1,
	.ho_max_frame = 1522,
};
