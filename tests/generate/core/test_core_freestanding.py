"""The core makes zero OS calls: a freestanding build with gcc and clang has no
undefined symbol except the nic_os_* hooks of nic_osdep.h."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from helpers import require_tool
from nicport.generate.core import OSDEP_HOOKS, core_files

FLAGS = ["-std=c11", "-ffreestanding", "-nostdlib", "-fno-builtin",
         "-Wall", "-Wextra", "-Werror", "-Wpedantic"]


def _declared_hooks(tree: Path) -> set[str]:
    text = (tree / "nic_osdep.h").read_text()
    return set(re.findall(r"\b(nic_os_[a-z0-9_]+)\s*\(", text))


def test_hook_list_matches_header(core_tree):
    assert _declared_hooks(core_tree) == set(OSDEP_HOOKS)


@pytest.mark.parametrize("cc", ["gcc", "clang"])
@pytest.mark.parametrize("opt", ["-O2", "-O3"])
def test_freestanding_build_only_osdep_undefined(cc, opt, core_tree, tmp_path):
    require_tool(cc)
    srcs = sorted(str(c) for c in core_tree.glob("*.c"))
    r = subprocess.run(["nice", cc, *FLAGS, opt, "-c", *srcs], capture_output=True, text=True,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    objs = sorted(str(o) for o in tmp_path.glob("*.o"))
    assert len(objs) >= 10
    linked = tmp_path / "nic_core.o"
    subprocess.run(["ld", "-r", "-o", str(linked), *objs], check=True)
    nm = subprocess.run(["nm", "-u", str(linked)], capture_output=True, text=True, check=True)
    undefined = {line.split()[-1] for line in nm.stdout.splitlines() if line.strip()}
    assert undefined, "the core must at least call the osdep hooks"
    assert undefined <= set(OSDEP_HOOKS), f"non-osdep symbols: {sorted(undefined - set(OSDEP_HOOKS))}"
    # every exported symbol has the nic_ prefix
    nm = subprocess.run(["nm", "-g", "--defined-only", str(linked)], capture_output=True,
                        text=True, check=True)
    exported = {line.split()[-1] for line in nm.stdout.splitlines() if line.strip()}
    assert exported and all(s.startswith("nic_") for s in exported), sorted(exported)


@pytest.mark.parametrize("cc", ["gcc", "clang"])
def test_inline_osdep_header(cc, core_tree, tmp_path):
    """An adapter can supply hooks as static inline functions: the core then
    calls no barrier function at all."""
    require_tool(cc)
    hdr = Path(__file__).resolve().parent / "c" / "inline_osdep.h"
    srcs = sorted(str(c) for c in core_tree.glob("*.c"))
    r = subprocess.run(["nice", cc, *FLAGS, "-O2", f'-DNIC_OSDEP_INLINE_HEADER="{hdr}"', "-c",
                        *srcs], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    linked = tmp_path / "nic_core.o"
    subprocess.run(["ld", "-r", "-o", str(linked), *sorted(map(str, tmp_path.glob("nic_*.o")))],
                   check=True)
    nm = subprocess.run(["nm", "-u", str(linked)], capture_output=True, text=True, check=True)
    undefined = {line.split()[-1] for line in nm.stdout.splitlines() if line.strip()}
    assert undefined <= set(OSDEP_HOOKS)
    assert not undefined & {"nic_os_wmb", "nic_os_dma_rmb", "nic_os_mb"}
    assert "nic_os_rxbuf_alloc" in undefined


def test_core_names_no_os_api():
    """Belt and braces: no OS or libc header is included by the core."""
    allowed = {"stdarg.h", "stdbool.h", "stddef.h", "stdint.h"}
    for name, data in core_files().items():
        for inc in re.findall(rb'#include\s+<([^>]+)>', data):
            assert inc.decode() in allowed, (name, inc)


def test_osdep_user_is_separate(core_tree):
    """The user-space osdep uses libc and lives outside the freestanding set."""
    assert not any("stdio" in n for n in core_files())
    assert b"<stdio.h>" in (core_tree / "osdep_user" / "nic_osdep_user.c").read_bytes()
    assert "nic_osdep_user.c" not in core_files()
