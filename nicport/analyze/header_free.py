"""Header-free front end (no kernel headers installed): tree-sitter-c over the driver's own files.

It produces the same per-file facts as :mod:`nicport.analyze.clang_frontend`, with what text can
give: functions, call sites, member assignments, ops-table initializers, ID tables (entries as
written).  Without a compiler there are no struct layouts and macro values come from a small
integer evaluator over the driver's own ``#define``s (marked ``derived="text"`` in the IR)."""

from __future__ import annotations

import re

from .clang_frontend import ARG_APIS, MMIO_READ, MMIO_WRITE
from .textscan import MacroDef

_MAX_EVAL_DEPTH = 12


class TextEvaluator:
    """Integer constant expressions over the driver's macros, evaluated in Python (no headers)."""

    def __init__(self, defs: list[MacroDef]):
        self.defs = {d.name: d for d in defs}
        self.memo: dict[str, int | None] = {}

    def value(self, name: str, depth: int = 0) -> int | None:
        if name in self.memo:
            return self.memo[name]
        d = self.defs.get(name)
        if d is None or d.function_like or depth > _MAX_EVAL_DEPTH:
            return None
        self.memo[name] = None
        v = self.expr(d.body, depth + 1)
        self.memo[name] = v
        return v

    def call(self, name: str, arg: int, depth: int = 0) -> int | None:
        d = self.defs.get(name)
        if d is None or not d.function_like or len(d.params or []) != 1 or depth > _MAX_EVAL_DEPTH:
            return None
        body = re.sub(rf"\b{re.escape(d.params[0])}\b", f"({arg})", d.body)
        return self.expr(body, depth + 1)

    def expr(self, text: str, depth: int = 0) -> int | None:
        t = text.strip()
        if not t or depth > _MAX_EVAL_DEPTH:
            return None
        # BIT(n) / BIT_ULL(n) are the kernel's; GENMASK too common to ignore -- all plain shifts
        t = re.sub(r"\bBIT(?:_ULL)?\s*\(", "(1 << ", t)
        t = re.sub(r"\(\s*(?:u8|u16|u32|u64|__u32|__u16|unsigned int|unsigned long|int|long)\s*\)", "", t)
        t = re.sub(r"(\b0[xX][0-9a-fA-F]+|\b\d+)[uUlL]+\b", r"\1", t)

        def fcall(m: re.Match) -> str:
            return m.group(0)

        for _ in range(8):
            m = re.search(r"\b([A-Za-z_]\w*)\s*\(\s*(\d+)\s*\)", t)
            if not m:
                break
            v = self.call(m.group(1), int(m.group(2)), depth + 1)
            if v is None:
                return None
            t = t[:m.start()] + f"({v})" + t[m.end():]
        for ident in set(re.findall(r"\b[A-Za-z_]\w*\b", t)):
            v = self.value(ident, depth + 1)
            if v is None:
                return None
            t = re.sub(rf"\b{ident}\b", f"({v})", t)
        t = t.replace("&&", " and ").replace("||", " or ").replace("!", " not ").replace(" not =", "!=")
        t = re.sub(r"(\S+)\s*\?\s*(\S+)\s*:\s*(\S+)", r"(\2 if \1 else \3)", t)
        t = t.replace("/", "//")
        if not re.fullmatch(r"[\s\d xXa-fA-F()+\-*/%<>&|^~=!notandifels]*", t):
            return None
        try:
            v = eval(compile(t, "<macro>", "eval"), {"__builtins__": {}}, {})  # noqa: S307 (digits/operators only)
        except Exception:
            return None
        return int(v) if isinstance(v, (int, bool)) else None


def _parser():
    import tree_sitter_c
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_c.language()))


def _text(n) -> str:
    return n.text.decode("utf-8", "replace")


def run_text(src, texts: dict[str, str], defs: list[MacroDef]) -> list[dict]:
    parser = _parser()
    ev = TextEvaluator(defs)
    out = []
    trees = {}
    driver_fns: set[str] = set()
    for rel in src.c_files:
        tree = parser.parse(texts[rel].encode("utf-8", "replace"))
        trees[rel] = tree
        for n in tree.root_node.children:
            if n.type == "function_definition":
                name = _fn_name(n)
                if name:
                    driver_fns.add(name)
    for rel in src.c_files:
        out.append(_facts(rel, trees[rel], driver_fns, ev, defs))
    return out


