/* L0 contract (nicport): NetBSD <sys/types.h> subset -- types(3), intro(9). */
#ifndef _NICPORT_NBSD_SYS_TYPES_H_
#define _NICPORT_NBSD_SYS_TYPES_H_
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef uint8_t		u_int8_t;
typedef uint16_t	u_int16_t;
typedef uint32_t	u_int32_t;
typedef uint64_t	u_int64_t;
typedef unsigned long	vaddr_t;
typedef unsigned long	paddr_t;
typedef unsigned long	vsize_t;
typedef long		ssize_t;
typedef long		off_t;
typedef char		*caddr_t;
typedef void		*void_ptr_t;
#endif
