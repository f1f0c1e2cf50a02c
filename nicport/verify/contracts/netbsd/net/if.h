/* L0 contract (nicport): NetBSD <net/if.h> subset -- ifnet(9). */
#ifndef _NICPORT_NBSD_NET_IF_H_
#define _NICPORT_NBSD_NET_IF_H_
#include <sys/types.h>
struct mbuf;
struct if_percpuq;
#define IFNAMSIZ	16
#define IFF_UP		0x0001
#define IFF_BROADCAST	0x0002
#define IFF_RUNNING	0x0040
#define IFF_SIMPLEX	0x0800
#define IFF_MULTICAST	0x8000
#define IFCAP_CSUM_IPv4_Tx	0x00000002
#define IFCAP_CSUM_IPv4_Rx	0x00000001
#define IFCAP_CSUM_TCPv4_Tx	0x00000008
#define IFCAP_CSUM_TCPv4_Rx	0x00000004
#define IFCAP_CSUM_UDPv4_Tx	0x00000020
#define IFCAP_CSUM_UDPv4_Rx	0x00000010
#define IFCAP_CSUM_TCPv6_Tx	0x00000080
#define IFCAP_CSUM_UDPv6_Tx	0x00000200
#define IFCAP_TSOv4		0x00000400
typedef struct ifnet {
	char		 if_xname[IFNAMSIZ];
	void		*if_softc;
	int		 if_flags;	/* IFF_* */
	uint64_t	 if_capabilities;
	uint64_t	 if_capenable;
	int		 if_extflags;
	void		(*if_start)(struct ifnet *);
	int		(*if_transmit)(struct ifnet *, struct mbuf *);
	int		(*if_ioctl)(struct ifnet *, u_long, void *);
	int		(*if_init)(struct ifnet *);
	void		(*if_stop)(struct ifnet *, int);
	struct if_percpuq *if_percpuq;
	uint64_t	 if_baudrate;	/* ifnet(9): linespeed, bits per second */
} ifnet_t;
/* ifnet(9): link states for if_link_state_change; linespeed units */
#define LINK_STATE_UNKNOWN	0
#define LINK_STATE_DOWN		1
#define LINK_STATE_UP		2
#define IF_Kbps(x)	((x) * 1000ULL)
#define IF_Mbps(x)	(IF_Kbps((x) * 1000ULL))
/* ifnet(9): "void if_link_state_change(struct ifnet *ifp, int link_state)" */
void	if_link_state_change(struct ifnet *, int);
#define IFEF_MPSAFE	0x00000001
/* ifnet(9) */
void	if_initialize(struct ifnet *);
void	if_register(struct ifnet *);
void	if_detach(struct ifnet *);
struct if_percpuq *if_percpuq_create(struct ifnet *);
void	if_percpuq_enqueue(struct if_percpuq *, struct mbuf *);
typedef enum {
	if_ipackets, if_ierrors, if_opackets, if_oerrors, if_ibytes, if_obytes,
	if_iqdrops, if_oqdrops
} if_stat_t;
void	if_statinc(struct ifnet *, if_stat_t);
void	if_statadd(struct ifnet *, if_stat_t, uint64_t);
#endif
