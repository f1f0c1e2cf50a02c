"""The reports a driver engineer reads: PORTING_REPORT.md, report.html (self-contained, with an
inline SVG chart), exceptions.sarif, docs/porting_exceptions.md and results.json; and the
seed's done list with a mark per line."""

from __future__ import annotations

import json
from pathlib import Path

from .html import report_html
from .markdown import done_list_text, exceptions_md_appendix, exceptions_md_fallback, porting_report
from .model import build_model
from .sarif import dumps as sarif_dumps, pipeline_run, sarif_document

__all__ = ["build_model", "done_list_text", "write_reports"]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    tmp.replace(path)


def _kb_objects(state: dict, ctx):
    """The KB's own entry objects (its writers take them), rebuilt from the stored call sites
    (deterministic); None when the KB is not built."""
    from ..pipeline import stages
    from ..pipeline.agents.mapping import calls_of

    if state.get("stages", {}).get("kb.exceptions", {}).get("status") != "ok":
        return None
    calls = calls_of(state, ctx)
    if calls is None:
        return None
    try:
        return stages.kb_exception_entries(calls, list(state["targets"]))
    except stages.StageNotBuilt:
        return None


def write_reports(state: dict, ctx) -> dict[str, str]:
    """Write every report into the staging tree; returns {name: path relative to it}."""
    from ..pipeline import stages

    out = ctx.stage_dir
    m = build_model(state, ctx.run_dir, out)
    written = {}
    entries = _kb_objects(state, ctx)
    md_path, sarif_path = out / "docs" / "porting_exceptions.md", out / "exceptions.sarif"
    md_path.parent.mkdir(parents=True, exist_ok=True)
    kb_md = kb_sarif = False
    if entries is not None:
        try:
            stages.kb_write_exceptions_md(entries, md_path, driver=str(m["driver"]))
            kb_md = True
        except stages.StageNotBuilt:
            pass
        try:
            stages.kb_write_sarif(entries, sarif_path, driver=str(m["driver"]))
            kb_sarif = True
        except stages.StageNotBuilt:
            pass
    if kb_md:
        appendix = exceptions_md_appendix(m)
        if appendix:
            _write(md_path, md_path.read_text().rstrip() + "\n" + appendix)
    else:
        _write(md_path, exceptions_md_fallback(m))
    runs = []
    if kb_sarif:
        doc = json.loads(sarif_path.read_text())
        runs = list(doc.get("runs", []))
    runs.append(pipeline_run(m["pipeline_exceptions"]))
    _write(sarif_path, sarif_dumps(sarif_document(runs)))
    written["porting_exceptions"] = "docs/porting_exceptions.md"
    written["sarif"] = "exceptions.sarif"
    _write(out / "PORTING_REPORT.md", porting_report(m))
    written["report_md"] = "PORTING_REPORT.md"
    _write(out / "report.html", report_html(m))
    written["report_html"] = "report.html"
    results = {
        "driver": m["driver"],
        "nicport": m["version"],
        "targets": [{k: r[k] for k in ("target", "generated", "build", "tests", "level", "score", "coverage", "checks")} for r in m["targets"]],
        "stages": m["stages"],
        "not_built": m["not_built"],
        "exceptions": {"kb": len(m["kb_exceptions"]), "pipeline": len(m["pipeline_exceptions"])},
        "done_list": m["done_list"],
    }
    _write(out / "results.json", json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    written["results"] = "results.json"
    return written
