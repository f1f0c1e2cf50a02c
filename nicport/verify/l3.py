"""L3 for a generated port: the generated Linux driver (core + hw layer + Linux adapter) built
against Debian's headers and run through the QEMU harness (``nicport.verify.qemu.run_l3``).

``run_l3_for_tree(out_dir, config)`` takes an output tree (``ir/<drv>.ir.json``, ``core/``,
``hw/``, ``os/linux/``); ``run_l3_for_ir(ir, out_dir, config)`` writes those parts first.  The
steps, each recorded in the result:

1. build ``os/linux`` with kbuild in a private copy of the tree (the output tree is never
   written to, except the result directory ``verify/l3/``);
2. choose the QEMU model from the IR's PCI ID table (``choose_qemu_model``); no model means
   L3 cannot be reached here, and the result says so (verdict ``SKIP``, never PASS);
3. the offloads to claim: what the IR says the original driver offers **and** the generated
   adapter advertises (its ``netdev->hw_features`` / ``features``, kept by the hw layer's
   ``ho_caps``); an IR offload the generated driver does not advertise is not claimed and is
   listed in ``missing`` with the reason;
4. the interrupt mode the generated driver must end up in: the first model of the adapter's
   order (``pci_alloc_irq_vectors``: MSI-X -> MSI -> INTx, as the original) that the hw layer
   can serve (MSI-X needs its ``ho_vector_map``), the QEMU model presents (``IRQ_CAPS``) and
   the run leaves available (``without_msix``); the harness requires that mode and the queue
   vector firing during the traffic, and the result records the vectors and their counts;
5. ``run_l3`` (never retried) and its verdict, unchanged.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import BadInput, CheckFailed
from .qemu import build_module, choose_qemu_model, run_l3
from .qemu.plan import TrafficPlan
from .qemu.models import IRQ_CAPS, NOT_EMULATED, without_msix as _without_msix_options

FEATURES = ("vlan", "tso", "tx_csum", "rx_csum")
#: harness feature -> the NETIF_F_* flags that provide it (any one of them)
_NETIF = {
    "tx_csum": ("NETIF_F_IP_CSUM", "NETIF_F_HW_CSUM"),
    "rx_csum": ("NETIF_F_RXCSUM",),
    "tso": ("NETIF_F_TSO",),
}
_VLAN_BOTH = ("NETIF_F_HW_VLAN_CTAG_TX", "NETIF_F_HW_VLAN_CTAG_RX")  # the harness turns on both


@dataclass
class L3TargetResult:
    """L3 of one target (only ``linux`` reaches a real kernel here) for one output tree."""

    target: str
    level: str
    driver: str
    verdict: str                      # PASS | FAIL | SKIP (L3 not reachable: no QEMU model)
    reason: str                       # one line: why (or what passed)
    reasons: list[str] = field(default_factory=list)   # every failed condition
    timings: dict[str, float | None] = field(default_factory=dict)
    qemu_device: str | None = None
    pci_id: str | None = None
    driver_name: str | None = None    # what the generated pci_driver registers
    module: str | None = None         # the .ko name
    features: dict[str, bool] = field(default_factory=dict)        # claimed to the harness
    ir_offloads: dict[str, bool] = field(default_factory=dict)     # what the original offers
    advertised: dict[str, bool] = field(default_factory=dict)      # what the generated adapter offers
    missing: dict[str, str] = field(default_factory=dict)          # IR offload not claimed: why
    offloads: dict[str, str] = field(default_factory=dict)         # harness: checked / not emulated
    counts: dict[str, int | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    log_path: str | None = None       # console log, relative to the output tree
    result_path: str | None = None
    irq_order: list[str] = field(default_factory=list)      # the adapter's pci_alloc_irq_vectors order
    hw_msix: bool = False             # the hw layer routes MSI-X vectors (ho_vector_map)
    irq_expected: list[str] = field(default_factory=list)   # the mode the run must end up in
    irq: dict = field(default_factory=dict)  # mode, vectors (irq, name, counts), queue vector, driver log
    without_msix: bool = False        # MSI-X taken away from the NIC for this run (fallback proof)
    link: dict = field(default_factory=dict)  # link_flap: set_link off/on and what the guest saw

    @property
    def passed(self) -> bool:
        return self.verdict == "PASS"

    def to_json(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- IR facts


def _plain(ir: Any) -> dict:
    if isinstance(ir, dict):
        return ir
    if hasattr(ir, "model_dump"):
        return ir.model_dump(mode="json")
    raise BadInput("not a driver IR", hint="pass a DriverIR or the dict of ir/<drv>.ir.json")


def driver_of(ir: Any) -> str:
    name = (_plain(ir).get("identity") or {}).get("name")
    if not name:
        raise BadInput("the driver IR has no identity.name", hint="regenerate it with `nicport analyze`")
    return str(name)


def ir_device_ids(ir: Any) -> list[str]:
    """The IR's ID table as "vvvv:dddd" (PCI) / "virtio:N" (virtio device IDs)."""
    d = _plain(ir).get("device_ids") or {}
    entries = list(d.get("entries") or [])
    for t in d.get("tables") or []:
        entries += [dict(e, bus=e.get("bus") or t.get("bus")) for e in t.get("entries") or []]
    out: list[str] = []
    for e in entries:
        bus = str(e.get("bus") or d.get("bus") or "pci").lower()
        dev = e.get("device")
        if dev is None:
            continue
        if "virtio" in bus:
            s = f"virtio:{int(dev):x}"
        elif e.get("vendor") is None:
            continue
        else:
            s = f"{int(e['vendor']):04x}:{int(dev):04x}"
        if s not in out:
            out.append(s)
    return out


