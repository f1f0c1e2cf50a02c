"""The semantic front end: one libclang parse per driver ``.c`` file, reduced to plain facts.

A worker parses one translation unit with the driver's own kbuild flags and returns a JSON-able
dict (cached by content hash).  Macro values are evaluated by clang itself: the analyzer appends
a *probe* to the translation unit -- ``enum { __nicport_m12 = (E1000_TDT) };`` for each candidate
macro, at ``n=0`` and ``n=1`` for one-parameter macros -- and reads the enumerator values back.
Nothing is pattern-matched: a macro that is not an integer constant expression simply gets no
value (its probe line has an error, which is ignored).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

PROBE_PREFIX = "__nicport_m"

#: kernel MMIO primitives (an access to a device register ends in one of these).
MMIO_READ = frozenset(
    "readb readw readl readq ioread8 ioread16 ioread32 ioread64 __raw_readb __raw_readw __raw_readl "
    "__raw_readq readb_relaxed readw_relaxed readl_relaxed readq_relaxed ioread16be ioread32be lo_hi_readq".split()
)
MMIO_WRITE = frozenset(
    "writeb writew writel writeq iowrite8 iowrite16 iowrite32 iowrite64 __raw_writeb __raw_writew "
    "__raw_writel __raw_writeq writeb_relaxed writew_relaxed writel_relaxed writeq_relaxed "
    "iowrite16be iowrite32be lo_hi_writeq".split()
)

#: kernel calls whose arguments the extractors need (callbacks, weights, sizes).
ARG_APIS = frozenset(
    """netif_napi_add netif_napi_add_weight netif_napi_add_tx netif_napi_add_tx_weight
    netif_napi_add_config netif_tx_napi_add request_irq request_threaded_irq devm_request_irq
    devm_request_threaded_irq pci_request_irq request_any_context_irq netdev_rss_key_fill
    pci_enable_msix_range pci_enable_msix_exact pci_alloc_irq_vectors pci_alloc_irq_vectors_affinity
    pci_enable_msi pci_enable_msi_range dma_set_mask_and_coherent dma_set_mask dma_set_coherent_mask
    virtio_find_vqs virtio_find_vqs_ctx virtio_cread8 virtio_cread16 virtio_cread32 virtio_cread_le
    virtio_cread_feature virtio_has_feature netif_set_real_num_tx_queues netif_set_real_num_rx_queues
    alloc_etherdev_mq alloc_etherdev_mqs devm_alloc_etherdev_mqs""".split()
)

FEATURE_FIELDS = frozenset(
    "features hw_features vlan_features hw_enc_features mpls_features gso_partial_features".split()
)

_ci = None
_eval_ready = False


def _clang():
    """Import clang.cindex once, pointing it at the wheel's libclang.so, with the evaluator bound."""
    global _ci, _eval_ready
    if _ci is not None:
        return _ci
    import clang.cindex as ci

    if not ci.Config.loaded:
        native = Path(ci.__file__).parent / "native" / "libclang.so"
        if native.is_file():
            try:
                ci.Config.set_library_file(str(native))
            except Exception:  # already set by someone else
                pass
    lib = ci.conf.lib
    if not _eval_ready:
        lib.clang_Cursor_Evaluate.argtypes = [ci.Cursor]
        lib.clang_Cursor_Evaluate.restype = ctypes.c_void_p
        lib.clang_EvalResult_getKind.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getKind.restype = ctypes.c_int
        lib.clang_EvalResult_getAsLongLong.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsLongLong.restype = ctypes.c_longlong
        lib.clang_EvalResult_isUnsignedInt.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_isUnsignedInt.restype = ctypes.c_uint
        lib.clang_EvalResult_getAsUnsigned.argtypes = [ctypes.c_void_p]
        lib.clang_EvalResult_getAsUnsigned.restype = ctypes.c_ulonglong
        lib.clang_EvalResult_dispose.argtypes = [ctypes.c_void_p]
        _eval_ready = True
    _ci = ci
    return ci


def evaluate(cursor) -> int | None:
    """clang's own constant evaluation of an expression cursor (None if not an integer constant)."""
    ci = _clang()
    lib = ci.conf.lib
    r = lib.clang_Cursor_Evaluate(cursor)
    if not r:
        return None
    try:
        if lib.clang_EvalResult_getKind(r) != 1:  # CXEval_Int
            return None
        if lib.clang_EvalResult_isUnsignedInt(r):
            return int(lib.clang_EvalResult_getAsUnsigned(r))
        return int(lib.clang_EvalResult_getAsLongLong(r))
    finally:
        lib.clang_EvalResult_dispose(r)


