"""Which QEMU NIC model can stand in for a driver's hardware.

``qemu_models()`` parses ``qemu-system-x86_64 -device help``; ``probe_pci_ids()`` asks QEMU
itself (QMP ``query-pci`` on a stopped machine: no guest code runs) which vendor:device ID
each PCI NIC model presents.  ``choose_qemu_model()`` matches those against the PCI ID table a
driver declares (the IR's ID list) and says so plainly when no model matches.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from dataclasses import dataclass

from ...errors import MissingPrerequisite

QEMU = "qemu-system-x86_64"

#: Transport modules a model needs before its driver can bind (Debian builds them as modules).
PRE_LOAD: dict[str, tuple[str, ...]] = {
    "virtio-net-pci": ("virtio_pci",),
    "virtio-net-pci-transitional": ("virtio_pci",),
    "virtio-net-pci-non-transitional": ("virtio_pci",),
}

#: Models that need more than a plain ``-device NAME`` to start (pvrdma wants a vmxnet3 at
#: function 0 of its slot, a memory backend ...); they are listed but not chosen.
NOT_STANDALONE = {"pvrdma"}

_E1000_NO_RXCSUM = ("QEMU 7.2's e1000 (8254x) model gives no RX checksum result: with rx-checksumming on, "
                    "the in-tree e1000 marked 0 of 1000 good datagrams valid (rx_csum_offload_good 0)")
_VIRTIO_SOCKET = ("QEMU 7.2's virtio-net offers checksum and TSO offloads only over a backend that takes a "
                  "virtio-net header (tap); over the socket netdev it offers none and marks no checksum valid")
_VIRTIO_NO_VLAN = "virtio-net has no VLAN tag offload (only VLAN filtering); tags are added in software"

#: Offloads a QEMU 7.2 model does not emulate over the socket netdev (measured with the in-tree
#: drivers).  A driver claiming one is not failed for it; the result says why it was not
#: exercised.  Models not listed are expected to emulate every claimed offload.
NOT_EMULATED: dict[str, dict[str, str]] = {
    **{m: {"rx_csum": _E1000_NO_RXCSUM} for m in ("e1000", "e1000-82544gc", "e1000-82545em")},
    **{m: {"tx_csum": _VIRTIO_SOCKET, "rx_csum": _VIRTIO_SOCKET, "tso": _VIRTIO_SOCKET,
           "vlan": _VIRTIO_NO_VLAN}
       for m in ("virtio-net-pci", "virtio-net-pci-transitional", "virtio-net-pci-non-transitional")},
}

#: Message-signalled interrupt capabilities a QEMU 7.2 model presents besides INTx (QEMU's
#: hw/net sources: e1000e_pci_realize calls msi_init and msix_init with E1000E_MSIX_VEC_NUM = 5
#: vectors; virtio-net-pci has MSI-X only, ``vectors`` entries (default 2 * queues + 2), and no
#: MSI-X at all with ``vectors=0``; the 8254x e1000 models have neither).  Models not listed:
#: unknown, any mode is accepted.  The L3 runs of the in-tree drivers show them (e1000e: MSI-X).
IRQ_CAPS: dict[str, tuple[str, ...]] = {
    **{m: () for m in ("e1000", "e1000-82544gc", "e1000-82545em")},
    "e1000e": ("msix", "msi"),
    **{m: ("msix",) for m in ("virtio-net-pci", "virtio-net-pci-transitional", "virtio-net-pci-non-transitional")},
}


def without_msix(model: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(-device options, guest kernel parameters) that take MSI-X away from ``model``: virtio-net
    loses its MSI-X capability with ``vectors=0``; any other model through ``pci=nomsi``, which
    also takes MSI away (the guest is then left with INTx)."""
    if model.startswith("virtio-net-pci"):
        return ("vectors=0",), ()
    return (), ("pci=nomsi",)


#: What Debian's QEMU 7.2 presents (QMP ``query-pci``), kept as data so a machine without QEMU
#: can still say which model a driver would get; tests check it against the live QEMU.
QEMU72_PCI_IDS: dict[str, tuple[int, int]] = {
    "e1000": (0x8086, 0x100E), "e1000-82544gc": (0x8086, 0x100C), "e1000-82545em": (0x8086, 0x100F),
    "e1000e": (0x8086, 0x10D3),
    "i82550": (0x8086, 0x1209), "i82551": (0x8086, 0x1209), "i82557a": (0x8086, 0x1229),
    "i82557b": (0x8086, 0x1229), "i82557c": (0x8086, 0x1229), "i82558a": (0x8086, 0x1229),
    "i82558b": (0x8086, 0x1229), "i82559a": (0x8086, 0x1229), "i82559b": (0x8086, 0x1229),
    "i82559c": (0x8086, 0x1229), "i82559er": (0x8086, 0x1209), "i82562": (0x8086, 0x1209),
    "i82801": (0x8086, 0x2449),
    "ne2k_pci": (0x10EC, 0x8029), "pcnet": (0x1022, 0x2000), "rocker": (0x1B36, 0x0006),
    "rtl8139": (0x10EC, 0x8139), "tulip": (0x1011, 0x0019),
    "virtio-net-pci": (0x1AF4, 0x1000), "virtio-net-pci-non-transitional": (0x1AF4, 0x1041),
    "virtio-net-pci-transitional": (0x1AF4, 0x1000), "vmxnet3": (0x15AD, 0x07B0),
}


@dataclass(frozen=True)
class QemuModel:
    name: str
    bus: str
    aliases: tuple[str, ...] = ()
    desc: str = ""


