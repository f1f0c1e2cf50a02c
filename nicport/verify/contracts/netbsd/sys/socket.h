/* L0 contract (nicport): NetBSD <sys/socket.h> (nothing the adapter uses directly). */
#ifndef _NICPORT_NBSD_SYS_SOCKET_H_
#define _NICPORT_NBSD_SYS_SOCKET_H_
#include <sys/types.h>
#endif
