"""The host peer on its own: a fake "QEMU" socket on 127.0.0.1 plays the guest NIC, sending
frames built with scapy; replies are parsed back with scapy.  Each check must be able to fail."""

from __future__ import annotations

import socket
import struct
import time

import pytest
from scapy.layers.inet import ICMP, IP, TCP, UDP, fragment
from scapy.layers.l2 import ARP, Dot1Q, Ether

from nicport.verify.qemu import plan as P
from nicport.verify.qemu.peer import MSS, HostPeer, inet_sum, l4_ok

GUEST = dict(src=P.GUEST_MAC, dst=P.HOST_MAC)


class Wire:
    """The QEMU end of the link: sends guest frames to the peer, collects its replies."""

    def __init__(self, plan: P.TrafficPlan | None = None, **kw) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.peer = HostPeer(plan or P.TrafficPlan(), **kw)
        self.peer.connect(self.sock.getsockname()[1])
        self.sock.connect(("127.0.0.1", self.peer.port))
        self.sock.settimeout(2)
        self.peer.start()

    def send(self, pkt) -> None:
        self.sock.send(bytes(pkt))

    def replies(self, n: int) -> list[Ether]:
        return [Ether(self.sock.recv(65536)) for _ in range(n)]

    def none_pending(self) -> bool:
        self.sock.settimeout(0.3)
        try:
            self.sock.recv(65536)
        except TimeoutError:
            return True
        finally:
            self.sock.settimeout(2)
        return False

    def finish(self):
        time.sleep(0.1)
        stats = self.peer.stop()
        self.sock.close()
        return stats


@pytest.fixture
def wire():
    w = Wire()
    yield w
    if w.peer.sock.fileno() != -1:
        w.finish()


def test_checksum_helpers_agree_with_scapy() -> None:
    pkt = IP(bytes(IP(src="10.0.2.15", dst="10.0.2.2") / UDP(sport=1, dport=2) / (b"abc" * 101)))
    raw = bytes(pkt)
    assert inet_sum(raw[:20]) == 0xFFFF
    assert l4_ok(raw[:20], raw[20:], 17)
    broken = bytearray(raw)
    broken[-1] ^= 1
    assert not l4_ok(bytes(broken[:20]), bytes(broken[20:]), 17)


def test_arp_and_ping_are_answered_and_padded(wire: Wire) -> None:
    wire.send(Ether(src=P.GUEST_MAC, dst="ff:ff:ff:ff:ff:ff")
              / ARP(op=1, hwsrc=P.GUEST_MAC, psrc=P.GUEST_IP, pdst=P.HOST_IP))
    (arp,) = wire.replies(1)
    assert len(bytes(arp)) == P.ETH_ZLEN  # padded: e1000e counts runts as rx_errors
    assert arp[ARP].op == 2 and arp[ARP].psrc == P.HOST_IP and arp[ARP].hwsrc == P.HOST_MAC
    wire.send(Ether(**GUEST) / IP(src=P.GUEST_IP, dst=P.HOST_IP) / ICMP(id=7, seq=3) / b"payload")
    (echo,) = wire.replies(1)
    assert echo[ICMP].type == 0 and echo[ICMP].id == 7 and echo[ICMP].seq == 3
    assert bytes(echo[ICMP].payload).startswith(b"payload")
    wire.send(Ether(src=P.GUEST_MAC, dst="ff:ff:ff:ff:ff:ff")
              / ARP(op=1, hwsrc=P.GUEST_MAC, psrc=P.GUEST_IP, pdst="10.0.2.99"))  # not ours
    assert wire.none_pending()
    st = wire.finish()
    assert st.arps_answered == 1 and st.pings_answered == 1
    assert st.frames_from_guest == 3 and st.frames_to_guest == 2 and st.error_count == 0


def _guest_udp(seq: int, *, payload: bytes | None = None, vlan: int | None = None, chksum=None):
    eth = Ether(**GUEST)
    if vlan is not None:
        eth = eth / Dot1Q(vlan=vlan)
    src, dst = (P.GUEST_VLAN_IP, P.HOST_VLAN_IP) if vlan is not None else (P.GUEST_IP, P.HOST_IP)
    return eth / IP(src=src, dst=dst) / UDP(sport=40000, dport=P.UDP_SINK_PORT, chksum=chksum) / (
        payload if payload is not None else P.payload_for(seq))


def test_guest_udp_stream_checked_byte_for_byte(wire: Wire) -> None:
    for seq in range(20):
        wire.send(_guest_udp(seq))
    for seq in range(5):
        wire.send(_guest_udp(seq, vlan=P.VLAN_ID))
    st = wire.finish()
    assert st.udp_rx == {"main": 20, "vlan": 5} and st.error_count == 0 and st.vlan_frames == 5


@pytest.mark.parametrize("bad, message", [
    (lambda: _guest_udp(1), "arrived, expected 0"),  # a lost datagram
    (lambda: _guest_udp(0, payload=P.payload_for(0) + b"\0"), "payload differs"),
    (lambda: _guest_udp(0, chksum=0x1234), "UDP checksum wrong"),
    (lambda: _guest_udp(0, chksum=0), "without a checksum"),
    (lambda: _guest_udp(0, vlan=7), "VID 7"),
])
def test_guest_udp_stream_faults_are_caught(wire: Wire, bad, message: str) -> None:
    wire.send(bad())
    st = wire.finish()
    assert st.error_count == 1 and message in st.errors[0]


