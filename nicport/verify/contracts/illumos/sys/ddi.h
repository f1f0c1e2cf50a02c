/* L0 contract (nicport): illumos <sys/ddi.h> (common DDI; see sunddi.h). */
#ifndef _NICPORT_ILLUMOS_SYS_DDI_H
#define	_NICPORT_ILLUMOS_SYS_DDI_H
#include <sys/types.h>
#include <sys/ksynch.h>
#include <sys/cmn_err.h>
#endif
