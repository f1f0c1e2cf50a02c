"""What the hw generator and the device model need from a driver's IR, in one typed view.

``hw_facts(ir)`` is the single adapter between the IR and everything in ``generate/hw`` and
``verify/devmodel``.  Today it accepts the stand-in IR (``load_standin_ir(driver)``: the
compiler-checked ground truth for the five reference drivers, plus the driver's own header
macros for the bit definitions and per-queue register strides); when ``nicport.ir`` carries a
DriverIR with registers/roles and descriptors/bits/family, the branch for it goes here and
nothing else changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ... import __version__
from ...errors import BadInput
from . import families as fam
from .cmacros import EvalError, Evaluator, collect

GROUND_TRUTH = Path(__file__).resolve().parents[4] / "shared" / "ground_truth" / "linux-6.1-public.json"

# drivers whose macros carry this prefix; the role macros in the generated C use the driver name
_DRIVER_MAX_QUEUES = {"igb": "IGB_MAX_TX_QUEUES", "ixgbe": "IXGBE_MAX_RSS_INDICES"}


@dataclass(frozen=True)
class Member:
    path: str  # dotted C member path, "lower.flags.cmd"; arrays as "buffer_addr[4]" / "ring[]"
    ctype: str  # the driver's type ("__le16", "u8", "(nested)")
    offset: int
    size: int


@dataclass(frozen=True)
class Layout:
    role: str  # "tx_data", "rx", "split_desc", ...
    kind: str  # "struct" | "union"
    cname: str  # the driver's tag, "e1000_tx_desc"
    size: int
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Const:
    name: str
    value: int
    where: str  # provenance: "drivers/.../e1000_hw.h:640" or "IR: registers.tx.tail"


@dataclass(frozen=True)
class QueueReg:
    name: str  # the driver's macro, "E1000_TDT"
    pieces: tuple[tuple[int, int, int], ...]  # (first_queue, base, stride) in order
    where: str

    def offset(self, q: int) -> int:
        _, base, stride = self.pieces[0]
        for first, b, s in self.pieces:
            if q >= first:
                base, stride = b, s
        return base + q * stride


@dataclass(frozen=True)
class HwFacts:
    driver: str
    family: str
    family_reason: str
    kernel_version: str
    max_queues: int
    layouts: dict[str, Layout]
    queue_regs: dict[str, QueueReg]
    regs: dict[str, Const]
    bits: dict[str, Const]
    ring: dict[str, int]
    source: str  # "standin:ground-truth" | "ir"
    generator: str = f"nicport {__version__}"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return self.driver.upper()


@dataclass(frozen=True)
class StandinIR:
    """The stand-in IR: one driver's ground-truth record (until nicport.ir exists)."""

    name: str
    data: dict[str, Any]


@lru_cache(maxsize=None)
def _ground_truth() -> dict[str, Any]:
    if not GROUND_TRUTH.is_file():
        raise BadInput(f"stand-in IR data not found: {GROUND_TRUTH}", hint="needs /work/shared/ground_truth")
    return json.loads(GROUND_TRUTH.read_text())


def load_standin_ir(driver: str) -> StandinIR:
    drivers = _ground_truth()["drivers"]
    if driver not in drivers:
        raise BadInput(f"no stand-in IR for driver '{driver}'", hint="known: " + ", ".join(sorted(drivers)))
    return StandinIR(driver, drivers[driver])


def _layout(role: str, d: dict[str, Any]) -> Layout:
    kind, _, cname = d["type"].partition(" ")
    members = tuple(Member(m["name"], m["type"], int(m["offset"]), int(m["size"])) for m in d["members"])
    return Layout(role, kind, cname, int(d["sizeof"]), members)


@lru_cache(maxsize=None)
def _evaluator(driver: str) -> Evaluator | None:
    try:
        from ...config import Config
        from ...source import resolve

        src = resolve(driver, Config())
    except Exception:  # noqa: BLE001 - no sources: facts fall back to the IR alone
        return None
    return Evaluator(collect(src.root, sorted(src.h_files)))


def _kernel_version(driver: str) -> str:
    try:
        from ...config import Config
        from ...source import resolve

        return resolve(driver, Config()).kernel_version or "?"
    except Exception:  # noqa: BLE001
        return "?"


def _pieces(ev: Evaluator, name: str, nq: int) -> tuple[tuple[int, int, int], ...]:
    vals = [ev.call(name, [q]) for q in range(max(nq, 2))]
    pieces: list[tuple[int, int, int]] = []
    q = 0
    while q < len(vals):
        stride = vals[q + 1] - vals[q] if q + 1 < len(vals) else 0
        base = vals[q] - q * stride
        end = q + 1
        while end < len(vals) and vals[end] == base + end * stride:
            end += 1
        pieces.append((q, base, stride))
        q = end
    return tuple(pieces)


def hw_facts(ir: Any) -> HwFacts:
    """The hw view of one driver's IR.  Raises BadInput for an IR it cannot read."""
    if isinstance(ir, str):
        ir = load_standin_ir(ir)
    if isinstance(ir, StandinIR):
        return _from_standin(ir)
    # The real DriverIR goes here (nicport.ir); until then refuse clearly.
    raise BadInput(
        f"hw generator cannot read IR of type {type(ir).__name__}",
        hint="pass nicport.generate.hw.facts.load_standin_ir(driver) until nicport.ir lands",
    )


