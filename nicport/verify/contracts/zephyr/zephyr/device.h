/* L0 contract (nicport): Zephyr <zephyr/device.h> subset -- Device Driver Model,
 * device_map() (Memory Management). */
#ifndef NICPORT_ZEPHYR_DEVICE_H_
#define NICPORT_ZEPHYR_DEVICE_H_
#include <zephyr/kernel.h>
#include <zephyr/sys/sys_io.h>
struct device {
	const char	*name;
	const void	*config;
	const void	*api;
	void		*data;
};
#define K_MEM_CACHE_NONE	2
void	device_map(mm_reg_t *virt_addr, uintptr_t phys_addr, size_t size, uint32_t flags);
#endif