def _qemu() -> str:
    path = shutil.which(QEMU)
    if not path:
        raise MissingPrerequisite(f"{QEMU} not found", hint="apt-get install qemu-system-x86")
    return path


_LINE = re.compile(r'^name "(?P<name>[^"]+)"(?:, bus (?P<bus>[\w-]+))?(?P<rest>.*)$')


def parse_device_help(text: str, category: str = "Network devices") -> list[QemuModel]:
    """The models in one category of ``-device help`` output."""
    out: list[QemuModel] = []
    inside = False
    for line in text.splitlines():
        if line.rstrip().endswith(":") and not line.startswith("name "):
            inside = line.strip() == f"{category}:"
            continue
        if not inside or not line.startswith("name "):
            continue
        m = _LINE.match(line.strip())
        if not m:
            continue
        rest = m.group("rest")
        aliases = tuple(re.findall(r'alias "([^"]+)"', rest))
        desc = re.search(r'desc "([^"]*)"', rest)
        out.append(QemuModel(m.group("name"), m.group("bus") or "", aliases, desc.group(1) if desc else ""))
    return out


@functools.lru_cache(maxsize=None)
def qemu_models() -> tuple[QemuModel, ...]:
    """The network device models of the installed ``qemu-system-x86_64``."""
    p = subprocess.run([_qemu(), "-device", "help"], capture_output=True, text=True, timeout=30)
    return tuple(parse_device_help(p.stdout + p.stderr))


def _query_pci(models: list[str]) -> dict[str, tuple[int, int]] | None:
    args: list[str] = []
    for i, m in enumerate(models):
        args += ["-device", f"{m},id=np{i}"]
    qmp = '{"execute":"qmp_capabilities"}\n{"execute":"query-pci"}\n{"execute":"quit"}\n'
    p = subprocess.run([_qemu(), "-accel", "tcg", "-machine", "q35", "-S", "-nodefaults",
                        "-display", "none", "-qmp", "stdio", *args],
                       input=qmp, capture_output=True, text=True, timeout=60)
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(msg.get("return"), list):
            found: dict[str, tuple[int, int]] = {}

            def walk(devices: list[dict]) -> None:
                for d in devices:
                    qid = d.get("qdev_id", "")
                    if qid.startswith("np"):
                        found[models[int(qid[2:])]] = (d["id"]["vendor"], d["id"]["device"])
                    walk(d.get("pci_bridge", {}).get("devices", []))

            for bus in msg["return"]:
                walk(bus.get("devices", []))
            return found
    return None


@functools.lru_cache(maxsize=None)
def probe_pci_ids() -> dict[str, tuple[int, int]]:
    """model name -> (vendor, device) as QEMU presents it, for every PCI NIC model."""
    names = [m.name for m in qemu_models() if m.bus == "PCI" and m.name not in NOT_STANDALONE]
    found = _query_pci(names)
    if found is None:  # one model refused to start alone: ask one by one
        found = {}
        for n in names:
            found.update(_query_pci([n]) or {})
    return found


def parse_pci_id(value: str | tuple[int, int]) -> tuple[int, int]:
    """"8086:100e" (or a tuple) -> (0x8086, 0x100e); ValueError otherwise."""
    if isinstance(value, tuple):
        return value
    v, d = value.lower().replace("0x", "").split(":")
    return int(v, 16), int(d, 16)


#: Virtio drivers match virtio device IDs, not PCI IDs; the PCI transport (virtio_pci) binds
#: the PCI function.  virtio device ID -> the QEMU model that presents it over PCI.
VIRTIO_MODELS: dict[int, str] = {1: "virtio-net-pci"}  # VIRTIO_ID_NET


@dataclass(frozen=True)
class ModelChoice:
    model: str | None  # None: QEMU 7.2 emulates none of the driver's devices
    pci_id: tuple[int, int] | None
    reason: str

    @property
    def pci_id_str(self) -> str | None:
        return f"{self.pci_id[0]:04x}:{self.pci_id[1]:04x}" if self.pci_id else None


def choose_qemu_model(pci_ids: list[str | tuple[int, int]],
                      known: dict[str, tuple[int, int]] | None = None) -> ModelChoice:
    """The QEMU model for a driver whose ID table is ``pci_ids`` ("8086:100e" or tuples;
    "virtio:1" for a virtio driver's device ID).

    Among all models presenting one of the IDs, the shortest name wins: QEMU's plain family
    model (``e1000`` rather than ``e1000-82544gc``, ``virtio-net-pci`` rather than its
    transitional variants), the one QEMU and the drivers test most."""
    if known is None:
        known = probe_pci_ids() if shutil.which(QEMU) else dict(QEMU72_PCI_IDS)
    for i in pci_ids:
        if isinstance(i, str) and i.lower().startswith("virtio:"):
            vid = int(i.split(":", 1)[1], 16)
            model = VIRTIO_MODELS.get(vid)
            if model and model in known:
                return ModelChoice(model, known[model], f"virtio device {vid} over PCI: QEMU model {model}")
    ids = [parse_pci_id(i) for i in pci_ids if not (isinstance(i, str) and i.lower().startswith("virtio:"))]
    wanted = set(ids)
    matches = sorted((m for m, mid in known.items() if mid in wanted), key=lambda m: (len(m), m))
    if matches:
        pid = known[matches[0]]
        return ModelChoice(matches[0], pid, f"QEMU model {matches[0]} presents {pid[0]:04x}:{pid[1]:04x}")
    emulated = ", ".join(sorted({f"{v:04x}:{d:04x}" for v, d in known.values()}))
    return ModelChoice(None, None, f"no QEMU model: none of the driver's {len(ids)} PCI IDs is emulated by "
                       f"{QEMU} (it emulates {emulated})")
