/* L0 contract (nicport): Zephyr <zephyr/drivers/pcie/pcie.h> subset -- PCIe API. */
#ifndef NICPORT_ZEPHYR_PCIE_H_
#define NICPORT_ZEPHYR_PCIE_H_
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
typedef uint32_t pcie_bdf_t;
typedef uint32_t pcie_id_t;
struct pcie_bar { uintptr_t phys_addr; size_t size; };
#define PCIE_ID_VEND(id)		((id) & 0xffff)
#define PCIE_ID_DEV(id)			(((id) >> 16) & 0xffff)
#define PCIE_CONF_CMDSTAT_MEM		0x00000002U
#define PCIE_CONF_CMDSTAT_MASTER	0x00000004U
#define PCIE_CONF_ID			0U
#define PCIE_BDF_NONE			0xffffffffU
uint32_t pcie_conf_read(pcie_bdf_t bdf, unsigned int reg);
bool	pcie_get_mbar(pcie_bdf_t bdf, unsigned int index, struct pcie_bar *mbar);
void	pcie_set_cmd(pcie_bdf_t bdf, uint32_t bits, bool on);
unsigned int pcie_alloc_irq(pcie_bdf_t bdf);
bool	pcie_connect_dynamic_irq(pcie_bdf_t bdf, unsigned int irq, unsigned int priority,
	    void (*routine)(const void *parameter), const void *parameter, uint32_t flags);
void	pcie_irq_enable(pcie_bdf_t bdf, unsigned int irq);
#endif
