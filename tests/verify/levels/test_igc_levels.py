"""`nicport check` on an igc output tree (a driver outside the five reference drivers): L0 and
L2 on every target, L1 for Linux (kbuild against linux-headers) and FreeBSD (real headers)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from helpers import require
from nicport.verify import levels as L
from nicport.verify.check import run_check

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "generate" / "adapters"))
from tree import make_tree  # noqa: E402


@pytest.fixture(scope="module")
def igc_check(tmp_path_factory):
    from nicport.analyze import analyze_driver
    from nicport.config import Config
    from nicport.source import resolve

    require(shutil.which("gcc") and shutil.which("clang"), "gcc and clang")
    cfg = Config()
    try:
        src = resolve("igc", cfg)
    except Exception as exc:  # noqa: BLE001
        require(False, f"igc sources (linux-source-6.1): {exc}")
    ir = analyze_driver(src, cfg)
    out = tmp_path_factory.mktemp("igc-check") / "igc"
    make_tree(out, ir, tuple(L.OS_DIRS) + ("linux", "freebsd"))
    (out / ".nicport.json").write_text(json.dumps({"generator": "nicport", "version": "0.1.0", "driver": "igc"}))
    assert (out / "hw" / "igc_hw.c").is_file()
    return run_check(out, None)


def _levels(result, target):
    return dict(next(t for t in result.targets if t.target == target).levels)


@pytest.mark.parametrize("target", ["linux", "freebsd", "netbsd", "windows", "illumos", "rtos"])
def test_igc_reaches_l0_and_l2(igc_check, target: str) -> None:
    lv = _levels(igc_check, target)
    assert lv["L0"].status == "pass", (target, lv["L0"].detail, lv["L0"].log)
    assert lv["L2"].status == "pass", (target, lv["L2"].detail, lv["L2"].log)
    assert "200 received, 0 mismatched" in lv["L2"].detail
    assert "0 packets, 0 buffers, 0 DMA objects" in lv["L2"].detail
    assert "device model (igc)" in lv["L2"].real


@pytest.mark.parametrize("target", ["linux", "freebsd"])
def test_igc_l1_with_real_headers(igc_check, target: str) -> None:
    lv = _levels(igc_check, target)
    require(lv["L1"].status != "skip", f"{target} L1 prerequisites: {lv['L1'].detail}")
    assert lv["L1"].status == "pass", (target, lv["L1"].detail, lv["L1"].log)
    if target == "linux":
        assert "nicport_igc.ko built, 0 warnings" in lv["L1"].detail
        assert any("kbuild linux-headers" in r for r in lv["L1"].real)
