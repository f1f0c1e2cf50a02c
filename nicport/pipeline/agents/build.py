"""Phase 4 agents: the Kernel Build Agent (one branch per target, ``Send``), the Code Reviewer
(static checks: no OS call in core/, checkpatch.pl on the Linux adapter) and the Portability
Validator's final score."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..context import PipelineContext
from ..nodes import exception_record, node, not_built, ok, one_line, sanitize, source_for, write_text
from ..stages import NOT_BUILT, StageNotBuilt
from .. import stages
from .common import jsonable
from .mapping import _score

LEVELS = ("L0", "L1", "L2", "L3")


def normalise(result) -> dict:
    """A verifier result -> {"ok", "levels": {L: pass|fail|skip}, "details": {L: one line}, "log", "checks"}."""
    j = jsonable(result)
    if not isinstance(j, dict):
        return {"ok": bool(j), "levels": {}, "details": {}, "log": str(j), "checks": {}}
    okv = next((j[k] for k in ("ok", "passed", "success") if k in j), None)
    if okv is None and "exit_code" in j:
        okv = j["exit_code"] == 0
    if okv is None and "verdict" in j:
        okv = str(j["verdict"]).upper() in ("PASS", "OK")
    if okv is None and j.get("status") in ("pass", "fail", "skip"):
        okv = j["status"] != "fail"
    levels: dict[str, str] = {}
    details: dict[str, str] = {}
    for k, v in (j.get("levels") or {}).items():
        if k in LEVELS:
            levels[k] = v.get("status", "fail") if isinstance(v, dict) else str(v)
            if isinstance(v, dict) and v.get("detail"):
                details[k] = str(v["detail"])
    if not levels and j.get("level") in LEVELS:  # a plain "reached level" answer
        for lv in LEVELS[: LEVELS.index(j["level"]) + 1]:
            levels[lv] = "pass" if okv else ("fail" if lv == j["level"] else "pass")
    log = j.get("log") or j.get("output") or j.get("stderr") or "\n".join(map(str, j.get("reasons") or [])) or ""
    checks = j.get("checks") or j.get("tests") or {}
    if isinstance(checks, list):
        checks = {str(c.get("name", i)): c for i, c in enumerate(checks) if isinstance(c, dict)}
    return {"ok": bool(okv), "levels": levels, "details": details, "log": log if isinstance(log, str) else "\n".join(map(str, log)), "checks": checks}


def reached(levels: dict[str, str]) -> str | None:
    """The highest level with every lower level passed (never overstated; a skip stops it)."""
    best = None
    for lv in LEVELS:
        if levels.get(lv) != "pass":
            break
        best = lv
    return best


def first_error(log: str) -> str:
    for line in log.splitlines():
        if re.search(r"\berror\b|Error |FAILED|undefined reference", line):
            return line.strip()
    lines = [l for l in log.splitlines() if l.strip()]
    return lines[-1].strip() if lines else "no output"


@node(4, "Kernel Build Agent")
def kernel_build(state: dict, ctx: PipelineContext) -> dict:
    target = state["target"]
    if state.get("skip"):
        return {}
    tr = state.get("target_results", {}).get(target, {})
    if not tr.get("generated"):
        return {"target_results": {target: {"build": "skipped", "build_detail": "no adapter generated"}}}
    work = ctx.work_dir / "build" / target
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        res = normalise(stages.build_target(ctx.stage_dir, target, ctx.config, work))
    except StageNotBuilt as exc:
        return {**not_built("verify.build", exc, 4), "target_results": {target: {"build": NOT_BUILT}}}
    log_rel = f"logs/build-{target}.log"
    write_text(ctx.stage_dir / log_rel, sanitize(res["log"], ctx))
    rec = {"build": "ok" if res["ok"] else "failed", "levels": res["levels"], "level": reached(res["levels"]), "build_log": log_rel,
           "level_details": {k: one_line(v, ctx, 160) for k, v in res["details"].items()}}
    if not res["ok"]:
        rec["build_error"] = one_line(first_error(res["log"]), ctx)
    return {"target_results": {target: rec}, "stages": {"verify.build": {"status": "ok", "detail": "builds ran", "phase": 4}}}


_OS_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]((linux|asm|sys|net|netinet|machine|dev|vm|zephyr|FreeRTOS|ddk)/[^>"]*|(ndis|wdm|ntddk|wdf|FreeRTOS|stdio|stdlib|unistd|pthread|malloc)\.h)[>"]', re.M)
_OS_CALL = re.compile(
    r"\b(k[mzv]?alloc|kfree|vmalloc|printk|pr_(?:err|info|warn|debug)|dma_(?:map|unmap|alloc|free|sync)_\w+|spin_(?:lock|unlock)\w*|mutex_(?:lock|unlock)"
    r"|malloc|calloc|realloc|free|printf|fprintf|bus_dmamap_\w+|bus_dma_tag_\w+|bus_space_(?:read|write)_\w+|mtx_(?:lock|unlock)|m_(?:getcl|freem|gethdr)"
    r"|Ndis\w+|NdisM\w+|KeAcquire\w+|ExAllocatePool\w*|ddi_\w+|k_(?:sem|mutex|sleep|malloc|free)\w*|net_pkt_\w+|vTask\w+|xQueue\w+|pvPortMalloc)\s*\("
)


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def core_os_calls(core: Path) -> list[tuple[str, int, str]]:
    """(file, line, what) for every OS header or OS API call in the portable core."""
    hits = []
    for p in sorted(core.rglob("*")):
        rel_parts = p.relative_to(core).parts
        if not p.is_file() or p.suffix not in (".c", ".h") or p.name.endswith("osdep.h") or any(part.startswith("osdep_") for part in rel_parts[:-1]):
            continue
        text = _strip_comments(p.read_text(errors="replace"))
        rel = str(p.relative_to(core.parent))
        for m in _OS_INCLUDE.finditer(text):
            hits.append((rel, text.count("\n", 0, m.start()) + 1, f"#include <{m.group(1)}>"))
        for m in _OS_CALL.finditer(text):
            hits.append((rel, text.count("\n", 0, m.start()) + 1, f"call to {m.group(1)}()"))
    return sorted(set(hits))


def checkpatch(state: dict, ctx: PipelineContext, linux_dir: Path) -> dict | None:
    src = source_for(state, ctx)
    script = (src.tree_root or src.root) / "scripts" / "checkpatch.pl"
    files = sorted(p for p in linux_dir.rglob("*") if p.suffix in (".c", ".h"))
    if not script.is_file() or not files or not shutil.which("perl"):
        return None
    out = subprocess.run(["perl", str(script), "--no-tree", "--terse", "--show-types", "--no-summary", "-f", *[str(f) for f in files]], capture_output=True, text=True, timeout=300)
    lines = [l.replace(str(linux_dir.parent.parent) + "/", "") for l in out.stdout.splitlines() if l.strip()]
    return {"errors": sum(": ERROR:" in l for l in lines), "warnings": sum(": WARNING:" in l for l in lines), "checks": sum(": CHECK:" in l for l in lines), "lines": lines}


@node(4, "Code Reviewer")
def code_reviewer(state: dict, ctx: PipelineContext) -> dict:
    """Static checks: the portable core names no OS API; the Linux adapter is checkpatch-clean."""
    core = ctx.stage_dir / "core"
    report = ["# Code review (static checks by nicport's Code Reviewer)", ""]
    exceptions: list[dict] = []
    facts: dict = {}
    if core.is_dir():
        hits = core_os_calls(core)
        facts["core_os_calls"] = len(hits)
        report.append(f"core/ OS calls: {len(hits)}")
        report += [f"  {f}:{n}: {what}" for f, n, what in hits]
        exceptions += [exception_record(f"review:core:{f}:{n}", feature="portable core", api=what, target="all", reason=f"the portable core names an OS API ({what})", workaround="route it through nic_osdep.h", source="phase4", severity="error", location=f"{f}:{n}") for f, n, what in hits]
    else:
        report.append("core/ OS calls: not checked (no core/ generated)")
    linux = ctx.stage_dir / "os" / "linux"
    cp = checkpatch(state, ctx, linux) if linux.is_dir() else None
    tr = {}
    if cp is not None:
        report.append(f"checkpatch.pl on os/linux: {cp['errors']} errors, {cp['warnings']} warnings, {cp['checks']} checks")
        report += ["  " + l for l in cp["lines"]]
        tr["linux"] = {"checkpatch": {k: cp[k] for k in ("errors", "warnings", "checks")}}
        if cp["errors"]:
            exceptions.append(exception_record("review:checkpatch", feature="Linux adapter style", api="-", target="linux", reason=f"checkpatch.pl reports {cp['errors']} errors", workaround="see logs/code_review.txt", source="phase4", severity="warning"))
    else:
        report.append("checkpatch.pl on os/linux: not run (no Linux adapter or no checkpatch.pl)")
    write_text(ctx.stage_dir / "logs" / "code_review.txt", sanitize("\n".join(report) + "\n", ctx))
    detail = f"core OS calls: {facts.get('core_os_calls', 'n/a')}; checkpatch: " + (f"{cp['errors']} errors" if cp else "not run")
    return {"facts": facts, "exceptions": exceptions, "target_results": tr, **ok("review", detail, 4)}


@node(4, "Portability Validator")
def portability_validator(state: dict, ctx: PipelineContext) -> dict:
    """Final score per target, after generation and builds."""
    return _score(state, ctx, "portability", 4)
