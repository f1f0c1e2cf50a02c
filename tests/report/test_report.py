"""The reports: done list marks, PORTING_REPORT.md, a self-contained report.html whose SVG chart
a real headless browser (Debian's chromium) renders, and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers import require_tool
from nicport.report import build_model
from nicport.report.html import report_html
from nicport.report.markdown import porting_report
from nicport.report.sarif import pipeline_run, sarif_document

TARGETS = ["linux", "freebsd", "netbsd", "windows", "illumos", "rtos"]


def _state(**over) -> dict:
    st = {
        "driver": "e1000",
        "targets": TARGETS,
        "phase": 6,
        "facts": {"driver": "e1000", "path": "drivers/net/ethernet/intel/e1000", "kernel_version": "6.1.192", "loc": 17104, "c_files": 4, "h_files": 3,
                  "score": {"linux": 0.99, "freebsd": 0.97, "netbsd": 0.96, "windows": 0.91, "illumos": 0.95, "rtos": 96.0},
                  "coverage": {t: 0.9 for t in TARGETS}},
        "stages": {"ingest": {"status": "ok", "detail": "e1000", "phase": 0}, "kb.exceptions": {"status": "ok", "detail": "3 entries", "phase": 2},
                   "verify.tests": {"status": "ok", "detail": "", "phase": 5}, "generate.tests": {"status": "not built yet", "detail": "x", "phase": 3}},
        "target_results": {
            "linux": {"generated": True, "build": "ok", "level": "L2", "tests": "ok", "checks": {"rss_toeplitz": True, "tso_segments": True}},
            "freebsd": {"generated": True, "build": "ok", "level": "L0", "tests": "ok", "checks": {"rss_toeplitz": True, "tso_segments": False}},
            "windows": {"generated": True, "build": "failed", "level": None, "build_repairs": 2, "build_error": "ndis.h: error: NDIS_MINIPORT_DRIVER_CHARACTERISTICS undeclared"},
        },
        "attempts": {"build:windows": 2},
        "exceptions": [{"id": "supervisor:build:windows", "feature": "build on windows", "api": "-", "target": "windows", "reason": "build failed after 2 repair attempt(s)",
                        "workaround": "see logs", "source": "phase4", "severity": "error"}],
    }
    st.update(over)
    return st


def test_done_list_marks_follow_the_results(tmp_path):
    m = build_model(_state(), tmp_path, tmp_path)
    marks = {d["item"]: (d["mark"], d["why"]) for d in m["done_list"]}
    assert marks["builds on Linux"][0] == "✔" and "L2" in marks["builds on Linux"][1]
    assert marks["builds on FreeBSD"][0] == "✘" and "only L0" in marks["builds on FreeBSD"][1]
    assert marks["builds on Windows NDIS"][0] == "✘" and "NDIS_MINIPORT" in marks["builds on Windows NDIS"][1]
    assert marks["RSS validated"][0] == "✔"
    assert marks["TSO validated"][0] == "✘" and "freebsd:tso_segments" in marks["TSO validated"][1]
    assert marks["exceptions documented"][0] == "✔"
    assert marks["portability score ≥ 95%"][0] == "✘" and "windows 91.0%" in marks["portability score ≥ 95%"][1]
    assert next(r for r in m["targets"] if r["target"] == "rtos")["score"] == pytest.approx(0.96)  # percent normalised
    assert m["not_built"] == ["generate.tests"]


def test_done_list_all_green_when_everything_passes(tmp_path):
    st = _state()
    st["facts"]["score"] = {t: 0.99 for t in TARGETS}
    for t in TARGETS:
        st["target_results"][t] = {"generated": True, "build": "ok", "level": "L1", "tests": "ok", "checks": {"rss": True, "tso": True}}
    st["exceptions"] = []
    m = build_model(st, tmp_path, tmp_path)
    assert [d["mark"] for d in m["done_list"]] == ["✔"] * 7


def test_markdown_report(tmp_path):
    text = porting_report(build_model(_state(), tmp_path, tmp_path))
    assert text.startswith("# Porting report: e1000\n")
    assert "Incomplete port" in text and "`generate.tests`" in text
    assert "| Windows (NDIS 6.x) | generated | failed | did not run | — | — | 91.0% | 90.0% |" in text
    assert "- ✘ TSO validated" in text and "- ✔ builds on Linux" in text
    assert "windows build (after 2 repair attempts)" in text


def test_html_is_self_contained(tmp_path):
    html = report_html(build_model(_state(), tmp_path, tmp_path))
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") == 1
    assert len(re.findall(r'class="bar-score"', html)) == 6 and len(re.findall(r'class="bar-level"', html)) == 2
    assert 'class="bar-level missing"' in html  # no level is drawn as "none", never as a bar


def test_html_renders_in_headless_chromium(tmp_path):
    exe = require_tool("chromium")
    page = tmp_path / "report.html"
    page.write_text(report_html(build_model(_state(), tmp_path, tmp_path)))
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-1000:]
    # the browser parsed the SVG into the DOM with one bar per target and the title
    assert 'id="score-chart"' in dom.stdout
    assert len(re.findall(r'class="bar-score"', dom.stdout)) == 6
    assert "Portability score and verification level per target" in dom.stdout
    shot = tmp_path / "shot.png"
    r = subprocess.run(args + [f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and shot.is_file(), r.stderr[-1000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a blank page compresses to a few KB


def test_sarif_document(tmp_path):
    m = build_model(_state(), tmp_path, tmp_path)
    doc = sarif_document([pipeline_run(m["pipeline_exceptions"])])
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "nicport-pipeline"
    res = run["results"][0]
    assert res["level"] == "error" and res["properties"]["target"] == "windows"
    assert res["ruleId"] in {r["id"] for r in run["tool"]["driver"]["rules"]}
    json.dumps(doc)


def test_reports_in_a_real_run_are_consistent(driver_source, tmp_path, monkeypatch):
    from nicport.config import Config
    from nicport.port import run_port

    monkeypatch.setenv("NICPORT_RUNS_DIR", str(tmp_path / "runs"))
    out = tmp_path / "out" / "e1000"
    res = run_port(driver_source("e1000"), Config(targets=("linux", "windows")), out)
    results = json.loads((out / "results.json").read_text())
    assert results["done_list"] == res.to_json()["done_list"]
    assert results["not_built"] == res.to_json()["not_built"]
    sarif = json.loads((out / "exceptions.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"]
    n_sarif = sum(len(r["results"]) for r in sarif["runs"])
    assert n_sarif >= len(res.state.get("exceptions", []))
    html = (out / "report.html").read_text()
    assert "<script" not in html and html.count("<svg") == 1
