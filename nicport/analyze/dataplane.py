"""The dataplane slice: the call graph reachable from the entry points (xmit, NAPI poll, IRQ
handlers, open/stop), each function with the Linux kernel APIs it calls -- functions clang sees
in the AST, kernel macros used as calls (``dma_map_single``, ``le16_to_cpu``), and driver MMIO
wrappers resolved to what they expand to (``er32`` -> ``readl``) -- and its DMA call sites."""

from __future__ import annotations

import re

from ..ir import ApiCall, DataplaneSlice, Dma, DmaUse, SliceFunction
from .program import Program
from .textscan import C_KEYWORDS, blank_comments, call_names

#: compiler builtins and language-level names that are not kernel APIs
_NOT_API = C_KEYWORDS | {"__builtin_expect", "__builtin_constant_p", "__builtin_unreachable", "__compiletime_assert",
                         "__same_type", "__must_be_array", "__is_constexpr"}


def _dma_kind(name: str) -> str | None:
    if name.startswith("page_pool"):
        return "page_pool"
    if not (name.startswith("dma_") or name.startswith("xsk_buff_dma") or name.startswith("xp_dma")
            or name.startswith("pci_map") or name.startswith("pci_unmap") or name.startswith("skb_frag_dma")):
        return None
    if "unmap" in name:
        return "unmap"
    if "map" in name:
        return "map"
    if "sync" in name:
        return "sync"
    if "alloc" in name:
        return "alloc"
    if "free" in name:
        return "free"
    if "mask" in name:
        return "mask"
    return "other"


def roots(prog: Program, ep, interrupts) -> dict[str, list[str]]:
    r: dict[str, list[str]] = {}
    if ep.ndo_start_xmit:
        r.setdefault(ep.ndo_start_xmit, []).append("xmit")
    for n in ep.napi:
        r.setdefault(n.poll, []).append("napi_poll")
    for h in ep.irq_handlers:
        r.setdefault(h, []).append("irq_handler")
    if ep.ndo_open:
        r.setdefault(ep.ndo_open, []).append("open")
    if ep.ndo_stop:
        r.setdefault(ep.ndo_stop, []).append("stop")
    for table in ep.ops_tables:
        if table.type == "struct net_device_ops":
            for fld in ("ndo_xdp_xmit", "ndo_xsk_wakeup"):
                fn = table.ops.get(fld)
                if fn:
                    r.setdefault(fn, []).append(fld.removeprefix("ndo_"))
    return r


def api_calls(prog: Program, fname: str) -> list[ApiCall]:
    f = prog.functions[fname]
    out: dict[tuple[str, int], ApiCall] = {}
    text = blank_comments(prog.function_text(fname))
    params = {p for p, _t in f["params"]}
    first = f["start"]
    body_at = text.find("{")
    lines = text.split("\n")
    # what the source says: calls as written (kernel functions and macros), driver macros resolved
    written: dict[int, list[str]] = {}
    for name, off in call_names(text):
        if off < body_at:
            continue
        line = first + text.count("\n", 0, off)
        if name in prog.functions or name in params or name in _NOT_API or name == fname:
            continue
        if name in prog.macros:
            for k in prog.macro_expands_to_calls(name):
                if k in _NOT_API or k in prog.functions:
                    continue
                out.setdefault((k, line), ApiCall(name=k, file=f["file"], line=line, derived="text", via=name))
            written.setdefault(line, []).append(name)
            continue
        written.setdefault(line, []).append(name)
        out.setdefault((name, line), ApiCall(name=name, file=f["file"], line=line, derived="text"))
    # what clang sees: kernel functions (incl. static inlines) the code really calls; a call that is
    # not written on its line comes from a macro written there (udelay -> __const_udelay)
    for name, line, kind, _snip in f["calls"]:
        if kind != "kernel" or name in _NOT_API or name.startswith("__builtin"):
            continue
        key = (name, line)
        if key in out:
            out[key] = out[key].model_copy(update={"derived": "clang"})
            continue
        src_line = lines[line - first] if 0 <= line - first < len(lines) else ""
        via = None
        if not re.search(rf"\b{re.escape(name)}\b", src_line):
            via = next((w for w in written.get(line, []) if w != name), None)
        out[key] = ApiCall(name=name, file=f["file"], line=line, derived="clang", via=via)
    return sorted(out.values(), key=lambda a: (a.line, a.name))


def dataplane_slice(prog: Program, ep, interrupts) -> tuple[DataplaneSlice, Dma, dict[str, set[str]]]:
    rts = roots(prog, ep, interrupts)
    role_of: dict[str, set[str]] = {}
    reach_by_role: dict[str, set[str]] = {}
    # never follow into other entry points' teardown/probe: the slice is what the roots reach
    for root, roles in rts.items():
        reach = prog.reachable([root])
        for fn in reach:
            role_of.setdefault(fn, set()).update(roles)
        for role in roles:
            reach_by_role.setdefault(role, set()).update(reach)
    for root, roles in rts.items():
        role_of[root].update("entry:" + r for r in roles)
    edges = prog.edges()
    funcs: list[SliceFunction] = []
    dma: list[DmaUse] = []
    masks: set[int] = set()
    for fname in sorted(role_of):
        f = prog.functions[fname]
        calls = api_calls(prog, fname)
        funcs.append(SliceFunction(name=fname, file=f["file"], line=f["line"], roles=sorted(role_of[fname]),
                                   api_calls=calls, callees=sorted(c for c in edges.get(fname, ()) if c in role_of)))
        for c in calls:
            k = _dma_kind(c.name)
            if k:
                dma.append(DmaUse(api=c.name, function=fname, file=c.file, line=c.line, kind=k))
    for f in prog.functions.values():
        for api, _line, argv in f["args"]:
            if api.startswith("dma_set") and argv:
                txt = argv[-1][0]
                m = re.search(r"DMA_BIT_MASK\(\s*(\d+)\s*\)", txt)
                if m:
                    masks.add(int(m.group(1)))
    for fname, f in prog.functions.items():
        if any(c[0].startswith("dma_set_mask") or c[0] == "dma_set_coherent_mask" for c in f["calls"]):
            for m in re.finditer(r"DMA_BIT_MASK\(\s*(\d+)\s*\)", prog.function_text(fname)):
                masks.add(int(m.group(1)))
    return DataplaneSlice(functions=funcs), Dma(calls=dma, mask_bits=sorted(masks)), reach_by_role
