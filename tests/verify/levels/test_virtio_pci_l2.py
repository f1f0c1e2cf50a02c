"""virtio_net at L2 over virtio-pci: every KPI emulation presents the device model's virtio-pci
modern function by default (its configuration space through pci_read_config,
pci_conf_read, pci_config_get32, NdisMGetBusData, pci_read_config_dword, pcie_conf_read; the
BAR its vendor capabilities name; NDIS's resource list holds one memory descriptor per BAR and
its adapter maps the one the hw layer names), so the generated hw layer's virtio-pci transport and its
MSI-X routing (msix_config, queue_msix_vector) run at L2.  FreeBSD, NetBSD, NDIS, illumos and
the Linux emulation reach MSI-X with two vectors (queues on 0, the link flap on 1); Zephyr
drives virtio-pci with its one line; FreeRTOS+TCP's board maps one register window and has
no configuration space (virtio-mmio).  EMU_VIRTIO_MMIO=1 keeps the virtio-mmio run (INTx)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from l2support import MSIX_TARGETS, interrupts, l2, tree  # noqa: E402

from helpers import require  # noqa: E402
from nicport.verify.kpi_emul import run_l2  # noqa: E402

PCI_MSIX = MSIX_TARGETS + ("linux",)
MMIO = {"EMU_VIRTIO_MMIO": "1"}
TRANSPORT_RE = re.compile(r"transport: ([a-z-]+)")
LINK_OK = "link: up at init seen, down seen, up again seen"


@pytest.fixture(autouse=True)
def _compilers():
    require(shutil.which("gcc"), "gcc")


def _traffic_ok(lv, n: int = 1) -> None:
    assert lv.status == "pass", (lv.detail, lv.log)
    assert lv.detail.count("200 received, 0 mismatched") == n, lv.detail
    assert lv.detail.count("live at end: 0 packets, 0 buffers, 0 DMA objects") == n, lv.detail
    assert lv.detail.count(LINK_OK) == n, lv.detail


@pytest.mark.parametrize("target", PCI_MSIX)
def test_virtio_net_reaches_virtio_pci_and_msix(target):
    """virtio-pci transport, MSI-X with the queue pair on vector 0 and the link flap (down,
    up: two configuration changes) on vector 1, every frame byte for byte."""
    lv = l2("virtio_net", target)
    _traffic_ok(lv)
    assert TRANSPORT_RE.findall(lv.detail) == ["virtio-pci"], lv.detail
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msix", (target, lv.detail)
    assert v0 >= 100, (target, lv.detail)
    assert v1 == 2, (target, lv.detail)


def test_virtio_net_on_the_rtoses():
    """Zephyr reads the configuration space (pcie_conf_read) and drives virtio-pci on its one
    line; FreeRTOS+TCP's board window has none: virtio-mmio, one line."""
    lv = l2("virtio_net", "rtos")
    _traffic_ok(lv, 2)
    freertos, zephyr = lv.detail.split(" | ")
    assert freertos.startswith("freertos:") and zephyr.startswith("zephyr:"), lv.detail
    assert TRANSPORT_RE.findall(zephyr) == ["virtio-pci"], zephyr
    assert TRANSPORT_RE.findall(freertos) == ["virtio-mmio"], freertos
    for part in (freertos, zephyr):
        [(mode, v0, v1)] = interrupts(part)
        assert mode == "line" and v0 > 0 and v1 == 0, part


@pytest.mark.parametrize("target", PCI_MSIX + ("rtos",))
def test_virtio_mmio_switch_still_runs_intx(target):
    """EMU_VIRTIO_MMIO=1: no configuration space, the hw layer drives the virtio-mmio block;
    ho_vector_map refuses (no MSI-X there) and the adapters fall back to INTx (a line on the
    RTOSes), the link cause arriving with the queue interrupts (NIC_INTR_LINK)."""
    lv = l2("virtio_net", target, MMIO)
    n = 2 if target == "rtos" else 1
    _traffic_ok(lv, n)
    assert TRANSPORT_RE.findall(lv.detail) == ["virtio-mmio"] * n, lv.detail
    for mode, v0, v1 in interrupts(lv.detail):
        assert mode == ("line" if target == "rtos" else "intx"), (target, lv.detail)
        assert v0 > 0 and v1 == 0, (target, lv.detail)


