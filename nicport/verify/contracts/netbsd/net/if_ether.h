/* L0 contract (nicport): NetBSD <net/if_ether.h> subset -- ethersubr(9), vlan(4). */
#ifndef _NICPORT_NBSD_NET_IF_ETHER_H_
#define _NICPORT_NBSD_NET_IF_ETHER_H_
#include <net/if.h>
#include <sys/mbuf.h>
#define ETHER_ADDR_LEN	6
#define ETHERCAP_VLAN_MTU	0x00000001
#define ETHERCAP_VLAN_HWTAGGING	0x00000002
struct ethercom {
	struct ifnet	ec_if;
	int		ec_capabilities;
	int		ec_capenable;
};
void	ether_ifattach(struct ifnet *, const uint8_t *);
void	ether_ifdetach(struct ifnet *);
int	ether_ioctl(struct ifnet *, u_long, void *);
/* vlan(4) tag helpers on the mbuf (NetBSD >= 9) */
bool	 vlan_has_tag(struct mbuf *);
uint16_t vlan_get_tag(struct mbuf *);
void	 vlan_set_tag(struct mbuf *, uint16_t);
#endif
