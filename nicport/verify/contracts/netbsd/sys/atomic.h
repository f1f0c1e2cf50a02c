/* L0 contract (nicport): NetBSD <sys/atomic.h> subset -- membar_ops(3). */
#ifndef _NICPORT_NBSD_SYS_ATOMIC_H_
#define _NICPORT_NBSD_SYS_ATOMIC_H_
void	membar_sync(void);
void	membar_producer(void);
void	membar_consumer(void);
#endif
