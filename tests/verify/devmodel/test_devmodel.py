"""The portable core + a generated hw layer against the device model, per descriptor family:
smoke (nothing lost, payloads byte-identical), stress (flood with buffer recycling), hostile
(faults injected: the core survives, counts errors, leaks nothing), TSO/checksum/VLAN frames
checked by scapy, and the same under AddressSanitizer + UndefinedBehaviorSanitizer."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from helpers import require_tool


def _load_build():
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("dm_build", Path(__file__).with_name("dm_build.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_b = _load_build()
build_harness, run = _b.build_harness, _b.run

DRIVERS = ["e1000", "e1000e", "igb", "ixgbe", "virtio_net"]
_built: dict[tuple[str, bool], Path] = {}


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    require_tool("gcc")
    require_tool("ar")

    def get(drv: str, sanitize: bool = False) -> Path:
        key = (drv, sanitize)
        if key not in _built:
            _built[key] = build_harness(drv, tmp_path_factory.mktemp(f"dm_{drv}"), sanitize=sanitize)
        return _built[key]

    return get


@pytest.mark.parametrize("drv", DRIVERS)
def test_smoke_nothing_lost(harness, drv: str) -> None:
    r = run(harness(drv), drv, "smoke", "500")
    assert r["sent"] == r["done"] == r["rx_ok"] == "500"
    assert r["rx_bad"] == r["rs_errors"] == r["rs_drops"] == r["dm_missed"] == "0"
    assert int(r["irqs"]) > 0


@pytest.mark.parametrize("drv", DRIVERS)
def test_stress_flood_with_recycling(harness, drv: str) -> None:
    # 30000 packets through 256-slot rings and a 1024-buffer pool: every buffer is reused ~30 times
    r = run(harness(drv), drv, "stress", "30000")
    assert r["sent"] == r["done"] == r["rx_ok"] == r["dm_rx"] == "30000"
    assert r["rx_bad"] == r["rs_drops"] == "0"


@pytest.mark.parametrize("drv", DRIVERS)
@pytest.mark.parametrize("seed", ["3", "11"])
def test_hostile_device_core_survives(harness, drv: str, seed: str) -> None:
    r = run(harness(drv), drv, "hostile", "3000", seed)  # exits non-zero on a leak or a crash
    assert int(r["dm_faults"]) > 100
    assert r["sent"] == r["done"] == "3000"  # every TX packet was completed exactly once
    # bogus lengths / early DD were seen and counted as errors, never handed up damaged
    assert int(r["rs_drops"]) > 0 and r["rx_bad"] == "0"
    assert int(r["rx_ok"]) + int(r["rs_drops"]) >= 2500
    assert int(r["irqs_dropped"]) > 0


def _frames(path: Path) -> list[bytes]:
    b, i, out = path.read_bytes(), 0, []
    while i < len(b):
        (n,) = struct.unpack_from("<I", b, i)
        out.append(b[i + 4 : i + 4 + n])
        i += 4 + n
    return out


@pytest.mark.parametrize("drv", DRIVERS)
def test_tso_segments_parse_with_scapy(harness, drv: str, tmp_path: Path) -> None:
    from scapy.all import IP, TCP, Dot1Q, Ether, raw  # noqa: PLC0415

    out = tmp_path / "wire.bin"
    r = run(harness(drv), drv, "tso", str(out))
    frames = _frames(out)
    assert int(r["frames"]) == len(frames) == 9
    pkts = [Ether(f) for f in frames]
    for p in pkts:
        assert IP in p and TCP in p
        ip, tcp = p[IP], p[TCP]
        assert ip.len == len(raw(ip)), "IPv4 total length"
        c_ip, c_tcp = ip.chksum, tcp.chksum
        del ip.chksum, tcp.chksum
        q = Ether(raw(p))
        assert q[IP].chksum == c_ip, "IPv4 header checksum"
        assert q[TCP].chksum == c_tcp, "TCP checksum"
    # packet 1: 5000 bytes TSO at MSS 1448 -> 4 segments, contiguous, payload reassembles
    seg = pkts[:4]
    seqs = [s[TCP].seq for s in seg]
    lens = [len(s[TCP].payload) for s in seg]
    assert lens == [1448, 1448, 1448, 656]
    assert all(seqs[i + 1] == seqs[i] + lens[i] for i in range(3))
    assert [s[IP].id for s in seg] == [0x1234 + i for i in range(4)]
    assert [str(s[TCP].flags) for s in seg] == ["A", "A", "A", "PA"]  # PSH only on the last
    payload = b"".join(bytes(s[TCP].payload) for s in seg)
    assert payload == bytes((i * 13 + 1) & 0xFF for i in range(5000))
    # packet 2: checksum offload only
    assert len(pkts[4][TCP].payload) == 700
    # packets 3-4: VLAN insertion by the device (Intel) or none (virtio has no TX VLAN offload)
    if drv == "virtio_net":
        assert all(Dot1Q not in p for p in pkts)
    else:
        assert pkts[5][Dot1Q].vlan == 0x123
        assert [p[Dot1Q].vlan for p in pkts[6:9]] == [100, 100, 100]
        assert [len(p[TCP].payload) for p in pkts[6:9]] == [1000, 1000, 1000]


E1000_REGS = {"TCTL": 0x400, "RCTL": 0x100, "IMS": 0xD0, "TDLEN": 0x3808, "RDLEN": 0x2808, "RDT": 0x2818,
              "TDBAL": 0x3800, "TIPG": 0x410}


def test_e1000_bring_up_writes_what_the_hardware_needs(harness) -> None:
    r = run(harness("e1000"), "e1000", "regs", *(hex(v) for v in E1000_REGS.values()))
    got = {k: int(r[hex(v)], 16) for k, v in E1000_REGS.items()}
    assert got["TCTL"] & 0x2 and got["TCTL"] & 0x8  # EN | PSP
    assert (got["TCTL"] >> 4) & 0xFF == 15  # collision threshold
    assert got["RCTL"] & 0x2 and got["RCTL"] & 0x8000 and got["RCTL"] & 0x4000000  # EN | BAM | SECRC
    assert got["RCTL"] & 0x30000 == 0 and not got["RCTL"] & 0x2000000  # 2048-byte buffers
    assert got["IMS"] == 0x1 | 0x4 | 0x10 | 0x40 | 0x80  # TXDW LSC RXDMT0 RXO RXT0
    assert got["TDLEN"] == got["RDLEN"] == 256 * 16
    assert got["TDBAL"] != 0 and got["RDT"] != 0  # ring base programmed, buffers posted
    assert got["TIPG"] == 8 | (8 << 10) | (6 << 20)


@pytest.mark.parametrize("drv", DRIVERS)
def test_sanitizers_clean(harness, drv: str, tmp_path: Path) -> None:
    exe = harness(drv, sanitize=True)
    assert run(exe, drv, "smoke", "300")["rx_ok"] == "300"
    assert run(exe, drv, "stress", "5000")["rx_ok"] == "5000"
    assert run(exe, drv, "hostile", "2000", "5")["done"] == "2000"
    assert run(exe, drv, "tso", str(tmp_path / "w.bin"))["frames"] == "9"


@pytest.mark.parametrize("drv,nq", [("igb", "8"), ("ixgbe", "8")])
def test_multi_queue_every_queue_carries_its_traffic(harness, drv: str, nq: str) -> None:
    """igb queues 4-7 live in another register block (0xE000/0xC000): the piecewise
    per-queue macros from the driver's headers must hold for hw layer and model alike."""
    r = run(harness(drv), drv, "mq", "200", nq)
    assert r["sent"] == r["done"] == r["rx_ok"] == str(200 * int(nq)) and r["rx_bad"] == "0"
    for q in range(int(nq)):
        assert r[f"rx{q}"] == r[f"tx{q}"] == r[f"rxq{q}_pkts"] == "200"


