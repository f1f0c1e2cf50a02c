"""Toeplitz hash: the Microsoft RSS verification suite, table-driven path vs
the bit-serial reference, frame parsing and the indirection table."""

from __future__ import annotations

import ipaddress
import random

import pytest

KEY = "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa"

# (source, source port, destination, destination port, 2-tuple hash, 4-tuple hash)
MS_IPV4 = [
    ("66.9.149.187", 2794, "161.142.100.80", 1766, 0x323E8FC2, 0x51CCC178),
    ("199.92.111.2", 14230, "65.69.140.83", 4739, 0xD718262A, 0xC626B0EA),
    ("24.19.198.95", 12898, "12.22.207.184", 38024, 0xD2D0A5DE, 0x5C2B394A),
    ("38.27.205.30", 48228, "209.142.163.6", 2217, 0x82989176, 0xAFC7327F),
    ("153.39.163.191", 44251, "202.188.127.2", 1303, 0x5D1809C5, 0x10E828A2),
]
MS_IPV6 = [
    ("3ffe:2501:200:1fff::7", 2794, "3ffe:2501:200:3::1", 1766, 0x2CC18CD5, 0x40207D3D),
    ("3ffe:501:8::260:97ff:fe40:efab", 14230, "ff02::1", 4739, 0x0F0C461C, 0xDDE51BBF),
    ("3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, "fe80::200:f8ff:fe21:67cf", 38024,
     0x4B61E985, 0x02D1FEEF),
]


def _packed(addr: str) -> str:
    return ipaddress.ip_address(addr).packed.hex()


def _tuple_hex(src, sport, dst, dport, l4=True) -> str:
    s = _packed(src) + _packed(dst)
    if l4:
        s += sport.to_bytes(2, "big").hex() + dport.to_bytes(2, "big").hex()
    return s


def test_default_key_is_the_microsoft_key(core_tree):
    text = (core_tree / "nic_rss.c").read_text()
    body = text[text.index("nic_rss_default_key[NIC_RSS_KEY_LEN] = {"):].split("};")[0]
    got = "".join(b[2:] for b in body.replace(",", " ").split() if b.startswith("0x"))
    assert got == KEY


@pytest.mark.parametrize("case", MS_IPV4 + MS_IPV6, ids=lambda c: f"{c[0]}->{c[2]}")
def test_microsoft_verification_suite(driver, case):
    src, sport, dst, dport, h2, h4 = case
    lines = [
        f"toe4 {_packed(src)} {_packed(dst)} {sport} {dport}",
        f"toe {_tuple_hex(src, sport, dst, dport, l4=False)}",
        f"toe {_tuple_hex(src, sport, dst, dport)}",
    ]
    fast2, fast4 = (int(x, 16) for x in driver.run(lines)[0].split())
    ref2, tab2 = (int(x, 16) for x in driver.run(lines)[1].split())
    ref4, tab4 = (int(x, 16) for x in driver.run(lines)[2].split())
    assert (fast2, fast4) == (h2, h4)
    assert ref2 == tab2 == h2  # bit-serial reference and generic table path agree
    assert ref4 == tab4 == h4


def test_table_matches_bit_serial_on_random_inputs(gcc_driver):
    rnd = random.Random(1234)
    lines = [f"toe {bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 37))).hex()}"
             for _ in range(400)]
    for out in gcc_driver.run(lines):
        ref, tab = out.split()
        assert ref == tab


def test_hash_from_frame_matches_tuple(driver):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Dot1Q, Ether

    lines, want = [], []
    for src, sport, dst, dport, h2, h4 in MS_IPV4:
        tcp = Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") / IP(src=src, dst=dst) / TCP(sport=sport, dport=dport) / (b"x" * 10)
        udp = Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") / Dot1Q(vlan=5) / IP(src=src, dst=dst) / UDP(sport=sport, dport=dport)
        lines += [f"rssf 3 {bytes(tcp).hex()}", f"rssf 1 {bytes(tcp).hex()}",
                  f"rssf 5 {bytes(udp).hex()}"]
        want += [(h4, 2), (h2, 1), (h4, 3)]
    for src, sport, dst, dport, h2, h4 in MS_IPV6:
        tcp = Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01") / IPv6(src=src, dst=dst) / TCP(sport=sport, dport=dport)
        lines += [f"rssf 18 {bytes(tcp).hex()}", f"rssf 8 {bytes(tcp).hex()}"]
        want += [(h4, 5), (h2, 4)]
    for out, (h, t) in zip(driver.run(lines), want):
        got_h, got_t, queue = out.split()
        assert (int(got_h, 16), int(got_t)) == (h, t)
        assert int(queue) == (h & 127) % 4  # 128-entry round-robin RETA over 4 queues
