"""A register or bit under the driver's own macro name: the same meaning in another driver.

The family specs (``families.py``) list, per role, the macro names the reference drivers use
(``E1000_TXDCTL`` for igb, ``IXGBE_TXDCTL`` for ixgbe).  A driver of the same family written
later keeps the meanings and renames the macros: igc (I225/I226) says ``IGC_TXDCTL``,
``IGC_ADVTXD_DCMD_EOP``, ``IGC_TX_FLAGS_VLAN_SHIFT``.  ``for_driver`` finds them:

* **prefix**: the driver's macro prefix comes from its own register roles in the IR
  (``IGC_ICR`` -> ``IGC_``); every name with a reference prefix the driver does not use
  (``E1000_``, ``E1000E_``, ``IGB_``, ``IXGBE_``) gets a candidate with the driver's prefix,
  tried after the reference names (so the reference drivers resolve exactly as before);
* **synonyms**: a few bits the newer datasheets renamed (``RXDEXT_STATERR_TCPE`` is ``L4E`` on
  the I225: bit 29 of the advanced RX write-back, "TCP/UDP checksum error");
* **derived**: what the driver expresses differently, computed from its own text, never typed
  here: a ``*_SHIFT`` the driver folds into a function-like macro (``IGC_SRRCTL_BSIZEPKT(x)``
  evaluated: ``x >> 10``), a shift the driver writes as a literal in its code
  (``IGC_TXD_POPTS_TXSM << 8``), a field value the driver writes by writing nothing (the UDP
  case of ``igc_tx_csum`` adds no ``TUCMD.L4T`` bit: L4T 00b = UDP).

Every value is still evaluated from the driver's macros (``cmacros.Evaluator``) with its
provenance; ``GENMASK``/``FIELD_PREP`` (include/linux/bits.h, bitfield.h) are given to the
evaluator re-expressed in its integer grammar, since the driver's headers use them.

``vf_refusal`` says, in one line, why an SR-IOV virtual function (igbvf, ixgbevf) is not
generated: no TCTL/RCTL/ICR of its own, rings enabled by TXDCTL/RXDCTL only, MSI-X-only
interrupts through the VF's extended cause registers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cmacros import EvalError, Evaluator, Macro

# prefixes of the names in families.py (the reference drivers e1000, e1000e, igb, ixgbe)
REFERENCE_PREFIXES = ("E1000E_", "E1000_", "IGB_", "IXGBE_")

# role -> extra suffixes (after the driver's prefix) that mean the same bit, or a name without
# prefix; "{P}" stands for the driver's prefix
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    # I225: "L4E" = L4 (TCP/UDP) checksum error, bit 29 of status_error, igb's TCPE
    "rxdadv_err_tcpe": ("{P}RXDEXT_STATERR_L4E",),
    # the MSI-X entries the driver allocates at most (the device's table size is not in igc)
    "msix_max": ("MAX_MSIX_ENTRIES",),
}

# kernel helpers the drivers' headers use, in the evaluator's grammar (same values)
_KERNEL_HELPERS = {
    "GENMASK": Macro("GENMASK", ("_h", "_l"), "((((1 << ((_h) - (_l) + 1)) - 1) << (_l)))",
                     "include/linux/bits.h (GENMASK, re-expressed)"),
    "FIELD_PREP": Macro("FIELD_PREP", ("_mask", "_val"), "((((_val) * ((_mask) & -(_mask)))) & (_mask))",
                        "include/linux/bitfield.h (FIELD_PREP, re-expressed)"),
}


def _prefix_of(name: str) -> str | None:
    m = re.match(r"([A-Z][A-Z0-9]*_)", name)
    return m.group(1) if m else None


def driver_prefixes(driver: str, role_names: list[str]) -> tuple[str, ...]:
    """The driver's macro prefixes: the most common one of its register roles first, then
    the driver name's (``igc`` -> ``IGC_``)."""
    counts: dict[str, int] = {}
    for n in role_names:
        p = _prefix_of(n)
        if p:
            counts[p] = counts.get(p, 0) + 1
    out = [p for p, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    own = re.sub(r"[^A-Z0-9]", "_", driver.upper()) + "_"
    if own not in out:
        out.append(own)
    return tuple(out)


@dataclass(frozen=True)
class DriverNames:
    """How one driver names the roles of the reference drivers."""

    driver: str
    prefixes: tuple[str, ...]  # the driver's own, primary first
    ev: Evaluator | None  # the driver's macros + kernel helpers + derived values

    @property
    def prefix(self) -> str:
        return self.prefixes[0]

    @property
    def reference(self) -> bool:
        """One of the drivers whose names families.py lists (e1000, e1000e, igb, ixgbe)."""
        return any(r in self.prefixes for r in REFERENCE_PREFIXES)

    def foreign(self, name: str) -> str | None:
        """The reference prefix of ``name`` when it is not one of the driver's own."""
        for r in REFERENCE_PREFIXES:
            if name.startswith(r):
                return None if r in self.prefixes else r
        return None

    def candidates(self, role: str, names: tuple[str, ...]) -> tuple[str, ...]:
        """``names`` first (unchanged), then the same meanings under the driver's names."""
        if self.reference:
            return tuple(names)  # a reference driver: families.py lists its names already
        out = list(names)
        translated = False
        for n in names:
            r = self.foreign(n)
            if r is None:
                continue
            translated = True
            for p in self.prefixes:
                cand = p + n[len(r):]
                if cand not in out:
                    out.append(cand)
        if translated:
            for syn in ROLE_SYNONYMS.get(role, ()):
                for p in self.prefixes:
                    cand = syn.replace("{P}", p)
                    if cand not in out:
                        out.append(cand)
        return tuple(out)

    def localize(self, spec: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {role: self.candidates(role, names) for role, names in spec.items()}

    def localize_variant(self, var: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, tuple[str, ...]]]:
        return {k: self.localize(v) for k, v in var.items()}


@lru_cache(maxsize=None)
def _source(driver: str) -> tuple[Path, tuple[str, ...]] | None:
    try:
        from ...config import Config
        from ...source import resolve

        src = resolve(driver, Config())
    except Exception:  # noqa: BLE001 - no sources: nothing derived from the code
        return None
    return Path(src.root), tuple(sorted(src.c_files))


@lru_cache(maxsize=None)
def _code_lines(driver: str) -> tuple[tuple[str, int, str], ...]:
    """(file, line number, text) of the driver's C files."""
    got = _source(driver)
    if got is None:
        return ()
    root, files = got
    out = []
    for rel in files:
        p = root / rel
        if p.is_file():
            for i, line in enumerate(p.read_text(errors="replace").split("\n"), 1):
                out.append((rel, i, line))
    return tuple(out)


def _derive_bsizepkt_shift(ev: Evaluator, p: str) -> Macro | None:
    """``{P}SRRCTL_BSIZEPKT_SHIFT`` from a function-like ``{P}SRRCTL_BSIZEPKT(x)`` (igc)."""
    fn = ev.macros.get(f"{p}SRRCTL_BSIZEPKT")
    if fn is None or fn.params is None or len(fn.params) != 1:
        return None
    sizes = [1 << k for k in range(10, 15)]  # 1 KB .. 16 KB buffers
    try:
        vals = [ev.call(fn.name, [x]) for x in sizes]
    except (EvalError, RecursionError):
        return None
    for s in range(0, 16):
        if all(v == x >> s for v, x in zip(vals, sizes)):
            return Macro(f"{p}SRRCTL_BSIZEPKT_SHIFT", None, str(s),
                         f"{fn.where}: {fn.name}(x) == x >> {s} for x = 1 KB..16 KB (derived)")
    return None


def _derive_popts_shift(driver: str, p: str) -> Macro | None:
    """``{P}ADVTXD_POPTS_SHIFT`` from the driver writing ``{P}TXD_POPTS_TXSM << n`` (igb, igc)."""
    pat = re.compile(rf"\b{re.escape(p)}TXD_POPTS_(?:TXSM|IXSM)\s*<<\s*(\d+)")
    hits = [(rel, i, m.group(0), int(m.group(1))) for rel, i, line in _code_lines(driver)
            for m in pat.finditer(line)]
    shifts = {h[3] for h in hits}
    if len(shifts) != 1:
        return None
    rel, i, text, s = hits[0]
    return Macro(f"{p}ADVTXD_POPTS_SHIFT", None, str(s), f"{rel}:{i}: `{text}` (POPTS = olinfo_status[13:8])")


def _derive_l4t_udp(driver: str, p: str) -> Macro | None:
    """``{P}ADVTXD_TUCMD_L4T_UDP`` = 0 when the driver's checksum switch gives UDP no L4T bit:
    ``type_tucmd = {P}ADVTXD_TUCMD_L4T_TCP; fallthrough; case offsetof(struct udphdr, check):
    break;`` (igc_tx_csum; the advanced context descriptor's L4T 00b = UDP)."""
    lines = _code_lines(driver)
    text = "\n".join(line for _, _, line in lines)
    m = re.search(
        rf"=\s*{re.escape(p)}ADVTXD_TUCMD_L4T_TCP\s*;\s*fallthrough\s*;\s*(case)\s+offsetof\s*\(\s*struct\s+udphdr\s*,"
        r"\s*check\s*\)\s*:\s*break\s*;", text)
    if m is None:
        return None
    n = text.count("\n", 0, m.start(1))
    rel, i, _ = lines[n]
    return Macro(f"{p}ADVTXD_TUCMD_L4T_UDP", None, "0",
                 f"{rel}:{i}: the UDP case adds no TUCMD.L4T bit to type_tucmd (L4T 00b = UDP)")


def for_driver(driver: str, role_names: list[str], ev: Evaluator | None) -> DriverNames:
    """The driver's names; ``ev`` (the driver's header macros, may be None) is extended with the
    kernel helpers and, for a driver that renames the reference macros, the derived values."""
    prefixes = driver_prefixes(driver, role_names)
    if ev is None:
        return DriverNames(driver, prefixes, None)
    macros = dict(ev.macros)
    for k, m in _KERNEL_HELPERS.items():
        macros.setdefault(k, m)
    out = Evaluator(macros)
    if not DriverNames(driver, prefixes, None).reference:
        for p in prefixes:
            for derived in (_derive_bsizepkt_shift(out, p), _derive_popts_shift(driver, p), _derive_l4t_udp(driver, p)):
                if derived is not None:
                    macros.setdefault(derived.name, derived)
    return DriverNames(driver, prefixes, out)


def max_queues(driver: str, role_names: list[str], ir_families: set[str], rings: object, current: int) -> int:
    """Queues of a multi-queue (advanced family) driver that is not a reference one: the IR's
    ``rings.tx_queues_max`` (igc: IGC_MAX_TX_QUEUES = 4), as igb/ixgbe get theirs; else ``current``."""
    if DriverNames(driver, driver_prefixes(driver, role_names), None).reference or "intel_advanced" not in ir_families:
        return current
    q = getattr(rings, "tx_queues_max", None)
    v = getattr(q, "value", None)
    return int(v) if isinstance(v, int) and v > 0 else current


# ---- SR-IOV virtual functions ---------------------------------------------------------------

_VF_MAILBOX = re.compile(r"(V2PMAILBOX|VFMAILBOX|VMBMEM|VFMBMEM)")


def vf_refusal(driver: str, ev: Evaluator | None, missing: list[str], family: str) -> str | None:
    """One line saying why an SR-IOV virtual function gets no hw layer, or None when the driver
    is not one: its headers define the PF<->VF mailbox and it lacks the device-wide TX/RX
    control and the INTx/MSI cause registers the family's enable sequence needs."""
    if ev is None or not any(_VF_MAILBOX.search(n) for n in ev.macros):
        return None
    if not {"tx_ctrl", "rx_ctrl", "irq_cause"} & set(missing) and not any(
            r.startswith(("tx_", "rx_")) for r in missing):
        return None

    def short(*cands: str) -> str:
        for c in cands:
            for n in sorted(ev.macros):
                if re.fullmatch(rf"[A-Z0-9]+_{c}", n):
                    return c
        return cands[-1]

    txd = short("VFTXDCTL", "TXDCTL")
    rxd = short("VFRXDCTL", "RXDCTL")
    eicr = short("VTEICR", "EICR")
    eims = short("VTEIMS", "EIMS")
    return (f"SR-IOV virtual function: rings enabled by {txd}/{rxd} only, MSI-X-only interrupts "
            f"({eicr}/{eims}); not supported by the {family} hw layer")
