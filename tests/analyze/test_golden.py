"""Golden summaries per driver under tests/data/<driver>/ir_summary.json: a change in what the
analyzer finds shows up as a diff.  Regenerate with NICPORT_REGEN_GOLDEN=1 after checking it."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import REPO

GOLDEN = ["e1000", "e1000e", "igb", "ixgbe", "virtio_net", "igc", "ixgbevf", "e100", "r8169", "vmxnet3"]


def summary_of(ir) -> dict:
    regs = ir.registers
    return {
        "ir_version": ir.ir_version,
        "loc": ir.identity.loc,
        "device_ids": {"bus": ir.device_ids.bus, "count": ir.device_ids.count,
                       "vendors": [hex(v) for v in ir.device_ids.vendor_ids]},
        "roles": {k: (None if v is None else {"name": v.name, "offset": hex(v.offset) if v.offset is not None else None})
                  for k, v in sorted(regs.roles.items())},
        "n_registers": len(regs.registers),
        "descriptors": [{"kind": d.kind, "type": d.c_type, "size": d.size, "family": d.family,
                         "fields": len(d.fields), "bits": sum(len(f.bits) for f in d.fields)}
                        for d in ir.descriptors.descriptors],
        "rings": {k: (getattr(ir.rings, k).value if getattr(ir.rings, k) else None)
                  for k in ("tx_default", "tx_min", "tx_max", "tx_multiple", "rx_default", "rx_min", "rx_max",
                            "rx_multiple")},
        "interrupts": ir.interrupts.models,
        "handlers": sorted(h.name for h in ir.interrupts.handlers),
        "ndo_start_xmit": ir.entry_points.ndo_start_xmit,
        "napi": sorted([n.poll, n.weight] for n in ir.entry_points.napi),
        "xdp": [ir.offloads.xdp.ndo_bpf, ir.offloads.xdp.ndo_xdp_xmit, ir.offloads.xdp.xsk_wakeup],
        "features": ir.offloads.features,
        "rss": {"present": ir.rss.present,
                "key": ir.rss.key_size.value if ir.rss.key_size else None,
                "indir": ir.rss.indir_size.value if ir.rss.indir_size else sorted(f.value for f in ir.rss.indir_size_variants)},
        "slice_functions": len(ir.dataplane_slice.functions),
    }


@pytest.mark.parametrize("driver", GOLDEN)
def test_golden_summary(analyzed, driver):
    got = summary_of(analyzed(driver))
    path = REPO / "tests" / "data" / driver / "ir_summary.json"
    text = json.dumps(got, indent=1, sort_keys=True) + "\n"
    if os.environ.get("NICPORT_REGEN_GOLDEN") == "1" or not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert json.loads(path.read_text()) == got


@pytest.mark.parametrize("driver", ["e1000"])
def test_analysis_is_stable(analyzed, driver_source, driver, tmp_path):
    """Analysing again from a cold cache gives byte-identical JSON."""
    from nicport.analyze import analyze_driver
    from nicport.config import Config

    again = analyze_driver(driver_source(driver), Config(cache_dir=tmp_path, jobs=2))
    assert again.to_json_text() == analyzed(driver).to_json_text()
