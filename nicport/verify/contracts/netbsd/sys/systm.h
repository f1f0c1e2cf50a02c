/* L0 contract (nicport): NetBSD <sys/systm.h> subset -- printf(9), memset(9). */
#ifndef _NICPORT_NBSD_SYS_SYSTM_H_
#define _NICPORT_NBSD_SYS_SYSTM_H_
#include <sys/types.h>
#include <stdarg.h>
void	printf(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void	vprintf(const char *, va_list) __attribute__((__format__(__printf__, 1, 0)));
void	*memset(void *, int, size_t);
void	*memcpy(void *, const void *, size_t);
#endif
