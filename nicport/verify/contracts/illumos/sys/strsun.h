/* L0 contract (nicport): illumos <sys/strsun.h> -- MBLKL(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_STRSUN_H
#define	_NICPORT_ILLUMOS_SYS_STRSUN_H
#include <sys/stream.h>
#define	MBLKL(mp)	((ptrdiff_t)((mp)->b_wptr - (mp)->b_rptr))
#endif
