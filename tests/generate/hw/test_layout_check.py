"""The IR's descriptor layouts judged by gcc against the driver's own headers (kbuild flags),
and the generated hw layer compiled the way the Linux adapter's Kbuild will compile it."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, require, require_tool
from nicport.errors import CheckFailed
from nicport.generate.hw import hw_facts, load_standin_ir, write_hw
from nicport.generate.hw.layout_check import check_layouts

DRIVERS = ["e1000", "e1000e", "igb", "ixgbe", "virtio_net"]


@pytest.mark.parametrize("drv", DRIVERS)
def test_ir_layouts_agree_with_the_driver_headers(drv: str, driver_source) -> None:
    require_tool("gcc")
    src = driver_source(drv)
    require(src.flags.available, "linux-headers-amd64 (kbuild flags)")
    n = check_layouts(load_standin_ir(drv), src)
    assert n >= 25  # every size and named member offset of the family's descriptors


def test_a_wrong_offset_is_named_by_the_compiler(driver_source) -> None:
    require_tool("gcc")
    src = driver_source("e1000")
    require(src.flags.available, "linux-headers-amd64 (kbuild flags)")
    f = hw_facts("e1000")
    lay = f.layouts["rx"]
    members = tuple(dataclasses.replace(m, offset=9) if m.path == "length" else m for m in lay.members)
    bad = dataclasses.replace(f, layouts={**f.layouts, "rx": dataclasses.replace(lay, members=members)})
    with pytest.raises(CheckFailed) as e:
        check_layouts(bad, src)
    assert "wrong offset for field length of struct e1000_rx_desc (IR says 9)" in e.value.one_line()


@pytest.mark.parametrize("drv", DRIVERS)
def test_hw_layer_builds_with_kbuild_flags(drv: str, driver_source, tmp_path: Path) -> None:
    """-Wdeclaration-after-statement -Werror with the kernel's own flags, no libc."""
    require_tool("gcc")
    src = driver_source(drv)
    require(src.flags.available, "linux-headers-amd64 (kbuild flags)")
    shim = tmp_path / "include"
    shim.mkdir()
    (shim / "stdint.h").write_text("#include <linux/types.h>\n")
    (shim / "stddef.h").write_text("#include <linux/types.h>\n#include <linux/stddef.h>\n")
    (shim / "stdbool.h").write_text("#include <linux/types.h>\n")
    (shim / "stdarg.h").write_text("#include <linux/stdarg.h>\n")
    write_hw(load_standin_ir(drv), tmp_path)
    flags = src.flags.gcc_flags(src.module, Path(sorted(src.c_files)[0]).stem)
    obj = tmp_path / f"{drv}_hw.o"
    r = subprocess.run(
        ["gcc", *flags, "-Wdeclaration-after-statement", "-Werror", f"-I{shim}",
         f"-I{REPO / 'nicport' / 'generate' / 'core' / 'c'}", f"-I{tmp_path / 'hw'}",
         "-c", str(tmp_path / "hw" / f"{drv}_hw.c"), "-o", str(obj)],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    undef = subprocess.run(["nm", "-u", str(obj)], capture_output=True, text=True).stdout.split()
    names = {u for u in undef if u not in ("U",)}
    # only the core's helpers, the osdep hooks and the compiler's kernel runtime symbols
    assert all(n.startswith(("nic_", "__")) for n in names), names
