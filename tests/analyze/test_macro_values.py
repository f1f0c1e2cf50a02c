"""Macro values in the IR come from clang evaluating them with the driver's flags.  This test
cross-checks them against gcc (the compiler kbuild uses): a probe object holding every value,
compiled with the driver's own gcc flags, read back from its section bytes."""

from __future__ import annotations

import struct
import subprocess

import pytest

from tests.conftest import require_tool


def _gcc_values(src, ir, exprs: list[str], tmp_path) -> list[int]:
    from nicport.analyze.layout_check import layout_source

    head, base = layout_source(ir, src)
    includes = [ln for ln in head.splitlines() if ln.startswith("#include")]
    body = ",\n".join(f"  (unsigned long long)({e})" for e in exprs)
    code = "\n".join(includes) + (
        f"\n__attribute__((section(\".nicport_probe\"), used))\n"
        f"const unsigned long long nicport_probe_values[] = {{\n{body}\n}};\n")
    c = tmp_path / "probe.c"
    c.write_text(code)
    obj = tmp_path / "probe.o"
    flags = [f for f in src.flags.gcc_flags(src.module, "probe") if not f.startswith("-Werror")]
    p = subprocess.run(["gcc"] + flags + ["-I", str(src.abspath(base).parent), "-c", str(c), "-o", str(obj)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    out = tmp_path / "probe.bin"
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.nicport_probe", str(obj), str(out)], check=True)
    data = out.read_bytes()
    return list(struct.unpack(f"<{len(exprs)}Q", data[: 8 * len(exprs)]))


@pytest.mark.parametrize("driver", ["e1000", "ixgbe"])
def test_register_offsets_agree_with_gcc(analyzed, driver_source, driver, tmp_path):
    require_tool("gcc")
    require_tool("objcopy")
    from nicport.analyze.frontend import include_closure, read_texts
    from nicport.analyze.layout_check import layout_source

    ir = analyzed(driver)
    src = driver_source(driver)
    _code, base = layout_source(ir, src)
    visible = set(include_closure(src, read_texts(src))[base])
    exprs, want = [], []
    for r in ir.registers.registers:
        if r.provenance.file not in visible:
            continue
        if r.per_queue:
            exprs += [f"{r.name}(0)", f"{r.name}(1)"]
            want += [r.offset, r.offset + r.stride]
        else:
            exprs.append(r.name)
            want.append(r.offset)
        for b in r.bits[:4]:
            if b.provenance.file not in visible:
                continue  # defined inside a function of a .c file: not visible to the probe
            exprs.append(b.name)
            want.append(b.value)
    for side in ("tx", "rx"):
        for which in ("default", "min", "max", "multiple"):
            f = getattr(ir.rings, f"{side}_{which}")
            if f is not None and isinstance(f.value, int):
                exprs.append(f.expr)
                want.append(f.value)
    assert len(exprs) > 100
    got = _gcc_values(src, ir, exprs, tmp_path)
    mask = (1 << 64) - 1
    bad = [(e, w, g) for e, w, g in zip(exprs, want, got) if (w & mask) != g]
    assert not bad, bad[:10]
