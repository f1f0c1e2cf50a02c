"""Render HwFacts into C: <drv>_regs.h, <drv>_desc.h, <drv>_hw.c (and the devmodel config).

Descriptor structs are rebuilt from the IR's member list (nested unions/structs from the dotted
member paths) with fixed-width little-endian types, in declaration order and without padding
of our own: the compiler then judges every offset and size the IR claims through
``_Static_assert``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import families as fam
from .facts import Const, HwFacts, Layout, Member, QueueReg

TEMPLATES = Path(__file__).with_name("templates")

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["hex"] = lambda v, w=0: f"0x{v:0{w}x}" if v >= 0 else f"-0x{-v:x}"

_CTYPE_BY_SIZE = {1: "uint8_t", 2: "nic_le16", 4: "nic_le32", 8: "nic_le64"}


@dataclass
class _Node:
    name: str
    member: Member | None
    children: list["_Node"] = field(default_factory=list)
    kind: str = "struct"


def _split(path: str) -> list[str]:
    return path.split(".")


def _fits(node: _Node, m: Member) -> bool:
    """Can m be the next member of node (an anonymous struct/union under construction)?"""
    assert node.member is not None
    lo, hi = node.member.offset, node.member.offset + node.member.size
    if m.offset < lo or m.offset + m.size > hi:
        return False
    if not node.children:
        return m.offset == lo
    offs = {c.member.offset for c in node.children if c.member}
    if len(offs) == 1 and m.offset == lo and len(node.children) >= 1 and node.kind == "union":
        return True
    last = node.children[-1].member
    assert last is not None
    return m.offset == last.offset + last.size


def _tree(layout: Layout) -> _Node:
    """Nest the IR's flat member list: dotted paths name their parent; members of anonymous
    structs/unions (empty names in the IR) go into the innermost one they fit in."""
    root = _Node(layout.cname, None, kind=layout.kind)
    index: dict[str, _Node] = {"": root}
    anon: list[_Node] = []
    for m in layout.members:
        parts = _split(m.path)
        if "." in m.path:
            parent = index.get(".".join(parts[:-1]))
        else:
            parent = root
            for a in reversed(anon):
                if _fits(a, m):
                    parent = a
                    break
        if parent is None:
            raise ValueError(f"{layout.cname}: member {m.path} has no parent in the IR")
        node = _Node(parts[-1], m)
        parent.children.append(node)
        if m.path:
            index[m.path] = node
        else:
            node.kind = "union" if parent is root or parent.kind == "struct" else "struct"
            anon.append(node)
    for node in [*index.values(), *anon]:
        if node is not root and node.children:
            offs = {c.member.offset for c in node.children if c.member}
            node.kind = "union" if len(node.children) > 1 and len(offs) == 1 else "struct"
    return root


def _leaf_decl(m: Member, name: str) -> str:
    base, arr = (name.split("[", 1) + [""])[:2]
    arr = "[" + arr if arr else ""
    if arr == "[]":
        elem = m.ctype
        size = {"__virtio16": 2, "__le16": 2, "__u16": 2, "u16": 2}.get(elem, 8)
        ctype = "struct vring_used_elem" if "used_elem" in elem else _CTYPE_BY_SIZE[size]
        return f"{ctype} {base}[]"
    n = int(arr[1:-1]) if arr else 1
    size = m.size // n
    if size not in _CTYPE_BY_SIZE:
        raise ValueError(f"member {m.path}: size {m.size} is not a fixed-width field")
    return f"{_CTYPE_BY_SIZE[size]} {base}{arr}"


def _emit(node: _Node, indent: int, out: list[str]) -> None:
    tab = "\t" * indent
    for c in node.children:
        if c.children or (c.member is not None and c.member.ctype == "(nested)"):
            out.append(f"{tab}{c.kind} {{")
            _emit(c, indent + 1, out)
            out.append(f"{tab}}}{' ' + c.name if c.name else ''};")
        else:
            assert c.member is not None
            out.append(f"{tab}{_leaf_decl(c.member, c.name)};")


def c_struct(layout: Layout) -> str:
    root = _tree(layout)
    lines = [f"{layout.kind} {layout.cname} {{"]
    _emit(root, 1, lines)
    lines.append("};")
    return "\n".join(lines)


def c_asserts(layout: Layout) -> list[str]:
    t = f"{layout.kind} {layout.cname}"
    out = [f'_Static_assert(sizeof({t}) == {layout.size}, "IR: sizeof({t}) == {layout.size}");']
    for m in layout.members:
        path = m.path
        if not path or any(not p for p in path.split(".")):
            continue  # anonymous struct/union: its members are asserted by name
        if path.endswith("[]"):
            path = path[:-2]
        path = re.sub(r"\[\d+\]$", "", path)
        out.append(
            f'_Static_assert(offsetof({t}, {path}) == {m.offset}, "IR: offsetof({t}, {path}) == {m.offset}");'
        )
        if m.ctype != "(nested)" and not m.path.endswith("[]"):
            out.append(
                f'_Static_assert(sizeof((({t} *)0)->{path}) == {m.size}, "IR: sizeof({path}) == {m.size}");'
            )
    return out


def qmacro(q: QueueReg) -> str:
    """The per-queue register as a macro body in q (piecewise base + stride, as evaluated)."""
    expr = ""
    for first, base, stride in reversed(q.pieces):
        term = f"(0x{base:05x}u + (uint32_t)(q) * 0x{stride:x}u)" if stride else f"(0x{base:05x}u + 0u * (uint32_t)(q))"
        expr = term if not expr else f"((uint32_t)(q) < {_next_first(q, first)}u ? {term} : {expr})"
    return expr


def _next_first(q: QueueReg, first: int) -> int:
    firsts = [p[0] for p in q.pieces]
    i = firsts.index(first)
    return firsts[i + 1]


@dataclass
class View:
    facts: HwFacts
    drv: str
    DRV: str
    version: str
    layouts: dict[str, Layout]
    structs: dict[str, str]
    asserts: dict[str, list[str]]
    qregs: dict[str, tuple[str, str, str]]  # role -> (macro, body, where)
    regs: dict[str, Const]
    B: dict[str, str]  # bit role -> macro name used in C
    bits: dict[str, Const]
    ctx_word1: str = ""


_TX_CONTEXT_BIT = re.compile(r"^(txd_cmd_(tcp|ip|tse)|advtxd_(tucmd|maclen|vlan_shift|l4len|mss|dtyp_ctxt))")


def _bit_group(role: str) -> str:
    if role.startswith(("rxd_", "rxdext_", "rxdadv_")):
        return "rx"
    if _TX_CONTEXT_BIT.match(role):
        return "tx_context"
    if role.startswith(("txd_", "advtxd_")):
        return "tx_data"
    if role.startswith(("vring_desc", "vring_avail", "vring_used")):
        return "split_desc"
    if role.startswith("hdr_"):
        return "net_hdr_v1"
    if role.startswith("f_"):
        return "regs"
    return "regs"


def view(f: HwFacts) -> View:
    from ... import __version__

    layouts = {r: f.layouts[r] for r in fam.SPECS[f.family].layouts if r in f.layouts}
    bits = dict(f.bits)
    B = {}
    for role, c in bits.items():
        name = c.name if re.fullmatch(r"[A-Z_][A-Z0-9_]*", c.name) else role.upper()
        if not name.startswith(("E1000", "IXGBE", "IGB", "VRING", "VIRTIO_", "DEFAULT_")):
            name = f"{f.prefix}_{role.upper()}"
        B[role] = name
    ctx_word1 = ""
    if f.family == fam.INTEL_ADVANCED:
        for m in f.layouts["tx_context"].members:
            if m.offset == 4 and m.size == 4:
                ctx_word1 = m.path
    return View(
        facts=f,
        drv=f.driver,
        DRV=f.prefix,
        version=__version__,
        layouts=layouts,
        structs={r: c_struct(l) for r, l in layouts.items()},
        asserts={r: c_asserts(l) for r, l in layouts.items()},
        qregs={r: (q.name, qmacro(q), q.where) for r, q in f.queue_regs.items()},
        regs=dict(f.regs),
        B=B,
        bits=bits,
        ctx_word1=ctx_word1,
    )


def bits_for(v: View, group: str) -> list[tuple[str, Const]]:
    seen = set()
    out = []
    for role in sorted(v.bits, key=lambda r: (v.B[r])):
        if _bit_group(role) != group:
            continue
        name = v.B[role]
        if name in seen:
            continue
        seen.add(name)
        out.append((name, v.bits[role]))
    return out


def render(template: str, v: View, **extra) -> str:
    t = _ENV.get_template(template)
    return t.render(v=v, bits_for=lambda g: bits_for(v, g), fam=fam, **extra)
