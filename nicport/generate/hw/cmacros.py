"""Object-like and function-like ``#define`` constants read from a driver's headers.

The stand-in for what the analyzer will evaluate with libclang: a small C constant-expression
evaluator (integers, shifts, bit operators, comparisons, ``?:``, casts to integer types and
references to other macros), enough for register offsets and bit definitions.  Every value
carries its provenance (``file:line``).  A macro the evaluator cannot reduce is left out, never
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(([^)]*)\))?[ \t]*(.*)$")
_TOKEN = re.compile(
    r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>?:(),]))"
)
_CAST_TYPES = {
    "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "int", "unsigned", "long", "short",
    "char", "__u8", "__u16", "__u32", "__u64", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
}


@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...] | None  # None: object-like
    body: str
    where: str  # "path:line"


class EvalError(Exception):
    pass


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", lambda m: " " * 0 + "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def collect(root: Path, files: list[str]) -> dict[str, Macro]:
    """All ``#define``s of the given files (first definition wins, as the driver sees it)."""
    out: dict[str, Macro] = {}
    for rel in files:
        path = root / rel
        if not path.is_file():
            continue
        lines = _strip_comments(path.read_text(errors="replace")).split("\n")
        i = 0
        while i < len(lines):
            start = i
            line = lines[i]
            while line.endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + " " + lines[i]
            i += 1
            m = _DEFINE.match(line)
            if not m or m.group(1) in out:
                continue
            params = None
            if m.group(2) is not None and line[m.end(1)] == "(":
                params = tuple(p.strip() for p in m.group(3).split(",") if p.strip())
            out[m.group(1)] = Macro(m.group(1), params, m.group(4).strip(), f"{rel}:{start + 1}")
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, object]], env: "Evaluator", depth: int) -> None:
        self.toks, self.i, self.env, self.depth = toks, 0, env, depth

    def peek(self) -> tuple[str, object] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, op: str | None = None) -> tuple[str, object]:
        t = self.peek()
        if t is None or (op is not None and t != ("op", op)):
            raise EvalError(f"expected {op!r}")
        self.i += 1
        return t

    _BIN = [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"],
        ["+", "-"], ["*", "/", "%"],
    ]

    def expr(self) -> int:
        cond = self.binary(0)
        if self.peek() == ("op", "?"):
            self.take("?")
            a = self.expr()
            self.take(":")
            b = self.expr()
            return a if cond else b
        return cond

    def binary(self, level: int) -> int:
        if level == len(self._BIN):
            return self.unary()
        left = self.binary(level + 1)
        while (t := self.peek()) is not None and t[0] == "op" and t[1] in self._BIN[level]:
            self.i += 1
            right = self.binary(level + 1)
            left = _apply(str(t[1]), left, right)
        return left

    def unary(self) -> int:
        t = self.peek()
        if t is None:
            raise EvalError("unexpected end")
        if t[0] == "op" and t[1] in ("-", "+", "~", "!"):
            self.i += 1
            v = self.unary()
            return {"-": -v, "+": v, "~": ~v, "!": int(not v)}[str(t[1])]
        if t == ("op", "("):
            # cast: ( type-words ) unary
            j = self.i + 1
            words = []
            while j < len(self.toks) and self.toks[j][0] == "id" and self.toks[j][1] in _CAST_TYPES:
                words.append(self.toks[j][1])
                j += 1
            if words and j < len(self.toks) and self.toks[j] == ("op", ")"):
                self.i = j + 1
                return self.unary()
            self.i += 1
            v = self.expr()
            self.take(")")
            return v
        if t[0] == "num":
            self.i += 1
            return int(t[1])  # type: ignore[arg-type]
        if t[0] == "id":
            self.i += 1
            name = str(t[1])
            if name in ("BIT", "BIT_ULL") and self.peek() == ("op", "("):
                args = self.args()
                return 1 << args[0]
            macro = self.env.macros.get(name)
            if macro is None:
                raise EvalError(f"unknown name {name}")
            if macro.params is None:
                return self.env.value(name, self.depth + 1)
            return self.env.call(name, self.args(), self.depth + 1)
        raise EvalError(f"unexpected {t[1]!r}")

    def args(self) -> list[int]:
        self.take("(")
        vals = [self.expr()]
        while self.peek() == ("op", ","):
            self.take(",")
            vals.append(self.expr())
        self.take(")")
        return vals


def _apply(op: str, a: int, b: int) -> int:
    if op == "/" or op == "%":
        if b == 0:
            raise EvalError("division by zero")
        return int(a / b) if op == "/" else a - b * int(a / b)
    return {
        "||": lambda: int(bool(a) or bool(b)), "&&": lambda: int(bool(a) and bool(b)),
        "|": lambda: a | b, "^": lambda: a ^ b, "&": lambda: a & b, "==": lambda: int(a == b),
        "!=": lambda: int(a != b), "<": lambda: int(a < b), ">": lambda: int(a > b),
        "<=": lambda: int(a <= b), ">=": lambda: int(a >= b), "<<": lambda: a << b,
        ">>": lambda: a >> b, "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
    }[op]()


def _tokens(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise EvalError(f"cannot tokenize {text[pos:pos + 10]!r}")
        pos = m.end()
        if m.group(1):
            out.append(("num", int(m.group(1), 0) if not re.fullmatch(r"0\d+", m.group(1)) else int(m.group(1), 8)))
        elif m.group(2):
            out.append(("id", m.group(2)))
        else:
            out.append(("op", m.group(3)))
    return out


class Evaluator:
    """Evaluates constant macros of one driver; ``value(name)`` / ``call(name, [args])``."""

    def __init__(self, macros: dict[str, Macro]) -> None:
        self.macros = macros

    def _eval(self, body: str, depth: int) -> int:
        if depth > 40:
            raise EvalError("macro recursion too deep")
        p = _Parser(_tokens(body), self, depth)
        v = p.expr()
        if p.peek() is not None:
            raise EvalError("trailing tokens")
        return v

    def value(self, name: str, depth: int = 0) -> int:
        m = self.macros.get(name)
        if m is None or m.params is not None:
            raise EvalError(f"{name} is not an object-like macro here")
        return self._eval(m.body, depth)

    def call(self, name: str, args: list[int], depth: int = 0) -> int:
        m = self.macros.get(name)
        if m is None or m.params is None or len(m.params) != len(args):
            raise EvalError(f"{name} is not a {len(args)}-argument macro here")
        body = m.body
        for p, a in zip(m.params, args):
            body = re.sub(rf"\b{re.escape(p)}\b", f"({a})", body)
        return self._eval(body, depth)

    def try_value(self, name: str) -> int | None:
        try:
            return self.value(name)
        except (EvalError, RecursionError):
            return None
