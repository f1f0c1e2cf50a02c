"""The Supervisor: after the per-target builds (and tests) it decides, per target, whether a
failure goes back to the Coding Agent for repair (bounded by ``max_repair_attempts``) or
becomes a recorded exception.  Nothing passes silently: a target that still fails after the
last attempt is an exception with the first error line."""

from __future__ import annotations

import shutil

from langgraph.types import Command, Send

from ..context import PipelineContext
from ..nodes import exception_record, failure, fresh_dir, load_ir, node, tree_digest
from ..stages import StageNotBuilt
from .. import stages
from .mapping import kb_entries

#: the artifacts and facts a per-target node reads (the rest stays out of the Send packet)
PAYLOAD_ARTIFACTS = ("ir", "calls", "coverage", "kb_exceptions")
PAYLOAD_FACTS = ("driver", "module", "path")


def payload(state: dict, target: str, **extra) -> dict:
    """The Send packet of one target's branch: references only, and only this target's share
    (checkpoints store every packet; six targets x the whole state would bloat them)."""
    p = {k: state[k] for k in ("run_id", "driver", "targets") if k in state}
    p["artifacts"] = {k: v for k, v in state.get("artifacts", {}).items() if k in PAYLOAD_ARTIFACTS}
    p["facts"] = {k: v for k, v in state.get("facts", {}).items() if k in PAYLOAD_FACTS}
    p["target_results"] = {target: state.get("target_results", {}).get(target, {})}
    p["attempts"] = {k: v for k, v in state.get("attempts", {}).items() if k.endswith(":" + target)}
    p["stages"] = {k: v for k, v in state.get("stages", {}).items() if k in ("analyze", "generate.hw")}
    p["target"] = target
    p.update(extra)
    return p


def fan_out(node_name: str):
    """A conditional-edge function: one ``Send`` per target."""

    def route(state: dict):
        return [Send(node_name, payload(state, t)) for t in state["targets"]]

    route.__name__ = f"fan_out_{node_name}"
    return route


def _supervise(state: dict, ctx: PipelineContext, which: str) -> dict:
    key_status = "build" if which == "build" else "tests"
    repair: list[str] = []
    exceptions: list[dict] = []
    final: dict[str, dict] = {}
    for t in state["targets"]:
        r = state.get("target_results", {}).get(t, {})
        if r.get(key_status) != "failed" or r.get(f"{which}_final"):
            continue
        n = state.get("attempts", {}).get(f"{which}:{t}", 0)
        if n < ctx.max_repair_attempts:
            repair.append(t)
        else:
            err = r.get(f"{key_status}_error", "see the log")
            tried = r.get(f"{which}_repairs", 0)
            note = r.get(f"{which}_repair_note") or ""
            exceptions.append(exception_record(
                f"supervisor:{which}:{t}", feature=f"{which} on {t}", api="-", target=t,
                reason=f"{which} failed after {tried} repair attempt(s){' (' + note + ')' if note else ''}: {err}",
                workaround=f"see {r.get(f'{key_status}_log', 'the logs')}; fix the generator or the adapter",
                source=f"phase{4 if which == 'build' else 5}", severity="error",
            ))
            final[t] = {f"{which}_final": True}
    return {"routing": {which: repair}, "exceptions": exceptions, "target_results": final}


@node(4, "Supervisor")
def supervisor_build(state: dict, ctx: PipelineContext) -> dict:
    return _supervise(state, ctx, "build")


@node(5, "Supervisor")
def supervisor_tests(state: dict, ctx: PipelineContext) -> dict:
    return _supervise(state, ctx, "tests")


def route_build(state: dict):
    todo = state.get("routing", {}).get("build", [])
    return [Send("repair", payload(state, t, stage="build")) for t in todo] if todo else "code_reviewer"


def route_tests(state: dict):
    todo = state.get("routing", {}).get("tests", [])
    return [Send("repair", payload(state, t, stage="tests")) for t in todo] if todo else "core_checks"


@node(4, "Coding Agent (repair)")
def repair(state: dict, ctx: PipelineContext) -> Command:
    """Regenerate the target's adapter (attempt n) and, with --llm, ask for a gated fix.  When
    nothing changed there is nothing to retry: the attempts are used up at once."""
    target, which = state["target"], state["stage"]
    key = f"{which}:{target}"
    n = state.get("attempts", {}).get(key, 0) + 1
    out = ctx.stage_dir / "os" / target
    before = tree_digest(out)
    backup = ctx.work_dir / "repair-backup" / target
    verdict = None
    failed: dict = {}
    try:
        # The adapter tree holds relative links (os/<t>/hw -> ../../hw) that may dangle while
        # the hw layer is missing: copy links as links.  Everything in here is inside the try,
        # so a failing repair still routes the branch back to the build (or the run would end
        # with no report and no output).
        if backup.exists():
            shutil.rmtree(backup)
        if out.is_dir():
            shutil.copytree(out, backup, symlinks=True)
        fresh_dir(out)
        stages.write_adapter(load_ir(state, ctx), target, ctx.stage_dir, exceptions=kb_entries(state, ctx), attempt=n)
        if ctx.llm_enabled:
            from ..llm import repair_target

            verdict = repair_target(ctx, target, which, state.get("target_results", {}).get(target, {}), attempt=n)
    except StageNotBuilt:
        pass
    except Exception as exc:  # noqa: BLE001 - recorded; the route back must still be taken
        failed = failure(f"repair.{target}", 4, "Coding Agent (repair)", target, exc, ctx)
        if out.exists():
            shutil.rmtree(out)
        if backup.is_dir():  # keep the adapter that was built, not a half-written one
            shutil.copytree(backup, out, symlinks=True)
    changed = tree_digest(out) != before and not failed
    update = {"attempts": {key: n if changed else max(n, ctx.max_repair_attempts)}, "trail": [f"repair[{target}]"], **failed,
              "target_results": {target: {f"{which}_repairs": n, f"{which}_repair_note": "" if changed else "the repair changed nothing; no further attempt"}}}
    if verdict is not None:
        update["facts"] = {"llm_repairs": {f"{key}:{n}": {"verdict": verdict["verdict"], "reason": verdict["reason"]}}}
    nxt = "kernel_build" if which == "build" else "target_tests"
    p = payload({**state, **{"attempts": {**state.get("attempts", {}), **update["attempts"]}}}, target, skip=not changed)
    return Command(update=update, goto=Send(nxt, p))
