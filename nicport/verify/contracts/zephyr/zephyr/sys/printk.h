/* L0 contract (nicport): Zephyr <zephyr/sys/printk.h> -- printk(), vprintk(). */
#ifndef NICPORT_ZEPHYR_PRINTK_H_
#define NICPORT_ZEPHYR_PRINTK_H_
#include <stdarg.h>
void	printk(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void	vprintk(const char *fmt, va_list ap) __attribute__((__format__(__printf__, 1, 0)));
#endif