@pytest.mark.parametrize("drv", ["e1000", "e1000e", "virtio_net"])
def test_single_queue_drivers_refuse_a_second_queue(harness, drv: str) -> None:
    with pytest.raises(AssertionError, match="txq 1 create"):
        run(harness(drv), drv, "mq", "10", "2")


# the register whose enable bit the model insists on (TCTL / DMATXCTL / virtio Status)
NOENABLE = {"e1000": 0x400, "e1000e": 0x400, "igb": 0x400, "ixgbe": 0x4A80, "virtio_net": 0x70}


@pytest.mark.parametrize("drv", DRIVERS)
def test_model_transmits_nothing_without_the_enable_sequence(harness, drv: str) -> None:
    r = run(harness(drv), drv, "noenable", hex(NOENABLE[drv]))
    assert r["dm_tx"] == "0" and r["done"] == "0" and r["sent"] == "1"


def test_build_for_an_output_tree(tmp_path: Path) -> None:
    """What an adapter test (L2) calls: the model as a static library next to a tree's core/."""
    require_tool("gcc")
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    from nicport.verify.devmodel import build_for_tree  # noqa: PLC0415

    tree = tmp_path / "e1000"
    shutil.copytree(Path(__file__).resolve().parents[3] / "nicport" / "generate" / "core" / "c", tree / "core")
    b = build_for_tree(tree, "e1000", with_osdep=False)
    assert b.library == tree / "build" / "devmodel" / "libnic_devmodel_e1000.a"
    syms = subprocess.run(["nm", "-g", "--defined-only", str(b.library)], capture_output=True, text=True).stdout
    for name in ("nic_devmodel_create", "nic_devmodel_mmio_write", "nic_devmodel_set_hostile",
                 "nic_devmodel_inject", "nic_devmodel_capture_get"):
        assert name in syms
    assert "nic_os_read32" not in syms  # the adapter brings its own osdep
