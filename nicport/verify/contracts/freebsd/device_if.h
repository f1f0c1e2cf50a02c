/*
 * L0 contract header -- declarations only, written by nicport from
 * FreeBSD's documented interface; NOT FreeBSD's generated file.
 *
 * A FreeBSD kernel build generates device_if.h from sys/kern/device_if.m
 * (makeobjops.awk).  PyPI ziglang's FreeBSD 14 headers do not ship it.
 * Sources: DEVICE_PROBE(9), DEVICE_ATTACH(9), DEVICE_DETACH(9),
 * DEVICE_SHUTDOWN(9), DEVICE_SUSPEND(9), DEVICE_RESUME(9), kobj(9).
 */
#ifndef _NICPORT_CONTRACT_DEVICE_IF_H_
#define _NICPORT_CONTRACT_DEVICE_IF_H_

/* kobj(9): each method has a descriptor and a typedef named <method>_t */
extern struct kobjop_desc device_probe_desc;
typedef int device_probe_t(device_t dev);		/* DEVICE_PROBE(9) */
extern struct kobjop_desc device_attach_desc;
typedef int device_attach_t(device_t dev);		/* DEVICE_ATTACH(9) */
extern struct kobjop_desc device_detach_desc;
typedef int device_detach_t(device_t dev);		/* DEVICE_DETACH(9) */
extern struct kobjop_desc device_shutdown_desc;
typedef int device_shutdown_t(device_t dev);		/* DEVICE_SHUTDOWN(9) */
extern struct kobjop_desc device_suspend_desc;
typedef int device_suspend_t(device_t dev);		/* DEVICE_SUSPEND(9) */
extern struct kobjop_desc device_resume_desc;
typedef int device_resume_t(device_t dev);		/* DEVICE_RESUME(9) */

#endif /* _NICPORT_CONTRACT_DEVICE_IF_H_ */
