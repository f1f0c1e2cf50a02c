/* L0 contract (nicport): NetBSD <sys/kmem.h> subset -- kmem(9). */
#ifndef _NICPORT_NBSD_SYS_KMEM_H_
#define _NICPORT_NBSD_SYS_KMEM_H_
#include <sys/types.h>
typedef unsigned int km_flag_t;
#define KM_SLEEP	0x00000001
#define KM_NOSLEEP	0x00000002
void	*kmem_zalloc(size_t, km_flag_t);
void	 kmem_free(void *, size_t);
#endif
