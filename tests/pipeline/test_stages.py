"""stages.py: a stage whose module or function is missing is "not built yet"; a stage that is
there but broken is an error, never disguised as "not built"."""

from __future__ import annotations

import sys

import pytest

from nicport.pipeline import stages


def test_missing_module_or_function_is_not_built(monkeypatch):
    monkeypatch.setitem(stages.CATALOG, "x.missing", ("nicport.no_such_stage_module", ("run",)))
    monkeypatch.setitem(stages.CATALOG, "x.nofunc", ("nicport.config", ("no_such_function",)))
    monkeypatch.setitem(stages.CATALOG, "x.there", ("nicport.config", ("Config",)))
    avail = stages.availability()
    assert avail["x.missing"] == stages.NOT_BUILT
    assert avail["x.nofunc"] == stages.NOT_BUILT
    assert avail["x.there"] == "ok"
    with pytest.raises(stages.StageNotBuilt) as exc:
        stages._attr("x.missing", "nicport.no_such_stage_module", "run")
    assert "not built yet" in exc.value.detail


def test_a_broken_stage_is_an_error_not_not_built(tmp_path, monkeypatch):
    pkg = tmp_path / "np_broken_stage"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("import some_third_party_package_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(stages.CATALOG, "x.broken", ("np_broken_stage", ("run",)))
    assert stages.availability()["x.broken"].startswith("import error: ModuleNotFoundError")
    with pytest.raises(ModuleNotFoundError):
        stages._module("x.broken", "np_broken_stage")
    sys.modules.pop("np_broken_stage", None)


def test_call_passes_only_accepted_keywords():
    def f(a, *, config=None):
        return (a, config)

    assert stages._call(f, 1, config=2, work_dir=3) == (1, 2)
