"""What the generated adapters do not port, per target, as exception records for the
exceptions tracker (docs/porting_exceptions.md): feature, Linux API, target, reason,
workaround.  Derived from the driver's facts (AdapterView), so a driver without the feature
gets no record."""

from __future__ import annotations

from typing import Any

from .view import AdapterView, adapter_view

ALL = ("linux", "freebsd", "netbsd", "windows", "illumos", "rtos")
MSIX_TWO_VECTORS = "MSI-X with one queue vector + one misc vector; per-queue vectors need RSS"


def _rec(feature: str, api: str, target: str, reason: str, workaround: str) -> dict[str, str]:
    return {"feature": feature, "linux_api": api, "target": target, "reason": reason,
            "workaround": workaround, "source": "adapters"}


def known_limits(ir_or_view: Any, targets: tuple[str, ...] = ALL) -> list[dict[str, str]]:
    v = ir_or_view if isinstance(ir_or_view, AdapterView) else adapter_view(ir_or_view)
    out: list[dict[str, str]] = []
    o = v.offloads
    for t in targets:
        if "msix" in v.irq_order and not v.msix:
            out.append(_rec("MSI-X, one vector per queue", "pci_alloc_irq_vectors(PCI_IRQ_MSIX)", t,
                            f"the generated hw layer of this family ({v.hw_family or 'unknown'}) does not "
                            "route MSI-X vectors (no ho_vector_map)",
                            "MSI, then INTx, in the original's order; one queue pair"))
        elif v.msix and (v.orig_msix_vectors is None or v.orig_msix_vectors > v.msix_vectors):
            asks = ("an unknown number of" if v.orig_msix_vectors is None
                    else f"{v.orig_msix_vectors}")
            out.append(_rec(MSIX_TWO_VECTORS, "pci_alloc_irq_vectors(PCI_IRQ_MSIX)", t,
                            f"the original asks for {asks} MSI-X vectors (per-queue, or separate RX and TX "
                            f"vectors); the port runs one queue pair: {v.msix_vectors} vectors, queue pair 0 "
                            "on vector 0, link and other causes on vector 1",
                            "per-queue vectors come with multi-queue RSS"))
        if v.multiqueue or o.rxhash:
            api = {"windows": "NDIS_RECEIVE_SCALE_PARAMETERS", "illumos": "MAC_CAPAB_RINGS"}.get(t, "netif_set_real_num_rx_queues")
            out.append(_rec("multi-queue RSS", api, t, "no RSS registers (MRQC/RETA/RSSRK) in the hw layer",
                            "single queue; the core's software Toeplitz is available for steering"))
        if o.vlan_rx and not v.hw_rx_vlan:
            out.append(_rec("VLAN tag stripping", "NETIF_F_HW_VLAN_CTAG_RX", t,
                            "the hw layer does not enable CTRL.VME / RXDCTL.VME", "tags stay in the frame; the stack strips them"))
        if o.xdp:
            out.append(_rec("XDP", "ndo_bpf / ndo_xdp_xmit", t, "no eBPF hook in the adapters",
                            "the core's early-RX hook point, not wired to an OS"))
        if (o.tso4 or o.tso6) and t in ("illumos", "rtos"):
            out.append(_rec("TSO", "NETIF_F_TSO", t, "not advertised by this adapter (MAC_CAPAB_LSO / no RTOS API)",
                            "the stack segments in software"))
        if o.tso6 and t == "netbsd":
            out.append(_rec("TSO over IPv6", "NETIF_F_TSO6", t, "only IFCAP_TSOv4 is advertised", "software segmentation"))
        if t in ("linux", "windows"):
            out.append(_rec("frames larger than one receive buffer", "skb frag chaining / jumbo MTU", t,
                            "multi-buffer receive is dropped (counted) by this adapter", "MTU <= 1500"))
        if t == "rtos" and v.msix:
            out.append(_rec("MSI-X", "pci_alloc_irq_vectors(PCI_IRQ_MSIX)", t,
                            "one interrupt line (Zephyr pcie_connect_dynamic_irq / the FreeRTOS board IRQ hook)",
                            "single vector: queue and link causes share it"))
        if t == "rtos" and (o.tx_csum_ipv4 or o.tx_csum_ipv6):
            out.append(_rec("TX checksum offload", "NETIF_F_HW_CSUM / NETIF_F_IP_CSUM", t,
                            "not claimed: the Zephyr adapter requests no per-packet checksum, and FreeRTOS+TCP's is "
                            "the application's compile-time ipconfigDRIVER_INCLUDED_TX_IP_CHECKSUM",
                            "the stack computes checksums in software"))
        if t == "rtos":
            out.append(_rec("bus-address DMA mapping", "dma_map_single", t,
                            "Zephyr and FreeRTOS have no IOMMU-aware mapping API", "identity-mapped platforms only"))
        if v.bus == "virtio" and t in ("linux", "freebsd", "netbsd", "windows", "illumos"):
            out.append(_rec("legacy virtio-pci transport", "virtio_pci_legacy", t,
                            "the hw layer drives virtio 1.x: modern virtio-pci (vendor capabilities, one BAR) and "
                            "virtio-mmio; a legacy-only device (virtio 0.9.5 I/O BAR) is refused at attach",
                            "run the device in modern mode (QEMU's virtio-net-pci default; disable-legacy=on)"))
    return out
