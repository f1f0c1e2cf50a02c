"""Assemble an output tree for adapter tests: the real core (nicport/generate/core/c) plus,
while the real core lacks its queue code or the hw layer is not generated yet, the stand-ins
kept beside this file (tests/generate/adapters/standin/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from nicport.generate.adapters import write_adapters

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
REAL_CORE = REPO / "nicport" / "generate" / "core" / "c"
STANDIN = HERE / "standin"


def real_core_missing() -> set[str]:
    """Functions nic_core.h declares that no real core .c file defines yet."""
    hdr = REAL_CORE / "nic_core.h"
    declared = set(re.findall(r"^[a-z_][\w ]*[ *](nic_\w+)\(", hdr.read_text(), re.M)) if hdr.is_file() else set()
    defined: set[str] = set()
    for c in REAL_CORE.glob("*.c"):
        defined |= set(_defined(c.read_text()))
    static_inline = set(re.findall(r"static inline [\w *]+?(nic_\w+)\(", hdr.read_text())) if hdr.is_file() else set()
    return declared - defined - static_inline


def _defined(text: str) -> list[str]:
    """Functions defined at file scope (the definition's name starts a line's call)."""
    return re.findall(r"^(?:[a-z_][\w ]*[ *])?(nic_\w+)\([^;]*$\n\{", text, re.M)


def make_tree(out: Path, ir, targets=("linux",), exceptions=None) -> dict:
    from nicport.generate.adapters import adapter_view

    drv = adapter_view(ir).drv
    core, hw = out / "core", out / "hw"
    shutil.rmtree(core, ignore_errors=True)
    core.mkdir(parents=True, exist_ok=True)
    hw.mkdir(parents=True, exist_ok=True)
    standin = STANDIN / "core" / "nic_core_standin.c"
    use_standin = bool(real_core_missing())
    ours = set(_defined(standin.read_text())) if use_standin else set()
    for f in sorted(REAL_CORE.glob("*.[ch]")):
        if f.suffix == ".c" and ours & set(_defined(f.read_text())):
            continue  # the stand-in replaces this unfinished part of the core
        shutil.copy(f, core / f.name)
    if use_standin:
        shutil.copy(standin, core / standin.name)
    try:
        from nicport.generate.hw import write_hw
    except ImportError:
        write_hw = None
    if write_hw is not None:
        write_hw(drv, out)  # the real hw layer (stand-in IR inside nicport.generate.hw until the IR lands)
    elif not any(hw.glob("*_hw.h")):
        for f in sorted((STANDIN / "hw").iterdir()):
            (hw / f.name.replace("DRV", drv)).write_text(f.read_text().replace("DRV", drv))
    return write_adapters(ir, out, tuple(targets), exceptions)
