"""Attach-failure paths at L2: the KPI emulation makes one step fail (mapping the register
BAR, a non-sleeping allocation -- the hw layer's attach among them --, DMA memory for the
rings, interrupt registration) and the adapter must return a clean error (or fall back) and
release everything: no packet, buffer, DMA object, allocation or interrupt resource left.
The NDIS miniport used to crash here (MiniportInitializeEx's error path called HaltEx, which
touched the never-initialised nic_dev)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from l2support import TARGETS, tree  # noqa: E402

from helpers import require  # noqa: E402
from nicport.verify.kpi_emul import FAIL_STEPS, run_l2_failpaths  # noqa: E402

NDIS_STATUS_ADAPTER_NOT_FOUND = 0xC0010006 - (1 << 32)


@pytest.fixture(autouse=True)
def _compilers():
    require(shutil.which("gcc"), "gcc")


@pytest.mark.parametrize("target", TARGETS)
def test_every_injected_failure_is_clean(target, tmp_path):
    runs = run_l2_failpaths(tree("e1000e"), tmp_path, target, FAIL_STEPS, max_calls=3)
    fired = [r for r in runs if r.fired]
    assert runs and not [r for r in runs if r.step == "build"], [r.log for r in runs]
    for r in runs:
        # a call number past the last call of that step injects nothing: nothing to judge
        assert r.ok or not r.fired, (r.detail, r.log)
        assert "crashed" not in r.detail, (r.detail, r.log)
    steps = {r.step.split(":")[0] for r in fired}
    assert {"mmio", "dma", "intr"} <= steps, steps
    mmio = next(r for r in fired if r.step == "mmio:1")
    assert mmio.error != 0, mmio.detail           # no registers: attach fails
    assert any(r.error != 0 for r in fired if r.step.startswith("dma")), [r.detail for r in fired]


def test_ndis_hw_attach_failure_is_clean(tmp_path):
    """The regression: the hw layer's attach fails inside MiniportInitializeEx."""
    runs = run_l2_failpaths(tree("e1000e"), tmp_path, "windows", ("alloc",), max_calls=3)
    hw = [r for r in runs if r.error == NDIS_STATUS_ADAPTER_NOT_FOUND]
    assert hw, [r.detail for r in runs]
    assert all(r.ok for r in hw), [(r.detail, r.log) for r in hw]


def test_failpath_catches_the_old_ndis_crash(tmp_path):
    """Without the guard, HaltEx from the error path dereferences the uninitialised nic_dev."""
    out = tmp_path / "e1000e"
    shutil.copytree(tree("e1000e"), out)
    src = out / "os" / "windows" / "e1000e_ndis.c"
    text = src.read_text()
    guard = re.search(r"\tif \(!Adapter->NdReady\)\n\t\treturn;[^\n]*\n", text)
    assert guard
    src.write_text(text.replace(guard.group(0), ""))
    runs = run_l2_failpaths(out, tmp_path / "w", "windows", ("mmio",), max_calls=1)
    assert len(runs) == 1 and not runs[0].ok and "crashed" in runs[0].detail, runs[0].detail
