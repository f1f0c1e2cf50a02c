"""Descriptor families nicport knows, and what each needs from the IR.

A family is a way a NIC talks to its driver through memory: the descriptor formats, the
register roles that program a ring and the bit definitions the dataplane uses.  Each spec
lists, per role, the driver's own macro names that can carry it (first one the driver
defines wins).  A family that is not listed here is not guessed: ``supported_family`` says no
and why, and the pipeline records an exception.

Datasheet references: Intel 8254x SDM (legacy descriptors, 3.3/3.4), 82574 datasheet
(extended RX descriptors, 7.1.5), 82576 / 82599 datasheets (advanced descriptors, 7.1.5 /
7.2.3), virtio 1.1 (split virtqueues, 2.6; virtio-mmio transport, 4.2.2).
"""

from __future__ import annotations

from dataclasses import dataclass

INTEL_LEGACY = "intel_legacy"  # e1000: legacy TX + legacy RX
INTEL_EXTENDED = "intel_extended"  # e1000e: legacy TX + extended RX
INTEL_ADVANCED = "intel_advanced"  # igb, ixgbe: advanced TX + advanced RX
VIRTIO_SPLIT = "virtio_split"  # virtio_net: split virtqueues

FAMILIES = (INTEL_LEGACY, INTEL_EXTENDED, INTEL_ADVANCED, VIRTIO_SPLIT)


@dataclass(frozen=True)
class FamilySpec:
    name: str
    title: str
    layouts: tuple[str, ...]  # descriptor roles the IR must carry
    queue_regs: dict[str, tuple[str, ...]]  # role -> macro names (per queue)
    regs: dict[str, tuple[str, ...]]  # role -> macro names (device wide)
    bits: dict[str, tuple[str, ...]]  # role -> macro names (constants)
    msix: bool = False  # the generated hw layer implements ho_vector_map (see MSIX_VARIANTS)


_Q_INTEL = {
    "tx_base_lo": ("E1000_TDBAL", "IXGBE_TDBAL"),
    "tx_base_hi": ("E1000_TDBAH", "IXGBE_TDBAH"),
    "tx_len": ("E1000_TDLEN", "IXGBE_TDLEN"),
    "tx_head": ("E1000_TDH", "IXGBE_TDH"),
    "tx_tail": ("E1000_TDT", "IXGBE_TDT"),
    "rx_base_lo": ("E1000_RDBAL", "IXGBE_RDBAL"),
    "rx_base_hi": ("E1000_RDBAH", "IXGBE_RDBAH"),
    "rx_len": ("E1000_RDLEN", "IXGBE_RDLEN"),
    "rx_head": ("E1000_RDH", "IXGBE_RDH"),
    "rx_tail": ("E1000_RDT", "IXGBE_RDT"),
}

_LEGACY_TX_BITS = {
    "txd_cmd_eop": ("E1000_TXD_CMD_EOP",),
    "txd_cmd_ifcs": ("E1000_TXD_CMD_IFCS",),
    "txd_cmd_rs": ("E1000_TXD_CMD_RS",),
    "txd_cmd_dext": ("E1000_TXD_CMD_DEXT",),
    "txd_cmd_vle": ("E1000_TXD_CMD_VLE",),
    "txd_cmd_ic": ("E1000_TXD_CMD_IC",),
    "txd_dtyp_d": ("E1000_TXD_DTYP_D",),
    "txd_dtyp_c": ("E1000_TXD_DTYP_C",),
    "txd_popts_ixsm": ("E1000_TXD_POPTS_IXSM",),
    "txd_popts_txsm": ("E1000_TXD_POPTS_TXSM",),
    "txd_cmd_tcp": ("E1000_TXD_CMD_TCP",),
    "txd_cmd_ip": ("E1000_TXD_CMD_IP",),
    "txd_cmd_tse": ("E1000_TXD_CMD_TSE",),
    "txd_stat_dd": ("E1000_TXD_STAT_DD",),
}

