/* L0 contract (nicport): illumos <sys/mac_ether.h> (nothing beyond mac_provider.h used). */
#ifndef _NICPORT_ILLUMOS_SYS_MAC_ETHER_H
#define	_NICPORT_ILLUMOS_SYS_MAC_ETHER_H
#include <sys/mac_provider.h>
#endif
