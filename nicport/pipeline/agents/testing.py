"""Phase 5 agents: the Test Runner (unit tests, device-model smoke/stress at L2, QEMU at L3 for
Linux when asked), one branch per target, and the Performance Engineer (benchmarks against
budgets)."""

from __future__ import annotations

import json
import shutil

from ..context import PipelineContext
from ..nodes import node, not_built, ok, one_line, sanitize, skipped, write_text
from ..stages import NOT_BUILT, StageNotBuilt
from .. import stages
from .build import first_error, normalise, reached
from .common import dumps, jsonable


@node(5, "Test Runner")
def target_tests(state: dict, ctx: PipelineContext) -> dict:
    target = state["target"]
    if state.get("skip"):
        return {}
    tr = state.get("target_results", {}).get(target, {})
    if tr.get("build") != "ok":
        return {"target_results": {target: {"tests": "skipped", "tests_detail": f"build {tr.get('build', 'did not run')}"}}}
    work = ctx.work_dir / "tests" / target
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        res = normalise(stages.test_target(ctx.stage_dir, target, ctx.config, work))
    except StageNotBuilt as exc:
        return {**not_built("verify.tests", exc, 5), "target_results": {target: {"tests": NOT_BUILT}}}
    levels = {**tr.get("levels", {}), **res["levels"]}
    details = {**tr.get("level_details", {}), **{k: one_line(v, ctx, 160) for k, v in res["details"].items()}}
    l2 = res["levels"].get("L2")
    status = "failed" if not res["ok"] else ("skipped" if l2 == "skip" else "ok")
    rec = {"tests": status, "checks": _check_summary(res["checks"]), "tests_log": f"logs/tests-{target}.json"}
    if status == "skipped":
        rec["tests_detail"] = details.get("L2", "")
    if not res["ok"]:
        rec["tests_error"] = one_line(first_error(res["log"]) if res["log"] else details.get("L2", "failed"), ctx)
    update: dict = {"stages": {"verify.tests": {"status": "ok", "detail": "tests ran", "phase": 5}}}
    if target == "linux" and res["ok"]:
        if ctx.qemu:
            try:
                from ..nodes import ir_json

                l3 = normalise(stages.run_l3(ctx.stage_dir, ctx.config, work / "l3", ir=ir_json(state, ctx),
                                             driver=state.get("facts", {}).get("module") or state["driver"], build_dir=ctx.work_dir / "build" / "linux"))
                levels["L3"] = l3["levels"].get("L3", "pass" if l3["ok"] else "fail")
                details.update({k: one_line(v, ctx, 160) for k, v in l3["details"].items()})
                rec["qemu"] = {"pass": "ok", "fail": "failed", "skip": "skipped"}.get(levels["L3"], levels["L3"])
                if levels["L3"] == "fail":
                    rec["qemu_error"] = one_line(first_error(l3["log"]) if l3["log"] else details.get("L3", "failed"), ctx)
                res["checks"]["qemu"] = {"ok": levels["L3"] == "pass"}
            except StageNotBuilt as exc:
                update["stages"]["verify.qemu"] = {"status": NOT_BUILT, "detail": exc.detail, "phase": 5}
        else:
            update["stages"]["verify.qemu"] = {"status": "skipped", "detail": "QEMU (L3) not requested; run `nicport check OUT --qemu`", "phase": 5}
    rec.update(levels=levels, level_details=details, level=reached(levels))
    write_text(ctx.stage_dir / rec["tests_log"], sanitize(dumps({"target": target, "ok": res["ok"], "levels": levels, "details": details, "checks": res["checks"]}), ctx))
    update["target_results"] = {target: rec}
    return update


def _check_summary(checks: dict) -> dict[str, bool]:
    out = {}
    for name, c in sorted(checks.items()):
        if isinstance(c, dict):
            out[name] = bool(c.get("ok", c.get("passed", False)))
        else:
            out[name] = bool(c)
    return out


_REPRODUCIBLE_FIGURES = ("frame_bytes", "burst", "instructions_per_packet", "instructions_per_packet_by_part",
                         "core_hw_instructions_per_packet")


def _reproducible(j):
    """The part of a benchmark result that is the same on every run (callgrind counts)."""
    if not isinstance(j, dict):
        return j
    out = {k: j[k] for k in ("driver", "budgets", "line_rate_100g_mpps", "command", "skipped") if k in j}
    figs = j.get("figures") or {}
    out["figures"] = {k: figs[k] for k in _REPRODUCIBLE_FIGURES if k in figs}
    out["checks"] = {k: v for k, v in (j.get("checks") or {}).items() if "instructions" in k}
    out["timings"] = "Mpps and ns/packet vary from run to run: see benchmarks.json in the run directory (nicport runs)"
    return out


@node(5, "Performance Engineer")
def performance_engineer(state: dict, ctx: PipelineContext) -> dict:
    """Benchmarks of the generated core/hw path against the budgets."""
    if not (ctx.stage_dir / "core").is_dir():
        return skipped("verify.bench", "no core/ generated", 5)
    work = ctx.work_dir / "bench"
    work.mkdir(parents=True, exist_ok=True)
    try:
        res = stages.benchmarks(ctx.stage_dir, ctx.config, work)
    except StageNotBuilt as exc:
        return not_built("verify.bench", exc, 5)
    j = jsonable(res)
    # Timings (Mpps, ns/packet, load) differ run to run: the whole result goes to the run
    # directory; the output tree keeps only what is reproducible (budgets, callgrind
    # instruction counts, the commands), so same input -> same output tree, byte for byte.
    write_text(ctx.work_dir / "bench" / "benchmarks.json", sanitize(json.dumps(j, indent=1, sort_keys=True) + "\n", ctx))
    write_text(ctx.stage_dir / "logs" / "benchmarks.json", sanitize(json.dumps(_reproducible(j), indent=1, sort_keys=True) + "\n", ctx))
    within = j.get("within_budget", j.get("ok")) if isinstance(j, dict) else None
    return {"facts": {"bench_within_budget": within}, **ok("verify.bench", f"benchmarks: within budget = {within}", 5)}
