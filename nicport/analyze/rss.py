"""RSS: key size, indirection table size, hash types and registers -- or an explicit absence.

Sources, in order of strength: the ``get_rxfh_key_size`` / ``get_rxfh_indir_size`` ethtool ops
(their return values, evaluated; every value a function can return, with its condition), the
size passed to ``netdev_rss_key_fill``, and the setup loop that fills the indirection registers.
A size the device reports (virtio) is marked ``device_reported`` with the config field."""

from __future__ import annotations

import re

from ..ir import Fact, Provenance, Rss
from .entry_points import op
from .program import Program
from .textscan import blank_comments


def _returns(prog: Program, fname: str, depth: int = 0) -> list[tuple[object, str, str, int, str]]:
    """[(value or None, expression, condition, line, file)] of what ``fname`` can return."""
    f = prog.functions.get(fname)
    if f is None or depth > 3:
        return []
    out = []
    for line, value, snip, conds in f["returns"]:
        cond = " && ".join(re.sub(r"\s+", " ", c) for c in conds)
        if value is not None:
            out.append((value, snip, cond, line, f["file"]))
            continue
        m = re.match(r"\s*(\w+)\s*\(", snip or "")
        if m and m.group(1) in prog.functions:
            out.extend(_returns(prog, m.group(1), depth + 1))
            continue
        ident = (snip or "").strip()
        if re.fullmatch(r"[a-z_]\w*", ident):
            # a local variable: the values assigned to it in the function, with their conditions
            text = blank_comments(prog.function_text(fname))
            for mm in re.finditer(rf"\b{ident}\s*=\s*([^;]+);", text):
                rhs = mm.group(1).strip()
                v = int(rhs, 0) if re.fullmatch(r"\d+|0[xX][0-9a-fA-F]+", rhs) else prog.macro_value(rhs)
                ln = f["start"] + text[:mm.start()].count("\n")
                out.append((v, rhs, _enclosing_case(text, mm.start()), ln, f["file"]))
            continue
        out.append((None, snip, cond, line, f["file"]))
    return out


def _enclosing_case(text: str, pos: int) -> str:
    before = text[:pos]
    cases = re.findall(r"case\s+(\w+)\s*:", before[-600:])
    if cases:
        return "case " + ", ".join(cases[-3:])
    m = re.findall(r"if\s*\(([^)]*)\)", before[-300:])
    return m[-1].strip() if m else ""


def _device_field(prog: Program, snip: str) -> str | None:
    """``vi->rss_key_size`` -> the config-space field it was read from (virtio_cread*)."""
    m = re.search(r"(?:->|\.)\s*(\w+)\s*$", snip or "")
    if not m:
        return None
    fld = m.group(1)
    for f in prog.functions.values():
        for name, opr, _line, rhs, _c, _lhs in f["assigns"]:
            if name == fld and "virtio_cread" in rhs:
                mm = re.search(r"offsetof\s*\(\s*(struct\s+\w+)\s*,\s*(\w+)\s*\)", rhs)
                if mm:
                    return f"{mm.group(1).split()[-1]}.{mm.group(2)}"
                return rhs.strip()
    return None


