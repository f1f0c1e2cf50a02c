/* L0 contract (nicport): NetBSD <sys/device.h> subset -- autoconf(9), device(9), aprint(9). */
#ifndef _NICPORT_NBSD_SYS_DEVICE_H_
#define _NICPORT_NBSD_SYS_DEVICE_H_
#include <sys/types.h>
typedef struct device	*device_t;
typedef struct cfdata	*cfdata_t;

void	*device_private(device_t);		/* device(9) */
const char *device_xname(device_t);		/* device(9) */

/* aprint(9) */
void	aprint_normal(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void	aprint_naive(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void	aprint_error_dev(device_t, const char *, ...) __attribute__((__format__(__printf__, 2, 3)));
void	aprint_normal_dev(device_t, const char *, ...) __attribute__((__format__(__printf__, 2, 3)));

#define DETACH_FORCE	0x01			/* config_detach(9) flags */

/*
 * autoconf(9): CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn,
 * rescanfn, chdetfn, devflags) declares struct cfattach name_ca.
 */
struct cfattach {
	const char	*ca_name;
	size_t		 ca_devsize;
	int		(*ca_match)(device_t, cfdata_t, void *);
	void		(*ca_attach)(device_t, device_t, void *);
	int		(*ca_detach)(device_t, int);
	int		(*ca_activate)(device_t, int);
	int		(*ca_rescan)(device_t, const char *, const int *);
	void		(*ca_childdetached)(device_t, device_t);
	int		 ca_flags;
};
#define DVF_DETACH_SHUTDOWN	0x0002
#define CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn, \
	    rescanfn, chdetfn, devflags) \
	struct cfattach name##_ca = { #name, ddsize, matfn, attfn, detfn, \
	    actfn, rescanfn, chdetfn, devflags }
#endif
