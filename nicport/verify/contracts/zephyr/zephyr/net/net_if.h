/* L0 contract (nicport): Zephyr <zephyr/net/net_if.h> subset -- Network Interface. */
#ifndef NICPORT_ZEPHYR_NET_IF_H_
#define NICPORT_ZEPHYR_NET_IF_H_
#include <zephyr/device.h>
struct net_if;
struct net_pkt;
struct net_if_api { void (*init)(struct net_if *iface); };
enum net_link_type { NET_LINK_UNKNOWN = 0, NET_LINK_ETHERNET = 3 };
const struct device *net_if_get_device(struct net_if *iface);
int	net_if_set_link_addr(struct net_if *iface, uint8_t *addr, uint8_t len,
	    enum net_link_type type);
void	net_if_carrier_on(struct net_if *iface);
int	net_recv_data(struct net_if *iface, struct net_pkt *pkt);
#endif
