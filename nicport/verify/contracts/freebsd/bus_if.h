/*
 * L0 contract header -- declarations only, written by nicport; NOT
 * FreeBSD's generated file (a kernel build makes bus_if.h from
 * sys/kern/bus_if.m; ziglang's FreeBSD 14 headers do not ship it).
 *
 * Only what sys/bus.h itself needs: the instance-variable methods its
 * __BUS_ACCESSOR() macros call.  Sources: BUS_READ_IVAR(9), BUS_WRITE_IVAR(9).
 * In the real header these are static inline kobj dispatchers; here they
 * are prototypes with the documented signatures.
 */
#ifndef _NICPORT_CONTRACT_BUS_IF_H_
#define _NICPORT_CONTRACT_BUS_IF_H_

extern struct kobjop_desc bus_read_ivar_desc;
typedef int bus_read_ivar_t(device_t dev, device_t child, int index, uintptr_t *result);
int	BUS_READ_IVAR(device_t dev, device_t child, int index, uintptr_t *result);

extern struct kobjop_desc bus_write_ivar_desc;
typedef int bus_write_ivar_t(device_t dev, device_t child, int index, uintptr_t value);
int	BUS_WRITE_IVAR(device_t dev, device_t child, int index, uintptr_t value);

#endif /* _NICPORT_CONTRACT_BUS_IF_H_ */
