/* L0 contract (nicport): illumos <sys/kmem.h> -- kmem_alloc(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_KMEM_H
#define	_NICPORT_ILLUMOS_SYS_KMEM_H
#include <sys/types.h>
#define	KM_SLEEP	0x0000
#define	KM_NOSLEEP	0x0001
void	*kmem_zalloc(size_t, int);
void	kmem_free(void *, size_t);
#endif
