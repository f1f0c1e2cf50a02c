"""Exceptions tracker: everything a target cannot carry over, with reason and workaround.

Three sources, per target (Linux is the identity target and never has exceptions):

* ``missing-feature`` -- a dataplane feature the driver uses (derived from its API calls:
  XDP, AF_XDP, page_pool recycling, busy polling, GRO ...) that the target lacks
  (``nicport/kb/data/features.toml``). Unsupported APIs of that feature are folded into it;
* ``unsupported-api`` -- a KB entry whose kind on the target is ``unsupported``;
* ``unknown-api`` -- a call the KB has no entry for.

Writers: :func:`write_exceptions_md` (``docs/porting_exceptions.md``) and :func:`write_sarif`
(SARIF 2.1.0, ``exceptions.sarif``). Output is deterministic: no time stamps, no absolute paths.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..config import ALL_TARGETS
from . import load
from .coverage import CallSite, _check_targets
from .model import CATEGORIES, TARGET_TITLES, KnowledgeBase

KIND_ORDER = ("missing-feature", "unsupported-api", "unknown-api")

STUB_TEMPLATE = "/* Not Implemented on {os} - reason documented in porting_exceptions.md */"

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def os_title(target: str) -> str:
    """The OS name used in stub comments ("FreeBSD", "Windows", "Zephyr" ...)."""
    return {"rtos": "Zephyr"}.get(target, TARGET_TITLES.get(target, target))


@dataclass(frozen=True)
class ExceptionEntry:
    target: str
    kind: str  # missing-feature | unsupported-api | unknown-api
    feature_id: str  # feature id, "<category>" for unsupported APIs, "unknown" for unknown
    feature: str  # human title
    linux_apis: tuple[str, ...]
    call_sites: tuple[tuple[str, int, str], ...]  # (file, line, function)
    reason: str
    workaround: str
    ref: str = ""

    @property
    def id(self) -> str:
        key = self.feature_id if self.kind == "missing-feature" else ",".join(self.linux_apis)
        return f"{self.target}:{self.kind}:{key}"

    @property
    def rule_id(self) -> str:
        if self.kind == "missing-feature":
            return f"NICPORT-FEATURE-{self.feature_id}"
        if self.kind == "unsupported-api":
            return f"NICPORT-UNSUPPORTED-{self.feature_id}"
        return "NICPORT-UNKNOWN-API"

    @property
    def stub_comment(self) -> str:
        return STUB_TEMPLATE.format(os=os_title(self.target))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "target": self.target,
            "kind": self.kind,
            "feature": self.feature,
            "feature_id": self.feature_id,
            "linux_apis": list(self.linux_apis),
            "call_sites": [f"{f}:{l} ({fn})" if fn else f"{f}:{l}" for f, l, fn in self.call_sites],
            "reason": self.reason,
            "workaround": self.workaround,
            "ref": self.ref,
        }


def _sites(calls: Iterable[CallSite], apis: set[str]) -> tuple[tuple[str, int, str], ...]:
    return tuple(sorted({(f, l, fn) for a, f, l, fn in calls if a in apis}))


def build_exceptions(
    calls: Iterable[CallSite], targets: Iterable[str] | None = None, kb: KnowledgeBase | None = None
) -> list[ExceptionEntry]:
    """All exceptions of a driver's dataplane call sites, for each target."""
    kb = kb or load()
    ts = _check_targets(targets)
    calls = sorted(set((str(a), str(f), int(l), str(fn)) for a, f, l, fn in calls))
    apis = sorted({c[0] for c in calls})
    entry_of = {a: kb.get(a) for a in apis}
    # features used, and the APIs that imply each
    used: dict[str, set[str]] = {}
    for f in kb.features:
        hits = {a for a in apis if f.implied_by(a) or (entry_of[a] is not None and entry_of[a].feature == f.id)}
        if hits:
            used[f.id] = hits
    out: list[ExceptionEntry] = []
    for t in ts:
        if t == "linux":
            continue
        folded: set[str] = set()
        for fid in sorted(used):
            f = kb.feature(fid)
            sup = f.support[t]
            if sup.supported:
                continue
            hits = used[fid]
            folded |= hits
            out.append(
                ExceptionEntry(t, "missing-feature", fid, f.title, tuple(sorted(hits)), _sites(calls, hits), sup.reason, sup.workaround, sup.ref)
            )
        by_entry: dict[str, set[str]] = {}
        for a in apis:
            e = entry_of[a]
            if e is not None and e.mapping(t).kind == "unsupported" and a not in folded:
                by_entry.setdefault(e.name, set()).add(a)
        for name in sorted(by_entry):
            e = next(entry_of[a] for a in sorted(by_entry[name]))
            m = e.mapping(t)
            hits = by_entry[name]
            feat = kb.feature(e.feature) if e.feature else None
            reason = m.notes or f"No native equivalent of {e.name} on {os_title(t)}."
            workaround = (feat.support[t].workaround if feat else "") or (
                "The adapter gets a stub returning -ENOSYS (template below); the driver runs without this function."
            )
            out.append(
                ExceptionEntry(
                    t, "unsupported-api", e.category, (feat.title if feat else CATEGORIES.get(e.category, e.category)) + f": {e.name}",
                    tuple(sorted(hits)), _sites(calls, hits), reason, workaround, m.ref,
                )
            )
        for a in apis:
            if entry_of[a] is None:
                out.append(
                    ExceptionEntry(
                        t, "unknown-api", "unknown", f"Unknown Linux API: {a}", (a,), _sites(calls, {a}),
                        f"{a} is not in the nicport knowledge base (version {kb.version}), so its {os_title(t)} equivalent is not known.",
                        "Add an entry to nicport/kb/data/ (docs/kb.md) and re-run; until then the adapter has a stub for it.",
                    )
                )
    order = {t: i for i, t in enumerate(ALL_TARGETS)}
    out.sort(key=lambda x: (order[x.target], KIND_ORDER.index(x.kind), x.feature_id, x.linux_apis))
    return out


