"""The whole driver as one program: per-file facts merged, macros with their evaluated values,
the call graph (direct calls, address-taken functions, calls through ops-table members)."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field

from .clang_frontend import MMIO_READ, MMIO_WRITE
from .textscan import MacroDef, blank_comments, call_names, identifiers


@dataclass
class Macro:
    d: MacroDef
    value: int | None = None  # object-like: evaluated value
    v0: int | None = None  # one-parameter: value at n=0
    v1: int | None = None  # value at n=1

    @property
    def name(self) -> str:
        return self.d.name

    @property
    def evaluated(self) -> bool:
        return self.value is not None or self.v0 is not None

    @property
    def offset(self) -> int | None:
        return self.value if self.value is not None else self.v0

    @property
    def stride(self) -> int | None:
        if self.v0 is not None and self.v1 is not None:
            return self.v1 - self.v0
        return None


@dataclass
class MmioAccess:
    function: str
    line: int
    op: str  # read | write
    registers: list[str]  # register macro names (first is the primary)
    value: str  # the written value (as written), "" for reads
    text: str  # the access as written
    via: str  # the accessor used (er32, writel, IXGBE_WRITE_REG ...)
    member: str | None = None  # ring member the address came from (tail, tdt ...)


@dataclass
class Program:
    name: str
    texts: dict[str, str]  # rel -> text
    c_files: list[str]
    macros: dict[str, Macro]
    functions: dict[str, dict]
    records: dict[str, dict]
    initializers: list[dict]
    tables: list[dict]
    globals: dict[str, list]
    errors: list[dict]
    kernel_values: dict[str, int] = field(default_factory=dict)
    derived: str = "clang"  # "text" in header-free mode
    _edges: dict[str, set[str]] | None = None
    _field_targets: dict[str, set[str]] | None = None
    _mmio: list[MmioAccess] | None = None
    _accessors: dict[str, tuple[str, int, list[str]]] | None = None

    # ------------------------------------------------------------------ macros

    def macro_value(self, name: str) -> int | None:
        m = self.macros.get(name)
        if m is not None and m.value is not None:
            return m.value
        return self.kernel_values.get(name)

    def macro_expands_to_calls(self, name: str, seen: set[str] | None = None) -> list[str]:
        """Kernel names called (transitively) by the expansion of driver macro ``name``."""
        seen = seen or set()
        if name in seen or name not in self.macros:
            return []
        seen.add(name)
        out = []
        for n, _ in call_names(self.macros[name].d.body):
            if n in self.macros:
                out.extend(self.macro_expands_to_calls(n, seen))
            elif n in self.functions:
                continue
            else:
                out.append(n)
        return out

    # ------------------------------------------------------------------ call graph

    def field_targets(self) -> dict[str, set[str]]:
        """ops-table member name -> driver functions stored in it (initializers and assignments)."""
        if self._field_targets is None:
            ft: dict[str, set[str]] = defaultdict(set)
            for ini in self.initializers:
                for fname, (fn, _v, _s, _l) in ini["fields"].items():
                    if fn and fn in self.functions:
                        ft[fname].add(fn)
            for f in self.functions.values():
                for fld, op, _line, rhs, _c, _lhs in f["assigns"]:
                    if op == "=":
                        r = rhs.strip().lstrip("&").strip()
                        if r in self.functions:
                            ft[fld].add(r)
            self._field_targets = ft
        return self._field_targets

    def edges(self) -> dict[str, set[str]]:
        if self._edges is None:
            ft = self.field_targets()
            e: dict[str, set[str]] = {}
            for name, f in self.functions.items():
                out = set()
                for callee, _line, kind, _s in f["calls"]:
                    if kind == "driver" and callee in self.functions:
                        out.add(callee)
                    elif kind == "member":
                        out.update(ft.get(callee, ()))
                for r, _line in f["refs"]:
                    if r in self.functions:
                        out.add(r)
                out.discard(name)
                e[name] = out
            self._edges = e
        return self._edges

    def reachable(self, roots, max_depth: int = 50, stop: set[str] | None = None) -> dict[str, int]:
        """Driver functions reachable from ``roots`` -> depth."""
        edges = self.edges()
        seen: dict[str, int] = {}
        q = deque((r, 0) for r in roots if r in self.functions)
        while q:
            n, d = q.popleft()
            if n in seen:
                continue
            seen[n] = d
            if d >= max_depth:
                continue
            for m in sorted(edges.get(n, ())):
                if m not in seen and (stop is None or m not in stop):
                    q.append((m, d + 1))
        return seen

    def callers(self, name: str) -> set[str]:
        return {f for f, outs in self.edges().items() if name in outs}

    def function_text(self, name: str) -> str:
        f = self.functions[name]
        cache = self.__dict__.setdefault("_lines", {})
        lines = cache.get(f["file"])
        if lines is None:
            lines = cache[f["file"]] = self.texts.get(f["file"], "").split("\n")
        return "\n".join(lines[f["start"] - 1: f["end"]])

    # ------------------------------------------------------------------ MMIO

    def accessors(self) -> dict[str, tuple[str, int, list[str]]]:
        """MMIO accessors: name -> (op, index of the register argument, paste prefixes).

        Kernel primitives (readl: arg 0, writel: arg 1), driver functions that pass one of
        their parameters into a primitive's address, and driver macros that wrap either."""
        if self._accessors is not None:
            return self._accessors
        acc: dict[str, tuple[str, int, list[str]]] = {}
        for n in MMIO_READ:
            acc[n] = ("read", 0, [])
        for n in MMIO_WRITE:
            acc[n] = ("write", 1, [])
        def is_reg(name: str) -> bool:
            m = self.macros.get(name)
            return m is not None and m.evaluated and not name.islower()

        changed = True
        rounds = 0
        while changed and rounds < 6:
            changed = False
            rounds += 1
            for name, f in self.functions.items():
                if name in acc:
                    continue
                # only integer parameters can be register offsets (not ring/adapter pointers)
                params = [p if "*" not in t and "struct" not in t else "\0" for p, t in f["params"]]
                for callee, _line, _kind, snip in f["calls"]:
                    if callee in acc and snip:
                        got = _param_in_reg_arg(snip, acc, params, is_reg)
                        if got is not None:
                            acc[name] = (acc[callee][0], got[0], [])
                            changed = True
                            break
            for name, m in self.macros.items():
                if name in acc or not m.d.function_like:
                    continue
                body = m.d.body
                for cname, off in call_names(body):
                    if cname in acc:
                        got = _param_in_reg_arg(body[off:], acc, m.d.params or [], is_reg)
                        if got is not None:
                            idx, prefixes = got
                            acc[name] = (acc[cname][0], idx, prefixes)
                            changed = True
                            break
        self._accessors = acc
        return acc

    def mmio(self) -> list[MmioAccess]:
        """Every register access in the driver, with the register macros it names."""
        if self._mmio is not None:
            return self._mmio
        acc = self.accessors()
        regs_known = self.macros
        aliases = self.member_aliases()
        out: list[MmioAccess] = []
        for name, f in self.functions.items():
            if name in acc:
                continue  # inside an accessor the register is a parameter
            seen_lines: set[tuple[int, str]] = set()
            for callee, line, kind, snip in f["calls"]:
                if not snip or callee not in acc:
                    continue
                calls = call_names(snip)
                if not calls:
                    continue
                outer, off = calls[0]
                if outer not in acc:
                    continue
                if (line, snip) in seen_lines:
                    continue
                seen_lines.add((line, snip))
                op, idx, prefixes = acc[outer]
                args = split_args(snip[off:])
                if args is None or idx >= len(args):
                    continue
                reg_text = args[idx]
                value = ""
                if op == "write":
                    others = [a for i, a in enumerate(args) if i != idx]
                    value = others[-1] if others else ""
                    if outer in MMIO_WRITE:
                        value = args[0]
                regs: list[str] = []
                member = None
                ids = identifiers(blank_comments(reg_text))
                if prefixes and ids:
                    for p in prefixes:
                        cand = p + ids[0]
                        if cand in regs_known and cand not in regs:
                            regs.append(cand)
                for i in ids:
                    m = regs_known.get(i)
                    if m is not None and m.evaluated and i not in regs and not i.islower():
                        regs.append(i)
                if not regs:
                    mm = re.findall(r"(?:->|\.)\s*(\w+)", reg_text)
                    for mem in reversed(mm):
                        if mem in aliases:
                            regs = list(aliases[mem])
                            member = mem
                            break
                if regs:
                    out.append(MmioAccess(name, line, op, regs, value.strip(), snip, outer, member))
        self._mmio = out
        return out

    def member_aliases(self) -> dict[str, list[str]]:
        """struct member -> register macros stored in it (``ring->tail = hw_addr + E1000_TDT(0)``)."""
        al: dict[str, list[str]] = {}
        for f in self.functions.values():
            for fld, op, _line, rhs, _c, _lhs in f["assigns"]:
                if op != "=":
                    continue
                regs = [i for i in identifiers(blank_comments(rhs)) if i in self.macros and self.macros[i].evaluated and not i.islower()]
                if regs:
                    cur = al.setdefault(fld, [])
                    for r in regs:
                        if r not in cur:
                            cur.append(r)
        return al


