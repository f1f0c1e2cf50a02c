/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated NetBSD adapter (attach, if_init via SIOCSIFFLAGS,
 * if_transmit, interrupt + softint receive, stop, detach) over the emulated
 * KPI and the device model; every frame is compared byte for byte.
 */
#include <sys/param.h>
#include <sys/device.h>
#include <sys/mbuf.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_ether.h>
#include <dev/pci/pcivar.h>

#include "emu_host.h"
#include "emul_netbsd.h"
#include "nic_hw.h"

#define CA		CAT(CAT(nicport_, NICPORT_DRV), _ca)
extern struct cfattach CA;
extern const struct nic_hw_ops HW_OPS;


int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	struct pci_attach_args pa;
	uint32_t allowed = 0, i, caps = HW_OPS.ho_caps;
	device_t dev;
	struct ifnet *ifp;
	int spins;

	if (caps & NIC_HWCAP_TX_UDP_CSUM && caps & NIC_HWCAP_TX_IP4_CSUM)
		allowed |= EMU_OL_CSUM;
#ifdef EMU_ALLOW_VLAN
	if (caps & NIC_HWCAP_TX_VLAN)
		allowed |= EMU_OL_VLAN;
#endif
	if (emu_dev_init() != 0)
		emu_fail("device model");
	emu_memset(&pa, 0, sizeof(pa));
	pa.pa_dmat = pa.pa_dmat64 = (bus_dma_tag_t)(uintptr_t)0x1;
	dev = emu_device_new(CA.ca_devsize);
	CA.ca_attach(NULL, dev, &pa);
	ifp = emu_ifp;
	if (ifp == NULL)
		emu_fail("attach did not register an ifnet");
	ifp->if_flags |= IFF_UP;
	if (ifp->if_ioctl(ifp, SIOCSIFFLAGS, NULL) != 0 || !(ifp->if_flags & IFF_RUNNING))
		emu_fail("if_init failed");
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed);
		uint32_t len = emu_frame_tx(i, ol, f);
		struct mbuf *m = emu_mbuf_from(f, len, 14 + 20 + 8);

		if (ol & EMU_OL_CSUM)
			m->m_pkthdr.csum_flags |= M_CSUM_IPv4 | M_CSUM_UDPv4;
		if (ol & EMU_OL_VLAN)
			vlan_set_tag(m, EMU_VLAN_TCI);
		if (ifp->if_transmit(ifp, m) != 0)
			emu_fail("if_transmit refused frame %u", i);
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	ifp->if_flags &= ~IFF_UP;
	(void)ifp->if_ioctl(ifp, SIOCSIFFLAGS, NULL);
	CA.ca_detach(dev, 0);
	emu_device_free(dev);
	emu_dev_fini();
	return emu_verdict("netbsd", EMU_FRAMES, allowed, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA));
}
