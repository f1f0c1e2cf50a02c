/* L0 contract (nicport): NetBSD <sys/mutex.h> subset -- mutex(9). */
#ifndef _NICPORT_NBSD_SYS_MUTEX_H_
#define _NICPORT_NBSD_SYS_MUTEX_H_
#include <sys/intr.h>
typedef struct kmutex { volatile uintptr_t mtx_opaque[2]; } kmutex_t;
typedef enum { MUTEX_DEFAULT = 0, MUTEX_SPIN = 1, MUTEX_ADAPTIVE = 2 } kmutex_type_t;
void	mutex_init(kmutex_t *, kmutex_type_t, int);
void	mutex_destroy(kmutex_t *);
void	mutex_enter(kmutex_t *);
void	mutex_exit(kmutex_t *);
#endif
