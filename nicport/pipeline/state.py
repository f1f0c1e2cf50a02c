"""Graph state: references only (paths, content hashes, short summaries), never sources or logs.

Every key that parallel branches write (per-target fan-out with ``Send``, the three phase-1
agents) has a reducer.  The reducers are order-independent and idempotent, so a node that is
re-run after a crash, or branches that finish in another order, give the same state.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict | None, right: dict | None) -> dict:
    """Key-wise merge; values that are dicts merge one level deeper (per-target records)."""
    out = dict(left or {})
    for key, value in (right or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            merged = dict(out[key])
            merged.update(value)
            out[key] = merged
        else:
            out[key] = value
    return dict(sorted(out.items()))


def max_phase(left: int | None, right: int | None) -> int:
    return max(left or 0, right or 0)


def merge_exceptions(left: list | None, right: list | None) -> list:
    """Exceptions keyed by ``id``: a later record with the same id replaces the earlier one;
    the list stays sorted so branch order never shows."""
    by_id: dict[str, dict] = {e["id"]: e for e in (left or [])}
    for e in right or []:
        by_id[e["id"]] = e
    return [by_id[k] for k in sorted(by_id)]


class PortState(TypedDict, total=False):
    run_id: str
    driver: str  # what the user typed (name, tree path or directory)
    targets: list[str]
    #: highest phase a node has finished (0..6; 6 = report written)
    phase: Annotated[int, max_phase]
    #: name -> {"path": path relative to the staging tree or run dir, "sha256": ..., "bytes": n}
    artifacts: Annotated[dict[str, dict], merge_dicts]
    #: stage name -> {"status": ok | not built yet | failed | skipped, "detail": one line}
    stages: Annotated[dict[str, dict], merge_dicts]
    #: small facts the agents derived (driver name, kernel version, counts, score)
    facts: Annotated[dict[str, Any], merge_dicts]
    #: target -> {"generated": bool, "level": "L0".."L3" | None, "build": status, "tests": status, ...}
    target_results: Annotated[dict[str, dict], merge_dicts]
    #: "stage:target" -> attempts made (bounded by the context's max_repair_attempts)
    attempts: Annotated[dict[str, int], merge_dicts]
    #: recorded exceptions (feature, api, target, reason, workaround, source)
    exceptions: Annotated[list[dict], merge_exceptions]
    #: the human review decision (``--review``)
    review: dict
    #: the Supervisor's routing decisions: {"build": [targets to repair], "tests": [...]}
    routing: Annotated[dict[str, list], merge_dicts]
    #: node names that finished, in order (for ``nicport runs`` and the display)
    trail: Annotated[list[str], operator.add]
