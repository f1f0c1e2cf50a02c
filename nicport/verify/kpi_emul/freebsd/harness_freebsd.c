/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated FreeBSD adapter through newbus (device_probe,
 * device_attach from its method table), SIOCSIFFLAGS, if_transmit with
 * two-mbuf chains and CSUM_* / M_VLANTAG requests, the interrupt thread and
 * if_input, then SIOCSIFFLAGS down and device_detach.
 */
#include "nicport_fbsd_kpi.h"
#include "nic_hw.h"
#include "emu_host.h"
#include "emul_freebsd.h"

extern const struct nic_hw_ops HW_OPS;
extern driver_t *nicport_fbsd_driver;

static void *method(const char *name)
{
	device_method_t *m;

	for (m = nicport_fbsd_driver->methods; m->name != NULL; m++) {
		const char *a = m->name, *b = name;

		while (*a && *a == *b)
			a++, b++;
		if (*a == 0 && *b == 0)
			return m->func;
	}
	emu_fail("no %s method", name);
	return NULL;
}

/* what the adapter advertised through ifnet, as NIC_HWCAP_* bits */
#define FBSD_CAPS_MASK	(NIC_HWCAP_TX_IP4_CSUM | NIC_HWCAP_TX_TCP_CSUM | NIC_HWCAP_TX_UDP_CSUM | \
	NIC_HWCAP_TX_TSO4 | NIC_HWCAP_TX_TSO6 | NIC_HWCAP_TX_VLAN | NIC_HWCAP_RX_CSUM)
static uint32_t advertised(void)
{
	uint64_t a = emu_ifp_hwassist();
	int cap = emu_ifp_capabilities();
	uint32_t c = 0;

	c |= (a & CSUM_IP) ? NIC_HWCAP_TX_IP4_CSUM : 0;
	c |= (a & CSUM_TCP) ? NIC_HWCAP_TX_TCP_CSUM : 0;
	c |= (a & CSUM_UDP) ? NIC_HWCAP_TX_UDP_CSUM : 0;
	c |= (a & CSUM_IP_TSO) ? NIC_HWCAP_TX_TSO4 : 0;
	c |= (a & CSUM_IP6_TSO) ? NIC_HWCAP_TX_TSO6 : 0;
	c |= (cap & IFCAP_RXCSUM) ? NIC_HWCAP_RX_CSUM : 0;
	c |= (cap & IFCAP_VLAN_HWTAGGING) ? NIC_HWCAP_TX_VLAN : 0;
	if (((cap & IFCAP_TSO4) != 0) != ((a & CSUM_IP_TSO) != 0) ||
	    ((cap & IFCAP_TSO6) != 0) != ((a & CSUM_IP6_TSO) != 0))
		emu_fail("IFCAP_TSO* and if_hwassist disagree");
	return c;
}

/* attach (and interface up) with one step made to fail: a clean error, nothing left */
static int failpath(device_t dev, device_attach_t *attach, device_detach_t *detach)
{
	int err = attach(dev);

	if (err == 0) {
		/* newbus calls detach only after a successful attach */
		if_setflags(emu_ifp, if_getflags(emu_ifp) | IFF_UP);
		err = emu_ifp_ioctl(SIOCSIFFLAGS);
		if_setflags(emu_ifp, if_getflags(emu_ifp) & ~IFF_UP);
		(void)emu_ifp_ioctl(SIOCSIFFLAGS);
		if (detach(dev) != 0)
			emu_fail("device_detach failed");
	}
	emu_device_free(dev);
	emu_dev_fini();
	return emu_failpath_verdict("freebsd", err, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA), emu_intr_live());
}

int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	uint32_t i, allowed = 0, caps = HW_OPS.ho_caps;
	device_probe_t *probe = method("device_probe");
	device_attach_t *attach = method("device_attach");
	device_detach_t *detach = method("device_detach");
	device_t dev;
	int spins;

	if ((caps & NIC_HWCAP_TX_UDP_CSUM) && (caps & NIC_HWCAP_TX_IP4_CSUM))
		allowed |= EMU_OL_CSUM;
#ifdef EMU_ALLOW_VLAN
	if (caps & NIC_HWCAP_TX_VLAN)
		allowed |= EMU_OL_VLAN;
#endif
	if (emu_dev_init() != 0)
		emu_fail("device model");
	emu_set_pci_id(EMU_VENDOR, EMU_DEVICE);
	dev = emu_device_new(nicport_fbsd_driver->size);
	if (probe(dev) > 0)
		emu_fail("device_probe refused the device");
	if (emu_failpath())
		return failpath(dev, attach, detach);
	if (attach(dev) != 0 || emu_ifp == NULL)
		emu_fail("device_attach failed");
	emu_caps(advertised(), emu_hw_caps(), FBSD_CAPS_MASK);
	if (!(emu_ifp_hwassist() & CSUM_IP) || !(emu_ifp_hwassist() & CSUM_UDP))
		allowed &= ~EMU_OL_CSUM;
	if (!(emu_ifp_capenable() & IFCAP_VLAN_HWTAGGING))
		allowed &= ~EMU_OL_VLAN;
	if_setflags(emu_ifp, if_getflags(emu_ifp) | IFF_UP);
	if (emu_ifp_ioctl(SIOCSIFFLAGS) != 0 || !(emu_ifp_drvflags() & IFF_DRV_RUNNING))
		emu_fail("SIOCSIFFLAGS up failed");
	for (i = 0; i < EMU_FRAMES; i++) {
		uint32_t ol = emu_frame_offloads(i, allowed);
		uint32_t len = emu_frame_tx(i, ol, f);
		struct mbuf *m = emu_mbuf_from(f, len, 14 + 20 + 8);

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(emu_service, 64);	/* traffic must pass after it */

		if (ol & EMU_OL_CSUM) {
			m->m_pkthdr.csum_flags |= CSUM_IP | CSUM_UDP;
			/* FreeBSD's stack seeds the UDP sum with the pseudo header (in_pseudo) */
			{
				uint32_t s = (10u << 8) + 1 + (10u << 8) + 2 + 17 + (len - 34);
				uint8_t *u = (uint8_t *)m->m_data + 34;

				while (s >> 16)
					s = (s & 0xffff) + (s >> 16);
				u[6] = (uint8_t)(s >> 8);
				u[7] = (uint8_t)s;
			}
		}
		if (ol & EMU_OL_VLAN) {
			m->m_pkthdr.ether_vtag = EMU_VLAN_TCI;
			m->m_flags |= M_VLANTAG;
		}
		if (emu_ifp_transmit(m) != 0)
			emu_fail("if_transmit refused frame %u", i);
		for (spins = 0; spins < 4; spins++)
			emu_service();
	}
	for (spins = 0; spins < 64; spins++)
		emu_service();
	if_setflags(emu_ifp, if_getflags(emu_ifp) & ~IFF_UP);
	(void)emu_ifp_ioctl(SIOCSIFFLAGS);
	if (detach(dev) != 0)
		emu_fail("device_detach failed");
	emu_device_free(dev);
	emu_dev_fini();
	return emu_verdict("freebsd", EMU_FRAMES, allowed, emu_live(EMU_PKT), emu_live(EMU_BUF),
	    emu_live(EMU_DMA));
}
