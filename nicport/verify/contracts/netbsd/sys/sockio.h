/* L0 contract (nicport): NetBSD <sys/sockio.h> subset -- netintro(4). */
#ifndef _NICPORT_NBSD_SYS_SOCKIO_H_
#define _NICPORT_NBSD_SYS_SOCKIO_H_
#define SIOCSIFFLAGS	0x80906910UL
#define SIOCSIFCAP	0x8020697aUL
#endif
