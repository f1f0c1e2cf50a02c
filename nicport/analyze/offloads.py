"""Offloads: the ``NETIF_F_*`` flags the driver puts in ``features`` / ``hw_features`` /
``vlan_features`` (with the conditions around each assignment) and XDP support."""

from __future__ import annotations

import re

from ..ir import FeatureFlag, Offloads, Provenance, Xdp
from .entry_points import op
from .program import Program

_FLAG = re.compile(r"\bNETIF_F_\w+")
_FEATURE_SETS = ("features", "hw_features", "vlan_features", "hw_enc_features", "mpls_features", "gso_partial_features")


def _flags_in(prog: Program, text: str, seen: set[str] | None = None) -> list[str]:
    seen = seen or set()
    out = _FLAG.findall(text)
    for ident in re.findall(r"\b[A-Z][A-Z0-9_]+\b", text):
        if ident in prog.macros and ident not in seen and not ident.startswith("NETIF_F_"):
            seen.add(ident)
            out.extend(_flags_in(prog, prog.macros[ident].d.body, seen))
    return out


def offloads(prog: Program) -> Offloads:
    flags: list[FeatureFlag] = []
    sets: dict[str, list[str]] = {s: [] for s in _FEATURE_SETS}
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for fld, opr, line, rhs, conds, lhs in f["assigns"]:
            if fld not in _FEATURE_SETS or opr not in ("=", "|="):
                continue
            if "netdev" not in lhs and "dev" not in lhs:
                continue
            if "~" in rhs:
                continue
            cond = " && ".join(c.replace("\n", " ") for c in conds) or None
            if cond:
                cond = re.sub(r"\s+", " ", cond)
            for fl in dict.fromkeys(_flags_in(prog, rhs)):
                flags.append(FeatureFlag(flag=fl, set=fld, condition=cond, function=fname,
                                         provenance=Provenance(file=f["file"], line=line, derived="clang")))
                if fl not in sets[fld]:
                    sets[fld].append(fl)
            # copies between the sets: "hw_features = features", "features |= hw_features"
            for other in re.findall(r"(?:->|\.)\s*(features|hw_features|vlan_features|hw_enc_features)\b", rhs):
                if other != fld:
                    for fl in sets[other]:
                        if fl not in sets[fld]:
                            sets[fld].append(fl)
    allf = set(sets["features"]) | set(sets["hw_features"])
    bpf, _ = op(prog, "struct net_device_ops", "ndo_bpf")
    xmit, _ = op(prog, "struct net_device_ops", "ndo_xdp_xmit")
    xsk, _ = op(prog, "struct net_device_ops", "ndo_xsk_wakeup")
    return Offloads(
        flags=flags, features=sorted(sets["features"]), hw_features=sorted(sets["hw_features"]),
        vlan_features=sorted(sets["vlan_features"]),
        checksum_tx=bool(allf & {"NETIF_F_HW_CSUM", "NETIF_F_IP_CSUM", "NETIF_F_IPV6_CSUM", "NETIF_F_CSUM_MASK"}),
        checksum_rx="NETIF_F_RXCSUM" in allf,
        tso=bool(allf & {"NETIF_F_TSO", "NETIF_F_TSO6", "NETIF_F_ALL_TSO"}),
        vlan_insert="NETIF_F_HW_VLAN_CTAG_TX" in allf, vlan_strip="NETIF_F_HW_VLAN_CTAG_RX" in allf,
        rxhash="NETIF_F_RXHASH" in allf, lro="NETIF_F_LRO" in allf, gro_hw="NETIF_F_GRO_HW" in allf,
        xdp=Xdp(supported=bpf is not None, ndo_bpf=bpf, ndo_xdp_xmit=xmit, xsk_wakeup=xsk),
    )
