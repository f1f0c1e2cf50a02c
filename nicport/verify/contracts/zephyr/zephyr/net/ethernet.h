/* L0 contract (nicport): Zephyr <zephyr/net/ethernet.h> subset -- Ethernet
 * (struct ethernet_api, enum ethernet_hw_caps, ethernet_init(), net_eth_carrier_on/off(),
 * ETH_NET_DEVICE_DT_INST_DEFINE). */
#ifndef NICPORT_ZEPHYR_ETHERNET_H_
#define NICPORT_ZEPHYR_ETHERNET_H_
#include <zephyr/net/net_if.h>
#include <zephyr/net/net_pkt.h>
#define NET_ETH_MTU	1500
enum ethernet_hw_caps {
	ETHERNET_HW_TX_CHKSUM_OFFLOAD	= 1 << 0,
	ETHERNET_HW_RX_CHKSUM_OFFLOAD	= 1 << 1,
	ETHERNET_HW_VLAN		= 1 << 2,
	ETHERNET_AUTO_NEGOTIATION_SET	= 1 << 3,
	ETHERNET_LINK_10BASE_T		= 1 << 4,
	ETHERNET_LINK_100BASE_T		= 1 << 5,
	ETHERNET_LINK_1000BASE_T	= 1 << 6,
	ETHERNET_HW_VLAN_TAG_STRIP	= 1 << 13,
};
struct ethernet_api {
	struct net_if_api iface_api;
	enum ethernet_hw_caps (*get_capabilities)(const struct device *dev);
	int (*send)(const struct device *dev, struct net_pkt *pkt);
};
void	ethernet_init(struct net_if *iface);
/* Ethernet L2 carrier: "Inform ethernet L2 driver that ethernet carrier is detected /
 * was lost" (net_eth_carrier_on / net_eth_carrier_off, Zephyr Ethernet API reference). */
void	net_eth_carrier_on(struct net_if *iface);
void	net_eth_carrier_off(struct net_if *iface);
/* Device definition for an Ethernet driver instance (statically allocated). */
#define ETH_NET_DEVICE_DT_INST_DEFINE(inst, init_fn, pm, data, config, prio, api, mtu) \
	const struct device nicport_eth_dev_##inst = { "eth" #inst, (config), (api), (data) }; \
	int (*const nicport_eth_init_##inst)(const struct device *) = (init_fn)
#define CONFIG_ETH_INIT_PRIORITY	80
#endif
