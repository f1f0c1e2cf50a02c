/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nicport portable NIC core -- copied by nicport into <out>/core/; do not edit there.
 *
 * nic_vlan.c - 802.1Q / 802.1ad tag insertion and removal in software
 * (descriptor-based insertion and stripping go through nic_txd_info.ti_vtag
 * and nic_rxd_info.ri_vtag).
 */
#include "nic_priv.h"

int nic_vlan_insert(uint8_t *f, uint32_t len, uint32_t cap, uint16_t tpid, uint16_t tci)
{
	if (f == NULL || len < NIC_ETH_HLEN)
		return NIC_E_BADPKT;
	if (cap < len + NIC_VLAN_HLEN || len + NIC_VLAN_HLEN > 0x7fffffffu)
		return NIC_E_TOOBIG;
	nic_memmove(f + 16, f + 12, len - 12);
	nic_put_be16(f + 12, tpid);
	nic_put_be16(f + 14, tci);
	return (int)(len + NIC_VLAN_HLEN);
}

static int nic_is_vlan_tpid(uint16_t t)
{
	return t == NIC_ETHERTYPE_VLAN || t == NIC_ETHERTYPE_QINQ;
}

int nic_vlan_strip(uint8_t *f, uint32_t len, uint16_t *tci)
{
	if (f == NULL || len < NIC_ETH_HLEN + NIC_VLAN_HLEN || len > 0x7fffffffu ||
	    !nic_is_vlan_tpid(nic_get_be16(f + 12)))
		return NIC_E_BADPKT;
	*tci = nic_get_be16(f + 14);
	nic_memmove(f + 12, f + 16, len - 16);
	return (int)(len - NIC_VLAN_HLEN);
}

int nic_vlan_strip_seg(struct nic_packet *p, uint16_t *tci)
{
	struct nic_seg *s = &p->np_segs[0];

	if (p->np_nsegs == 0 || s->ns_va == NULL || s->ns_len < NIC_ETH_HLEN + NIC_VLAN_HLEN ||
	    !nic_is_vlan_tpid(nic_get_be16(s->ns_va + 12)))
		return NIC_E_BADPKT;
	*tci = nic_get_be16(s->ns_va + 14);
	nic_memmove(s->ns_va + NIC_VLAN_HLEN, s->ns_va, 12);
	s->ns_va += NIC_VLAN_HLEN;
	s->ns_dma += NIC_VLAN_HLEN;
	s->ns_len -= NIC_VLAN_HLEN;
	p->np_len -= NIC_VLAN_HLEN;
	return (int)p->np_len;
}
