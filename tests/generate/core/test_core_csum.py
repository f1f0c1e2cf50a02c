"""Internet checksum: RFC 1071 and RFC 1624 examples, random data against a
Python reference, random packets against scapy, segment splits at odd offsets."""

from __future__ import annotations

import random

import pytest


def ref_sum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def test_rfc1071_example(driver):
    # RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 -> folded sum ddf2
    fold, csum, segs = driver.one("sum 0001f203f4f5f6f7 3,5").split()
    assert fold == "ddf2" and csum == "220d" and segs == "ddf2"


def test_rfc1624_example(driver):
    # RFC 1624 section 4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285: HC' = 0x0000 (eqn. 3)
    assert driver.one("upd dd2f 5555 3285") == "0000"


def test_random_buffers_and_splits(driver):
    rnd = random.Random(7)
    lines, want = [], []
    for _ in range(300):
        n = rnd.choice([0, 1, 2, 3, 5, 63, 64, 65, 1499, 1500, rnd.randrange(1, 9001)])
        data = bytes(rnd.randrange(256) for _ in range(n))
        cuts = sorted({rnd.randrange(1, n) for _ in range(rnd.randrange(0, 5))}) if n > 1 else []
        # an empty buffer is sent as "-" (no hex digits)
        lines.append(f"sum {data.hex() or '-'} {','.join(map(str, cuts)) or '-'}")
        want.append(ref_sum(data))
    for out, w in zip(driver.run(lines), want):
        fold, csum, segs = (int(x, 16) for x in out.split())
        assert fold == w or (w == 0 and fold == 0)
        assert csum == (~w & 0xFFFF)
        assert segs == fold or {segs, fold} == {0, 0xFFFF}


def _scapy_packets(rnd):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Dot1Q, Ether

    for i in range(60):
        payload = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 1400)))
        l4 = TCP(sport=rnd.randrange(65536), dport=80, seq=rnd.randrange(2**32),
                 flags="PA", options=[("NOP", None), ("NOP", None),
                                      ("Timestamp", (rnd.randrange(2**32), 0))] if i % 2 else [])
        if i % 3 == 1:
            l4 = UDP(sport=rnd.randrange(65536), dport=53)
        ip = (IP(src="10.0.0.1", dst=f"10.1.{i}.2", id=i, ttl=64) if i % 4 < 2
              else IPv6(src="2001:db8::1", dst=f"2001:db8::{i + 2:x}"))
        l2 = Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") / Dot1Q(vlan=i) if i % 5 == 0 else Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
        yield l2 / ip / l4 / payload


def test_sw_checksum_matches_scapy(driver):
    """Software fallback (device without checksum offload) fills exactly what scapy computes."""
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.l2 import Ether

    rnd = random.Random(99)
    lines, want = [], []
    for pkt in _scapy_packets(rnd):
        good = bytes(pkt)  # scapy fills every checksum
        bad = Ether(good)
        if IP in bad:
            bad[IP].chksum = 0x1234
        l4 = bad[TCP] if TCP in bad else bad[UDP]
        l4.chksum = 0xBEEF
        raw = bytes(bad)
        hdr_end = len(raw) - len(bytes(l4.payload))  # headers must be in segment 0
        cuts = ",".join(map(str, sorted({rnd.randrange(hdr_end, len(raw)) for _ in range(3)}
                                       - {hdr_end} if len(raw) > hdr_end else set()))) or "-"
        lines.append(f"prep 0 3 0 {raw.hex()} {cuts}")
        want.append(good)
    for out, good in zip(driver.run(lines), want):
        fields = out.split()
        assert fields[0] == "0", out[:80]
        assert int(fields[2], 16) & 2, "L4 checksum must be done in software"
        assert bytes.fromhex(fields[-1]) == good


def test_verify_frame(driver):
    from scapy.layers.inet import IP
    from scapy.layers.l2 import Ether

    rnd = random.Random(5)
    lines, kinds = [], []
    for pkt in _scapy_packets(rnd):
        raw = bytes(pkt)
        lines.append(f"verify {raw.hex()}")
        kinds.append(("good", IP in pkt))
        corrupt = bytearray(raw)
        corrupt[-1 if len(pkt.payload.payload.payload) else 20] ^= 0x5A
        lines.append(f"verify {bytes(corrupt).hex()}")
        kinds.append(("bad", IP in pkt))
    GOOD4, BAD4, GOODL4, BADL4 = 1 << 8, 1 << 9, 1 << 10, 1 << 11
    for out, (kind, v4) in zip(driver.run(lines), kinds):
        flags = int(out, 16)
        if kind == "good":
            assert flags & GOODL4 and not flags & (BAD4 | BADL4)
            assert bool(flags & GOOD4) == v4
        else:
            assert flags & (BAD4 | BADL4)


@pytest.mark.parametrize("nolen", [True, False])
def test_offload_request_encoding(driver, nolen):
    """TSO request: offsets for the descriptor, pseudo-header seed as the device wants it."""
    from scapy.layers.inet import IP, TCP
    from scapy.layers.l2 import Ether

    pkt = Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") / IP(src="192.0.2.1", dst="192.0.2.2", id=7) / TCP(
        options=[("NOP", None), ("NOP", None), ("Timestamp", (1, 2))]) / (b"a" * 4000)
    raw = bytes(pkt)
    caps = 0x1 | 0x2 | 0x8 | (0x400 if nolen else 0)  # IP4 csum, TCP csum, TSO4 [, PHDR_NOLEN]
    out = driver.one(f"prep {caps:x} 7 1448 {raw.hex()}").split()
    rc, flags, sw = int(out[0]), int(out[1], 16), int(out[2], 16)
    l2, l3, l4, hdr, ipcso, cstart, coff, mss, paylen, l3t = map(int, out[3:13])
    assert rc == 0 and sw == 0 and flags == 0x7
    assert (l2, l3, l4, hdr, ipcso, cstart, coff, mss, paylen, l3t) == (
        14, 20, 32, 66, 24, 34, 16, 1448, 4000, 4)
    f = bytes.fromhex(out[13])
    tcp_ck = int.from_bytes(f[34 + 16:34 + 18], "big")
    phdr = bytes.fromhex("c0000201c0000202") + bytes([0, 6])
    if nolen:
        assert tcp_ck == ref_sum(phdr)
        assert f[16:18] == b"\0\0" and f[24:26] == b"\0\0"  # Intel: tot_len / csum zeroed
    else:
        assert tcp_ck == ref_sum(phdr + (len(raw) - 34).to_bytes(2, "big"))
        assert f[16:18] == raw[16:18]
