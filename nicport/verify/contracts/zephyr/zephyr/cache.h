/* L0 contract (nicport): Zephyr <zephyr/cache.h> -- sys_cache_data_flush_range(),
 * sys_cache_data_invd_range(). */
#ifndef NICPORT_ZEPHYR_CACHE_H_
#define NICPORT_ZEPHYR_CACHE_H_
#include <stddef.h>
int	sys_cache_data_flush_range(void *addr, size_t size);
int	sys_cache_data_invd_range(void *addr, size_t size);
#endif
