/* L0 contract (nicport): illumos <sys/pci.h> subset -- PCI configuration offsets. */
#ifndef _NICPORT_ILLUMOS_SYS_PCI_H
#define	_NICPORT_ILLUMOS_SYS_PCI_H
#define	PCI_CONF_VENID	0x0
#define	PCI_CONF_DEVID	0x2
#endif
