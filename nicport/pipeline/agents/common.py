"""Helpers the agents share: turning library results into JSON, finding per-target figures."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any


def jsonable(obj: Any) -> Any:
    """A JSON-ready copy of a library result (pydantic model, dataclass, to_json(), plain)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "to_json") and callable(obj.to_json):
        return jsonable(obj.to_json())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in obj]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True)) if isinstance(obj, (set, frozenset)) else items
    return str(obj)


def dumps(obj: Any) -> str:
    return json.dumps(jsonable(obj), indent=1, sort_keys=True) + "\n"


def per_target(data: Any, key: str, targets: list[str]) -> dict[str, float]:
    """Find ``key`` (e.g. "coverage", "score") per target in a JSON result of unknown shape:
    ``{"targets": [{"target": t, key: x}]}``, ``{t: {key: x}}``, ``{t: x}``, ``{key: {t: x}}``."""
    out: dict[str, float] = {}
    if isinstance(data, dict):
        rows = data.get("targets") if isinstance(data.get("targets"), list) else data.get("per_target")
        if isinstance(rows, list):
            for r in rows:
                if isinstance(r, dict) and r.get("target") in targets and isinstance(r.get(key), (int, float)):
                    out[r["target"]] = float(r[key])
        if isinstance(rows, dict):
            data = rows
        for t in targets:
            v = data.get(t)
            if isinstance(v, dict) and isinstance(v.get(key), (int, float)):
                out.setdefault(t, float(v[key]))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out.setdefault(t, float(v))
        inner = data.get(key)
        if isinstance(inner, dict):
            for t in targets:
                if isinstance(inner.get(t), (int, float)):
                    out.setdefault(t, float(inner[t]))
    elif isinstance(data, list):
        for r in data:
            if isinstance(r, dict) and r.get("target") in targets and isinstance(r.get(key), (int, float)):
                out[r["target"]] = float(r[key])
    return {t: out[t] for t in targets if t in out}