_E1000_CTRL_BITS = {
    "tctl_en": ("E1000_TCTL_EN",),
    "tctl_psp": ("E1000_TCTL_PSP",),
    "tctl_rtlc": ("E1000_TCTL_RTLC",),
    "tctl_ct": ("E1000_TCTL_CT",),
    "tctl_cold": ("E1000_TCTL_COLD",),
    "collision_threshold": ("E1000_COLLISION_THRESHOLD",),
    "ct_shift": ("E1000_CT_SHIFT",),
    "collision_distance": ("E1000_COLLISION_DISTANCE",),
    "cold_shift": ("E1000_COLD_SHIFT",),
    "rctl_en": ("E1000_RCTL_EN",),
    "rctl_bam": ("E1000_RCTL_BAM",),
    "rctl_secrc": ("E1000_RCTL_SECRC",),
    "rctl_lpe": ("E1000_RCTL_LPE",),
    "rctl_bsex": ("E1000_RCTL_BSEX",),
    "rctl_sz_256": ("E1000_RCTL_SZ_256",),
    "rctl_sz_512": ("E1000_RCTL_SZ_512",),
    "rctl_sz_1024": ("E1000_RCTL_SZ_1024",),
    "rctl_sz_2048": ("E1000_RCTL_SZ_2048",),
    "rctl_sz_4096": ("E1000_RCTL_SZ_4096",),
    "rctl_sz_8192": ("E1000_RCTL_SZ_8192",),
    "rctl_sz_16384": ("E1000_RCTL_SZ_16384",),
    "icr_txdw": ("E1000_ICR_TXDW",),
    "icr_lsc": ("E1000_ICR_LSC",),
    "icr_rxdmt0": ("E1000_ICR_RXDMT0",),
    "icr_rxo": ("E1000_ICR_RXO",),
    "icr_rxt0": ("E1000_ICR_RXT0",),
    "tipg_ipgt": ("DEFAULT_82543_TIPG_IPGT_COPPER",),
    "tipg_ipgr1": ("DEFAULT_82543_TIPG_IPGR1",),
    "tipg_ipgr1_shift": ("E1000_TIPG_IPGR1_SHIFT",),
    "tipg_ipgr2": ("DEFAULT_82543_TIPG_IPGR2",),
    "tipg_ipgr2_shift": ("E1000_TIPG_IPGR2_SHIFT",),
}

_E1000_REGS = {
    "tx_ctrl": ("E1000_TCTL",),
    "rx_ctrl": ("E1000_RCTL",),
    "tipg": ("E1000_TIPG",),
    "irq_cause": ("E1000_ICR",),
    "irq_cause_set": ("E1000_ICS",),
    "irq_mask_set": ("E1000_IMS",),
    "irq_mask_clear": ("E1000_IMC",),
    "mac_ral": ("E1000_RAL(0)", "E1000_RA"),
    "mac_rah": ("E1000_RAH(0)", "E1000_RA+4"),
}

_LEGACY_RX_BITS = {
    "rxd_stat_dd": ("E1000_RXD_STAT_DD",),
    "rxd_stat_eop": ("E1000_RXD_STAT_EOP",),
    "rxd_stat_ixsm": ("E1000_RXD_STAT_IXSM",),
    "rxd_stat_vp": ("E1000_RXD_STAT_VP",),
    "rxd_stat_udpcs": ("E1000_RXD_STAT_UDPCS",),
    "rxd_stat_tcpcs": ("E1000_RXD_STAT_TCPCS",),
    "rxd_stat_ipcs": ("E1000_RXD_STAT_IPCS",),
    "rxd_err_ce": ("E1000_RXD_ERR_CE",),
    "rxd_err_se": ("E1000_RXD_ERR_SE",),
    "rxd_err_seq": ("E1000_RXD_ERR_SEQ",),
    "rxd_err_cxe": ("E1000_RXD_ERR_CXE",),
    "rxd_err_tcpe": ("E1000_RXD_ERR_TCPE",),
    "rxd_err_ipe": ("E1000_RXD_ERR_IPE",),
    "rxd_err_rxe": ("E1000_RXD_ERR_RXE",),
}