def probe_text(macros: list[tuple[str, int]]) -> tuple[str, dict[str, tuple[str, int]]]:
    """The probe appended to a translation unit: ``macros`` is ``[(name, nparams)]`` with nparams
    -1 for object-like macros and 1 for one-parameter ones.  Returns the text and a map
    enumerator -> (macro, n) (n = -1 for object-like)."""
    lines = ["", "/* nicport probe: macro values evaluated by the compiler */"]
    names: dict[str, tuple[str, int]] = {}
    for i, (name, nparams) in enumerate(macros):
        lines.append(f"#ifdef {name}")
        if nparams < 0:
            e = f"{PROBE_PREFIX}{i}"
            names[e] = (name, -1)
            lines.append(f"enum {{ {e} = ({name}) }};")
        else:
            for n in (0, 1):
                e = f"{PROBE_PREFIX}{i}_{n}"
                names[e] = (name, n)
                lines.append(f"enum {{ {e} = ({name}({n})) }};")
        lines.append("#endif")
    return "\n".join(lines) + "\n", names


class _Ctx:
    def __init__(self, root: str, rel: str, driver_rel: dict[str, str], suffixes: tuple[str, ...], text: bytes):
        self.root = root
        self.rel = rel
        self.driver_rel = driver_rel  # absolute path -> rel
        self.suffixes = suffixes  # driver headers that may be found outside the tree (uapi)
        self.cache: dict[str, str | None] = {}
        self.texts: dict[str, bytes] = {rel: text}

    def relpath(self, fname: str | None) -> str | None:
        if fname is None:
            return None
        r = self.cache.get(fname, 0)
        if r != 0:
            return r  # type: ignore[return-value]
        rel = self.driver_rel.get(fname)
        if rel is None:
            for s in self.suffixes:
                if fname.endswith("/" + s):
                    rel = s
                    break
        self.cache[fname] = rel
        return rel

    def text(self, rel: str, fname: str) -> bytes:
        t = self.texts.get(rel)
        if t is None:
            try:
                t = Path(fname).read_bytes()
            except OSError:
                t = b""
            self.texts[rel] = t
        return t


def _snippet(ctx: _Ctx, cursor) -> str:
    ext = cursor.extent
    f = ext.start.file
    if f is None:
        return ""
    rel = ctx.relpath(f.name)
    if rel is None:
        return ""
    t = ctx.text(rel, f.name)
    s, e = ext.start.offset, ext.end.offset
    if e <= s or e - s > 4000:
        return ""
    return t[s:e].decode("utf-8", "replace")