def ir_offloads(ir: Any) -> dict[str, bool]:
    """What the original driver offers, in the harness's four names."""
    off = _plain(ir).get("offloads") or {}
    flags = {str(f).upper() for k in ("features", "hw_features") for f in off.get(k) or []}
    return {
        "tx_csum": bool(off.get("checksum_tx")) or bool(flags & {"NETIF_F_IP_CSUM", "NETIF_F_HW_CSUM"}),
        "rx_csum": bool(off.get("checksum_rx")) or "NETIF_F_RXCSUM" in flags,
        "tso": bool(off.get("tso")) or "NETIF_F_TSO" in flags,
        "vlan": bool(off.get("vlan_insert")) and bool(off.get("vlan_strip")),
    }


# --------------------------------------------------------------------------- the generated driver

_CAPS = re.compile(r"\.ho_caps\s*=\s*([^,;]+(?:\|[^,;]+)*),")
_ASSIGN = re.compile(r"(?:if\s*\(\s*caps\s*&\s*(NIC_HWCAP_\w+)\s*\)\s*)?"
                     r"netdev->(hw_features|features)\s*(\|?=)\s*([^;]+);")
_NAME = re.compile(r'#define\s+\w+_NAME\s+"([^"]+)"')


def hw_caps(hw_c: str) -> set[str]:
    """The NIC_HWCAP_* bits of the generated hw layer's ops table (``.ho_caps``)."""
    m = _CAPS.search(hw_c)
    return set(re.findall(r"NIC_HWCAP_\w+", m.group(1))) if m else set()


def adapter_netif(adapter_c: str, caps: set[str]) -> set[str]:
    """The NETIF_F_* flags the generated Linux adapter sets (features or hw_features) for a hw
    layer with ``caps``: its feature set-up evaluated line by line."""
    start = adapter_c.find("_set_features_init(")
    body = adapter_c[start:adapter_c.find("\n}\n", start)] if start >= 0 else ""
    regs: dict[str, set[str]] = {"hw_features": set(), "features": set()}
    for cap, reg, op, rhs in _ASSIGN.findall(body):
        if cap and cap not in caps:
            continue
        val = set(re.findall(r"NETIF_F_\w+", rhs))
        if "netdev->hw_features" in rhs:
            val |= regs["hw_features"]
        if "~" in rhs:  # "x & ~y": only for vlan_features, which are not read here
            continue
        regs[reg] = (regs[reg] | val) if op == "|=" else val
    return regs["hw_features"] | regs["features"]


def advertised_offloads(linux_dir: Path, hw_dir: Path, drv: str) -> dict[str, bool]:
    adapter = (linux_dir / f"{drv}_linux.c").read_text()
    caps = hw_caps((hw_dir / f"{drv}_hw.c").read_text())
    netif = adapter_netif(adapter, caps)
    adv = {k: any(f in netif for f in v) for k, v in _NETIF.items()}
    adv["vlan"] = all(f in netif for f in _VLAN_BOTH)
    return adv


