"""VLAN insert/strip round trips (software and descriptor) and LRO merge / flush rules."""

from __future__ import annotations

import random

import pytest

MAC = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
GOOD_L4 = 0x400
LRO_FLAG = 0x4000


def _frames(n=20, seed=3):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import ARP, Ether

    rnd = random.Random(seed)
    out = [bytes(Ether(**MAC) / ARP())]
    for i in range(n):
        l3 = IP(src="10.0.0.1", dst="10.0.0.2") if i % 2 else IPv6(src="::1", dst="::2")
        l4 = TCP() if i % 3 else UDP()
        out.append(bytes(Ether(**MAC) / l3 / l4 / bytes(rnd.randrange(256) for _ in range(i * 37))))
    return out


def test_vlan_insert_matches_scapy_and_strips_back(driver):
    from scapy.layers.l2 import Dot1AD, Dot1Q, Ether

    lines, want = [], []
    for i, f in enumerate(_frames()):
        tci = (i * 977) & 0xFFFF
        tpid = 0x88A8 if i % 4 == 0 else 0x8100
        e = Ether(f)
        tag = (Dot1AD if tpid == 0x88A8 else Dot1Q)(prio=tci >> 13, dei=(tci >> 12) & 1,
                                                    vlan=tci & 0xFFF, type=e.type)
        tagged = bytes(Ether(dst=e.dst, src=e.src, type=tpid) / tag / e.payload)
        lines += [f"vins {tpid:x} {tci:x} {f.hex()}", f"vstrip {tagged.hex()}",
                  f"vstripseg {tagged.hex()}"]
        want.append((f, tagged, tci))
    out = driver.run(lines)
    for k, (f, tagged, tci) in enumerate(want):
        n, hx = out[3 * k].split()
        assert int(n) == len(f) + 4 and bytes.fromhex(hx) == tagged
        n, t, hx = out[3 * k + 1].split()
        assert (int(n), int(t, 16), bytes.fromhex(hx)) == (len(f), tci, f)
        n, t, hx = out[3 * k + 2].split()
        assert (int(n), int(t, 16), bytes.fromhex(hx)) == (len(f), tci, f)


def test_vlan_strip_refuses_untagged_and_short(driver):
    f = _frames(2)[1]
    out = driver.run([f"vstrip {f.hex()}", f"vstrip {f[:15].hex()}", f"vins 8100 1 {f[:10].hex()}"])
    assert [int(o.split()[0]) for o in out] == [-74, -74, -74]


# ---------------------------------------------------------------- LRO
class Flow:
    def __init__(self, v6=False, sport=1234, seq=1000, ts=(100, 200), ack=555):
        self.v6, self.sport, self.seq, self.ts, self.ack = v6, sport, seq, ts, ack

    def seg(self, n, flags="A", ts=None, seq=None, bad_csum=False, tos=0):
        from scapy.layers.inet import IP, TCP
        from scapy.layers.inet6 import IPv6
        from scapy.layers.l2 import Ether

        l3 = (IPv6(src="2001:db8::1", dst="2001:db8::2", tc=tos) if self.v6
              else IP(src="10.0.0.1", dst="10.0.0.2", tos=tos, id=self.seq & 0xFFFF))
        s = self.seq if seq is None else seq
        pay = bytes((s + i) & 0xFF for i in range(n))
        t = TCP(sport=self.sport, dport=80, seq=s, ack=self.ack, flags=flags, window=100,
                options=[("NOP", None), ("NOP", None), ("Timestamp", ts or self.ts)])
        raw = bytearray(bytes(Ether(**MAC) / l3 / t / pay))
        if bad_csum:
            raw[-1] ^= 0xFF
        if seq is None:
            self.seq += n
        return bytes(raw)


def _lro(driver, max_len, flags, frames, ol=GOOD_L4):
    lines = [f"lro_init {max_len} {flags:x}"]
    lines += [f"lro_rx {ol:x} {f.hex()}" for f in frames]
    lines.append("lro_flush")
    out = driver.run(lines)
    events = []
    for line in out[1:]:
        for tok in line.split()[1:]:
            if tok.startswith("D:"):
                _, mss, nsegs, fl, hx = tok.split(":")
                events.append(("D", int(mss), int(fl, 16), bytes.fromhex(hx)))
            elif tok in ("PASS", "HELD"):
                events.append((tok,))
    stats = dict(kv.split("=") for kv in out[-1].split()[1:] if "=" in kv)
    assert stats["core"] == "0", "every LRO buffer was delivered and released"
    return events, {k: int(v) for k, v in stats.items()}


