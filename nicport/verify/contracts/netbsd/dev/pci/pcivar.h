/* L0 contract (nicport): NetBSD <dev/pci/pcivar.h> subset -- pci(9), pci_intr(9),
 * pci_msi(9), pci_mapreg_map(9). */
#ifndef _NICPORT_NBSD_PCIVAR_H_
#define _NICPORT_NBSD_PCIVAR_H_
#include <sys/bus.h>
#include <sys/device.h>
typedef uint32_t	pcireg_t;
typedef struct nbsd_pci_chipset	*pci_chipset_tag_t;
typedef unsigned long	pcitag_t;
typedef uint64_t	pci_intr_handle_t;
struct pci_attach_args {
	bus_space_tag_t		pa_iot;
	bus_space_tag_t		pa_memt;
	bus_dma_tag_t		pa_dmat;
	bus_dma_tag_t		pa_dmat64;
	pci_chipset_tag_t	pa_pc;
	pcitag_t		pa_tag;
	pcireg_t		pa_id;
	pcireg_t		pa_class;
};
#define PCI_VENDOR(id)		((id) & 0xffff)
#define PCI_PRODUCT(id)		(((id) >> 16) & 0xffff)
#define PCI_MAPREG_START	0x10
#define PCI_MAPREG_TYPE_MEM	0x00000000
#define PCI_MAPREG_MEM_TYPE_64BIT	0x00000004
pcireg_t pci_mapreg_type(pci_chipset_tag_t, pcitag_t, int);
pcireg_t pci_conf_read(pci_chipset_tag_t, pcitag_t, int);
int	pci_mapreg_map(const struct pci_attach_args *, int, pcireg_t, int,
	    bus_space_tag_t *, bus_space_handle_t *, bus_addr_t *, bus_size_t *);
int	pci_dma64_available(const struct pci_attach_args *);
typedef enum { PCI_INTR_TYPE_INTX = 0, PCI_INTR_TYPE_MSI, PCI_INTR_TYPE_MSIX,
	PCI_INTR_TYPE_SIZE } pci_intr_type_t;
int	pci_intr_alloc(const struct pci_attach_args *, pci_intr_handle_t **, int *,
	    pci_intr_type_t);
void	pci_intr_release(pci_chipset_tag_t, pci_intr_handle_t *, int);
pci_intr_type_t pci_intr_type(pci_chipset_tag_t, pci_intr_handle_t);
const char *pci_intr_string(pci_chipset_tag_t, pci_intr_handle_t, char *, size_t);
void	*pci_intr_establish_xname(pci_chipset_tag_t, pci_intr_handle_t, int,
	    int (*)(void *), void *, const char *);
void	pci_intr_disestablish(pci_chipset_tag_t, void *);
#endif
