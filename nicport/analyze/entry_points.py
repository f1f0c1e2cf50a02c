"""Dataplane entry points, found by data flow: ops-table initializers, ``netif_napi_add*`` and
``request_irq`` calls, virtqueue callbacks."""

from __future__ import annotations

from ..ir import EntryPoints, NapiPoll, OpsTable, Provenance
from .program import Program

NAPI_APIS = {
    # api -> (poll argument index, weight argument index or None (NAPI_POLL_WEIGHT), tx?)
    "netif_napi_add": (2, 3, False),
    "netif_napi_add_weight": (2, 3, False),
    "netif_napi_add_config": (2, None, False),
    "netif_napi_add_tx": (2, None, True),
    "netif_napi_add_tx_weight": (2, 3, True),
    "netif_tx_napi_add": (2, 3, True),
}

IRQ_APIS = {
    # api -> handler argument indexes (primary handler, threaded handler)
    "request_irq": (1,),
    "request_threaded_irq": (1, 2),
    "devm_request_irq": (2,),
    "devm_request_threaded_irq": (2, 3),
    "pci_request_irq": (2, 3),
    "request_any_context_irq": (1,),
}

ETHTOOL_DATAPLANE_OPS = (
    "get_ringparam", "set_ringparam", "get_channels", "set_channels", "get_rxfh_key_size",
    "get_rxfh_indir_size", "get_rxfh", "set_rxfh", "get_rxnfc", "set_rxnfc", "get_coalesce", "set_coalesce",
)


def ops_tables(prog: Program) -> list[OpsTable]:
    out = []
    for ini in prog.initializers:
        ops = {k: v[0] for k, v in ini["fields"].items() if v[0]}
        if not ops:
            continue
        out.append(OpsTable(name=ini["name"], type=ini["type"], ops=dict(sorted(ops.items())),
                            provenance=Provenance(file=ini["file"], line=ini["line"], derived="clang")))
    return sorted(out, key=lambda t: (t.type, t.name))


def find_ops(prog: Program, type_name: str) -> list[dict]:
    return [i for i in prog.initializers if i["type"] == type_name]


def op(prog: Program, type_name: str, field: str) -> tuple[str | None, Provenance | None]:
    """The driver function stored in ``field`` of the ``type_name`` tables (first table wins)."""
    for ini in find_ops(prog, type_name):
        v = ini["fields"].get(field)
        if v and v[0]:
            return v[0], Provenance(file=ini["file"], line=v[3], derived="clang")
    return None, None


def napi_polls(prog: Program) -> list[NapiPoll]:
    out: list[NapiPoll] = []
    default_weight = prog.kernel_values.get("NAPI_POLL_WEIGHT")
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for api, line, argv in f["args"]:
            if api not in NAPI_APIS:
                continue
            pi, wi, tx = NAPI_APIS[api]
            if pi >= len(argv):
                continue
            polls = argv[pi][2] or ([argv[pi][0]] if argv[pi][0] in prog.functions else [])
            weight = None
            wexpr = None
            if wi is not None and wi < len(argv):
                weight = argv[wi][1]
                wexpr = argv[wi][0]
                if weight is None:
                    weight = _variable_weight(prog, wexpr)
            else:
                weight = default_weight
                wexpr = "NAPI_POLL_WEIGHT"
            for p in polls:
                out.append(NapiPoll(poll=p, weight=weight, weight_expr=wexpr, registered_by=api, caller=fname, tx=tx,
                                    provenance=Provenance(file=f["file"], line=line, derived="clang")))
    return out


def _variable_weight(prog: Program, expr: str) -> int | None:
    """``napi_tx ? napi_weight : 0`` or ``napi_weight``: the module-level variable's initial value."""
    import re

    for name in re.findall(r"[A-Za-z_]\w*", expr or ""):
        g = prog.globals.get(name)
        if g and g[3] is not None and "weight" in name:
            return g[3]
    for name in re.findall(r"[A-Za-z_]\w*", expr or ""):
        g = prog.globals.get(name)
        if g and g[3] is not None and g[3] > 1:
            return g[3]
    return None


def irq_registrations(prog: Program) -> list[tuple[str, str, str, int, list]]:
    """[(handler, api, caller, line, argv)] for every IRQ registration."""
    out = []
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for api, line, argv in f["args"]:
            if api not in IRQ_APIS:
                continue
            for idx in IRQ_APIS[api]:
                if idx < len(argv):
                    for h in argv[idx][2]:
                        if h in prog.functions:
                            out.append((h, api, fname, line, argv))
    return out


def virtqueue_callbacks(prog: Program) -> list[str]:
    """Driver functions taking only a ``struct virtqueue *`` whose address is stored (vq callbacks)."""
    taken = set()
    for f in prog.functions.values():
        for r, _l in f["refs"]:
            taken.add(r)
    called = set()
    for f in prog.functions.values():
        for c, _l, kind, _s in f["calls"]:
            if kind == "driver":
                called.add(c)
    out = []
    for name in sorted(taken):
        f = prog.functions.get(name)
        if f and len(f["params"]) == 1 and "struct virtqueue *" in f["params"][0][1] and f["ret"] == "void":
            out.append(name)
    return out


def entry_points(prog: Program) -> EntryPoints:
    ep = EntryPoints()
    prov: dict[str, Provenance] = {}
    for fld in ("ndo_start_xmit", "ndo_open", "ndo_stop"):
        fn, p = op(prog, "struct net_device_ops", fld)
        setattr(ep, fld, fn)
        if p:
            prov[fld] = p
    for drv_type in ("struct pci_driver", "struct virtio_driver", "struct usb_driver", "struct platform_driver"):
        fn, p = op(prog, drv_type, "probe")
        if fn:
            ep.probe = fn
            prov["probe"] = p  # type: ignore[assignment]
            ep.remove, _ = op(prog, drv_type, "remove")
            break
    ep.napi = napi_polls(prog)
    from .interrupts import handler_functions

    handlers = [h for h, _a, _c, _l, _i in dataplane_registrations(prog, handler_functions(prog), ep)]
    for h in virtqueue_callbacks(prog):
        if h not in handlers:
            handlers.append(h)
    ep.irq_handlers = handlers
    eth = {}
    for o in ETHTOOL_DATAPLANE_OPS:
        fn, _p = op(prog, "struct ethtool_ops", o)
        if fn:
            eth[o] = fn
    ep.ethtool = eth
    ep.ops_tables = ops_tables(prog)
    ep.provenance = prov
    return ep


def dataplane_registrations(prog: Program, regs: list, ep: EntryPoints) -> list:
    """IRQ registrations made on the way up (open/probe), not by self-tests: when some are
    reachable from ndo_open or probe, only those."""
    roots = [r for r in (ep.ndo_open, ep.probe) if r]
    reach = set(prog.reachable(roots)) if roots else set()
    keep = [r for r in regs if r[2] in reach]
    out, seen = [], set()
    for r in keep or regs:
        if r[0] not in seen:
            seen.add(r[0])
            out.append(r)
    return out
