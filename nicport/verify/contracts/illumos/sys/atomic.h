/* L0 contract (nicport): illumos <sys/atomic.h> subset -- membar_ops(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_ATOMIC_H
#define	_NICPORT_ILLUMOS_SYS_ATOMIC_H
void	membar_enter(void);
void	membar_exit(void);
void	membar_producer(void);
void	membar_consumer(void);
#endif