def _valid(raw):
    """scapy agrees with every checksum and length; returns (seq, payload, flags)."""
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Ether

    e = Ether(raw)
    t = e[TCP]
    ck = t.chksum
    e2 = Ether(raw)
    del e2[TCP].chksum
    if IP in e2:
        assert e[IP].len == len(raw) - 14
        del e2[IP].chksum
        assert Ether(bytes(e2))[IP].chksum == e[IP].chksum
    else:
        assert e[IPv6].plen == len(raw) - 14 - 40
    assert Ether(bytes(e2))[TCP].chksum == ck
    return t.seq, bytes(t.payload), int(t.flags)


def _delivered(events):
    return [e for e in events if e[0] == "D"]


@pytest.mark.parametrize("v6", [False, True])
def test_lro_merges_in_order_segments(driver, v6):
    f = Flow(v6=v6)
    frames = [f.seg(1000) for _ in range(5)]
    events, st = _lro(driver, 65535, 0, frames)
    d = _delivered(events)
    assert [e[0] for e in events[:5]] == ["HELD"] * 5 and len(d) == 1
    seq, pay, _ = _valid(d[0][3])
    assert seq == 1000 and pay == bytes((1000 + i) & 0xFF for i in range(5000))
    assert d[0][1] == 1000 and d[0][2] & LRO_FLAG
    assert st["merged"] == 4 and st["flushed"] == 1


def test_lro_flush_on_sequence_gap(driver):
    f = Flow()
    a, b = f.seg(500), f.seg(500)
    f.seq += 500  # a hole
    c = f.seg(500)
    events, _ = _lro(driver, 65535, 0, [a, b, c])
    d = _delivered(events)
    assert len(d) == 2
    assert _valid(d[0][3])[:2] == (1000, a[-500:] + b[-500:])
    assert _valid(d[1][3])[0] == 2500


def test_lro_flags(driver):
    f = Flow()
    a, b = f.seg(400), f.seg(400, flags="PA")  # PSH: merged, then flushed at once
    c = f.seg(400, flags="FA")                 # FIN: not eligible, passes
    d_ = f.seg(400)
    e = f.seg(400, flags="RA")                  # RST: flushes d_, passes
    events, _ = _lro(driver, 65535, 0, [a, b, c, d_, e])
    kinds = [ev[0] for ev in events]
    assert kinds == ["HELD", "D", "HELD", "PASS", "HELD", "D", "PASS"]
    dl = _delivered(events)
    seq, pay, flags = _valid(dl[0][3])
    assert (seq, len(pay)) == (1000, 800) and flags & 0x08  # PSH carried to the merged header
    assert _valid(dl[1][3])[0] == 2200


def test_lro_different_flows_and_timestamp_change(driver):
    f1, f2 = Flow(sport=1), Flow(sport=2, seq=9000)
    frames = [f1.seg(300), f2.seg(300), f1.seg(300), f2.seg(300),
              f1.seg(300, ts=(101, 200))]  # timestamp changed: f1 flushed, new run
    events, _ = _lro(driver, 65535, 0, frames)
    d = _delivered(events)
    assert len(d) == 3
    got = sorted((_valid(x[3])[0], len(_valid(x[3])[1])) for x in d)
    assert got == [(1000, 600), (1600, 300), (9000, 600)]


def test_lro_max_size_short_segment_pure_ack_bad_csum(driver):
    f = Flow()
    frames = [f.seg(1000) for _ in range(4)]  # max_len 2200: flush after the 2nd (IP 20+32+2000)
    events, _ = _lro(driver, 2200, 0, frames)
    d = _delivered(events)
    assert [len(_valid(x[3])[1]) for x in d] == [2000, 2000]

    f = Flow()
    frames = [f.seg(1000), f.seg(200), f.seg(1000)]  # short segment ends the run
    d = _delivered(_lro(driver, 65535, 0, frames)[0])
    assert [len(_valid(x[3])[1]) for x in d] == [1200, 1000]

    f = Flow()
    frames = [f.seg(600), f.seg(0), f.seg(600, bad_csum=True)]  # single-buffer frames
    events, st = _lro(driver, 65535, 1, frames, ol=0)  # software verification
    assert [e[0] for e in events] == ["HELD", "D", "PASS", "PASS"]
    assert st["passed"] == 2


def test_lro_table_full_evicts_oldest(driver):
    flows = [Flow(sport=100 + i) for i in range(9)]  # NIC_LRO_MAX_FLOWS = 8
    events, st = _lro(driver, 65535, 0, [fl.seg(100) for fl in flows])
    assert st["evicted"] == 1
    first = _delivered(events)[0]
    from scapy.layers.inet import TCP
    from scapy.layers.l2 import Ether

    assert Ether(first[3])[TCP].sport == 100
