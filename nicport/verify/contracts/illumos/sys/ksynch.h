/* L0 contract (nicport): illumos <sys/ksynch.h> -- mutex(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_KSYNCH_H
#define	_NICPORT_ILLUMOS_SYS_KSYNCH_H
#include <sys/types.h>
typedef struct kmutex { void *_opaque[1]; } kmutex_t;
typedef enum { MUTEX_ADAPTIVE = 0, MUTEX_SPIN = 1, MUTEX_DRIVER = 4,
	MUTEX_DEFAULT = 6 } kmutex_type_t;
void	mutex_init(kmutex_t *, char *, kmutex_type_t, void *);
void	mutex_destroy(kmutex_t *);
void	mutex_enter(kmutex_t *);
void	mutex_exit(kmutex_t *);
#endif
