"""Software TSO: every segment parsed by scapy is a valid frame, sequence numbers
are contiguous, the payload reassembles byte for byte, flags only where allowed,
IPv4 IDs increment, every length and checksum is right.  Malformed input is refused."""

from __future__ import annotations

import random

import pytest

MAC = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
FIN, PSH, ACK, URG, ECE, CWR = 0x01, 0x08, 0x10, 0x20, 0x40, 0x80


def _pkt(rnd, v6: bool, vlan: bool, paylen: int, flags: int, opts: bool):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt
    from scapy.layers.l2 import Dot1Q, Ether

    l2 = Ether(**MAC) / Dot1Q(vlan=42) if vlan else Ether(**MAC)
    if v6:
        l3 = IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=9)
        if rnd.random() < 0.3:
            l3 = l3 / IPv6ExtHdrDestOpt()
    else:
        l3 = IP(src="198.51.100.1", dst="198.51.100.2", id=rnd.randrange(65536), ttl=33,
                flags="DF")
    tcp = TCP(sport=40000, dport=5001, seq=rnd.randrange(2**32), ack=12345, flags=flags,
              window=501,
              options=[("NOP", None), ("NOP", None), ("Timestamp", (77, 88))] if opts else [])
    payload = bytes(rnd.randrange(256) for _ in range(paylen))
    return l2 / l3 / tcp / payload, payload


def _check_segments(orig, payload: bytes, mss: int, frames: list[bytes]):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Ether

    o_tcp = orig[TCP]
    n = max(1, -(-len(payload) // mss))
    assert len(frames) == n
    got = b""
    for i, raw in enumerate(frames):
        e = Ether(raw)
        t = e[TCP]
        seg = bytes(t.payload)
        assert len(seg) == (mss if i < n - 1 else len(payload) - mss * (n - 1))
        assert t.seq == (o_tcp.seq + mss * i) & 0xFFFFFFFF
        assert (t.ack, t.window, t.sport, t.dport, t.options) == (
            o_tcp.ack, o_tcp.window, o_tcp.sport, o_tcp.dport, o_tcp.options)
        want = int(o_tcp.flags)
        if i < n - 1:
            want &= ~(FIN | PSH)
        if i > 0:
            want &= ~CWR
        assert int(t.flags) == want, (i, t.flags)
        if IP in e:
            ip = e[IP]
            assert ip.len == len(raw) - (len(raw) - len(bytes(ip)))
            assert ip.len == len(bytes(ip)) and ip.id == (orig[IP].id + i) & 0xFFFF
            assert (ip.ttl, ip.flags, ip.src) == (orig[IP].ttl, orig[IP].flags, orig[IP].src)
            ck = ip.chksum
            del ip.chksum
            assert IP(bytes(ip))[IP].chksum == ck, "IPv4 header checksum"
        else:
            ip6 = e[IPv6]
            assert ip6.plen == len(bytes(ip6.payload))
        ck = t.chksum
        e2 = Ether(raw)
        del e2[TCP].chksum
        assert Ether(bytes(e2))[TCP].chksum == ck, f"TCP checksum of segment {i}"
        got += seg
    assert got == payload


@pytest.mark.parametrize("seed", range(6))
def test_tso_segments_valid(driver, seed):
    rnd = random.Random(seed)
    lines, cases = [], []
    for k in range(12):
        v6 = k % 2 == 1
        paylen = rnd.choice([0, 1, 536, 1448, 1449, 2896, rnd.randrange(1, 30000), 65000])
        flags = ACK | rnd.choice([0, PSH, FIN | PSH, CWR, CWR | ECE | PSH, URG, FIN])
        pkt, payload = _pkt(rnd, v6, k % 3 == 0, paylen, flags, rnd.random() < 0.5)
        mss = rnd.choice([1, 7, 536, 1448, 1460, 8960, 9000])
        if -(-paylen // mss) > 150:  # keep scapy's parsing time small
            mss = 1448
        raw = bytes(pkt)
        hdr_end = len(raw) - paylen
        cuts = sorted({rnd.randrange(hdr_end - 10 if hdr_end > 60 else 1, len(raw))
                       for _ in range(rnd.randrange(0, 6))} - {0}) if paylen else []
        lines.append(f"tso {mss} {raw.hex()} {','.join(map(str, cuts)) or '-'}")
        cases.append((pkt, payload, mss))
    for out, (pkt, payload, mss) in zip(driver.run(lines), cases):
        fields = out.split()
        assert int(fields[0]) == len(fields) - 1 >= 1, fields[0]
        _check_segments(pkt, payload, mss, [bytes.fromhex(f) for f in fields[1:]])


def test_tso_rejects_malformed(driver):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.l2 import Ether

    good = bytes(Ether(**MAC) / IP(src="1.1.1.1", dst="2.2.2.2") / TCP() / (b"z" * 3000))
    udp = bytes(Ether(**MAC) / IP(src="1.1.1.1", dst="2.2.2.2") / UDP() / (b"z" * 3000))
    bad_ihl = bytearray(good)
    bad_ihl[14] = 0x44  # IHL 4 (16 bytes) is below the minimum
    bad_doff = bytearray(good)
    bad_doff[14 + 20 + 12] = 0x40  # TCP data offset 4
    big = bytes(Ether(**MAC) / IP(src="1.1.1.1", dst="2.2.2.2") / TCP()) + b"q" * 262200
    answers = driver.run([
        f"tso 0 {good.hex()}",            # MSS 0
        f"tso 1448 {udp.hex()}",          # not TCP
        f"tso 1448 {good[:40].hex()}",    # truncated IP header
        f"tso 1448 {good[:50].hex()}",    # truncated TCP header
        f"tso 1448 {bytes(bad_ihl).hex()}",
        f"tso 1448 {bytes(bad_doff).hex()}",
        f"tso 1448 {big.hex()}",          # over NIC_TSO_MAX_BYTES
        f"tso 1 {good.hex()}",            # 3000 segments of 1 byte: fits
    ])
    assert [int(a.split()[0]) for a in answers[:7]] == [-22, -22, -74, -74, -74, -74, -90]
    assert int(answers[7].split()[0]) == 3000
