/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nic_osdep_devmodel.h - a user-space osdep whose MMIO goes to the device model
 *
 * DMA addresses are plain user pointers (identity mapping).  Receive buffers come from a
 * pool that knows where every buffer is (pool / lent to the core / handed up) and aborts
 * on a double free or a foreign cookie; memory from nic_os_zalloc and coherent rings is
 * counted so a test can prove nothing leaked.
 */
#ifndef NIC_OSDEP_DEVMODEL_H
#define NIC_OSDEP_DEVMODEL_H

#include "nic_osdep.h"
#include "nic_devmodel.h"

struct nic_dm_buf {
	uint8_t		*data;
	uint32_t	id;
	uint32_t	state;		/* NIC_DM_BUF_* */
};

#define NIC_DM_BUF_POOL	0
#define NIC_DM_BUF_CORE	1	/* posted to the device by the core */
#define NIC_DM_BUF_UP	2	/* handed up in a packet: the test owns it */

struct nic_os {
	struct nic_devmodel	*dm;
	struct nic_dm_buf	*bufs;
	uint32_t		nbufs, buf_size, nfree;
	uint32_t		*free_stack;
	uint64_t		zalloc_live, coherent_live;
	uint64_t		alloc_fail;
	int			verbose;
	int			pci;	/* 1: PCI configuration reads go to the model (virtio-pci) */
};

struct nic_os	*nic_dm_os_create(struct nic_devmodel *dm, uint32_t nbufs, uint32_t buf_size);
void		nic_dm_os_destroy(struct nic_os *os);
/* a buffer handed up (cookie from a received nic_packet) goes back to the pool */
void		nic_dm_buf_release(struct nic_os *os, void *cookie);
/* the core handed this buffer up: mark it as the test's */
void		nic_dm_buf_up(struct nic_os *os, void *cookie);
uint32_t	nic_dm_buf_count(const struct nic_os *os, uint32_t state);

#endif /* NIC_OSDEP_DEVMODEL_H */
