"""The virtio_net hw layer from the real analysed IR: the packed ring and header variants are
recorded as not used (not refused), and the generated virtio-pci (modern) transport is run
against a fake virtio-pci function (c/virtio_pci_fake.c: capability list in configuration
space, struct virtio_pci_common_cfg, notify area, ISR byte), every access width-checked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from helpers import require_tool
from nicport.generate.core import write_core
from nicport.generate.hw import hw_facts, write_hw

FAKE = Path(__file__).parent / "c" / "virtio_pci_fake.c"


@pytest.fixture(scope="module")
def virtio_ir(config, driver_source):
    from nicport.analyze import analyze_driver

    return analyze_driver(driver_source("virtio_net"), config)


def test_packed_ring_is_recorded_not_refused(virtio_ir, tmp_path: Path) -> None:
    families = {d.family for d in virtio_ir.descriptors.descriptors}
    assert {"virtio_split", "virtio_packed"} <= families  # the IR lists both ring formats
    f = hw_facts(virtio_ir)
    assert f.family == "virtio_split" and not f.extra["missing"]
    assert f.msix and f.msix_max == 4  # ho_vector_map over virtio-pci (msix_config / queue_msix_vector)
    notes = " ".join(f.extra["not_generated"])
    assert "struct vring_packed_desc" in notes
    assert not re.search(r"struct (virtio_net_hdr_v1|vring_desc)\b(?!_)", notes)  # used ones are not "not used"
    paths = write_hw(virtio_ir, tmp_path)
    hw_c = next(p for p in paths if p.name == "virtio_net_hw.c").read_text()
    assert "Not used by this port: packed virtqueue" in hw_c
    regs = (tmp_path / "hw" / "virtio_net_regs.h").read_text()
    assert "#define VIRTIO_PCI_COMMON_Q_NOFF\t0x01e" in regs and "#define VIRTIO_MMIO_STATUS\t0x070" in regs


def test_virtio_pci_transport_against_a_fake_function(virtio_ir, tmp_path: Path) -> None:
    require_tool("gcc")
    write_core(tmp_path)
    write_hw(virtio_ir, tmp_path)
    exe = tmp_path / "vpf"
    build = subprocess.run(
        ["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O1", "-g", "-fsanitize=address,undefined",
         "-I", str(tmp_path / "core"), "-I", str(tmp_path / "hw"), "-o", str(exe), str(FAKE),
         str(tmp_path / "hw" / "virtio_net_hw.c"), str(tmp_path / "core" / "nic_util.c")],
        capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    # the BAR the capabilities name was mapped; VERSION_1 | MAC negotiated, FEATURES_OK kept
    assert lines["bar"] == "4 features 0x100000020 status 11 caps 0"  # no CSUM offered: no offload caps
    assert lines["mac"] == "52:54:00:aa:bb:cc"  # device config, byte reads
    assert lines["rx256"] == "-22"  # 2 x 256 descriptors exceed the device's queue of 256
    assert lines["q0"] == "size 256 enable 1 desc_ok 1 avail_ok 1 used_ok 1"
    assert lines["q1"] == "size 256 enable 1 desc_ok 1 status 15"  # DRIVER_OK after setup
    assert lines["notified"] == "rx 1 tx 1"  # notify_off * notify_off_multiplier, 16-bit
    assert lines["cause"] == "1 rx 1 tx 1 isr-after 0"  # ISR read clears
    assert lines["cause-again"] == "0"
    assert lines["after"] == "stop status 0 q1 enable 0"  # no per-queue stop in 1.0: reset
    assert lines["renegotiated"] == "status 15 features 0x100000020 q1 enable 1"
    assert lines["errors"] == "0"
