"""Multi-queue + RSS end to end over the loopback hw layer: four queue pairs,
the queue of every frame chosen by Toeplitz + indirection table (checked
against an independent Python Toeplitz), frames come back on that queue with
the software RSS hash, the interrupt cause names the queues with work."""

from __future__ import annotations

import random

from test_core_rss import KEY

MAC = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")


def toeplitz(key: bytes, data: bytes) -> int:
    k = int.from_bytes(key, "big")
    klen = len(key) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (klen - 32 - i)) & 0xFFFFFFFF
    return h


def test_rss_spreads_flows_over_queues(driver):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Ether

    key = bytes.fromhex(KEY)
    rnd = random.Random(11)
    frames, want = [], []
    for i in range(40):
        sport, dport = rnd.randrange(1024, 65536), rnd.choice([80, 443, 53])
        if i % 3 == 2:
            src, dst = "2001:db8::%x" % rnd.randrange(1, 65536), "2001:db8::1"
            l3, packed = IPv6(src=src, dst=dst), IPv6(src=src, dst=dst)
            addrs = bytes(packed)[8:40]
        else:
            src, dst = "10.%d.%d.%d" % tuple(rnd.randrange(256) for _ in range(3)), "10.0.0.1"
            l3 = IP(src=src, dst=dst)
            addrs = bytes(IP(src=src, dst=dst))[12:20]
        l4 = TCP(sport=sport, dport=dport) if i % 2 else UDP(sport=sport, dport=dport)
        frames.append(bytes(Ether(**MAC) / l3 / l4 / b"data"))
        h = toeplitz(key, addrs + sport.to_bytes(2, "big") + dport.to_bytes(2, "big"))
        want.append((h, (h & 127) % 4))
    lines = ["mq_init"] + [f"mq_tx {f.hex()}" for f in frames] + ["mq_rx", "mq_fini"]
    out = driver.run(lines)
    assert out[0] == "mq_init 0 ntxq=4 nrxq=4"
    for line, (h, q) in zip(out[1:41], want):
        _, got_q, got_h, _type, rc = line.split()
        assert (int(got_q), int(got_h, 16), int(rc)) == (q, h, 0)
    rx = out[41].split()
    cause, rxmask = int(rx[1].split("=")[1], 16), int(rx[2].split("=")[1], 16)
    used = {q for _, q in want}
    assert cause & 1 and rxmask == sum(1 << q for q in used)
    got = [tuple(x.split(":")) for x in rx[3:]]
    assert len(got) == 40
    # per queue, in order; every packet on the queue its hash selects, hash recomputed on RX
    for q in range(4):
        sent = [h for h, qq in want if qq == q]
        recv = [int(h, 16) for qq, h, _t, npq in got if int(qq) == q and int(npq) == q]
        assert recv == sent
    assert len(used) >= 3, "40 random flows should use most of the 4 queues"
    assert out[42] == "mq_fini pool=1024/1024 bytes_live=0"


def test_optional_hw_hooks(driver):
    """RSS programming, RX features, MSI-X vector map and hw-layer-detected
    bogus completions reach the hw layer / the statistics (docs/dev/core_requests.md)."""
    out = driver.run(["mq_init", "mq_hooks", "mq_fini"])
    kv = dict(x.split("=") for x in out[1].split()[1:])
    assert kv["reta"] == "128/1"          # the whole RETA, equal to the core's
    assert kv["key"] == "6dfa"            # first and last byte of the Microsoft key
    assert kv["types"] == "3f"
    assert kv["feat"] == "0/5"            # NIC_RXF_VLAN_STRIP | NIC_RXF_HASH
    assert kv["map"] == "0/5/a/2"         # vector 3: rx queues 0,2; tx 1,3; link
    assert kv["badmap"] == "-22"          # the hw layer refused vector 9
    assert (kv["txbogus"], kv["rxbogus"]) == ("3", "5")