def _resolve_const(ev: Evaluator | None, names: tuple[str, ...], gt_consts: dict[str, int]) -> Const | None:
    for n in names:
        if n in gt_consts:
            return Const(n, int(gt_consts[n]), "IR: compile_time_constants (evaluated by gcc)")
    if ev is None:
        return None
    for n in names:
        plus = 0
        if "+" in n:
            n, _, extra = n.partition("+")
            plus = int(extra, 0)
        base, _, arg = n.partition("(")
        try:
            if arg:
                v = ev.call(base, [int(arg.rstrip(")"))])
            else:
                v = ev.value(n)
        except (EvalError, RecursionError):
            continue
        if plus:
            return Const(f"{n}_PLUS_{plus}", v + plus, ev.macros[base].where + f" + {plus} (RAH follows RAL)")
        return Const(n, v, ev.macros[base].where + " (read as text, evaluated by nicport)")
    return None


def _from_standin(ir: StandinIR) -> HwFacts:
    d = ir.data
    types = dict(d.get("headline", {}).get("descriptor_types", {}))
    descs = dict(d.get("descriptors", {}))
    if "net_hdr_v1" not in descs:
        for k, v in list(descs.items()):
            if isinstance(v, dict) and v.get("type") == "struct virtio_net_hdr_v1":
                descs["net_hdr_v1"] = v
    family, reason = fam.detect(types)
    layouts = {role: _layout(role, v) for role, v in descs.items() if isinstance(v, dict) and "members" in v}
    gt_consts = dict(d.get("compile_time_constants", {}))
    ev = _evaluator(ir.name) if family != fam.VIRTIO_SPLIT else None
    maxq = 1
    if ir.name in _DRIVER_MAX_QUEUES:
        maxq = int(gt_consts.get(_DRIVER_MAX_QUEUES[ir.name], 1))
    facts = HwFacts(
        driver=ir.name,
        family=family or "unknown",
        family_reason=reason,
        kernel_version=_kernel_version(ir.name),
        max_queues=maxq,
        layouts=layouts,
        queue_regs={},
        regs={},
        bits={},
        ring={},
        source="standin:ground-truth",
    )
    if family is None:
        return facts
    spec = fam.SPECS[family]
    regs_spec = dict(spec.regs)
    bits_spec = dict(spec.bits)
    if family == fam.INTEL_ADVANCED:
        var = fam.ADV_VARIANTS["ixgbe" if ir.name == "ixgbe" else "e1000"]
        regs_spec.update(var["regs"])
        bits_spec.update(var["bits"])
    gt_regs = d.get("registers", {})
    # queue registers: queue 0 from the IR, the per-queue form from the driver's macro
    qregs: dict[str, QueueReg] = {}
    missing: list[str] = []
    for role, names in spec.queue_regs.items():
        side, _, what = role.partition("_")
        ir_entry = (gt_regs.get(side) or {}).get(what) if side in ("tx", "rx") else None
        if ir_entry is None:
            for o in gt_regs.get("other", []):
                if o["name"].split("(")[0] in names:
                    ir_entry = o
        got = None
        for n in names:
            if ev is None or n not in ev.macros:
                continue
            m = ev.macros[n]
            try:
                if m.params:
                    pieces = _pieces(ev, n, maxq)
                else:
                    pieces = ((0, ev.value(n), 0),)
            except (EvalError, RecursionError):
                continue
            got = QueueReg(n, pieces, m.where)
            break
        if got is None and ir_entry is not None:
            got = QueueReg(ir_entry["name"].split("(")[0], ((0, int(ir_entry["offset"]), 0),), "IR: registers")
        if got is None:
            missing.append(role)
            continue
        if ir_entry is not None and got.offset(0) != int(ir_entry["offset"]):
            raise BadInput(
                f"{ir.name}: {got.name}(0) is {got.offset(0):#x} in the headers but {int(ir_entry['offset']):#x} in the IR",
                hint="the IR and the driver sources disagree; re-run the analyzer",
            )
        qregs[role] = got
    regs: dict[str, Const] = {}
    for role, names in regs_spec.items():
        c = _resolve_const(ev, names, gt_consts)
        if c is None:
            missing.append(role)
        else:
            regs[role] = c
    bits: dict[str, Const] = {}
    for role, names in bits_spec.items():
        c = _resolve_const(ev, names, gt_consts)
        if c is None and role in fam.DATASHEET:
            v, why, cname = fam.DATASHEET[role]
            c = Const(cname, v, "datasheet: " + why)
        if c is None:
            if role.startswith("rctl_sz_") or role in fam.OPTIONAL:
                continue  # optional buffer sizes
            missing.append(role)
        else:
            bits[role] = c
    ring = {}
    for side in ("tx", "rx"):
        rs = (d.get("ring_sizes") or {}).get(side) or {}
        for k in ("default", "min", "max", "multiple"):
            v = rs.get(k)
            if isinstance(v, dict) and isinstance(v.get("value"), int):
                ring[f"{side}_{k}"] = v["value"]
    extra = {"missing": tuple(missing)}
    return HwFacts(
        driver=ir.name, family=family, family_reason=reason, kernel_version=facts.kernel_version,
        max_queues=maxq, layouts=layouts, queue_regs=qregs, regs=regs, bits=bits, ring=ring,
        source="standin:ground-truth", extra=extra,
    )
