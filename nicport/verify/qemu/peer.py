"""The host half of the L3 run: the far end of the guest NIC's emulated Ethernet link.

QEMU's socket netdev hands every frame the guest transmits to a UDP socket on 127.0.0.1 and
injects every datagram it receives there as a frame; this peer owns that socket.  It answers
ARP and ICMP echo itself, sinks and checks the guest's UDP and TCP streams byte for byte
(IPv4, UDP and TCP checksums, 802.1Q tags, segment sizes), sends the host->guest stream under
a window the guest acknowledges, and counts every frame both ways.  Frames are built with
scapy; the hot path (the pktgen flood) is parsed with ``struct`` so the count keeps up.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.l2 import ARP, Dot1Q, Ether

from . import plan as P

ETH_P_IP, ETH_P_ARP, ETH_P_8021Q = 0x0800, 0x0806, 0x8100
HOST_MAC_B = bytes.fromhex(P.HOST_MAC.replace(":", ""))
_PKTGEN_MAGIC_B = struct.pack("!I", P.PKTGEN_MAGIC)
MSS = 1460
TCP_ISS = 0x1000


def inet_sum(data: bytes, start: int = 0) -> int:
    """Ones'-complement sum of 16-bit words (RFC 1071), folded to 16 bits."""
    if len(data) % 2:
        data += b"\0"
    s = start + sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def l4_ok(ip_hdr: bytes, l4: bytes, proto: int) -> bool:
    """True when the TCP/UDP checksum of ``l4`` (with the IPv4 pseudo-header) verifies."""
    pseudo = ip_hdr[12:20] + struct.pack("!BBH", 0, proto, len(l4))
    return inet_sum(l4, inet_sum(pseudo)) == 0xFFFF


@dataclass
class RxStream:
    """The host->guest UDP stream for one tag (main / vlan)."""

    count: int
    vlan: bool
    guest_ip: str
    host_ip: str
    guest_port: int
    next: int = 0
    acked: int = 0
    corrupt_sent: int = 0


@dataclass
class PeerStats:
    """What the host saw; read after the run (the peer thread has stopped)."""

    frames_from_guest: int = 0
    frames_to_guest: int = 0
    bytes_from_guest: int = 0
    kinds: Counter = field(default_factory=Counter)  # frame classes from the guest
    errors: list[str] = field(default_factory=list)  # every check that failed (first 50)
    error_count: int = 0
    udp_rx: dict = field(default_factory=dict)  # tag -> in-order datagrams received and checked
    udp_tx_sent: dict = field(default_factory=dict)  # tag -> datagrams sent to the guest
    udp_tx_corrupt: dict = field(default_factory=dict)  # tag -> bad-checksum datagrams sent
    udp_tx_acked: dict = field(default_factory=dict)
    vlan_frames: int = 0
    pings_answered: int = 0
    arps_answered: int = 0
    tcp_segments: int = 0
    tcp_bytes: int = 0
    tcp_retransmits: int = 0
    tcp_max_payload: int = 0
    tcp_closed: bool = False
    emulator_tso_trailers: int = 0  # header-only segments QEMU's TSO emulation adds
    ip_fragments: int = 0  # IPv4 fragments received (frames)
    ip_reassembled: int = 0  # datagrams rebuilt from them
    tso_as_fragments: int = 0  # TSO sends QEMU emitted as IP fragments of one TCP segment
    tso_fragment_frames: int = 0  # the frames those took on the wire
    tso_fragment_segments: int = 0  # the MSS-sized segments the guest handed the NIC for them
    pktgen_frames: int = 0
    dropped_on_purpose: int = 0  # fault injection (tests only)
    host_socket_drops: int = 0  # datagrams the host kernel dropped before the peer read them


