/*
 * L0 contract header -- declarations only, written by nicport from pci(9);
 * NOT FreeBSD's sys/dev/pci/pcivar.h (ziglang's FreeBSD 14 headers lack it).
 *
 * In the real header the pci_get_*() accessors are static inline
 * __BUS_ACCESSOR() functions and the rest dispatch through pci_if.h; here
 * each is a prototype with the signature pci(9) documents.
 */
#ifndef _NICPORT_CONTRACT_PCIVAR_H_
#define _NICPORT_CONTRACT_PCIVAR_H_

#include <sys/types.h>

/* pci(9): configuration-space identity, read through the parent bus */
uint16_t	pci_get_vendor(device_t dev);
uint16_t	pci_get_device(device_t dev);
uint16_t	pci_get_subvendor(device_t dev);
uint16_t	pci_get_subdevice(device_t dev);
uint8_t		pci_get_revid(device_t dev);

/* pci(9): bus mastering and configuration access */
int		pci_enable_busmaster(device_t dev);
int		pci_disable_busmaster(device_t dev);
uint32_t	pci_read_config(device_t dev, int reg, int width);
void		pci_write_config(device_t dev, int reg, uint32_t val, int width);

/* pci(9) "MESSAGE SIGNALED INTERRUPTS" */
int		pci_msi_count(device_t dev);
int		pci_msix_count(device_t dev);
int		pci_alloc_msi(device_t dev, int *count);
int		pci_alloc_msix(device_t dev, int *count);
int		pci_release_msi(device_t dev);
int		pci_msix_table_bar(device_t dev);

#endif /* _NICPORT_CONTRACT_PCIVAR_H_ */
