/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated illumos GLDv3 adapter: _init, attach(9E) through the
 * dev_ops, mc_start, mc_tx with two-block mblk_t chains (b_cont) and
 * hardware checksum requests, the interrupt -> mac_rx path, mc_stop, detach.
 */
#include <sys/types.h>
#include <sys/conf.h>
#include <sys/ddi.h>
#include <sys/sunddi.h>
#include <sys/stream.h>
#include <sys/strsun.h>
#include <sys/mac_provider.h>
#include "nic_hw.h"

#include "emu_host.h"
#include "emul_illumos.h"


extern const struct nic_hw_ops HW_OPS;
int _init(void);
int _fini(void);

#define IL_CAPS_MASK	(NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM)
/* MAC_CAPAB_HCKSUM as the driver answers it, as NIC_HWCAP_* */
static uint32_t advertised(void)
{
	uint32_t f = 0, a = 0;

	if (emu_mh->cb.mc_getcapab == NULL || !emu_mh->cb.mc_getcapab(emu_mh->driver, MAC_CAPAB_HCKSUM, &f))
		return 0;
	a |= (f & HCKSUM_INET_FULL_V4) ? NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM : 0;
	a |= (f & HCKSUM_IPHDRCKSUM) ? NIC_HWCAP_TX_IP4_CSUM : 0;
	return a;
}

static void service(void) { (void)emu_service(); }

int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	uint32_t i, allowed = 0, caps = HW_OPS.ho_caps;
	dev_info_t *dip;
	int spins;

	if ((caps & NIC_HWCAP_TX_UDP_CSUM) && (caps & NIC_HWCAP_TX_IP4_CSUM))
		allowed |= EMU_OL_CSUM;
	if (emu_dev_init() != 0)
		emu_fail("device model");
	if (_init() != 0 || emu_devops == NULL)
		emu_fail("_init");
	emu_set_pci_id(EMU_VENDOR, EMU_DEVICE);
	dip = emu_dip_new();
	if (emu_failpath()) {
		/* attach(9E) that fails is not followed by detach(9E): it cleans up itself */
		int err = emu_devops->devo_attach(dip, DDI_ATTACH) == DDI_SUCCESS ? 0 : -1;

		if (err == 0) {
			err = emu_mh->cb.mc_start(emu_mh->driver);
			if (err == 0)
				emu_mh->cb.mc_stop(emu_mh->driver);
			if (emu_devops->devo_detach(dip, DDI_DETACH) != DDI_SUCCESS)
				emu_fail("detach failed");
		}
		(void)_fini();
		emu_free(dip, EMU_MEM);
		emu_dev_fini();
		return emu_failpath_verdict("illumos", err, emu_live(EMU_PKT), emu_live(EMU_BUF),
		    emu_live(EMU_DMA), emu_intr_live());
	}
	if (emu_devops->devo_attach(dip, DDI_ATTACH) != DDI_SUCCESS || emu_mh == NULL)
		emu_fail("attach failed");
	emu_caps(advertised(), emu_hw_caps(), IL_CAPS_MASK);
	if ((advertised() & (NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_UDP_CSUM)) !=
	    (NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_UDP_CSUM))
		allowed &= ~EMU_OL_CSUM;
	if (emu_mh->cb.mc_start(emu_mh->driver) != 0)
		emu_fail("mc_start failed");
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed | EMU_OL_VLAN);
		/* GLDv3 sends 802.1Q tags inline: a tagged frame, sums filled, no offload */
		uint32_t len = (ol & EMU_OL_VLAN) ? emu_frame_wire(i, ol, f) : emu_frame_tx(i, ol, f);
		mblk_t *a = allocb(42, BPRI_MED), *b = allocb(len - 42, BPRI_MED), *rest;

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(service, 64);	/* traffic must pass after it */

		emu_memcpy(a->b_wptr, f, 42);
		a->b_wptr += 42;
		emu_memcpy(b->b_wptr, f + 42, len - 42);
		b->b_wptr += len - 42;
		a->b_cont = b;
		emu_set_tx_hcksum((ol & EMU_OL_CSUM) && !(ol & EMU_OL_VLAN) ?
		    (HCK_FULLCKSUM | HCK_IPV4_HDRCKSUM) : 0);
		for (spins = 0; (rest = emu_mh->cb.mc_tx(emu_mh->driver, a)) != NULL && spins < 100; spins++) {
			a = rest;
			emu_service();
		}
		if (rest != NULL)
			emu_fail("mc_tx kept frame %u", i);
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	emu_mh->cb.mc_stop(emu_mh->driver);
	if (emu_devops->devo_detach(dip, DDI_DETACH) != DDI_SUCCESS)
		emu_fail("detach failed");
	(void)_fini();
	emu_free(dip, EMU_MEM);
	emu_dev_fini();
	/* frames sent tagged must come back tagged (a tag the device strips is put back) */
	return emu_verdict("illumos", EMU_FRAMES, allowed | EMU_OL_VLAN, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA));
}
