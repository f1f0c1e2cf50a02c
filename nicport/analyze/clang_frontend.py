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


_INT_KINDS: set | None = None


def evaluate(cursor) -> int | None:
    """clang's own constant evaluation of an expression cursor (None if not an integer constant).

    Only integer-typed expressions are handed to clang_Cursor_Evaluate (it crashes on some
    others, e.g. initializer lists)."""
    global _INT_KINDS
    ci = _clang()
    if _INT_KINDS is None:
        T = ci.TypeKind
        _INT_KINDS = {T.BOOL, T.CHAR_U, T.UCHAR, T.USHORT, T.UINT, T.ULONG, T.ULONGLONG, T.CHAR_S, T.SCHAR,
                      T.SHORT, T.INT, T.LONG, T.LONGLONG, T.ENUM}
    try:
        if not cursor.kind.is_expression() or cursor.kind == ci.CursorKind.INIT_LIST_EXPR:
            return None
        if cursor.type.get_canonical().kind not in _INT_KINDS:
            return None
    except Exception:
        return None
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
        self.callables: frozenset | None = None

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


def _system_includes(args: list[str], root: str) -> list[str]:
    """The kernel's include directories as -isystem (same search, but clang can then tell a
    kernel header from a driver file with one cheap call); the driver's own stay -I."""
    out: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        path = None
        if a == "-I" and i + 1 < len(args):
            path = args[i + 1]
            i += 1
        elif a.startswith("-I") and len(a) > 2:
            path = a[2:]
        else:
            out.append(a)
            i += 1
            continue
        i += 1
        if os.path.abspath(path).startswith(os.path.abspath(root) + os.sep):
            out += ["-I", path]
        else:
            out += ["-isystem", path]
    return out


def parse_file(job: dict) -> dict:
    """Parse one driver ``.c`` file; returns its facts (see module docstring)."""
    ci = _clang()
    root = job["root"]
    rel = job["rel"]
    path = os.path.join(root, rel)
    text = job["virtual"].encode() if "virtual" in job else Path(path).read_bytes()
    probe, probe_names = probe_text([tuple(m) for m in job.get("probe", [])])
    src = text.decode("utf-8", "replace")
    n_src_lines = src.count("\n") + 1
    index = ci.Index.create()
    args = _system_includes(list(job["args"]), root) + ["-ferror-limit=0", "-Wno-everything"]
    try:
        tu = index.parse(path, args=args, unsaved_files=[(path, src + probe)],
                         options=ci.TranslationUnit.PARSE_INCOMPLETE)
    except ci.TranslationUnitLoadError as exc:
        return {"rel": rel, "fatal": f"libclang could not parse {rel}: {exc}", "functions": {}, "errors": []}
    driver_rel = {os.path.join(root, r): r for r in job["driver_files"]}
    ctx = _Ctx(root, rel, driver_rel, tuple(job.get("suffixes", ())), text)
    if job.get("callables") is not None:
        ctx.callables = frozenset(job["callables"])
    facts: dict = {
        "rel": rel, "fatal": None, "errors": [], "functions": {}, "initializers": [], "tables": [],
        "records": {}, "macro_values": {}, "globals": {}, "fn_decls": {}, "enum_values": {},
    }
    bad_probe_lines: set[int] = set()
    for d in tu.diagnostics:
        if d.severity < 3:
            continue
        loc = d.location
        fobj = loc.file
        drel = ctx.relpath(fobj.name) if fobj else None
        if drel == rel and loc.line > n_src_lines:
            bad_probe_lines.add(loc.line)  # the probe's own non-constant macros
            continue
        facts["errors"].append({"file": drel or (fobj.name if fobj else rel), "line": loc.line,
                                "message": d.spelling, "in_driver": drel is not None})
    K = ci.CursorKind
    owned = set(job.get("owned_headers", job["driver_files"]))
    lib = ci.conf.lib
    FN, VAR, ST, UN, EN = (K.FUNCTION_DECL.value, K.VAR_DECL.value, K.STRUCT_DECL.value, K.UNION_DECL.value,
                           K.ENUM_DECL.value)
    for c in tu.cursor.get_children():
        kid = c._kind_id
        # cheap tests first: most top-level cursors are kernel-header prototypes and types
        if kid == FN or kid == ST or kid == UN:
            if not c.is_definition():
                continue
        elif kid == VAR:
            if c.storage_class == ci.StorageClass.EXTERN:
                continue
        elif kid != EN:
            continue
        loc = c.location
        if lib.clang_Location_isInSystemHeader(loc) and not ctx.suffixes:
            continue  # kernel headers (read as system headers): nothing of the driver's there
        f = loc.file
        if f is None:
            continue
        crel = ctx.relpath(f.name)
        if crel is None:
            continue
        kind = c.kind
        if kind == K.FUNCTION_DECL:
            if crel == rel or crel in owned:
                if c.spelling not in facts["functions"]:
                    facts["functions"][c.spelling] = _function(ctx, c, crel, facts)
        elif kind == K.VAR_DECL:
            _var(ctx, c, crel, facts)
        elif kind in (K.STRUCT_DECL, K.UNION_DECL):
            if c.spelling:
                _record(c, crel, facts["records"])
        elif kind == K.ENUM_DECL and not (crel == rel and loc.line > n_src_lines):
            for e in c.get_children():  # enum constants can name registers too (r8169: MAC0, TxConfig ...)
                if e.kind == K.ENUM_CONSTANT_DECL:
                    facts["enum_values"].setdefault(e.spelling, [crel, e.location.line, e.enum_value])
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
    bad = bad_probe_lines
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