def rss(prog: Program, bus: str | None, accesses) -> Rss:
    ops = {}
    for o in ("get_rxfh_key_size", "get_rxfh_indir_size", "get_rxfh", "set_rxfh"):
        fn, _p = op(prog, "struct ethtool_ops", o)
        if fn:
            ops[o] = fn
    fills = []
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for api, line, argv in f["args"]:
            if api == "netdev_rss_key_fill":
                fills.append((fname, f, line, argv))
    out = Rss(present=bool(ops or fills), ethtool_ops=ops)
    if not out.present:
        out.reason = "no RSS: the driver neither fills an RSS key (netdev_rss_key_fill) nor has get_rxfh* ethtool ops"
        return out
    device = False
    # key size
    if "get_rxfh_key_size" in ops:
        rets = _returns(prog, ops["get_rxfh_key_size"])
        vals = [r for r in rets if r[0] is not None]
        if vals:
            v = vals[0]
            out.key_size = Fact(value=v[0], expr=v[1], provenance=Provenance(file=v[4], line=v[3], derived="evaluated"))
        elif rets:
            src = _device_field(prog, rets[0][1])
            device = src is not None or bus == "virtio"
            out.key_size = Fact(value=None, expr=rets[0][1], note=f"device-reported ({src})" if src else "run-time value",
                                provenance=Provenance(file=rets[0][4], line=rets[0][3], derived="inferred"))
    if out.key_size is None and fills:
        fname, f, line, argv = fills[0]
        if len(argv) > 1 and argv[1][1] is not None:
            out.key_size = Fact(value=argv[1][1], expr=argv[1][0],
                                note=f"size passed to netdev_rss_key_fill in {fname}",
                                provenance=Provenance(file=f["file"], line=line, derived="evaluated"))
    # indirection table size
    if "get_rxfh_indir_size" in ops:
        rets = _returns(prog, ops["get_rxfh_indir_size"])
        vals = [r for r in rets if r[0] is not None]
        distinct = sorted({r[0] for r in vals})
        if len(distinct) == 1:
            v = vals[0]
            out.indir_size = Fact(value=v[0], expr=v[1], provenance=Provenance(file=v[4], line=v[3], derived="evaluated"))
        elif distinct:
            for v in vals:
                out.indir_size_variants.append(Fact(value=v[0], expr=v[1], note=v[2] or None,
                                                    provenance=Provenance(file=v[4], line=v[3], derived="evaluated")))
        elif rets:
            src = _device_field(prog, rets[0][1])
            device = device or src is not None or bus == "virtio"
            out.indir_size = Fact(value=None, expr=rets[0][1], note=f"device-reported ({src})" if src else "run-time value",
                                  provenance=Provenance(file=rets[0][4], line=rets[0][3], derived="inferred"))
    setup_fns = [f[0] for f in fills]
    if out.indir_size is None and not out.indir_size_variants and fills:
        # the setup loop filling the indirection registers: N registers of 4 one-byte entries
        for fname in setup_fns:
            got = _indir_from_loop(prog, fname, accesses)
            if got:
                out.indir_size = got
                break
    out.device_reported = device
    regs = []
    for a in accesses:
        if a.function in setup_fns:
            for r in a.registers[:1]:
                if r not in regs:
                    regs.append(r)
    out.registers = regs
    hashes = []
    for fname in setup_fns:
        text = prog.function_text(fname)
        for ident in re.findall(r"\b[A-Z][A-Z0-9_]*(?:RSS_FIELD|HASH_TYPE|RSS_HASH|HASH)[A-Z0-9_]*\b", text):
            if ident not in hashes:
                hashes.append(ident)
    out.hash_types = hashes
    return out


def _indir_from_loop(prog: Program, fname: str, accesses) -> Fact | None:
    f = prog.functions[fname]
    text = blank_comments(prog.function_text(fname))
    key_regs = set()
    for a in accesses:
        if a.function == fname and "key" in a.value.lower():
            key_regs.update(a.registers[:1])
    for m in re.finditer(r"for\s*\(\s*(\w+)\s*=\s*0\s*;\s*\1\s*<\s*(\w+)\s*;[^)]*\)\s*(?:\{)?([^;]*;)", text):
        bound = m.group(2)
        n = int(bound, 0) if bound[0].isdigit() else prog.macro_value(bound)
        body = m.group(3)
        line = f["start"] + text[:m.start()].count("\n")
        acc = [a for a in accesses if a.function == fname and a.line in (line, line + 1) and a.op == "write"]
        acc = [a for a in acc if a.registers[0] not in key_regs and "key" not in a.value.lower()]
        if n and acc:
            reg = acc[0].registers[0]
            return Fact(value=n * 4, expr=f"{n} x {reg} (4 one-byte entries per 32-bit register)",
                        note=f"{fname} fills {n} {reg} registers; no ethtool indirection op",
                        provenance=Provenance(file=f["file"], line=line, derived="inferred"))
    return None
