"""A fast, header-free scan of the kernel APIs a driver's dataplane calls.

This is the knowledge base's own measuring stick: it decides which Linux APIs the KB must
cover, and drives ``nicport kb coverage`` when the analyzer's IR is not available. It uses
tree-sitter (structure only, no preprocessor), so it approximates the analyzer's dataplane
slice:

* roots are the functions a driver registers for the dataplane: ``net_device_ops`` members
  that move packets or rings (``ndo_start_xmit``, ``ndo_open``, ``ndo_stop``, XDP hooks ...),
  NAPI poll functions (``netif_napi_add*``), interrupt handlers (``request_irq`` and kin);
* the slice is every driver function reachable from a root by direct calls;
* a call to a function-like macro the driver defines (``er32``, ``E1000_WRITE_REG``) counts
  as the calls in the macro's body, at the call site (the analyzer resolves them the same way);
* an API call is a call to a name the driver does not define.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: net_device_ops members whose targets are dataplane functions.
DATAPLANE_NDOS: frozenset[str] = frozenset(
    {
        "ndo_open",
        "ndo_stop",
        "ndo_start_xmit",
        "ndo_select_queue",
        "ndo_features_check",
        "ndo_get_stats64",
        "ndo_tx_timeout",
        "ndo_poll_controller",
        "ndo_bpf",
        "ndo_xdp_xmit",
        "ndo_xsk_wakeup",
        "ndo_change_mtu",
    }
)

#: Registration calls: name -> argument positions that name a dataplane callback.
CALLBACK_ARGS: dict[str, tuple[int, ...]] = {
    "netif_napi_add": (2,),
    "netif_napi_add_weight": (2,),
    "netif_napi_add_tx": (2,),
    "netif_napi_add_tx_weight": (2,),
    "netif_tx_napi_add": (2,),
    "request_irq": (1,),
    "request_threaded_irq": (1, 2),
    "devm_request_irq": (2,),
    "devm_request_threaded_irq": (2, 3),
}

_IDENT_CALL = re.compile(r"(?<![\w.>#])([A-Za-z_]\w*)\s*\(")
#: ``bcmgenet_##name##_readl(`` in a macro body: functions the driver defines by token pasting
_PASTED_NAME = re.compile(r"((?:[A-Za-z_]\w*\s*##\s*)+[A-Za-z_]\w*)\s*\(")
_C_KEYWORDS = frozenset(
    "if while for switch return sizeof typeof __typeof__ do case defined __builtin_expect "
    "__attribute__ _Static_assert offsetof likely unlikely".split()
)


@dataclass
class Function:
    name: str
    file: str
    line: int
    calls: list[tuple[str, int]] = field(default_factory=list)  # (callee, line)
    locals: set[str] = field(default_factory=set)  # parameters and local variables (function pointers)
    callbacks: list[str] = field(default_factory=list)  # functions passed to CALLBACK_ARGS calls


@dataclass
class DriverScan:
    functions: dict[str, Function]
    macros: dict[str, list[str]]  # driver function-like macro -> names it calls
    roots: list[str]
    _suffixes: set[str] | None = None
    pasted: list = field(default_factory=list)  # regexes of names the driver defines by ## pasting

    def slice(self) -> list[str]:
        """Driver functions reachable from the dataplane roots, sorted."""
        seen: set[str] = set()
        todo = [r for r in self.roots if r in self.functions]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            fn = self.functions[name]
            for callee, _ in fn.calls:
                for c in self._expand(callee):
                    if c in self.functions and c not in seen:
                        todo.append(c)
            todo.extend(c for c in fn.callbacks if c in self.functions and c not in seen)
        return sorted(seen)

    def _expand(self, name: str, depth: int = 0) -> list[str]:
        if name in self.macros and depth < 8:
            out: list[str] = []
            for inner in self.macros[name]:
                out.extend(self._expand(inner, depth + 1))
            return out
        return [name]

    def _pasted(self, name: str) -> bool:
        """``TARC`` in ``er32(TARC(0))``: the driver's macro ``E1000_TARC`` reached by ``##``;
        ``bcmgenet_umac_readl``: a function the driver defines through a ``##`` macro."""
        if any(rx.match(name) for rx in self.pasted):
            return True
        if self._suffixes is None:
            self._suffixes = {m.split("_", 1)[1] for m in self.macros if "_" in m and m.isupper()}
        return name in self._suffixes

    def api_calls(self, functions: list[str] | None = None) -> list[tuple[str, str, int, str]]:
        """(api, file, line, function) for each call to a name the driver does not define."""
        names = self.slice() if functions is None else functions
        out = []
        for fname in names:
            fn = self.functions[fname]
            for callee, line in fn.calls:
                for api in self._expand(callee):
                    if api in self.functions or api in self.macros or api in _C_KEYWORDS or api in fn.locals:
                        continue
                    if self._pasted(api):
                        continue
                    out.append((api, fn.file, line, fn.name))
        return sorted(out, key=lambda c: (c[1], c[2], c[0]))


