"""`nicport kb table`, `nicport map` and `nicport kb coverage` output (through nicport.kb.cli)."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from nicport.errors import BadInput
from nicport.kb import load
from nicport.kb.cli import coverage, lookup, table


def test_table_markdown_all_targets(capsys):
    table(None, "md")
    out = capsys.readouterr().out
    for title in ("## Memory allocation", "## DMA mapping", "## Packet buffers", "## RX indicate / TX, NAPI and queues",
                  "## Interrupts", "## Locks", "## Deferred work", "## Timers"):
        assert title in out
    assert "| Linux | FreeBSD | NetBSD | Windows | illumos | RTOS (Zephyr) |" in out
    assert "| `dma_map_single` | `bus_dmamap_load_mbuf_sg`, `bus_dmamap_load` (adapter) |" in out
    assert out.count("\n| `") >= load().api_count  # one row per entry (patterns included)


def test_table_one_target_and_json(capsys):
    table("windows", "md")
    out = capsys.readouterr().out
    assert "| Linux | Windows | kind | notes | reference |" in out and "NdisMIndicateReceiveNetBufferLists" in out
    table("illumos", "json")
    doc = json.loads(capsys.readouterr().out)
    assert doc["targets"] == ["illumos"] and doc["entries"] >= 200
    row = next(r for t in doc["tables"] for r in t["rows"] if r["name"] == "netif_receive_skb")
    assert row["targets"]["illumos"]["native"] == ["mac_rx"] and row["targets"]["illumos"]["ref"] == "mac_rx(9F)"


def test_table_bad_input():
    with pytest.raises(BadInput, match="unknown target"):
        table("beos", "md")
    with pytest.raises(BadInput, match="unknown format"):
        table(None, "xml")


def test_lookup_json_and_text(capsys):
    lookup("__napi_schedule", None, True, None)
    doc = json.loads(capsys.readouterr().out)
    assert doc["name"] == "napi_schedule" and doc["matched_by"] == "alias"
    assert set(doc["targets"]) == {"linux", "freebsd", "netbsd", "windows", "illumos", "rtos"}
    console = Console(record=True, width=200)
    lookup("dma_map_single", "freebsd", False, console)
    text = console.export_text()
    assert "bus_dmamap_load_mbuf_sg" in text and "bus_dma(9)" in text and "windows" not in text


def test_lookup_unknown_suggests():
    with pytest.raises(BadInput) as exc:
        lookup("dma_map_singel", None, False, None)
    assert "unknown Linux API 'dma_map_singel'" in exc.value.message
    assert "dma_map_single" in exc.value.hint
    with pytest.raises(BadInput):
        lookup("readl", "amiga", False, None)


def test_coverage_json_on_e1000(driver_source, config, capsys):
    report = coverage(driver_source("e1000"), config, True, None)
    doc = json.loads(capsys.readouterr().out)
    assert doc["driver"] == "e1000" and doc["slice_source"] in ("analyzer", "kb-scan")
    assert [t["target"] for t in doc["targets"]] == list(config.targets)
    for t in doc["targets"]:
        assert t["coverage"] >= 0.95 and "score" in t and "mapped" in t
    assert report.min_coverage >= 0.95