def _missing_reason(feat: str, adv_netif_tx_vlan: bool) -> str:
    if feat == "vlan":
        half = "TX tag insertion only" if adv_netif_tx_vlan else "neither direction"
        return ("the generated adapter does not advertise VLAN tag offload in both directions "
                f"({half}; the hw layer has no NIC_HWCAP_RX_VLAN: no CTRL.VME / strip programming)")
    return f"the generated adapter does not advertise it (the hw layer's ho_caps lack it)"


_ORDER = re.compile(r"order\[\]\s*=\s*\{([^}]*)\}")
_PCI_IRQ = {"PCI_IRQ_MSIX": "msix", "PCI_IRQ_MSI": "msi", "PCI_IRQ_LEGACY": "intx", "PCI_IRQ_INTX": "intx"}
_VECTOR_MAP = re.compile(r"\.ho_vector_map\s*=\s*(?!NULL\b)\w+")


def adapter_irq_order(adapter_c: str) -> list[str]:
    """The interrupt models the generated Linux adapter asks pci_alloc_irq_vectors for, in order."""
    m = _ORDER.search(adapter_c)
    return [_PCI_IRQ[x] for x in re.findall(r"PCI_IRQ_\w+", m.group(1)) if x in _PCI_IRQ] if m else []


def hw_routes_vectors(hw_c: str) -> bool:
    """Whether the generated hw layer fills ``ho_vector_map`` (MSI-X routing) in its ops table."""
    return bool(_VECTOR_MAP.search(hw_c))


def expected_irq_mode(order: list[str], hw_msix: bool, offered: tuple[str, ...] | None, *,
                      no_msix: bool = False, no_msi: bool = False) -> str:
    """The mode the generated driver must end up in: the first of its ``order`` the hw layer can
    serve (MSI-X only with ``hw_msix``; without it nic_intr_map says NIC_E_NOSYS and the adapter
    falls back), the device ``offered`` (None: unknown, anything) and the run left available."""
    for m in order:
        if m == "msix" and (not hw_msix or no_msix):
            continue
        if m == "msi" and no_msi:
            continue
        if m != "intx" and offered is not None and m not in offered:
            continue
        return m
    return "intx"


_MODE_NAME = {"msix": "MSI-X", "msi": "MSI", "intx": "INTx"}


def irq_summary(irq: dict, counts: bool = True) -> str:
    """One line for the report: mode, vectors, what the queue vector did.  ``counts=False``
    leaves the measured interrupt counts out (they differ from run to run) for text that lands
    in a byte-identical output tree; the verdict has already required the queue vector to fire."""
    mode = irq.get("mode")
    if not mode:
        return "interrupts: not reported"
    vecs = irq.get("vectors") or []
    q = next((e for e in vecs if e["irq"] == irq.get("queue_vector")), None)
    fired = (q["after"] - q["before"]) if q and q.get("after") is not None and q.get("before") is not None else None
    s = f"interrupts: {_MODE_NAME.get(mode, mode)}, {len(vecs)} vector(s)"
    if q:
        s += f", queue vector {q['name']} fired" + (f" {fired} times" if counts else "") + " during the traffic"
    others = [e for e in vecs if not q or e["irq"] != q["irq"]]
    if others:
        s += ", " + ", ".join(f"{e['name']} {e['after']}" if counts else e["name"] for e in others)
    return s


def _driver_name(adapter_c: str, drv: str) -> str:
    m = _NAME.search(adapter_c)
    return m.group(1) if m else f"nicport_{drv}"