def _parser():
    import tree_sitter as ts
    import tree_sitter_c

    return ts.Parser(ts.Language(tree_sitter_c.language()))


def _declarator_name(node) -> str | None:
    while node is not None:
        if node.type == "identifier":
            return node.text.decode()
        if node.type == "function_declarator":
            node = node.child_by_field_name("declarator")
            continue
        node = node.child_by_field_name("declarator")
    return None


#: a type-ish word (or ``*``) right before a pasted name: the macro *defines* that function
_DEFINES_BEFORE = re.compile(r"(?:\*|\b(?!return\b)[A-Za-z_]\w*)\s*$")
_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
_TEXT_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)", re.M)


def _add_macro(scan: DriverScan, name: str, params: set[str], body: str) -> None:
    body = _STRING.sub('""', body.replace("\\\n", " "))  # no calls inside "%s:%d(%s)"
    scan.macros[name] = [m for m in _IDENT_CALL.findall(body) if m != name and m not in params]
    for m in _PASTED_NAME.finditer(body):
        parts = [p.strip() for p in m.group(1).split("##")]
        if all(p in params for p in parts) or not _DEFINES_BEFORE.search(body[: m.start()]):
            continue
        scan.pasted.append(re.compile("".join(r"\w+" if p in params else re.escape(p) for p in parts) + "$"))


def _scan_file(parser, rel: str, text: bytes, scan: DriverScan) -> None:
    # function-like macros tree-sitter may not parse (bodies that define functions by pasting)
    for m in _TEXT_MACRO.finditer(text.decode("utf-8", "replace")):
        if m.group(1) not in scan.macros:
            params = {p.strip() for p in m.group(2).split(",") if p.strip()}
            _add_macro(scan, m.group(1), params, m.group(3))
    tree = parser.parse(text)
    stack = [(tree.root_node, None)]
    while stack:
        node, current = stack.pop()
        t = node.type
        if t == "function_definition":
            name = _declarator_name(node.child_by_field_name("declarator"))
            if name:
                current = Function(name, rel, node.start_point[0] + 1)
                # a later full definition wins over an earlier one (#ifdef variants)
                if name not in scan.functions or not scan.functions[name].calls:
                    scan.functions[name] = current
        elif t == "preproc_function_def":
            name = node.child_by_field_name("name").text.decode()
            value = node.child_by_field_name("value")
            body = value.text.decode() if value is not None else ""
            params_node = node.child_by_field_name("parameters")
            params = {c.text.decode() for c in params_node.named_children} if params_node is not None else set()
            _add_macro(scan, name, params, body)
            continue
        elif t == "initializer_pair":
            fld = node.child_by_field_name("designator") or node.children[0]
            val = node.child_by_field_name("value") or node.children[-1]
            fname = fld.text.decode().lstrip(".") if fld is not None else ""
            if fname in DATAPLANE_NDOS and val is not None and val.type == "identifier":
                scan.roots.append(val.text.decode())
        elif t in ("parameter_declaration", "init_declarator", "declaration") and current is not None:
            decl = node.child_by_field_name("declarator")
            name = _declarator_name(decl) if decl is not None else None
            if name:
                current.locals.add(name)
        elif t == "call_expression" and current is not None:
            fn_node = node.child_by_field_name("function")
            if fn_node is not None and fn_node.type == "identifier":
                callee = fn_node.text.decode()
                current.calls.append((callee, node.start_point[0] + 1))
                if callee in CALLBACK_ARGS:
                    args = [a for a in node.child_by_field_name("arguments").named_children]
                    for i in CALLBACK_ARGS[callee]:
                        if i < len(args) and args[i].type == "identifier":
                            cb = args[i].text.decode()
                            current.callbacks.append(cb)
                            scan.roots.append(cb)
        for child in reversed(node.children):
            stack.append((child, current))


def scan_files(root: Path, files: list[str]) -> DriverScan:
    parser = _parser()
    scan = DriverScan(functions={}, macros={}, roots=[])
    for rel in sorted(files):
        try:
            data = (root / rel).read_bytes()
        except OSError:
            continue
        _scan_file(parser, rel, data, scan)
    scan.roots = sorted(set(scan.roots))
    return scan


def scan_driver(src) -> DriverScan:
    """Scan a :class:`nicport.source.DriverSource` (its C and header files)."""
    return scan_files(Path(src.root), list(src.c_files) + list(src.h_files))


def dataplane_calls(src) -> list[tuple[str, str, int, str]]:
    """The dataplane API call sites of a driver, by this module's approximate slice."""
    return scan_driver(src).api_calls()
