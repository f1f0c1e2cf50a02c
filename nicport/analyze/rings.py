"""Ring geometry: default/min/max/multiple descriptor counts, alignment, queues, buffer sizes.

Candidates are the driver's ring-size macros (``*_DEFAULT_TXD``, ``IGB_MIN_RXD`` ...) that the
driver's code actually uses; values are the compiler's (``IXGBE_DEFAULT_RXD`` depends on
``PAGE_SIZE``)."""

from __future__ import annotations

import re

from ..ir import Fact, Provenance, Rings
from .program import Program

_SIDE = {
    "tx": re.compile(r"(?:^|_)(?:TXD|TX_DESC|TX_DESCS|TX_DESCRIPTOR|TX_RING|TX_RING_SIZE|TXQ_DESC|TX_ENTRIES|TXDS)"
                     r"(?:_MULTIPLE)?$"),
    "rx": re.compile(r"(?:^|_)(?:RXD|RX_DESC|RX_DESCS|RX_DESCRIPTOR|RX_RING|RX_RING_SIZE|RXQ_DESC|RX_ENTRIES|RXDS)"
                     r"(?:_MULTIPLE)?$"),
}
_WHICH = (("multiple", re.compile(r"MULTIPLE")), ("default", re.compile(r"DEFAULT|DEF(?:_|$)")),
          ("min", re.compile(r"(?:^|_)MIN(?:_|$)")), ("max", re.compile(r"(?:^|_)MAX(?:_|$)")))


def _used_in_code(prog: Program, name: str) -> bool:
    if not any(name in prog.texts[c] for c in prog.c_files):
        return False
    pat = re.compile(rf"\b{re.escape(name)}\b")
    for c in prog.c_files:
        t = prog.texts[c]
        for m in pat.finditer(t):
            line_start = t.rfind("\n", 0, m.start()) + 1
            if not t[line_start:m.start()].lstrip().startswith("#define"):
                return True
    # used by another macro that the code uses (e.g. a module parameter default)
    return False


def _fact(prog: Program, name: str, note: str | None = None) -> Fact:
    m = prog.macros[name]
    return Fact(value=m.value, expr=name, note=note,
                provenance=Provenance(file=m.d.file, line=m.d.line, derived="evaluated" if prog.derived == "clang" else "text"))


def rings(prog: Program, bus: str | None) -> Rings:
    if bus == "virtio":
        calls = sorted({c[0] for f in prog.functions.values() for c in f["calls"] if c[0].startswith("virtqueue_")})
        notes = ["ring sizes are reported by the device per virtqueue (virtqueue_get_vring_size); the maximum is the "
                 "transport's vq->num_max"]
        if "virtqueue_resize" in calls:
            notes.append("set_ringparam can resize a virtqueue (virtqueue_resize) up to its maximum")
        dev = Fact(value="device-reported", expr="virtqueue_get_vring_size", note="size chosen by the device")
        mx = Fact(value="device-reported", expr="vq->num_max", note="transport maximum")
        return Rings(applicable=True, device_reported=True, tx_default=dev, rx_default=dev, tx_max=mx, rx_max=mx,
                     notes=notes)
    found: dict[tuple[str, str], list[str]] = {}
    for name, m in prog.macros.items():
        if m.d.function_like or m.value is None or m.value <= 0:
            continue
        for side, pat in _SIDE.items():
            if not pat.search(name) or re.search(r"PER_|DATA|PWR|SHIFT|MASK|BYTES|LEN_|_BUF", name):
                continue
            which = next((w for w, p in _WHICH if p.search(name)), None)
            if which is None and re.search(r"NUM_(?:TX|RX)_DESC|(?:TX|RX)_RING_SIZE$", name):
                which = "default"
            if which is None:
                continue
            if not _used_in_code(prog, name) and not any(re.search(rf"\b{name}\b", o.d.body) for o in prog.macros.values()
                                                         if _used_in_code(prog, o.name)):
                continue
            found.setdefault((side, which), []).append(name)
    r = Rings()
    for (side, which), names in sorted(found.items()):
        names.sort(key=lambda n: (len(n), n))
        setattr(r, f"{side}_{which}", _fact(prog, names[0]))
        if which == "max" and len(names) > 1:
            setattr(r, f"{side}_max_variants", [_fact(prog, n, note="another maximum the driver applies by MAC generation")
                                                 for n in names[1:]])
    # alignment: ALIGN(ring->size, N) in the ring allocation code
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        if not any(c[0] in ("dma_alloc_coherent", "dma_alloc_attrs") for c in f["calls"]):
            continue
        text = prog.function_text(fname)
        m = re.search(r"ALIGN\(\s*[\w>.\-\[\]]*size\s*,\s*(\w+)\s*\)", text)
        if m:
            v = int(m.group(1), 0) if m.group(1)[0].isdigit() else prog.macro_value(m.group(1))
            if v:
                line = f["start"] + text[:m.start()].count("\n")
                r.alignment = Fact(value=v, expr=m.group(0), provenance=Provenance(file=f["file"], line=line, derived="clang"))
                break
    # queues: alloc_etherdev_mq(s) arguments
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for api, line, argv in f["args"]:
            if api in ("alloc_etherdev_mq", "alloc_etherdev_mqs", "devm_alloc_etherdev_mqs"):
                vals = [a for a in argv[1:] if a[1] is not None] if api != "devm_alloc_etherdev_mqs" else [a for a in argv[2:] if a[1] is not None]
                if vals:
                    p = Provenance(file=f["file"], line=line, derived="evaluated")
                    r.tx_queues_max = Fact(value=vals[0][1], expr=vals[0][0], provenance=p)
                    r.rx_queues_max = Fact(value=vals[-1][1], expr=vals[-1][0], provenance=p)
    if r.tx_queues_max is None and any(c[0] == "alloc_etherdev" or c[0] == "alloc_etherdev_mqs"
                                       for f in prog.functions.values() for c in f["calls"]):
        r.tx_queues_max = Fact(value=1, expr="alloc_etherdev", note="single-queue net_device")
        r.rx_queues_max = Fact(value=1, expr="alloc_etherdev", note="single-queue net_device")
    bufs = []
    for name, m in sorted(prog.macros.items()):
        if m.value and not m.d.function_like and re.search(r"RXBUFFER_\d+$|RX_BUF(?:FER)?_?(?:LEN|SIZE)$|RX_BUFSZ|RXBUF_SIZE",
                                                          name) and _used_in_code(prog, name):
            bufs.append(_fact(prog, name))
    r.rx_buffer_sizes = bufs
    if r.tx_default is None and r.rx_default is None:
        r.notes.append("no ring-size macros used by the code: sizes may be computed at run time")
    return r
