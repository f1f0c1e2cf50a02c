"""The pipeline graph on the real e1000 driver: phases 0..5 and the report, stages that are not
built yet recorded as such, determinism, review pause/resume, small checkpoints."""

from __future__ import annotations

import json

import pytest

from nicport.config import Config
from nicport.pipeline import stages
from nicport.pipeline.context import PipelineContext
from nicport.pipeline.graph import build_graph, graph
from nicport.pipeline.runs import all_runs, resume_run
from nicport.pipeline.state import merge_dicts, merge_exceptions
from nicport.port import run_port

SEED_AGENTS = {
    "Hardware Analyzer", "DMA Mapper", "Interrupt Model Builder", "TX/RX Ring Extractor", "API Mapper",
    "Exceptions Tracker", "Portability Validator", "Coding Agent", "TDD Test Writer", "eBPF Workaround Agent",
    "Kernel Build Agent", "Code Reviewer", "Test Runner", "Performance Engineer", "Supervisor",
}


def test_graph_has_the_seed_phases_and_agents():
    nodes = build_graph().nodes
    agents = {getattr(spec.runnable, "func", None) and getattr(spec.runnable.func, "agent", None) for spec in nodes.values()}
    agents |= {getattr(getattr(spec, "runnable", None), "agent", None) for spec in nodes.values()}
    found = set()
    for spec in nodes.values():
        fn = getattr(spec.runnable, "func", None) or getattr(spec.runnable, "afunc", None)
        found.add(getattr(fn, "agent", None))
    assert SEED_AGENTS <= found, SEED_AGENTS - found
    phases = {getattr(getattr(spec.runnable, "func", None), "phase", None) for spec in nodes.values()}
    assert {0, 1, 2, 3, 4, 5, 6} <= phases
    assert "publish" in graph.get_graph().nodes


def test_recursion_limit_is_explicit_and_grows_with_repairs():
    a, b = PipelineContext(max_repair_attempts=0), PipelineContext(max_repair_attempts=3)
    assert a.recursion_limit >= 40 and b.recursion_limit > a.recursion_limit


def test_reducers_are_order_independent_and_idempotent():
    x = [{"id": "b", "v": 1}, {"id": "a", "v": 2}]
    y = [{"id": "c", "v": 3}, {"id": "a", "v": 2}]
    assert merge_exceptions(x, y) == merge_exceptions(y, x) == merge_exceptions(merge_exceptions(x, y), y)
    assert [e["id"] for e in merge_exceptions(x, y)] == ["a", "b", "c"]
    left = {"linux": {"build": "ok"}}
    right = {"linux": {"level": "L1"}, "freebsd": {"build": "failed"}}
    assert merge_dicts(left, right) == {"freebsd": {"build": "failed"}, "linux": {"build": "ok", "level": "L1"}}
    assert merge_dicts(merge_dicts(left, right), right) == merge_dicts(left, right)


@pytest.fixture(scope="module")
def e1000(driver_source):
    return driver_source("e1000")


def _port(src, dest, targets=("linux", "freebsd", "netbsd", "windows", "illumos", "rtos"), **kw):
    return run_port(src, Config(targets=tuple(targets)), dest, force=False, console=None, **kw)


def test_port_e1000_end_to_end(e1000, runs_dir, tmp_path, digest):
    out = tmp_path / "out" / "e1000"
    res = _port(e1000, out)
    data = res.to_json()
    # the README's main job: e1000 ports to every target with every stage built and every gate passed
    assert res.exit_code == 0 and data["status"] == "done", data
    assert data["not_built"] == []
    assert data["phase_reached"] == 6
    for name in ("PORTING_REPORT.md", "report.html", "exceptions.sarif", "docs/porting_exceptions.md", "results.json", ".nicport.json"):
        assert (out / name).is_file(), name
    # what is not built is said plainly, and matches what the tree really lacks
    avail = stages.availability()
    missing = {k for k, v in avail.items() if v == stages.NOT_BUILT}
    assert set(data["not_built"]) >= missing - {"verify.build", "verify.tests", "verify.qemu", "verify.bench"} - ({"kb.sarif"} if "kb.exceptions" in missing else set())
    report = (out / "PORTING_REPORT.md").read_text()
    for stage in data["not_built"]:
        assert f"`{stage}`" in report
    if data["not_built"]:
        assert "Incomplete port" in report
    # the seed's done list, one mark per line
    assert [d["item"] for d in data["done_list"]] == [
        "builds on Linux", "builds on FreeBSD", "builds on Windows NDIS", "RSS validated", "TSO validated",
        "exceptions documented", "portability score ≥ 95%"]
    for d in data["done_list"]:
        assert d["mark"] in ("✔", "✘") and f"{d['mark']} {d['item']}" in report
    # phase 5 ran the tree's own per-driver tests (make -C tests check) and they passed
    dt = res.state["facts"]["core_checks"]["driver_tests"]
    assert dt["ok"] is True and "PASS e1000: layout, smoke, stress, hostile" in dt["detail"]
    assert "Per-driver tests of this tree" in report and not (out / "tests" / "build").exists()
    # phase 0 is real: the driver's facts are in the report
    assert "Linux 6.1" in report and "e1000" in report
    # no absolute paths or times in the output tree
    for p in out.rglob("*"):
        if p.is_file():
            text = p.read_text(errors="replace")
            assert str(tmp_path) not in text and str(runs_dir) not in text, p
    # checkpoints stay small: state holds references only
    assert data["checkpoint"]["db_bytes"] > 0
    assert 0 < data["checkpoint"]["state_bytes"] < 200_000
    assert set(data["phase_seconds"]) >= {"0", "1", "2", "3", "4", "5", "6"}
    rec = [r for r in all_runs(Config()) if r.run_id == res.run_id][0]
    assert rec.status == res.status and rec.phase == 6


