"""The hw layer generated from the driver IR: ``hw/<drv>_regs.h``, ``<drv>_desc.h``, ``<drv>_hw.c``
(and ``<drv>_hw.h``, the three functions and the ops table an OS adapter calls).

``write_hw(ir, out_dir)`` writes the three files under ``out_dir/hw/`` for a descriptor family
nicport knows (Intel legacy, Intel extended, Intel advanced, virtio split) and returns their
paths.  For any other family it raises :class:`UnsupportedFamily` (a recorded exception for
the pipeline), never a guess; ``supported_family(ir)`` answers the question without raising.
Output is deterministic: same IR, same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import CheckFailed
from . import families
from .facts import HwFacts, hw_facts, load_standin_ir
from .render import render, view

__all__ = [
    "UnsupportedFamily", "HwFacts", "hw_facts", "load_standin_ir", "supported_family", "write_hw",
    "render_hw", "VIRTIO_MMIO", "VIRTIO_PCI",
]

# virtio-mmio register block (virtio 1.1, 4.2.2): the transport nicport drives virtqueues through
VIRTIO_MMIO: tuple[tuple[str, int, str], ...] = (
    ("VIRTIO_MMIO_MAGIC_VALUE", 0x000, "R: 0x74726976 (\"virt\")"),
    ("VIRTIO_MMIO_VERSION", 0x004, "R: 2"),
    ("VIRTIO_MMIO_DEVICE_ID", 0x008, "R: 1 for a network device"),
    ("VIRTIO_MMIO_DEVICE_FEATURES", 0x010, "R"),
    ("VIRTIO_MMIO_DEVICE_FEATURES_SEL", 0x014, "W"),
    ("VIRTIO_MMIO_DRIVER_FEATURES", 0x020, "W"),
    ("VIRTIO_MMIO_DRIVER_FEATURES_SEL", 0x024, "W"),
    ("VIRTIO_MMIO_QUEUE_SEL", 0x030, "W"),
    ("VIRTIO_MMIO_QUEUE_NUM_MAX", 0x034, "R"),
    ("VIRTIO_MMIO_QUEUE_NUM", 0x038, "W"),
    ("VIRTIO_MMIO_QUEUE_READY", 0x044, "RW"),
    ("VIRTIO_MMIO_QUEUE_NOTIFY", 0x050, "W: queue index (the doorbell)"),
    ("VIRTIO_MMIO_INTERRUPT_STATUS", 0x060, "R: bit 0 used buffer, bit 1 config change"),
    ("VIRTIO_MMIO_INTERRUPT_ACK", 0x064, "W"),
    ("VIRTIO_MMIO_STATUS", 0x070, "RW: device status"),
    ("VIRTIO_MMIO_QUEUE_DESC_LOW", 0x080, "W"),
    ("VIRTIO_MMIO_QUEUE_DESC_HIGH", 0x084, "W"),
    ("VIRTIO_MMIO_QUEUE_DRIVER_LOW", 0x090, "W: avail ring"),
    ("VIRTIO_MMIO_QUEUE_DRIVER_HIGH", 0x094, "W"),
    ("VIRTIO_MMIO_QUEUE_DEVICE_LOW", 0x0A0, "W: used ring"),
    ("VIRTIO_MMIO_QUEUE_DEVICE_HIGH", 0x0A4, "W"),
    ("VIRTIO_MMIO_CONFIG", 0x100, "device config (struct virtio_net_config)"),
)

# virtio-pci modern transport (virtio 1.0, 4.1.4): capability discovery in PCI configuration
# space and struct virtio_pci_common_cfg (4.1.4.3); what QEMU's virtio-net-pci presents
VIRTIO_PCI: tuple[tuple[str, int, str], ...] = (
    ("VIRTIO_PCI_VENDOR_ID", 0x1AF4, "PCI vendor ID of every virtio function (4.1.2)"),
    ("VIRTIO_PCI_STATUS_CAP_LIST", 0x010, "PCI Status: capabilities list present (PCI 3.0 6.2.3)"),
    ("VIRTIO_PCI_CAP_PTR", 0x034, "PCI config: Capabilities Pointer (PCI 3.0 6.7)"),
    ("VIRTIO_PCI_CAP_ID_VNDR", 0x009, "capability ID: vendor specific (struct virtio_pci_cap)"),
    ("VIRTIO_PCI_CAP_COMMON_CFG", 0x001, "cfg_type: common configuration"),
    ("VIRTIO_PCI_CAP_NOTIFY_CFG", 0x002, "cfg_type: notifications (+ notify_off_multiplier at +16)"),
    ("VIRTIO_PCI_CAP_ISR_CFG", 0x003, "cfg_type: ISR status (8 bits, read to clear)"),
    ("VIRTIO_PCI_CAP_DEVICE_CFG", 0x004, "cfg_type: device configuration (struct virtio_net_config)"),
    ("VIRTIO_PCI_COMMON_DFSELECT", 0x000, "le32 device_feature_select"),
    ("VIRTIO_PCI_COMMON_DF", 0x004, "le32 device_feature"),
    ("VIRTIO_PCI_COMMON_GFSELECT", 0x008, "le32 driver_feature_select"),
    ("VIRTIO_PCI_COMMON_GF", 0x00C, "le32 driver_feature"),
    ("VIRTIO_PCI_COMMON_MSIX", 0x010, "le16 msix_config"),
    ("VIRTIO_PCI_COMMON_NUMQ", 0x012, "le16 num_queues"),
    ("VIRTIO_PCI_COMMON_STATUS", 0x014, "u8 device_status"),
    ("VIRTIO_PCI_COMMON_CFGGENERATION", 0x015, "u8 config_generation"),
    ("VIRTIO_PCI_COMMON_Q_SELECT", 0x016, "le16 queue_select"),
    ("VIRTIO_PCI_COMMON_Q_SIZE", 0x018, "le16 queue_size (max on read)"),
    ("VIRTIO_PCI_COMMON_Q_MSIX", 0x01A, "le16 queue_msix_vector"),
    ("VIRTIO_PCI_COMMON_Q_ENABLE", 0x01C, "le16 queue_enable (write 1 only)"),
    ("VIRTIO_PCI_COMMON_Q_NOFF", 0x01E, "le16 queue_notify_off"),
    ("VIRTIO_PCI_COMMON_Q_DESCLO", 0x020, "le64 queue_desc, low"),
    ("VIRTIO_PCI_COMMON_Q_DESCHI", 0x024, "high"),
    ("VIRTIO_PCI_COMMON_Q_AVAILLO", 0x028, "le64 queue_driver (avail ring), low"),
    ("VIRTIO_PCI_COMMON_Q_AVAILHI", 0x02C, "high"),
    ("VIRTIO_PCI_COMMON_Q_USEDLO", 0x030, "le64 queue_device (used ring), low"),
    ("VIRTIO_PCI_COMMON_Q_USEDHI", 0x034, "high"),
)


class UnsupportedFamily(CheckFailed):
    """The IR's descriptor family is not one nicport generates a hw layer for (an exception
    to record in docs/porting_exceptions.md, not a crash)."""

    def __init__(self, driver: str, reason: str) -> None:
        super().__init__(
            f"{driver}: no hw layer generated: {reason}",
            hint="recorded as a porting exception; known families: " + ", ".join(families.FAMILIES),
        )
        self.driver = driver
        self.reason = reason


def _facts(ir: Any) -> HwFacts:
    return ir if isinstance(ir, HwFacts) else hw_facts(ir)


def supported_family(ir: Any) -> tuple[bool, str]:
    """(True, family description) or (False, why not); never raises for a readable IR."""
    f = _facts(ir)
    if f.family not in families.SPECS:
        return False, f.family_reason
    missing = f.extra.get("missing") or ()
    if missing:
        return False, f"{f.family}: the IR lacks " + ", ".join(missing)
    lay = [r for r in families.SPECS[f.family].layouts if r not in f.layouts]
    if lay:
        return False, f"{f.family}: the IR lacks descriptor layouts " + ", ".join(lay)
    return True, f"{f.family}: {f.family_reason}"


def render_hw(ir: Any) -> dict[str, str]:
    """File name (relative to hw/) -> text."""
    f = _facts(ir)
    ok, reason = supported_family(f)
    if not ok:
        raise UnsupportedFamily(f.driver, reason)
    v = view(f)
    transport = VIRTIO_MMIO if f.family == families.VIRTIO_SPLIT else ()
    hw_tpl = "virtio_hw.c.j2" if f.family == families.VIRTIO_SPLIT else "intel_hw.c.j2"
    return {
        f"{f.driver}_regs.h": render("regs.h.j2", v, transport=transport,
                                     transport_pci=VIRTIO_PCI if transport else ()),
        f"{f.driver}_desc.h": render("desc.h.j2", v),
        f"{f.driver}_hw.h": render("hw.h.j2", v),
        f"{f.driver}_hw.c": render(hw_tpl, v),
    }


def write_hw(ir: Any, out_dir: Path) -> list[Path]:
    """Write hw/<drv>_regs.h, hw/<drv>_desc.h, hw/<drv>_hw.c under out_dir; return the paths.
    Files whose bytes would not change are left untouched (mtime kept)."""
    files = render_hw(ir)
    hw = Path(out_dir) / "hw"
    hw.mkdir(parents=True, exist_ok=True)
    out = []
    for name in sorted(files):
        p = hw / name
        data = files[name].encode()
        if not p.is_file() or p.read_bytes() != data:
            p.write_bytes(data)
        out.append(p)
    return out
