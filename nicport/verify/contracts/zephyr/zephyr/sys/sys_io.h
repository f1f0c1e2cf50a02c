/* L0 contract (nicport): Zephyr <zephyr/sys/sys_io.h> -- sys_read32(), sys_write32(). */
#ifndef NICPORT_ZEPHYR_SYS_IO_H_
#define NICPORT_ZEPHYR_SYS_IO_H_
#include <stdint.h>
typedef uintptr_t mm_reg_t;
typedef uintptr_t mem_addr_t;
uint32_t sys_read32(mm_reg_t addr);
void	sys_write32(uint32_t data, mm_reg_t addr);
#endif
