"""The lost-interrupt race of re-enabling a vector ("complete, then re-check", Linux
virtqueue_napi_complete): the device model receives a frame between the poll's last look and
nic_intr_enable().  virtio masks with VRING_AVAIL_F_NO_INTERRUPT, so that frame raises nothing:
nic_intr_enable answers 1 and the re-poll delivers it.  A mutant hw layer whose re-check always
answers 0 leaves it stranded with no interrupt until a later frame.  Intel: the cause latches in
ICR / EICR while masked and re-fires when IMS / EIMS unmasks it (nic_intr_enable answers 0).
Harness: c/dm_rearm_test.c."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import require_tool


def _load_build():
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("dm_build", Path(__file__).with_name("dm_build.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_b = _load_build()
HARNESS = Path(__file__).resolve().parent / "c" / "dm_rearm_test.c"
RECHECK = "return pending;"  # the virtio hw layer's answer after the used->idx re-check
_built: dict[tuple[str, bool], Path] = {}


def _build(drv: str, out: Path, *, mutant: bool) -> Path:
    """core + generated hw layer (mutant: the re-check forced to answer 0) + model + harness"""
    from nicport.generate.hw import write_hw
    from nicport.verify.devmodel import C_DIR, build_devmodel

    out.mkdir(parents=True, exist_ok=True)
    write_hw(drv, out)
    hw_c = out / "hw" / f"{drv}_hw.c"
    if mutant:
        src = hw_c.read_text()
        assert src.count(RECHECK) == 2, "the virtio re-check (MSI-X and virtio-mmio) moved"
        hw_c.write_text(src.replace(RECHECK, "(void)pending; return 0;"))
    lib = build_devmodel(drv, out, opt="-O1").library
    exe = out / f"dm_rearm_{drv}{'_mutant' if mutant else ''}"
    cmd = ["gcc", "-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror", f"-I{out / 'hw'}", f"-I{_b.CORE}",
           f"-I{C_DIR}", f"-I{out / 'devmodel'}", f'-DHW_HEADER="{drv}_hw.h"', f"-DHW_OPS={drv}_hw_ops",
           f"-DHW_ATTACH={drv}_hw_attach", f"-DHW_DETACH={drv}_hw_detach",
           str(HARNESS), str(hw_c), *map(str, _b.core_sources()), str(lib), "-o", str(exe)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, f"rearm harness build failed for {drv}:\n{r.stderr[-4000:]}"
    return exe


@pytest.fixture(scope="module")
def rearm(tmp_path_factory):
    require_tool("gcc")
    require_tool("ar")

    def run(drv: str, mode: str, *, mutant: bool = False) -> dict[str, str]:
        key = (drv, mutant)
        if key not in _built:
            _built[key] = _build(drv, tmp_path_factory.mktemp(f"rearm_{drv}"), mutant=mutant)
        return _b.run(_built[key], drv, mode)

    return run


@pytest.mark.parametrize("mode", ["msix", "mmio"])
def test_virtio_frame_in_the_window_is_repolled(rearm, mode: str) -> None:
    r = rearm("virtio_net", mode)
    assert r["rx_bad"] == "0"
    # the vector was masked (used-ring suppression): frame B raised nothing, not even at unmask
    assert r["irq_window"] == "0" and r["irq_enable"] == "0"
    # the re-check saw it: nic_intr_enable answered 1, one re-poll delivered it at once
    assert r["enable_rc"] == "1" and r["repolls"] == "1" and r["rx_repoll"] == "2"
    assert r["rx_wait"] == "2" and r["stranded"] == "0" and r["rx_final"] == "3"


@pytest.mark.parametrize("mode", ["msix", "mmio"])
def test_virtio_without_the_recheck_strands_the_frame(rearm, mode: str) -> None:
    # mutation: the hw layer's re-check always answers 0 (the old contract)
    r = rearm("virtio_net", mode, mutant=True)
    assert r["enable_rc"] == "0" and r["repolls"] == "0"
    assert r["irq_window"] == "0" and r["irq_enable"] == "0"
    # B sits in the used ring, written back by the device, while nothing polls: no interrupt came
    assert r["rx_repoll"] == "1" and r["rx_wait"] == "1" and r["stranded"] == "1"
    # only frame C's interrupt flushes it (late, in order)
    assert r["rx_final"] == "3" and r["rx_bad"] == "0"


def test_virtio_pci_intx_does_not_suppress(rearm) -> None:
    # virtio-pci INTx: ho_intr_disable sets no suppression flag, frame B interrupts at once
    r = rearm("virtio_net", "intx")
    assert r["irq_window"] == "1" and r["enable_rc"] == "0" and r["repolls"] == "0"
    assert r["rx_wait"] == "2" and r["stranded"] == "0" and r["rx_final"] == "3"


@pytest.mark.parametrize("drv,mode", [("e1000e", "msix"), ("igb", "msix"), ("ixgbe", "msix"),
                                      ("e1000", "intx"), ("igb", "intx")])
def test_intel_latched_cause_fires_on_unmask(rearm, drv: str, mode: str) -> None:
    r = rearm(drv, mode)
    # masked: frame B's cause latched (ICR / EICR) without an interrupt ...
    assert r["irq_window"] == "0"
    # ... and re-fired when nic_intr_enable unmasked it: the hw layer answers 0, no re-poll needed
    assert r["irq_enable"] == "1" and r["enable_rc"] == "0" and r["repolls"] == "0"
    assert r["rx_repoll"] == "1" and r["rx_wait"] == "2" and r["stranded"] == "0"
    assert r["rx_final"] == "3" and r["rx_bad"] == "0"
