/* L0 contract (nicport): illumos <sys/cmn_err.h> -- cmn_err(9F), dev_err(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_CMN_ERR_H
#define	_NICPORT_ILLUMOS_SYS_CMN_ERR_H
#include <stdarg.h>
#include <sys/types.h>
#define	CE_CONT		0
#define	CE_NOTE		1
#define	CE_WARN		2
#define	CE_PANIC	3
typedef struct dev_info dev_info_t;
void	cmn_err(int, const char *, ...) __attribute__((__format__(__printf__, 2, 3)));
void	vcmn_err(int, const char *, va_list) __attribute__((__format__(__printf__, 2, 0)));
void	dev_err(dev_info_t *, int, const char *, ...) __attribute__((__format__(__printf__, 3, 4)));
#endif
