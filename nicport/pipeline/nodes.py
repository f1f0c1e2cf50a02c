"""Node plumbing shared by every agent, and the phase nodes that are not agents
(ingest, the review gate, report, publish).

A node is a plain function ``fn(state, ctx) -> update``; :func:`node` wraps it into a LangGraph
node ``(state, runtime)`` that

* reads the run-time context (``runtime.context``),
* times the node into the run registry (``events.jsonl``; times never reach the output tree),
* reports progress to the live display,
* turns an unexpected exception into a *recorded* failure (a stage status + an exception
  entry) instead of a crash or a silent pass,
* honours ``NICPORT_KILL_AT=node[:before|after]`` (used by the crash tests: SIGKILL itself).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any, Callable

from langgraph.errors import GraphBubbleUp
from langgraph.types import Command, interrupt

from .context import PipelineContext
from .stages import NOT_BUILT, StageNotBuilt
from . import stages

_events_lock = threading.Lock()
_TEMP_NAME = re.compile(r"^\..+\.tmp$")  # write_text()'s temp files (left by a kill -9)
_source_cache: dict[tuple, Any] = {}
_source_lock = threading.Lock()

#: phase number -> name shown in the display and the report
PHASES = {
    0: "ingest",
    1: "hardware analysis",
    2: "API mapping",
    3: "code generation",
    4: "build",
    5: "test + performance",
    6: "report",
}


# --- the wrapper ---------------------------------------------------------------------------

def node(phase: int, agent: str, name: str | None = None) -> Callable:
    """Decorator: ``@node(1, "Hardware Analyzer")`` over ``fn(state, ctx) -> dict | Command``."""

    def deco(fn: Callable[[dict, PipelineContext], Any]):
        node_name = name or fn.__name__

        def wrapper(state: dict, runtime) -> Any:
            ctx: PipelineContext = runtime.context
            target = state.get("target") if isinstance(state, dict) else None
            label = f"{node_name}[{target}]" if target else node_name
            _maybe_kill(label, node_name, "before")
            ctx.emit(kind="start", node=node_name, phase=phase, agent=agent, target=target)
            t0 = time.time()
            status = "ok"
            try:
                update = fn(state, ctx)
            except GraphBubbleUp:  # interrupt() and friends: not a failure
                _record_event(ctx, node_name, phase, agent, target, t0, "paused")
                raise
            except Exception as exc:  # noqa: BLE001 - recorded, never hidden
                status = "failed"
                update = failure(node_name, phase, agent, target, exc, ctx)
            if status == "ok":
                status = _node_status(update)
            elapsed = _record_event(ctx, node_name, phase, agent, target, t0, status)
            ctx.emit(kind="end", node=node_name, phase=phase, agent=agent, target=target, elapsed=elapsed, status=status)
            _maybe_kill(label, node_name, "after")
            if isinstance(update, Command):
                return update
            update = dict(update or {})
            update.setdefault("trail", [label])
            if phase <= 6:
                update["phase"] = max(update.get("phase", 0), phase)
            return update

        wrapper.__name__ = node_name
        wrapper.__qualname__ = node_name
        wrapper.__doc__ = fn.__doc__
        wrapper.phase = phase  # type: ignore[attr-defined]
        wrapper.agent = agent  # type: ignore[attr-defined]
        return wrapper

    return deco


_STATUS_RANK = {"ok": 0, "skipped": 1, NOT_BUILT: 2, "failed": 3}


def _node_status(update: Any) -> str:
    """What the display shows for a node: the worst status among the stages it recorded."""
    if not isinstance(update, dict) or not update.get("stages"):
        return "ok"
    found = [v.get("status", "ok") for v in update["stages"].values()]
    return max(found, key=lambda st: _STATUS_RANK.get(st, 0))


def _maybe_kill(label: str, node_name: str, when: str) -> None:
    spec = os.environ.get("NICPORT_KILL_AT")
    if not spec:
        return
    where, _, moment = spec.partition(":")
    if where in (label, node_name) and (moment or "after") == when:
        os.kill(os.getpid(), signal.SIGKILL)


def _record_event(ctx: PipelineContext, node_name: str, phase: int, agent: str, target, t0: float, status: str) -> float:
    t1 = time.time()
    line = json.dumps({"node": node_name, "phase": phase, "agent": agent, "target": target, "start": round(t0, 3), "end": round(t1, 3), "elapsed": round(t1 - t0, 3), "status": status}, sort_keys=True)
    try:
        with _events_lock, open(ctx.run_dir / "events.jsonl", "a") as fh:
            fh.write(line + "\n")
    except OSError:
        pass
    return t1 - t0


def failure(stage: str, phase: int, agent: str, target: str | None, exc: BaseException, ctx: PipelineContext | None = None) -> dict:
    """The update that records an unexpected failure of a node: stage failed + an exception."""
    msg = one_line(f"{type(exc).__name__}: {exc}", ctx)
    exc_id = f"pipeline:{stage}:{target or '*'}"
    return {
        "stages": {stage: {"status": "failed", "detail": msg, "phase": phase}},
        "exceptions": [exception_record(exc_id, feature=f"{agent} ({stage})", api="-", target=target or "all", reason=f"stage failed: {msg}", workaround="see the run's work/ directory and rerun after fixing the cause", source="pipeline", severity="error")],
    }


def not_built(stage: str, exc: StageNotBuilt, phase: int) -> dict:
    return {"stages": {stage: {"status": NOT_BUILT, "detail": exc.detail, "phase": phase}}}


def skipped(stage: str, why: str, phase: int) -> dict:
    return {"stages": {stage: {"status": "skipped", "detail": why, "phase": phase}}}


def ok(stage: str, detail: str, phase: int) -> dict:
    return {"stages": {stage: {"status": "ok", "detail": detail, "phase": phase}}}


def exception_record(exc_id: str, *, feature: str, api: str, target: str, reason: str, workaround: str, source: str, severity: str = "warning", location: str | None = None) -> dict:
    rec = {"id": exc_id, "feature": feature, "api": api, "target": target, "reason": reason, "workaround": workaround, "source": source, "severity": severity}
    if location:
        rec["location"] = location
    return rec


# --- files, hashes, sanitising -------------------------------------------------------------

def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path) -> str:
    """Content hash of a directory (relative paths + bytes), for state references."""
    h = hashlib.sha256()
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if p.is_symlink():
                h.update(str(p.relative_to(root)).encode() + b"\0->" + os.readlink(p).encode() + b"\0")
            elif p.is_file():
                h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def write_text(path: Path, text: str) -> dict:
    """Write ``text`` atomically (temp + rename) and return its reference."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
    data = text.encode()
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def ref(ctx: PipelineContext, path: Path) -> dict:
    """A state reference to a file in the staging tree or the run directory."""
    base = ctx.stage_dir if _under(path, ctx.stage_dir) else ctx.run_dir
    where = "stage" if base == ctx.stage_dir else "run"
    if path.is_dir():
        return {"path": str(path.relative_to(base)), "in": where, "sha256": tree_digest(path), "kind": "dir"}
    return {"path": str(path.relative_to(base)), "in": where, "sha256": sha256_file(path), "bytes": path.stat().st_size}


