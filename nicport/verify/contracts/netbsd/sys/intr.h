/* L0 contract (nicport): NetBSD <sys/intr.h> subset -- softint(9), spl(9). */
#ifndef _NICPORT_NBSD_SYS_INTR_H_
#define _NICPORT_NBSD_SYS_INTR_H_
#include <sys/types.h>
#define IPL_NONE	0
#define IPL_SOFTNET	3
#define IPL_NET		6
#define SOFTINT_NET	0x0003
#define SOFTINT_MPSAFE	0x0100
void	*softint_establish(u_int, void (*)(void *), void *);
void	 softint_disestablish(void *);
void	 softint_schedule(void *);
#endif