def parse_file(job: dict) -> dict:
    """Parse one driver ``.c`` file; returns its facts (see module docstring)."""
    ci = _clang()
    root = job["root"]
    rel = job["rel"]
    path = os.path.join(root, rel)
    text = Path(path).read_bytes()
    probe, probe_names = probe_text([tuple(m) for m in job.get("probe", [])])
    src = text.decode("utf-8", "replace")
    n_src_lines = src.count("\n") + 1
    index = ci.Index.create()
    args = list(job["args"]) + ["-ferror-limit=0", "-Wno-everything"]
    try:
        tu = index.parse(path, args=args, unsaved_files=[(path, src + probe)],
                         options=ci.TranslationUnit.PARSE_INCOMPLETE)
    except ci.TranslationUnitLoadError as exc:
        return {"rel": rel, "fatal": f"libclang could not parse {rel}: {exc}", "functions": {}, "errors": []}
    driver_rel = {os.path.join(root, r): r for r in job["driver_files"]}
    ctx = _Ctx(root, rel, driver_rel, tuple(job.get("suffixes", ())), text)
    facts: dict = {
        "rel": rel, "fatal": None, "errors": [], "functions": {}, "initializers": [], "tables": [],
        "records": {}, "macro_values": {}, "globals": {}, "fn_decls": {},
    }
    for d in tu.diagnostics:
        if d.severity < 3:
            continue
        loc = d.location
        drel = ctx.relpath(loc.file.name) if loc.file else None
        if drel == rel and loc.line > n_src_lines:
            continue  # the probe's own non-constant macros
        facts["errors"].append({"file": drel or (loc.file.name if loc.file else rel), "line": loc.line,
                                "message": d.spelling, "in_driver": drel is not None})
    K = ci.CursorKind
    for c in tu.cursor.get_children():
        loc = c.location
        f = loc.file
        if f is None:
            continue
        crel = ctx.relpath(f.name)
        if crel is None:
            continue
        kind = c.kind
        if kind == K.FUNCTION_DECL:
            if c.is_definition():
                if c.spelling not in facts["functions"]:
                    facts["functions"][c.spelling] = _function(ctx, c, crel)
            else:
                facts["fn_decls"].setdefault(c.spelling, [crel, loc.line])
        elif kind == K.VAR_DECL:
            _var(ctx, c, crel, facts)
        elif kind in (K.STRUCT_DECL, K.UNION_DECL):
            if c.is_definition() and c.spelling:
                _record(c, crel, facts["records"])
        elif kind == K.TYPEDEF_DECL:
            under = c.underlying_typedef_type.get_declaration()
            if under.kind in (K.STRUCT_DECL, K.UNION_DECL) and under.is_definition():
                _record(under, crel, facts["records"], alias=c.spelling)
        elif kind == K.ENUM_DECL and crel == rel and loc.line > n_src_lines:
            for e in c.get_children():
                key = probe_names.get(e.spelling)
                if key is not None:
                    name, n = key
                    val = e.enum_value
                    if n < 0:
                        facts["macro_values"][name] = val
                    else:
                        facts["macro_values"].setdefault(name + "@", [None, None])[n] = val
    # probe enumerators with errors have no usable value: drop them
    bad = set()
    for d in tu.diagnostics:
        if d.severity >= 3 and d.location.file and ctx.relpath(d.location.file.name) == rel and d.location.line > n_src_lines:
            bad.add(d.location.line)
    if bad:
        plines = (src + probe).split("\n")
        for ln in bad:
            if 0 < ln <= len(plines):
                line = plines[ln - 1]
                if line.startswith("enum { " + PROBE_PREFIX):
                    e = line.split()[2]
                    key = probe_names.get(e)
                    if key:
                        name, n = key
                        if n < 0:
                            facts["macro_values"].pop(name, None)
                        else:
                            v = facts["macro_values"].get(name + "@")
                            if v:
                                v[n] = None
    for k in [k for k, v in facts["macro_values"].items() if k.endswith("@") and (v[0] is None or v[1] is None)]:
        del facts["macro_values"][k]
    return facts


