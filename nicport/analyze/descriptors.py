"""Descriptor layouts: which hardware-layout types the dataplane reads and writes, their exact
layout (clang's own ``get_size``/``get_offset``), their kind and family, and the bit macros of
each field (found from the statements that use the field)."""

from __future__ import annotations

import re

from ..ir import BitDef, DescField, Descriptor, Descriptors, Provenance
from .program import Program
from .textscan import blank_comments

FIXED_WIDTH = re.compile(
    r"^(?:const\s+)?(?:volatile\s+)?(?:__le(?:16|32|64)|__be(?:16|32|64)|__virtio(?:16|32|64)|u8|u16|u32|u64|s8|s16|s32|s64|"
    r"__u8|__u16|__u32|__u64|__s8|__s16|__s32|__s64|uint8_t|uint16_t|uint32_t|uint64_t|unsigned char|unsigned short|"
    r"unsigned int|unsigned long long|char|short|int)$"
)

#: the virtio specification's ring and header structures (virtio_ring.h / virtio_net.h) -> kind
VIRTIO_SPEC_KINDS = {
    "struct vring_desc": ("split_desc", "virtio_split"),
    "struct vring_avail": ("split_avail", "virtio_split"),
    "struct vring_used": ("split_used", "virtio_split"),
    "struct vring_used_elem": ("split_used_elem", "virtio_split"),
    "struct vring_packed_desc": ("packed_desc", "virtio_packed"),
    "struct vring_packed_desc_event": ("packed_event", "virtio_packed"),
    "struct virtio_net_hdr": ("net_hdr", "other"),
    "struct virtio_net_hdr_mrg_rxbuf": ("net_hdr_mrg", "other"),
    "struct virtio_net_hdr_v1": ("net_hdr_v1", "other"),
    "struct virtio_net_hdr_v1_hash": ("net_hdr_v1_hash", "other"),
}


def is_hw_layout(rec: dict, records: dict | None = None, depth: int = 0) -> bool:
    """Every leaf is a fixed-width integer (no pointers, no kernel types) or a struct that is
    itself such a layout: a hardware layout."""
    leaves = [m for m in rec["members"] if not m[7]]
    if not leaves or depth > 4:
        return False
    for m in leaves:
        t = m[1].strip()
        if "*" in t:
            return False
        if FIXED_WIDTH.match(t):
            continue
        sub = (records or {}).get(t)
        if sub is not None and is_hw_layout(sub, records, depth + 1):
            continue
        return False
    return True


def _fields(rec: dict) -> list[DescField]:
    out = []
    for path, typ, off, size, bit_off, width, endian, nested in rec["members"]:
        out.append(DescField(path=path, type=typ, offset=off, size=size, bit_offset=bit_off, bit_width=width,
                             endianness=endian, nested=nested))
    return out


def _family(rec: dict, intel: bool) -> str:
    top = [m[0] for m in rec["members"] if "." not in m[0]]
    if rec["kind"] == "union" and "read" in top and "wb" in top:
        return "intel_advanced" if intel else "other"
    if intel:
        return "intel_legacy"
    return "other"


def _has_le64_at_0(rec: dict) -> bool:
    return any(m[2] == 0 and m[3] == 8 and not m[7] and "le64" in m[1] for m in rec["members"])


def _multi_buffer(rec: dict) -> bool:
    return any(re.search(r"\[\d+\]$", m[0]) and m[3] > 8 and "64" in m[1] for m in rec["members"] if not m[7])