_ADV_TX_BITS = {
    "advtxd_dtyp_ctxt": ("E1000_ADVTXD_DTYP_CTXT", "IXGBE_ADVTXD_DTYP_CTXT"),
    "advtxd_dtyp_data": ("E1000_ADVTXD_DTYP_DATA", "IXGBE_ADVTXD_DTYP_DATA"),
    "advtxd_dcmd_eop": ("E1000_ADVTXD_DCMD_EOP", "IXGBE_ADVTXD_DCMD_EOP"),
    "advtxd_dcmd_ifcs": ("E1000_ADVTXD_DCMD_IFCS", "IXGBE_ADVTXD_DCMD_IFCS"),
    "advtxd_dcmd_rs": ("E1000_ADVTXD_DCMD_RS", "IXGBE_ADVTXD_DCMD_RS"),
    "advtxd_dcmd_dext": ("E1000_ADVTXD_DCMD_DEXT", "IXGBE_ADVTXD_DCMD_DEXT"),
    "advtxd_dcmd_vle": ("E1000_ADVTXD_DCMD_VLE", "IXGBE_ADVTXD_DCMD_VLE"),
    "advtxd_dcmd_tse": ("E1000_ADVTXD_DCMD_TSE", "IXGBE_ADVTXD_DCMD_TSE"),
    "advtxd_paylen_shift": ("E1000_ADVTXD_PAYLEN_SHIFT", "IXGBE_ADVTXD_PAYLEN_SHIFT"),
    "advtxd_maclen_shift": ("E1000_ADVTXD_MACLEN_SHIFT", "IXGBE_ADVTXD_MACLEN_SHIFT"),
    "advtxd_vlan_shift": ("E1000_ADVTXD_VLAN_SHIFT", "IXGBE_ADVTXD_VLAN_SHIFT", "IGB_TX_FLAGS_VLAN_SHIFT"),
    "advtxd_tucmd_ipv4": ("E1000_ADVTXD_TUCMD_IPV4", "IXGBE_ADVTXD_TUCMD_IPV4"),
    "advtxd_tucmd_l4t_tcp": ("E1000_ADVTXD_TUCMD_L4T_TCP", "IXGBE_ADVTXD_TUCMD_L4T_TCP"),
    "advtxd_tucmd_l4t_udp": ("E1000_ADVTXD_TUCMD_L4T_UDP", "IXGBE_ADVTXD_TUCMD_L4T_UDP"),
    "advtxd_l4len_shift": ("E1000_ADVTXD_L4LEN_SHIFT", "IXGBE_ADVTXD_L4LEN_SHIFT"),
    "advtxd_mss_shift": ("E1000_ADVTXD_MSS_SHIFT", "IXGBE_ADVTXD_MSS_SHIFT"),
    "advtxd_popts_shift": ("IXGBE_ADVTXD_POPTS_SHIFT", "E1000_ADVTXD_POPTS_SHIFT"),
    "txd_popts_ixsm": ("E1000_TXD_POPTS_IXSM", "IXGBE_TXD_POPTS_IXSM"),
    "txd_popts_txsm": ("E1000_TXD_POPTS_TXSM", "IXGBE_TXD_POPTS_TXSM"),
    "txd_stat_dd": ("E1000_TXD_STAT_DD", "IXGBE_TXD_STAT_DD"),
}

