"""The one place the pipeline calls the stage libraries (source, analyze, kb, generate, verify).

Each stage is imported lazily.  A stage whose module or function is not there yet raises
:class:`StageNotBuilt`; the node records it as ``not built yet`` and the report and console
say so plainly.  A stage that is there but fails to import (a bug, a missing package) is a
failure, not "not built".  Nothing here pretends: no stand-in results are ever produced.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any, Callable

NOT_BUILT = "not built yet"

#: stage name -> (module, attribute) the pipeline needs; the report lists the missing ones.
CATALOG: dict[str, tuple[str, str]] = {
    "ingest": ("nicport.source", "resolve"),
    "analyze": ("nicport.analyze", "analyze_driver"),
    "kb.coverage": ("nicport.kb.coverage", "compute"),
    "kb.exceptions": ("nicport.kb.exceptions", "write_exceptions_md"),
    "kb.sarif": ("nicport.kb.exceptions", "write_sarif"),
    "kb.score": ("nicport.kb.score", None),
    "generate.core": ("nicport.generate.core", "write_core"),
    "generate.hw": ("nicport.generate.hw", None),
    "generate.adapters": ("nicport.generate.adapters", None),
    "generate.tests": ("nicport.generate.tests", None),
    "verify.build": ("nicport.verify", None),
    "verify.tests": ("nicport.verify", None),
    "verify.qemu": ("nicport.verify.qemu", "run_l3"),
    "verify.bench": ("nicport.verify.bench", None),
}


class StageNotBuilt(Exception):
    """The stage's module or function does not exist in this tree yet."""

    def __init__(self, stage: str, detail: str) -> None:
        super().__init__(f"{stage}: {detail}")
        self.stage = stage
        self.detail = detail


def _module(stage: str, modname: str):
    try:
        return importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing and (modname == missing or modname.startswith(missing + ".")):
            raise StageNotBuilt(stage, f"{modname} is {NOT_BUILT}") from None
        raise


def _attr(stage: str, modname: str, *names: str) -> Callable:
    """The first of ``names`` that ``modname`` defines."""
    mod = _module(stage, modname)
    for name in names:
        fn = getattr(mod, name, None)
        if fn is not None:
            return fn
    raise StageNotBuilt(stage, f"{modname}.{names[0]} is {NOT_BUILT}")


