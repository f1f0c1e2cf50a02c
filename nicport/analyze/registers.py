"""Registers: every register macro with its compiler-evaluated offset, and the *roles* the
dataplane needs, found from how the ring-programming and interrupt code uses them.

Role evidence (not names):

* ``tx_base_lo/hi``, ``tx_len``: written, in the TX ring setup function (reachable from
  ``ndo_open``, names the TX descriptor type), with the low / high half of a DMA address, and
  with the ring's byte length (``count * sizeof(desc)``);
* ``tx_head``/``tx_tail``: both zeroed in that function; the tail is the one the xmit path
  then writes (directly or through the ring member the setup code stored its address in);
* ``rx_*`` the same with the RX setup function and the RX refill path;
* ``irq_cause``: the register the interrupt handlers read; ``irq_mask_clear``: the register
  written with all ones to mask every cause; ``irq_mask_set``: its set counterpart written
  when NAPI re-enables interrupts;
* ``tx_ctrl``/``rx_ctrl``: the global (not per-queue) register of the TX / RX setup path
  whose enable bit the setup code sets.
"""

from __future__ import annotations

import re

from ..ir import ROLE_NAMES, BitDef, Provenance, Register, Registers, RoleAssignment
from .clang_frontend import MMIO_READ, MMIO_WRITE
from .program import MmioAccess, Program
from .textscan import blank_comments

_ACCESS = re.compile(r"\b(RW1C|RW/RC|RC/W|RWC|RW|RO|WO|RC|WC)\b")
_ALL_ONES = (0xFFFFFFFF, -1, 0xFFFFFFFFFFFFFFFF)


def _is_reg(prog: Program, name: str) -> bool:
    m = prog.macros.get(name)
    return m is not None and m.evaluated


def register_table(prog: Program, accesses: list[MmioAccess]) -> list[Register]:
    used: dict[str, MmioAccess] = {}
    for a in accesses:
        for r in a.registers:
            used.setdefault(r, a)
    for mem, regs in prog.member_aliases().items():
        if any(a.member == mem for a in accesses):
            for r in regs:
                used.setdefault(r, next(a for a in accesses if a.member == mem))
    # register headers: where the used registers are defined; their register block
    per_file: dict[str, list[int]] = {}
    for r in used:
        m = prog.macros[r]
        per_file.setdefault(m.d.file, []).append(m.d.line)
    names: set[str] = set(used)
    for file, lines in per_file.items():
        if len(lines) < 3:
            continue
        lo, hi = min(lines), max(lines)
        for name, m in prog.macros.items():
            if m.d.file != file or not (lo <= m.d.line <= hi) or not m.evaluated:
                continue
            off = m.offset
            if off is None or off < 0 or off >= 0x200000 or off % 4:
                continue
            if m.d.function_like and (m.stride is None or m.stride <= 0):
                continue
            names.add(name)
    # bit macros of a register are named after it: E1000_TCTL -> E1000_TCTL_EN
    bits_of: dict[str, list[str]] = {r: [] for r in names}
    for name, m in prog.macros.items():
        if name in names or m.d.function_like or m.value is None:
            continue
        parts = name.split("_")
        for k in range(len(parts) - 1, 0, -1):  # the longest register name that prefixes it
            prefix = "_".join(parts[:k])
            if prefix in bits_of:
                bits_of[prefix].append(name)
                break
    out = []
    for name in sorted(names, key=lambda n: (prog.macros[n].offset or 0, n)):
        m = prog.macros[name]
        acc = _ACCESS.search(m.d.comment or "")
        bits = [BitDef(name=b, value=prog.macros[b].value, mask=prog.macros[b].value, comment=prog.macros[b].d.comment,
                       provenance=Provenance(file=prog.macros[b].d.file, line=prog.macros[b].d.line, derived="evaluated"))
                for b in sorted(bits_of.get(name, []))]
        out.append(Register(
            name=name, offset=m.offset, per_queue=m.d.function_like, stride=m.stride if m.d.function_like else None,
            param=(m.d.params or [None])[0] if m.d.function_like else None, definition=m.d.body[:200],
            access=acc.group(1) if acc else None, comment=m.d.comment, used=name in used, bits=bits,
            provenance=Provenance(file=m.d.file, line=m.d.line, derived="evaluated" if prog.derived == "clang" else "text")))
    return out


