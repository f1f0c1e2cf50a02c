"""``nicport port``: start a pipeline run (or continue one) and return its result.

The run's staging tree lives in the run registry (``nicport.pipeline.runs``) and survives a
crash; the last node moves it into place through :class:`nicport.output.OutputTree`, so the
output directory is never half-written and a resumed run ends with the same bytes as an
uninterrupted one."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import EXIT_CHECK_FAILED, EXIT_OK


@dataclass
class PortResult:
    run_id: str
    driver: str
    output: str
    status: str  # done | failed | paused
    exit_code: int
    state: dict = field(default_factory=dict)
    phase_times: dict = field(default_factory=dict)
    checkpoint: dict = field(default_factory=dict)
    done_list: list = field(default_factory=list)
    not_built: list = field(default_factory=list)
    run_dir: str = ""

    def to_json(self) -> dict:
        st = self.state
        targets = []
        for t in st.get("targets", []):
            r = st.get("target_results", {}).get(t, {})
            targets.append({"target": t, "level": r.get("level"), "generated": bool(r.get("generated")), "build": r.get("build", "did not run"),
                            "tests": r.get("tests", "did not run"), "portability_score": (st.get("facts", {}).get("score") or {}).get(t),
                            "coverage": (st.get("facts", {}).get("coverage") or {}).get(t)})
        stages = st.get("stages", {})
        return {
            "run": self.run_id,
            "driver": self.driver,
            "output": self.output,
            "status": self.status,
            "exit_code": self.exit_code,
            "phase_reached": st.get("phase", -1),
            "targets": targets,
            "stages": stages,
            "not_built": self.not_built,
            "exceptions": len(st.get("exceptions", [])) + int(st.get("facts", {}).get("kb_exceptions") or 0),
            "done_list": self.done_list,
            "phase_seconds": {str(k): v for k, v in self.phase_times.items()},
            "checkpoint": self.checkpoint,
        }


def _spec(src) -> str:
    """What phase 0 resolves again on resume (a name/tree path, or the directory/file)."""
    if src.origin in ("tarball", "tree"):
        return src.path
    if src.path == "." and Path(src.root).name == src.name:
        return str(src.root)
    return str(Path(src.root) / f"{src.name}.c")


def run_port(src, config: Config, dest: Path, force: bool = False, console=None, *, review: bool = False,
             llm: str | None = None, model: str | None = None, qemu: bool | None = None,
             max_repair_attempts: int | None = None) -> PortResult:
    from .pipeline.context import PipelineContext
    from .pipeline.runs import new_run

    rec = new_run(
        config, driver=src.name, spec=_spec(src), targets=list(config.targets), dest=Path(dest).absolute(), force=force,
        review=review, llm_url=llm, llm_model=model,
        qemu=bool(os.environ.get("NICPORT_QEMU")) if qemu is None else qemu,
        max_repair_attempts=PipelineContext().max_repair_attempts if max_repair_attempts is None else max_repair_attempts,
    )
    return execute(rec, config, console, resuming=False)


def execute(rec, config: Config, console=None, *, resuming: bool, review_answer: dict | None = None) -> PortResult:
    """Run (or continue) the graph of run ``rec`` to its end or to a review pause."""
    from langgraph.checkpoint.sqlite import SqliteSaver
    from langgraph.types import Command

    from .pipeline.context import PipelineContext
    from .pipeline.display import LiveDisplay
    from .pipeline.graph import compile_graph
    from .pipeline.runs import checkpoint_sizes, phase_times
    from .report import build_model, done_list_text

    ctx = PipelineContext(
        config=config, run_dir=rec.dir, dest=Path(rec.dest), force=rec.force, review=rec.review,
        llm_url=rec.llm_url, llm_model=rec.llm_model, qemu=rec.qemu, max_repair_attempts=rec.max_repair_attempts,
    )
    ctx.stage_dir.mkdir(parents=True, exist_ok=True)
    ctx.work_dir.mkdir(parents=True, exist_ok=True)
    rec.status, rec.pid = "running", os.getpid()
    rec.save()
    cfg = {"configurable": {"thread_id": rec.run_id}, "recursion_limit": ctx.recursion_limit}
    conn = sqlite3.connect(rec.dir / "checkpoints.sqlite", check_same_thread=False)
    try:
        saver = SqliteSaver(conn)
        saver.setup()
        app = compile_graph(saver)
        snap = app.get_state(cfg)
        if not snap.values:
            inp = {"run_id": rec.run_id, "driver": rec.spec, "targets": list(rec.targets), "phase": 0}
        elif snap.interrupts:
            inp = Command(resume=review_answer or {"approved": True, "note": "resumed with `nicport resume`"})
        else:
            inp = None
        if console is not None:
            what = "resuming" if resuming else "porting"
            console.print(f"[bold]{what} {rec.driver}[/] → {rec.dest}  (run [cyan]{rec.run_id}[/], targets {','.join(rec.targets)})", highlight=False)
        try:
            if inp is not None or snap.next:
                expected = 20 + 3 * len(rec.targets)  # fixed nodes + three per-target branches
                with LiveDisplay(console, f"nicport port {rec.driver}", expected) as show:
                    ctx.reporter = show
                    for _ in app.stream(inp, cfg, context=ctx, durability="sync", stream_mode="updates"):
                        pass
        except KeyboardInterrupt:
            rec.status = "interrupted"
            rec.save()
            raise
        snap = app.get_state(cfg)
    finally:
        conn.close()
    state = dict(snap.values)
    rec.phase = int(state.get("phase", 0))
    model = build_model(state, ctx.run_dir, ctx.stage_dir)
    paused = bool(snap.interrupts)
    failed = bool(model["failed"]) or any(e.get("severity") == "error" for e in state.get("exceptions", []))
    # The seed's gate: a portability score under 95% on a chosen target fails the job (exit 1),
    # like a failed build; the report says on which targets and why.
    gate = next((line for line in model["done_list"] if line["item"].startswith("portability score")), None)
    failed = failed or (gate is not None and not gate["ok"])
    if paused:
        status, code = "paused", EXIT_OK
    elif failed:
        status, code = "failed", EXIT_CHECK_FAILED
    else:
        status, code = "done", EXIT_OK
    rec.status, rec.exit_code, rec.pid = status, code, None
    sizes = checkpoint_sizes(rec.dir)
    sizes["state_bytes"] = len(json.dumps(state, sort_keys=True, default=str).encode())
    rec.save()
    result = PortResult(rec.run_id, rec.driver, rec.dest, status, code, state, phase_times(rec.dir), sizes, model["done_list"], model["not_built"], str(rec.dir))
    if console is not None:
        _summary(console, result, model, paused, done_list_text(model))
    return result


def _summary(console, result: PortResult, model: dict, paused: bool, done_text: str) -> None:
    from .pipeline.nodes import PHASES

    if paused:
        arts = result.state.get("artifacts", {})
        ir = arts.get("ir", {}).get("path")
        exc = arts.get("kb_exceptions", {}).get("path")
        console.print(f"[cyan]paused for review[/] after phase 2 (API mapping). Inspect:", highlight=False)
        if ir:
            console.print(f"  IR:         {Path(result.run_dir) / 'stage' / ir}", highlight=False)
        if exc:
            console.print(f"  exceptions: {Path(result.run_dir) / exc}", highlight=False)
        console.print(f"then [bold]nicport resume {result.run_id}[/] to continue (generation, builds, tests, report).", highlight=False)
        return
    if model["not_built"]:
        console.print("[yellow]INCOMPLETE:[/] stages not built yet in this version: " + ", ".join(model["not_built"]), highlight=False)
    if model["failed"]:
        console.print("[red]failed stages:[/] " + ", ".join(model["failed"]), highlight=False)
        stages = result.state.get("stages", {})
        for name in model["failed"]:
            detail = stages.get(name, {}).get("detail")
            if detail:
                console.print(f"  {name}: {detail}", highlight=False)
    for r in model["targets"]:
        console.print(f"  {r['target']:8} adapter {'generated' if r['generated'] else 'not generated'}, build {r['build']}, tests {r['tests']}, level {r['level'] or '—'}", highlight=False)
    console.print("Done list:\n" + "\n".join("  " + l for l in done_text.splitlines()), highlight=False)
    times = ", ".join(f"{ph} {PHASES.get(int(ph), '')} {s:.1f} s" for ph, s in result.phase_times.items())
    console.print(f"times: {times}", highlight=False)
    console.print(f"checkpoints: {result.checkpoint.get('db_bytes', 0):,} bytes on disk, state {result.checkpoint.get('state_bytes', 0):,} bytes", highlight=False)
    colour = "green" if result.status == "done" else "red"
    console.print(f"[{colour}]{result.status}[/]: output in {result.output} (run {result.run_id})", highlight=False)