def _under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def fresh_dir(path: Path) -> Path:
    """An empty directory (a re-run node rewrites its output from scratch: idempotent)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def sanitize(text: str, ctx: PipelineContext | None) -> str:
    """Replace machine-specific absolute paths by stable placeholders (output determinism)."""
    if ctx is None:
        return text
    subs = [(str(ctx.stage_dir), "<out>"), (str(ctx.work_dir), "<work>"), (str(ctx.run_dir), "<run>")]
    try:
        subs.append((str(ctx.config.cache_dir), "<cache>"))
    except Exception:
        pass
    subs.append((str(Path(__file__).resolve().parent.parent), "<nicport>"))
    subs.append((str(Path.home()), "<home>"))
    for old, new in sorted(subs, key=lambda s: -len(s[0])):
        if old and old != "/":
            text = text.replace(old, new)
    return re.sub(r"/tmp/[\w.\-]+", "<tmp>", text)


def one_line(text: str, ctx: PipelineContext | None = None, limit: int = 300) -> str:
    line = " ".join(sanitize(str(text), ctx).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def source_for(state: dict, ctx: PipelineContext):
    """The DriverSource of this run (phase 0 resolves it; later nodes re-resolve, cached)."""
    key = (state["driver"], ctx.config.tarball, ctx.config.linux_src, ctx.config.headers_dir, ctx.config.cache_dir)
    with _source_lock:
        if key not in _source_cache:
            _source_cache[key] = stages.ingest(state["driver"], ctx.config)
        return _source_cache[key]


def ir_path(state: dict, ctx: PipelineContext) -> Path | None:
    a = state.get("artifacts", {}).get("ir")
    if not a:
        return None
    p = ctx.stage_dir / a["path"]
    return p if p.is_file() else None


_ir_cache: dict[tuple, Any] = {}


def load_ir(state: dict, ctx: PipelineContext):
    """The DriverIR object (re-read from the staging tree's ir/ JSON; cached by content hash)."""
    p = ir_path(state, ctx)
    if p is None:
        return None
    key = (str(p), state["artifacts"]["ir"]["sha256"])
    if key not in _ir_cache:
        try:
            from ..ir import DriverIR  # type: ignore[attr-defined]

            loader = getattr(DriverIR, "from_json_text", None) or getattr(DriverIR, "model_validate_json")
            _ir_cache[key] = loader(p.read_text())
        except Exception:
            _ir_cache[key] = None
    return _ir_cache[key]


def ir_json(state: dict, ctx: PipelineContext) -> dict | None:
    p = ir_path(state, ctx)
    return json.loads(p.read_text()) if p else None


# --- phase 0 -------------------------------------------------------------------------------

@node(0, "Ingest")
def ingest(state: dict, ctx: PipelineContext) -> dict:
    """Phase 0: locate the driver's files, include flags and kernel version."""
    src = source_for(state, ctx)
    h = hashlib.sha256()
    files = []
    for rel in src.files:
        data = (src.root / rel).read_bytes()
        h.update(rel.encode() + b"\0" + data + b"\0")
        files.append({"file": str(Path(rel).relative_to(src.path)) if src.path != "." and rel.startswith(src.path + "/") else rel, "sha256": hashlib.sha256(data).hexdigest(), "lines": data.count(b"\n")})
    summary = {
        "driver": src.name,
        "module": src.module,
        "path": src.path,
        "origin": src.origin,
        "kernel_version": src.kernel_version,
        "package_version": src.package_version,
        "kbuild_flags": bool(src.flags.available),
        "loc": src.loc,
        "files": files,
        "source_sha256": h.hexdigest(),
    }
    r = write_text(ctx.work_dir / "phase0" / "source.json", json.dumps(summary, indent=1, sort_keys=True) + "\n")
    facts = {k: summary[k] for k in ("driver", "module", "path", "origin", "kernel_version", "package_version", "kbuild_flags", "loc", "source_sha256")}
    facts["stage_availability"] = {k: one_line(v, ctx) for k, v in stages.availability().items()}
    facts["c_files"] = len(src.c_files)
    facts["h_files"] = len(src.h_files)
    return {
        "facts": facts,
        "artifacts": {"source": {"path": "work/phase0/source.json", "in": "run", **r}},
        **ok("ingest", f"{src.name}: {len(src.c_files)} C + {len(src.h_files)} headers, {src.loc} lines, Linux {src.kernel_version or '?'}", 0),
    }


# --- review gate (after phase 2) -----------------------------------------------------------

@node(2, "Human review")
def review_gate(state: dict, ctx: PipelineContext) -> dict:
    """``--review``: pause with ``interrupt()`` so a human can inspect the IR and exceptions."""
    if not ctx.review:
        return {"review": {"requested": False, "approved": True}}
    payload = {
        "question": "Review the IR and the exceptions, then `nicport resume RUN` to continue.",
        "ir": state.get("artifacts", {}).get("ir", {}).get("path"),
        "exceptions": state.get("artifacts", {}).get("kb_exceptions", {}).get("path"),
        "stage_dir": "stage",
        "facts": {k: v for k, v in state.get("facts", {}).items() if k in ("driver", "coverage", "score")},
    }
    answer = interrupt(payload)
    if isinstance(answer, dict):
        approved = bool(answer.get("approved", True))
        note = str(answer.get("note", ""))[:500]
    else:
        approved, note = bool(answer), ""
    return {"review": {"requested": True, "approved": approved, "note": note}}


def after_review(state: dict) -> str:
    return "coding_agent" if state.get("review", {}).get("approved", True) else "report_writer"


# --- report + publish ----------------------------------------------------------------------

@node(6, "Report Writer")
def report_writer(state: dict, ctx: PipelineContext) -> dict:
    """PORTING_REPORT.md, report.html, exceptions.sarif, docs/porting_exceptions.md, results.json."""
    from ..report import write_reports

    written = write_reports(state, ctx)
    return {"artifacts": {k: ref(ctx, ctx.stage_dir / v) for k, v in written.items()}, **ok("report", ", ".join(sorted(written.values())), 6)}


@node(6, "Publisher")
def publish(state: dict, ctx: PipelineContext) -> dict:
    """Move the finished staging tree into place atomically (OutputTree: temp dir, then rename).
    Idempotent: re-running it after a crash writes the same tree again."""
    from ..output import OutputTree

    driver = state.get("facts", {}).get("driver") or state["driver"]
    with OutputTree(ctx.dest, driver, ctx.force) as tmp:
        for p in sorted(ctx.stage_dir.rglob("*")):
            rel = p.relative_to(ctx.stage_dir)
            if p.is_symlink():  # relative links inside the tree (os/linux/core -> ../../core) stay links
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(os.readlink(p), tmp / rel)
            elif p.is_dir():
                (tmp / rel).mkdir(parents=True, exist_ok=True)
            elif p.is_file() and not _TEMP_NAME.match(p.name):  # every file but our own temp files
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(p, tmp / rel)
                os.chmod(tmp / rel, 0o755 if os.access(p, os.X_OK) else 0o644)
    return {"facts": {"published": True, "output_sha256": tree_digest(ctx.dest)}, **ok("publish", "output tree moved into place", 6)}