# -- Markdown ----------------------------------------------------------------------------------

def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_exceptions_md(entries: list[ExceptionEntry], driver: str = "", kb_version: str = "") -> str:
    title = f"# Porting exceptions{f' — {driver}' if driver else ''}"
    lines = [
        title,
        "",
        "<!-- generated by nicport; do not edit -->",
        "",
        "Every dataplane feature or Linux API that a target cannot carry over is listed here with the",
        "call sites, the reason and the workaround. Generated code that stands in for one carries the",
        "stub comment",
        "",
        "```c",
        STUB_TEMPLATE.format(os="<OS>"),
        "int driver_busy_poll(...) { return -ENOSYS; }",
        "```",
        "",
    ]
    if kb_version:
        lines += [f"Knowledge base version: `{kb_version}`.", ""]
    targets = [t for t in ALL_TARGETS if any(e.target == t for e in entries)]
    lines += ["## Summary", "", "| target | missing features | unsupported APIs | unknown APIs |", "|---|---:|---:|---:|"]
    for t in ALL_TARGETS:
        if t == "linux":
            continue
        es = [e for e in entries if e.target == t]
        counts = [sum(1 for e in es if e.kind == k) for k in KIND_ORDER]
        lines.append(f"| {t} | {counts[0]} | {counts[1]} | {counts[2]} |")
    lines.append("")
    if not entries:
        lines += ["No exceptions: every dataplane call site and feature is carried over on every target.", ""]
    for t in targets:
        lines += [f"## {TARGET_TITLES.get(t, t)} (`{t}`)", ""]
        for e in (x for x in entries if x.target == t):
            sites = ", ".join(f"`{f}:{l}`" + (f" ({fn})" if fn else "") for f, l, fn in e.call_sites[:12])
            if len(e.call_sites) > 12:
                sites += f" and {len(e.call_sites) - 12} more"
            lines += [
                f"### {e.feature}",
                "",
                "| | |",
                "|---|---|",
                f"| Feature | {_md_escape(e.feature)} ({e.kind}) |",
                f"| Linux API | {', '.join(f'`{a}`' for a in e.linux_apis)} |",
                f"| Call sites | {sites or '—'} |",
                f"| Target | {t} |",
                f"| Reason | {_md_escape(e.reason)} |",
                f"| Workaround | {_md_escape(e.workaround)} |",
            ]
            if e.ref:
                lines.append(f"| Reference | {_md_escape(e.ref)} |")
            lines += ["", f"Stub: `{e.stub_comment}`", ""]
    return "\n".join(lines).rstrip() + "\n"


