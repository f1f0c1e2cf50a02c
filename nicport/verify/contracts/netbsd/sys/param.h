/* L0 contract (nicport): NetBSD <sys/param.h> subset. */
#ifndef _NICPORT_NBSD_SYS_PARAM_H_
#define _NICPORT_NBSD_SYS_PARAM_H_
#include <sys/types.h>
#define MCLBYTES	2048		/* mbuf(9): cluster size */
#define PAGE_SIZE	4096
#define __arraycount(a)	(sizeof(a) / sizeof((a)[0]))	/* cdefs.h */
#define __unused	__attribute__((__unused__))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define ENXIO	6
#define ENOMEM	12
#define EINVAL	22
#define ENOBUFS	55
#define EOPNOTSUPP	45
#define ENETDOWN	50
#define EFBIG	27
#define EBUSY	16
#define ENOTTY	25
extern int ncpu;			/* the number of CPUs (cpu(9)) */
#endif
