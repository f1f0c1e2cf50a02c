"""Offload capabilities: every non-Linux adapter advertises, at run time in the L2 harness,
exactly what the generated hw layer offers (<drv>_hw_caps, NIC_HWCAP_*) within what that
OS's adapter can express -- never an offload the hw layer lacks (TSO6 on e1000's legacy
descriptors, checksums virtio did not negotiate)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from l2support import DRIVERS, TARGETS, caps, l2, tree  # noqa: E402

from helpers import require  # noqa: E402
from nicport.verify.kpi_emul import run_l2  # noqa: E402

# NIC_HWCAP_* (core/nic_hw.h)
IP4, TCP, UDP, TSO4, TSO6, TX_VLAN, RX_CSUM = 1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6
# what each adapter can express (the harness's mask, checked here so it cannot drift)
MASKS = {
    "freebsd": IP4 | TCP | UDP | TSO4 | TSO6 | TX_VLAN | RX_CSUM,
    "netbsd": IP4 | TCP | UDP | TSO4 | TX_VLAN | RX_CSUM,
    "windows": IP4 | TCP | UDP | TSO4 | TSO6 | TX_VLAN | RX_CSUM,
    "illumos": IP4 | TCP | UDP,
    "rtos": RX_CSUM,                    # Zephyr (FreeRTOS+TCP: compile-time, not checked)
}


@pytest.fixture(autouse=True)
def _compilers():
    require(shutil.which("gcc"), "gcc")


@pytest.mark.parametrize("drv", DRIVERS)
def test_advertised_caps_equal_the_hw_layer(drv):
    for target in TARGETS:
        lv = l2(drv, target)
        assert lv.status == "pass", (drv, target, lv.detail, lv.log)
        found = caps(lv.detail)
        assert len(found) == 1, (drv, target, lv.detail)   # rtos: Zephyr only
        adv, equal, hw, mask = found[0]
        assert mask == MASKS[target], (target, hex(mask))
        assert equal and adv == hw & mask, (drv, target, hex(adv), hex(hw))
        assert adv & ~hw == 0, (drv, target, "claims an offload the hw layer lacks")
        if drv == "e1000":
            assert not adv & TSO6, target          # the legacy descriptors have no TSO6
        if drv == "virtio_net":
            assert not adv & IP4, target           # virtio does not insert the IPv4 header sum


def test_l2_catches_an_overclaimed_offload(tmp_path):
    """A FreeBSD adapter that claims TSO6 on e1000 (legacy descriptors: no TSO6) fails L2."""
    out = tmp_path / "e1000"
    shutil.copytree(tree("e1000"), out)
    src = out / "os" / "freebsd" / "e1000_freebsd.c"
    text = src.read_text()
    needle = "\tif (caps & NIC_HWCAP_TX_TSO6)\n\t\tcap |= IFCAP_TSO6;\n"
    assert needle in text
    src.write_text(text.replace(needle, "\tcap |= IFCAP_TSO6;\n"))
    lv = run_l2(out, tmp_path / "w", "freebsd")
    assert lv.status == "fail"
    [(adv, equal, hw, _)] = caps(lv.detail)
    assert not equal and adv & TSO6 and not hw & TSO6, lv.detail
