/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_ZEPHYR_H
#define NICPORT_EMUL_ZEPHYR_H
struct net_if *emu_iface_new(const struct device *dev);
struct net_pkt *emu_pkt_new(void);
void emu_pkt_append(struct net_pkt *pkt, const uint8_t *d, uint16_t len);
void emu_service(void);
int emu_intr_live(void);
#endif
