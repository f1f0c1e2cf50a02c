/* L0 contract (nicport): Zephyr <zephyr/net/net_pkt.h> subset -- Network Packet (net_pkt). */
#ifndef NICPORT_ZEPHYR_NET_PKT_H_
#define NICPORT_ZEPHYR_NET_PKT_H_
#include <zephyr/kernel.h>
#include <zephyr/net/buf.h>
#include <zephyr/net/net_if.h>
struct net_pkt {
	struct net_buf	*buffer;	/* first fragment of the data */
};
#define AF_UNSPEC	0
size_t	net_pkt_get_len(struct net_pkt *pkt);
struct net_pkt *net_pkt_rx_alloc_with_buffer(struct net_if *iface, size_t size,
	    int family, int proto, k_timeout_t timeout);
int	net_pkt_write(struct net_pkt *pkt, const void *data, size_t length);
void	net_pkt_unref(struct net_pkt *pkt);
struct net_pkt *net_pkt_ref(struct net_pkt *pkt);
uint16_t net_pkt_vlan_tag(struct net_pkt *pkt);
void	net_pkt_set_vlan_tag(struct net_pkt *pkt, uint16_t tag);
#endif
