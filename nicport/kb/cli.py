"""What ``nicport kb table``, ``nicport kb coverage`` and ``nicport map`` print.

The command line (nicport/cli.py) parses options and calls these; they print (stdout) and
raise :class:`nicport.errors.BadInput` on bad input, never a traceback.
"""

from __future__ import annotations

import json

from ..config import ALL_TARGETS
from ..errors import BadInput
from . import load
from .coverage import CoverageReport, calls_from_ir, compute
from .model import CATEGORIES, TARGET_TITLES, Entry
from .score import compute_score

FORMATS = ("md", "json")


def _check_target(target: str | None) -> tuple[str, ...]:
    if target is None:
        return ALL_TARGETS
    if target not in ALL_TARGETS:
        raise BadInput(f"unknown target '{target}'", hint="choose from " + ", ".join(ALL_TARGETS))
    return (target,)


def _cell(entry: Entry, target: str, with_kind: bool = True) -> str:
    m = entry.mapping(target)
    native = ", ".join(f"`{n}`" for n in m.native[:3]) or "—"
    if len(m.native) > 3:
        native += ", …"
    return f"{native} ({m.kind})" if with_kind else native


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_tables_md(target: str | None = None) -> str:
    kb = load()
    targets = [t for t in _check_target(target) if t != "linux"] if target != "linux" else ["linux"]
    lines = [
        "# Linux kernel API → native API mapping",
        "",
        f"Generated from the nicport knowledge base (version `{kb.version}`, {kb.api_count} entries,"
        f" {kb.name_count} names with aliases). Kinds: direct, adapter (glue in the osdep/adapter),"
        " emulated (nicport provides it), unsupported.",
        "",
    ]
    for cat, entries in kb.by_category().items():
        lines += [f"## {CATEGORIES.get(cat, cat)}", ""]
        if target and target != "linux":
            lines += [f"| Linux | {TARGET_TITLES[target]} | kind | notes | reference |", "|---|---|---|---|---|"]
            for e in entries:
                m = e.mapping(target)
                lines.append(
                    f"| `{e.name}` | {_cell(e, target, False)} | {m.kind} | {_md_escape(m.notes)} | {_md_escape(m.ref)} |"
                )
        else:
            lines += ["| Linux | " + " | ".join(TARGET_TITLES[t] for t in targets) + " |", "|---" * (len(targets) + 1) + "|"]
            for e in entries:
                lines.append(f"| `{e.name}` | " + " | ".join(_cell(e, t) for t in targets) + " |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def tables_json(target: str | None = None) -> dict:
    kb = load()
    targets = _check_target(target)
    return {
        "kb_version": kb.version,
        "entries": kb.api_count,
        "patterns": len(kb.entries) - kb.api_count,
        "names": kb.name_count,
        "targets": list(targets),
        "tables": [
            {"category": cat, "title": CATEGORIES.get(cat, cat), "rows": [e.to_json(targets) for e in entries]}
            for cat, entries in kb.by_category().items()
        ],
    }


def table(target: str | None, fmt: str) -> None:
    """``nicport kb table [--target OS] [--format md|json]``."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format '{fmt}'", hint="use --format md or --format json")
    _check_target(target)
    if fmt == "json":
        print(json.dumps(tables_json(target), indent=1))
    else:
        print(render_tables_md(target), end="")


def lookup(name: str, target: str | None, as_json: bool, console) -> None:
    """``nicport map NAME [--target OS] [--json]``."""
    targets = _check_target(target)
    kb = load()
    match = kb.find(name)
    if match is None:
        close = kb.suggest(name)
        hint = ("did you mean " + ", ".join(close) + "?") if close else "run `nicport kb table` to list the known APIs"
        raise BadInput(f"unknown Linux API '{name}'", hint=hint)
    e = match.entry
    if as_json:
        doc = {"query": name, "matched_by": match.via, "kb_version": kb.version, **e.to_json(targets)}
        print(json.dumps(doc, indent=1))
        return
    from rich.table import Table

    via = "" if match.via == "name" else f" (matched {name} by {match.via})"
    console.print(f"[bold]{e.name}[/]{via} — {e.summary}", highlight=False)
    console.print(f"category: {CATEGORIES.get(e.category, e.category)}; source: nicport/kb/data/{e.source}", highlight=False)
    if e.aliases:
        console.print("aliases: " + ", ".join(e.aliases), highlight=False)
    t = Table(header_style="bold cyan", show_lines=True)
    for col in ("target", "kind", "native", "notes", "reference"):
        t.add_column(col)
    for tg in targets:
        m = e.mapping(tg)
        notes = m.notes + (f" FreeRTOS+TCP: {m.freertos}" if m.freertos else "")
        t.add_row(tg, m.kind, ", ".join(m.native) or "—", notes, m.ref)
    console.print(t)


def coverage_report(src, config) -> tuple[CoverageReport, str]:
    """The driver's dataplane call sites from the analyzer's IR (or, while the analyzer is not
    available, from the KB's own tree-sitter scan), and their coverage."""
    try:
        from ..analyze import analyze_driver
    except ImportError:
        from .vocabulary import dataplane_calls

        calls, source = dataplane_calls(src), "kb-scan"
    else:
        calls, source = calls_from_ir(analyze_driver(src, config)), "analyzer"
    return compute(calls, config.targets), source


def coverage(src, config, as_json: bool, console) -> CoverageReport:
    """``nicport kb coverage DRIVER [--json]``."""
    report, source = coverage_report(src, config)
    scores = compute_score(report.calls, config.targets)
    if as_json:
        doc = report.to_json()
        for t in doc["targets"]:
            t.update({k: v for k, v in scores.target(t["target"]).to_json().items() if k not in ("target", "call_sites")})
        print(json.dumps({"driver": src.name, "slice_source": source, **doc}, indent=1))
        return report
    from rich.table import Table

    t = Table(
        title=f"{src.name}: {len(report.calls)} dataplane call sites, {report.distinct_apis} distinct APIs (KB {report.kb_version}, slice from {source})",
        header_style="bold cyan",
    )
    for col in ("target", "direct", "adapter", "emulated", "unsupported", "unknown", "coverage", "score"):
        t.add_column(col, justify="left" if col == "target" else "right")
    for tc in report.targets:
        sc = scores.target(tc.target)
        cov = f"{tc.coverage:.1%}"
        t.add_row(
            tc.target, *(str(tc.by_kind[k]) for k in ("direct", "adapter", "emulated", "unsupported")), str(tc.unknown),
            f"[green]{cov}[/]" if tc.coverage >= 0.95 else f"[red]{cov}[/]",
            f"[green]{sc.score:.1f}[/]" if sc.gate_passed else f"[yellow]{sc.score:.1f}[/]",
        )
    console.print(t)
    unknown = report.unknown_apis
    if unknown:
        console.print(f"unknown APIs ({len(unknown)}): " + ", ".join(f"{a} ({n})" for a, n in list(unknown.items())[:40]), highlight=False)
    return report