def test_host_to_guest_stream_is_windowed_and_checksummed(wire: Wire) -> None:
    plan = wire.peer.plan
    ready = (Ether(**GUEST) / IP(src=P.GUEST_IP, dst=P.HOST_IP)
             / UDP(sport=P.UDP_GUEST_PORT, dport=P.CONTROL_PORT) / b"READY main 100")
    wire.send(ready)
    corrupt_in_window = P.RX_WINDOW // plan.udp_rx_corrupt_every
    frames = wire.replies(P.RX_WINDOW + corrupt_in_window)
    assert wire.none_pending()  # the window is full until the guest acks
    good = [f for f in frames if bytes(f[UDP].payload)[4:8] != struct.pack("!I", P.BAD_SEQ)]
    bad = [f for f in frames if f not in good]
    assert [struct.unpack("!I", bytes(f[UDP].payload)[4:8])[0] for f in good] == list(range(P.RX_WINDOW))
    for f in frames:
        assert len(bytes(f)) >= P.ETH_ZLEN
        raw = bytes(f[IP])
        ok = l4_ok(raw[:20], raw[20:f[IP].len], 17)
        assert ok == (f in good)
    assert all(bytes(f[UDP])[8 : f[UDP].len] == P.payload_for(i) for i, f in enumerate(good))
    assert len(bad) == corrupt_in_window
    wire.send(Ether(**GUEST) / IP(src=P.GUEST_IP, dst=P.HOST_IP)
              / UDP(sport=P.UDP_GUEST_PORT, dport=P.CONTROL_PORT) / b"ACK main 16")
    more = wire.replies(16)
    assert struct.unpack("!I", bytes(more[0][UDP].payload)[4:8])[0] == P.RX_WINDOW


def _tcp(flags: str, seq: int, payload: bytes = b"", ack: int = 0):
    return (Ether(**GUEST) / IP(src=P.GUEST_IP, dst=P.HOST_IP)
            / TCP(sport=33333, dport=P.TCP_PORT, flags=flags, seq=seq, ack=ack) / payload)


def test_tcp_sink_checks_segments_and_counts_emulator_trailers(wire: Wire) -> None:
    isn = 1000
    wire.send(_tcp("S", isn))
    (synack,) = wire.replies(1)
    assert synack[TCP].flags == "SA" and synack[TCP].ack == isn + 1
    assert ("MSS", MSS) in synack[TCP].options
    off = 0
    for size in (100, MSS, MSS):
        wire.send(_tcp("A", isn + 1 + off, P.tcp_bytes(off, size)))
        off += size
    wire.send(_tcp("PA", isn + 1 + off))  # header-only, right after a full segment: QEMU's trailer
    wire.send(_tcp("A", isn + 1 + off, P.tcp_bytes(off, 10)))
    off += 10
    wire.send(_tcp("PA", isn + 1 + off))  # after a short segment: not a trailer
    wire.send(_tcp("FA", isn + 1 + off))
    acks = wire.replies(5)
    assert [a[TCP].ack for a in acks] == [isn + 1 + 100, isn + 1 + 100 + MSS, isn + 1 + 100 + 2 * MSS,
                                          isn + 1 + off, isn + 2 + off]
    assert acks[-1][TCP].flags == "FA"
    st = wire.finish()
    assert st.tcp_bytes == off and st.tcp_segments == 4 and st.tcp_closed
    assert st.emulator_tso_trailers == 1 and st.error_count == 0


def test_tcp_sink_rejects_oversized_and_wrong_bytes(wire: Wire) -> None:
    wire.send(_tcp("S", 0))
    wire.send(_tcp("A", 1, P.tcp_bytes(0, MSS + 8)))  # an unsegmented TSO frame
    wire.send(_tcp("A", 1 + MSS + 8, b"\x00" * 10))  # wrong stream bytes
    wire.send(_tcp("A", 5000 + MSS, P.tcp_bytes(5000, 10)))  # a hole
    st = wire.finish()
    assert st.error_count == 4
    assert "exceeds the 1500-byte MTU" in st.errors[0] and "MSS" in st.errors[1]
    assert "differs" in st.errors[2] and "hole" in st.errors[3]


def test_tso_sent_as_ip_fragments_is_reassembled(wire: Wire) -> None:
    wire.send(_tcp("S", 0))
    big = IP(src=P.GUEST_IP, dst=P.HOST_IP, flags="DF") / TCP(sport=33333, dport=P.TCP_PORT, flags="PA",
                                                             seq=1) / P.tcp_bytes(0, 4 * MSS)
    frags = fragment(IP(bytes(big)), fragsize=1480)
    assert len(frags) == 4
    for fr in frags:
        wire.send(Ether(**GUEST) / fr)
    st = wire.finish()
    assert st.error_count == 0 and st.tcp_bytes == 4 * MSS
    assert st.tso_as_fragments == 1 and st.tso_fragment_frames == 4 and st.tso_fragment_segments == 4


def test_pktgen_flood_counted_and_drop_injection() -> None:
    w = Wire(drop_pktgen_every=10)
    frame = bytes(Ether(**GUEST) / IP(src=P.GUEST_IP, dst=P.HOST_IP) / UDP(sport=9, dport=9)
                  / (struct.pack("!I", P.PKTGEN_MAGIC) + bytes(14)))
    for _ in range(100):
        w.sock.send(frame)
    st = w.finish()
    assert st.pktgen_frames == 90 and st.dropped_on_purpose == 10 and st.frames_from_guest == 90


def test_host_socket_overflow_is_detected() -> None:
    """Frames the host kernel drops before the peer reads them are reported, not ignored."""
    w = Wire()
    w.peer._stop.set()  # the peer stops reading ...
    w.peer._thread.join()
    w.peer.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # ... with a tiny buffer
    for _ in range(200):
        w.sock.send(b"\0" * 1000)
    st = w.finish()
    assert st.host_socket_drops > 0
