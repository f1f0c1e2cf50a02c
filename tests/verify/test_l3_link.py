"""Link state at L3: the generated Linux driver's carrier follows the emulated link.

After the TCP stream the host takes the link down through the QEMU monitor (QMP ``set_link``,
as a cable pull), the guest waits for /sys/class/net/IF/carrier 0 and operstate "down" and
counts the driver's "<if>: link down" line, then the host brings the link back, the guest
waits for carrier 1 / operstate up and a new "link up" line, pings again and the pktgen flood
runs on the restored link (docs/l3.md, "Link flap").  The driver reads the link through
nic_link_state -> the hw layer's ho_link_state (STATUS.LU on e1000/e1000e, the virtio-net
config status with VIRTIO_NET_F_STATUS) from its link interrupt: INTx cause on e1000, the
MSI-X misc vector on e1000e and virtio-net."""

from __future__ import annotations

import json
import re
import socket
import threading
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.verify.qemu import plan as P
from nicport.verify.qemu.initramfs import GuestModule, GuestSpec, init_script
from nicport.verify.qemu.monitor import LinkFlapper, Monitor, MonitorError
from nicport.verify.qemu.verdict import link_flap_report

LIMIT_S = 45.0


# ------------------------------------------------------------------ the guest's plan


def _spec(plan: P.TrafficPlan) -> GuestSpec:
    dut = GuestModule("nicport_e1000", "lib/nicport/dut/nicport_e1000.ko", Path("/dev/null"), dut=True)
    return GuestSpec("nicport_e1000", (dut,), plan=plan)


def test_the_flap_is_in_the_plan_only_when_asked() -> None:
    plain = init_script(_spec(P.TrafficPlan()))
    assert "linkflap" not in plain and "waitcarrier" not in plain
    s = init_script(_spec(P.TrafficPlan(link_flap=True)))
    steps = ["say linkflap want=off", "$A waitcarrier $IF 0 10000", "say linkflap phase=down",
             "say linkflap want=on", "$A waitcarrier $IF 1 10000", "say linkflap phase=up",
             "ping -A -c 3", "say lping", 'echo "add_device $IF"']
    pos, at = [], s.find("tcp-send")  # after TCP, before pktgen, in this order
    for x in steps:
        at = s.find(x, at + 1)
        pos.append(at)
    assert -1 not in pos, list(zip(steps, pos))
    assert 'grep -c "$IF: link down"' in s and 'grep -c "$IF: link up"' in s


# ------------------------------------------------------------------ the verdict


def _events(down: str = "0", down_state: str = "down", down_lines: str = "1", up: str = "1",
            up_state: str = "up", up_lines: str = "2", pings: str = "3") -> list:
    w = str.split
    return [
        (7.2, w("linkflap want=off t=1")),
        (7.8, w(f"carrier value={down} operstate={down_state} carrier_us=1519 us=527221")),
        (7.9, w(f"linkflap phase=down down={down_lines} up=1")),
        (7.9, w("linkflap want=on t=2")),
        (8.4, w(f"carrier value={up} operstate={up_state} carrier_us=492162 us=492288")),
        (8.5, w(f"linkflap phase=up down=1 up={up_lines}")),
        (8.7, w(f"lping rc=0 3 packets transmitted, {pings} packets received, 0% packet loss")),
    ]


_ACTIONS = [{"want": "off", "ok": True, "asked_s": 7.2, "done_s": 7.2},
            {"want": "on", "ok": True, "asked_s": 7.9, "done_s": 7.9}]


def test_a_good_flap_has_no_reason() -> None:
    r = link_flap_report(_events(), _ACTIONS, P.TrafficPlan(link_flap=True))
    assert r["reasons"] == [] and len(r["checks"]) == 7
    assert r["driver_lines"] == {"down": 1, "up": 2}
    assert r["guest_down"]["operstate"] == "down" and r["guest_up"]["value"] == "1"