_ADV_RX_BITS = {
    "rxd_stat_dd": ("E1000_RXD_STAT_DD", "IXGBE_RXD_STAT_DD"),
    "rxd_stat_eop": ("E1000_RXD_STAT_EOP", "IXGBE_RXD_STAT_EOP"),
    "rxd_stat_vp": ("E1000_RXD_STAT_VP", "IXGBE_RXD_STAT_VP"),
    "rxd_stat_udpcs": ("E1000_RXD_STAT_UDPCS", "IXGBE_RXD_STAT_UDPCS"),
    "rxd_stat_l4cs": ("E1000_RXD_STAT_TCPCS", "IXGBE_RXD_STAT_L4CS"),
    "rxd_stat_ipcs": ("E1000_RXD_STAT_IPCS", "IXGBE_RXD_STAT_IPCS"),
    "rxdadv_err_tcpe": ("E1000_RXDEXT_STATERR_TCPE", "IXGBE_RXDADV_ERR_TCPE"),
    "rxdadv_err_ipe": ("E1000_RXDEXT_STATERR_IPE", "IXGBE_RXDADV_ERR_IPE"),
    "srrctl_bsizepkt_shift": ("E1000_SRRCTL_BSIZEPKT_SHIFT", "IXGBE_SRRCTL_BSIZEPKT_SHIFT"),
    "srrctl_desctype_adv_onebuf": ("E1000_SRRCTL_DESCTYPE_ADV_ONEBUF", "IXGBE_SRRCTL_DESCTYPE_ADV_ONEBUF"),
    "txdctl_enable": ("E1000_TXDCTL_QUEUE_ENABLE", "IXGBE_TXDCTL_ENABLE"),
    "rxdctl_enable": ("E1000_RXDCTL_QUEUE_ENABLE", "IXGBE_RXDCTL_ENABLE"),
}

# 8254x/8257x: the device inserts (TXD.VLE) and strips VLAN tags only with CTRL.VME set, using
# VET as the tag protocol ID (8254x SDM 13.4.1 / 3.3.7.3; QEMU's e1000/e1000e do the same)
_E1000_VLAN_REGS = {"ctrl": ("E1000_CTRL",), "vet": ("E1000_VET",)}
_E1000_VLAN_BITS = {"ctrl_vme": ("E1000_CTRL_VME",)}

SPECS: dict[str, FamilySpec] = {
    INTEL_LEGACY: FamilySpec(
        INTEL_LEGACY,
        "Intel legacy descriptors (8254x: legacy TX data + TCP/IP context, legacy RX)",
        ("tx_data", "tx_context", "rx"),
        dict(_Q_INTEL),
        {**_E1000_REGS, **_E1000_VLAN_REGS},
        {**_LEGACY_TX_BITS, **_LEGACY_RX_BITS, **_E1000_CTRL_BITS, **_E1000_VLAN_BITS},
    ),
    INTEL_EXTENDED: FamilySpec(
        INTEL_EXTENDED,
        "Intel extended descriptors (8257x: legacy/extended TX, extended RX write-back)",
        ("tx_data", "tx_context", "rx"),
        dict(_Q_INTEL),
        {**_E1000_REGS, **_E1000_VLAN_REGS, "rfctl": ("E1000_RFCTL",)},
        {**_LEGACY_TX_BITS, **_LEGACY_RX_BITS, **_E1000_CTRL_BITS, **_E1000_VLAN_BITS,
         "rfctl_exten": ("E1000_RFCTL_EXTEN",)},
        msix=True,
    ),
    INTEL_ADVANCED: FamilySpec(
        INTEL_ADVANCED,
        "Intel advanced descriptors (82575+/82598+: advanced TX data + context, advanced RX one-buffer)",
        ("tx_data", "tx_context", "rx"),
        {**_Q_INTEL, "txdctl": ("E1000_TXDCTL", "IXGBE_TXDCTL"), "rxdctl": ("E1000_RXDCTL", "IXGBE_RXDCTL"),
         "srrctl": ("E1000_SRRCTL", "IXGBE_SRRCTL")},
        {},  # igb and ixgbe differ: see ADV_VARIANTS
        {**_ADV_TX_BITS, **_ADV_RX_BITS},
        msix=True,
    ),
    VIRTIO_SPLIT: FamilySpec(
        VIRTIO_SPLIT,
        "virtio split virtqueues (virtio 1.x, VIRTIO_F_VERSION_1 little-endian, virtio-net header v1)",
        ("split_desc", "split_avail", "split_used_elem", "split_used", "net_hdr_v1"),
        {},
        {},
        {
            "vring_desc_f_next": ("VRING_DESC_F_NEXT",),
            "vring_desc_f_write": ("VRING_DESC_F_WRITE",),
            "vring_avail_f_no_interrupt": ("VRING_AVAIL_F_NO_INTERRUPT",),
            "vring_used_f_no_notify": ("VRING_USED_F_NO_NOTIFY",),
            "hdr_f_needs_csum": ("VIRTIO_NET_HDR_F_NEEDS_CSUM",),
            "hdr_f_data_valid": ("VIRTIO_NET_HDR_F_DATA_VALID",),
            "hdr_gso_none": ("VIRTIO_NET_HDR_GSO_NONE",),
            "hdr_gso_tcpv4": ("VIRTIO_NET_HDR_GSO_TCPV4",),
            "hdr_gso_tcpv6": ("VIRTIO_NET_HDR_GSO_TCPV6",),
            "f_csum": ("VIRTIO_NET_F_CSUM",),
            "f_guest_csum": ("VIRTIO_NET_F_GUEST_CSUM",),
            "f_mac": ("VIRTIO_NET_F_MAC",),
            "f_host_tso4": ("VIRTIO_NET_F_HOST_TSO4",),
            "f_host_tso6": ("VIRTIO_NET_F_HOST_TSO6",),
            "f_version_1": ("VIRTIO_F_VERSION_1",),
        },
        msix=True,
    ),
}