def _function(ctx: _Ctx, fn, crel: str, local_vars: dict | None = None) -> dict:
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
    ifs: list[tuple[str, int, int, int, int]] = []  # (condition, then start/end, else start/end) offsets
    pending: list[tuple[list, int]] = []  # (assign/return record, offset) -> conditions filled at the end
    kid_of = {}
    tu = fn._tu
    ids = _kind_ids()
    callables = ctx.callables
    CALL, DREF, TREF, CAST, VARD, BIN, CBIN, RET, IF = ids

    def visitor(ch, parent, _data):
        ch._tu = tu
        kid = ch._kind_id
        if kid == CALL:
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
            line = ch.location.line
            out["calls"].append([name, line, kind, snip])
            if kind == "kernel" and name in ARG_APIS:
                argv = []
                for a in ch.get_arguments():
                    fnrefs = [x.spelling for x in a.walk_preorder() if x.kind == K.DECL_REF_EXPR
                              and x.referenced is not None and x.referenced.kind == K.FUNCTION_DECL]
                    argv.append([_snippet(ctx, a), evaluate(a), fnrefs])
                out["args"].append([name, line, argv])
        elif kid == DREF:
            if callables is not None and ch.spelling not in callables:
                return 2  # a variable: the driver's functions are all written somewhere as name(
            ref = ch.referenced
            if ref is not None and ref.kind == K.FUNCTION_DECL:
                rf = ref.location.file
                if rf is not None and ctx.relpath(rf.name) is not None:
                    out["refs"].append([ch.spelling, ch.location.line])
        elif kid == TREF:
            sp = ch.spelling
            if sp.startswith(("struct ", "union ")) and sp not in out["types"]:
                out["types"][sp] = ch.location.line
        elif kid == CAST:
            t = ch.type
            if t.kind == ci.TypeKind.POINTER:
                sp = t.get_pointee().get_canonical().spelling.replace("volatile ", "").replace("const ", "")
                if sp.startswith(("struct ", "union ")) and sp not in out["casts"]:
                    out["casts"][sp] = ch.location.line
        elif kid == VARD:
            if ch.storage_class == ci.StorageClass.STATIC and local_vars is not None:
                _var(ctx, ch, out["file"], local_vars)  # a static ops table defined inside a function
        elif kid == BIN or kid == CBIN:
            kids = list(ch.get_children())
            if len(kids) == 2 and kids[0].kind == K.MEMBER_REF_EXPR:
                op = _operator(ctx, ch, kids[0], kids[1])
                if op and op.endswith("="):
                    rec = [kids[0].spelling, op, ch.location.line, _snippet(ctx, kids[1]), [], _snippet(ctx, kids[0])]
                    out["assigns"].append(rec)
                    pending.append((rec[4], ch.extent.start.offset))
        elif kid == RET:
            kids = list(ch.get_children())
            if kids:
                rec = [ch.location.line, evaluate(kids[0]), _snippet(ctx, kids[0]), []]
                out["returns"].append(rec)
                pending.append((rec[3], ch.extent.start.offset))
        elif kid == IF:
            kids = list(ch.get_children())
            if len(kids) >= 2:
                cond = _snippet(ctx, kids[0])
                te = kids[1].extent
                ee = kids[2].extent if len(kids) > 2 else None
                ifs.append((cond, te.start.offset, te.end.offset,
                            ee.start.offset if ee else -1, ee.end.offset if ee else -1))
        return 2  # CXChildVisit_Recurse

    ci.conf.lib.clang_visitChildren(fn, ci.callbacks["cursor_visit"](visitor), None)
    for conds, off in pending:
        for cond, ts, te, es, ee in ifs:
            if ts <= off < te:
                conds.append(cond)
            elif es <= off < ee:
                conds.append("!(" + cond + ")")
    return out


