"""The FreeBSD iflib variant (os/freebsd/iflib/): generated only where the Linux driver's queue
model is iflib's (Intel descriptor families), compiled at L1 against FreeBSD 14's real
headers (net/iflib.h from ziglang) with -Wall -Wextra -Werror; virtio_net gets none, with
the reason."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import require
from nicport.config import Config
from nicport.generate.adapters import write_adapters
from nicport.generate.adapters.iflib import OUT_SUBDIR, iflib_fit, render_iflib
from nicport.generate.core import write_core
from nicport.generate.hw import write_hw
from nicport.verify import levels as L

IFLIB_FILES = {"{d}_iflib.c", "nic_osdep_iflib.c", "nic_os.h", "Makefile",
               "include/stdint.h", "include/stddef.h", "include/stdarg.h", "include/stdbool.h"}
TXRX = ("ift_txd_encap", "ift_txd_flush", "ift_txd_credits_update", "ift_rxd_available",
        "ift_rxd_pkt_get", "ift_rxd_refill", "ift_rxd_flush", "ift_legacy_intr")
IFDI = ("attach_pre", "attach_post", "detach", "init", "stop", "tx_queues_alloc",
        "rx_queues_alloc", "queues_free", "intr_enable", "intr_disable")

_IR: dict[str, object] = {}


def real_ir(name: str):
    """The analyzer's DriverIR of one driver from Debian's linux-source (cached per session)."""
    if name not in _IR:
        from nicport.analyze import analyze_driver
        from nicport.source import resolve

        try:
            src = resolve(name, Config())
        except Exception as e:  # noqa: BLE001 - missing linux-source is a prerequisite, not a bug
            require(False, f"linux-source for {name} ({e})")
        _IR[name] = analyze_driver(src, Config())
    return _IR[name]


def build_tree(out: Path, name: str) -> Path:
    ir = real_ir(name)
    write_core(out)
    write_hw(ir, out)
    write_adapters(ir, out, ("freebsd",))
    return out


def fbsd_headers() -> None:
    require(shutil.which("clang"), "clang on PATH")
    require(L.ziglang_freebsd() is not None, "PyPI ziglang (FreeBSD 14 headers incl. net/iflib.h)")
    require(Path("/usr/include/ck_queue.h").is_file(), "libck-dev (sys/ck.h)")


@pytest.mark.parametrize("name", ["e1000", "igb"])
def test_iflib_variant_compiles_at_l1(tmp_path, name):
    fbsd_headers()
    out = build_tree(tmp_path / "out", name)
    ifl = out / OUT_SUBDIR
    got = {p.relative_to(ifl).as_posix() for p in ifl.rglob("*") if p.is_file()}
    assert got == {f.format(d=name) for f in IFLIB_FILES}
    # the native adapter is still there, untouched by the variant
    assert (out / "os" / "freebsd" / f"{name}_freebsd.c").is_file()

    src = (ifl / f"{name}_iflib.c").read_text()
    for m in TXRX:
        assert re.search(rf"\.{m} = {name}_isc_", src), m
    for m in IFDI:
        assert re.search(rf"DEVMETHOD\(ifdi_{m},\s+{name}_if_{m}\)", src), m
    assert "iflib_device_register(dev, NULL, &" in src
    assert re.search(rf"DRIVER_MODULE\(nicport_{name}_iflib, pci, {name}_driver, NULL, NULL\);", src)
    # every PCI ID of the Linux driver's table, then the terminator
    assert src.count("PVID(0x8086, ") >= 1 and "PVID_END" in src
    mk = (ifl / "Makefile").read_text()
    assert ".include <bsd.kmod.mk>" in mk
    assert "SRCS+=\tifdi_if.h device_if.h bus_if.h pci_if.h" in mk

    r = L.freebsd_iflib_l1(out, tmp_path / "work")
    assert r.status == "pass", r.log
    assert "ifdi_if.h" in r.contract and "net/iflib.h" not in " ".join(r.contract)
    assert any("ziglang" in x for x in r.real)


def test_l1_catches_a_wrong_ifdi_method(tmp_path):
    """The contract ifdi_if.h types each method: a void-returning IFDI_INIT bound to an
    int-returning function must fail the build (KOBJMETHOD's conditional-operator check)."""
    fbsd_headers()
    out = build_tree(tmp_path / "out", "e1000")
    c = out / OUT_SUBDIR / "e1000_iflib.c"
    text = c.read_text()
    bad = re.sub(r"DEVMETHOD\(ifdi_init,\s+e1000_if_init\)", "DEVMETHOD(ifdi_init, e1000_if_detach)", text)
    assert bad != text
    c.write_text(bad)
    r = L.freebsd_iflib_l1(out, tmp_path / "work")
    assert r.status == "fail"
    assert "e1000_iflib.c" in r.log and "error" in r.log


def test_virtio_net_gets_no_iflib_variant_and_the_reason(tmp_path):
    ir = real_ir("virtio_net")
    ok, reason = iflib_fit(ir)
    assert not ok
    assert "vtnet" in reason and "used ring" in reason
    assert render_iflib(ir) == {}
    out = tmp_path / "out"
    write_adapters(ir, out, ("freebsd",))
    assert (out / "os" / "freebsd" / "virtio_net_freebsd.c").is_file()
    assert not (out / OUT_SUBDIR).exists()


def test_fit_reasons_for_the_intel_families():
    ok, reason = iflib_fit(real_ir("e1000"))
    assert ok and reason.startswith("intel_legacy:") and "em(4)" in reason
    ok, reason = iflib_fit(real_ir("igb"))
    assert ok and reason.startswith("intel_advanced:") and "igb(4)" in reason


def test_regeneration_is_byte_stable(tmp_path):
    a = render_iflib(real_ir("igb"))
    b = render_iflib(real_ir("igb"))
    assert a == b and a
    for name, text in a.items():
        assert "generated by nicport" in text and "do not edit" in text, name
        assert "/work/" not in text and "/tmp/" not in text and "/root/" not in text, name
