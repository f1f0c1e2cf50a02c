"""--sysroot OS=DIR: L1 against a user-supplied tree, for the targets whose headers nicport
cannot get here (NetBSD src/sys, illumos uts, a WDK, Zephyr).  No real tree exists on this
machine, so the wiring is proven with trees laid out like the real ones and filled with
nicport's contract headers: the adapter must type-check through the tree's include layout
(not the contracts directory), and a tree missing a header must fail with the compiler's error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.verify import levels as L


@pytest.fixture(scope="module")
def e1000_tree(tmp_path_factory, driver_source, config):
    from nicport.analyze import analyze_driver
    from nicport.generate.adapters import write_adapters
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw

    out = tmp_path_factory.mktemp("sysroot") / "e1000"
    ir = analyze_driver(driver_source("e1000"), config)
    write_core(out)
    write_hw(ir, out)
    write_adapters(ir, out, ("netbsd", "illumos"))
    return out


def _netbsd_tree(root: Path) -> Path:
    sys_dir = root / "src" / "sys"
    shutil.copytree(L.CONTRACTS / "netbsd", sys_dir)
    (sys_dir / "arch" / "amd64" / "include").mkdir(parents=True)
    (sys_dir / "arch" / "x86" / "include").mkdir(parents=True)
    return root / "src"


def _illumos_tree(root: Path) -> Path:
    uts = root / "usr" / "src" / "uts"
    shutil.copytree(L.CONTRACTS / "illumos", uts / "common")
    (uts / "intel").mkdir()
    return root / "usr" / "src"


@pytest.mark.parametrize("target,make", [("netbsd", _netbsd_tree), ("illumos", _illumos_tree)])
def test_sysroot_l1_compiles_through_the_tree_layout(e1000_tree, tmp_path, target, make):
    require_tool("clang")
    root = make(tmp_path / "tree")
    r = L.sysroot_l1(e1000_tree, tmp_path / "work", target, root)
    assert r.status == "pass", r.log[-2000:]
    assert str(L.CONTRACTS) not in " ".join(r.real)
    assert r.real and str(root) in r.real[0]


def test_sysroot_missing_header_fails_with_the_compiler_error(e1000_tree, tmp_path):
    require_tool("clang")
    root = _netbsd_tree(tmp_path / "tree")
    victim = next(p for p in sorted((root / "sys" / "net").glob("*.h")))
    victim.unlink()
    r = L.sysroot_l1(e1000_tree, tmp_path / "work", "netbsd", root)
    assert r.status == "fail"
    assert victim.name in r.log


def test_sysroot_that_is_not_the_os_tree(e1000_tree, tmp_path):
    (tmp_path / "empty").mkdir()
    r = L.sysroot_l1(e1000_tree, tmp_path / "work", "illumos", tmp_path / "empty")
    assert r.status == "fail" and "common/sys/mac_provider.h" in r.detail
    assert L.sysroot_l1(e1000_tree, tmp_path / "work", "netbsd", None).status == "skip"