_KIND_IDS: tuple | None = None


def _kind_ids() -> tuple:
    global _KIND_IDS
    if _KIND_IDS is None:
        K = _clang().CursorKind
        _KIND_IDS = tuple(k.value for k in (K.CALL_EXPR, K.DECL_REF_EXPR, K.TYPE_REF, K.CSTYLE_CAST_EXPR, K.VAR_DECL,
                                            K.BINARY_OPERATOR, K.COMPOUND_ASSIGNMENT_OPERATOR, K.RETURN_STMT, K.IF_STMT))
    return _KIND_IDS


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
        anon = not name or "(anonymous" in name or "(unnamed" in name
        canon = ft.get_canonical()
        tsp = ft.spelling
        if canon.kind in (T.CONSTANTARRAY, T.INCOMPLETEARRAY):
            esp = tsp.split("[")[0].strip()
            if canon.kind == T.CONSTANTARRAY:
                path, sz = f"{prefix}{name}[{canon.get_array_size()}]", canon.get_size()
            else:  # flexible array member
                path, sz = f"{prefix}{name}[]", 0
            out.append([path, esp, off_bits // 8, sz, 0, None, _endianness(esp), False])
            continue
        if canon.kind == T.RECORD and not ("(unnamed" in canon.spelling or "(anonymous" in canon.spelling):
            # a member of a named struct type is a leaf of that type (pahole's view)
            out.append([prefix + name, tsp, off_bits // 8, canon.get_size(), 0, None, "none", False])
            continue
        if canon.kind == T.RECORD:
            if anon:  # pahole lists an anonymous member as '' and its fields at the parent's level
                out.append([prefix, "(nested)", off_bits // 8, canon.get_size(), 0, None, "none", True])
                _members(canon, prefix, off_bits, out, depth + 1)
            else:
                out.append([prefix + name, "(nested)", off_bits // 8, canon.get_size(), 0, None, "none", True])
                _members(canon, prefix + name + ".", off_bits, out, depth + 1)
            continue
        width = f.get_bitfield_width() if f.is_bitfield() else None
        sz = canon.get_size()
        out.append([prefix + name, tsp, off_bits // 8, sz, off_bits % 8 if width else 0, width, _endianness(tsp), False])