def classify(prog: Program, xmit_fns: set[str], rx_fns: set[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """[(c type, kind)] of the descriptors the dataplane uses, and the hardware layouts defined
    but not used."""
    used_by: dict[str, set[str]] = {}
    for fname, f in prog.functions.items():
        for t in f["types"]:
            used_by.setdefault(t, set()).add(fname)
    cast_to: set[str] = set()
    for f in prog.functions.values():
        cast_to.update(f.get("casts", {}))
    cands = {name for name, rec in prog.records.items() if is_hw_layout(rec, prog.records) and rec["size"] in (8, 16, 32, 64)}
    tx = sorted(t for t in cands if used_by.get(t, set()) & xmit_fns)
    rx = sorted(t for t in cands if t not in tx and used_by.get(t, set()) & rx_fns)
    # ring memory is a void * the driver views as descriptors: prefer the types it casts to
    if any(t in cast_to for t in tx):
        tx = [t for t in tx if t in cast_to]
    if any(t in cast_to for t in rx):
        rx = [t for t in rx if t in cast_to]
    kinds: list[tuple[str, str]] = []
    # the data descriptor carries a buffer address (a 64-bit little-endian field); context ones do not
    data = [t for t in tx if any("le64" in m[1] and not m[7] for m in prog.records[t]["members"])]
    ctx = [t for t in tx if t not in data]
    for i, t in enumerate(data):
        kinds.append((t, "tx_data" if i == 0 else f"tx_data_{i}"))
    for i, t in enumerate(ctx):
        kinds.append((t, "tx_context" if i == 0 else f"tx_context_{i}"))
    split = [t for t in rx if _multi_buffer(prog.records[t])]
    single = [t for t in rx if t not in split]
    # the rx descriptor the rings are sized by first: more users first
    single.sort(key=lambda t: (-len(used_by.get(t, set()) & rx_fns), t))
    for i, t in enumerate(single):
        kinds.append((t, "rx" if i == 0 else f"rx_{i}"))
    for i, t in enumerate(split):
        kinds.append((t, "rx_packet_split" if i == 0 else f"rx_packet_split_{i}"))
    used = {t for t, _k in kinds}
    driver_h = {rel for rel in prog.texts if rel.endswith(".h") and not rel.startswith("include/")}
    not_used = sorted(t for t in cands if t not in used and prog.records[t]["file"] in driver_h
                      and _looks_like_descriptor(prog.records[t]))
    return kinds, not_used


def _looks_like_descriptor(rec: dict) -> bool:
    return _has_le64_at_0(rec) or (rec["kind"] == "union" and {"read", "wb"} <= {m[0] for m in rec["members"]})


def descriptors(prog: Program, xmit_fns: set[str], rx_fns: set[str], dataplane: set[str], bus: str | None,
                intel: bool) -> Descriptors:
    used_by: dict[str, list[str]] = {}
    for fname in sorted(prog.functions):
        for t in prog.functions[fname]["types"]:
            used_by.setdefault(t, []).append(fname)
    out: list[Descriptor] = []
    if bus == "virtio":
        referenced = set(used_by)
        kinds = []
        for t, (kind, fam) in VIRTIO_SPEC_KINDS.items():
            if t in prog.records:
                kinds.append((t, kind, fam))
        # the device's config space layout (struct virtio_<dev>_config) read with virtio_cread*
        read = set()
        for c in prog.c_files:
            read.update("struct " + m for m in re.findall(r"virtio_c(?:read|write)\w*\s*\([^;]*?struct\s+(\w+)", prog.texts[c]))
        for t in sorted(read):
            if t in prog.records:
                kinds.append((t, "device_config", "other"))
        for t, kind, fam in kinds:
            rec = prog.records[t]
            out.append(Descriptor(kind=kind, c_type=t, size=rec["size"], alignment=rec["align"], family=fam,
                                  fields=_fields(rec), used_in=[f for f in used_by.get(t, []) if f in dataplane],
                                  provenance=Provenance(file=rec["file"], line=rec["line"], derived="clang")))
        return Descriptors(descriptors=out, defined_not_used=[])
    kinds2, not_used = classify(prog, xmit_fns, rx_fns)
    data_family = next((_family(prog.records[t], intel) for t, k in kinds2 if k == "tx_data"), None)
    bits = field_bits(prog, [t for t, _k in kinds2], dataplane)
    for t, kind in kinds2:
        rec = prog.records[t]
        fields = _fields(rec)
        for fld in fields:
            fld.bits = bits.get((t, fld.path), [])
        fam = data_family if kind.startswith("tx_context") and data_family else _family(rec, intel)
        out.append(Descriptor(kind=kind, c_type=t, size=rec["size"], alignment=rec["align"], family=fam,
                              fields=fields, used_in=[f for f in used_by.get(t, []) if f in dataplane],
                              provenance=Provenance(file=rec["file"], line=rec["line"], derived="clang")))
    unused = []
    for t in not_used:
        rec = prog.records[t]
        unused.append(Descriptor(kind="unused", c_type=t, size=rec["size"], alignment=rec["align"],
                                 family=_family(rec, intel), fields=_fields(rec), used_in=[],
                                 provenance=Provenance(file=rec["file"], line=rec["line"], derived="clang")))
    return Descriptors(descriptors=out, defined_not_used=not_used, defined_not_used_layouts=unused)


def _mentioned(prog: Program, t: str) -> bool:
    name = t.split()[-1]
    return any(name in prog.texts[c] for c in prog.c_files)


_MEMBER_CHAIN = re.compile(r"(?:->|\.)\s*([A-Za-z_]\w*(?:\s*(?:\.|->)\s*[A-Za-z_]\w*)*)")
_MACRO_ID = re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b")


def field_bits(prog: Program, types: list[str], dataplane: set[str]) -> dict[tuple[str, str], list[BitDef]]:
    """(type, field path) -> the bit macros the driver uses with that field.

    A macro belongs to a field when a statement combines the field (or a local variable read
    from / written to it) with the macro; the macro's family (same name up to the last ``_``)
    then belongs too."""
    leaf_paths: dict[str, list[tuple[str, str]]] = {}
    for t in types:
        for m in prog.records[t]["members"]:
            if m[7]:
                continue
            path = m[0]
            parts = path.split(".")
            for i in range(len(parts)):
                leaf_paths.setdefault(".".join(parts[i:]), []).append((t, path))
    from collections import Counter

    assoc: dict[tuple[str, str], Counter] = {}
    # helpers that test a descriptor field with a value parameter: ixgbe_test_staterr(desc, BITS)
    helper_fields: dict[str, list[tuple[str, str]]] = {}
    for fname in sorted(dataplane):
        f = prog.functions.get(fname)
        if not f or not any(t in f["types"] for t in types):
            continue
        vparams = [p for p, t in f["params"] if "*" not in t and "struct" not in t]
        if not vparams or f["end"] - f["start"] > 12:
            continue
        body = blank_comments(prog.function_text(fname))
        fl = []
        for st in re.split(r"[;{}]", body):
            if any(re.search(rf"\b{re.escape(p)}\b", st) for p in vparams):
                fl.extend(_fields_in(st, leaf_paths, [t for t in types if t in f["types"]]))
        if fl:
            helper_fields[fname] = fl
    for fname in sorted(dataplane):
        f = prog.functions.get(fname)
        if not f:
            continue
        ftypes = [t for t in types if t in f["types"]]
        if not ftypes:
            continue
        text = blank_comments(prog.function_text(fname))
        stmts = [s for s in re.split(r"[;{}]", text) if s.strip()]
        var_field: dict[str, list[tuple[str, str]]] = {}
        # variables read from a descriptor field, or written into one
        for s in stmts:
            m = re.match(r"\s*(?:[\w\s\*]+\s)?([a-z_]\w*)\s*(?:\|=|=)[^=](.*)", s, re.S)
            if m and not re.search(r"(?:->|\.)\s*$", s[: m.start(1)]):
                fl = _fields_in(m.group(2), leaf_paths, ftypes)
                if fl:
                    var_field.setdefault(m.group(1), []).extend(fl)
            m2 = re.match(r"\s*([\w\[\]]+\s*(?:->|\.)[\w.>\-\[\]]+)\s*(?:\|=|=)[^=](.*)", s, re.S)
            if m2:
                fl = _fields_in(m2.group(1), leaf_paths, ftypes)
                for v in re.findall(r"\b([a-z_]\w*)\b(?!\s*(?:\(|->|\.))", m2.group(2)):
                    if fl:
                        var_field.setdefault(v, []).extend(fl)
        for s in stmts:
            macros = [x for x in _MACRO_ID.findall(s) if _is_bit_macro(prog, x)]
            if not macros:
                continue
            targets = list(_fields_in(s, leaf_paths, ftypes))
            for h, fl in helper_fields.items():
                if h != fname and re.search(rf"\b{re.escape(h)}\s*\(", s):
                    targets.extend(fl)
            for v, fl in var_field.items():
                if re.search(rf"\b{re.escape(v)}\b", s):
                    targets.extend(fl)
            for tp in set(targets):
                assoc.setdefault(tp, Counter()).update(macros)
    # a macro family (same name up to the last '_') belongs to the field with the most evidence
    fam_votes: dict[str, Counter] = {}
    for key, cnt in assoc.items():
        for mname, n in cnt.items():
            pfx = mname.rsplit("_", 1)[0] + "_"
            if pfx.count("_") >= 2:
                fam_votes.setdefault(pfx, Counter())[key] += n
    by_field: dict[tuple[str, str], set[str]] = {}
    for pfx, votes_all in fam_votes.items():
        for t in sorted({k[0] for k in votes_all}):  # per descriptor type: a family can serve several
            votes = {k: v for k, v in votes_all.items() if k[0] == t}
            best = max(votes.values())
            winners = [k for k, v in votes.items() if v == best]
            # a tie: prefer the field the family names (STAT -> status, ERR -> errors, CMD -> cmd)
            named = [k for k in winners if any(part.lower() in k[1].split(".")[-1].lower()
                                               for part in pfx.strip("_").split("_")[1:] if len(part) >= 3)]
            for k in named or winners:
                by_field.setdefault(k, set()).update(
                    o for o in prog.macros if o.startswith(pfx) and "_" not in o[len(pfx):] and _is_bit_macro(prog, o))
    out: dict[tuple[str, str], list[BitDef]] = {}
    for key, names in by_field.items():
        bits = []
        for n in sorted(names):
            mo = prog.macros.get(n)
            if mo is None or mo.value is None:
                continue
            bits.append(BitDef(name=n, mask=mo.value, value=mo.value, comment=mo.d.comment,
                               provenance=Provenance(file=mo.d.file, line=mo.d.line, derived="evaluated")))
        out[key] = bits
    return out


def _fields_in(s: str, leaf_paths, ftypes) -> list[tuple[str, str]]:
    out = []
    for m in _MEMBER_CHAIN.finditer(s):
        chain = re.sub(r"\s+", "", m.group(1)).replace("->", ".")
        parts = chain.split(".")
        for i in range(len(parts)):
            sub = ".".join(parts[i:])
            hits = [tp for tp in leaf_paths.get(sub, []) if tp[0] in ftypes]
            if hits and i == 0 or (hits and len(parts) - i >= 1 and i > 0):
                out.extend(hits)
                break
    return out


def _is_bit_macro(prog: Program, name: str) -> bool:
    m = prog.macros.get(name)
    if m is None or m.value is None or m.d.function_like:
        return False
    v = m.value
    return v > 0 and v < (1 << 64)