# igb and ixgbe share the advanced descriptor family but not the enable / interrupt registers.
ADV_VARIANTS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "e1000": {  # igb: E1000_ names, ICR-style causes in INTx/MSI mode
        "regs": {**_E1000_REGS},
        "bits": {k: v for k, v in _E1000_CTRL_BITS.items() if not k.startswith("tipg")}
        | {"rctl_sz_2048": ("E1000_RCTL_SZ_2048",)},
    },
    "ixgbe": {  # ixgbe: RXCTRL/DMATXCTL, EICR causes routed by IVAR
        "regs": {
            "rx_ctrl": ("IXGBE_RXCTRL",),
            "tx_dma_ctrl": ("IXGBE_DMATXCTL",),
            "hlreg0": ("IXGBE_HLREG0",),
            "fctrl": ("IXGBE_FCTRL",),
            "irq_cause": ("IXGBE_EICR",),
            "irq_cause_set": ("IXGBE_EICS",),
            "irq_mask_set": ("IXGBE_EIMS",),
            "irq_mask_clear": ("IXGBE_EIMC",),
            "ivar0": ("IXGBE_IVAR(0)",),
            "mac_ral": ("IXGBE_RAL(0)",),
            "mac_rah": ("IXGBE_RAH(0)",),
        },
        "bits": {
            "rxctrl_rxen": ("IXGBE_RXCTRL_RXEN",),
            "dmatxctl_te": ("IXGBE_DMATXCTL_TE",),
            "hlreg0_txcrcen": ("IXGBE_HLREG0_TXCRCEN",),
            "hlreg0_rxcrcstrp": ("IXGBE_HLREG0_RXCRCSTRP",),
            "hlreg0_txpaden": ("IXGBE_HLREG0_TXPADEN",),
            "fctrl_bam": ("IXGBE_FCTRL_BAM",),
            "eicr_rtx_queue": ("IXGBE_EICR_RTX_QUEUE",),
            "eicr_lsc": ("IXGBE_EICR_LSC",),
            "ivar_alloc_val": ("IXGBE_IVAR_ALLOC_VAL",),
        },
    },
}