def test_two_runs_are_byte_identical(e1000, runs_dir, tmp_path, digest):
    a, b = tmp_path / "a" / "e1000", tmp_path / "b" / "e1000"
    three = ("linux", "freebsd", "windows")
    ra, rb = _port(e1000, a, three), _port(e1000, b, three)
    assert ra.run_id != rb.run_id
    da, db = digest(a), digest(b)
    assert da == db and len(da) >= 6
    # a rerun into the same output (an earlier nicport output) replaces it with the same bytes
    _port(e1000, a, three)
    assert digest(a) == da


def test_review_pauses_after_phase2_and_resume_continues(e1000, runs_dir, tmp_path):
    out = tmp_path / "rev" / "e1000"
    from rich.console import Console

    con = Console(record=True, width=300, force_terminal=False)
    res = run_port(e1000, Config(targets=("linux",)), out, console=con, review=True)
    assert res.status == "paused" and res.exit_code == 0
    text = con.export_text()
    assert "paused for review after phase 2" in text and f"nicport resume {res.run_id}" in text
    if res.state.get("artifacts", {}).get("ir"):
        assert "ir/e1000.ir.json" in text
    assert res.state["phase"] == 2 and not out.exists()
    assert all_runs(Config())[-1].status == "paused"
    code = resume_run(res.run_id[:12] if len(all_runs(Config())) == 1 else res.run_id, Config(), None)
    assert code in (0, 1)
    assert (out / "PORTING_REPORT.md").is_file()
    assert "Human review after phase 2: approved" in (out / "PORTING_REPORT.md").read_text()
    rec = all_runs(Config())[-1]
    assert rec.status in ("done", "failed") and rec.phase == 6


def test_runs_lists_and_resume_rejects_unknown(e1000, runs_dir, tmp_path, capsys):
    from nicport.errors import BadInput
    from nicport.pipeline.runs import list_runs

    res = _port(e1000, tmp_path / "o" / "e1000", ("rtos", "linux"), max_repair_attempts=1)
    list_runs(Config(), True, None)
    listed = json.loads(capsys.readouterr().out)
    row = [r for r in listed["runs"] if r["run"] == res.run_id][0]
    assert row["driver"] == "e1000" and row["phase"] == 6 and row["status"] in ("done", "failed")
    assert row["targets"] == ["rtos", "linux"]
    with pytest.raises(BadInput):
        resume_run("no-such-run", Config(), None)
    # resuming a finished run does nothing and keeps its exit code
    assert resume_run(res.run_id, Config(), None) == res.exit_code


def test_console_shows_phases_agents_targets_and_the_done_list(e1000, runs_dir, tmp_path):
    from rich.console import Console

    con = Console(record=True, width=200, force_terminal=False)
    res = run_port(e1000, Config(targets=("linux", "windows")), tmp_path / "c" / "e1000", console=con)
    text = con.export_text()
    assert "phase 0 ingest · Ingest: ok" in text
    assert "phase 4 build · Kernel Build Agent [windows]" in text
    assert "Done list:" in text and "builds on Windows NDIS" in text
    if res.to_json()["not_built"]:
        assert "INCOMPLETE: stages not built yet in this version: " + ", ".join(res.to_json()["not_built"]) in text
    assert f"(run {res.run_id})" in text and "checkpoints:" in text


def test_quiet_run_prints_nothing(e1000, runs_dir, tmp_path, capsys):
    run_port(e1000, Config(targets=("linux",)), tmp_path / "q" / "e1000", console=None)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_driver_without_a_hw_family_ends_with_a_report_not_a_dead_branch(driver_source, runs_dir, tmp_path):
    """igbvf (advanced descriptors, but a VF: no TCTL/RCTL/ICR of its own) gets no hw layer.  The
    run must still reach the report: adapters are skipped with the reason (not built against a
    missing <drv>_hw.h), the failure is said in one place, and the exit code is 1."""
    from rich.console import Console

    con = Console(record=True, width=300, force_terminal=False)
    out = tmp_path / "out" / "igbvf"
    res = run_port(driver_source("igbvf"), Config(targets=("linux", "freebsd")), out, console=con)
    data = res.to_json()
    assert res.exit_code == 1 and data["status"] == "failed"
    assert data["phase_reached"] == 6
    stages_ = res.state["stages"]
    assert stages_["generate.hw"]["status"] == "failed" and "igbvf: no hw layer generated" in stages_["generate.hw"]["detail"]
    for t in ("linux", "freebsd"):
        assert stages_[f"generate.adapters.{t}"]["status"] == "skipped"
        assert "needs the hw layer" in stages_[f"generate.adapters.{t}"]["detail"]
        assert res.state["target_results"][t]["generated"] is False
    assert "repair" not in stages_  # nothing was built, so nothing was repaired
    text = con.export_text()
    assert "generate.hw: igbvf: no hw layer generated" in text
    assert (out / "PORTING_REPORT.md").is_file() and not (out / "os").exists()
    assert "no hw layer generated" in (out / "PORTING_REPORT.md").read_text()
