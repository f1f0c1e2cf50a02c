"""Link state in every adapter, run at L2: each adapter reads nic_link_state at init/open and
on every link cause (NIC_INTR_LINK from nic_intr_cause in INTx/MSI mode, the misc vector in
MSI-X mode) and reports it natively (if_link_state_change, mac_link_update,
NDIS_STATUS_LINK_STATE, net_eth_carrier_on/off, FreeRTOS_NetworkDown + xGetPhyLinkStatus,
netif_carrier_on/off).  The harnesses take the device model's link down half way through the
frames, check the OS was told DOWN, bring it back, check UP, and the rest of the frames must
pass; the verdict (common/emu_host.c) fails otherwise.  A mutant adapter that ignores the
link cause must fail."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from l2support import DRIVERS, TARGETS, l2, tree  # noqa: E402

from helpers import require  # noqa: E402
from nicport.verify.kpi_emul import run_l2  # noqa: E402

LINK_RE = re.compile(r"link: up at init (seen|NOT seen), down (seen|NOT seen), up again (seen|NOT seen) "
                     r"\((\d+) reports, (\d+) down\), (\d+ Mbps|speed unknown), ([a-z ]+)")
# targets whose native report carries the speed, and the duplex
SPEED_TARGETS = ("freebsd", "netbsd", "illumos", "windows")
DUPLEX_TARGETS = ("illumos", "windows")
INTEL = ("e1000", "e1000e", "igb", "ixgbe")
# what the device models' STATUS / LINKS say (the 82599 model's LINKS reads 10 Gb/s)
SPEED = {"e1000": 1000, "e1000e": 1000, "igb": 1000, "ixgbe": 10000}


@pytest.fixture(autouse=True)
def _compilers():
    require(shutil.which("gcc"), "gcc")


def links(detail: str) -> list[tuple[bool, bool, bool, int, int, int, str]]:
    """(init up, down seen, up again, reports, downs, Mbps (0 unknown), duplex) per emulation."""
    return [(a == "seen", b == "seen", c == "seen", int(n), int(d),
             0 if s == "speed unknown" else int(s.split()[0]), dup.strip())
            for a, b, c, n, d, s, dup in LINK_RE.findall(detail)]


@pytest.mark.parametrize("drv", DRIVERS)
def test_l2_link_flap_every_target(drv):
    """Every target (and the Linux KPI emulation) sees up at init, DOWN after the model's
    link went down, UP again, and all 200 frames pass, half of them after the flap."""
    for target in TARGETS + ("linux",):
        lv = l2(drv, target)
        assert lv.status == "pass", (drv, target, lv.detail, lv.log)
        per = links(lv.detail)
        assert len(per) == (2 if target == "rtos" else 1), (target, lv.detail)
        for init_up, down, up_again, reports, downs, mbps, duplex in per:
            assert init_up and down and up_again, (drv, target, lv.detail)
            assert reports >= 3 and downs >= 1, (drv, target, lv.detail)
            if drv in INTEL and target in SPEED_TARGETS:
                assert mbps == SPEED[drv], (drv, target, lv.detail)
            if drv == "virtio_net":
                assert mbps == 0, (drv, target, lv.detail)	# no speed in the virtio config
            if target in DUPLEX_TARGETS:
                assert duplex == ("full duplex" if drv in INTEL else "duplex unknown"), lv.detail
            else:
                assert duplex == "no duplex report", (target, lv.detail)
        assert lv.detail.count("200 received, 0 mismatched") == len(per), lv.detail


def _ignore_link_cause(src: Path, tmp: Path, drv: str) -> Path:
    """A copy of the tree whose adapters (all OSes) never act on a link cause: every
    `x & NIC_INTR_LINK)` test becomes `x & 0)` (the vector routing is left alone)."""
    out = tmp / f"{drv}-nolink"
    shutil.copytree(src, out)
    n = 0
    for c in (out / "os").rglob("*.c"):
        text = c.read_text()
        new, k = re.subn(r"& NIC_INTR_LINK\)", "& 0)", text)
        if k:
            c.write_text(new)
            n += k
    assert n >= 7, n	# at least one per adapter: FreeBSD, NetBSD, NDIS, illumos, Zephyr, FreeRTOS, Linux
    return out


@pytest.mark.parametrize("drv", ["e1000", "igb"])
def test_l2_fails_when_the_adapter_ignores_the_link_cause(tmp_path, drv):
    """INTx (e1000) and the MSI-X misc vector (igb): a mutant that drops the link cause leaves
    the OS thinking the link is up; every target's L2 must fail on it."""
    out = _ignore_link_cause(tree(drv), tmp_path, drv)
    for target in TARGETS + ("linux",):
        lv = run_l2(out, tmp_path / "w" / target, target)
        assert lv.status == "fail", (drv, target, lv.detail)
        per = links(lv.detail)
        assert len(per) == (2 if target == "rtos" else 1), (drv, target, lv.detail, lv.log)
        # the traffic itself still passes: the link check alone fails the run
        assert all(init_up and not down for init_up, down, *_ in per), (drv, target, lv.detail)
        assert lv.detail.count("200 received, 0 mismatched") == len(per), lv.detail