# MSI-X (one queue vector + one misc vector, see nic_hw.h ho_vector_map): the registers and bits
# each variant programs, as the original driver does it.  Keyed by msix_variant(family, driver).
#  - "e1000e" (82574): e1000_configure_msix (IVAR RxQ0/TxQ0/Other entries with
#    E1000_IVAR_INT_ALLOC_VALID, CTRL_EXT.PBA_CLR|EIAME, IAME cleared) + e1000_irq_enable
#    (EIAC_82574 = queue causes, IMS RXQ0/TXQ0 | OTHER | LSC);
#  - "igb" (82576+): igb_configure_msix (GPIE MSIX_MODE|PBA|EIAME|NSICR, IVAR_MISC) +
#    igb_assign_vector (IVAR0 queue 0 entries, EIMS bit per vector) + igb_irq_enable (EIAC, EIAM);
#  - "ixgbe" (82599): ixgbe_configure_msix / ixgbe_set_ivar (IVAR per queue, IVAR_MISC, EIAC
#    queue vectors only) + ixgbe_setup_gpie (MSIX_MODE|PBA_SUPPORT|OCD|EIAME, EIAM_EX);
#  - "virtio" (virtio-pci modern): msix_config / queue_msix_vector (virtio 1.0 4.1.4.3,
#    vp_find_vqs_msix in virtio_pci_common.c), NO_VECTOR read back = refused.
# "max" is the MSI-X table size the device advertises (role resolved like a bit).
MSIX_VARIANTS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "e1000e": {
        "regs": {
            "ivar": ("E1000_IVAR",),
            "ctrl_ext": ("E1000_CTRL_EXT",),
            "eiac_82574": ("E1000_EIAC_82574",),
        },
        "bits": {
            "ivar_int_alloc_valid": ("E1000_IVAR_INT_ALLOC_VALID",),
            "ivar_tx_every_wb": ("E1000E_IVAR_TX_EVERY_WB",),  # a literal in the driver: DATASHEET
            "ctrl_ext_pba_clr": ("E1000_CTRL_EXT_PBA_CLR",),
            "ctrl_ext_eiame": ("E1000_CTRL_EXT_EIAME",),
            "ctrl_ext_iame": ("E1000_CTRL_EXT_IAME",),
            "icr_rxq0": ("E1000_ICR_RXQ0",),
            "icr_txq0": ("E1000_ICR_TXQ0",),
            "icr_other": ("E1000_ICR_OTHER",),
            "icr_int_asserted": ("E1000_ICR_INT_ASSERTED",),
            "eiac_mask_82574": ("E1000_EIAC_MASK_82574",),
            "msix_max": ("E1000E_MSIX_TABLE_SIZE",),  # DATASHEET
        },
    },
    "igb": {
        "regs": {
            "eicr": ("E1000_EICR",),
            "eics": ("E1000_EICS",),
            "eims": ("E1000_EIMS",),
            "eimc": ("E1000_EIMC",),
            "eiac": ("E1000_EIAC",),
            "eiam": ("E1000_EIAM",),
            "gpie": ("E1000_GPIE",),
            "ivar0": ("E1000_IVAR0",),
            "ivar_misc": ("E1000_IVAR_MISC",),
        },
        "bits": {
            "ivar_valid": ("E1000_IVAR_VALID",),
            "gpie_msix_mode": ("E1000_GPIE_MSIX_MODE",),
            "gpie_pba": ("E1000_GPIE_PBA",),
            "gpie_eiame": ("E1000_GPIE_EIAME",),
            "gpie_nsicr": ("E1000_GPIE_NSICR",),
            "msix_max": ("IGB_82576_MSIX_TABLE_SIZE",),  # DATASHEET
        },
    },
    "ixgbe": {
        "regs": {
            "eiac": ("IXGBE_EIAC",),
            "eiam_ex0": ("IXGBE_EIAM_EX(0)",),
            "gpie": ("IXGBE_GPIE",),
            "ivar_misc": ("IXGBE_IVAR_MISC",),
        },
        "bits": {
            "gpie_msix_mode": ("IXGBE_GPIE_MSIX_MODE",),
            "gpie_pba_support": ("IXGBE_GPIE_PBA_SUPPORT",),
            "gpie_ocd": ("IXGBE_GPIE_OCD",),
            "gpie_eiame": ("IXGBE_GPIE_EIAME",),
            "eicr_other": ("IXGBE_EICR_OTHER",),
            "msix_max": ("IXGBE_MAX_MSIX_VECTORS_82599",),
        },
    },
    "virtio": {
        "regs": {},
        "bits": {
            "msi_no_vector": ("VIRTIO_MSI_NO_VECTOR",),
            "msix_max": ("VIRTIO_NET_PCI_MSIX_VECTORS",),  # DATASHEET (QEMU's default)
        },
    },
}