def _fn_name(n) -> str | None:
    d = n.child_by_field_name("declarator")
    while d is not None and d.type in ("pointer_declarator", "parenthesized_declarator"):
        d = d.child_by_field_name("declarator")
    if d is not None and d.type == "function_declarator":
        i = d.child_by_field_name("declarator")
        if i is not None and i.type == "identifier":
            return _text(i)
    return None


def _params(n) -> list[list[str]]:
    d = n.child_by_field_name("declarator")
    while d is not None and d.type in ("pointer_declarator", "parenthesized_declarator"):
        d = d.child_by_field_name("declarator")
    out = []
    pl = d.child_by_field_name("parameters") if d is not None else None
    if pl is None:
        return out
    for p in pl.named_children:
        if p.type != "parameter_declaration":
            continue
        t = _text(p)
        ids = re.findall(r"[A-Za-z_]\w*", t)
        if ids:
            out.append([ids[-1], t[: t.rfind(ids[-1])].strip()])
    return out


def _facts(rel: str, tree, driver_fns: set[str], ev: TextEvaluator, defs: list[MacroDef]) -> dict:
    facts: dict = {"rel": rel, "fatal": None, "errors": [], "functions": {}, "initializers": [], "tables": [],
                   "records": {}, "macro_values": {}, "globals": {}, "fn_decls": {}}
    root = tree.root_node
    # syntax errors, file:line, the rest still used
    stack = [root]
    while stack and len(facts["errors"]) < 50:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            facts["errors"].append({"file": rel, "line": n.start_point[0] + 1, "message": "syntax error (tree-sitter)",
                                    "in_driver": True})
            continue
        if n.has_error:
            stack.extend(n.children)
    for n in root.children:
        if n.type == "function_definition":
            name = _fn_name(n)
            if name and name not in facts["functions"]:
                facts["functions"][name] = _function(rel, n, name, driver_fns, ev)
        elif n.type == "declaration":
            _declaration(rel, n, facts, driver_fns, ev)
    for d in defs:
        if d.function_like:
            if d.params and len(d.params) == 1:
                v0, v1 = ev.call(d.name, 0), ev.call(d.name, 1)
                if v0 is not None and v1 is not None:
                    facts["macro_values"][d.name + "@"] = [v0, v1]
        else:
            v = ev.value(d.name)
            if v is not None:
                facts["macro_values"][d.name] = v
    return facts


def _function(rel: str, n, name: str, driver_fns: set[str], ev: TextEvaluator) -> dict:
    ret = n.child_by_field_name("type")
    out = {"file": rel, "line": n.start_point[0] + 1, "start": n.start_point[0] + 1, "end": n.end_point[0] + 1,
           "static": _text(n).lstrip().startswith("static"), "params": _params(n), "ret": _text(ret) if ret else "",
           "calls": [], "refs": [], "types": {}, "casts": {}, "args": [], "assigns": [], "returns": []}
    conds: list[str] = []

    def visit(node):
        for ch in node.children:
            t = ch.type
            if t == "call_expression":
                fn = ch.child_by_field_name("function")
                fname = _text(fn) if fn is not None else ""
                line = ch.start_point[0] + 1
                if fn is not None and fn.type == "identifier":
                    kind = "driver" if fname in driver_fns else "kernel"
                    if fname in ev.defs:
                        kind = "macro"
                    snip = _text(ch) if (kind != "kernel" or fname in MMIO_READ or fname in MMIO_WRITE) else None
                    out["calls"].append([fname, line, kind, snip])
                    if kind == "kernel" and fname in ARG_APIS:
                        args = ch.child_by_field_name("arguments")
                        argv = []
                        for a in (args.named_children if args is not None else []):
                            at = _text(a)
                            refs = [x for x in re.findall(r"[A-Za-z_]\w*", at) if x in driver_fns]
                            argv.append([at, ev.expr(at), refs])
                        out["args"].append([fname, line, argv])
                elif fn is not None and fn.type == "field_expression":
                    f2 = fn.child_by_field_name("field")
                    out["calls"].append([_text(f2) if f2 else fname, line, "member", _text(ch)])
            elif t == "identifier":
                nm = _text(ch)
                if nm in driver_fns:
                    out["refs"].append([nm, ch.start_point[0] + 1])
            elif t in ("struct_specifier", "union_specifier"):
                nm = ch.child_by_field_name("name")
                if nm is not None:
                    sp = ("struct " if t == "struct_specifier" else "union ") + _text(nm)
                    out["types"].setdefault(sp, ch.start_point[0] + 1)
                    if node.type == "type_descriptor" and "*" in _text(node):
                        out["casts"].setdefault(sp, ch.start_point[0] + 1)
            elif t == "assignment_expression":
                lhs = ch.child_by_field_name("left")
                rhs = ch.child_by_field_name("right")
                op = ch.child_by_field_name("operator")
                if lhs is not None and lhs.type == "field_expression" and rhs is not None:
                    f2 = lhs.child_by_field_name("field")
                    out["assigns"].append([_text(f2) if f2 else "", _text(op) if op else "=", ch.start_point[0] + 1,
                                           _text(rhs), list(conds), _text(lhs)])
            elif t == "return_statement":
                kids = [k for k in ch.named_children]
                if kids:
                    txt = _text(kids[0])
                    out["returns"].append([ch.start_point[0] + 1, ev.expr(txt), txt, list(conds)])
            elif t == "if_statement":
                cond = ch.child_by_field_name("condition")
                ctext = _text(cond)[1:-1].strip() if cond is not None else ""
                if cond is not None:
                    visit_node(cond)
                cons = ch.child_by_field_name("consequence")
                alt = ch.child_by_field_name("alternative")
                if cons is not None:
                    conds.append(ctext)
                    visit_node(cons)
                    conds.pop()
                if alt is not None:
                    conds.append("!(" + ctext + ")")
                    visit_node(alt)
                    conds.pop()
                continue
            visit(ch)

    def visit_node(node):
        class _W:
            children = [node]
            type = "wrapper"

        visit(_W)

    body = n.child_by_field_name("body")
    if body is not None:
        visit(body)
    return out


