/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_FREEBSD_H
#define NICPORT_EMUL_FREEBSD_H
extern if_t emu_ifp;
device_t emu_device_new(size_t softc_size);
void emu_device_free(device_t d);
void emu_set_pci_id(uint16_t v, uint16_t d);
struct mbuf *emu_mbuf_from(const uint8_t *f, uint32_t len, uint32_t split);
void emu_service(void);
int emu_ifp_ioctl(u_long cmd);
int emu_ifp_transmit(struct mbuf *m);
int emu_ifp_drvflags(void);
int emu_ifp_capenable(void);
int emu_ifp_capabilities(void);
uint64_t emu_ifp_hwassist(void);
int emu_intr_live(void);
#endif
