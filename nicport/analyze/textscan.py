"""Text-level scanning of C sources: comments, ``#define``s, ``#include``s and a small lexer.

These are the cheap, header-free parts of the front end.  They find *where* things are written;
values are always evaluated by the compiler (see :mod:`nicport.analyze.clang_frontend`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT_OR_STRING = re.compile(
    r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S
)
_IDENT = re.compile(r"[A-Za-z_]\w*")
_TOKEN = re.compile(
    r"\s+|(?P<id>[A-Za-z_]\w*)|(?P<num>0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*)|(?P<op>->|##|<<|>>|&&|\|\||[-+*/%&|^~!<>=?:;,.()\[\]{}#])|(?P<other>.)",
    re.S,
)

C_KEYWORDS = frozenset(
    """if else while for do switch case default return sizeof typeof __typeof__ __typeof
    goto break continue struct union enum static const volatile inline __inline __inline__
    unsigned signed int long short char void bool _Bool __attribute__ __extension__ asm __asm__
    _Static_assert __builtin_offsetof offsetof defined __alignof__ _Alignof alignof register extern
    typedef auto""".split()
)


def blank_comments(text: str, keep_strings: bool = False) -> str:
    """``text`` with comments (and string/char literals unless ``keep_strings``) replaced by
    spaces; newlines are kept so line numbers and offsets stay valid."""

    def repl(m: re.Match) -> str:
        s = m.group(0)
        if keep_strings and s[0] in "\"'":
            return s
        return "".join("\n" if ch == "\n" else " " for ch in s)

    return _COMMENT_OR_STRING.sub(repl, text)


@dataclass
class MacroDef:
    name: str
    params: list[str] | None  # None for object-like macros
    body: str  # comments removed, continuation lines joined
    file: str
    line: int
    comment: str | None  # the trailing comment on the #define line, or the one just above

    @property
    def function_like(self) -> bool:
        return self.params is not None


_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?(.*)$")


def scan_defines(rel: str, text: str) -> list[MacroDef]:
    """Every ``#define`` of a file, with the comment that documents it."""
    out: list[MacroDef] = []
    lines = text.split("\n")
    i = 0
    prev_comment: str | None = None
    while i < len(lines):
        line = lines[i]
        start = i
        full = line
        while full.endswith("\\") and i + 1 < len(lines):
            i += 1
            full = full[:-1] + " " + lines[i]
        m = _DEFINE.match(full)
        if m:
            name, params, rest = m.group(1), m.group(2), m.group(3)
            comments = re.findall(r"/\*(.*?)\*/|//(.*)$", rest, re.S)
            comment = " ".join((a or b).strip(" *") for a, b in comments).strip() or None
            body = blank_comments(rest).strip()
            body = re.sub(r"\s+", " ", body)
            plist = None
            if params is not None:
                plist = [p.strip() for p in params[1:-1].split(",") if p.strip()]
            out.append(MacroDef(name, plist, body, rel, start + 1, comment or prev_comment))
            prev_comment = None
        else:
            s = line.strip()
            if s.startswith("/*") and s.endswith("*/"):
                prev_comment = s[2:-2].strip(" *") or None
            elif s:
                prev_comment = None
        i += 1
    return out


_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)


def scan_includes(text: str) -> list[tuple[str, str]]:
    """``[(kind, path)]`` of the ``#include`` lines (kind ``"`` or ``<``)."""
    return [(m.group(1), m.group(2)) for m in _INCLUDE.finditer(text)]


def tokens(text: str) -> list[tuple[str, str, int]]:
    """``[(kind, value, offset)]`` for already comment-blanked text; kind is id/num/op/other."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        out.append((kind, m.group(kind), m.start()))
    return out


def identifiers(text: str) -> list[str]:
    return _IDENT.findall(text)


def call_names(text: str) -> list[tuple[str, int]]:
    """Identifiers used in call position (``name(``) with their offsets; members (``->f(``,
    ``.f(``) and C keywords are left out."""
    out = []
    toks = tokens(text)
    for i, (kind, val, off) in enumerate(toks):
        if kind != "id" or val in C_KEYWORDS:
            continue
        if i + 1 < len(toks) and toks[i + 1][1] == "(":
            if i > 0 and toks[i - 1][1] in ("->", ".", "struct", "union", "enum"):
                continue
            out.append((val, off))
    return out


def spdx_license(text: str) -> str | None:
    m = re.search(r"SPDX-License-Identifier:\s*([^\s*/]+(?:\s+(?:OR|AND|WITH)\s+[^\s*/]+)*)", text[:2000])
    return m.group(1).strip() if m else None


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
