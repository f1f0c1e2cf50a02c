/* L0 contract (nicport): illumos <sys/ethernet.h> subset. */
#ifndef _NICPORT_ILLUMOS_SYS_ETHERNET_H
#define	_NICPORT_ILLUMOS_SYS_ETHERNET_H
#define	ETHERADDRL	6
#define	ETHERMTU	1500
#define	ETHERMIN	46
#endif
