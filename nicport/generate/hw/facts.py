"""What the hw generator and the device model need from a driver's IR, in one typed view.

``hw_facts(ir)`` is the single adapter between the IR and everything in ``generate/hw`` and
``verify/devmodel``.  Today it accepts the stand-in IR (``load_standin_ir(driver)``: the
compiler-checked ground truth for the five reference drivers, plus the driver's own header
macros for the bit definitions and per-queue register strides); when ``nicport.ir`` carries a
DriverIR with registers/roles and descriptors/bits/family, the branch for it goes here and
nothing else changes.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ... import __version__
from ...errors import BadInput
from . import families as fam
from .cmacros import EvalError, Evaluator, collect
from . import analyzed as _analyzed
from . import names as _names

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

    @property
    def msix_variant(self) -> str | None:
        """MSIX_VARIANTS key when every MSI-X register and bit was found, else None."""
        var = fam.msix_variant(self.family, self.driver)
        if var is None or self.extra.get("msix_missing", ("?",)):
            return None
        return var

    @property
    def msix(self) -> bool:
        """The generated hw layer implements ho_vector_map for this driver."""
        return self.msix_variant is not None

    @property
    def link_variant(self) -> str | None:
        """LINK_VARIANTS key when every link-state register and bit was found, else None."""
        var = fam.link_variant(self.family, self.driver)
        if var is None or self.extra.get("link_missing", ("?",)):
            return None
        return var

    @property
    def link(self) -> bool:
        """The generated hw layer implements ho_link_state for this driver."""
        return self.link_variant is not None

    @property
    def msix_max(self) -> int:
        """MSI-X table size the device advertises (0: no MSI-X)."""
        c = self.bits.get("msix_max")
        return int(c.value) if c is not None and self.msix else 0


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
        ir = _analyzed.ir_for(ir, load_standin_ir)  # no stand-in (igc): the analysed IR
    if isinstance(ir, StandinIR):
        return _from_standin(ir)
    try:
        from ...ir import DriverIR
    except ImportError:  # pragma: no cover - nicport.ir is part of the package
        DriverIR = None  # type: ignore[assignment,misc]
    if DriverIR is not None and isinstance(ir, DriverIR):
        return _from_driver_ir(ir)
    raise BadInput(
        f"hw generator cannot read IR of type {type(ir).__name__}",
        hint="pass a nicport.ir.DriverIR (nicport.analyze.analyze_driver) or load_standin_ir(driver)",
    )


def _resolve_const(ev: Evaluator | None, names: tuple[str, ...], consts: dict[str, tuple[int, str]]) -> Const | None:
    for n in names:
        if n in consts:
            return Const(n, int(consts[n][0]), consts[n][1])
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
    layouts = {role: _layout(role, v) for role, v in descs.items() if isinstance(v, dict) and "members" in v}
    gt_consts = {k: (int(v), "IR: compile_time_constants (evaluated by gcc)")
                 for k, v in d.get("compile_time_constants", {}).items() if isinstance(v, int)}
    gt_regs = d.get("registers", {})
    roles: dict[str, tuple[str, int]] = {}
    for side in ("tx", "rx"):
        for what, e in (gt_regs.get(side) or {}).items():
            if isinstance(e, dict) and isinstance(e.get("offset"), int):
                roles[f"{side}_{what}"] = (e["name"], int(e["offset"]))
    maxq = 1
    if ir.name in _DRIVER_MAX_QUEUES:
        maxq = int(d.get("compile_time_constants", {}).get(_DRIVER_MAX_QUEUES[ir.name], 1))
    ring = {}
    for side in ("tx", "rx"):
        rs = (d.get("ring_sizes") or {}).get(side) or {}
        for k in ("default", "min", "max", "multiple"):
            v = rs.get(k)
            if isinstance(v, dict) and isinstance(v.get("value"), int):
                ring[f"{side}_{k}"] = v["value"]
    return _build(ir.name, types, layouts, gt_consts, roles, maxq, ring, "standin:ground-truth", None)


def _from_driver_ir(ir: Any) -> HwFacts:
    """The real DriverIR (nicport.ir): layouts, register roles and bit definitions from it; the
    per-queue form of a register and bits the IR does not list from the driver's headers."""
    name = ir.identity.name
    types = {d.kind: d.c_type for d in ir.descriptors.descriptors}
    layouts: dict[str, Layout] = {}
    for dsc in ir.descriptors.descriptors:
        kind, _, cname = dsc.c_type.partition(" ")
        members = tuple(
            Member(f.path, "(nested)" if f.nested else f.type, int(f.offset), int(f.size)) for f in dsc.fields
        )
        layouts[dsc.kind] = Layout(dsc.kind, kind, cname, int(dsc.size), members)
    consts: dict[str, tuple[int, str]] = {}

    def where(prov: Any) -> str:
        return f"IR: {prov.file}:{prov.line} ({prov.derived})" if prov is not None else "IR"

    for reg in ir.registers.registers:
        if reg.offset is not None:
            consts[reg.name if not reg.per_queue else f"{reg.name}(0)"] = (int(reg.offset), where(reg.provenance))
        for b in reg.bits:
            v = b.mask if b.mask is not None else b.value
            if v is not None:
                consts.setdefault(b.name, (int(v), where(b.provenance)))
    for dsc in ir.descriptors.descriptors:
        for fld in dsc.fields:
            for b in fld.bits:
                v = b.mask if b.mask is not None else b.value
                if v is not None:
                    consts.setdefault(b.name, (int(v), where(b.provenance)))
    roles: dict[str, tuple[str, int]] = {}
    for role, ra in ir.registers.roles.items():
        if ra is not None and ra.offset is not None:
            roles[role] = (ra.name, int(ra.offset))
    families_in_ir = {dsc.family for dsc in ir.descriptors.descriptors}
    unknown = families_in_ir - {"intel_legacy", "intel_advanced", "virtio_split"}
    maxq = 1
    if name in _DRIVER_MAX_QUEUES:
        q = getattr(ir.rings, "tx_queues_max", None)
        if q is not None and isinstance(q.value, int):
            maxq = int(q.value)
        else:
            maxq = _source_const(name, _DRIVER_MAX_QUEUES[name]) or 1
    maxq = _names.max_queues(name, [n for n, _ in roles.values()], families_in_ir, ir.rings, maxq)  # igc: 4
    ring = {}
    for side in ("tx", "rx"):
        for k in ("default", "min", "max", "multiple"):
            fct = getattr(ir.rings, f"{side}_{k}", None)
            if fct is not None and isinstance(fct.value, int):
                ring[f"{side}_{k}"] = int(fct.value)
    veto = f"the IR labels a descriptor family nicport does not generate: {sorted(unknown)}" if unknown else None
    notes: tuple[str, ...] = ()
    if "virtio_split" in families_in_ir and unknown <= _VIRTIO_NOT_USED.keys():
        # the driver has the split ring (generated) and optional formats the port does not use
        veto = None
        notes = tuple(
            f"{_VIRTIO_NOT_USED[fam_]} ({', '.join(sorted(unused))})"
            for fam_ in sorted(unknown)
            if (unused := [d.c_type for d in ir.descriptors.descriptors
                           if d.family == fam_ and d.kind not in fam.SPECS[fam.VIRTIO_SPLIT].layouts])
        )
    f = _build(name, types, layouts, consts, roles, maxq, ring, "ir", veto)
    if notes:
        f = dataclasses.replace(f, extra={**f.extra, "not_generated": notes})
    return f


