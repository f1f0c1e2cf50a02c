/* L0 contract (nicport): illumos <sys/mac_ether.h> subset -- the Ethernet statistics of
 * mac(9E) ("ETHER_STAT_LINK_DUPLEX: the current duplex mode of the link", one of
 * link_duplex_t's LINK_DUPLEX_UNKNOWN / LINK_DUPLEX_HALF / LINK_DUPLEX_FULL). */
#ifndef _NICPORT_ILLUMOS_SYS_MAC_ETHER_H
#define	_NICPORT_ILLUMOS_SYS_MAC_ETHER_H
#include <sys/mac_provider.h>
typedef enum { LINK_DUPLEX_UNKNOWN = 0, LINK_DUPLEX_HALF, LINK_DUPLEX_FULL } link_duplex_t;
/* Ethernet statistics follow MAC_STAT_* (MACTYPE_STAT_MIN) in <sys/mac_ether.h>'s order */
#define	MACTYPE_STAT_MIN	2000
#define	ETHER_STAT_LINK_DUPLEX	(MACTYPE_STAT_MIN + 45)
#endif
