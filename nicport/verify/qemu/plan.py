"""The traffic plan both halves follow: addresses on the emulated link, ports, counts and the
payload patterns (shared with ``agent.c``; keep the two in step).

The addresses below exist only on the emulated Ethernet between the guest NIC and nicport's
host peer.  On the host, every frame travels as a UDP datagram between two sockets bound to
127.0.0.1; nothing is ever sent anywhere else.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

GUEST_MAC = "52:54:00:12:34:56"
HOST_MAC = "52:54:00:12:34:02"  # the peer's address on the emulated link
GUEST_IP = "10.0.2.15"
HOST_IP = "10.0.2.2"
VLAN_ID = 100
GUEST_VLAN_IP = "10.0.100.15"
HOST_VLAN_IP = "10.0.100.2"

UDP_SINK_PORT = 5001  # guest -> host stream
UDP_GUEST_PORT = 5002  # host -> guest stream (the agent listens)
CONTROL_PORT = 5003  # READY / ACK datagrams from the agent
TCP_PORT = 7000  # the TSO / TCP send
PKTGEN_UDP_PORT = 9  # pktgen's default destination port
PKTGEN_MAGIC = 0xBE9BE955

NP_MAGIC = b"NPU1"
BAD_SEQ = 0xFFFFFFFF
ACK_EVERY = 16  # the agent acks every 16 datagrams (NP_ACK_EVERY)
RX_WINDOW = 64  # host -> guest datagrams in flight (well under any RX ring)
ETH_ZLEN = 60  # injected frames are padded to this (e1000e counts runts as rx_errors)


@dataclass(frozen=True)
class TrafficPlan:
    """How much of each kind of traffic one run exchanges."""

    pings: int = 3
    udp_tx: int = 1000  # guest -> host datagrams
    udp_rx: int = 1000  # host -> guest datagrams
    udp_rx_corrupt_every: int = 50  # plus one bad-checksum datagram after every N good ones
    vlan_tx: int = 200
    vlan_rx: int = 200
    tcp_bytes: int = 262144
    pktgen_count: int = 100000
    pktgen_size: int = 60
    #: after the TCP stream: the host takes the link down (QEMU monitor ``set_link``), the guest
    #: waits for carrier 0 / operstate down and the driver's "link down" line, then the host
    #: brings it back, the guest waits for carrier 1 / operstate up, pings again (link_pings)
    #: and the pktgen flood follows on the restored link
    link_flap: bool = False
    link_pings: int = 3
    link_wait_ms: int = 10000

    @property
    def udp_rx_corrupt(self) -> int:
        return self.corrupt_count(self.udp_rx)

    def corrupt_count(self, n: int) -> int:
        return n // self.udp_rx_corrupt_every if self.udp_rx_corrupt_every else 0


def udp_len(seq: int) -> int:
    return 8 + (seq * 97) % 1465


def payload_for(seq: int) -> bytes:
    """The UDP payload of datagram ``seq`` (agent.c: udp_fill)."""
    n = udp_len(seq)
    body = bytes(((seq * 7 + i * 13) & 0xFF) for i in range(8, n))
    return NP_MAGIC + struct.pack("!I", seq) + body


def tcp_bytes(off: int, n: int) -> bytes:
    """Bytes ``off .. off+n`` of the TCP stream (agent.c: tcp_byte)."""
    return bytes(((o * 31 + (o >> 8)) & 0xFF) for o in range(off, off + n))
