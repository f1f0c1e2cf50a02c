"""`nicport check`: per-target levels L0-L2 on a generated output tree, for real (compilers,
kbuild, the KPI emulations over the device model), and the failures they must catch."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from nicport.errors import BadInput
from nicport.verify import levels as L
from nicport.verify.check import parse_sysroots, run_check

HERE = Path(__file__).resolve().parent
ADAPTER_TESTS = HERE.parents[1] / "generate" / "adapters"
sys.path.insert(0, str(ADAPTER_TESTS))
from standin_ir import DRIVERS, GROUND, load_ir, standin_ir  # noqa: E402
from tree import make_tree  # noqa: E402

from tests.conftest import require  # noqa: E402

MARKER = {"generator": "nicport", "version": "0.1.0", "driver": "e1000"}


def _tree(base: Path, drv: str, targets=tuple(L.OS_DIRS) + ("linux", "freebsd"), real_ir: bool = False) -> Path:
    require(GROUND.is_file(), f"{GROUND}")
    out = base / drv
    make_tree(out, load_ir(drv) if real_ir else standin_ir(drv), targets)
    (out / ".nicport.json").write_text(json.dumps({**MARKER, "driver": drv}))
    return out


@pytest.fixture(scope="module")
def e1000_check(tmp_path_factory):
    require(shutil.which("gcc") and shutil.which("clang"), "gcc and clang")
    out = _tree(tmp_path_factory.mktemp("check"), "e1000", real_ir=True)  # the analyzer's IR when present
    return out, run_check(out, None)


def _levels(result, target):
    return {k: v for k, v in next(t for t in result.targets if t.target == target).levels.items()}


def test_contract_targets_reach_l0_and_l2(e1000_check):
    _, res = e1000_check
    for target in ("netbsd", "illumos", "rtos", "windows", "freebsd", "linux"):
        lv = _levels(res, target)
        assert lv["L0"].status == "pass", (target, lv["L0"].log)
        assert lv["L2"].status == "pass", (target, lv["L2"].detail, lv["L2"].log)
        assert "200 received, 0 mismatched" in lv["L2"].detail
        assert "0 packets, 0 buffers, 0 DMA objects" in lv["L2"].detail
        if target not in ("freebsd", "linux"):
            assert lv["L1"].status == "skip" and "--sysroot" in lv["L1"].detail
    win = _levels(res, "windows")
    assert win["L0"].status == "pass", win["L0"].log
    assert any("ntddk.h" in r for r in win["L0"].real) and any("ndis.h" in c for c in win["L0"].contract)


def test_offloads_are_translated_in_l2(e1000_check):
    _, res = e1000_check
    nb = _levels(res, "netbsd")["L2"].detail
    # e1000: checksum offload requested on 67 of 200 frames, VLAN insertion on 40: the peer saw
    # correct checksums and the tag (frames compared byte for byte), the stack saw csum-good
    assert "checksum offload on 67" in nb and "VLAN insert on 40" in nb
    assert "RX checksum good 200/bad 0" in nb
    assert "checksum offload on 67" in _levels(res, "illumos")["L2"].detail
    win = _levels(res, "windows")["L2"].detail
    assert "checksum offload on 67" in win and "VLAN insert on 40" in win


def test_freebsd_l1_against_ziglang_headers(e1000_check):
    _, res = e1000_check
    lv = _levels(res, "freebsd")
    require(L.ziglang_freebsd() is not None, "PyPI ziglang")
    assert lv["L1"].status == "pass", lv["L1"].log
    assert lv["L1"].contract == ["device_if.h", "bus_if.h", "dev/pci/pcivar.h"]
    assert any("ziglang" in r for r in lv["L1"].real)


def test_linux_adapter_compiles_in_kbuild(e1000_check):
    _, res = e1000_check
    lv = _levels(res, "linux")
    require(L.linux_headers() is not None, "linux-headers-amd64")
    assert lv["L0"].status == "pass", lv["L1"].log
    # any remaining L1 message must not come from the adapter itself
    for line in lv["L1"].log.splitlines():
        if re.search(r"(warning|error):", line):
            assert "os/linux/core/" in line or "os/linux/hw/" in line, line


def test_result_json_and_exit_code(e1000_check):
    out, res = e1000_check
    doc = res.to_json()
    assert doc["driver"] == "e1000"
    assert {t["target"] for t in doc["targets"]} == {"linux", "freebsd", "netbsd", "windows", "illumos", "rtos"}
    for t in doc["targets"]:
        assert set(t["levels"]) == {"L0", "L1", "L2", "L3"}
        assert t["level"] in (None, "L0", "L1", "L2", "L3")
        for lv in t["levels"].values():
            assert lv["status"] in ("pass", "fail", "skip")
    nb = next(t for t in doc["targets"] if t["target"] == "netbsd")
    assert nb["level"] == "L0" and nb["passed"] == ["L0", "L2"]  # L1 skipped: never overstated
    fb = next(t for t in doc["targets"] if t["target"] == "freebsd")
    assert fb["level"] == "L2" and fb["passed"] == ["L0", "L1", "L2"]
    assert res.exit_code == (1 if any(t["failed"] for t in doc["targets"]) else 0)
    json.dumps(doc)


def test_l0_catches_a_type_error(tmp_path):
    out = _tree(tmp_path, "e1000", ("netbsd",))
    src = out / "os" / "netbsd" / "e1000_netbsd.c"
    src.write_text(src.read_text().replace("if_percpuq_enqueue(ifp->if_percpuq, m);",
                                           "if_percpuq_enqueue(ifp, m);"))
    res = run_check(out, None, targets=("netbsd",))
    lv = _levels(res, "netbsd")
    assert lv["L0"].status == "fail" and "if_percpuq_enqueue" in lv["L0"].log
    assert res.exit_code == 1


def test_l2_catches_a_leak(tmp_path):
    """An adapter that forgets m_freem at TX completion must fail L2 (buffers live at the end)."""
    out = _tree(tmp_path, "e1000", ("netbsd",))
    src = out / "os" / "netbsd" / "e1000_netbsd.c"
    text = src.read_text()
    assert "\t\t\tm_freem(tb->tb_m);\n\t\t\ttb->tb_m = NULL;" in text
    src.write_text(text.replace("\t\t\tm_freem(tb->tb_m);\n\t\t\ttb->tb_m = NULL;", "\t\t\ttb->tb_m = NULL;", 1))
    res = run_check(out, None, targets=("netbsd",))
    lv = _levels(res, "netbsd")
    assert lv["L0"].status == "pass"
    assert lv["L2"].status == "fail"
    assert re.search(r"live at end: [1-9]\d* packets", lv["L2"].detail), lv["L2"].detail


def test_l2_catches_corrupted_payload(tmp_path):
    out = _tree(tmp_path, "e1000", ("illumos",))
    src = out / "os" / "illumos" / "e1000_illumos.c"
    text = src.read_text()
    assert "mp->b_wptr += p->np_segs[s].ns_len;" in text
    src.write_text(text.replace("mp->b_wptr += p->np_segs[s].ns_len;", "mp->b_wptr += p->np_segs[s].ns_len - 1;"))
    res = run_check(out, None, targets=("illumos",))
    lv = _levels(res, "illumos")
    assert lv["L2"].status == "fail" and "mismatched" in lv["L2"].detail


@pytest.mark.slow
@pytest.mark.parametrize("drv", [d for d in DRIVERS if d != "e1000"])
def test_other_drivers_l0_l2(tmp_path, drv):
    out = _tree(tmp_path, drv, ("netbsd", "illumos", "windows", "rtos", "freebsd"))
    res = run_check(out, None)
    for t in res.targets:
        assert t.levels["L0"].status == "pass", (drv, t.target, t.levels["L0"].log)
        if t.target in ("netbsd", "illumos", "rtos", "windows", "freebsd", "linux"):
            assert t.levels["L2"].status == "pass", (drv, t.target, t.levels["L2"].detail, t.levels["L2"].log)


def test_sysroot_parsing(tmp_path):
    assert parse_sysroots([f"freebsd={tmp_path}"]) == {"freebsd": tmp_path}
    for bad in (["freebsd"], [f"plan9={tmp_path}"], ["netbsd=/nonexistent/dir"]):
        with pytest.raises(BadInput):
            parse_sysroots(bad)


def test_check_refuses_a_tree_without_adapters(tmp_path):
    with pytest.raises(BadInput):
        run_check(tmp_path, None)


def test_contract_headers_cite_their_source():
    for h in sorted(L.CONTRACTS.rglob("*.h")):
        head = h.read_text()[:600]
        assert "contract" in head.lower(), h
        assert "nicport" in head, h
    # declarations only: no function bodies in contract headers (macros aside)
    for h in sorted(L.CONTRACTS.rglob("*.h")):
        for line in h.read_text().splitlines():
            assert not re.match(r"^\w[\w\s\*]*\([^;]*\)\s*\{", line), (h, line)


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
def test_linux_l3_e1000_on_qemu(tmp_path):
    """The generated e1000 module (adapter + core + hw layer) passes real traffic in QEMU."""
    require(shutil.which("qemu-system-x86_64"), "qemu-system-x86")
    require(L.linux_headers() is not None, "linux-headers-amd64")
    import json

    from nicport.analyze import analyze_driver
    from nicport.config import Config
    from nicport.generate.adapters import write_adapters
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw
    from nicport.output import MARKER
    from nicport.source import resolve

    cfg = Config()
    ir = analyze_driver(resolve("e1000", cfg), cfg)
    out = tmp_path / "e1000"
    (out / "ir").mkdir(parents=True)
    (out / "ir" / "e1000.ir.json").write_text(ir.to_json_text())
    (out / MARKER).write_text(json.dumps({"generator": "nicport", "driver": "e1000"}))
    write_core(out)
    write_hw(ir, out)
    write_adapters(ir, out, ("linux",))
    res = run_check(out, cfg, qemu=True)
    l3 = res.targets[0].levels["L3"]
    assert l3.status == "pass", l3.detail
