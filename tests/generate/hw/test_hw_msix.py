"""MSI-X in the generated hw layer: which families implement ho_vector_map (the fact the adapter
view reads), where every register and bit comes from, and what a driver without MSI-X (or an IR
lacking an MSI-X register) gets.  Behaviour against the device model: tests/verify/devmodel/
test_devmodel_msix.py."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, require_tool
from nicport.generate.core import write_core
from nicport.generate.hw import families, hw_facts, render_hw, supported_family


def test_family_fact_for_the_adapter_view() -> None:
    assert families.hw_supports_msix(families.INTEL_EXTENDED)
    assert families.hw_supports_msix(families.INTEL_ADVANCED)
    assert families.hw_supports_msix(families.VIRTIO_SPLIT)
    assert not families.hw_supports_msix(families.INTEL_LEGACY)  # 8254x: no MSI-X at all
    assert not families.hw_supports_msix("completion_queue")
    assert families.SPECS[families.INTEL_LEGACY].msix is False


@pytest.mark.parametrize("drv,variant,table", [
    ("e1000e", "e1000e", 5), ("igb", "igb", 25), ("ixgbe", "ixgbe", 64), ("virtio_net", "virtio", 4),
])
def test_driver_msix_facts(drv: str, variant: str, table: int) -> None:
    f = hw_facts(drv)
    assert f.msix and f.msix_variant == variant and f.msix_max == table
    assert f.extra["msix_missing"] == ()


def test_e1000_has_no_msix_facts() -> None:
    f = hw_facts("e1000")
    assert not f.msix and f.msix_max == 0 and f.msix_variant is None
    c = render_hw(f)["e1000_hw.c"]
    assert "ho_vector_map" not in c.split("const struct nic_hw_ops")[1]  # the core answers NIC_E_NOSYS


def test_register_and_bit_provenance() -> None:
    e = hw_facts("e1000e")
    assert e.regs["ivar"].value == 0x000E4 and e.regs["ivar"].where.startswith("IR:")  # evaluated by gcc
    assert e.regs["eiac_82574"].value == 0x000DC
    assert e.bits["ivar_int_alloc_valid"].value == 0x8 and "82571.h" in e.bits["ivar_int_alloc_valid"].where
    assert e.bits["ctrl_ext_pba_clr"].value == 0x80000000 and e.bits["ctrl_ext_eiame"].value == 0x01000000
    assert e.bits["icr_rxq0"].value == 0x00100000 and e.bits["icr_txq0"].value == 0x00400000
    assert e.bits["icr_other"].value == 0x01000000
    # BIT(31) is a literal in e1000_configure_msix: cited from the datasheet
    assert e.bits["ivar_tx_every_wb"].value == 1 << 31 and e.bits["ivar_tx_every_wb"].where.startswith("datasheet:")
    g = hw_facts("igb")
    assert (g.regs["gpie"].value, g.regs["ivar0"].value, g.regs["ivar_misc"].value) == (0x01514, 0x01700, 0x01740)
    assert (g.regs["eims"].value, g.regs["eimc"].value, g.regs["eiac"].value, g.regs["eiam"].value) == \
        (0x01524, 0x01528, 0x0152C, 0x01530)
    assert g.bits["ivar_valid"].value == 0x80 and g.bits["gpie_msix_mode"].value == 0x10
    x = hw_facts("ixgbe")
    assert (x.regs["gpie"].value, x.regs["ivar_misc"].value, x.regs["eiam_ex0"].value) == (0x00898, 0x00A00, 0x00AD0)
    assert x.bits["gpie_ocd"].value == 0x20 and x.bits["msix_max"].value == 0x40
    assert "ixgbe_type.h" in x.bits["msix_max"].where  # IXGBE_MAX_MSIX_VECTORS_82599, from the driver
    v = hw_facts("virtio_net")
    assert v.bits["msi_no_vector"].value == 0xFFFF


@pytest.mark.parametrize("drv,needles", [
    ("e1000e", ["E1000E_REG_IVAR", "E1000E_REG_EIAC_82574", "E1000_CTRL_EXT_PBA_CLR", "E1000_IVAR_INT_ALLOC_VALID",
                "E1000E_IVAR_TX_EVERY_WB", "E1000_CTRL_EXT_IAME"]),
    ("igb", ["IGB_REG_GPIE", "E1000_GPIE_MSIX_MODE", "IGB_REG_IVAR_MISC", "E1000_IVAR_VALID", "IGB_REG_EIAM"]),
    ("ixgbe", ["IXGBE_REG_GPIE", "IXGBE_GPIE_OCD", "IXGBE_REG_EIAM_EX0", "IXGBE_IVAR_ALLOC_VAL",
               "IXGBE_REG_IRQ_CAUSE_SET"]),
    ("virtio_net", ["VIRTIO_PCI_COMMON_MSIX", "VIRTIO_PCI_COMMON_Q_MSIX", "VIRTIO_MSI_NO_VECTOR"]),
])
def test_vector_map_uses_the_ir_macros(drv: str, needles: list[str]) -> None:
    files = render_hw(drv)
    c = files[f"{drv}_hw.c"]
    assert f".ho_vector_map = {drv}_vector_map," in c
    body = c[c.index(f"{drv}_vector_map(void *arg"):]
    for n in needles:
        assert n in c, n
    # no hand-typed register offset in the MSI-X code: registers only through the regs.h names
    assert not re.search(r"_wr\(hw, 0x[0-9a-fA-F]+", body)
    regs = files[f"{drv}_regs.h"]
    for n in needles:
        if not n.startswith(("VIRTIO_PCI_COMMON", drv.upper() + "_REG_")):
            assert re.search(rf"#define {n}\t", regs), n


def test_ir_without_an_msix_register_still_gets_a_single_vector_hw_layer(tmp_path: Path) -> None:
    f = hw_facts("igb")
    f = dataclasses.replace(f, extra={**f.extra, "msix_missing": ("ivar_misc",)})
    assert supported_family(f)[0] and not f.msix
    files = render_hw(f)
    assert "ho_vector_map" not in files["igb_hw.c"]
    require_tool("gcc")
    write_core(tmp_path)
    hw = tmp_path / "hw"
    hw.mkdir()
    for name, text in files.items():
        (hw / name).write_text(text)
    r = subprocess.run(["gcc", "-std=c11", "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-c",
                        "-I", str(tmp_path / "core"), "-I", str(hw), str(hw / "igb_hw.c"), "-o",
                        str(tmp_path / "igb_hw.o")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_legacy_vector_constant_in_nic_hw_h() -> None:
    text = (REPO / "nicport" / "generate" / "core" / "c" / "nic_hw.h").read_text()
    assert re.search(r"#define NIC_INTR_VEC_LEGACY\s+0xffffu", text)
