/* L0 contract (nicport): illumos <sys/types.h> subset -- types used by the DDI (Intro(9S)). */
#ifndef _NICPORT_ILLUMOS_SYS_TYPES_H
#define	_NICPORT_ILLUMOS_SYS_TYPES_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
typedef unsigned char	uchar_t;
typedef unsigned short	ushort_t;
typedef unsigned int	uint_t;
typedef unsigned long	ulong_t;
typedef char		*caddr_t;
typedef long		off_t;
typedef long long	offset_t;
typedef long		ssize_t;
typedef long		intptr_t_;
typedef enum { B_FALSE = 0, B_TRUE = 1 } boolean_t;
typedef int		cred_t_;
#endif
