"""A readable summary of a DriverIR: rich tables for IDs, ring registers, descriptors (fields and
bits), interrupts, entry points and offloads."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..ir import ROLE_NAMES, DriverIR


def _hex(v) -> str:
    return f"0x{v:x}" if isinstance(v, int) and v >= 0 else ("-" if v is None else str(v))


def _fact(f) -> str:
    if f is None:
        return "-"
    v = f.value if f.value is not None else (f.note or f.expr or "-")
    return f"{v} ({f.expr})" if f.expr and f.value is not None else str(v)


def render_summary(ir: DriverIR, console: Console) -> None:
    idn = ir.identity
    console.print(f"[bold]{idn.name}[/bold]  module {idn.module}  {len(idn.c_files)} .c + {len(idn.h_files)} .h, "
                  f"{idn.loc} lines  license {idn.spdx_license or '?'}  Linux {idn.kernel_version or '?'}  "
                  f"front end {idn.front_end}  IR {ir.ir_version}")
    for w in ir.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    if ir.degraded:
        console.print(f"[yellow]degraded:[/yellow] {len(ir.diagnostics)} diagnostics"
                      + (f" (first: {ir.diagnostics[0].file}:{ir.diagnostics[0].line}: {ir.diagnostics[0].message})"
                         if ir.diagnostics else ""))

    t = Table(title=f"Device IDs ({ir.device_ids.count}, bus {ir.device_ids.bus or '-'})", show_lines=False)
    for c in ("table", "vendor", "device", "subvendor", "subdevice", "driver_data"):
        t.add_column(c)
    for tab in ir.device_ids.tables:
        for i, e in enumerate(tab.entries):
            if i >= 12:
                t.add_row(tab.name, f"... {len(tab.entries) - 12} more", "", "", "", "")
                break
            t.add_row(tab.name, _hex(e.vendor), _hex(e.device), _hex(e.subvendor), _hex(e.subdevice),
                      str(e.driver_data) if e.driver_data is not None else "-")
    console.print(t)

    t = Table(title="Ring and interrupt registers (roles)")
    for c in ("role", "register", "offset", "evidence"):
        t.add_column(c)
    if not ir.registers.applicable:
        t.add_row("-", "not applicable", "-", ir.registers.reason or "")
    else:
        for role in ROLE_NAMES:
            r = ir.registers.roles.get(role)
            if r:
                t.add_row(role, r.name, _hex(r.offset), r.evidence)
            else:
                t.add_row(role, "-", "-", ir.registers.role_reasons.get(role, ""))
    console.print(t)
    if ir.registers.applicable:
        console.print(f"{len(ir.registers.registers)} register macros "
                      f"({sum(1 for r in ir.registers.registers if r.used)} used); MMIO accessors: "
                      f"{', '.join(ir.registers.mmio_accessors[:12])}")

    for d in ir.descriptors.descriptors:
        t = Table(title=f"{d.kind}: {d.c_type}  size {d.size}  align {d.alignment}  family {d.family}")
        for c in ("field", "type", "offset", "size", "endian", "bits"):
            t.add_column(c)
        for f in d.fields:
            bits = ", ".join(b.name for b in f.bits[:8]) + (" ..." if len(f.bits) > 8 else "")
            t.add_row(f.path, f.type, str(f.offset), str(f.size), f.endianness, bits)
        console.print(t)
    if ir.descriptors.defined_not_used:
        console.print("defined, not used by the dataplane: " + ", ".join(ir.descriptors.defined_not_used))

    r = ir.rings
    t = Table(title="Rings")
    for c in ("", "default", "min", "max", "multiple"):
        t.add_column(c)
    t.add_row("tx", _fact(r.tx_default), _fact(r.tx_min), _fact(r.tx_max), _fact(r.tx_multiple))
    t.add_row("rx", _fact(r.rx_default), _fact(r.rx_min), _fact(r.rx_max), _fact(r.rx_multiple))
    console.print(t)

    t = Table(title="Interrupts: " + " -> ".join(ir.interrupts.models))
    for c in ("handler", "model", "registered by", "in"):
        t.add_column(c)
    for h in ir.interrupts.handlers:
        t.add_row(h.name, h.model or "-", h.registered_by, h.caller or "-")
    console.print(t)

    ep = ir.entry_points
    t = Table(title="Entry points")
    t.add_column("entry")
    t.add_column("function")
    for k in ("ndo_start_xmit", "ndo_open", "ndo_stop", "probe"):
        t.add_row(k, getattr(ep, k) or "-")
    for n in ep.napi:
        t.add_row("napi poll" + (" (tx)" if n.tx else ""), f"{n.poll} weight {n.weight if n.weight is not None else n.weight_expr}")
    for h in ep.irq_handlers:
        t.add_row("irq handler", h)
    for k, v in sorted(ep.ethtool.items()):
        t.add_row(f"ethtool {k}", v)
    console.print(t)

    o = ir.offloads
    t = Table(title="Offloads")
    t.add_column("set")
    t.add_column("flags")
    t.add_row("features", " ".join(f.removeprefix("NETIF_F_") for f in o.features))
    t.add_row("hw_features", " ".join(f.removeprefix("NETIF_F_") for f in o.hw_features))
    t.add_row("vlan_features", " ".join(f.removeprefix("NETIF_F_") for f in o.vlan_features))
    caps = [k for k in ("checksum_tx", "checksum_rx", "tso", "vlan_insert", "vlan_strip", "rxhash", "lro", "gro_hw")
            if getattr(o, k)]
    t.add_row("summary", ", ".join(caps) or "-")
    t.add_row("XDP", f"ndo_bpf={o.xdp.ndo_bpf or '-'} ndo_xdp_xmit={o.xdp.ndo_xdp_xmit or '-'} "
                     f"xsk_wakeup={o.xdp.xsk_wakeup or '-'}")
    rs = ir.rss
    if rs.present:
        indir = _fact(rs.indir_size) if rs.indir_size else ", ".join(str(f.value) for f in rs.indir_size_variants) or "-"
        t.add_row("RSS", f"key {_fact(rs.key_size)}; indirection {indir}")
    else:
        t.add_row("RSS", f"absent: {rs.reason}")
    console.print(t)
    n_api = sum(len(f.api_calls) for f in ir.dataplane_slice.functions)
    console.print(f"dataplane slice: {len(ir.dataplane_slice.functions)} functions, {n_api} kernel API call sites, "
                  f"{len(ir.dma.calls)} DMA call sites")
