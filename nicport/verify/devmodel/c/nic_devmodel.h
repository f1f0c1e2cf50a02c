/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nic_devmodel.h - a user-space model of a NIC's descriptor engine (nicport verify/devmodel)
 *
 * One build of the model serves one driver: nic_devmodel_cfg.h, generated from the driver's
 * IR, gives the register offsets, descriptor layouts and bit definitions.  The model owns a
 * register file; the test osdep routes the core's MMIO accesses to nic_devmodel_mmio_read/
 * nic_devmodel_mmio_write, and a DMA address is a plain user pointer.  A tail (or notify)
 * write makes the model process descriptors at once: it reads TX descriptors up to the tail,
 * applies the offloads the real device applies (checksums, TSO, VLAN insertion), writes back
 * status (DD) or the used ring, hands frames to the capture and/or loops them to RX, fills RX
 * descriptors with write-back and raises interrupt causes.
 *
 * Not thread safe: one caller at a time.
 */
#ifndef NIC_DEVMODEL_H
#define NIC_DEVMODEL_H

#include <stdint.h>

struct nic_devmodel;

struct nic_devmodel_cfg {
	int		loopback;	/* 1: every transmitted frame is received on the same queue (or 0) */
	int		capture;	/* 1: keep a copy of every transmitted wire frame */
	uint32_t	capture_max;	/* frames kept (oldest dropped beyond); 0 = 65536 */
	uint32_t	rx_backlog;	/* frames held while no RX descriptor is free (0 = drop, as hardware) */
	uint32_t	seed;		/* hostile-mode randomness */
	void		(*irq)(void *ctx);	/* called when an unmasked cause is raised (may be NULL) */
	void		*irq_ctx;
	/* MSI-X mode (nic_devmodel_set_msix(dm, n > 0)): called instead of irq with the vector
	 * whose unmasked cause was raised (ctx: irq_ctx); may be NULL */
	void		(*irq_vec)(void *ctx, uint16_t vector);
};

/* hostile mode: faults, each injected on about one event in `one_in` */
#define NIC_DM_BOGUS_LEN	0x0001u	/* RX write-back length 0 or larger than the buffer */
#define NIC_DM_EARLY_DD		0x0002u	/* DD set on descriptors the device does not own / holds no frame */
#define NIC_DM_WB_REORDER	0x0004u	/* write-backs out of order (deferred to the next event) */
#define NIC_DM_DROP_IRQ		0x0008u	/* interrupts not raised */
#define NIC_DM_BAD_ID		0x0010u	/* virtio: used ring ids out of range */
#define NIC_DM_ALL_FAULTS	0x001fu

struct nic_devmodel_stats {
	uint64_t	tx_frames;	/* wire frames sent (after TSO) */
	uint64_t	tx_bytes;
	uint64_t	tx_packets;	/* packets taken from the ring (before TSO) */
	uint64_t	tx_tso_segments;
	uint64_t	tx_bad_desc;	/* malformed descriptor chains, dropped */
	uint64_t	rx_frames;	/* frames written to RX descriptors */
	uint64_t	rx_missed;	/* frames dropped: no descriptor, queue off or backlog full */
	uint64_t	rx_descs;	/* RX descriptors written back */
	uint64_t	irqs;		/* interrupts raised */
	uint64_t	irqs_dropped;	/* interrupts swallowed by hostile mode */
	uint64_t	faults;		/* faults injected */
	uint64_t	mmio_writes;
	uint64_t	mmio_reads;
	uint64_t	irqs_lost;	/* MSI-X: causes routed to no valid vector (unmapped, NO_VECTOR,
					 * beyond the vectors allocated): not delivered, as hardware */
};

const char	*nic_devmodel_driver(void);	/* e.g. "e1000" */
const char	*nic_devmodel_family(void);	/* e.g. "intel_legacy" */

struct nic_devmodel *nic_devmodel_create(const struct nic_devmodel_cfg *cfg);	/* NULL: defaults */
void		nic_devmodel_destroy(struct nic_devmodel *dm);
void		nic_devmodel_reset(struct nic_devmodel *dm);

uint32_t	nic_devmodel_mmio_read(struct nic_devmodel *dm, uint32_t off);
void		nic_devmodel_mmio_write(struct nic_devmodel *dm, uint32_t off, uint32_t val);

void		nic_devmodel_set_hostile(struct nic_devmodel *dm, uint32_t faults, uint32_t one_in);
void		nic_devmodel_set_loopback(struct nic_devmodel *dm, int on);
void		nic_devmodel_set_link(struct nic_devmodel *dm, int up);	/* raises the link cause */

/* a frame from the wire to RX queue q: 0, or -1 when dropped (counted in rx_missed) */
int		nic_devmodel_inject(struct nic_devmodel *dm, uint16_t q, const void *frame, uint32_t len);
/* deliver backlog and deferred (hostile) write-backs; returns the work done */
uint32_t	nic_devmodel_poll(struct nic_devmodel *dm);

uint32_t	nic_devmodel_capture_count(const struct nic_devmodel *dm);
int		nic_devmodel_capture_get(const struct nic_devmodel *dm, uint32_t i, const uint8_t **frame,
		    uint32_t *len);
void		nic_devmodel_capture_clear(struct nic_devmodel *dm);

void		nic_devmodel_get_stats(const struct nic_devmodel *dm, struct nic_devmodel_stats *st);

/*
 * MSI-X.  nic_devmodel_set_msix models the OS setting (nvec > 0: nvec vectors allocated) or
 * clearing (0) the MSI-X Enable bit of the function's MSI-X capability; with it set, causes
 * are routed as the device routes them (82574 IVAR, 82576 IVAR0/IVAR_MISC + EIMS bits, 82599
 * IVAR/IVAR_MISC + EIMS bits, virtio queue_msix_vector / msix_config) and signalled through
 * cfg.irq_vec; a cause routed to no valid vector is counted in irqs_lost and not delivered.
 * nic_devmodel_msix_max: the MSI-X table size the device advertises (0: no MSI-X).
 */
void		nic_devmodel_set_msix(struct nic_devmodel *dm, uint16_t nvec);
uint16_t	nic_devmodel_msix_max(void);

/*
 * PCI configuration space (32-bit reads, off 0..255).  virtio: a virtio-pci modern function
 * (vendor 0x1af4, MSI-X capability, common / notify / ISR / device configuration structures
 * in the same register window as nic_devmodel_mmio_read/write, at 0x1000 / 0x3000 / 0x2000 /
 * 0x2100); a test osdep that forwards nic_os_pci_cfg_read32 here makes the generated hw layer
 * drive virtio-pci instead of virtio-mmio.  Intel: 0xffffffff (not modelled).
 */
uint32_t	nic_devmodel_pci_cfg_read32(struct nic_devmodel *dm, uint32_t off);

#endif /* NIC_DEVMODEL_H */
