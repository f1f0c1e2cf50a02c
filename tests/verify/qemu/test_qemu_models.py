"""QEMU NIC models: parsed from ``-device help``, their PCI IDs asked from QEMU itself, and
the model chosen from a driver's ID table."""

from __future__ import annotations

import pytest

from helpers import require_tool
from nicport.verify.qemu.models import (
    QEMU72_PCI_IDS, choose_qemu_model, parse_device_help, parse_pci_id, probe_pci_ids, qemu_models,
)

HELP_SAMPLE = """\
Storage devices:
name "virtio-blk-pci", bus PCI, alias "virtio-blk"

Network devices:
name "e1000", bus PCI, alias "e1000-82540em", desc "Intel Gigabit Ethernet"
name "e1000e", bus PCI, desc "Intel 82574L GbE Controller"
name "ne2k_isa", bus ISA
name "virtio-net-device", bus virtio-bus

Input devices:
name "usb-kbd", bus usb-bus
"""


def test_parse_device_help_reads_only_network_devices() -> None:
    models = parse_device_help(HELP_SAMPLE)
    assert [m.name for m in models] == ["e1000", "e1000e", "ne2k_isa", "virtio-net-device"]
    e1000 = models[0]
    assert e1000.bus == "PCI" and e1000.aliases == ("e1000-82540em",) and e1000.desc == "Intel Gigabit Ethernet"
    assert models[3].bus == "virtio-bus"


def test_qemu_models_live() -> None:
    require_tool("qemu-system-x86_64")
    models = {m.name: m for m in qemu_models()}
    for name in ("e1000", "e1000e", "virtio-net-pci", "rtl8139", "vmxnet3"):
        assert models[name].bus == "PCI", name
    assert "igb" not in models  # QEMU 7.2 has no igb model
    assert "virtio-net" in models["virtio-net-pci"].aliases


def test_pci_id_table_matches_qemu() -> None:
    """The data table is what the installed QEMU really presents (QMP query-pci)."""
    require_tool("qemu-system-x86_64")
    assert probe_pci_ids() == QEMU72_PCI_IDS


@pytest.mark.parametrize("ids, model", [
    (["8086:1000", "8086:1001", "8086:100c", "8086:100e", "8086:100f"], "e1000"),  # e1000's table order
    (["8086:105e", "8086:10d3", "8086:10f6"], "e1000e"),
    (["virtio:1"], "virtio-net-pci"),
    (["1af4:1041"], "virtio-net-pci-non-transitional"),
    (["10ec:8139"], "rtl8139"),
])
def test_choose_model(ids: list[str], model: str) -> None:
    choice = choose_qemu_model(ids, known=QEMU72_PCI_IDS)
    assert choice.model == model
    assert choice.pci_id == QEMU72_PCI_IDS[model]


def test_no_model_is_said_plainly() -> None:
    choice = choose_qemu_model(["8086:10fb", "8086:1528"], known=QEMU72_PCI_IDS)  # ixgbe
    assert choice.model is None and choice.pci_id is None
    assert choice.reason.startswith("no QEMU model")


def test_parse_pci_id() -> None:
    assert parse_pci_id("8086:100E") == (0x8086, 0x100E)
    assert parse_pci_id("0x1af4:0x1000") == (0x1AF4, 0x1000)
    with pytest.raises(ValueError):
        parse_pci_id("8086")


def test_run_l3_rejects_bad_input(tmp_path) -> None:
    """Bad input is refused before anything boots (exit 2 from the command line)."""
    import subprocess
    import sys
    from pathlib import Path

    from nicport.errors import BadInput
    from nicport.verify.qemu import run_l3

    require_tool("qemu-system-x86_64")
    ko = Path("/lib/modules/6.1.0-56-amd64/kernel/drivers/net/ethernet/intel/e1000/e1000.ko")
    with pytest.raises(BadInput, match="no NIC model 'igb'"):
        run_l3(ko, driver_name="igb", qemu_device="igb", out_dir=tmp_path)
    with pytest.raises(BadInput, match="bad PCI ID"):
        run_l3(ko, driver_name="e1000", qemu_device="e1000", pci_id="8086", out_dir=tmp_path)
    with pytest.raises(BadInput, match="not found"):
        run_l3(tmp_path / "missing.ko", driver_name="e1000", qemu_device="e1000", out_dir=tmp_path)
    with pytest.raises(BadInput, match="unknown feature"):
        run_l3(ko, driver_name="e1000", qemu_device="e1000", features={"lro": True}, out_dir=tmp_path)
    p = subprocess.run([sys.executable, "-m", "nicport.verify.qemu", str(ko), "--driver", "e1000",
                        "--device", "no-such-nic", "--out", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 2 and "no NIC model 'no-such-nic'" in p.stderr
