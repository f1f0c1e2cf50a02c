"""MSI-X in the non-Linux adapters (FreeBSD, NetBSD, NDIS, illumos), run at L2: the emulated
OS grants two vectors (the device model's MSI-X Enable bit), the adapter routes them through
the hw layer (nic_intr_map) before any queue exists, vector 0 carries the queue pair and
vector 1 the link cause the harness raises.  The fallbacks are run too: the OS refusing
MSI-X, and a hw layer without vector routing (nic_intr_map -> NIC_E_NOSYS)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from l2support import DRIVERS, MSIX_ROUTED, MSIX_TARGETS, interrupts, l2, tree  # noqa: E402

from helpers import require  # noqa: E402
from nicport.generate.adapters import adapter_view  # noqa: E402
from nicport.verify.check import run_check  # noqa: E402
from nicport.verify.kpi_emul import run_l2  # noqa: E402

ADAPTER_SRC = {"freebsd": "{d}_freebsd.c", "netbsd": "{d}_netbsd.c", "windows": "{d}_ndis.c",
               "illumos": "{d}_illumos.c"}


@pytest.fixture(autouse=True)
def _compilers():
    require(shutil.which("gcc"), "gcc")


@pytest.mark.parametrize("drv", DRIVERS)
def test_l2_interrupt_mode_per_driver(drv):
    """e1000e/igb/ixgbe and virtio_net (over the virtio-pci function the emulations present)
    reach MSI-X (both vectors used); e1000 never asks for it.  virtio_net's virtio-mmio run
    (its fallback to INTx) is in test_virtio_pci_l2."""
    for target in MSIX_TARGETS:
        lv = l2(drv, target)
        assert lv.status == "pass", (drv, target, lv.detail, lv.log)
        assert "200 received, 0 mismatched" in lv.detail
        assert "live at end: 0 packets, 0 buffers, 0 DMA objects" in lv.detail
        [(mode, v0, v1)] = interrupts(lv.detail)
        assert v0 > 0, (drv, target, lv.detail)
        if drv in MSIX_ROUTED:
            assert mode == "msix" and v1 >= 1, (drv, target, lv.detail)
        else:
            assert drv == "e1000" and mode == "intx" and v1 == 0, (drv, target, lv.detail)


@pytest.mark.parametrize("target", MSIX_TARGETS)
def test_l2_falls_back_when_the_os_refuses_msix(target):
    lv = l2("igb", target, {"EMU_NO_MSIX": "1"})
    assert lv.status == "pass", (target, lv.detail, lv.log)
    [(mode, v0, _)] = interrupts(lv.detail)
    assert mode in ("msi", "intx") and v0 > 0, lv.detail
    assert "200 received, 0 mismatched" in lv.detail


def test_l2_linux_emulation_grants_msix():
    """The Linux KPI emulation (pci_alloc_irq_vectors, request_irq per vector) grants MSI-X
    the same way, and refuses it on request."""
    lv = l2("igb", "linux")
    assert lv.status == "pass", (lv.detail, lv.log)
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msix" and v0 > 0 and v1 >= 1, lv.detail
    lv = l2("igb", "linux", {"EMU_NO_MSIX": "1"})
    assert lv.status == "pass", (lv.detail, lv.log)
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msi" and v0 > 0 and v1 == 0, lv.detail


def _without_vector_map(tmp_path: Path, drv: str) -> Path:
    """A copy of the tree whose hw layer has no ho_vector_map (nic_intr_map: NIC_E_NOSYS)."""
    out = tmp_path / drv
    shutil.copytree(tree(drv), out)
    hw = out / "hw" / f"{drv}_hw.c"
    text = hw.read_text()
    assert re.search(r"^\s*\.ho_vector_map = \w+,\n", text, re.M), "the hw layer routes no vectors"
    # still referenced (no unused-function warning), but NULL: the core answers NIC_E_NOSYS
    hw.write_text(re.sub(r"^(\s*)\.ho_vector_map = (\w+),\n", r"\1.ho_vector_map = 0 ? \2 : NULL,\n",
                         text, flags=re.M))
    return out


def test_l2_falls_back_when_the_hw_layer_cannot_route(tmp_path):
    out = _without_vector_map(tmp_path, "e1000e")
    for target in MSIX_TARGETS:
        lv = run_l2(out, tmp_path / "w" / target, target)
        assert lv.status == "pass", (target, lv.detail, lv.log)
        [(mode, v0, v1)] = interrupts(lv.detail)
        # MSI-X granted, routing refused, released; then MSI (NDIS: line-based)
        assert mode == ("intx" if target == "windows" else "msi") and v0 > 0 and v1 == 0, lv.detail


def test_l2_catches_an_msix_fallback_that_keeps_the_vectors(tmp_path):
    """An adapter that forgets pci_release_msi on the fallback must fail L2."""
    out = _without_vector_map(tmp_path, "e1000e")
    src = out / "os" / "freebsd" / "e1000e_freebsd.c"
    text = src.read_text()
    needle = "\t(void)nic_intr_map(&sc->sc_nd, NIC_INTR_VEC_LEGACY, 0, 0, 0);\n\tpci_release_msi(dev);\n"
    assert needle in text
    src.write_text(text.replace(needle, "\t(void)nic_intr_map(&sc->sc_nd, NIC_INTR_VEC_LEGACY, 0, 0, 0);\n"))
    lv = run_l2(out, tmp_path / "w", "freebsd")
    assert lv.status == "fail"
    assert "already allocated" in lv.log, lv.log


@pytest.mark.parametrize("drv", ["e1000", "igb"])
def test_msix_code_follows_the_contract(drv):
    """Vectors routed with the contract's masks, the legacy reset on fallback; no MSI-X code
    where the original never used MSI-X (e1000) and none on the RTOSes (one line)."""
    out = tree(drv)
    msix = adapter_view_msix(drv)
    for target, name in ADAPTER_SRC.items():
        text = (out / "os" / target / name.format(d=drv)).read_text()
        if msix:
            assert re.search(r"nic_intr_map\([^;]*, 0, 1, 1, 0\)", text), target
            assert re.search(r"nic_intr_map\([^;]*, 1, 0, 0,\s*NIC_INTR_LINK \| NIC_INTR_OTHER\)", text), target
            assert "NIC_INTR_VEC_LEGACY" in text, target
        else:
            assert not re.search(r"nic_intr_map\(&", text), target
    for rt in ("zephyr", "freertos"):
        for c in (out / "os" / "rtos" / rt).glob("*.c"):
            assert not re.search(r"nic_intr_map\(&", c.read_text()), c
    inf = (out / "os" / "windows" / f"nicport_{drv}.inf").read_text()
    assert ("MessageNumberLimit, 0x00010001, 2" in inf) == msix


def adapter_view_msix(drv: str) -> bool:
    from standin_ir import load_ir

    return adapter_view(load_ir(drv)).msix and "msix" in adapter_view(load_ir(drv)).irq_plan


def test_msix_adapters_pass_l0_and_freebsd_l1(tmp_path):
    """The MSI-X code type-checks against the contract headers (gcc + clang, mingw-w64 for
    NDIS) and, for FreeBSD, against FreeBSD 14's real headers."""
    require(shutil.which("clang"), "clang")
    out = tmp_path / "igb"
    shutil.copytree(tree("igb"), out)
    import json

    (out / ".nicport.json").write_text(json.dumps({"generator": "nicport", "version": "0.1.0",
                                                   "driver": "igb"}))
    res = run_check(out, None, targets=MSIX_TARGETS)
    for t in res.targets:
        assert t.levels["L0"].status == "pass", (t.target, t.levels["L0"].log)
        if t.target == "freebsd":
            from nicport.verify import levels as L

            require(L.ziglang_freebsd() is not None, "PyPI ziglang")
            assert t.levels["L1"].status == "pass", t.levels["L1"].log
