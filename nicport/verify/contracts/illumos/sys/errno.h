/* L0 contract (nicport): illumos <sys/errno.h> subset -- Intro(2). */
#ifndef _NICPORT_ILLUMOS_SYS_ERRNO_H
#define	_NICPORT_ILLUMOS_SYS_ERRNO_H
#define	ENXIO		6
#define	ENOMEM		12
#define	EINVAL		22
#define	ENOTSUP		48
#define	ENOBUFS		132
#endif
