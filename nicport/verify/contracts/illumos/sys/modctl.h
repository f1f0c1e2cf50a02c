/* L0 contract (nicport): illumos <sys/modctl.h> -- modldrv(9S), modlinkage(9S), _init(9E). */
#ifndef _NICPORT_ILLUMOS_SYS_MODCTL_H
#define	_NICPORT_ILLUMOS_SYS_MODCTL_H
#include <sys/conf.h>
struct mod_ops;
extern struct mod_ops mod_driverops;
struct modldrv {
	struct mod_ops	*drv_modops;
	const char	*drv_linkinfo;
	struct dev_ops	*drv_dev_ops;
};
#define	MODREV_1	1
struct modlinkage {
	int		ml_rev;
	void		*ml_linkage[7];
};
struct modinfo;
int	mod_install(struct modlinkage *);
int	mod_remove(struct modlinkage *);
int	mod_info(struct modlinkage *, struct modinfo *);
#endif
