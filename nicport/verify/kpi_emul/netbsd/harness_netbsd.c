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


#define NB_CAPS_MASK	(NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM | \
	NIC_HWCAP_TX_TSO4 | NIC_HWCAP_TX_VLAN | NIC_HWCAP_RX_CSUM)
/* what the adapter advertised (if_capabilities, ec_capabilities) as NIC_HWCAP_* */
static uint32_t advertised(struct ifnet *ifp)
{
	uint64_t c = ifp->if_capabilities;
	struct ethercom *ec = (struct ethercom *)ifp;
	uint32_t a = 0;

	a |= (c & IFCAP_CSUM_IPv4_Tx) ? NIC_HWCAP_TX_IP4_CSUM : 0;
	a |= (c & IFCAP_CSUM_TCPv4_Tx) ? NIC_HWCAP_TX_TCP_CSUM : 0;
	a |= (c & IFCAP_CSUM_UDPv4_Tx) ? NIC_HWCAP_TX_UDP_CSUM : 0;
	a |= (c & (IFCAP_CSUM_IPv4_Rx | IFCAP_CSUM_TCPv4_Rx | IFCAP_CSUM_UDPv4_Rx)) ? NIC_HWCAP_RX_CSUM : 0;
	a |= (c & IFCAP_TSOv4) ? NIC_HWCAP_TX_TSO4 : 0;
	a |= (ec->ec_capabilities & ETHERCAP_VLAN_HWTAGGING) ? NIC_HWCAP_TX_VLAN : 0;
	return a;
}

static void service(void) { (void)emu_service(); }

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
	if (emu_failpath()) {
		/* autoconf(9) attach cannot fail: the adapter must have released all */
		int err = emu_ifp == NULL ? ENXIO : 0;

		if (emu_ifp != NULL) {
			emu_ifp->if_flags |= IFF_UP;
			err = emu_ifp->if_ioctl(emu_ifp, SIOCSIFFLAGS, NULL);
			emu_ifp->if_flags &= ~IFF_UP;
			(void)emu_ifp->if_ioctl(emu_ifp, SIOCSIFFLAGS, NULL);
		}
		CA.ca_detach(dev, 0);
		emu_device_free(dev);
		emu_dev_fini();
		return emu_failpath_verdict("netbsd", err, emu_live(EMU_PKT), emu_live(EMU_BUF),
		    emu_live(EMU_DMA), emu_intr_live());
	}
	ifp = emu_ifp;
	if (ifp == NULL)
		emu_fail("attach did not register an ifnet");
	emu_caps(advertised(ifp), emu_hw_caps(), NB_CAPS_MASK);
	if (!(ifp->if_capabilities & IFCAP_CSUM_IPv4_Tx) || !(ifp->if_capabilities & IFCAP_CSUM_UDPv4_Tx))
		allowed &= ~EMU_OL_CSUM;
	if (!(((struct ethercom *)ifp)->ec_capabilities & ETHERCAP_VLAN_HWTAGGING))
		allowed &= ~EMU_OL_VLAN;
	ifp->if_flags |= IFF_UP;
	if (ifp->if_ioctl(ifp, SIOCSIFFLAGS, NULL) != 0 || !(ifp->if_flags & IFF_RUNNING))
		emu_fail("if_init failed");
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed);
		uint32_t len = emu_frame_tx(i, ol, f);
		struct mbuf *m = emu_mbuf_from(f, len, 14 + 20 + 8);

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(service, 64);	/* traffic must pass after it */

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
