"""The Supervisor's routing: a failed build goes back for repair a bounded number of times,
then becomes a recorded exception (exit 1); a repair that fixes the build ends green.  The
stage functions are replaced here by small scripted ones so that the routing itself is tested
(the real stages are exercised by test_graph on e1000)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from nicport.config import Config
from nicport.pipeline import stages
from nicport.port import run_port


class FakeIR:
    def to_json_text(self) -> str:
        return json.dumps({"dma": {"uses": [1, 2]}, "interrupts": {"handlers": [1]}, "rings": {"tx": 1}}, sort_keys=True) + "\n"


@pytest.fixture
def scripted(monkeypatch, tmp_path):
    knobs = SimpleNamespace(fixed_at={}, calls=None)
    monkeypatch.setenv("NICPORT_RUNS_DIR", str(tmp_path / "runs"))
    calls: dict[str, list] = {"build": [], "adapter": []}

    def write_adapter(ir, target, tree, exceptions=None, attempt=0):
        calls["adapter"].append((target, attempt))
        d = tree / "os" / target
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{target}_adapter.c").write_text(f"/* attempt {attempt} */\nint x;\n")

    def build_target(tree, target, config, work_dir):
        text = (tree / "os" / target / f"{target}_adapter.c").read_text()
        calls["build"].append((target, text.splitlines()[0]))
        fixed_at = knobs.fixed_at.get(target)
        attempt = int(text.split()[2])
        if fixed_at is not None and attempt >= fixed_at:
            return {"ok": True, "level": "L1", "log": f"built {tree}/os/{target}"}
        return {"ok": False, "level": "L1", "log": f"{tree}/os/{target}/{target}_adapter.c:1:5: error: boom in attempt {attempt}"}

    monkeypatch.setattr(stages, "analyze", lambda src, config: FakeIR())
    def write_hw(ir, out_dir):  # the adapters need a hw layer (a failed one skips them)
        (out_dir / "hw").mkdir(parents=True, exist_ok=True)
        (out_dir / "hw" / "fake_hw.h").write_text("/* scripted hw layer */\n")

    def test_target(tree, target, config, work_dir):  # the scripted adapter has no L2 to run
        return {"ok": True, "levels": {"L2": {"status": "skip", "detail": "scripted adapter: no L2"}}, "log": ""}

    monkeypatch.setattr(stages, "write_hw", write_hw)
    monkeypatch.setattr(stages, "test_target", test_target)
    monkeypatch.setattr(stages, "write_adapter", write_adapter)
    monkeypatch.setattr(stages, "build_target", build_target)
    knobs.calls = calls
    return knobs


def test_repair_is_bounded_then_recorded(scripted, driver_source, tmp_path):
    scripted.fixed_at = {"linux": 0, "windows": None}
    res = run_port(driver_source("e1000"), Config(targets=("linux", "windows")), tmp_path / "o" / "e1000", max_repair_attempts=2)
    st = res.state
    assert st["target_results"]["linux"]["build"] == "ok" and st["target_results"]["linux"]["level"] == "L1"
    assert st["target_results"]["windows"]["build"] == "failed"
    assert st["attempts"]["build:windows"] == 2 and "build:linux" not in st["attempts"]
    assert [a for t, a in scripted.calls["adapter"] if t == "windows"] == [0, 1, 2]
    assert len([b for b in scripted.calls["build"] if b[0] == "windows"]) == 3
    exc = {e["id"]: e for e in st["exceptions"]}["supervisor:build:windows"]
    assert exc["severity"] == "error" and "after 2 repair attempt(s)" in exc["reason"] and "boom in attempt 2" in exc["reason"]
    assert "<out>/os/windows" in exc["reason"] and str(tmp_path) not in exc["reason"]
    assert res.exit_code == 1 and res.status == "failed"
    report = (tmp_path / "o" / "e1000" / "PORTING_REPORT.md").read_text()
    assert "windows build (after 2 repair attempts)" in report
    assert "- ✔ builds on Linux" in report and "- ✘ builds on Windows NDIS" in report
    assert (tmp_path / "o" / "e1000" / "logs" / "build-windows.log").read_text().startswith("<out>/os/windows")


def test_repair_that_fixes_the_build_ends_green(scripted, driver_source, tmp_path):
    scripted.fixed_at = {"linux": 1}
    res = run_port(driver_source("e1000"), Config(targets=("linux",)), tmp_path / "o" / "e1000", max_repair_attempts=3)
    st = res.state
    assert st["target_results"]["linux"]["build"] == "ok"
    assert st["attempts"]["build:linux"] == 1
    assert not [e for e in st["exceptions"] if e["id"].startswith("supervisor:")]


def test_zero_attempts_means_straight_to_an_exception(scripted, driver_source, tmp_path):
    res = run_port(driver_source("e1000"), Config(targets=("freebsd",)), tmp_path / "o" / "e1000", max_repair_attempts=0)
    assert [a for t, a in scripted.calls["adapter"]] == [0]
    assert "supervisor:build:freebsd" in {e["id"] for e in res.state["exceptions"]}
    assert res.exit_code == 1


def test_a_crashing_stage_is_recorded_and_the_run_still_finishes(scripted, driver_source, tmp_path, monkeypatch):
    """An unexpected error in a stage (here the adapter generator during a repair, and the hw
    generator) becomes a failed stage + an exception; the graph still reaches publish."""
    real = stages.write_adapter

    def flaky(ir, target, tree, exceptions=None, attempt=0):
        if attempt > 0:
            raise RuntimeError(f"generator bug at {tree}/os/{target}")
        return real(ir, target, tree, exceptions, attempt)

    def hw_bug(ir, tree):
        raise ZeroDivisionError("hw bug")

    monkeypatch.setattr(stages, "write_adapter", flaky)
    monkeypatch.setattr(stages, "write_hw", hw_bug)
    out = tmp_path / "o" / "e1000"
    res = run_port(driver_source("e1000"), Config(targets=("netbsd",)), out, max_repair_attempts=3)
    st = res.state
    assert st["phase"] == 6 and (out / "PORTING_REPORT.md").is_file()
    assert st["stages"]["repair.netbsd"]["status"] == "failed"
    assert "generator bug at <out>/os/netbsd" in st["stages"]["repair.netbsd"]["detail"]
    assert st["stages"]["coding_agent"]["status"] == "failed" and "ZeroDivisionError: hw bug" in st["stages"]["coding_agent"]["detail"]
    ids = {e["id"] for e in st["exceptions"]}
    assert {"pipeline:repair.netbsd:netbsd", "pipeline:coding_agent:*", "supervisor:build:netbsd"} <= ids
    # the adapter that was built survives the crashed repair
    assert (out / "os" / "netbsd" / "netbsd_adapter.c").read_text().startswith("/* attempt 0 */")
    assert st["attempts"]["build:netbsd"] == 3 and res.exit_code == 1


def test_a_repair_that_changes_nothing_stops_at_once(scripted, driver_source, tmp_path, monkeypatch):
    def same_every_time(ir, target, tree, exceptions=None, attempt=0):
        d = tree / "os" / target
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{target}_adapter.c").write_text("/* attempt 0 */\nint x;\n")

    monkeypatch.setattr(stages, "write_adapter", same_every_time)
    res = run_port(driver_source("e1000"), Config(targets=("illumos",)), tmp_path / "o" / "e1000", max_repair_attempts=5)
    exc = {e["id"]: e for e in res.state["exceptions"]}["supervisor:build:illumos"]
    assert "after 1 repair attempt(s) (the repair changed nothing; no further attempt)" in exc["reason"]
    assert len([b for b in scripted.calls["build"] if b[0] == "illumos"]) == 1  # no pointless rebuild