def _call(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` passing only the keyword arguments its signature accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **kwargs)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in params})


def availability() -> dict[str, str]:
    """stage -> "ok" | "not built yet" | "import error: ..." (for the report and docs)."""
    out = {}
    for stage, (modname, attr) in CATALOG.items():
        try:
            mod = _module(stage, modname)
            out[stage] = "ok" if attr is None or getattr(mod, attr, None) is not None else NOT_BUILT
        except StageNotBuilt:
            out[stage] = NOT_BUILT
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            out[stage] = f"import error: {type(exc).__name__}: {exc}"
    return out


# --- phase 0 -------------------------------------------------------------------------------

def ingest(spec: str, config):
    return _attr("ingest", "nicport.source", "resolve")(spec, config)


# --- phase 1 -------------------------------------------------------------------------------

def analyze(src, config):
    """DriverIR of ``src`` (pydantic; ``.to_json_text()``)."""
    return _attr("analyze", "nicport.analyze", "analyze_driver")(src, config)


# --- phase 2 -------------------------------------------------------------------------------

def kb_coverage(ir, src, config, targets):
    """The KB's coverage of the driver's dataplane calls, per target."""
    mod = _module("kb.coverage", "nicport.kb.coverage")
    compute = getattr(mod, "compute", None)
    if compute is None:
        raise StageNotBuilt("kb.coverage", f"nicport.kb.coverage.compute is {NOT_BUILT}")
    calls = None
    if ir is not None and getattr(mod, "calls_from_ir", None) is not None:
        calls = mod.calls_from_ir(ir)
    return _call(compute, **_positional_as_kw(compute, calls=calls, ir=ir, src=src, source=src, config=config, targets=targets))


def _positional_as_kw(fn: Callable, **available: Any) -> dict:
    params = inspect.signature(fn).parameters
    return {k: v for k, v in available.items() if k in params}


def kb_exception_entries(ir, src, config, targets, coverage):
    mod = _module("kb.exceptions", "nicport.kb.exceptions")
    for name in ("exceptions_for", "collect", "entries_from_coverage", "from_coverage", "build_entries"):
        fn = getattr(mod, name, None)
        if fn is not None:
            return _call(fn, **_positional_as_kw(fn, coverage=coverage, ir=ir, src=src, source=src, config=config, targets=targets))
    raise StageNotBuilt("kb.exceptions", f"nicport.kb.exceptions has no entry builder {NOT_BUILT}")


def kb_write_exceptions_md(entries, path: Path) -> None:
    _attr("kb.exceptions", "nicport.kb.exceptions", "write_exceptions_md")(entries, path)


def kb_write_sarif(entries, path: Path) -> None:
    _attr("kb.sarif", "nicport.kb.exceptions", "write_sarif")(entries, path)


def kb_score(coverage, entries, targets):
    mod = _module("kb.score", "nicport.kb.score")
    for name in ("portability_score", "score", "compute"):
        fn = getattr(mod, name, None)
        if fn is not None:
            return _call(fn, **_positional_as_kw(fn, coverage=coverage, entries=entries, exceptions=entries, targets=targets))
    raise StageNotBuilt("kb.score", f"nicport.kb.score has no score function {NOT_BUILT}")


# --- phase 3 -------------------------------------------------------------------------------

def write_core(out_dir: Path, ir=None):
    fn = _attr("generate.core", "nicport.generate.core", "write_core")
    return _call(fn, out_dir, **_positional_as_kw(fn, ir=ir))


def write_hw(ir, out_dir: Path):
    fn = _attr("generate.hw", "nicport.generate.hw", "write_hw", "generate_hw", "generate")
    return _call(fn, ir, out_dir)


def write_adapter(ir, target: str, out_dir: Path, attempt: int = 0):
    fn = _attr("generate.adapters", "nicport.generate.adapters", "write_adapter", "generate_adapter", "generate")
    return _call(fn, ir, target, out_dir, **_positional_as_kw(fn, attempt=attempt))


def write_driver_tests(ir, out_dir: Path):
    fn = _attr("generate.tests", "nicport.generate.tests", "write_tests", "generate_tests", "generate")
    return _call(fn, ir, out_dir)


# --- phase 4 / 5 ---------------------------------------------------------------------------

def build_target(tree: Path, target: str, config, work_dir: Path):
    """Build one target; returns the verifier's result (level reached, ok, log)."""
    mod = _module("verify.build", "nicport.verify")
    for modname, name in (("nicport.verify.build", "build_target"), ("nicport.verify", "build_target")):
        try:
            m = importlib.import_module(modname)
        except ModuleNotFoundError:
            continue
        fn = getattr(m, name, None)
        if fn is not None:
            return _call(fn, tree, target, **_positional_as_kw(fn, config=config, work_dir=work_dir, workdir=work_dir))
    del mod
    raise StageNotBuilt("verify.build", f"nicport.verify.build.build_target is {NOT_BUILT}")


def test_target(tree: Path, target: str, config, work_dir: Path):
    for modname, name in (("nicport.verify.tests", "run_tests"), ("nicport.verify", "test_target")):
        try:
            m = importlib.import_module(modname)
        except ModuleNotFoundError:
            continue
        fn = getattr(m, name, None)
        if fn is not None:
            return _call(fn, tree, target, **_positional_as_kw(fn, config=config, work_dir=work_dir, workdir=work_dir))
    raise StageNotBuilt("verify.tests", f"nicport.verify.tests.run_tests is {NOT_BUILT}")


def run_l3(tree: Path, config, work_dir: Path):
    fn = _attr("verify.qemu", "nicport.verify.qemu", "run_l3")
    return _call(fn, tree, **_positional_as_kw(fn, config=config, work_dir=work_dir, workdir=work_dir))


def benchmarks(tree: Path, config, work_dir: Path):
    fn = _attr("verify.bench", "nicport.verify.bench", "run_benchmarks")
    return _call(fn, tree, **_positional_as_kw(fn, config=config, work_dir=work_dir, workdir=work_dir))
