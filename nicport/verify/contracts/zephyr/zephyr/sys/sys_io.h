/* L0 contract (nicport): Zephyr <zephyr/sys/sys_io.h> -- sys_read8/16/32(), sys_write8/16/32(). */
#ifndef NICPORT_ZEPHYR_SYS_IO_H_
#define NICPORT_ZEPHYR_SYS_IO_H_
#include <stdint.h>
typedef uintptr_t mm_reg_t;
typedef uintptr_t mem_addr_t;
uint8_t	sys_read8(mm_reg_t addr);
uint16_t sys_read16(mm_reg_t addr);
uint32_t sys_read32(mm_reg_t addr);
void	sys_write8(uint8_t data, mm_reg_t addr);
void	sys_write16(uint16_t data, mm_reg_t addr);
void	sys_write32(uint32_t data, mm_reg_t addr);
#endif
