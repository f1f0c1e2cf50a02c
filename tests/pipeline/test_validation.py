"""The Test Runner's core checks (RSS, TSO) on a real generated core: they pass on the core as
generated and they catch a broken one."""

from __future__ import annotations

import importlib.util
import stat
import sys

import pytest

from helpers import require, require_tool
from nicport.pipeline.agents import validation


@pytest.fixture(scope="module")
def core_exe(tmp_path_factory):
    require_tool("gcc")
    from nicport.generate.core import write_core
    tree = tmp_path_factory.mktemp("tree")
    write_core(tree)
    exe, why = validation.build_harness(tree / "core", tree / "work")
    assert exe is not None, why
    return tree, exe


def test_rss_matches_the_microsoft_vectors(core_exe):
    _, exe = core_exe
    res = validation.check_rss(exe)
    assert res["ok"] and res["detail"].startswith("15/15"), res["log"]


def test_tso_frames_parse_and_reassemble(core_exe, tmp_path):
    require(importlib.util.find_spec("scapy"), "PyPI scapy")
    _, exe = core_exe
    res = validation.check_tso(exe, tmp_path)
    assert res["ok"], res["detail"] + res["log"]
    assert "5 frames" in res["detail"]


def test_rss_check_fails_on_a_wrong_key(core_exe, tmp_path):
    tree, _ = core_exe
    src = validation.HARNESS.read_text().replace("0x6d, 0x5a, 0x56, 0xda", "0x6d, 0x5a, 0x56, 0xdb", 1)
    bad = tmp_path / "core_checks.c"
    bad.write_text(src)
    orig = validation.HARNESS
    try:
        validation.HARNESS = bad
        exe, why = validation.build_harness(tree / "core", tmp_path / "w")
    finally:
        validation.HARNESS = orig
    res = validation.check_rss(exe)
    assert not res["ok"] and "MISMATCH" in res["log"]


def test_tso_check_catches_a_corrupted_frame(core_exe, tmp_path):
    require(importlib.util.find_spec("scapy"), "PyPI scapy")
    _, exe = core_exe
    # a wrapper that runs the real harness, then flips one payload byte of the second frame
    wrapper = tmp_path / "corrupt"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"r = subprocess.run([{str(exe)!r}] + sys.argv[1:])\n"
        "p = sys.argv[3]\n"
        "d = bytearray(open(p, 'rb').read())\n"
        "n0 = int.from_bytes(d[0:4], 'little')\n"
        "d[4 + n0 + 4 + 60] ^= 0xFF\n"
        "open(p, 'wb').write(d)\n"
        "sys.exit(r.returncode)\n"
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    res = validation.check_tso(wrapper, tmp_path)
    assert res["ok"] is False and "TCP checksum" in res["log"]