def test_intel_models_are_a_bare_bar():
    """An Intel model presents no virtio transport: its accesses are the register BAR's."""
    lv = l2("e1000e", "freebsd")
    assert lv.status == "pass", (lv.detail, lv.log)
    assert TRANSPORT_RE.findall(lv.detail) == ["bar"], lv.detail


def test_ndis_maps_the_bar_the_hw_layer_asks_for(tmp_path):
    """The NDIS emulation presents QEMU's layout by default (structures in the 64-bit BAR 4,
    the MSI-X table in BAR 1, one memory descriptor each, BAR 1's first): the adapter's
    nic_os_pci_map_bar reads BAR 4's address from configuration space (two dwords), maps the
    descriptor at that address and drives virtio-pci with MSI-X over it; every mapping is
    unmapped at MiniportHaltEx.  EMU_PCI_BAR=0 (structures in BAR 0) runs the same way."""
    lv = l2("virtio_net", "windows")
    _traffic_ok(lv)
    assert TRANSPORT_RE.findall(lv.detail) == ["virtio-pci"], lv.detail
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msix" and v0 >= 100 and v1 == 2, lv.detail
    assert "is in no memory resource" not in lv.log, lv.log
    lv = run_l2(tree("virtio_net"), tmp_path / "w0", "windows", {"EMU_PCI_BAR": "0"})
    _traffic_ok(lv)
    assert TRANSPORT_RE.findall(lv.detail) == ["virtio-pci"], lv.detail
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msix" and v1 == 2, lv.detail


def test_ndis_refuses_a_bar_in_no_memory_resource(tmp_path):
    """A BAR whose configuration-space address matches no memory descriptor: the adapter logs
    one line and the hw attach fails (NIC_E_IO) -- here an adapter that reads the wrong BAR
    dword (BAR 5, the upper half of BAR 4) looks for address 0x0."""
    out = tmp_path / "virtio_net-badbar"
    shutil.copytree(tree("virtio_net"), out)
    osdep = [c for c in (out / "os").rglob("nic_osdep_windows.c")]
    assert len(osdep) == 1, osdep
    text = osdep[0].read_text()
    new, k = re.subn(r"NIC_WIN_PCI_BAR0 \+ 4u \* bar\)", "NIC_WIN_PCI_BAR0 + 4u * (bar + 1u))",
                     text)
    assert k == 1, k
    osdep[0].write_text(new)
    lv = run_l2(out, tmp_path / "w", "windows")
    assert lv.status == "fail", lv.detail
    assert lv.log.count("is in no memory resource") == 1, lv.log
    assert "BAR 4 (config 0x00000000:00000008)" in lv.log, lv.log


@pytest.mark.parametrize("target", ["freebsd", "linux"])
def test_l2_fails_when_the_msix_link_vector_is_ignored(tmp_path, target):
    """Over virtio-pci the link flap arrives on vector 1 (msix_config): adapters that never act
    on the link cause leave the OS thinking the link is up, and L2 fails while the traffic
    (vector 0) still passes."""
    out = tmp_path / "virtio_net-nolink"
    shutil.copytree(tree("virtio_net"), out)
    n = 0
    for c in (out / "os").rglob("*.c"):
        text = c.read_text()
        new, k = re.subn(r"& NIC_INTR_LINK\)", "& 0)", text)
        if k:
            c.write_text(new)
            n += k
    assert n >= 2, n
    lv = run_l2(out, tmp_path / "w", target)
    assert lv.status == "fail", lv.detail
    assert "down NOT seen" in lv.detail and "200 received, 0 mismatched" in lv.detail, lv.detail
    assert "transport: virtio-pci" in lv.detail, lv.detail
    [(mode, v0, v1)] = interrupts(lv.detail)
    assert mode == "msix" and v0 > 0 and v1 == 2, lv.detail
