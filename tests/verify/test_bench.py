"""The Performance Engineer's benchmark (nicport.verify.bench) on a real e1000 output tree."""

from __future__ import annotations

import json
import math

from helpers import require_tool


def test_run_benchmarks_e1000(config, tmp_path):
    require_tool("gcc")
    require_tool("make")
    from nicport.analyze import analyze_driver
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw
    from nicport.source import resolve
    from nicport.verify.bench import BUDGETS, LINE_RATE_100G_MPPS, run_benchmarks

    ir = analyze_driver(resolve("e1000", config), config)
    tree = tmp_path / "e1000"
    write_core(tree)
    write_hw(ir, tree)
    (tree / "ir").mkdir()
    (tree / "ir" / "e1000.ir.json").write_text(ir.to_json_text())
    res = run_benchmarks(tree, config, tmp_path / "work")
    json.dumps(res)  # the pipeline writes it to logs/benchmarks.json
    f = res["figures"]
    assert res["driver"] == "e1000"
    assert res["budgets"] == BUDGETS
    assert isinstance(res["within_budget"], bool)
    assert res["within_budget"] == all(res["checks"].values())
    assert f["frame_bytes"] == 64 and f["packets_timed"] > 100_000
    # sane, positive figures: between 10 ns and 100 us per packet on any machine that runs this
    assert 10 < f["ns_per_packet_best"] <= f["ns_per_packet_median"] <= f["ns_per_packet_worst"] < 100_000
    assert math.isclose(f["mpps_per_core_best"], 1000.0 / f["ns_per_packet_best"], rel_tol=1e-2)
    assert math.isclose(f["line_rate_share_best"], f["mpps_per_core_best"] / LINE_RATE_100G_MPPS, rel_tol=1e-2)
    assert f["bench_seconds"] <= 8.0  # ~2.5 s here; the brief's bound is 5 s, slack for a loaded machine
    if f.get("instructions_per_packet") is not None:
        parts = f["instructions_per_packet_by_part"]
        # deterministic counts: the core and hw layer do real work, and it is a few hundred
        # instructions, not thousands (docs/benchmarks.md measured ~390 on the loopback hw)
        assert 100 < parts["core"] < 1000 and 50 < parts["hw_layer"] < 500
        assert 200 < f["instructions_per_packet"] < 5000
        assert math.isclose(sum(parts.values()), f["instructions_per_packet"], rel_tol=0.02)
    # nothing of the machine leaks into the tree
    assert not (tree / "tests").exists() and (tmp_path / "work" / "tests" / "Makefile").is_file()


def test_run_benchmarks_needs_a_tree(tmp_path):
    import pytest

    from nicport.errors import NicportError
    from nicport.verify.bench import run_benchmarks

    with pytest.raises(NicportError):
        run_benchmarks(tmp_path, None, tmp_path / "w")
