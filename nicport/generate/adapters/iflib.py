"""FreeBSD iflib(4) variant of the FreeBSD adapter, for drivers whose queue model is iflib's.

DESIGN: a framework is used for a target only when the Linux driver's own model matches it.
iflib's dataplane is ``struct if_txrx``; the core's ``nic_hw_ops`` is shaped after it, so for
the Intel descriptor families (legacy e1000, extended e1000e, advanced igb/ixgbe -- FreeBSD's
own ``em``/``igb``/``ix`` are iflib drivers) every ``ift_*`` method is one hw-layer call and
the variant is generated into ``os/freebsd/iflib/`` beside the native ifnet adapter.  Other
families get no variant; ``iflib_fit(ir)`` says why, for the report.

Templates: ``templates/freebsd_iflib/`` plus the native adapter's ``templates/freebsd/include/``
shims (the ``<std*.h>`` names the core includes under ``-nostdinc``), rendered, not copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import __version__
from ..hw import families

IFLIB_DIR = "freebsd_iflib"
OUT_SUBDIR = Path("os") / "freebsd" / "iflib"

# hw family -> the FreeBSD iflib driver that runs the same descriptor format
IFLIB_FAMILIES: dict[str, str] = {
    families.INTEL_LEGACY: "em(4) (lem: 8254x legacy descriptors)",
    families.INTEL_EXTENDED: "em(4) (8257x extended RX descriptors)",
    families.INTEL_ADVANCED: "igb(4)/ix(4) (advanced descriptors)",
}

_NOT_IFLIB: dict[str, str] = {
    families.VIRTIO_SPLIT: (
        "virtio split virtqueues do not match iflib's queue model: completions come back "
        "through the used ring by descriptor-chain id (out of order without VIRTIO_F_IN_ORDER), "
        "not as in-order slot indices that ift_txd_credits_update/ift_rxd_pkt_get count, and "
        "the transport is virtio, not a PCI BAR register window; FreeBSD's own vtnet(4) is not "
        "an iflib driver. The native ifnet adapter (os/freebsd/) is the FreeBSD port"),
}


def _family(ir: Any) -> tuple[str | None, str]:
    from ..hw import HwFacts, hw_facts, supported_family

    try:
        facts = ir if isinstance(ir, HwFacts) else hw_facts(ir)
    except Exception as e:  # noqa: BLE001 - an unreadable IR is a "no", with the reason
        return None, f"no hw facts from the IR ({type(e).__name__}: {e})"
    ok, why = supported_family(facts)
    return (facts.family if ok else None), why


def iflib_fit(ir: Any) -> tuple[bool, str]:
    """(True, why iflib fits) or (False, why not) for the report; never raises."""
    family, why = _family(ir)
    if family in IFLIB_FAMILIES:
        return True, (
            f"{family}: the hw layer's nic_hw_ops maps one-to-one onto iflib's struct if_txrx "
            f"(ho_txd_encap/ift_txd_encap ... ho_rxd_flush/ift_rxd_flush) and FreeBSD runs this "
            f"descriptor format with the iflib driver {IFLIB_FAMILIES[family]}")
    if family is None:
        return False, f"no hw layer for this driver ({why}), so nothing for if_txrx to call"
    return False, _NOT_IFLIB.get(family, f"{family}: not an iflib queue model")


def render_iflib(ir: Any) -> dict[str, str]:
    """{name relative to os/freebsd/iflib/: text}; empty when iflib does not fit."""
    ok, reason = iflib_fit(ir)
    if not ok:
        return {}
    from . import OS_NAMES, _env, adapter_view, render_target

    view = adapter_view(ir)
    files = {n: t for n, t in render_target(view, "freebsd", "freebsd").items() if n.startswith("include/")}
    env = _env()
    ctx = {"v": view, "drv": view.drv, "DRV": view.DRV, "version": __version__,
           "os_name": OS_NAMES["freebsd"], "stubs": [], "off": view.offloads,
           "fit_reason": reason}
    src = Path(__file__).with_name("templates") / IFLIB_DIR
    for tpl in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = tpl.relative_to(src).as_posix()
        name = (rel[:-3] if rel.endswith(".j2") else rel).replace("DRV", view.drv)
        files[name] = env.get_template(f"{IFLIB_DIR}/{rel}").render(**ctx) if tpl.suffix == ".j2" \
            else tpl.read_text()
    return dict(sorted(files.items()))


def write_iflib(ir: Any, out_dir: Path) -> tuple[list[Path], str]:
    """Write os/freebsd/iflib/ when iflib fits; return (paths written, the fit reason).
    Unchanged files are not rewritten.  Nothing is written when it does not fit."""
    ok, reason = iflib_fit(ir)
    if not ok:
        return [], reason
    base = Path(out_dir) / OUT_SUBDIR
    paths = []
    for name, text in render_iflib(ir).items():
        p = base / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_text() != text:
            p.write_text(text)
        paths.append(p)
    return sorted(paths), reason


__all__ = ["iflib_fit", "render_iflib", "write_iflib", "IFLIB_FAMILIES", "OUT_SUBDIR"]