def _function(ctx: _Ctx, fn, crel: str) -> dict:
    ci = _clang()
    K = ci.CursorKind
    ext = fn.extent
    out = {
        "file": crel, "line": fn.location.line, "start": ext.start.line, "end": ext.end.line,
        "static": fn.storage_class == ci.StorageClass.STATIC,
        "params": [[p.spelling, p.type.spelling] for p in fn.get_arguments()],
        "ret": fn.result_type.spelling,
        "calls": [],  # [name, line, kind(driver|kernel|member|indirect), snippet-or-None]
        "refs": [],  # [driver function name, line]  (address taken or called)
        "types": {},  # record type spelling -> first line
        "casts": {},  # record types a pointer is cast to (ring memory viewed as descriptors)
        "args": [],  # [api, line, [[snippet, value, [fnrefs]] ...]]
        "assigns": [],  # [field, op, line, rhs snippet, [conditions]]
        "returns": [],  # [line, value, snippet]
    }
    conds: list[str] = []

    def visit(node, depth=0):
        for ch in node.get_children():
            k = ch.kind
            if k == K.CALL_EXPR:
                ref = ch.referenced
                name = ch.spelling
                kind = "indirect"
                if ref is not None:
                    if ref.kind == K.FUNCTION_DECL:
                        rf = ref.location.file
                        kind = "driver" if rf is not None and ctx.relpath(rf.name) is not None else "kernel"
                    elif ref.kind == K.FIELD_DECL:
                        kind = "member"
                snip = None
                if name in MMIO_READ or name in MMIO_WRITE or kind == "driver" or kind == "member":
                    snip = _snippet(ctx, ch)
                out["calls"].append([name, ch.location.line, kind, snip])
                if kind == "kernel" and name in ARG_APIS:
                    argv = []
                    for a in ch.get_arguments():
                        fnrefs = [x.spelling for x in a.walk_preorder() if x.kind == K.DECL_REF_EXPR
                                  and x.referenced is not None and x.referenced.kind == K.FUNCTION_DECL]
                        argv.append([_snippet(ctx, a), evaluate(a), fnrefs])
                    out["args"].append([name, ch.location.line, argv])
            elif k == K.DECL_REF_EXPR:
                ref = ch.referenced
                if ref is not None and ref.kind == K.FUNCTION_DECL:
                    rf = ref.location.file
                    if rf is not None and ctx.relpath(rf.name) is not None:
                        out["refs"].append([ch.spelling, ch.location.line])
            elif k == K.CSTYLE_CAST_EXPR:
                t = ch.type
                if t.kind == ci.TypeKind.POINTER:
                    sp = t.get_pointee().get_canonical().spelling.replace("volatile ", "").replace("const ", "")
                    if sp.startswith(("struct ", "union ")) and sp not in out["casts"]:
                        out["casts"][sp] = ch.location.line
            elif k == K.TYPE_REF:
                sp = ch.spelling
                if sp.startswith(("struct ", "union ")) and sp not in out["types"]:
                    out["types"][sp] = ch.location.line
            elif k in (K.BINARY_OPERATOR, K.COMPOUND_ASSIGNMENT_OPERATOR):
                kids = list(ch.get_children())
                if len(kids) == 2 and kids[0].kind == K.MEMBER_REF_EXPR:
                    op = _operator(ctx, ch, kids[0], kids[1])
                    if op and op.endswith("="):
                        out["assigns"].append([kids[0].spelling, op, ch.location.line, _snippet(ctx, kids[1]),
                                               list(conds), _snippet(ctx, kids[0])])
            elif k == K.RETURN_STMT:
                kids = list(ch.get_children())
                if kids:
                    out["returns"].append([ch.location.line, evaluate(kids[0]), _snippet(ctx, kids[0]), list(conds)])
            if k == K.IF_STMT:
                kids = list(ch.get_children())
                if kids:
                    cond = _snippet(ctx, kids[0])
                    visit_one(kids[0])
                    if len(kids) > 1:
                        conds.append(cond)
                        visit_one(kids[1])
                        conds.pop()
                    if len(kids) > 2:
                        conds.append("!(" + cond + ")")
                        visit_one(kids[2])
                        conds.pop()
                continue
            if k == K.SWITCH_STMT or k == K.CASE_STMT:
                pass
            visit(ch, depth + 1)

    def visit_one(node):
        # visit a node itself and its subtree (visit() handles children only)
        class _Wrap:
            def __init__(self, n):
                self.n = n

            def get_children(self):
                return [self.n]

        visit(_Wrap(node))

    visit(fn)
    return out


def _operator(ctx: _Ctx, node, lhs, rhs) -> str | None:
    """The operator token between ``lhs`` and ``rhs`` (libclang 18 has no direct accessor)."""
    try:
        e1 = lhs.extent.end.offset
        s2 = rhs.extent.start.offset
        f = node.extent.start.file
        rel = ctx.relpath(f.name) if f else None
        if rel is None or s2 <= e1:
            return None
        t = ctx.text(rel, f.name)[e1:s2].decode("utf-8", "replace").strip()
        return t if t in ("=", "|=", "&=", "^=", "+=", "-=") else None
    except Exception:
        return None