def build_linux(out_dir: Path, drv: str, dest: Path) -> Path:
    """Build ``os/linux`` of the tree in a private copy under ``dest``; return the .ko."""
    out_dir = Path(out_dir)
    for part in ("core", "hw", "os/linux"):
        if not (out_dir / part).is_dir():
            raise BadInput(f"{out_dir} has no {part}/", hint="generate the tree first (nicport port -t linux)")
    for part in ("core", "hw"):
        shutil.copytree(out_dir / part, dest / part, symlinks=False)
    lin = dest / "os" / "linux"
    shutil.copytree(out_dir / "os" / "linux", lin, symlinks=True,
                    ignore=shutil.ignore_patterns("core", "hw", "*.o", "*.ko", ".*.cmd", "*.mod*"))
    for part in ("core", "hw"):
        (lin / part).symlink_to(Path("..") / ".." / part)
    kos = build_module(lin)
    if len(kos) != 1:
        raise CheckFailed(f"the generated Linux module of {drv} built {len(kos)} .ko files, expected 1")
    return kos[0]


# --------------------------------------------------------------------------- runs


def run_l3_for_tree(out_dir: Path, config: Config | None = None, *, timeout: float = 30.0,
                    ir: Any = None, without_msix: bool = False, link_flap: bool = False,
                    results_dir: Path | None = None) -> L3TargetResult:
    """L3 of the Linux target of the output tree ``out_dir`` (results in ``verify/l3/``).
    ``results_dir``: put the results (verdict JSON, console log, the module that ran, measured
    counts) there instead, outside the tree; the returned reason then carries no measured
    counts, so a tree written from it stays byte-identical from run to run (the pipeline's use).
    ``without_msix``: take MSI-X away from the emulated NIC (``vectors=0`` on virtio-net,
    ``pci=nomsi`` otherwise) to prove the adapter's fallback; results then in
    ``verify/l3-no-msix/``.  ``link_flap``: after the TCP stream the host takes the link down
    and up (QEMU monitor ``set_link``) and the guest must see the carrier follow, the driver's
    "link down" / "link up" lines and traffic pass again (``TrafficPlan.link_flap``); results
    in ``verify/l3-link/``."""
    out_dir = Path(out_dir)
    if ir is None:
        irs = sorted((out_dir / "ir").glob("*.ir.json"))
        if len(irs) != 1:
            raise BadInput(f"{out_dir}/ir holds {len(irs)} IR files, expected 1", hint="give a nicport output tree")
        ir = json.loads(irs[0].read_text())
    drv = driver_of(ir)
    res_dir = out_dir / "verify" / ("l3-no-msix" if without_msix else "l3-link" if link_flap else "l3")
    base = out_dir
    if results_dir is not None:
        res_dir = base = Path(results_dir)
    rel = lambda p: str(Path(p).resolve().relative_to(base.resolve()))  # noqa: E731
    lin, hw = out_dir / "os" / "linux", out_dir / "hw"
    adapter_c = (lin / f"{drv}_linux.c").read_text()
    claims_ir = ir_offloads(ir)
    adv = advertised_offloads(lin, hw, drv)
    netif = adapter_netif(adapter_c, hw_caps((hw / f"{drv}_hw.c").read_text()))
    features = {k: claims_ir[k] and adv[k] for k in FEATURES}
    missing = {k: _missing_reason(k, "NETIF_F_HW_VLAN_CTAG_TX" in netif)
               for k in FEATURES if claims_ir[k] and not adv[k]}
    r = L3TargetResult(target="linux", level="L3", driver=drv, verdict="FAIL", reason="",
                       driver_name=_driver_name(adapter_c, drv), features=features,
                       ir_offloads=claims_ir, advertised=adv, missing=missing,
                       irq_order=adapter_irq_order(adapter_c),
                       hw_msix=hw_routes_vectors((hw / f"{drv}_hw.c").read_text()),
                       without_msix=without_msix)

    choice = choose_qemu_model(ir_device_ids(ir))
    if choice.model is None:
        r.verdict, r.reason = "SKIP", choice.reason
        return r
    r.qemu_device, r.pci_id = choice.model, choice.pci_id_str
    for k, why in NOT_EMULATED.get(choice.model, {}).items():
        if features.get(k):
            r.notes.append(f"{k}: claimed, not checked by the harness: {why}")
    dev_opts, kappend = _without_msix_options(choice.model) if without_msix else ((), ())
    mode = expected_irq_mode(r.irq_order, r.hw_msix, IRQ_CAPS.get(choice.model), no_msix=without_msix,
                             no_msi=without_msix and "pci=nomsi" in kappend)
    r.irq_expected = [mode]
    if "msix" in r.irq_order and not r.hw_msix:
        r.notes.append("MSI-X: the adapter asks for it first, the hw layer has no ho_vector_map "
                       "(nic_intr_map says NIC_E_NOSYS), so the driver must fall back to "
                       f"{_MODE_NAME[mode]}")

    with tempfile.TemporaryDirectory(prefix="nicport-l3-build-") as tmp:
        t0 = time.monotonic()
        try:
            ko = build_linux(out_dir, drv, Path(tmp))
        except CheckFailed as e:
            r.timings["build_s"] = round(time.monotonic() - t0, 2)
            r.reason = f"the generated Linux module does not build: {e}"
            r.reasons = [r.reason]
            res_dir.mkdir(parents=True, exist_ok=True)
            (res_dir / "l3-linux.json").write_text(json.dumps(r.to_json(), indent=1, sort_keys=True) + "\n")
            return r
        r.timings["build_s"] = round(time.monotonic() - t0, 2)
        r.module = ko.name
        res_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ko, res_dir / ko.name)
        run = run_l3(ko, driver_name=r.driver_name, qemu_device=choice.model, pci_id=choice.pci_id_str,
                     features=features, out_dir=res_dir, timeout=timeout,
                     pre_load=(),  # the generated adapter is the PCI driver: no transport module
                     irq_mode=(mode,), device_options=dev_opts, kernel_append=kappend,
                     plan=TrafficPlan(link_flap=True) if link_flap else None)
    r.verdict = run.verdict
    r.reasons = list(run.reasons)
    r.timings.update(run.times)
    r.counts, r.offloads = dict(run.counts), dict(run.offloads)
    r.irq = dict(run.irq)
    r.link = dict(run.link)
    r.notes += list(run.notes)
    r.log_path, r.result_path = rel(res_dir / run.log_path), rel(res_dir / run.result_path)
    checked = sorted(k for k, v in run.offloads.items() if v == "checked")
    if run.passed:
        r.reason = (f"{r.driver_name} on QEMU {choice.model} ({choice.pci_id_str}"
                    + (", " + ", ".join(dev_opts + kappend) if without_msix else "") + "): PASS, "
                    + irq_summary(r.irq, counts=results_dir is None) + "; offloads checked: " + (", ".join(checked) or "none"))
    else:
        r.reason = "; ".join(run.reasons[:3]) or "FAIL"
    (res_dir / "l3-linux.json").write_text(json.dumps(r.to_json(), indent=1, sort_keys=True) + "\n")
    return r