# ----------------------------------------------------------------------------- roles


def _lo(v: str) -> bool:
    if not re.search(r"\b[a-z_]\w*\b", re.sub(r"lower_32_bits|dma_bit_mask|0x\w+", "", v.lower().replace("DMA_BIT_MASK", ""))) \
            or not re.search(r"\b[a-z_][a-z0-9_]*\b(?!\()", v):
        return False
    v = v.replace(" ", "").lower()
    return bool(re.search(r"dma_bit_mask\(32\)|0x0*ffffffff(ull|ul|u|l)*\b|lower_32_bits|\(u32\)", v)) and ">>32" not in v


def _hi(v: str) -> bool:
    v = v.replace(" ", "").lower()
    return ">>32" in v or "upper_32_bits" in v


def _zero(v: str) -> bool:
    return v.strip().strip("()") in ("0", "0x0", "0U", "0u")


class RoleFinder:
    def __init__(self, prog: Program, accesses: list[MmioAccess], tx_types: list[str], rx_types: list[str],
                 xmit: set[str], rx_path: set[str], open_path: set[str], irq_handlers: list[str], napi: list[str]):
        self.prog = prog
        self.acc = accesses
        self.tx_types = tx_types
        self.rx_types = rx_types
        self.xmit = xmit
        self.rx_path = rx_path
        self.open_path = open_path
        self.irq_handlers = irq_handlers
        self.napi = napi
        self.by_fn: dict[str, list[MmioAccess]] = {}
        for a in accesses:
            self.by_fn.setdefault(a.function, []).append(a)
        self.roles: dict[str, RoleAssignment | None] = {r: None for r in ROLE_NAMES}
        self.reasons: dict[str, str] = {}
        self._en_cache: dict[str, str | None] = {}
        self._handles: dict[str, str] | None = None

    # helpers
    def _prov(self, a: MmioAccess) -> Provenance:
        f = self.prog.functions[a.function]
        return Provenance(file=f["file"], line=a.line, derived="inferred")

    def _set(self, role: str, a: MmioAccess, evidence: str, reg: str | None = None) -> None:
        reg = reg or a.registers[0]
        m = self.prog.macros.get(reg)
        name = reg + "(0)" if m is not None and m.d.function_like else reg
        variants = [r for r in a.registers if r != reg]
        self.roles[role] = RoleAssignment(name=name, offset=m.offset if m else None, evidence=evidence,
                                          variants=variants, provenance=self._prov(a))

    def _local_len_vars(self, fname: str) -> set[str]:
        text = blank_comments(self.prog.function_text(fname))
        out = set()
        for m in re.finditer(r"\b([a-z_]\w*)\s*=\s*([^;]*)", text):
            if "sizeof" in m.group(2) or "->size" in m.group(2) or "count" in m.group(2):
                out.add(m.group(1))
        return out

    def _ring_setup(self, types: list[str]) -> list[str]:
        """Functions that write a DMA address to registers: the ones naming the side's descriptor
        type first (reachable from ndo_open first); without layouts (header-free) all of them."""
        pool = self.open_path or set(self.prog.functions)
        out: list[str] = []
        for restrict_types in (True, False):
            for restrict_pool in (True, False):
                for fname in sorted(pool if restrict_pool else self.prog.functions):
                    f = self.prog.functions.get(fname)
                    if not f or fname in out:
                        continue
                    if restrict_types and not any(t in f["types"] for t in types):
                        continue
                    writes = [a for a in self.by_fn.get(fname, []) if a.op == "write"]
                    if any((_lo(a.value) or _hi(a.value)) and self._dma_side(fname, a.value) for a in writes):
                        out.append(fname)
            if out and types:
                return out
        return out

    def ring_roles(self, side: str) -> None:
        types = self.tx_types if side == "tx" else self.rx_types
        setup = self._ring_setup(types)
        if not setup:
            for r in ("tail", "head", "base_lo", "base_hi", "len", "ctrl"):
                self.reasons[f"{side}_{r}"] = f"no {side.upper()} ring setup function writes a DMA address to a register"
            return
        if not types:  # no layouts: the setup whose ring the xmit path (tx) or not (rx) advances
            taken = {self.roles[r].evidence.split()[2].rstrip(",") for r in ("tx_tail", "rx_tail") if self.roles[r]}
            xm = [f for f in setup if f not in taken and self._feeds(f, self.xmit)]
            setup = xm if side == "tx" and xm else [f for f in setup if f not in taken and f not in xm] or setup
        fname = setup[0]
        writes = [a for a in self.by_fn.get(fname, []) if a.op == "write"]
        lens = self._local_len_vars(fname)
        zeroed: list[MmioAccess] = []
        for a in writes:
            dside = self._dma_side(fname, a.value) if (_hi(a.value) or _lo(a.value)) else None
            if dside and dside not in ("?", side):
                continue  # the other ring's address, programmed by the same function
            if _hi(a.value) and dside and not self.roles[f"{side}_base_hi"]:
                self._set(f"{side}_base_hi", a, f"{fname} writes the high 32 bits of the ring's DMA address")
            elif _lo(a.value) and dside and not self.roles[f"{side}_base_lo"]:
                self._set(f"{side}_base_lo", a, f"{fname} writes the low 32 bits of the ring's DMA address")
            elif _zero(a.value):
                zeroed.append(a)
            elif not self.roles[f"{side}_len"] and ("sizeof" in a.value or any(re.search(rf"\b{v}\b", a.value) for v in lens)
                                                      or re.search(r"->\s*size\b", a.value)):
                self._set(f"{side}_len", a, f"{fname} writes the ring's byte length (count * descriptor size)")
        # tail: written with a ring index by the xmit path (tx) or the refill path (rx)
        zero_map: dict[str, MmioAccess] = {}
        for z in zeroed:
            regs = z.registers
            if z.member:
                regs = [r for r in regs if self._assigned_in(fname, z.member, r)] or regs[:1]
            zero_map.setdefault(regs[0], z)
        path = self.xmit if side == "tx" else (self.rx_path | self.open_path)
        later = [a for a in self.acc if a.op == "write" and a.function in path and a.function not in setup
                 and not _zero(a.value)]
        # ring-index writes: through the ring member the setup stored the address in, or a plain index value
        later.sort(key=lambda a: (a.member is None, not re.fullmatch(r"[\w>.\-\[\]]+", a.value or "")))
        tail = None
        for a in later:
            regs = a.registers
            if a.member:
                regs = [r for r in regs if self._assigned_in(fname, a.member, r)]
            hit = [r for r in regs if r in zero_map]
            if hit:
                tail = (a, hit[0])
                break
        if tail is not None:
            a, reg = tail
            za = zero_map[reg]
            self._set(f"{side}_tail", za, f"zeroed in {fname}, then written with the ring index in {a.function}", reg)
            heads = sorted((z for r, z in zero_map.items() if r != reg), key=lambda z: abs(z.line - za.line))
            if heads:
                hreg = next(r for r, z in zero_map.items() if z is heads[0])
                self._set(f"{side}_head", heads[0], f"zeroed in {fname} next to the tail; never written by the "
                          f"{'xmit' if side == 'tx' else 'refill'} path", hreg)
        else:
            self.reasons[f"{side}_tail"] = f"no register written both in {fname} and on the {side} path"
        for r in ("head", "base_lo", "base_hi", "len"):
            if not self.roles[f"{side}_{r}"]:
                self.reasons.setdefault(f"{side}_{r}", f"no write in {fname} matches")
        self._ctrl(side, fname)

    def dma_handles(self) -> dict[str, str]:
        """Members that receive a ring's DMA address from dma_alloc_coherent (``&ring->dma``,
        ``&tp->TxPhyAddr``) -> "tx"/"rx" when the allocated memory is stored in a member pointing
        to that side's descriptor type, else "?"."""
        if self._handles is not None:
            return self._handles
        from .program import split_args

        out: dict[str, str] = {}
        for f in self.prog.functions.values():
            for fld, op, _line, rhs, _c, _lhs in f["assigns"]:
                m = re.search(r"\b(dmam?_alloc_(?:coherent|attrs|noncoherent)|dma_zalloc_coherent)\s*\(", rhs)
                if op != "=" or not m:
                    continue
                args = split_args(rhs[m.start():]) or []
                if len(args) < 3:
                    continue
                hm = re.search(r"(?:->|\.)\s*(\w+)\s*$", args[2])
                if not hm:
                    continue
                side = "?"
                seen_types = set()
                for rec in self.prog.records.values():
                    for mem in rec["members"]:
                        if mem[0] == fld and "*" in mem[1]:
                            seen_types.add(mem[1].replace("*", "").replace("const", "").replace("__iomem", "").strip())
                if seen_types:
                    if seen_types & set(self.tx_types):
                        side = "tx"
                    elif seen_types & set(self.rx_types):
                        side = "rx"
                    elif not seen_types & {"void", "u8", "char"}:
                        continue  # memory of some other type (statistics, ...): not a descriptor ring
                prev = out.get(hm.group(1))
                out[hm.group(1)] = side if prev in (None, "?") else prev
        self._handles = out
        return out

    def _dma_side(self, fname: str, value: str) -> str | None:
        """The side of the DMA address ``value`` carries ("tx"/"rx"/"?"), None if it is not one."""
        handles = self.dma_handles()
        cands = [value]
        text = None
        for v in re.findall(r"\b([a-z_]\w*)\b(?!\s*(?:\(|->|\.))", value):
            text = text or blank_comments(self.prog.function_text(fname))
            for m in re.finditer(rf"\b{re.escape(v)}\s*=\s*([^;]+);", text):
                cands.append(m.group(1))
            m = re.search(rf"\b{re.escape(v)}\s*=\s*([^;,]+)[;,]", text)
            if m:
                cands.append(m.group(1))
        for c in cands:
            for h in re.findall(r"(?:->|\.)\s*(\w+)", c):
                if h in handles:
                    return handles[h]
        return None

    def _feeds(self, fname: str, path: set[str]) -> bool:
        """A register zeroed in ``fname`` is written on ``path`` (directly or through a ring member)."""
        zero = set()
        for a in self.by_fn.get(fname, []):
            if a.op == "write" and _zero(a.value):
                zero.update(a.registers)
        for a in self.acc:
            if a.op == "write" and a.function in path and a.function != fname and set(a.registers) & zero:
                return True
        return False

    def _assigned_in(self, fname: str, member: str, reg: str) -> bool:
        for fld, op, _l, rhs, _c, _lhs in self.prog.functions[fname]["assigns"]:
            if fld == member and re.search(rf"\b{reg}\b", rhs):
                return True
        return False

    def _enable_bit(self, reg: str) -> str | None:
        """An enable bit of ``reg`` (``E1000_TCTL_EN``, ``IXGBE_DMATXCTL_TE``) the driver's code uses."""
        if reg in self._en_cache:
            return self._en_cache[reg]
        found = None
        for name in sorted(self.prog.macros):
            if name.startswith(reg + "_") and re.fullmatch(r"(?:EN|ENABLE|TE|RE|RXEN|TXEN|TX_EN|RX_EN)", name[len(reg) + 1:]):
                pat = re.compile(rf"\b{re.escape(name)}\b")
                if any(pat.search(self.prog.texts[c]) for c in self.prog.c_files):
                    found = name
                    break
        self._en_cache[reg] = found
        return found

    def _ctrl(self, side: str, setup_fn: str) -> None:
        """The global register of the setup path that has an enable bit (TX/RX enable)."""
        prog = self.prog
        callers = {f for f in prog.callers(setup_fn) if f in self.open_path or not self.open_path}
        callers2 = set()
        for c in callers:
            callers2 |= {f for f in prog.callers(c) if f in self.open_path or not self.open_path}
        near = {setup_fn: 4}
        for f in callers:
            near.setdefault(f, 3)
        for f in callers2:
            near.setdefault(f, 2)
        for c in callers | callers2:  # siblings: the other setup steps of the same bring-up
            for f in prog.edges().get(c, ()):
                near.setdefault(f, 1)
        queue_regs = {r for a in self.acc if a.function == setup_fn for r in a.registers if prog.macros[r].d.function_like}
        other = self.roles.get("rx_ctrl" if side == "tx" else "tx_ctrl")
        best = None
        for fname, score in sorted(near.items()):
            for a in self.by_fn.get(fname, []):
                reg = a.registers[0]
                m = prog.macros.get(reg)
                if m is None or m.d.function_like or reg in queue_regs or (other and other.name == reg):
                    continue
                bit = self._enable_bit(reg)
                if not bit:
                    continue
                short = reg.split("_", 1)[-1]
                side_hint = 1 if (("TX" in short or short.startswith("T")) if side == "tx"
                                  else ("RX" in short or short.startswith("R"))) else 0
                cand = (score, side_hint, -a.line if fname == setup_fn else 0, fname, a, bit)
                if best is None or cand[:3] > best[:3]:
                    best = cand
        if best is None:
            self.reasons[f"{side}_ctrl"] = f"no global register with an enable bit is accessed near {setup_fn}"
            return
        _s, _h, _l, fname, a, bit = best
        self._set(f"{side}_ctrl", a, f"{fname} programs {a.registers[0]} (enable bit {bit}) while bringing up the "
                  f"{side.upper()} path")

    def irq_roles(self) -> None:
        prog = self.prog
        handlers = [h for h in self.irq_handlers if h in prog.functions]
        if not handlers:
            for r in ("irq_cause", "irq_mask_set", "irq_mask_clear"):
                self.reasons[r] = "no interrupt handler in the driver (interrupts are managed by the transport)"
            return
        counts: dict[str, list[MmioAccess]] = {}
        for h in handlers:
            seen = set()
            for fname in [h] + sorted(prog.reachable([h], max_depth=1)):
                for a in self.by_fn.get(fname, []):
                    if a.op == "read" and not prog.macros[a.registers[0]].d.function_like and a.registers[0] not in seen:
                        seen.add(a.registers[0])
                        counts.setdefault(a.registers[0], []).append(a)
                        break
        if counts:
            reg = max(sorted(counts), key=lambda r: len(counts[r]))
            self._set("irq_cause", counts[reg][0], f"first register read by the interrupt handlers "
                      f"({', '.join(sorted({a.function for a in counts[reg]}))})")
        else:
            self.reasons["irq_cause"] = "the interrupt handlers read no register"
        # mask clear: written with all ones (mask every cause)
        clear = None
        for a in self.acc:
            if a.op != "write" or prog.macros[a.registers[0]].d.function_like:
                continue
            v = self._const(a.value)
            if v in _ALL_ONES:
                if clear is None or (a.function in handlers and clear.function not in handlers):
                    clear = a
        if clear is not None:
            self._set("irq_mask_clear", clear, f"{clear.function} writes all ones to it (mask every interrupt cause)")
        else:
            self.reasons["irq_mask_clear"] = "no register is written with all ones"
        # mask set: written on the NAPI completion path; the counterpart of the clear register
        napi_fns = set(prog.reachable(self.napi, max_depth=3)) if self.napi else set()
        cands = []
        for a in self.acc:
            if a.op != "write" or a.function not in napi_fns:
                continue
            reg = a.registers[0]
            if prog.macros[reg].d.function_like or _zero(a.value):
                continue
            if any(self.roles[r] and self.roles[r].name == reg for r in ("tx_tail", "rx_tail", "irq_cause", "irq_mask_clear")):
                continue
            cands.append(a)
        # doorbells written by the xmit path are not interrupt masks
        xmit_regs = {a.registers[0] for a in self.acc if a.op == "write" and a.function in self.xmit}
        cands = [a for a in cands if a.registers[0] not in xmit_regs]
        irq_fns = set(prog.reachable(handlers, max_depth=2))
        zeroed_in_irq = {a.registers[0] for a in self.acc if a.op == "write" and _zero(a.value) and a.function in irq_fns}
        if cands and self.roles["irq_mask_clear"] is None:
            # one mask register written with 0 to mask everything and with the enable bits to unmask
            both = [a for a in cands if a.registers[0] in zeroed_in_irq]
            if both:
                a = both[0]
                z = next(x for x in self.acc if x.op == "write" and _zero(x.value) and x.function in irq_fns
                         and x.registers[0] == a.registers[0])
                self._set("irq_mask_clear", z, f"{z.function} writes 0 to it (mask every interrupt cause)")
                self.reasons.pop("irq_mask_clear", None)
        if cands and self.roles["irq_mask_clear"] is None:
            # without a mask-clear register to pair with, a write on the NAPI path proves nothing
            self.reasons["irq_mask_set"] = ("no interrupt mask register pair: registers written on the NAPI path "
                                            "(" + ", ".join(sorted({a.registers[0] for a in cands})[:4]) +
                                            ") have no mask-clear counterpart")
            cands = []
        if cands:
            ref = self.roles["irq_mask_clear"].name if self.roles["irq_mask_clear"] else ""

            def score(a: MmioAccess):
                r = a.registers[0]
                sim = sum(1 for x, y in zip(r, ref) if x == y) if len(r) == len(ref) else 0
                return (r == ref, sim, -len(r))

            a = max(cands, key=score)
            self._set("irq_mask_set", a, f"{a.function} (on the NAPI completion path) writes it to re-enable interrupts")
        elif "irq_mask_set" not in self.reasons:
            self.reasons["irq_mask_set"] = "no register is written on the NAPI completion path"

    def _const(self, v: str) -> int | None:
        s = v.strip()
        while s.startswith("(") and s.endswith(")"):
            s = s[1:-1].strip()
        if re.fullmatch(r"~\s*0[uUlL]*", s):
            return -1
        if re.fullmatch(r"0[xX][fF]{8}[uUlL]*", s):
            return 0xFFFFFFFF
        if re.fullmatch(r"[A-Z_][A-Z0-9_]*", s):
            val = self.prog.macro_value(s)
            if val is not None:
                return val & 0xFFFFFFFF if val in (0xFFFFFFFF, -1) else val
        return None


