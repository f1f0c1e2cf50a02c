/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for the generated hw layer's adapter-facing entry points (test
 * support only; DRV is replaced by the driver prefix).  The real hw layer
 * (generate/hw) replaces this in every output tree.
 */
#ifndef DRV_HW_H
#define DRV_HW_H

#include "nic_hw.h"

extern const struct nic_hw_ops DRV_hw_ops;

/* reset the device, minimal "enable the rings" setup; *hw = the hw softc */
int DRV_hw_attach(struct nic_os *os, void **hw);
void DRV_hw_detach(void *hw);
/* the station address the device powers up with (RAL0/RAH0, EEPROM, config) */
void DRV_hw_mac_addr(void *hw, uint8_t mac[6]);
uint32_t DRV_hw_caps(void *hw);

#endif /* DRV_HW_H */
