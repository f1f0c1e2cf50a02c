/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_ILLUMOS_H
#define NICPORT_EMUL_ILLUMOS_H
extern mac_handle_t emu_mh;
extern struct dev_ops *emu_devops;
struct mac_handle { mac_callbacks_t cb; void *driver; link_state_t link; };
dev_info_t *emu_dip_new(void);
void emu_set_pci_id(uint16_t v, uint16_t d);
void emu_set_tx_hcksum(uint32_t f);
int emu_service(void);
int emu_intr_live(void);
#endif