def _declaration(rel: str, n, facts: dict, driver_fns: set[str], ev: TextEvaluator) -> None:
    typ = n.child_by_field_name("type")
    tname = ""
    if typ is not None and typ.type in ("struct_specifier", "union_specifier"):
        nm = typ.child_by_field_name("name")
        tname = ("struct " if typ.type == "struct_specifier" else "union ") + (_text(nm) if nm else "")
    for dec in n.children_by_field_name("declarator"):
        if dec.type != "init_declarator":
            continue
        d = dec.child_by_field_name("declarator")
        val = dec.child_by_field_name("value")
        if d is None or val is None:
            continue
        is_array = d.type == "array_declarator"
        ident = d
        while ident is not None and ident.type != "identifier":
            ident = ident.child_by_field_name("declarator")
        name = _text(ident) if ident is not None else ""
        line = n.start_point[0] + 1
        if is_array and val.type == "initializer_list" and tname in ("struct pci_device_id", "struct virtio_device_id"):
            entries = []
            for e in val.named_children:
                et = _text(e)
                m = re.search(r"PCI_(?:V)?DEVICE(?:_SUB)?\s*\(\s*(\w+)\s*,\s*(\w+)", et)
                vals: dict = {}
                if m:
                    dev = ev.expr(m.group(2))
                    vend = ev.expr(m.group(1))
                    vals = {"vendor": vend if vend is not None else m.group(1), "device": dev if dev is not None
                            else m.group(2)}
                elif tname == "struct virtio_device_id":
                    parts = [p.strip() for p in et.strip("{} ").split(",") if p.strip()]
                    if parts and parts[0] not in ("0", ""):
                        vals = {"device": ev.expr(parts[0]) if ev.expr(parts[0]) is not None else parts[0]}
                else:
                    ids = re.findall(r"0x[0-9a-fA-F]+|\b[A-Z_]\w+\b", et)
                    if ids:
                        vals = {"vendor": "?", "device": ev.expr(ids[-1]) if ev.expr(ids[-1]) is not None else ids[-1]}
                if vals:
                    entries.append({"line": e.start_point[0] + 1, "values": vals, "text": et})
            facts["tables"].append({"name": name, "type": tname, "file": rel, "line": line, "entries": entries})
        elif val.type == "initializer_list" and tname:
            fields = {}
            for item in val.named_children:
                if item.type != "initializer_pair":
                    continue
                des = item.child_by_field_name("designator")
                v = item.child_by_field_name("value")
                if des is None or v is None:
                    continue
                fname = _text(des).lstrip(".")
                vt = _text(v).lstrip("&").strip()
                fn = vt if vt in driver_fns else None
                fields[fname] = [fn, ev.expr(vt) if fn is None else None, vt[:200], item.start_point[0] + 1]
            facts["initializers"].append({"name": name, "type": tname, "file": rel, "line": line, "fields": fields})
