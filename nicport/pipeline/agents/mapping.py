"""Phase 2 agents: the API Mapper (the driver's dataplane call sites and the KB's coverage of
them), the Exceptions Tracker (what cannot be mapped, per target) and the Portability
Validator's first pass (score per target).  The knowledge base decides; these nodes call it
and keep references.  The call sites are stored once (``work/phase2/calls.json``) so every
later node and the report use exactly the same list."""

from __future__ import annotations

import json

from ..context import PipelineContext
from ..nodes import load_ir, node, not_built, ok, ref, source_for, write_text
from ..stages import StageNotBuilt
from .. import stages
from .common import dumps, jsonable, per_target


def calls_of(state: dict, ctx: PipelineContext) -> list[tuple] | None:
    a = state.get("artifacts", {}).get("calls")
    if not a:
        return None
    return [tuple(c) for c in json.loads((ctx.run_dir / a["path"]).read_text())["calls"]]


@node(2, "API Mapper")
def api_mapper(state: dict, ctx: PipelineContext) -> dict:
    src = source_for(state, ctx)
    targets = list(state["targets"])
    try:
        calls, basis = stages.kb_calls(load_ir(state, ctx), src)
        cov = stages.kb_coverage(calls, targets)
    except StageNotBuilt as exc:
        return not_built("kb.coverage", exc, 2)
    calls = sorted(tuple(c) for c in calls)
    cpath = ctx.work_dir / "phase2" / "calls.json"
    write_text(cpath, json.dumps({"basis": basis, "calls": calls}, indent=0, sort_keys=True) + "\n")
    path = ctx.work_dir / "phase2" / "coverage.json"
    write_text(path, dumps(cov))
    fractions = per_target(jsonable(cov), "coverage", targets)
    return {
        "artifacts": {"calls": ref(ctx, cpath), "coverage": ref(ctx, path)},
        "facts": {"coverage": fractions, "coverage_basis": basis, "call_sites": len(calls), "distinct_apis": len({c[0] for c in calls})},
        **ok("kb.coverage", f"{len(calls)} call sites from the {basis}: " + ", ".join(f"{t} {v:.0%}" for t, v in fractions.items()), 2),
    }


@node(2, "Exceptions Tracker")
def exceptions_tracker(state: dict, ctx: PipelineContext) -> dict:
    """The KB's exception entries for this driver (feature, Linux API, target, reason, workaround)."""
    calls = calls_of(state, ctx)
    if calls is None:
        return {"stages": {"kb.exceptions": {"status": "skipped", "detail": "needs the call sites (kb.coverage " + state.get("stages", {}).get("kb.coverage", {}).get("status", "did not run") + ")", "phase": 2}}}
    try:
        entries = stages.kb_exception_entries(calls, list(state["targets"]))
    except StageNotBuilt as exc:
        return not_built("kb.exceptions", exc, 2)
    path = ctx.work_dir / "phase2" / "kb_exceptions.json"
    write_text(path, dumps(entries))
    kinds: dict[str, int] = {}
    for e in jsonable(entries):
        kinds[e.get("kind", "?")] = kinds.get(e.get("kind", "?"), 0) + 1
    return {"artifacts": {"kb_exceptions": ref(ctx, path)}, "facts": {"kb_exceptions": len(entries), "kb_exception_kinds": kinds},
            **ok("kb.exceptions", f"{len(entries)} exception entries (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")", 2)}


def kb_entries(state: dict, ctx: PipelineContext) -> list:
    """The KB exception entries as JSON (empty when the KB stage was not built)."""
    a = state.get("artifacts", {}).get("kb_exceptions")
    if not a:
        return []
    data = json.loads((ctx.run_dir / a["path"]).read_text())
    rows = data if isinstance(data, list) else data.get("entries", []) if isinstance(data, dict) else []
    for r in rows:  # the adapters' stub writer reads one Linux API per entry
        if isinstance(r, dict) and r.get("linux_apis") and not r.get("linux_api"):
            r["linux_api"] = r["linux_apis"][0]
    return rows


def _score(state: dict, ctx: PipelineContext, stage: str, phase: int) -> dict:
    calls = calls_of(state, ctx)
    if calls is None:
        return {"stages": {stage: {"status": "skipped", "detail": "needs the call sites (kb.coverage " + state.get("stages", {}).get("kb.coverage", {}).get("status", "did not run") + ")", "phase": phase}}}
    try:
        result = stages.kb_score(calls, list(state["targets"]))
    except StageNotBuilt as exc:
        return not_built(stage, exc, phase)
    data = jsonable(result)
    raw = per_target(data, "score", list(state["targets"]))
    scores = {t: round(v / 100.0, 6) for t, v in raw.items()}  # the KB scores 0..100
    path = ctx.work_dir / f"phase{phase}" / "score.json"
    write_text(path, dumps(data))
    return {"artifacts": {f"score_phase{phase}": ref(ctx, path)}, "facts": {"score": scores},
            **ok(stage, ", ".join(f"{t} {v:.1%}" for t, v in scores.items()) or "no per-target score in the KB's result", phase)}


@node(2, "Portability Validator")
def portability_first_pass(state: dict, ctx: PipelineContext) -> dict:
    """First pass: the score the KB predicts before any code is generated."""
    return _score(state, ctx, "kb.score", 2)