def registers(prog: Program, finder_args: dict, bus: str | None) -> Registers:
    accesses = prog.mmio()
    if not accesses:
        raw = any(c[0] in MMIO_READ or c[0] in MMIO_WRITE for f in prog.functions.values() for c in f["calls"])
        if bus == "virtio":
            reason = ("a virtio driver touches no device registers: its rings are virtqueues in guest memory and "
                      "the transport (virtio_pci / virtio_mmio) owns the BARs and interrupts")
        elif raw:
            reason = ("the driver accesses MMIO, but not through named register offsets (e.g. through a struct "
                      "overlaid on the BAR): register offsets and roles were not derived")
        else:
            reason = "the driver accesses no device registers through MMIO"
        return Registers(applicable=False, reason=reason, roles={r: None for r in ROLE_NAMES},
                         role_reasons={r: reason for r in ROLE_NAMES})
    table = register_table(prog, accesses)
    rf = RoleFinder(prog, accesses, **finder_args)
    rf.ring_roles("rx")
    rf.ring_roles("tx")
    rf.irq_roles()
    acc_names = sorted(n for n in prog.accessors() if n in prog.macros or n in prog.functions)
    reasons = {r: rf.reasons.get(r, "not found") for r in ROLE_NAMES if rf.roles[r] is None}
    return Registers(applicable=True, mmio_accessors=acc_names, registers=table, roles=rf.roles, role_reasons=reasons)
