/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_WINDOWS_H
#define NICPORT_EMUL_WINDOWS_H
extern NDIS_MINIPORT_DRIVER_CHARACTERISTICS emu_chars;
extern NDIS_HANDLE emu_adapter_ctx;
extern uint32_t emu_completed, emu_completed_bad;
void emu_set_pci_id(USHORT v, USHORT d);
PNET_BUFFER_LIST emu_nbl_new(const uint8_t *f, ULONG len, ULONG split);
void emu_nbl_free(PNET_BUFFER_LIST nbl);
void emu_service(void);
int emu_intr_live(void);
ULONG emu_win_resources(PCM_PARTIAL_RESOURCE_DESCRIPTOR d, ULONG max);
int emu_win_maps_live(void);
extern NDIS_OFFLOAD emu_offload;
extern ULONG emu_mac_options;
extern int emu_offload_set;
#endif