class HostPeer:
    """Run with ``start()``; give it QEMU's address with ``connect()``; ``stop()`` drains."""

    def __init__(self, plan: P.TrafficPlan, *, drop_pktgen_every: int = 0) -> None:
        self.plan = plan
        self.stats = PeerStats()
        self.drop_pktgen_every = drop_pktgen_every  # fault injection for the negative test
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        try:  # room for a whole pktgen flood (root may exceed rmem_max)
            self.sock.setsockopt(socket.SOL_SOCKET, 33, 256 << 20)  # SO_RCVBUFFORCE
        except OSError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        self.port = self.sock.getsockname()[1]
        self._streams: dict[str, RxStream] = {}
        self._expect_seq: dict[str, int] = {}
        self._tcp: dict | None = None
        self._pktgen_seen = 0
        self._frags: dict[bytes, dict] = {}
        self._last_frags = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="nicport-l3-peer", daemon=True)

    # -- plumbing ---------------------------------------------------------------------------
    def connect(self, qemu_port: int) -> None:
        self.sock.connect(("127.0.0.1", qemu_port))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> PeerStats:
        """Stop after reading everything QEMU already handed over."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)
        self._drain()
        self.stats.host_socket_drops = self._socket_drops()
        self.sock.close()
        return self.stats

    def _socket_drops(self) -> int:
        """Datagrams the host kernel dropped at this socket (its buffer overflowed): frames
        the guest sent that the peer never saw.  ``/proc/net/udp``'s last column."""
        want = f"0100007F:{self.port:04X}"
        try:
            lines = open("/proc/net/udp").read().splitlines()[1:]
        except OSError:
            return 0
        for line in lines:
            cols = line.split()
            if len(cols) > 12 and cols[1] == want:
                return int(cols[-1])
        return 0

    def _error(self, msg: str) -> None:
        self.stats.error_count += 1
        if len(self.stats.errors) < 50:
            self.stats.errors.append(msg)

    def _send(self, frame: bytes) -> None:
        if len(frame) < P.ETH_ZLEN:
            frame += b"\0" * (P.ETH_ZLEN - len(frame))
        self.sock.send(frame)
        self.stats.frames_to_guest += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            r, _, _ = select.select([self.sock], [], [], 0.05)
            if r:
                self._drain()

    def _drain(self) -> None:
        while True:
            try:
                frame = self.sock.recv(65536, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            try:
                self._frame(frame)
            except Exception as e:  # a malformed frame must not kill the peer
                self._error(f"peer could not parse a {len(frame)}-byte frame: {e!r}")

    # -- frames from the guest --------------------------------------------------------------
    def _frame(self, f: bytes) -> None:
        st = self.stats
        st.frames_from_guest += 1
        st.bytes_from_guest += len(f)
        if len(f) < 14:
            self._error(f"runt frame of {len(f)} bytes")
            return
        (etype,) = struct.unpack_from("!H", f, 12)
        vlan = None
        off = 14
        if etype == ETH_P_8021Q:
            (tci, etype) = struct.unpack_from("!HH", f, 14)
            vlan = tci & 0xFFF
            off = 18
            st.vlan_frames += 1
            if vlan != P.VLAN_ID:
                self._error(f"802.1Q tag with VID {vlan}, expected {P.VLAN_ID}")
                return
        # the flood first: count it fast
        if (etype == ETH_P_IP and len(f) >= off + 32 and f[off + 9] == 17
                and struct.unpack_from("!H", f, off + 22)[0] == P.PKTGEN_UDP_PORT
                and f[off + 28 : off + 32] == _PKTGEN_MAGIC_B):
            self._pktgen_seen += 1
            if self.drop_pktgen_every and self._pktgen_seen % self.drop_pktgen_every == 0:
                st.dropped_on_purpose += 1  # this peer "loses" the frame: it is not counted
                st.frames_from_guest -= 1
                st.bytes_from_guest -= len(f)
                return
            st.pktgen_frames += 1
            st.kinds["pktgen"] += 1
            return
        if f[0:6] not in (HOST_MAC_B, b"\xff" * 6) and not f[0] & 1:
            st.kinds["not-for-host"] += 1
            return
        if etype == ETH_P_ARP:
            self._arp(f, vlan)
        elif etype == ETH_P_IP:
            self._ipv4(f, off, vlan)
        else:
            st.kinds[f"ethertype-{etype:04x}"] += 1

    def _eth(self, dst: bytes, vlan: int | None) -> Ether:
        e = Ether(dst=dst.hex(":"), src=P.HOST_MAC)
        return e / Dot1Q(vlan=vlan) if vlan is not None else e

    def _arp(self, f: bytes, vlan: int | None) -> None:
        off = 18 if vlan is not None else 14
        a = ARP(f[off : off + 28])
        self.stats.kinds["arp"] += 1
        mine = P.HOST_VLAN_IP if vlan is not None else P.HOST_IP
        if a.op == 1 and a.pdst == mine:
            reply = self._eth(f[6:12], vlan) / ARP(op=2, hwsrc=P.HOST_MAC, psrc=mine,
                                                   hwdst=a.hwsrc, pdst=a.psrc)
            self._send(bytes(reply))
            self.stats.arps_answered += 1

    def _ipv4(self, f: bytes, off: int, vlan: int | None) -> None:
        self._last_frags = 0
        ihl = (f[off] & 0x0F) * 4
        (total,) = struct.unpack_from("!H", f, off + 2)
        if f[off] >> 4 != 4 or ihl < 20 or len(f) < off + total or total < ihl:
            self._error(f"bad IPv4 header (version/ihl {f[off]:#x}, total {total}, frame {len(f)})")
            return
        ip_hdr = f[off : off + ihl]
        if inet_sum(ip_hdr) != 0xFFFF:
            self._error("IPv4 header checksum wrong")
            return
        if total > 1500:
            self._error(f"IPv4 packet of {total} bytes exceeds the 1500-byte MTU")
        proto = f[off + 9]
        src, dst = socket.inet_ntoa(f[off + 12 : off + 16]), socket.inet_ntoa(f[off + 16 : off + 20])
        l4 = f[off + ihl : off + total]
        (frag,) = struct.unpack_from("!H", f, off + 6)
        if frag & 0x3FFF:  # MF or an offset: a fragment (ip_hdr checked above, per fragment)
            whole = self._reassemble(ip_hdr, frag, l4)
            if whole is None:
                return
            ip_hdr, l4 = whole
        want_dst = P.HOST_VLAN_IP if vlan is not None else P.HOST_IP
        if dst != want_dst:
            self.stats.kinds["ip-not-for-host"] += 1
            return
        if proto == 1:
            self._icmp(f, ip_hdr, l4, src, vlan)
        elif proto == 17:
            self._udp(f, ip_hdr, l4, src, vlan)
        elif proto == 6:
            self._tcp_segment(f, ip_hdr, l4, src, vlan)
        else:
            self.stats.kinds[f"ip-proto-{proto}"] += 1

    def _reassemble(self, ip_hdr: bytes, frag: int, data: bytes) -> tuple[bytes, bytes] | None:
        """IPv4 reassembly (RFC 791), as any receiving host does.  QEMU 7.2's e1000e emits a
        TSO send as IP fragments of one large TCP segment when its backend takes no virtio-net
        header (the socket netdev): the data and checksum are right, the framing is not what a
        real NIC sends.  Reassembled datagrams are checked like any other and reported."""
        st = self.stats
        st.ip_fragments += 1
        key = ip_hdr[12:20] + ip_hdr[4:6] + ip_hdr[9:10]
        parts = self._frags.setdefault(key, {})
        parts[(frag & 0x1FFF) * 8] = (data, bool(frag & 0x2000), ip_hdr)
        if 0 not in parts or not any(not mf for _, mf, _ in parts.values()):
            return None
        out, pos = b"", 0
        for o in sorted(parts):
            if o != pos:
                return None  # a hole: wait for the rest
            out += parts[o][0]
            pos += len(parts[o][0])
        if parts[max(parts)][1]:
            return None
        nfrags = len(parts)
        del self._frags[key]
        hdr = bytearray(parts[0][2])
        struct.pack_into("!HH", hdr, 2, len(hdr) + len(out), 0)
        st.ip_reassembled += 1
        self._last_frags = nfrags
        return bytes(hdr), out

    def _icmp(self, f: bytes, ip_hdr: bytes, l4: bytes, src: str, vlan: int | None) -> None:
        self.stats.kinds["icmp"] += 1
        if inet_sum(l4) != 0xFFFF:
            self._error("ICMP checksum wrong")
            return
        if l4[0] == 8:
            ident, seq = struct.unpack_from("!HH", l4, 4)
            me = P.HOST_VLAN_IP if vlan is not None else P.HOST_IP
            reply = self._eth(f[6:12], vlan) / IP(src=me, dst=src) / ICMP(type=0, id=ident, seq=seq) / l4[8:]
            self._send(bytes(reply))
            self.stats.pings_answered += 1

    # -- UDP: the guest's stream and the control channel --------------------------------------
    def _udp(self, f: bytes, ip_hdr: bytes, l4: bytes, src: str, vlan: int | None) -> None:
        st = self.stats
        if len(l4) < 8:
            self._error("truncated UDP header")
            return
        sport, dport, ulen, csum = struct.unpack_from("!HHHH", l4)
        if ulen != len(l4):
            self._error(f"UDP length {ulen} != IP payload {len(l4)}")
            return
        if csum == 0:
            self._error(f"UDP datagram to port {dport} without a checksum")
            return
        if not l4_ok(ip_hdr, l4, 17):
            self._error(f"UDP checksum wrong (port {dport}, {ulen} bytes)")
            return
        data = l4[8:]
        tag = "vlan" if vlan is not None else "main"
        if dport == P.UDP_SINK_PORT:
            st.kinds["udp-stream"] += 1
            if len(data) < 8 or data[:4] != P.NP_MAGIC:
                self._error("guest UDP datagram without the nicport header")
                return
            (seq,) = struct.unpack_from("!I", data, 4)
            want = self._expect_seq.get(tag, 0)
            if seq != want:
                self._error(f"{tag} UDP stream: datagram {seq} arrived, expected {want}")
            if data != P.payload_for(seq):
                self._error(f"{tag} UDP stream: datagram {seq} payload differs ({len(data)} bytes)")
                return
            self._expect_seq[tag] = seq + 1
            st.udp_rx[tag] = st.udp_rx.get(tag, 0) + 1
        elif dport == P.CONTROL_PORT:
            st.kinds["control"] += 1
            words = data.decode(errors="replace").split()
            if len(words) == 3 and words[0] == "READY":
                me = P.HOST_VLAN_IP if vlan is not None else P.HOST_IP
                s = RxStream(int(words[2]), vlan is not None, src, me, sport)
                self._streams[words[1]] = s
                self._send_window(words[1], s, f[6:12])
            elif len(words) == 3 and words[0] == "ACK" and words[1] in self._streams:
                s = self._streams[words[1]]
                s.acked = max(s.acked, int(words[2]))
                st.udp_tx_acked[words[1]] = s.acked
                self._send_window(words[1], s, f[6:12])
            else:
                self._error(f"unknown control message {data[:40]!r}")
        else:
            st.kinds[f"udp-{dport}"] += 1

    def _send_window(self, tag: str, s: RxStream, guest_mac: bytes) -> None:
        every = self.plan.udp_rx_corrupt_every
        vlan = P.VLAN_ID if s.vlan else None
        while s.next < s.count and s.next - s.acked < P.RX_WINDOW:
            pkt = (self._eth(guest_mac, vlan) / IP(src=s.host_ip, dst=s.guest_ip)
                   / UDP(sport=P.UDP_SINK_PORT, dport=s.guest_port) / P.payload_for(s.next))
            self._send(bytes(pkt))
            s.next += 1
            self.stats.udp_tx_sent[tag] = s.next
            if every and s.next % every == 0:
                self._send(self._corrupt(guest_mac, vlan, s))
                s.corrupt_sent += 1
                self.stats.udp_tx_corrupt[tag] = s.corrupt_sent

    def _corrupt(self, guest_mac: bytes, vlan: int | None, s: RxStream) -> bytes:
        """A datagram whose UDP checksum is wrong: the guest must drop it (UDP InCsumErrors)."""
        body = P.NP_MAGIC + struct.pack("!I", P.BAD_SEQ) + bytes(range(56))
        good = UDP(bytes(IP(src=s.host_ip, dst=s.guest_ip) / UDP(sport=P.UDP_SINK_PORT,
                                                                  dport=s.guest_port) / body)[20:]).chksum
        bad = good ^ 0x00FF or 0x1234
        pkt = (self._eth(guest_mac, vlan) / IP(src=s.host_ip, dst=s.guest_ip)
               / UDP(sport=P.UDP_SINK_PORT, dport=s.guest_port, chksum=bad) / body)
        return bytes(pkt)

    # -- TCP: sink the guest's connection and check every segment -----------------------------
    def _tcp_segment(self, f: bytes, ip_hdr: bytes, l4: bytes, src: str, vlan: int | None) -> None:
        st = self.stats
        st.kinds["tcp"] += 1
        if len(l4) < 20:
            self._error("truncated TCP header")
            return
        sport, dport, seq, ack, doff_flags, win = struct.unpack_from("!HHIIHH", l4)
        doff = (doff_flags >> 12) * 4
        flags = doff_flags & 0x3F
        if not l4_ok(ip_hdr, l4, 6):
            self._error(f"TCP checksum wrong (seq {seq}, {len(l4) - doff} payload bytes)")
            return
        if dport != P.TCP_PORT:
            return
        payload = l4[doff:]
        SYN, FIN, RST = 0x02, 0x01, 0x04
        c = self._tcp
        if flags & RST:
            self._error("guest reset the TCP connection")
            return
        if flags & SYN:
            self._tcp = c = {"isn": seq, "next": (seq + 1) & 0xFFFFFFFF, "sport": sport,
                             "mac": f[6:12], "src": src, "our": TCP_ISS + 1, "fin": False}
            self._tcp_reply(c, "SA", seq_no=TCP_ISS,
                            options=[("MSS", MSS), ("WScale", 7)])
            return
        if c is None or sport != c["sport"]:
            self._error("TCP segment without a connection")
            return
        after_full = c.get("last_full", False)
        c["last_full"] = len(payload) == MSS
        if (not payload and not flags & (SYN | FIN | RST) and after_full and not c["fin"]
                and seq == c["next"]):
            # QEMU 7.2's e1000 TSO emulation sends one extra header-only segment after a TSO
            # send whose payload is a whole number of MSS (hw/net/e1000.c calls xmit_seg()
            # once more at EOP with only the header left): it follows a full-MSS segment and
            # starts where that one ended.  The guest sent no such frame and has nothing to
            # acknowledge here (this peer sends no data), so no legitimate frame looks like
            # this.  Counted apart, never hidden.
            st.emulator_tso_trailers += 1
            return
        fragmented = self._last_frags
        self._last_frags = 0
        if payload and fragmented:
            st.tso_as_fragments += 1
            st.tso_fragment_frames += fragmented
            st.tso_fragment_segments += -(-len(payload) // MSS)
        if payload:
            if len(payload) > MSS and not fragmented:
                self._error(f"TCP segment with {len(payload)} payload bytes > MSS {MSS} (TSO not segmented)")
            if not fragmented:
                st.tcp_max_payload = max(st.tcp_max_payload, len(payload))
            rel = (seq - c["isn"] - 1) & 0xFFFFFFFF
            if seq == c["next"]:
                if payload != P.tcp_bytes(rel, len(payload)):
                    self._error(f"TCP payload differs at stream offset {rel}")
                c["next"] = (seq + len(payload)) & 0xFFFFFFFF
                st.tcp_segments += 1
                st.tcp_bytes += len(payload)
            elif ((c["next"] - seq) & 0xFFFFFFFF) < 0x80000000:
                st.tcp_retransmits += 1
            else:
                want = (c["next"] - c["isn"] - 1) & 0xFFFFFFFF
                self._error(f"TCP hole: segment at offset {rel}, expected {want}")
        if flags & FIN and not c["fin"] and seq + len(payload) == c["next"]:
            c["next"] = (c["next"] + 1) & 0xFFFFFFFF
            c["fin"] = True
            self._tcp_reply(c, "FA")
            c["our"] += 1
            st.tcp_closed = True
            return
        if payload or flags & FIN:
            self._tcp_reply(c, "A")

    def _tcp_reply(self, c: dict, flags: str, *, seq_no: int | None = None, options=None) -> None:
        seg = TCP(sport=P.TCP_PORT, dport=c["sport"], flags=flags,
                  seq=c["our"] if seq_no is None else seq_no, ack=c["next"], window=65535,
                  options=options or [])
        self._send(bytes(self._eth(c["mac"], None) / IP(src=P.HOST_IP, dst=c["src"]) / seg))