def run_l3_for_ir(ir: Any, out_dir: Path, config: Config | None = None, *,
                  timeout: float = 30.0, without_msix: bool = False, link_flap: bool = False) -> L3TargetResult:
    """Write ir/, core/, hw/ and os/linux/ of ``out_dir`` from ``ir``, then L3 them."""
    from ..generate.adapters import write_adapters
    from ..generate.core import write_core
    from ..generate.hw import UnsupportedFamily, write_hw

    out_dir = Path(out_dir)
    drv = driver_of(ir)
    (out_dir / "ir").mkdir(parents=True, exist_ok=True)
    (out_dir / "ir" / f"{drv}.ir.json").write_text(json.dumps(_plain(ir), indent=1, sort_keys=True) + "\n")
    write_core(out_dir)
    try:
        write_hw(ir, out_dir)
    except UnsupportedFamily as e:
        # nothing to build: the port has no hw layer, so the generated driver cannot reach L3
        choice = choose_qemu_model(ir_device_ids(ir))
        return L3TargetResult(target="linux", level="L3", driver=drv, verdict="FAIL",
                              reason=f"no generated driver to run: {e.message}", reasons=[e.message],
                              qemu_device=choice.model, pci_id=choice.pci_id_str, ir_offloads=ir_offloads(ir))
    write_adapters(ir, out_dir, ("linux",))
    return run_l3_for_tree(out_dir, config, timeout=timeout, ir=ir, without_msix=without_msix,
                           link_flap=link_flap)


__all__ = ["L3TargetResult", "run_l3_for_tree", "run_l3_for_ir", "advertised_offloads", "ir_device_ids",
           "ir_offloads", "hw_caps", "adapter_netif", "build_linux", "adapter_irq_order", "hw_routes_vectors",
           "expected_irq_mode", "irq_summary"]
