"""What the reports say, computed once from the final pipeline state and the run's files.
Deterministic: no times, no absolute paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import __version__

LEVELS = ("L0", "L1", "L2", "L3")
LEVEL_MEANING = {
    "L0": "type-checks against contract headers",
    "L1": "compiles against the target's real headers / toolchain",
    "L2": "runs in user space against the device model",
    "L3": "runs in the real kernel on emulated hardware (QEMU)",
}
TARGET_NAMES = {
    "linux": "Linux",
    "freebsd": "FreeBSD",
    "netbsd": "NetBSD",
    "windows": "Windows (NDIS 6.x)",
    "illumos": "illumos (GLDv3)",
    "rtos": "RTOS (Zephyr, FreeRTOS+TCP)",
}
PHASE_NAMES = {0: "ingest", 1: "hardware analysis", 2: "API mapping", 3: "code generation", 4: "build", 5: "test + performance", 6: "report"}


def fraction(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) / 100.0 if v > 1.0 else float(v)


def _kb_entry(e: Any, i: int) -> dict:
    """A KB exception entry (shape owned by nicport.kb) -> the report's row."""
    if not isinstance(e, dict):
        return {"id": f"kb:{i}", "feature": str(e), "api": "-", "target": "all", "reason": "", "workaround": "", "source": "kb", "severity": "warning"}
    api = e.get("api") or e.get("linux_api") or (", ".join(e["linux_apis"]) if e.get("linux_apis") else None) or e.get("name") or "-"
    target = e.get("target") or e.get("os") or "all"
    return {
        "id": str(e.get("id") or f"kb:{api}:{target}"),
        "feature": str(e.get("feature") or e.get("category") or api),
        "api": str(api),
        "target": str(target),
        "reason": str(e.get("reason") or e.get("notes") or ""),
        "workaround": str(e.get("workaround") or ""),
        "source": "kb",
        "severity": str(e.get("severity") or "warning"),
        **({"location": str(e["location"])} if e.get("location") else {"location": str(e["call_sites"][0]).split(" ")[0]} if e.get("call_sites") else {}),
    }


def build_model(state: dict, run_dir: Path, stage_dir: Path) -> dict:
    facts = state.get("facts", {})
    stages = state.get("stages", {})
    targets = list(state.get("targets", []))
    kb_raw: list = []
    a = state.get("artifacts", {}).get("kb_exceptions")
    if a and (run_dir / a["path"]).is_file():
        data = json.loads((run_dir / a["path"]).read_text())
        kb_raw = data if isinstance(data, list) else data.get("entries", []) if isinstance(data, dict) else []
    kb_rows = [_kb_entry(e, i) for i, e in enumerate(kb_raw)]
    pipeline_rows = list(state.get("exceptions", []))
    scores = {t: fraction(v) for t, v in (facts.get("score") or {}).items()}
    coverage = {t: fraction(v) for t, v in (facts.get("coverage") or {}).items()}
    rows = []
    for t in targets:
        r = state.get("target_results", {}).get(t, {})
        rows.append({
            "target": t,
            "name": TARGET_NAMES.get(t, t),
            "generated": bool(r.get("generated")),
            "build": r.get("build", "did not run"),
            "tests": r.get("tests", "did not run"),
            "level": r.get("level"),
            "score": scores.get(t),
            "coverage": coverage.get(t),
            "checks": r.get("checks", {}),
            "levels": r.get("levels", {}),
            "level_details": r.get("level_details", {}),
            "build_error": r.get("build_error"),
            "tests_error": r.get("tests_error"),
            "repairs": r.get("build_repairs", 0) + r.get("tests_repairs", 0),
        })
    not_built = sorted({k for k, v in stages.items() if v.get("status") == "not built yet"}
                       | {k for k, v in (facts.get("stage_availability") or {}).items() if v == "not built yet"})
    failed = sorted(k for k, v in stages.items() if v.get("status") == "failed")
    model = {
        "version": __version__,
        "driver": facts.get("driver") or state.get("driver"),
        "facts": facts,
        "targets": rows,
        "stages": dict(sorted(stages.items())),
        "not_built": not_built,
        "failed": failed,
        "kb_exceptions": kb_rows,
        "pipeline_exceptions": pipeline_rows,
        "review": state.get("review", {}),
        "phase": state.get("phase", 0),
    }
    model["done_list"] = done_list(model)
    return model


