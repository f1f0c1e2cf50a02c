"""What the adapters need from the driver IR, in one flat, typed record.

The templates never read the IR directly: :func:`adapter_view` picks the few facts an OS
adapter needs (identity, PCI IDs, interrupt fallback order, queue and ring sizes, offloads,
NAPI weight, DMA mask) so that a change of the IR's shape touches one function.  Missing
facts are never invented: each default below is the conservative choice and is named in
``AdapterView.assumed`` so the report can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

VIRTIO_PCI_VENDOR = 0x1AF4
# virtio 1.1 spec section 4.1.2.1: transitional device ID 0x1000 + (virtio id - 1) for
# the first devices, modern 0x1040 + virtio id.
VIRTIO_NET_ID = 1


@dataclass(frozen=True)
class PciId:
    vendor: int
    device: int
    subvendor: int | None = None
    subdevice: int | None = None
    driver_data: int = 0
    name: str = ""


@dataclass(frozen=True)
class Offloads:
    tx_csum_ipv4: bool = False
    tx_csum_ipv6: bool = False
    rx_csum: bool = False
    tso4: bool = False
    tso6: bool = False
    vlan_tx: bool = False
    vlan_rx: bool = False
    vlan_filter: bool = False
    rxhash: bool = False
    lro: bool = False
    xdp: bool = False


@dataclass(frozen=True)
class AdapterView:
    drv: str                      # C identifier prefix, e.g. "e1000"
    description: str
    license: str
    kernel_version: str
    bus: str                      # "pci" or "virtio"
    pci_ids: tuple[PciId, ...]
    irq_order: tuple[str, ...]    # subset of ("msix", "msi", "intx"), in the original's order
    max_txq: int
    max_rxq: int
    ntxd: int
    nrxd: int
    max_txd: int
    max_rxd: int
    rx_buf_len: int
    max_segs: int
    napi_weight: int
    dma_bits: int
    mmio_bar: int
    offloads: Offloads
    assumed: tuple[str, ...] = field(default=())
    # MSI-X with the fixed two-vector layout (vector 0: RX queue 0 + TX queue 0, vector 1:
    # link + other causes): the original asks for MSI-X AND the hw family routes vectors
    # (ho_vector_map).  See msix_family() and docs/adapters.md.
    msix: bool = False
    msix_vectors: int = 2        # vectors MSI-X asks for (used only when msix is true)
    hw_family: str | None = None
    # MSI-X vectors the original driver asks for (its vector layout times its queues; virtio:
    # one per virtqueue with a callback plus the config vector); 0 without MSI-X, None unknown
    orig_msix_vectors: int | None = 0
    hw_rx_vlan: bool = False      # the generated hw layer strips VLAN tags on receive (CTRL.VME)

    # the two vectors of the MSI-X layout every adapter shares
    MSIX_QUEUE_VECTOR = 0
    MSIX_MISC_VECTOR = 1

    @property
    def DRV(self) -> str:  # noqa: N802 - upper-case macro prefix
        return self.drv.upper()

    @property
    def irq_plan(self) -> tuple[str, ...]:
        """The interrupt models the adapters request, in the original's order.  MSI-X stays
        in only when :attr:`msix` is true (the hw family routes vectors); otherwise it is
        left out (the hw layer programs one vector only), as docs/adapters.md records."""
        plan = tuple(m for m in self.irq_order if m != "msix" or self.msix)
        return plan or ("intx",)

    @property
    def multiqueue(self) -> bool:
        return self.max_txq > 1 or self.max_rxq > 1


def _get(obj: Any, *path: str, default: Any = None) -> Any:
    cur = obj
    for name in path:
        if cur is None:
            return default
        if isinstance(cur, dict):
            cur = cur.get(name)
        else:
            cur = getattr(cur, name, None)
    return default if cur is None else cur


def _value(x: Any) -> Any:
    """IR facts may be wrapped (``Fact(value=..., provenance=...)``); unwrap."""
    v = _get(x, "value", default=x)
    return v


def _int(x: Any, default: int | None = None) -> int | None:
    x = _value(x)
    if x is None:
        return default
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    try:
        return int(str(x), 0)
    except ValueError:
        return default


def _ident(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not s or s[0].isdigit():
        s = "n" + s
    return s.lower()


def _pci_ids(ir: Any) -> tuple[tuple[PciId, ...], str]:
    ids: list[PciId] = []
    bus = "pci"
    raw = _get(ir, "device_ids", default=None)
    entries: Iterable[Any]
    if isinstance(raw, dict):
        entries = raw.get("entries") or raw.get("ids") or []
    elif raw is None:
        entries = []
    else:
        entries = _get(raw, "entries", default=raw)
    tables = _get(raw, "tables") if raw is not None else None  # the analyzer's DriverIR shape
    if tables and not (isinstance(raw, dict) and (raw.get("entries") or raw.get("ids"))):
        # the bus is named on the table (or the whole ID list), not on each entry
        entries = [(e, _get(t, "bus", default=None)) for t in tables for e in (_get(t, "entries", default=[]) or [])]
    default_bus = (_get(raw, "bus", default=None) if raw is not None else None) or "pci"
    for item in entries:
        e, tbus = item if isinstance(item, tuple) else (item, None)
        kind = str(_value(_get(e, "bus", default=None) or _get(e, "kind", default=None) or tbus or default_bus)).lower()
        vendor = _int(_get(e, "vendor"))
        device = _int(_get(e, "device"))
        if "virtio" in kind:
            bus = "virtio"
            if device == VIRTIO_NET_ID or device is None:
                ids.append(PciId(VIRTIO_PCI_VENDOR, 0x1000, name="virtio-net transitional"))
                ids.append(PciId(VIRTIO_PCI_VENDOR, 0x1040 + VIRTIO_NET_ID, name="virtio-net modern"))
            continue
        if vendor is None or device is None:
            continue
        sv = _int(_get(e, "subvendor"))
        sd = _int(_get(e, "subdevice"))
        ANY = 0xFFFFFFFF
        ids.append(PciId(
            vendor, device,
            None if sv in (None, ANY) else sv,
            None if sd in (None, ANY) else sd,
            _int(_get(e, "driver_data"), 0) or 0,
            str(_value(_get(e, "name", default=_get(e, "macro", default=""))) or ""),
        ))
    seen: set[tuple] = set()
    out = []
    for i in ids:
        key = (i.vendor, i.device, i.subvendor, i.subdevice)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return tuple(out), bus


def _irq_order(ir: Any, assumed: list[str]) -> tuple[str, ...]:
    intr = _get(ir, "interrupts")
    order = _get(intr, "fallback_order") or _get(intr, "order") or _get(intr, "models")
    names: list[str] = []
    for m in order or []:
        s = str(_value(_get(m, "kind", default=_get(m, "model", default=m)))).lower()
        s = {"legacy": "intx", "intx": "intx", "irq": "intx", "msi-x": "msix", "msix": "msix", "msi": "msi"}.get(s, s)
        if s in ("msix", "msi", "intx") and s not in names:
            names.append(s)
    if not names and _get(intr, "transport_managed") and any(
            "virtqueue" in str(_value(x)).lower() for x in (_get(intr, "models") or [])):
        # a virtio driver leaves interrupts to its transport: virtio_pci's vp_find_vqs tries
        # MSI-X (per-queue vectors, then shared) and then INTx (drivers/virtio/virtio_pci_common.c)
        names = ["msix", "intx"]
    if not names:
        assumed.append("interrupts: no model in the IR, INTx only")
        names = ["intx"]
    return tuple(names)


def _offloads(ir: Any) -> Offloads:
    off = _get(ir, "offloads")
    feats: set[str] = set()
    for key in ("features", "hw_features", "netif_features"):
        for f in _get(off, key, default=[]) or []:
            feats.add(str(_value(_get(f, "name", default=f))).upper())

    def has(*names: str) -> bool:
        return any(n in feats or ("NETIF_F_" + n) in feats for n in names)

    def flag(name: str) -> bool:
        return bool(_value(_get(off, name, default=False)))

    return Offloads(
        tx_csum_ipv4=has("IP_CSUM", "HW_CSUM", "IP_CSUM_BIT") or flag("tx_csum_ipv4") or flag("tx_checksum"),
        tx_csum_ipv6=has("IPV6_CSUM", "HW_CSUM") or flag("tx_csum_ipv6"),
        rx_csum=has("RXCSUM") or flag("rx_csum") or flag("rx_checksum"),
        tso4=has("TSO") or flag("tso4") or flag("tso"),
        tso6=has("TSO6") or flag("tso6"),
        vlan_tx=has("HW_VLAN_CTAG_TX") or flag("vlan_tx") or flag("vlan_insert"),
        vlan_rx=has("HW_VLAN_CTAG_RX") or flag("vlan_rx") or flag("vlan_strip"),
        vlan_filter=has("HW_VLAN_CTAG_FILTER") or flag("vlan_filter"),
        rxhash=has("RXHASH") or flag("rxhash") or flag("rss"),
        lro=has("LRO") or flag("lro"),
        xdp=bool(_value(_get(off, "xdp", "supported", default=False))) if not isinstance(
            _get(off, "xdp"), (bool, int)) else bool(_get(off, "xdp")),
    )


# The fixed MSI-X layout: one queue vector (RX 0 + TX 0) and one misc vector (link, other).
MSIX_VECTORS = 2


def msix_family(family: str | None) -> bool:
    """Whether the hw layer generated for ``family`` implements ``ho_vector_map`` (the hw
    package's fact: ``families.hw_supports_msix``)."""
    if not family:
        return False
    from ..hw import families as fam

    return fam.hw_supports_msix(family)


def _hw_family(ir: Any) -> str | None:
    """The descriptor family from the IR's descriptor C types (None when the IR has none)."""
    from ..hw import families as fam

    types: dict[str, str] = {}
    descs = _get(ir, "descriptors", "descriptors", default=None)
    for d in descs or []:
        kind, ctype = _get(d, "kind"), _get(d, "c_type")
        if kind and ctype:
            types.setdefault(str(kind), str(ctype))
    if not types:
        for k, v in (_get(ir, "headline", "descriptor_types", default={}) or {}).items():
            types[str(k)] = str(v)
    if not types:
        return None
    family, _why = fam.detect(types)
    return family


def _hw_facts(ir: Any) -> Any | None:
    """The hw package's facts for this driver (None for a stand-in or partial IR it cannot read)."""
    try:
        from ..hw import hw_facts

        return hw_facts(ir)
    except Exception:  # noqa: BLE001 - a stand-in or partial IR: no hw layer to ask
        return None


def _hw_msix(ir: Any, facts: Any | None) -> tuple[str | None, bool]:
    """(descriptor family, whether the hw layer generated for this driver routes MSI-X vectors).
    The hw package's per-driver fact (``facts.msix``: the family implements ho_vector_map and
    every register and bit it needs was found) when it could read the IR; otherwise the
    family's, from the IR's descriptor types."""
    known = getattr(facts, "msix", None)
    if isinstance(known, bool):
        return facts.family, known and msix_family(facts.family)
    family = _hw_family(ir)
    return family, msix_family(family)


def _hw_rx_vlan(facts: Any | None) -> bool:
    """Whether the hw layer generated for this driver turns receive VLAN stripping on (it sets
    CTRL.VME when the driver's headers define it; ixgbe's per-queue RXDCTL.VME is not done)."""
    return facts is not None and "ctrl_vme" in facts.bits


def _orig_msix_vectors(ir: Any, irq_order: tuple[str, ...], nq: int) -> int | None:
    """How many MSI-X vectors the original driver asks for with ``nq`` queue pairs: one per
    misc handler (other/link) and one per queue for each ring handler of its vector layout;
    for a virtio driver one per virtqueue callback and queue pair plus the config vector
    (virtio_pci's vp_find_vqs_msix with per-queue vectors).  None when the IR does not say."""
    if "msix" not in irq_order:
        return 0
    intr = _get(ir, "interrupts")
    if _get(intr, "transport_managed"):
        cbs = [h for h in _get(intr, "handlers", default=[]) or []
               if "virtqueue" in str(_value(_get(h, "model", default=""))).lower()]
        return len(cbs) * nq + 1 if cbs else None
    names = [str(_value(x)).split(":", 1)[-1].strip() for x in _get(intr, "vector_layout", default=[]) or []
             if "msi-x" in str(_value(x)).lower()]
    if not names:
        return None
    misc = [n for n in names if re.search(r"other|misc|link|lsc", n)]
    return len(misc) + (len(names) - len(misc)) * nq


def adapter_view(ir: Any) -> AdapterView:
    """Flatten a DriverIR (or a test stand-in with the same attribute names) for the templates."""
    assumed: list[str] = []
    name = _value(_get(ir, "identity", "name")) or _value(_get(ir, "name"))
    if not name:
        from ...errors import BadInput

        raise BadInput("the driver IR has no identity.name", hint="regenerate the IR with `nicport analyze`")
    ids, bus = _pci_ids(ir)
    rings = _get(ir, "rings")

    def ring(key: str, default: int, what: str) -> int:
        v = _int(_get(rings, key))
        if v is None:
            assumed.append(f"rings.{key}: not in the IR, {what} {default}")
            return default
        return v

    ntxd = ring("tx_default", 256, "using")
    nrxd = ring("rx_default", 256, "using")
    max_txd = ring("tx_max", max(ntxd, 256), "using")
    max_rxd = ring("rx_max", max(nrxd, 256), "using")
    if _get(rings, "tx_queues") is None and _get(rings, "tx_queues_max") is not None:
        txq = ring("tx_queues_max", 1, "using")
        rxq = ring("rx_queues_max", 1, "using")
    else:
        txq = ring("tx_queues", 1, "using")
        rxq = ring("rx_queues", 1, "using")
    if _get(rings, "rx_buf_len") is None and _get(rings, "rx_buffer_sizes"):
        sizes = [_int(x) for x in _get(rings, "rx_buffer_sizes")]
        buf = min((x for x in sizes if x and x >= 1536), default=2048)
    else:
        buf = ring("rx_buf_len", 2048, "using")
    masks = _get(ir, "dma", "mask_bits")
    dma_bits = max(masks) if isinstance(masks, (list, tuple)) and masks else _int(masks)
    if dma_bits is None:
        assumed.append("dma.mask_bits: not in the IR, trying 64 then 32 bits")
        dma_bits = 64
    weight = _int(_get(ir, "entry_points", "napi_weight"))
    if weight is None:
        for n in _get(ir, "entry_points", "napi", default=[]) or []:
            if not _get(n, "tx", default=False) and _int(_get(n, "weight")) is not None:
                weight = _int(_get(n, "weight"))
                break
    if weight is None:
        weight = 64
        assumed.append("entry_points.napi_weight: not in the IR, NAPI_POLL_WEIGHT (64)")
    irq_order = _irq_order(ir, assumed)
    facts = _hw_facts(ir)
    family, hw_msix = _hw_msix(ir, facts)
    msix = "msix" in irq_order and hw_msix
    return AdapterView(
        drv=_ident(str(name)),
        description=str(_value(_get(ir, "identity", "description")) or f"{name} (nicport port)"),
        license=str(_value(_get(ir, "identity", "license")) or "GPL-2.0-only"),
        kernel_version=str(_value(_get(ir, "identity", "kernel_version")) or ""),
        bus=bus,
        pci_ids=ids,
        irq_order=irq_order,
        max_txq=max(1, min(txq, 64)),
        max_rxq=max(1, min(rxq, 64)),
        ntxd=ntxd,
        nrxd=nrxd,
        max_txd=max_txd,
        max_rxd=max_rxd,
        rx_buf_len=buf,
        max_segs=_int(_get(ir, "rings", "tx_max_segs"), 32) or 32,
        napi_weight=weight,
        dma_bits=dma_bits,
        mmio_bar=_int(_get(ir, "mmio_bar"), 0) or 0,
        offloads=_offloads(ir),
        assumed=tuple(assumed),
        msix=msix,
        msix_vectors=MSIX_VECTORS,
        hw_family=family,
        orig_msix_vectors=_orig_msix_vectors(ir, irq_order, max(1, min(max(txq, rxq), 64))),
        hw_rx_vlan=_hw_rx_vlan(facts),
    )