def _var(ctx: _Ctx, c, crel: str, facts: dict) -> None:
    ci = _clang()
    K = ci.CursorKind
    T = ci.TypeKind
    typ = c.type
    kids = list(c.get_children())
    init = next((k for k in kids if k.kind == K.INIT_LIST_EXPR), None)
    tsp = typ.spelling
    if typ.kind in (T.CONSTANTARRAY, T.INCOMPLETEARRAY):
        elem = typ.element_type
        esp = elem.get_canonical().spelling.replace("const ", "")
        if init is not None and esp in ("struct pci_device_id", "struct virtio_device_id", "struct usb_device_id",
                                        "struct platform_device_id", "struct of_device_id"):
            fields = [f.spelling for f in elem.get_canonical().get_fields()]
            entries = []
            for e in init.get_children():
                if e.kind != K.INIT_LIST_EXPR:
                    continue
                vals: dict = {}
                idx = 0
                for item in e.get_children():
                    sub = list(item.get_children())
                    if item.kind == K.UNEXPOSED_EXPR and sub and sub[0].kind == K.MEMBER_REF:
                        fname = sub[0].spelling
                        valc = sub[-1]
                        idx = fields.index(fname) + 1 if fname in fields else idx
                    else:
                        fname = fields[idx] if idx < len(fields) else f"#{idx}"
                        valc = item
                        idx += 1
                    v = evaluate(valc)
                    vals[fname] = v if v is not None else _snippet(ctx, valc) or None
                entries.append({"line": e.location.line, "values": vals, "text": _snippet(ctx, e)})
            facts["tables"].append({"name": c.spelling, "type": esp, "file": crel, "line": c.location.line,
                                    "entries": entries})
        return
    if init is not None and typ.get_canonical().kind == T.RECORD:
        fields = {}
        for item in init.get_children():
            sub = list(item.get_children())
            if item.kind == K.UNEXPOSED_EXPR and sub and sub[0].kind == K.MEMBER_REF:
                valc = sub[-1]
                fn = None
                for x in valc.walk_preorder():
                    if x.kind == K.DECL_REF_EXPR and x.referenced is not None and x.referenced.kind == K.FUNCTION_DECL:
                        fn = x.spelling
                        break
                    if x.kind in (K.INIT_LIST_EXPR,):
                        break
                fields[sub[0].spelling] = [fn, evaluate(valc) if fn is None else None,
                                           _snippet(ctx, valc)[:200], item.location.line]
        facts["initializers"].append({"name": c.spelling, "type": typ.get_canonical().spelling.replace("const ", ""),
                                      "file": crel, "line": c.location.line, "fields": fields})
        return
    if typ.get_canonical().kind in (T.INT, T.UINT, T.BOOL, T.LONG, T.ULONG, T.SHORT, T.USHORT, T.UCHAR, T.CHAR_S):
        val = None
        for k in kids:
            if k.kind.is_expression():
                val = evaluate(k)
        facts["globals"][c.spelling] = [crel, c.location.line, tsp, val]


def _endianness(tsp: str) -> str:
    if "__le" in tsp:
        return "le"
    if "__be" in tsp:
        return "be"
    if tsp.strip() in ("u8", "__u8", "s8", "unsigned char", "char", "uint8_t", "signed char", "bool"):
        return "none"
    return "native"


def _record(c, crel: str, records: dict, alias: str | None = None) -> None:
    ci = _clang()
    typ = c.type
    name = typ.spelling
    if name in records or "(unnamed" in name or "(anonymous" in name:
        return
    size = typ.get_size()
    if size is None or size < 0:
        return
    members: list = []
    _members(typ, "", 0, members, 0)
    records[name] = {"file": crel, "line": c.location.line, "size": size, "align": typ.get_align(),
                     "kind": "union" if c.kind == ci.CursorKind.UNION_DECL else "struct",
                     "members": members, "alias": alias}


def _members(typ, prefix: str, base_bits: int, out: list, depth: int) -> None:
    ci = _clang()
    T = ci.TypeKind
    if depth > 6:
        return
    for f in typ.get_canonical().get_fields():
        off_bits = base_bits + f.get_field_offsetof()
        ft = f.type
        name = f.spelling
        anon = not name
        canon = ft.get_canonical()
        tsp = ft.spelling
        if canon.kind == T.CONSTANTARRAY:
            n = canon.get_array_size()
            et = ft.get_canonical().element_type
            esp = tsp.split("[")[0].strip()
            sz = canon.get_size()
            path = f"{prefix}{name}[{n}]"
            if et.get_canonical().kind == T.RECORD:
                out.append([path, "(nested)", off_bits // 8, sz, 0, None, "none", True])
            else:
                out.append([path, esp, off_bits // 8, sz, 0, None, _endianness(esp), False])
            continue
        if canon.kind == T.RECORD:
            if anon:
                _members(canon, prefix, off_bits, out, depth + 1)
            else:
                out.append([prefix + name, "(nested)", off_bits // 8, canon.get_size(), 0, None, "none", True])
                _members(canon, prefix + name + ".", off_bits, out, depth + 1)
            continue
        width = f.get_bitfield_width() if f.is_bitfield() else None
        sz = canon.get_size()
        out.append([prefix + name, tsp, off_bits // 8, sz, off_bits % 8 if width else 0, width, _endianness(tsp), False])