# Descriptor families a virtio driver's IR lists besides the split ring, and why the port
# does without them (recorded as notes / porting exceptions, not refused).
_VIRTIO_NOT_USED = {
    "virtio_packed": "packed virtqueue (VIRTIO_F_RING_PACKED is not negotiated; split rings are generated)",
    "other": "virtio-net structures the port does not use (config space read by offset, header variants "
             "of features not negotiated)",
}


def _source_const(driver: str, macro: str) -> int | None:
    ev = _evaluator(driver)
    return ev.try_value(macro) if ev is not None else None


def _build(
    name: str, types: dict[str, str], layouts: dict[str, Layout], consts: dict[str, tuple[int, str]],
    roles: dict[str, tuple[str, int]], maxq: int, ring: dict[str, int], source: str, veto: str | None,
) -> HwFacts:
    family, reason = fam.detect(types)
    if veto is not None:
        family, reason = None, veto
    # virtio: the stand-in carries every bit; a real IR lacks the uapi constants, read from the
    # driver's headers (include/uapi/linux/virtio_net.h, virtio_ring.h)
    ev = _evaluator(name) if family is not None and (family != fam.VIRTIO_SPLIT or source == "ir") else None
    base = HwFacts(
        driver=name, family=family or "unknown", family_reason=reason, kernel_version=_kernel_version(name),
        max_queues=maxq, layouts=layouts, queue_regs={}, regs={}, bits={}, ring=ring, source=source,
    )
    if family is None:
        return base
    spec = fam.SPECS[family]
    regs_spec = dict(spec.regs)
    bits_spec = dict(spec.bits)
    if family == fam.INTEL_ADVANCED:
        var = fam.ADV_VARIANTS["ixgbe" if name == "ixgbe" else "e1000"]
        regs_spec.update(var["regs"])
        bits_spec.update(var["bits"])
    # the same roles under the driver's own macro names (igc: IGC_TXDCTL for E1000_TXDCTL), names.py
    drv_names = _names.for_driver(name, [n for n, _ in roles.values()], ev)
    ev = drv_names.ev
    queue_spec = drv_names.localize(spec.queue_regs)
    regs_spec, bits_spec = drv_names.localize(regs_spec), drv_names.localize(bits_spec)
    # queue registers: queue 0 from the IR, the per-queue form from the driver's macro
    qregs: dict[str, QueueReg] = {}
    missing: list[str] = []
    for role, names in queue_spec.items():
        ir_entry = roles.get(role)
        if ir_entry is None:
            for n in names:
                if f"{n}(0)" in consts:
                    ir_entry = (n, consts[f"{n}(0)"][0])
                    break
        got = None
        for n in names:
            if ev is None or n not in ev.macros:
                continue
            m = ev.macros[n]
            try:
                pieces = _pieces(ev, n, maxq) if m.params else ((0, ev.value(n), 0),)
            except (EvalError, RecursionError):
                continue
            got = QueueReg(n, pieces, m.where)
            break
        if got is None and ir_entry is not None:
            got = QueueReg(ir_entry[0].split("(")[0], ((0, int(ir_entry[1]), 0),), "IR: registers.roles")
        if got is None:
            missing.append(role)
            continue
        if ir_entry is not None and got.offset(0) != int(ir_entry[1]):
            raise BadInput(
                f"{name}: {got.name}(0) is {got.offset(0):#x} in the headers but {int(ir_entry[1]):#x} in the IR",
                hint="the IR and the driver sources disagree; re-run the analyzer",
            )
        qregs[role] = got
    regs: dict[str, Const] = {}
    for role, names in regs_spec.items():
        c = _resolve_const(ev, names, consts)
        if c is None:
            missing.append(role)
        else:
            regs[role] = c
    bits: dict[str, Const] = {}
    for role, names in bits_spec.items():
        c = _resolve_const(ev, names, consts)
        if c is None and role in fam.DATASHEET:
            v, why, cname = fam.DATASHEET[role]
            c = Const(cname, v, "datasheet: " + why)
        if c is None:
            if role.startswith("rctl_sz_") or role in fam.OPTIONAL:
                continue  # optional buffer sizes / bits
            missing.append(role)
        else:
            bits[role] = c
    vf = _names.vf_refusal(name, ev, missing, family) if missing else None
    if vf is not None:  # SR-IOV VF (igbvf, ixgbevf): say why in one line, not a list of names
        return dataclasses.replace(base, family="unknown", family_reason=vf)
    # MSI-X (optional: what is missing only turns ho_vector_map off, see HwFacts.msix)
    msix_missing: list[str] = []
    var_name = fam.msix_variant(family, name)
    if var_name is not None:
        mv = drv_names.localize_variant(fam.MSIX_VARIANTS[var_name])
        for role, names in mv["regs"].items():
            c = _resolve_const(ev, names, consts)
            if c is None:
                msix_missing.append(role)
            else:
                regs.setdefault(role, c)
        for role, names in mv["bits"].items():
            c = _resolve_const(ev, names, consts)
            if c is None and role in fam.DATASHEET:
                v, why, cname = fam.DATASHEET[role]
                c = Const(cname, v, "datasheet: " + why)
            if c is None and role == "msix_max" and var_name in fam.MSIX_MAX:
                v, why, cname = fam.MSIX_MAX[var_name]
                c = Const(cname, v, "datasheet: " + why)
            if c is None:
                msix_missing.append(role)
            else:
                bits.setdefault(role, c)
    # link state (optional: what is missing only turns ho_link_state off, see HwFacts.link)
    link_missing: list[str] = []
    link_var = fam.link_variant(family, name)
    if link_var is not None:
        lv = drv_names.localize_variant(fam.LINK_VARIANTS[link_var])
        lev = ev if ev is not None else _evaluator(name)  # virtio stand-in: uapi bits from the headers
        for kind, found in (("regs", regs), ("bits", bits)):
            for role, names in lv[kind].items():
                c = _resolve_const(lev, names, consts)
                if c is None and role in fam.LINK_DATASHEET:
                    v, why, cname = fam.LINK_DATASHEET[role]
                    c = Const(cname, v, "datasheet: " + why)
                if c is None and role not in fam.LINK_OPTIONAL:
                    link_missing.append(role)
                elif c is not None:
                    found.setdefault(role, c)
    return dataclasses.replace(base, queue_regs=qregs, regs=regs, bits=bits,
                               extra={"missing": tuple(missing), "msix_missing": tuple(msix_missing),
                                      "link_missing": tuple(link_missing)})
