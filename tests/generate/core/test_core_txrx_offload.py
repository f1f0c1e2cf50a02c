"""Offloads through the ring and the loopback device: VLAN insertion by
descriptor comes back as a stripped tag; software VLAN strip and checksum
verification on RX; the offload context is cached per queue; TSO the device
cannot do is refused with NIC_E_NOTSUP."""

from __future__ import annotations

MAC = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
TXOL_IP4, TXOL_L4, TXOL_TSO, TXOL_VLAN = 1, 2, 4, 8
RXOL_VLAN, RXOL_GOOD4, RXOL_GOODL4 = 0x1000, 0x100, 0x400


def _frame(n=100, dport=80):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.l2 import Ether

    return bytes(Ether(**MAC) / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(dport=dport) / (b"p" * n))


def test_vlan_descriptor_round_trip_and_ctx_cache(driver):
    f1, f2 = _frame(), _frame(dport=81)
    out = driver.run([
        "ring_init 16 16 2048 64 0 1 0 4",
        f"txf {TXOL_VLAN:x} 2a {0} {f1.hex()}",
        f"txf {TXOL_IP4 | TXOL_L4:x} 0 0 {f1.hex()}",
        f"txf {TXOL_IP4 | TXOL_L4:x} 0 0 {f2.hex()}",   # same offsets: context reused
        f"txf {TXOL_L4:x} 0 0 {f2.hex()}",               # different request: new context
        f"txf {TXOL_TSO:x} 0 1448 {_frame(3000).hex()}",  # loopback has no TSO
        "dev 10",
        "rxf 10",
        "txstats",
        "ring_fini",
    ])
    assert out[1:6] == ["txf 0", "txf 0", "txf 0", "txf 0", "txf -95"]
    assert out[6] == "dev 4"
    pkts = out[7].split()[1:]
    flags, tci, hx = pkts[0].split(":")
    assert int(flags, 16) & RXOL_VLAN and int(tci, 16) == 0x2A and bytes.fromhex(hx) == f1
    assert all(not int(p.split(":")[0], 16) & RXOL_VLAN for p in pkts[1:])
    stats = dict(kv.split("=") for kv in out[8].split()[1:])
    assert stats["ctx"] == "2" and stats["errors"] == "0"
    assert stats["descs"] == str(4 + 2)  # 4 data descriptors + 2 context descriptors


def test_sw_vlan_strip_and_csum_verify_on_rx(driver):
    from scapy.layers.l2 import Dot1Q, Ether

    f = _frame()
    e = Ether(f)
    tagged = bytes(Ether(dst=e.dst, src=e.src) / Dot1Q(vlan=7, type=e.type) / e.payload)
    out = driver.run([
        "ring_init 16 16 2048 64 0 1 0 4",
        "rxflags 6",                       # NIC_RXQ_SW_VLAN | NIC_RXQ_SW_CSUM
        f"txf 0 0 0 {tagged.hex()}",
        "dev 10",
        "rxf 10",
        "ring_fini",
    ])
    flags, tci, hx = out[4].split()[1].split(":")
    assert int(tci, 16) == 7 and bytes.fromhex(hx) == f
    assert int(flags, 16) & (RXOL_VLAN | RXOL_GOOD4 | RXOL_GOODL4) == RXOL_VLAN | RXOL_GOOD4 | RXOL_GOODL4
    assert out[5].startswith("fini") and "core=0" in out[5] and "bytes_live=0" in out[5]
