/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_NETBSD_H
#define NICPORT_EMUL_NETBSD_H
extern struct ifnet *emu_ifp;
device_t emu_device_new(size_t softc_size);
void emu_device_free(device_t d);
struct mbuf *emu_mbuf_from(const uint8_t *f, uint32_t len, uint32_t split);
int emu_service(void);
int emu_intr_live(void);
#endif
