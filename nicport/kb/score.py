"""Portability score per target (formula documented in docs/portability_score.md).

              sum_i w(cat_i) * ported_i(t)  +  sum_f U * W(f) * has_f(t)
    score(t) = 100 * -------------------------------------------------------------
              sum_i w(cat_i)                +  sum_f U * W(f)

over the dataplane call sites i and the dataplane features f the driver uses (U = 10: a
feature of weight 1 counts as much as ten call sites of weight 1).

``ported_i(t)`` is 1 when the call's API maps to the target as direct, adapter or emulated and
is not part of a feature the target lacks; 0 when it is unsupported, unknown to the KB, or part
of a missing feature. ``w`` weights a call by what it does (its KB category); ``W`` is the
feature's weight in ``features.toml``. Linux is the identity target: 100. The gate is 95.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from . import load
from .coverage import CallSite, _check_targets
from .model import KnowledgeBase

GATE = 95.0
#: A feature of weight 1 weighs as much as this many call sites of weight 1.
FEATURE_UNIT = 10.0

#: Weight of one call site by what it does (KB category). Unknown APIs weigh UNKNOWN_WEIGHT.
CATEGORY_WEIGHTS: dict[str, float] = {
    "dma": 3.0,
    "packet": 3.0,
    "rx_tx": 3.0,
    "irq": 3.0,
    "mmio": 3.0,
    "virtio": 3.0,
    "xdp": 3.0,
    "sync": 2.0,
    "locks": 2.0,
    "pci": 1.0,
    "memory": 1.0,
    "work": 1.0,
    "timers": 1.0,
    "time": 1.0,
    "endian": 1.0,
    "stats": 1.0,
    "util": 0.5,
    "control": 0.5,
    "logging": 0.25,
}
UNKNOWN_WEIGHT = 1.0


@dataclass(frozen=True)
class TargetScore:
    target: str
    score: float  # 0..100
    call_share: float  # S_calls, 0..1
    feature_share: float | None  # S_features, None when the driver uses no feature
    call_sites: int
    ported_sites: int
    features_used: tuple[str, ...]
    features_missing: tuple[str, ...]

    @property
    def gate_passed(self) -> bool:
        return self.score >= GATE

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "score": round(self.score, 2),
            "gate": GATE,
            "gate_passed": self.gate_passed,
            "call_share": round(self.call_share, 4),
            "feature_share": None if self.feature_share is None else round(self.feature_share, 4),
            "call_sites": self.call_sites,
            "ported_call_sites": self.ported_sites,
            "features_used": list(self.features_used),
            "features_missing": list(self.features_missing),
        }


@dataclass(frozen=True)
class ScoreReport:
    kb_version: str
    targets: tuple[TargetScore, ...]

    def target(self, name: str) -> TargetScore:
        for t in self.targets:
            if t.target == name:
                return t
        raise KeyError(name)

    @property
    def gate_passed(self) -> bool:
        return all(t.gate_passed for t in self.targets)

    def to_json(self) -> dict:
        return {"kb_version": self.kb_version, "gate": GATE, "gate_passed": self.gate_passed, "targets": [t.to_json() for t in self.targets]}


def features_used(apis: Iterable[str], kb: KnowledgeBase) -> dict[str, set[str]]:
    """Feature id -> the APIs (among ``apis``) that imply it."""
    apis = sorted(set(apis))
    out: dict[str, set[str]] = {}
    for f in kb.features:
        hits = set()
        for a in apis:
            e = kb.get(a)
            if f.implied_by(a) or (e is not None and e.feature == f.id):
                hits.add(a)
        if hits:
            out[f.id] = hits
    return out


def compute_score(calls: Iterable[CallSite], targets: Iterable[str] | None = None, kb: KnowledgeBase | None = None) -> ScoreReport:
    kb = kb or load()
    ts = _check_targets(targets)
    calls = list(calls)
    used = features_used((c[0] for c in calls), kb)
    out = []
    for t in ts:
        if t == "linux":
            out.append(TargetScore(t, 100.0, 1.0, 1.0 if used else None, len(calls), len(calls), tuple(sorted(used)), ()))
            continue
        missing = sorted(fid for fid in used if not kb.feature(fid).support[t].supported)
        in_missing = set().union(*(used[f] for f in missing)) if missing else set()
        total_w = ported_w = 0.0
        ported = 0
        for api, *_ in calls:
            e = kb.get(api)
            w = CATEGORY_WEIGHTS.get(e.category, 1.0) if e else UNKNOWN_WEIGHT
            ok = e is not None and e.mapping(t).kind != "unsupported" and api not in in_missing
            total_w += w
            if ok:
                ported_w += w
                ported += 1
        s_calls = 1.0 if total_w == 0 else ported_w / total_w
        feat_w = sum(FEATURE_UNIT * kb.feature(f).weight for f in used)
        have_w = sum(FEATURE_UNIT * kb.feature(f).weight for f in used if f not in missing)
        s_feat = (have_w / feat_w) if used else None
        denom = total_w + feat_w
        score = 100.0 if denom == 0 else 100.0 * (ported_w + have_w) / denom
        out.append(TargetScore(t, score, s_calls, s_feat, len(calls), ported, tuple(sorted(used)), tuple(missing)))
    return ScoreReport(kb.version, tuple(out))


def score_for_ir(ir, targets: Iterable[str] | None = None, kb: KnowledgeBase | None = None) -> ScoreReport:
    """Portability score of a driver IR's dataplane slice (the pipeline's entry point)."""
    from .coverage import calls_from_ir

    return compute_score(calls_from_ir(ir, kb), targets, kb)
