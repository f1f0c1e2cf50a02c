/* L0 contract (nicport): illumos <sys/conf.h> + <sys/devops.h> -- dev_ops(9S), cb_ops(9S). */
#ifndef _NICPORT_ILLUMOS_SYS_CONF_H
#define	_NICPORT_ILLUMOS_SYS_CONF_H
#include <sys/types.h>
typedef struct dev_info dev_info_t;
typedef enum { DDI_ATTACH = 0, DDI_RESUME = 1, DDI_PM_RESUME = 2 } ddi_attach_cmd_t;
typedef enum { DDI_DETACH = 0, DDI_SUSPEND = 1, DDI_PM_SUSPEND = 2,
	DDI_HOTPLUG_DETACH = 3 } ddi_detach_cmd_t;
typedef enum { DDI_INFO_DEVT2DEVINFO = 0, DDI_INFO_DEVT2INSTANCE = 1 } ddi_info_cmd_t;
struct cb_ops;
struct bus_ops;
struct dev_ops {
	int		devo_rev;
	int		devo_refcnt;
	int		(*devo_getinfo)(dev_info_t *, ddi_info_cmd_t, void *, void **);
	int		(*devo_identify)(dev_info_t *);
	int		(*devo_probe)(dev_info_t *);
	int		(*devo_attach)(dev_info_t *, ddi_attach_cmd_t);
	int		(*devo_detach)(dev_info_t *, ddi_detach_cmd_t);
	int		(*devo_reset)(dev_info_t *, ddi_attach_cmd_t);
	struct cb_ops	*devo_cb_ops;
	struct bus_ops	*devo_bus_ops;
	int		(*devo_power)(dev_info_t *, int, int);
	int		(*devo_quiesce)(dev_info_t *);
};
#define	DEVO_REV	4
int	nulldev();	/* declared without a prototype, as in illumos */
int	nodev();
int	ddi_quiesce_not_supported(dev_info_t *);
#endif