def _atomic_write(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_exceptions_md(entries: list[ExceptionEntry], path: Path, *, driver: str = "", kb_version: str = "") -> Path:
    """Write ``docs/porting_exceptions.md`` (deterministic)."""
    _atomic_write(Path(path), render_exceptions_md(entries, driver, kb_version))
    return Path(path)


# -- SARIF 2.1.0 --------------------------------------------------------------------------------

def _level(kind: str) -> str:
    return "note" if kind == "unknown-api" else "warning"


def sarif_document(entries: list[ExceptionEntry], driver: str = "", kb_version: str = "") -> dict:
    rules: dict[str, dict] = {}
    for e in entries:
        if e.rule_id in rules:
            continue
        if e.kind == "missing-feature":
            short = f"Dataplane feature not available on the target: {e.feature}"
        elif e.kind == "unsupported-api":
            short = f"Linux API without a native equivalent on the target ({e.feature_id})"
        else:
            short = "Linux API unknown to the nicport knowledge base"
        rules[e.rule_id] = {
            "id": e.rule_id,
            "name": e.kind.title().replace("-", ""),
            "shortDescription": {"text": short},
            "fullDescription": {"text": short + ". See docs/porting_exceptions.md for the reason and the workaround per target."},
            "defaultConfiguration": {"level": _level(e.kind)},
            "properties": {"tags": ["portability", e.kind]},
        }
    rule_ids = sorted(rules)
    results = []
    for e in entries:
        locs = [
            {
                "id": i,
                "physicalLocation": {
                    "artifactLocation": {"uri": f.replace(os.sep, "/"), "uriBaseId": "SRCROOT"},
                    "region": {"startLine": max(1, int(l))},
                },
                **({"logicalLocations": [{"name": fn, "kind": "function"}]} if fn else {}),
            }
            for i, (f, l, fn) in enumerate(e.call_sites)
        ]
        result = {
            "ruleId": e.rule_id,
            "ruleIndex": rule_ids.index(e.rule_id),
            "level": _level(e.kind),
            "message": {
                "text": f"[{e.target}] {e.feature}: {', '.join(e.linux_apis)}. Reason: {e.reason} Workaround: {e.workaround}"
            },
            "partialFingerprints": {"nicportException/v1": e.id},
            "properties": {
                "target": e.target,
                "kind": e.kind,
                "feature": e.feature_id,
                "linuxApis": list(e.linux_apis),
                "workaround": e.workaround,
                "stub": e.stub_comment,
            },
        }
        if locs:
            result["locations"] = [{k: v for k, v in locs[0].items() if k != "id"}]
            if len(locs) > 1:
                result["relatedLocations"] = locs[1:]
        results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "nicport",
                "version": str(__version__),
                "rules": [rules[r] for r in rule_ids],
            }
        },
        "columnKind": "utf16CodeUnits",
        "results": results,
        "properties": {"driver": driver, "kbVersion": kb_version},
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write_sarif(entries: list[ExceptionEntry], path: Path, *, driver: str = "", kb_version: str = "") -> Path:
    """Write ``exceptions.sarif`` (SARIF 2.1.0, deterministic)."""
    doc = sarif_document(entries, driver, kb_version)
    _atomic_write(Path(path), json.dumps(doc, indent=1, sort_keys=False) + "\n")
    return Path(path)


def exceptions_for_ir(ir, targets: Iterable[str] | None = None, kb: KnowledgeBase | None = None) -> list[ExceptionEntry]:
    """Exceptions of a driver IR's dataplane slice (the pipeline's entry point)."""
    from .coverage import calls_from_ir

    return build_exceptions(calls_from_ir(ir, kb), targets, kb)