def msix_variant(family: str, driver: str) -> str | None:
    """The MSI-X variant of MSIX_VARIANTS a family / driver uses (None: no MSI-X)."""
    if family == INTEL_EXTENDED:
        return "e1000e"
    if family == INTEL_ADVANCED:
        return "ixgbe" if driver == "ixgbe" else "igb"
    if family == VIRTIO_SPLIT:
        return "virtio"
    return None


def hw_supports_msix(family: str) -> bool:
    """Whether the hw layer nicport generates for ``family`` implements ho_vector_map (MSI-X
    with one queue vector and one misc vector).  Per driver, ``HwFacts.msix`` also says whether
    every register and bit it needs was found (``hw_facts(ir).msix``)."""
    spec = SPECS.get(family)
    return bool(spec is not None and spec.msix)


def detect(descriptor_types: dict[str, str]) -> tuple[str | None, str]:
    """Family from the IR's descriptor C types (role -> "struct x" / "union y")."""
    tx = descriptor_types.get("tx_data", "")
    rx = descriptor_types.get("rx", "")
    if "split_desc" in descriptor_types and descriptor_types["split_desc"].endswith("vring_desc"):
        return VIRTIO_SPLIT, "split virtqueue (struct vring_desc / vring_avail / vring_used)"
    if tx.endswith("_adv_tx_desc") and rx.endswith("_adv_rx_desc"):
        return INTEL_ADVANCED, f"advanced descriptors ({tx}, {rx})"
    if tx.endswith("e1000_tx_desc") and rx.endswith("e1000_rx_desc_extended"):
        return INTEL_EXTENDED, f"legacy TX + extended RX ({tx}, {rx})"
    if tx.endswith("e1000_tx_desc") and rx.endswith("e1000_rx_desc"):
        return INTEL_LEGACY, f"legacy descriptors ({tx}, {rx})"
    return None, f"descriptor family not known to nicport (tx={tx or '?'}, rx={rx or '?'})"


# Values a driver writes as a bare literal (no macro to read): taken from the datasheet, with
# the citation and the place the driver uses the literal.  Used only when no macro is found.
DATASHEET: dict[str, tuple[int, str, str]] = {
    "f_host_tso6": (12, "virtio 1.1 5.1.3", "VIRTIO_NET_F_HOST_TSO6"),
    "f_version_1": (32, "virtio 1.1 6", "VIRTIO_F_VERSION_1"),
    "ivar_tx_every_wb": (0x80000000, "82574 datasheet 10.2.4.9 (IVAR bit 31: TX interrupt on every write-back); "
                         "e1000_configure_msix writes `ivar |= BIT(31)`", "E1000E_IVAR_TX_EVERY_WB"),
    "msi_no_vector": (0xFFFF, "virtio 1.0 4.1.4.3 (NO_VECTOR; include/uapi/linux/virtio_pci.h)", "VIRTIO_MSI_NO_VECTOR"),
    "advtxd_popts_shift": (8, "82576 datasheet 7.2.2.3.3 (POPTS = olinfo_status[13:8]); igb_main.c writes `E1000_TXD_POPTS_TXSM << 8`", "IGB_ADVTXD_POPTS_SHIFT"),
}

# MSI-X table size per variant when the driver has no macro for it (the role "msix_max").
MSIX_MAX: dict[str, tuple[int, str, str]] = {
    "e1000e": (5, "82574 datasheet 10.2.2 (MSI-X table: 5 vectors; QEMU e1000e E1000E_MSIX_VEC_NUM)",
               "E1000E_MSIX_TABLE_SIZE"),
    "igb": (25, "82576 datasheet 9.6.3 (MSI-X Table Size field 24: 25 vectors; QEMU igb IGB_MSIX_VEC_NUM); "
                "igb.h caps its own use at MAX_MSIX_ENTRIES", "IGB_82576_MSIX_TABLE_SIZE"),
    "virtio": (4, "QEMU virtio-net-pci default vectors = 2 * queue pairs + 2 (one pair); "
                  "virtio 1.0 4.1.4.3 leaves it to the device", "VIRTIO_NET_PCI_MSIX_VECTORS"),
}