def _builds(model: dict, target: str) -> tuple[bool, str]:
    row = next((r for r in model["targets"] if r["target"] == target), None)
    if row is None:
        return False, "target not requested"
    if row["build"] == "ok" and row["level"] in LEVELS[1:]:
        return True, f"{row['level']}: {LEVEL_MEANING[row['level']]}"
    if row["build"] == "ok" and row["level"] == "L0":
        return False, "only L0 (type-checks against contract headers); no real-header build"
    return False, f"build {row['build']}" + (f": {row['build_error']}" if row.get("build_error") else "")


def _validated(model: dict, word: str) -> tuple[bool, str]:
    core = (model["facts"].get("core_checks") or {}).get(word)
    seen = [(r["target"], name, passed) for r in model["targets"] for name, passed in r["checks"].items() if word in name.lower()]
    if core is not None:
        if core.get("ok") is False:
            return False, "portable core: " + core.get("detail", "failed")
        if core.get("ok") and not [1 for _, _, p in seen if not p]:
            return True, "portable core: " + core.get("detail", "") + (f"; {len(seen)} target checks passed" if seen else "")
    if not seen:
        ran = any(r["tests"] not in ("did not run", "skipped", "not built yet") for r in model["targets"])
        return False, "no " + word.upper() + " test ran" + ("" if ran else " (phase 5 tests: " + (model["stages"].get("verify.tests", {}).get("status") or "did not run") + ")")
    bad = [f"{t}:{n}" for t, n, p in seen if not p]
    if bad:
        return False, "failed: " + ", ".join(bad)
    return True, f"{len(seen)} checks passed on " + ", ".join(sorted({t for t, _, _ in seen}))


def done_list(model: dict) -> list[dict]:
    """The seed's done list, each line with a mark (✔ achieved, ✘ not achieved) and why."""
    lines = []
    for label, target in (("builds on Linux", "linux"), ("builds on FreeBSD", "freebsd"), ("builds on Windows NDIS", "windows")):
        ok, why = _builds(model, target)
        lines.append({"item": label, "ok": ok, "why": why})
    for label, word in (("RSS validated", "rss"), ("TSO validated", "tso")):
        ok, why = _validated(model, word)
        lines.append({"item": label, "ok": ok, "why": why})
    kb_state = model["stages"].get("kb.exceptions", {}).get("status", "did not run")
    all_rows = model["kb_exceptions"] + model["pipeline_exceptions"]
    undocumented = [e for e in all_rows if not e.get("reason")]
    if kb_state != "ok":
        lines.append({"item": "exceptions documented", "ok": False, "why": f"the KB's exception list is {kb_state}; only {len(model['pipeline_exceptions'])} pipeline exceptions recorded"})
    elif undocumented:
        lines.append({"item": "exceptions documented", "ok": False, "why": f"{len(undocumented)} exceptions lack a reason"})
    else:
        lines.append({"item": "exceptions documented", "ok": True, "why": f"{len(all_rows)} exceptions in docs/porting_exceptions.md and exceptions.sarif"})
    scores = {r["target"]: r["score"] for r in model["targets"]}
    if not scores or any(v is None for v in scores.values()):
        missing = sorted(t for t, v in scores.items() if v is None)
        lines.append({"item": "portability score ≥ 95%", "ok": False, "why": "no score for " + ", ".join(missing) + " (portability score " + model["stages"].get("kb.score", {}).get("status", "did not run") + ")"})
    else:
        low = {t: v for t, v in scores.items() if v < 0.95}
        lines.append({"item": "portability score ≥ 95%", "ok": not low, "why": ("below on " + ", ".join(f"{t} {v:.1%}" for t, v in low.items())) if low else "lowest " + f"{min(scores.values()):.1%}"})
    for line in lines:
        line["mark"] = "✔" if line["ok"] else "✘"
    return lines
