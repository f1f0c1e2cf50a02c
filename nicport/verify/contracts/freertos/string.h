/* L0 contract (nicport): <string.h> (ISO C 7.24) as the target's C library provides it. */
#ifndef NICPORT_FREERTOS_STRING_H
#define NICPORT_FREERTOS_STRING_H
#include <stddef.h>
void	*memcpy(void *restrict, const void *restrict, size_t);
void	*memset(void *, int, size_t);
#endif
