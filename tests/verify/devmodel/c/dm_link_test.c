// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm_link_test.c - link state through the portable core (nic_link_state) + a generated hw
 * layer (ho_link_state) + the device model (nic_devmodel_set_link), the way an adapter uses
 * it: read at open, then again on every link cause (NIC_INTR_LINK from nic_intr_cause in
 * INTx mode, or the MSI-X misc vector).
 *
 *   dm_link_test <drv> intx|msix|mmio     down, up, down, up; each read after its interrupt
 *
 * Prints one line "key=value ..." on success; exits non-zero on a mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nic_core.h"
#include "dm_common.h"
#include "nic_osdep_devmodel.h"
#include HW_HEADER


static struct nic_devmodel *dm;
static struct nic_os *os;
static struct nic_dev dev;
static void *hw;
static int pending, msix;
static uint64_t irqs, vec1;

static void on_irq(void *ctx)
{
	(void)ctx;
	irqs++;
	pending = 1;
}

static void on_vec(void *ctx, uint16_t v)
{
	(void)ctx;
	irqs++;
	if (v == 1) {
		vec1++;
		pending = 1;
	}
}

/* the adapter's link handler: the cause, then the state; -1: no link cause */
static int link_event(uint32_t *speed, int *fd)
{
	uint64_t rxm, txm;
	uint32_t c;
	int st;

	if (!pending)
		return -100;
	pending = 0;
	if (!msix)
		nic_intr_disable(&dev, 0);
	c = nic_intr_cause(&dev, &rxm, &txm);
	st = (c & NIC_INTR_LINK) ? nic_link_state(&dev, speed, fd) : -1;
	nic_intr_enable(&dev, msix ? 1 : 0);
	return st;
}

int main(int argc, char **argv)
{
	struct nic_devmodel_cfg cfg;
	struct nic_hw_ops noops;
	struct nic_dev nodev;
	uint32_t speed0, speed, s;
	int fd0, fd, up0, down1, up1, down2, up2, nosys, i;

	if (argc < 3)
		FAIL("usage: %s DRV intx|msix|mmio", argv[0]);
	memset(&cfg, 0, sizeof(cfg));
	cfg.irq = on_irq;
	cfg.irq_vec = on_vec;
	dm = nic_devmodel_create(&cfg);
	if (!dm)
		FAIL("devmodel create");
	os = nic_dm_os_create(dm, 16, 2048);
	os->pci = strcmp(argv[2], "mmio") != 0;
	if (HW_ATTACH(os, &hw))
		FAIL("hw attach");
	nic_dev_init(&dev, os, &HW_OPS, hw);
	if (strcmp(argv[2], "msix") == 0) {
		nic_devmodel_set_msix(dm, 2);
		if (nic_intr_map(&dev, 0, 1, 1, 0) || nic_intr_map(&dev, 1, 0, 0, NIC_INTR_LINK | NIC_INTR_OTHER))
			FAIL("MSI-X map refused");
		msix = 1;
	}
	nic_intr_enable(&dev, 0);
	if (msix)
		nic_intr_enable(&dev, 1);
	/* "open": the link as it is now */
	up0 = nic_link_state(&dev, &speed0, &fd0);
	/* link down, link up, twice: each read from the link interrupt's handler */
	nic_devmodel_set_link(dm, 0);
	down1 = link_event(&speed, &fd);
	nic_devmodel_set_link(dm, 1);
	up1 = link_event(&speed, &fd);
	nic_devmodel_set_link(dm, 0);
	down2 = link_event(&s, &i);
	nic_devmodel_set_link(dm, 1);
	up2 = link_event(&s, &i);
	/* a hw layer without the hook: NIC_E_NOSYS, speed 0, duplex unknown */
	noops = HW_OPS;
	noops.ho_link_state = NULL;
	nic_dev_init(&nodev, os, &noops, hw);
	s = 123;
	i = 7;
	nosys = nic_link_state(&nodev, &s, &i);
	printf("mode=%s hook=%d up0=%d speed0=%u fd0=%d down1=%d up1=%d speed=%u fd=%d down2=%d up2=%d "
	       "nosys=%d nosys_speed=%u nosys_fd=%d irqs=%llu vec1=%llu\n", argv[2], HW_OPS.ho_link_state != NULL,
	       up0, speed0, fd0, down1, up1, speed, fd, down2, up2, nosys, s, i, (unsigned long long)irqs,
	       (unsigned long long)vec1);
	HW_DETACH(hw);
	nic_dm_os_destroy(os);
	nic_devmodel_destroy(dm);
	return 0;
}
