/* L0 contract (nicport): illumos <sys/sunddi.h> subset -- ddi_regs_map_setup(9F),
 * ddi_get32(9F), ddi_dma_*(9F), ddi_dma_attr(9S), ddi_intr_*(9F), pci_config_setup(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_SUNDDI_H
#define	_NICPORT_ILLUMOS_SYS_SUNDDI_H
#include <sys/types.h>
#include <sys/conf.h>
#include <sys/ksynch.h>

#define	DDI_SUCCESS	0
#define	DDI_FAILURE	(-1)
#define	DDI_DMA_MAPPED	0
#define	DDI_INTR_CLAIMED	1
#define	DDI_INTR_UNCLAIMED	0

void	*ddi_get_driver_private(dev_info_t *);
void	ddi_set_driver_private(dev_info_t *, void *);
int	ddi_get_instance(dev_info_t *);
const char *ddi_driver_name(dev_info_t *);

/* ddi_device_acc_attr(9S) */
typedef struct ddi_device_acc_attr {
	ushort_t	devacc_attr_version;
	uchar_t		devacc_attr_endian_flags;
	uchar_t		devacc_attr_dataorder;
	uchar_t		devacc_attr_access;
} ddi_device_acc_attr_t;
#define	DDI_DEVICE_ATTR_V0	0x0001
#define	DDI_STRUCTURE_LE_ACC	0x01
#define	DDI_NEVERSWAP_ACC	0x00
#define	DDI_STRICTORDER_ACC	0x00
typedef struct __ddi_acc_handle	*ddi_acc_handle_t;
int	ddi_regs_map_setup(dev_info_t *, uint_t, caddr_t *, offset_t, offset_t,
	    const ddi_device_acc_attr_t *, ddi_acc_handle_t *);
void	ddi_regs_map_free(ddi_acc_handle_t *);
uint8_t	ddi_get8(ddi_acc_handle_t, uint8_t *);
uint16_t ddi_get16(ddi_acc_handle_t, uint16_t *);
uint32_t ddi_get32(ddi_acc_handle_t, uint32_t *);
void	ddi_put8(ddi_acc_handle_t, uint8_t *, uint8_t);
void	ddi_put16(ddi_acc_handle_t, uint16_t *, uint16_t);
void	ddi_put32(ddi_acc_handle_t, uint32_t *, uint32_t);

/* ddi_dma_attr(9S), ddi_dma_cookie(9S) */
typedef struct ddi_dma_attr {
	uint_t		dma_attr_version;
	uint64_t	dma_attr_addr_lo;
	uint64_t	dma_attr_addr_hi;
	uint64_t	dma_attr_count_max;
	uint64_t	dma_attr_align;
	uint_t		dma_attr_burstsizes;
	uint32_t	dma_attr_minxfer;
	uint64_t	dma_attr_maxxfer;
	uint64_t	dma_attr_seg;
	int		dma_attr_sgllen;
	uint32_t	dma_attr_granular;
	uint_t		dma_attr_flags;
} ddi_dma_attr_t;
#define	DMA_ATTR_V0	0
typedef struct ddi_dma_cookie {
	uint64_t	dmac_laddress;
	size_t		dmac_size;
	uint_t		dmac_type;
} ddi_dma_cookie_t;
typedef struct __ddi_dma_handle	*ddi_dma_handle_t;
#define	DDI_DMA_WRITE		0x0001
#define	DDI_DMA_READ		0x0002
#define	DDI_DMA_RDWR		(DDI_DMA_READ | DDI_DMA_WRITE)
#define	DDI_DMA_STREAMING	0x0040
#define	DDI_DMA_CONSISTENT	0x0010
#define	DDI_DMA_SLEEP		((int (*)(caddr_t))1)
#define	DDI_DMA_DONTWAIT	((int (*)(caddr_t))0)
#define	DDI_DMA_SYNC_FORDEV	0x0
#define	DDI_DMA_SYNC_FORCPU	0x1
#define	DDI_DMA_SYNC_FORKERNEL	0x2
int	ddi_dma_alloc_handle(dev_info_t *, const ddi_dma_attr_t *,
	    int (*)(caddr_t), caddr_t, ddi_dma_handle_t *);
void	ddi_dma_free_handle(ddi_dma_handle_t *);
int	ddi_dma_mem_alloc(ddi_dma_handle_t, size_t, const ddi_device_acc_attr_t *,
	    uint_t, int (*)(caddr_t), caddr_t, caddr_t *, size_t *, ddi_acc_handle_t *);
void	ddi_dma_mem_free(ddi_acc_handle_t *);
int	ddi_dma_addr_bind_handle(ddi_dma_handle_t, void *, caddr_t, size_t, uint_t,
	    int (*)(caddr_t), caddr_t, ddi_dma_cookie_t *, uint_t *);
int	ddi_dma_unbind_handle(ddi_dma_handle_t);
int	ddi_dma_sync(ddi_dma_handle_t, off_t, size_t, uint_t);

/* ddi_intr_*(9F) */
typedef struct __ddi_intr_handle *ddi_intr_handle_t;
typedef uint_t (ddi_intr_handler_t)(caddr_t, caddr_t);
#define	DDI_INTR_TYPE_FIXED	0x1
#define	DDI_INTR_TYPE_MSI	0x2
#define	DDI_INTR_TYPE_MSIX	0x4
#define	DDI_INTR_ALLOC_NORMAL	0
#define	DDI_INTR_ALLOC_STRICT	1
#define	DDI_INTR_PRI(pri)	((void *)(uintptr_t)(pri))
int	ddi_intr_get_supported_types(dev_info_t *, int *);
int	ddi_intr_get_nintrs(dev_info_t *, int, int *);
int	ddi_intr_alloc(dev_info_t *, ddi_intr_handle_t *, int, int, int, int *, int);
int	ddi_intr_free(ddi_intr_handle_t);
int	ddi_intr_get_pri(ddi_intr_handle_t, uint_t *);
int	ddi_intr_add_handler(ddi_intr_handle_t, ddi_intr_handler_t, void *, void *);
int	ddi_intr_remove_handler(ddi_intr_handle_t);
int	ddi_intr_enable(ddi_intr_handle_t);
int	ddi_intr_disable(ddi_intr_handle_t);

/* pci_config_setup(9F), pci_config_get16(9F), pci_config_get32(9F) */
int	pci_config_setup(dev_info_t *, ddi_acc_handle_t *);
void	pci_config_teardown(ddi_acc_handle_t *);
uint16_t pci_config_get16(ddi_acc_handle_t, off_t);
uint32_t pci_config_get32(ddi_acc_handle_t, off_t);
#endif
