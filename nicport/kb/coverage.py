"""How much of a driver's dataplane the knowledge base knows, per target.

A *call site* is one call to a Linux API from a dataplane function, as
``(api_name, file, line, function)``. Per target each call site is ``direct``, ``adapter``,
``emulated`` (together: *mapped*), ``unsupported`` (known, but the target cannot do it) or
``unknown`` (not in the KB). ``coverage`` = known / all = (mapped + unsupported) / all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..config import ALL_TARGETS
from ..errors import BadInput
from . import load
from .model import KINDS, KnowledgeBase

CallSite = tuple[str, str, int, str]  # (api, file, line, function)

#: The coverage goal per target (issue 4).
COVERAGE_GOAL = 0.95


@dataclass(frozen=True)
class TargetCoverage:
    target: str
    call_sites: int
    by_kind: dict[str, int]  # direct/adapter/emulated/unsupported -> call sites
    unknown: int
    unknown_apis: dict[str, int]  # api -> call sites, unknown to the KB

    @property
    def mapped(self) -> int:
        return sum(self.by_kind[k] for k in ("direct", "adapter", "emulated"))

    @property
    def unsupported(self) -> int:
        return self.by_kind["unsupported"]

    @property
    def coverage(self) -> float:
        """Share of call sites the KB knows (1.0 when there are none)."""
        return 1.0 if self.call_sites == 0 else (self.call_sites - self.unknown) / self.call_sites

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "call_sites": self.call_sites,
            "mapped": {k: self.by_kind[k] for k in ("direct", "adapter", "emulated")},
            "mapped_total": self.mapped,
            "unsupported": self.unsupported,
            "unknown": self.unknown,
            "coverage": round(self.coverage, 4),
            "goal_met": self.coverage >= COVERAGE_GOAL,
        }


@dataclass(frozen=True)
class CoverageReport:
    kb_version: str
    calls: tuple[CallSite, ...]
    targets: tuple[TargetCoverage, ...]
    resolved: dict[str, str] = field(default_factory=dict)  # api -> KB entry name (known only)
    unsupported_apis: dict[str, dict[str, int]] = field(default_factory=dict)  # target -> api -> sites

    def target(self, name: str) -> TargetCoverage:
        for t in self.targets:
            if t.target == name:
                return t
        raise KeyError(name)

    @property
    def distinct_apis(self) -> int:
        return len({c[0] for c in self.calls})

    @property
    def unknown_apis(self) -> dict[str, int]:
        """Unknown APIs (the same for every target: the KB either has an entry or not)."""
        return dict(sorted(Counter(c[0] for c in self.calls if c[0] not in self.resolved).items(), key=lambda kv: (-kv[1], kv[0])))

    def unknown_sites(self) -> list[CallSite]:
        return [c for c in self.calls if c[0] not in self.resolved]

    @property
    def min_coverage(self) -> float:
        return min((t.coverage for t in self.targets), default=1.0)

    def to_json(self) -> dict:
        return {
            "kb_version": self.kb_version,
            "call_sites": len(self.calls),
            "distinct_apis": self.distinct_apis,
            "coverage_goal": COVERAGE_GOAL,
            "targets": [t.to_json() for t in self.targets],
            "unknown": [
                {"api": api, "call_sites": n, "sites": [f"{f}:{l}" for a, f, l, _ in self.calls if a == api]}
                for api, n in self.unknown_apis.items()
            ],
            "unsupported": {
                t: [{"api": a, "call_sites": n} for a, n in sorted(apis.items())] for t, apis in self.unsupported_apis.items() if apis
            },
        }


def _check_targets(targets: Iterable[str] | None) -> tuple[str, ...]:
    ts = tuple(targets) if targets is not None else ALL_TARGETS
    bad = [t for t in ts if t not in ALL_TARGETS]
    if bad:
        raise BadInput(f"unknown target(s): {', '.join(bad)}", hint="choose from " + ", ".join(ALL_TARGETS))
    return ts


def compute(calls: Iterable[CallSite], targets: Iterable[str] | None = None, kb: KnowledgeBase | None = None) -> CoverageReport:
    """Coverage of call sites per target (pure: no analyzer, no files)."""
    kb = kb or load()
    ts = _check_targets(targets)
    sites = tuple(sorted((str(a), str(f), int(l), str(fn)) for a, f, l, fn in calls))
    entries = {api: kb.get(api) for api in {c[0] for c in sites}}
    resolved: dict[str, str] = {api: e.name for api, e in entries.items() if e is not None}
    out = []
    unsupported_apis: dict[str, dict[str, int]] = {}
    for t in ts:
        by_kind = dict.fromkeys(KINDS, 0)
        unknown: Counter = Counter()
        unsup: Counter = Counter()
        for api, _f, _l, _fn in sites:
            e = entries[api]
            if e is None:
                unknown[api] += 1
                continue
            kind = e.mapping(t).kind
            by_kind[kind] += 1
            if kind == "unsupported":
                unsup[api] += 1
        out.append(TargetCoverage(t, len(sites), by_kind, sum(unknown.values()), dict(sorted(unknown.items()))))
        unsupported_apis[t] = dict(sorted(unsup.items()))
    return CoverageReport(kb.version, sites, tuple(out), resolved, unsupported_apis)


def _get(obj, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def calls_from_ir(ir, kb: KnowledgeBase | None = None) -> list[CallSite]:
    """Call sites of the analyzer's dataplane slice: ``ir.dataplane_slice.functions[*].api_calls[*]``.

    The analyzer reports both what the source says (``spin_lock_irqsave``) and what clang sees
    after macro expansion at the same line (``_raw_spin_lock_irqsave``, ``spinlock_check``).
    One source call is one call site, so per (file, line):

    * a clang-derived name the KB does not know, on a line that has other calls, is an expansion
      detail of the macro written there and is dropped;
    * several names resolving to the same KB entry count once;
    * a name the KB does not know that is the tail of one of the driver's register macros
      (``TXDCTL`` in ``er32(TXDCTL(0))``, pasted into ``E1000_TXDCTL``) is a register, not an API.
    """
    kb = kb or load()
    dp = _get(ir, "dataplane_slice")
    if dp is None:
        raise BadInput("the driver IR has no dataplane slice", hint="re-run `nicport analyze` with a current nicport")
    raw: list[tuple[str, str, int, str, str]] = []
    for fn in _get(dp, "functions", []) or []:
        fname = _get(fn, "name", "")
        for call in _get(fn, "api_calls", []) or []:
            raw.append((_get(call, "name"), _get(call, "file", "") or "", int(_get(call, "line", 0) or 0), fname,
                        _get(call, "derived", "text") or "text"))
    reg_tails: set[str] = set()
    regs = _get(_get(ir, "registers"), "registers", []) or []
    for r in regs:
        rname = _get(r, "name", "") or ""
        if "_" in rname:
            reg_tails.add(rname.split("_", 1)[1])
    per_line: dict[tuple[str, int, str], int] = Counter((f, l, fn) for _n, f, l, fn, _d in raw)
    out: list[CallSite] = []
    seen: set[tuple[str, int, str, str]] = set()
    # text-derived first, so a written name wins over its expansion
    for name, f, l, fn, derived in sorted(raw, key=lambda r: (r[1], r[2], r[3], r[4] == "clang", r[0])):
        entry = kb.get(name)
        if entry is None and derived == "clang" and per_line[(f, l, fn)] > 1:
            continue
        if entry is None and name in reg_tails:
            continue
        key = (f, l, fn, entry.name if entry else "?" + name)
        if key in seen:
            continue
        seen.add(key)
        out.append((name, f, l, fn))
    return out
