"""The Analyzer: a real Linux NIC driver in, a verified :class:`~nicport.ir.DriverIR` out.

``analyze_driver(src, config)`` runs the front ends (libclang with the driver's kbuild flags,
files in parallel, cached by content hash; tree-sitter/text when headers are missing), builds
one :class:`~nicport.analyze.program.Program` and runs the extractors over it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..config import Config
from ..errors import BadInput, NotADriver
from ..ir import IR_VERSION, Diagnostic, DriverIR, Identity
from . import frontend
from .dataplane import dataplane_slice
from .descriptors import descriptors
from .device_ids import device_ids
from .entry_points import entry_points
from .interrupts import interrupts
from .offloads import offloads
from .registers import registers
from .rings import rings
from .rss import rss
from .textscan import spdx_license

ANALYZER_VERSION = f"{IR_VERSION}-5"

__all__ = ["analyze_driver", "ANALYZER_VERSION"]


_CODE_HASH: str | None = None


def code_hash() -> str:
    """Hash of the analyzer's and the IR's own source: a changed analyzer never reuses old results."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for d in (here, here.parent / "ir"):
            for p in sorted(d.glob("*.py")):
                h.update(p.name.encode())
                h.update(p.read_bytes())
        _CODE_HASH = h.hexdigest()[:16]
    return _CODE_HASH


def _result_key(src, texts: dict[str, str], header_free: bool) -> str:
    h = hashlib.sha256()
    for part in (ANALYZER_VERSION, code_hash(), src.name, src.module, str(src.kernel_version), str(header_free),
                 json.dumps(src.flags.template if src.flags.available else [])):
        h.update(part.encode())
        h.update(b"\0")
    for rel in sorted(texts):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(hashlib.sha256(texts[rel].encode("utf-8", "replace")).digest())
    return h.hexdigest()[:40]


def analyze_driver(src, config: Config) -> DriverIR:
    """Analyze one driver (a :class:`nicport.source.DriverSource`) into a DriverIR."""
    if not src.c_files:
        raise BadInput(f"{src.name}: no C files to analyze", hint="give a directory holding a driver's .c files")
    texts = frontend.read_texts(src)
    header_free = src.header_free
    key = _result_key(src, texts, header_free)
    cache = Path(config.cache_dir) / "analyze" / "ir" / f"{src.name}-{key}.json"
    if config.use_cache and cache.is_file():
        try:
            return DriverIR.from_json_text(cache.read_text())
        except (OSError, ValueError):
            pass
    defs = frontend.scan_all_defines(texts)
    if header_free:
        from .header_free import run_text

        facts = run_text(src, texts, defs)
        prog = frontend.build_program(src, texts, defs, facts, derived="text")
    else:
        facts = frontend.run_clang(src, config, texts, defs)
        prog = frontend.build_program(src, texts, defs, facts, derived="clang")
    ir = build_ir(src, prog, header_free)
    if config.use_cache:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(ir.to_json_text())
            os.replace(tmp, cache)
        except OSError:
            pass
    return ir


def build_ir(src, prog, header_free: bool) -> DriverIR:
    from .program import Program  # noqa: F401  (type context)

    ep = entry_points(prog)
    has_netdev = any(i["type"] == "struct net_device_ops" for i in prog.initializers) or any(
        "net_device_ops" in prog.texts[c] for c in prog.c_files)
    if not has_netdev:
        raise NotADriver(f"{src.name} is not a network driver: it defines no struct net_device_ops",
                         hint="nicport ports Ethernet NIC drivers (e.g. e1000, igb, virtio_net)")
    ids = device_ids(prog)
    bus = ids.bus
    if bus is None and any("struct virtio_driver" == i["type"] for i in prog.initializers):
        bus = "virtio"
    intr = interrupts(prog, bus, ep)
    slice_, dma, reach = dataplane_slice(prog, ep, intr)
    xmit = reach.get("xmit", set()) | reach.get("xdp_xmit", set())
    rx_fns = reach.get("napi_poll", set()) | reach.get("irq_handler", set())
    open_path = reach.get("open", set())
    dataplane = {f.name for f in slice_.functions}
    intel = 0x8086 in ids.vendor_ids
    descs = descriptors(prog, xmit, rx_fns, dataplane, bus, intel)
    tx_types = [d.c_type for d in descs.descriptors if d.kind.startswith("tx")]
    rx_types = [d.c_type for d in descs.descriptors if d.kind.startswith("rx")]
    regs = registers(prog, dict(tx_types=tx_types, rx_types=rx_types, xmit=xmit, rx_path=rx_fns, open_path=open_path,
                                irq_handlers=ep.irq_handlers, napi=[n.poll for n in ep.napi]), bus)
    lic = None
    lic_prov = None
    for rel in list(src.c_files) + list(src.h_files):
        lic = spdx_license(prog.texts[rel])
        if lic:
            from ..ir import Provenance

            lic_prov = Provenance(file=rel, line=1, derived="text")
            break
    identity = Identity(name=src.name, module=src.module, path=src.path, files=list(src.files), c_files=list(src.c_files),
                        h_files=list(src.h_files), loc=src.loc, spdx_license=lic, spdx_provenance=lic_prov,
                        kernel_version=src.kernel_version, header_free=header_free,
                        front_end="tree-sitter" if header_free else "libclang")
    diags = []
    for e in prog.errors:
        if not e.get("in_driver", True):
            continue
        f = e["file"]
        if os.path.isabs(f):
            f = os.path.basename(f)
        diags.append(Diagnostic(file=f, line=e["line"], severity="error", message=e["message"]))
    warnings = list(src.warnings)
    degraded = header_free or bool(diags)
    if header_free:
        warnings.append("header-free mode: no kernel headers, facts read from the text (derived=\"text\"); "
                        "layouts and macro values may be missing")
    return DriverIR(
        identity=identity, device_ids=ids, registers=regs, descriptors=descs, rings=rings(prog, bus),
        interrupts=intr, entry_points=ep, dma=dma, offloads=offloads(prog), rss=rss(prog, bus, prog.mmio()),
        dataplane_slice=slice_, degraded=degraded, diagnostics=sorted(diags, key=lambda d: (d.file, d.line)),
        warnings=warnings,
    )
