/* L0 contract (nicport): NetBSD <sys/module.h> subset -- module(9). */
#ifndef _NICPORT_NBSD_SYS_MODULE_H_
#define _NICPORT_NBSD_SYS_MODULE_H_
typedef enum modcmd { MODULE_CMD_INIT, MODULE_CMD_FINI, MODULE_CMD_STAT,
	MODULE_CMD_AUTOUNLOAD } modcmd_t;
typedef enum modclass { MODULE_CLASS_ANY, MODULE_CLASS_MISC, MODULE_CLASS_VFS,
	MODULE_CLASS_DRIVER, MODULE_CLASS_EXEC, MODULE_CLASS_SECMODEL } modclass_t;
typedef struct modinfo {
	unsigned int	mi_version;
	modclass_t	mi_class;
	int		(*mi_modcmd)(modcmd_t, void *);
	const char	*mi_name;
	const char	*mi_required;
} modinfo_t;
/* MODULE(class, name, required): the module's metadata (a modinfo_t the
 * kernel linker finds); modcmd is <name>_modcmd(modcmd_t, void *). */
#define MODULE(class, name, required) \
	static int name##_modcmd(modcmd_t, void *); \
	const modinfo_t name##_modinfo = { 1, (class), name##_modcmd, #name, (required) }
int	config_init_component(void *, void *, void *);	/* config(9) */
int	config_fini_component(void *, void *, void *);
#endif
