"""Shared support for the non-Linux L2 tests (MSI-X, capabilities, attach-failure paths):
output trees of the five drivers from the analyzer's IR (the real core, the real hw layer, the
generated adapters) and their L2 results, built once per session."""

from __future__ import annotations

import atexit
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADAPTER_TESTS = HERE.parents[1] / "generate" / "adapters"
if str(ADAPTER_TESTS) not in sys.path:
    sys.path.insert(0, str(ADAPTER_TESTS))

from standin_ir import GROUND, load_ir  # noqa: E402

from helpers import require  # noqa: E402
from nicport.verify.kpi_emul import run_l2  # noqa: E402

DRIVERS = ("e1000", "e1000e", "igb", "ixgbe", "virtio_net")
# the non-Linux targets whose adapters implement the shared two-vector MSI-X layout
MSIX_TARGETS = ("freebsd", "netbsd", "windows", "illumos")
TARGETS = MSIX_TARGETS + ("rtos",)
# drivers whose hw layer routes MSI-X vectors on the device model (virtio_net: the emulations
# present the model's virtio-pci function by default; with EMU_VIRTIO_MMIO=1 the hw layer
# drives virtio-mmio, which has no MSI-X: ho_vector_map refuses, the adapters fall back)
MSIX_ROUTED = ("e1000e", "igb", "ixgbe", "virtio_net")

_BASE = Path(tempfile.mkdtemp(prefix="nicport-l2-"))
atexit.register(shutil.rmtree, _BASE, True)
_TREES: dict[str, Path] = {}
_L2: dict[tuple[str, str, str], object] = {}

IRQ_RE = re.compile(r"interrupts: (\w+), vector 0: (\d+), vector 1: (\d+)")
CAPS_RE = re.compile(r"caps advertised 0x([0-9a-f]+) (=|!=) hw 0x([0-9a-f]+) & 0x([0-9a-f]+)")


def tree(drv: str) -> Path:
    """The output tree of one driver (analyzer IR; real core + hw layer + adapters)."""
    if drv not in _TREES:
        require(GROUND.is_file(), f"{GROUND}")
        from tree import make_tree

        out = _BASE / drv
        make_tree(out, load_ir(drv), TARGETS + ("linux",))
        _TREES[drv] = out
    return _TREES[drv]


def l2(drv: str, target: str, env: dict[str, str] | None = None):
    """run_l2 of one (driver, target), cached per environment."""
    key = (drv, target, repr(sorted((env or {}).items())))
    if key not in _L2:
        _L2[key] = run_l2(tree(drv), _BASE / "work" / drv / target / str(len(_L2)), target, env)
    return _L2[key]


def interrupts(detail: str) -> list[tuple[str, int, int]]:
    """(mode, vector 0 interrupts, vector 1 interrupts) per emulation in an L2 detail."""
    return [(m, int(a), int(b)) for m, a, b in IRQ_RE.findall(detail)]


def caps(detail: str) -> list[tuple[int, bool, int, int]]:
    """(advertised, equal, hw, mask) per emulation in an L2 detail (NIC_HWCAP_* bits)."""
    return [(int(a, 16), eq == "=", int(h, 16), int(m, 16)) for a, eq, h, m in CAPS_RE.findall(detail)]
