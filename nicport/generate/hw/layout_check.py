"""Let the real compiler judge the IR's descriptor layouts against the driver's own headers.

cffi's lesson: a layout claim is checked by compiling ``_Static_assert(offsetof/sizeof ...)``
with the driver's kbuild flags against the header that declares the type, not by comparing
numbers in Python.  ``check_layouts(ir, source)`` raises CheckFailed with the compiler's words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ...errors import CheckFailed, MissingPrerequisite
from . import families as fam
from .facts import HwFacts, hw_facts


def _declaring_header(src: Any, kind: str, cname: str) -> str | None:
    pat = re.compile(rf"\b{kind}\s+{re.escape(cname)}\s*\{{")
    for rel in sorted(src.h_files):
        if pat.search((src.root / rel).read_text(errors="replace")):
            return rel
    return None


def layout_probe(f: HwFacts, src: Any) -> tuple[str, list[str]]:
    """The probe C text and the headers it includes (relative to the tree root)."""
    lines = ["#include <linux/stddef.h>", "#include <linux/types.h>", "#include <linux/kernel.h>",
             "#include <linux/pci.h>", "#include <linux/netdevice.h>"]
    headers: list[str] = []
    asserts: list[str] = []
    for role in fam.SPECS[f.family].layouts:
        lay = f.layouts[role]
        h = _declaring_header(src, lay.kind, lay.cname)
        if h is None:
            raise CheckFailed(f"{f.driver}: no header of the driver declares {lay.kind} {lay.cname}")
        if h not in headers:
            headers.append(h)
        t = f"{lay.kind} {lay.cname}"
        asserts.append(f'_Static_assert(sizeof({t}) == {lay.size}, "wrong size for {t}");')
        for m in lay.members:
            path = re.sub(r"\[\d*\]$", "", m.path)
            if not path or any(not p for p in path.split(".")):
                continue
            asserts.append(
                f'_Static_assert(__builtin_offsetof({t}, {path}) == {m.offset}, '
                f'"wrong offset for field {path} of {t} (IR says {m.offset})");'
            )
    # the driver's own headers pull in what they need from their .c files' point of view
    inc = [f'#include "{Path(h).name}"' for h in headers]
    return "\n".join(lines + inc + asserts) + "\n", headers


def check_layouts(ir: Any, src: Any, *, cc: str = "gcc") -> int:
    """Compile the probe; returns the number of layout claims the compiler confirmed."""
    f = ir if isinstance(ir, HwFacts) else hw_facts(ir)
    if shutil.which(cc) is None:
        raise MissingPrerequisite(f"`{cc}` not found", hint="apt-get install gcc")
    if not src.flags.available:
        raise MissingPrerequisite("kernel headers not available", hint="apt-get install linux-headers-amd64")
    text, headers = layout_probe(f, src)
    first_c = sorted(src.c_files)[0]
    drv_dirs = sorted({str((src.root / h).parent) for h in headers})
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "nicport_layout_probe.c"
        probe.write_text(text)
        flags = [a for a in src.flags.gcc_flags(src.module, Path(first_c).stem) if not a.startswith("-W")]
        cmd = [cc, *flags, *(f"-I{d}" for d in drv_dirs), f"-I{(src.root / first_c).parent}",
               "-fsyntax-only", "-w", str(probe)]
        r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        msgs = [ln for ln in r.stderr.splitlines() if "static assertion failed" in ln or "error" in ln]
        raise CheckFailed(f"{f.driver}: the driver's headers disagree with the IR", hint="; ".join(msgs[:5]))
    return text.count("_Static_assert")
