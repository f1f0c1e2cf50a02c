"""Driver discovery over the real tree: names, paths, files, LOC."""

from __future__ import annotations

import pytest

from nicport.source import list_drivers
from nicport.source.drivers import parse_makefile

REQUIRED = "e1000 e1000e igb igc ixgbe ixgbevf i40e ice r8169 ena gve vmxnet3 virtio_net bnxt mlx4".split()


@pytest.fixture(scope="module")
def drivers(config):
    return {d.name: d for d in list_drivers(config)}


def test_required_drivers_listed(drivers):
    missing = [n for n in REQUIRED if n not in drivers]
    assert not missing
    assert len(drivers) > 150


@pytest.mark.parametrize("name", ["e1000", "e1000e", "igb", "ixgbe", "virtio_net"])
def test_files_and_loc_match_ground_truth(drivers, ground_truth, name):
    gt = ground_truth["drivers"][name]["source"]
    d = drivers[name]
    assert sorted(d.files) == sorted(gt["loc"]["per_file"])
    assert d.loc == gt["loc"]["lines_total"]


def test_single_file_and_directory_drivers(drivers):
    assert drivers["virtio_net"].path == "drivers/net/virtio_net.c"
    assert drivers["e1000"].path == "drivers/net/ethernet/intel/e1000"
    assert drivers["r8169"].c_files == (
        "drivers/net/ethernet/realtek/r8169_firmware.c",
        "drivers/net/ethernet/realtek/r8169_main.c",
        "drivers/net/ethernet/realtek/r8169_phy_config.c",
    )
    assert "bnxt_en" in drivers["bnxt"].aliases
    assert {"mlx4_core", "mlx4_en"} <= set(drivers["mlx4"].aliases)


def test_non_nic_modules_are_not_listed(drivers):
    for virtual in ("tun", "veth", "bonding", "dummy", "macvlan", "loopback"):
        assert virtual not in drivers


def test_makefile_parser_handles_continuations_and_conditionals():
    mk = parse_makefile(
        "obj-$(CONFIG_FOO) += foo.o\nfoo-objs := a.o \\\n   b.o\nfoo-$(CONFIG_FOO_DCB) += dcb.o\nobj-y += sub/\n",
        "drivers/net/ethernet/acme",
    )
    assert mk.modules == {"foo": "CONFIG_FOO"}
    assert mk.composite["foo"] == ["a.o", "b.o", "dcb.o"]
