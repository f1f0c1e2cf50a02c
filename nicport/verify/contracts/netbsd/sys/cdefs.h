/* L0 contract (nicport): NetBSD <sys/cdefs.h> (nothing the adapter uses directly). */
#ifndef _NICPORT_NBSD_SYS_CDEFS_H_
#define _NICPORT_NBSD_SYS_CDEFS_H_
#endif
