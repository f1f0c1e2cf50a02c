"""Link state in the generated hw layer (ho_link_state): where every register and bit comes
from (the driver's own macros, evaluated; one cited struct offset for virtio), what the
generated C reads, and what an IR lacking a link fact gets.  Behaviour against the device
model: tests/verify/devmodel/test_devmodel_link.py; in QEMU: tests/verify/test_l3_link.py."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, require_tool
from nicport.generate.core import write_core
from nicport.generate.hw import families, hw_facts, render_hw, supported_family

# driver: (variant, role -> value the driver's header defines)
EXPECT = {
    "e1000": ("e1000", {"link_status": 0x8, "status_lu": 0x2, "status_fd": 0x1, "status_speed_100": 0x40,
                        "status_speed_1000": 0x80}),
    "e1000e": ("e1000", {"link_status": 0x8, "status_lu": 0x2, "status_fd": 0x1, "status_speed_100": 0x40,
                         "status_speed_1000": 0x80}),
    "igb": ("e1000", {"link_status": 0x8, "status_lu": 0x2, "status_fd": 0x1, "status_speed_100": 0x40,
                      "status_speed_1000": 0x80}),
    "ixgbe": ("ixgbe", {"link_status": 0x42A4, "links_up": 0x40000000, "links_speed_82599": 0x30000000,
                        "links_speed_10g_82599": 0x30000000, "links_speed_1g_82599": 0x20000000,
                        "links_speed_100_82599": 0x10000000}),
    "virtio_net": ("virtio", {"f_status": 16, "s_link_up": 1, "cfg_status_off": 6}),
}


@pytest.mark.parametrize("drv", sorted(EXPECT))
def test_link_facts(drv: str) -> None:
    variant, values = EXPECT[drv]
    f = hw_facts(drv)
    assert f.link and f.link_variant == variant and f.extra["link_missing"] == ()
    got = {**f.regs, **f.bits}
    for role, v in values.items():
        assert got[role].value == v, role
    # provenance: the driver's own header line, or (virtio's struct offset) the cited spec
    for role in values:
        where = got[role].where
        if role == "cfg_status_off":
            assert where.startswith("datasheet: virtio 1.1 5.1.4")
        else:
            assert re.search(r"\.h:\d+|IR: compile_time_constants", where), (role, where)
    assert "status_speed_2500" not in f.bits  # only igc defines it


def test_families_without_a_variant() -> None:
    assert families.link_variant("completion_queue", "x") is None
    assert families.link_variant(families.INTEL_ADVANCED, "ixgbe") == "ixgbe"
    assert families.link_variant(families.INTEL_ADVANCED, "igb") == "e1000"


@pytest.mark.parametrize("drv,needles", [
    ("e1000", ["e1000_rd(hw, E1000_REG_LINK_STATUS)", "st & E1000_STATUS_SPEED_1000", "st & E1000_STATUS_FD",
               "(st & E1000_STATUS_LU) ? 1 : 0", ".ho_link_state = e1000_link_state,"]),
    ("ixgbe", ["ixgbe_rd(hw, IXGBE_REG_LINK_STATUS)", "switch (links & IXGBE_LINKS_SPEED_82599)",
               "case IXGBE_LINKS_SPEED_10G_82599:", "(links & IXGBE_LINKS_UP) ? 1 : 0"]),
    ("virtio_net", ["(1ull << VIRTIO_NET_F_STATUS)", "hw->devcfg + (uint32_t)VIRTIO_NET_CFG_STATUS_OFF",
                    "VIRTIO_MMIO_CONFIG + (uint32_t)VIRTIO_NET_CFG_STATUS_OFF", "st & VIRTIO_NET_S_LINK_UP",
                    ".ho_link_state = virtio_net_link_state,"]),
])
def test_generated_c_reads_what_the_driver_reads(drv: str, needles: list[str]) -> None:
    files = render_hw(drv)
    c = files[f"{drv}_hw.c"]
    for n in needles:
        assert n in c, n
    regs = files[f"{drv}_regs.h"]
    for role, v in EXPECT[drv][1].items():
        c_ = {**hw_facts(drv).regs, **hw_facts(drv).bits}[role]
        assert re.search(rf"#define {re.escape(c_.name)}\t0x0*{v:x}\t", regs, re.I), (role, c_.name)
    # virtio: F_STATUS is negotiated together with the dataplane features (virtnet_probe does)
    if drv == "virtio_net":
        neg = c.split("_negotiate(struct")[1].split("\n}\n")[0]
        assert "VIRTIO_NET_F_STATUS" in neg


def test_ir_without_a_link_fact_gets_no_hook(tmp_path: Path) -> None:
    f = hw_facts("e1000")
    f = dataclasses.replace(f, extra={**f.extra, "link_missing": ("status_lu",)})
    assert supported_family(f)[0] and not f.link and f.link_variant is None
    files = render_hw(f)
    assert "ho_link_state" not in files["e1000_hw.c"] and "e1000_link_state" not in files["e1000_hw.c"]
    v = hw_facts("virtio_net")
    v = dataclasses.replace(v, extra={**v.extra, "link_missing": ("s_link_up",)})
    vc = render_hw(v)["virtio_net_hw.c"]
    assert "ho_link_state" not in vc and "VIRTIO_NET_F_STATUS" not in vc  # not negotiated either
    require_tool("gcc")
    write_core(tmp_path)
    hw = tmp_path / "hw"
    hw.mkdir()
    for name, text in files.items():
        (hw / name).write_text(text)
    r = subprocess.run(["gcc", "-std=c11", "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-c",
                        "-I", str(tmp_path / "core"), "-I", str(hw), str(hw / "e1000_hw.c"), "-o",
                        str(tmp_path / "e1000_hw.o")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_contract_in_nic_hw_h_and_core() -> None:
    core = REPO / "nicport" / "generate" / "core" / "c"
    h = (core / "nic_hw.h").read_text()
    assert "int (*ho_link_state)(void *hw, uint32_t *speed_mbps, int *full_duplex);" in h
    assert "int nic_link_state(struct nic_dev *d, uint32_t *speed, int *fd);" in (core / "nic_core.h").read_text()