# Roles a driver may lack without changing the dataplane (the template then does without).
OPTIONAL = frozenset({"rxd_stat_ipcs", "txd_dtyp_c", "rctl_bsex", "icr_rxo", "rxd_stat_ixsm", "rctl_lpe"})


# Link state (nic_hw.h ho_link_state): what the original driver's check_link / get_link reads.
#  - "e1000" (e1000, e1000e, igb): the STATUS register, LU (link up), FD (full duplex), SPEED
#    bits tested 1000 then 100, else 10 (e1000_check_for_link / e1000_get_speed_and_duplex,
#    e1000e_get_speed_and_duplex_copper, igb_get_speed_and_duplex_copper);
#  - "ixgbe" (82599): LINKS.UP and the LINKS_SPEED_82599 field (ixgbe_check_mac_link_generic;
#    10 GbE is always full duplex);
#  - "virtio": the device configuration's `status` field & VIRTIO_NET_S_LINK_UP when
#    VIRTIO_NET_F_STATUS was negotiated (virtnet_config_changed_work), else always up
#    (virtnet_probe).  VIRTIO_NET_S_ANNOUNCE needs the control queue: not ported.
# Keyed by link_variant(family, driver); a role that is missing turns the hook off
# (HwFacts.link), the dataplane is unchanged.
LINK_VARIANTS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "e1000": {
        "regs": {"link_status": ("E1000_STATUS",)},
        "bits": {
            "status_lu": ("E1000_STATUS_LU",),
            "status_fd": ("E1000_STATUS_FD",),
            "status_speed_100": ("E1000_STATUS_SPEED_100",),
            "status_speed_1000": ("E1000_STATUS_SPEED_1000",),
            # optional: igc (i225) tells 2.5 Gb/s apart inside SPEED_1000 (igc_get_speed_and_duplex)
            "status_speed_2500": ("E1000_STATUS_SPEED_2500",),
        },
    },
    "ixgbe": {
        "regs": {"link_status": ("IXGBE_LINKS",)},
        "bits": {
            "links_up": ("IXGBE_LINKS_UP",),
            "links_speed_82599": ("IXGBE_LINKS_SPEED_82599",),
            "links_speed_10g_82599": ("IXGBE_LINKS_SPEED_10G_82599",),
            "links_speed_1g_82599": ("IXGBE_LINKS_SPEED_1G_82599",),
            "links_speed_100_82599": ("IXGBE_LINKS_SPEED_100_82599",),
        },
    },
    "virtio": {
        "regs": {},
        "bits": {
            "f_status": ("VIRTIO_NET_F_STATUS",),
            "s_link_up": ("VIRTIO_NET_S_LINK_UP",),
            "cfg_status_off": ("VIRTIO_NET_CFG_STATUS_OFF",),  # LINK_DATASHEET
        },
    },
}

# What the link roles need that the driver has no macro for (struct member offsets).
LINK_DATASHEET: dict[str, tuple[int, str, str]] = {
    "cfg_status_off": (6, "virtio 1.1 5.1.4 (struct virtio_net_config: u8 mac[6], then le16 status; "
                          "include/uapi/linux/virtio_net.h, read by virtio_cread16(.., status))",
                       "VIRTIO_NET_CFG_STATUS_OFF"),
}


# Link roles a driver may lack (the hw layer then does without).
LINK_OPTIONAL = frozenset({"status_speed_2500"})


def link_variant(family: str, driver: str) -> str | None:
    """The LINK_VARIANTS key a family / driver uses (None: no link-state read)."""
    if family in (INTEL_LEGACY, INTEL_EXTENDED):
        return "e1000"
    if family == INTEL_ADVANCED:
        return "ixgbe" if driver == "ixgbe" else "e1000"
    if family == VIRTIO_SPLIT:
        return "virtio"
    return None
