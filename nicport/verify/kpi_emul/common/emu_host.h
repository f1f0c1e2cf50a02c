/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * The host side of every KPI emulation: memory with live counters, the
 * device model behind the emulated bus space, deterministic test frames and
 * the verdict.  Emulation and harness files are compiled against an OS's
 * contract headers (-nostdinc); this header uses only freestanding types so
 * they can include it, and emu_host.c (compiled normally) does the libc work.
 */
#ifndef NICPORT_EMU_HOST_H
#define NICPORT_EMU_HOST_H

#include <stddef.h>
#include <stdint.h>

enum emu_kind {
	EMU_MEM = 0,		/* plain allocations (softc, queue state) */
	EMU_PKT,		/* the OS's packet objects (mbuf, mblk, NBL, net_pkt ...) */
	EMU_BUF,		/* packet data buffers / clusters */
	EMU_DMA,		/* DMA maps, handles, shared memory */
	EMU_NKINDS
};

void	*emu_zalloc(size_t n, int kind);
void	emu_free(void *p, int kind);
long	emu_live(int kind);
void	emu_memcpy(void *d, const void *s, size_t n);
void	emu_memset(void *d, int c, size_t n);
void	emu_log(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void	emu_vlog(const char *fmt, __builtin_va_list ap);
void	emu_fail(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

/* threads for RTOS tasks (FreeRTOS deferred interrupt task) */
void	emu_thread_start(void (*fn)(void *), void *arg);
void	emu_lock(void);		/* one recursive lock: the "critical section" */
void	emu_unlock(void);
void	emu_notify_give(void);
void	emu_notify_take(void);	/* blocks until given */
void	emu_sleep_ms(int ms);

/* the device model behind the bus */
int	emu_dev_init(void);
void	emu_dev_fini(void);
uint32_t emu_mmio_read(uint32_t off);
void	emu_mmio_write(uint32_t off, uint32_t val);
/* 8/16-bit accesses: the aligned 32-bit word (read-modify-write for stores) */
uint8_t	emu_mmio_read8(uint32_t off);
uint16_t emu_mmio_read16(uint32_t off);
void	emu_mmio_write8(uint32_t off, uint8_t val);
void	emu_mmio_write16(uint32_t off, uint16_t val);
void	emu_dev_link_event(void);	/* the model raises its link cause (vector 1 in MSI-X) */
int	emu_irq_take(void);	/* 1 once per interrupt the model raised (the single line / vector 0) */

/*
 * Link state.  The harness moves the model's link (emu_link_set: STATUS/LINKS
 * or the virtio config status follow, the link cause is raised: NIC_INTR_LINK,
 * or vector 1 in MSI-X mode) and, once the OS had time to run its handlers,
 * asks what the OS was told (emu_link_expect).  The OS emulation records every
 * native report (if_link_state_change, mac_link_update, NdisMIndicateStatusEx,
 * net_eth_carrier_on/off, ...) with emu_link_report, and the speed / duplex the
 * OS holds with emu_link_speed (duplex: 1 full, 0 half, -1 unknown, -2 this OS
 * has no duplex report; speed 0 = unknown).  The verdict requires: up after
 * init, down after the model's link went down, up again after it came back.
 */
#define EMU_DUPLEX_NONE	(-2)
void	emu_link_set(int up);
void	emu_link_report(int up);
void	emu_link_speed(uint32_t mbps, int duplex);
int	emu_link_os(void);		/* last state reported: 1 up, 0 down, -1 none yet */
void	emu_link_expect(int up);	/* checkpoint: the OS must now hold `up` */
/* link down, `service` run, checkpoint; link up, `service` run, checkpoint */
void	emu_link_flap(void (*service)(void), int spins);
/* the harnesses flap the link half way through the frames: traffic must pass after it */
#define EMU_LINK_FLAP_AT	(EMU_FRAMES / 2)

/*
 * The PCI function the emulated OS presents.  virtio_net: a virtio-pci modern
 * function by default (the model's configuration space, nic_devmodel_pci_cfg_read32:
 * vendor capabilities naming the register window's BAR, an MSI-X capability), so
 * the generated hw layer drives virtio-pci and MSI-X; EMU_VIRTIO_MMIO=1 in the
 * environment (or -DEMU_VIRTIO_MMIO for emu_host.c) presents no configuration space
 * (every read all ones), so the hw layer drives the virtio-mmio block (INTx only).
 * The Intel models have no configuration space beyond the IDs the harness sets.
 * emu_pci_cfg_read32: the 32-bit word at off (all ones when none is presented);
 * emu_pci_cfg_read: any width (1, 2, 4) at any offset inside one word.
 * emu_pci_present_bar: the BAR the function presents its virtio structures in
 * (the model's own layout names BAR 4, as QEMU's; EMU_PCI_BAR=n overrides).
 * emu_transport: what the hw layer drove, from the register accesses the model saw
 * ("virtio-pci": only the virtio-pci structures, "virtio-mmio": only the mmio block,
 * "mixed", "bar" for a non-virtio model, "none").
 */
int	emu_pci_present(void);
uint32_t emu_pci_cfg_read32(uint32_t off);
uint32_t emu_pci_cfg_read(uint32_t off, int width);
void	emu_pci_present_bar(int bar);
int	emu_pci_bar(void);			/* the BAR the structures are presented in */
uint32_t emu_pci_bar_len(int bar);		/* 0: no such memory BAR */
const char *emu_transport(void);

/*
 * Interrupt resources as the OS grants them.  The OS emulation calls
 * emu_intr_alloc when the adapter allocates MSI-X / MSI / INTx (pci_alloc_msix,
 * pci_intr_alloc, ddi_intr_alloc, NdisMRegisterInterruptEx ...): MSI-X is
 * granted (the device model's MSI-X Enable bit set with nvec vectors) unless
 * the run refuses it (EMU_NO_MSIX=1 in the environment, or EMU_FAIL=msix).
 * In MSI-X mode the model raises vector v and emu_irq_take_vec(v) reports it.
 */
#define EMU_INTR_NONE	0
#define EMU_INTR_INTX	1
#define EMU_INTR_MSI	2
#define EMU_INTR_MSIX	3
int	emu_intr_alloc(int mode, int nvec);	/* vectors granted, 0 = refused */
void	emu_intr_release(void);			/* back to no interrupt resource */
int	emu_intr_mode(void);
int	emu_intr_nvec(void);
int	emu_irq_take_vec(uint16_t v);		/* 1 once per raise of vector v */
void	emu_irq_delivered(uint16_t v);		/* the OS ran v's handler (counted) */
uint32_t emu_irq_count(uint16_t v);

/*
 * Failure injection (attach-failure paths): EMU_FAIL=<step>[:n] in the
 * environment makes the n-th call (default the first) of that step fail.
 * Steps: "alloc" (a non-sleeping allocation), "dma" (DMA memory for rings),
 * "intr" (interrupt registration), "mmio" (mapping the register BAR),
 * "msix" (MSI-X allocation refused).
 */
int	emu_fail_step(const char *step);
int	emu_fail_fired(void);
int	emu_failpath(void);			/* 1: this run injects a failure */
/* the run's verdict for a failure run: attach/up returned err, then everything released */
int	emu_failpath_verdict(const char *target, int err, long pkts_live, long bufs_live,
	    long dma_live, int intr_live);

/* a target without teardown (Zephyr) whose init absorbed the failure */
int	emu_failpath_absorbed(const char *target);

/*
 * Capabilities: the harness translates what the adapter advertised through
 * the OS back to NIC_HWCAP_* bits (adv) and gives what the hw layer offers
 * (hw = <drv>_hw_caps()) and what this OS's adapter can express (mask);
 * the verdict requires adv == (hw & mask).
 */
void	emu_caps(uint32_t adv, uint32_t hw, uint32_t mask);
/* the hw layer instance the adapter attached (recorded through --wrap) */
extern void *emu_hw;
uint32_t emu_hw_caps(void);	/* <drv>_hw_caps(emu_hw): what the hw layer offers after attach */
void	emu_dev_poll(void);

/* test frames: frame i as the stack hands it to the driver (offloads left
 * for the device) and as the peer must see it */
#define EMU_OL_CSUM	0x1u	/* IPv4 header + UDP checksums left to the device */
#define EMU_OL_VLAN	0x2u	/* VLAN tag to insert: EMU_VLAN_TCI */
#define EMU_VLAN_TCI	0x2064u
#define EMU_FRAME_MAX	1600
uint32_t emu_frame_offloads(uint32_t i, uint32_t allowed);
uint32_t emu_frame_tx(uint32_t i, uint32_t ol, uint8_t *buf);	/* returns the length */
uint32_t emu_frame_wire(uint32_t i, uint32_t ol, uint8_t *buf);
/* record one received frame; the harness checks them all at the end */
void	emu_rx_record(const uint8_t *f, uint32_t len, uint32_t flags);
uint32_t emu_rx_count(void);
#define EMU_RX_CSUM_GOOD	0x1u	/* the OS-level "checksum verified" flag was set */
#define EMU_RX_CSUM_BAD		0x2u
#define EMU_RX_VLAN		0x4u	/* tag delivered out of band (stripped) */
/* compare what was received with frames 0..n-1; prints the verdict line */
int	emu_verdict(const char *target, uint32_t n, uint32_t allowed_ol, long pkts_live,
	    long bufs_live, long dma_live);

/* Defaults every OS harness shares (a test may override them with -D). */
#ifndef EMU_FRAMES
#define EMU_FRAMES	200
#endif
#ifndef EMU_VENDOR
#define EMU_VENDOR	0x8086
#define EMU_DEVICE	0x100e
#endif
#define CAT2(a, b)	a##b
#define CAT(a, b)	CAT2(a, b)
/* The generated hw layer's ops table: <drv>_hw_ops. */
#define HW_OPS		CAT(NICPORT_DRV, _hw_ops)

#endif