def _param_in_reg_arg(call_text: str, acc, params: list[str], is_reg=None) -> tuple[int, list[str]] | None:
    """If the register argument of the first accessor call in ``call_text`` uses one of
    ``params``: (param index, token-paste prefixes)."""
    calls = call_names(call_text)
    if not calls:
        return None
    name, off = calls[0]
    if name not in acc:
        return None
    args = split_args(call_text[off:])
    if not args:
        return None
    _op, idx, prefixes0 = acc[name]
    if idx >= len(args):
        return None
    reg = re.sub(r"\(\s*([A-Za-z_]\w*)\s*\)", r"\1", args[idx])  # (adapter)->x  ->  adapter->x
    if is_reg is not None and any(is_reg(i) for i in identifiers(reg) if i not in params):
        return None  # the register is named here (REG + n * 8): a user of registers, not an accessor
    for pi, p in enumerate(params):
        if re.search(rf"\b{re.escape(p)}\b(?!\s*(?:->|\.))", reg):
            prefixes = re.findall(rf"(\w+)\s*##\s*{re.escape(p)}\b", reg)
            if prefixes0 and not prefixes:
                prefixes = prefixes0
            return pi, prefixes
    return None


def split_args(text: str) -> list[str] | None:
    """Top-level arguments of the first parenthesised list in ``text`` (``f(a, (b, c))`` -> [a, (b, c)])."""
    i = text.find("(")
    if i < 0:
        return None
    depth = 0
    cur = []
    args = []
    for ch in text[i:]:
        if ch in "([{":
            depth += 1
            if depth == 1:
                continue
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return [a for a in args if a != ""] if args != [""] else []
        elif ch == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    return None