@pytest.mark.parametrize("fault,kw,actions,why", [
    ("carrier stayed on", {"down": "1", "down_state": "up"}, _ACTIONS, "did not see the link go down"),
    ("operstate stayed up", {"down_state": "up"}, _ACTIONS, "did not see the link go down"),
    ("driver said nothing", {"down_lines": "0"}, _ACTIONS, "logged no '<if>: link down'"),
    ("no new link up line", {"up_lines": "1"}, _ACTIONS, "no new '<if>: link up'"),
    ("carrier did not come back", {"up": "0", "up_state": "down"}, _ACTIONS, "did not see the link come back"),
    ("ping lost", {"pings": "2"}, _ACTIONS, "ping after the link came back failed"),
    ("monitor refused", {}, [{"want": "off", "ok": False, "error": "boom"}, _ACTIONS[1]], "could not take the link down: boom"),
    ("never brought back", {}, _ACTIONS[:1], "could not bring the link back"),
])
def test_each_fault_is_a_reason(fault: str, kw: dict, actions: list, why: str) -> None:
    r = link_flap_report(_events(**kw), actions, P.TrafficPlan(link_flap=True))
    assert any(why in x for x in r["reasons"]), (fault, r["reasons"])


# ------------------------------------------------------------------ the monitor


class FakeQMP(threading.Thread):
    """A QMP server on a unix socket: greeting, capabilities, set_link (with an event line in
    between, as QEMU sends them), an error for an unknown netdev."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.srv.bind(str(path))
        self.srv.listen(1)
        self.got: list[dict] = []

    def run(self) -> None:
        c, _ = self.srv.accept()
        f = c.makefile("rwb")
        f.write(b'{"QMP": {"version": {}, "capabilities": []}}\n')
        f.flush()
        for line in f:
            msg = json.loads(line)
            self.got.append(msg)
            if msg["execute"] == "set_link" and msg["arguments"]["name"] != "n0":
                f.write(b'{"error": {"class": "DeviceNotFound", "desc": "Device \'x\' not found"}}\n')
            else:
                f.write(b'{"timestamp": {"seconds": 1}, "event": "NIC_RX_FILTER_CHANGED"}\n{"return": {}}\n')
            f.flush()


def test_monitor_speaks_qmp(tmp_path: Path) -> None:
    srv = FakeQMP(tmp_path / "q.sock")
    srv.start()
    m = Monitor(tmp_path / "q.sock")
    flap = LinkFlapper(m)
    flap.on_event(1.0, ["linkflap", "want=off", "t=1"])
    flap.on_event(1.5, ["link", "up", "us=3"])  # not a request
    flap.on_event(2.0, ["linkflap", "want=on"])
    with pytest.raises(MonitorError, match="not found"):
        m.set_link(False, name="x")
    m.close()
    assert [g["execute"] for g in srv.got] == ["qmp_capabilities", "set_link", "set_link", "set_link"]
    assert [g["arguments"]["up"] for g in srv.got[1:3]] == [False, True]
    assert [(a["want"], a["ok"]) for a in flap.actions] == [("off", True), ("on", True)]


def test_flapper_records_a_missing_monitor(tmp_path: Path) -> None:
    flap = LinkFlapper(Monitor(tmp_path / "none.sock", timeout=0.2))
    flap.on_event(1.0, ["linkflap", "want=off"])
    assert flap.actions[0]["ok"] is False and "no QMP socket" in flap.actions[0]["error"]


def test_qemu_gets_a_monitor_only_for_a_flap(tmp_path: Path) -> None:
    require_tool("qemu-system-x86_64")
    from nicport.verify.qemu.runner import qemu_command

    kw = dict(kernel=tmp_path / "k", initrd=tmp_path / "i", qemu_device="e1000", peer_port=1, qemu_port=2)
    assert "-qmp" not in qemu_command(**kw)
    cmd = qemu_command(**kw, qmp_socket=tmp_path / "q.sock")
    assert cmd[cmd.index("-qmp") + 1] == f"unix:{tmp_path / 'q.sock'},server=on,wait=off"
    assert "socket,id=n0," in cmd[cmd.index("-netdev") + 1]  # the name set_link uses


# ------------------------------------------------------------------ QEMU


def _prereqs() -> None:
    from nicport.verify.qemu.modules import headers_dir

    require_tool("qemu-system-x86_64")
    require_tool("gcc")
    require(Path("/bin/busybox").is_file(), "busybox-static")
    require(Path("/boot/vmlinuz-6.1.0-56-amd64").is_file(), "linux-image-6.1.0-56-amd64")
    require((headers_dir() / "Makefile").is_file(), "linux-headers-6.1.0-56-amd64")


def _analyse(name: str, config, driver_source):
    from nicport.analyze import analyze_driver

    return analyze_driver(driver_source(name), config)


def _explain(r, out: Path) -> str:
    tail = ""
    if r.log_path and (out / r.log_path).is_file():
        tail = "\n".join((out / r.log_path).read_text().splitlines()[-40:])
    return f"{r.reason}\n" + "\n".join(r.reasons) + "\n--- console tail ---\n" + tail


# driver: (interrupt mode, the vector the link cause arrives on)
FLAPS = {"e1000": ("intx", "eth0"), "e1000e": ("msix", "eth0-misc"), "virtio_net": ("msix", "eth0-misc")}


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
@pytest.mark.parametrize("name", sorted(FLAPS))
def test_generated_driver_follows_the_link(name: str, tmp_path: Path, config, driver_source) -> None:
    _prereqs()
    from nicport.verify.l3 import run_l3_for_ir

    mode, link_vector = FLAPS[name]
    r = run_l3_for_ir(_analyse(name, config, driver_source), tmp_path, config, timeout=LIMIT_S, link_flap=True)
    assert r.passed, _explain(r, tmp_path)
    assert r.irq["mode"] == mode
    hw_c = (tmp_path / "hw" / f"{name}_hw.c").read_text()
    assert f".ho_link_state = {name}_link_state," in hw_c
    # the host pulled the link and put it back, the guest saw both through the driver
    assert [(a["want"], a["ok"]) for a in r.link["actions"]] == [("off", True), ("on", True)]
    assert (r.link["guest_down"]["value"], r.link["guest_down"]["operstate"]) == ("0", "down")
    assert (r.link["guest_up"]["value"], r.link["guest_up"]["operstate"]) == ("1", "up")
    assert r.link["driver_lines"] == {"down": 1, "up": 2}  # open, then after set_link on
    log = (tmp_path / r.log_path).read_text()
    speed = "unknown speed, unknown duplex" if name == "virtio_net" else "1000 Mbps, full duplex"
    assert re.search(rf"nicport_{name} \S+ eth0: link down", log)
    assert len(re.findall(rf"nicport_{name} \S+ eth0: link up, {speed}", log)) == 2
    # the link interrupt came on the vector it belongs to
    vec = next(v for v in r.irq["vectors"] if v["name"] == link_vector)
    assert vec["after"] - vec["before"] >= 2
    # and the link carried traffic again: the ping, then the whole pktgen flood
    assert r.counts["pktgen_guest_sent"] == r.counts["pktgen_host_counted"] == 100000
    assert (tmp_path / "verify" / "l3-link" / "l3-linux.json").is_file()


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
def test_a_driver_that_cannot_read_the_link_fails_the_flap(tmp_path: Path, config, driver_source) -> None:
    """The same e1000 tree with its hw layer's ho_link_state removed (NIC_E_NOSYS: the
    adapter keeps the carrier on, as before this hook existed): the flap FAILs."""
    from nicport.generate.adapters import write_adapters
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw
    from nicport.verify.l3 import run_l3_for_tree

    _prereqs()
    ir = _analyse("e1000", config, driver_source)
    (tmp_path / "ir").mkdir()
    (tmp_path / "ir" / "e1000.ir.json").write_text(ir.model_dump_json())
    write_core(tmp_path)
    write_hw(ir, tmp_path)
    write_adapters(ir, tmp_path, ("linux",))
    hw_c = tmp_path / "hw" / "e1000_hw.c"
    text = hw_c.read_text()
    assert ".ho_link_state = e1000_link_state," in text
    hw_c.write_text(text.replace(".ho_link_state = e1000_link_state,", ".ho_link_state = NULL,"))
    r = run_l3_for_tree(tmp_path, config, timeout=LIMIT_S, ir=ir, link_flap=True)
    assert r.verdict == "FAIL"
    assert any("did not see the link go down (carrier=1, operstate=up)" in x for x in r.reasons), r.reasons
    assert any("logged no '<if>: link down'" in x for x in r.reasons), r.reasons
