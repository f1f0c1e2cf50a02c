"""Per-driver tests written into an output tree (nicport.generate.tests): they build and pass
with plain `make -C tests check`, a wrong IR offset breaks the layout test, output is stable."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import require_tool

DRIVERS = ("e1000", "e1000e", "igb", "ixgbe", "virtio_net")
_irs: dict = {}


@pytest.fixture(scope="module")
def real_ir(config):
    from nicport.analyze import analyze_driver
    from nicport.source import resolve

    def get(name: str):
        if name not in _irs:
            _irs[name] = analyze_driver(resolve(name, config), config)
        return _irs[name]

    return get


def _tree(ir, out: Path, *, tests_ir=None) -> Path:
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw
    from nicport.generate.tests import write_tests

    write_core(out)
    write_hw(ir, out)
    write_tests(tests_ir if tests_ir is not None else ir, out / "tests")
    return out


def _make(tree: Path, *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(["nice", "make", "-C", str(tree / "tests"), *targets],
                          capture_output=True, text=True, timeout=600)


def _corrupt(ir, mutate):
    from nicport.ir import DriverIR

    d = json.loads(ir.to_json_text())
    mutate(d)
    return DriverIR.from_json_text(json.dumps(d))


@pytest.mark.parametrize("name", DRIVERS)
def test_generated_tests_pass(name, real_ir, tmp_path):
    require_tool("gcc")
    require_tool("make")
    from nicport.generate.hw import supported_family

    ir = real_ir(name)
    ok, reason = supported_family(ir)
    if not ok:
        # e1000 must always be accepted; for the others the refused path must hold instead
        assert name != "e1000", reason
        _check_refused(ir, name, tmp_path)
        return
    tree = _tree(ir, tmp_path / name)
    files = sorted(p.relative_to(tree / "tests").as_posix() for p in (tree / "tests").rglob("*") if p.is_file())
    assert files == ["Makefile", "README.md", "devmodel/nic_devmodel.c", "devmodel/nic_devmodel.h",
                     "devmodel/nic_devmodel_cfg.h", "devmodel/nic_osdep_devmodel.c",
                     "devmodel/nic_osdep_devmodel.h", "layout_test.c", "nic_ring_test.c"]
    r = _make(tree, "check")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout
    assert f"PASS {name}: layout, smoke, stress, hostile" in out
    assert f"mode=smoke driver={name} sent=500 done=500 rx_ok=500 rx_bad=0" in out
    assert f"mode=stress driver={name} sent=30000 done=30000 rx_ok=30000 rx_bad=0" in out
    hostile = [dict(kv.split("=", 1) for kv in ln.split()) for ln in out.splitlines() if ln.startswith("mode=hostile")]
    assert [h["seed"] for h in hostile] == ["7", "11"]
    for h in hostile:
        assert h["sent"] == h["done"] == "3000" and h["rx_bad"] == "0"
        assert int(h["dm_faults"]) > 100 and int(h["rs_drops"]) > 0 and int(h["irqs_dropped"]) > 0
    # every descriptor the hw layer generates is checked field by field, registers and bits too
    layout = (tree / "tests" / "layout_test.c").read_text()
    for d in ir.descriptors.descriptors:
        if f"{d.c_type} {{" in (tree / "hw" / f"{name}_desc.h").read_text():
            for f in d.fields:
                if f.path and not f.bit_width and "[" not in f.path:
                    assert f"_Static_assert(offsetof({d.c_type}, {f.path}) == {f.offset}," in layout, (d.c_type, f.path)
    if ir.registers.applicable:
        assert f"{name.upper()}_REG_TX_TAIL(0) ==" in layout
    else:
        assert "registers: the IR has none" in (tree / "tests" / "README.md").read_text()
    readme = (tree / "tests" / "README.md").read_text()
    assert all(f"| {t} |" in readme for t in ("layout", "smoke", "stress", "hostile", "check-asan"))


def test_check_asan_e1000(real_ir, tmp_path):
    require_tool("gcc")
    require_tool("make")
    tree = _tree(real_ir("e1000"), tmp_path / "e1000")
    r = _make(tree, "check-asan")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "PASS e1000 (asan+ubsan): layout, smoke, stress, hostile" in r.stdout
    assert "-fsanitize=address,undefined" in r.stdout


def test_wrong_descriptor_offset_fails_layout(real_ir, tmp_path):
    require_tool("gcc")
    require_tool("make")
    ir = real_ir("e1000")

    def bump(d):
        for desc in d["descriptors"]["descriptors"]:
            if desc["c_type"] == "struct e1000_tx_desc":
                for f in desc["fields"]:
                    if f["path"] == "lower.flags.cmd":
                        assert f["offset"] == 11
                        f["offset"] = 12
                        return
        raise AssertionError("field not found")

    tree = _tree(ir, tmp_path / "e1000", tests_ir=_corrupt(ir, bump))
    r = _make(tree, "layout")
    assert r.returncode != 0
    assert "IR: offsetof(struct e1000_tx_desc, lower.flags.cmd) == 12" in r.stderr


def test_register_offsets_judged(real_ir, tmp_path):
    require_tool("gcc")
    require_tool("make")
    from nicport.errors import BadInput
    from nicport.generate.tests import write_tests

    ir = real_ir("e1000")
    # a hw/ header that no longer matches the IR (hand-edited, stale): the layout test says which claim
    tree = _tree(ir, tmp_path / "e1000")
    regs = tree / "hw" / "e1000_regs.h"
    text = regs.read_text()
    assert "#define E1000_TCTL\t0x00400" in text
    regs.write_text(text.replace("#define E1000_TCTL\t0x00400", "#define E1000_TCTL\t0x00404"))
    r = _make(tree, "layout")
    assert r.returncode != 0
    assert "IR: E1000_TCTL == 0x00400" in r.stderr

    # a queue register role the driver's own headers contradict: refused before any C is written
    def bump(d):
        d["registers"]["roles"]["tx_tail"]["offset"] += 4

    with pytest.raises(BadInput, match="E1000_TDT"):
        write_tests(_corrupt(ir, bump), tmp_path / "bad" / "tests")


def _check_refused(ir, name: str, tmp_path: Path) -> None:
    from nicport.generate.tests import write_tests

    out = tmp_path / name
    write_tests(ir, out / "tests")
    files = sorted(p.name for p in (out / "tests").rglob("*") if p.is_file())
    assert files == ["Makefile", "README.md", "layout_test.c"]
    assert f"No hw layer for {name}" in (out / "tests" / "README.md").read_text()
    r = _make(out, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"PASS layout {name}" in r.stdout


def test_refused_family_gets_layout_only(real_ir, tmp_path):
    """A descriptor family the hw layer does not generate: only the layout test + a README why."""
    require_tool("gcc")
    require_tool("make")
    from nicport.generate.hw import supported_family

    def relabel(d):
        for desc in d["descriptors"]["descriptors"]:
            desc["family"] = "other"

    ir = _corrupt(real_ir("e1000"), relabel)
    assert not supported_family(ir)[0]
    _check_refused(ir, "e1000", tmp_path)
    # the self-consistency check is real: a member pushed past the end of its descriptor fails
    def overflow(d):
        relabel(d)
        d["descriptors"]["descriptors"][0]["fields"][0]["offset"] = 15

    _check_refused_fails = _corrupt(real_ir("e1000"), overflow)
    from nicport.generate.tests import write_tests

    write_tests(_check_refused_fails, tmp_path / "bad" / "tests")
    r = _make(tmp_path / "bad", "check")
    assert r.returncode != 0 and "lies inside" in r.stderr


def test_deterministic(real_ir, tmp_path):
    from nicport.generate.tests import render_tests, write_tests

    ir = real_ir("e1000")
    a, b = tmp_path / "a", tmp_path / "b"
    write_tests(ir, a)
    write_tests(ir, b)
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    assert render_tests(ir) == render_tests(ir)
    mtimes = {p: p.stat().st_mtime_ns for p in a.rglob("*") if p.is_file()}
    write_tests(ir, a)  # unchanged bytes are not rewritten
    assert mtimes == {p: p.stat().st_mtime_ns for p in a.rglob("*") if p.is_file()}
    for data in files_a.values():
        text = data.decode()
        assert str(tmp_path) not in text and "/home/" not in text and "/tmp/" not in text
        assert not __import__("re").search(r"20\d\d-\d\d-\d\d", text)


def test_not_a_driver_ir_is_bad_input():
    from nicport.errors import BadInput
    from nicport.generate.tests import write_tests

    with pytest.raises(BadInput):
        write_tests("e1000", Path("/nonexistent"))