ADAPTERS = {
    "freebsd": ("{d}_freebsd.c", ["nic_link_state(", "if_link_state_change(", "if_setbaudrate(",
                                  "IF_Mbps("]),
    "netbsd": ("{d}_netbsd.c", ["nic_link_state(", "if_link_state_change(", "if_baudrate"]),
    "illumos": ("{d}_illumos.c", ["nic_link_state(", "mac_link_update(", "MAC_STAT_IFSPEED",
                                  "ETHER_STAT_LINK_DUPLEX"]),
    "windows": ("{d}_ndis.c", ["nic_link_state(", "NdisMIndicateStatusEx(", "NDIS_STATUS_LINK_STATE",
                               "NDIS_LINK_SPEED_UNKNOWN", "g->MediaConnectState = ls.MediaConnectState"]),
    "rtos/zephyr": ("eth_{d}.c", ["nic_link_state(", "net_eth_carrier_on(", "net_eth_carrier_off("]),
    "rtos/freertos": ("NetworkInterface.c", ["nic_link_state(", "FreeRTOS_NetworkDown()",
                                             "xGetPhyLinkStatus"]),
}


@pytest.mark.parametrize("drv", ["e1000", "ixgbe"])
def test_adapters_read_and_report_the_link(drv):
    """The generated sources: the link read where the interrupt sees a link cause, the native
    report; the iflib variant from IFDI_UPDATE_ADMIN_STATUS after iflib_admin_intr_deferred."""
    out = tree(drv)
    for target, (name, needles) in ADAPTERS.items():
        text = (out / "os" / target / name.format(d=drv)).read_text()
        for n in needles:
            assert n in text, (target, n)
        assert re.search(r"& NIC_INTR_LINK\)", text), target
        assert "link management is control plane" not in text, target
    ifl = out / "os" / "freebsd" / "iflib" / f"{drv}_iflib.c"
    require(ifl.is_file(), f"iflib variant for {drv}")
    text = ifl.read_text()
    body = text.split(f"{drv}_if_update_admin_status(if_ctx_t ctx)\n{{")[1].split("\n}\n")[0]
    assert "ho_link_state" in body and "iflib_link_state_change(ctx, up ? LINK_STATE_UP : LINK_STATE_DOWN" in body
    assert "IF_Mbps(" in body
    assert "iflib_admin_intr_deferred(sc->sc_ctx)" in text


@pytest.mark.parametrize("drv", ["e1000", "virtio_net"])
def test_link_code_passes_l0_and_freebsd_l1(tmp_path, drv):
    """The link code type-checks against every target's contract headers (-Werror) and, for
    FreeBSD (ifnet and iflib), against FreeBSD 14's real headers (-Wall -Wextra -Werror).
    (igb, the MSI-X variant, is checked by test_msix_l2.)"""
    import json

    from nicport.verify.check import run_check
    from nicport.verify import levels as L

    require(shutil.which("clang"), "clang")
    out = tmp_path / drv
    shutil.copytree(tree(drv), out)
    (out / ".nicport.json").write_text(json.dumps({"generator": "nicport", "version": "0.1.0",
                                                   "driver": drv}))
    res = run_check(out, None, targets=TARGETS)
    assert {t.target for t in res.targets} == set(TARGETS)
    for t in res.targets:
        assert t.levels["L0"].status == "pass", (t.target, t.levels["L0"].log)
        if t.target == "freebsd":
            require(L.ziglang_freebsd() is not None, "PyPI ziglang")
            assert t.levels["L1"].status == "pass", t.levels["L1"].log
