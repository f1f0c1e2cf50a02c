"""The verdict on its own: a consistent run passes; each single fault turns it to FAIL with a
reason that names it."""

from __future__ import annotations

import copy

import pytest

from nicport.verify.qemu import plan as P
from nicport.verify.qemu.initramfs import Features
from nicport.verify.qemu.peer import MSS, PeerStats
from nicport.verify.qemu.verdict import ERROR_STATS, judge

PLAN = P.TrafficPlan(udp_tx=10, udp_rx=10, udp_rx_corrupt_every=5, tcp_bytes=2920, pktgen_count=1000)
CORRUPT = 2


def _run():
    """(events, lines, peer stats) of a clean run of PLAN on a virtio-like NIC."""
    rx = 1 + PLAN.pings + PLAN.udp_rx + CORRUPT + 4  # ARP reply, pings, stream, SYN-ACK/ACKs/FIN
    tx = 1 + PLAN.pings + PLAN.udp_tx + 2 + 5 + PLAN.pktgen_count  # ARP, pings, stream, ctl, TCP
    e = [
        ["init", "uptime=1.5"], ["lsmod", "Module", "Size", "Used", "by"], ["lsmod", "virtio_net", "1", "0"],
        ["pci", "0000:00:01.0", "0x1af4:0x1000", "driver=virtio-pci"],
        ["iface", "name=eth0"], ["link", "up", "us=2000"],
        ["features", "tx_csum=0", "rx_csum=1", "sg=0", "tso=0", "txvlan=0", "rxvlan=0"],
        ["ping", "rc=0", "3", "packets", "transmitted,", "3", "packets", "received,", "0%", "packet", "loss"],
        ["udp-tx", "tag=main", f"sent={PLAN.udp_tx}"],
        ["udp-rx", "tag=main", f"got={PLAN.udp_rx}", "bad=0", "corrupt_delivered=0",
         f"tap_seen={PLAN.udp_rx}", f"csum_valid={PLAN.udp_rx}", f"tap_bad_seen={CORRUPT}", "bad_csum_valid=0"],
        ["tcp-tx", "tag=main", f"bytes={PLAN.tcp_bytes}"],
        ["pktgen", "start"], ["pktgen", "end"],
        ["pktgen", "pkts-sofar:", str(PLAN.pktgen_count), "errors:", "0"],
        ["pktgen", "Result:", "OK:", "1000(c1+d2)", "usec"], ["pktgen", "50000pps", "24Mb/sec"],
    ]
    e += [["stat", k, "0"] for k in ERROR_STATS]
    e += [["stat", "tx_packets", str(tx)], ["stat", "rx_packets", str(rx)]]
    e += [["snmp", "Udp:", "InDatagrams", "InErrors", "RcvbufErrors", "SndbufErrors", "InCsumErrors", "NoPorts"],
          ["snmp", "Udp:", "10", str(CORRUPT), "0", "0", str(CORRUPT), "0"],
          ["rmmod", "module=virtio_net", "rc=0"], ["done"], ["poweroff"]]
    events = [(float(i) / 10, w) for i, w in enumerate(e)]
    st = PeerStats(frames_from_guest=tx, frames_to_guest=rx, arps_answered=1, pings_answered=3,
                   udp_rx={"main": PLAN.udp_tx}, udp_tx_sent={"main": PLAN.udp_rx},
                   udp_tx_corrupt={"main": CORRUPT}, tcp_segments=2, tcp_bytes=PLAN.tcp_bytes,
                   tcp_max_payload=MSS, tcp_closed=True, pktgen_frames=PLAN.pktgen_count)
    return events, [(0.0, "[    0.1] Linux version 6.1")], st


def _judge(events, lines, st, **kw):
    args = dict(plan=PLAN, features=Features(rx_csum=True), driver_name="virtio_net", dut="virtio_net",
                pci_id="1af4:1000", qemu_rc=0, timed_out=False, timeout=30.0, total_s=9.0, mss=MSS,
                loaded_modules=("virtio_net",))
    args.update(kw)
    return judge(events, lines, st, **args)


def test_a_clean_run_passes() -> None:
    v = _judge(*_run())
    assert v.reasons == []
    assert v.times["boot_to_shell_s"] == 0.0 and v.times["link_up_s"] == 0.002
    assert v.times["pktgen_fps"] == 50000
    assert len(v.checks) > 20


def _udp_rx(events, key, value):
    for _, w in events:
        if w[0] == "udp-rx":
            w[:] = [f"{key}={value}" if x.startswith(key + "=") else x for x in w]


def _set_stat(events, name, value):
    for _, w in events:
        if w[:2] == ["stat", name]:
            w[2] = str(value)


@pytest.mark.parametrize("fault, reason", [
    (lambda e, l, s: _set_stat(e, "rx_errors", 1), "error/drop counters: {'rx_errors': 1}"),
    (lambda e, l, s: _set_stat(e, "tx_dropped", 2), "'tx_dropped': 2"),
    (lambda e, l, s: l.append((5.0, "WARNING: CPU: 0 PID: 1 at drivers/net/x.c:10")), "kernel log: WARNING"),
    (lambda e, l, s: l.append((5.0, "Oops: 0000 [#1] PREEMPT SMP")), "kernel log: Oops"),
    (lambda e, l, s: l.append((5.0, "mce: [Hardware Error]: Machine check")), "Hardware Error"),
    (lambda e, l, s: setattr(s, "pktgen_frames", 999), "host counted 999 of 1000 pktgen frames"),
    (lambda e, l, s: setattr(s, "frames_to_guest", s.frames_to_guest + 1), "count mismatch host->guest"),
    (lambda e, l, s: setattr(s, "frames_from_guest", s.frames_from_guest - 1), "count mismatch guest->host"),
    (lambda e, l, s: s.udp_tx_corrupt.update(main=3), "RX checksum"),
    (lambda e, l, s: s.errors.append("UDP checksum wrong") or setattr(s, "error_count", 1), "UDP checksum wrong"),
    (lambda e, l, s: setattr(s, "host_socket_drops", 4), "lost 4 frames"),
    (lambda e, l, s: e.__setitem__(-3, (9.0, ["rmmod", "module=virtio_net", "rc=1"])), "rmmod virtio_net failed"),
    (lambda e, l, s: e.pop(), "did not finish and power off"),
    (lambda e, l, s: e.insert(3, (0.3, ["lsmod", "e1000", "1", "0"])), "expected exactly virtio_net"),
    (lambda e, l, s: e.insert(9, (0.9, ["fail", "host-to-guest", "UDP", "stream"])), "guest: host-to-guest UDP"),
    (lambda e, l, s: _udp_rx(e, "csum_valid", 7), "driver claims rx_csum but marked 7 of 10"),
    (lambda e, l, s: _udp_rx(e, "bad_csum_valid", 1), "marked 1 bad-checksum datagrams as checksum-valid"),
])
def test_each_fault_fails_with_its_reason(fault, reason: str) -> None:
    events, lines, st = _run()
    events, lines, st = copy.deepcopy(events), list(lines), copy.deepcopy(st)
    fault(events, lines, st)
    v = _judge(events, lines, st)
    assert v.reasons, "a faulty run passed"
    assert any(reason in r for r in v.reasons), v.reasons


def test_claimed_offload_must_be_on() -> None:
    v = _judge(*_run(), features=Features(rx_csum=True, tso=True))
    assert any("driver claims tso but the interface reports tso=0" in r for r in v.reasons)
    # an offload the QEMU model does not emulate is not held against the driver
    v = _judge(*_run(), features=Features(rx_csum=True, tso=True), checked=Features(rx_csum=True))
    assert v.reasons == []
    events, lines, st = _run()
    _udp_rx(events, "csum_valid", 0)
    assert _judge(events, lines, st, checked=Features()).reasons == []


def test_wrong_pci_id_and_timeout() -> None:
    assert any("no network PCI device with ID 8086:100e" in r for r in _judge(*_run(), pci_id="8086:100e").reasons)
    v = _judge(*_run(), timed_out=True)
    assert v.reasons[0] == "timeout: no power-off within 30 s"


def test_tso_accounting_per_segment_or_per_send() -> None:
    """QEMU's TSO artefacts (trailers, IP fragments) are counted apart, either unit is exact."""
    events, lines, st = _run()
    st.emulator_tso_trailers = 5
    st.frames_from_guest += 5
    assert _judge(events, lines, st).reasons == []
    st.tso_as_fragments, st.tso_fragment_frames, st.tso_fragment_segments = 2, 9, 8
    st.ip_fragments = 9
    st.frames_from_guest += 9 - 8  # 8 segments' worth went out as 9 fragments
    assert _judge(events, lines, st).reasons == []
    _set_stat(events, "tx_packets", int(next(w[2] for _, w in events if w[:2] == ["stat", "tx_packets"])) - 8 + 2)
    assert _judge(events, lines, st).reasons == []  # NIC counter: one per TSO send
    st.ip_fragments = 10
    assert any("fragments that did not reassemble" in r for r in _judge(events, lines, st).reasons)


def test_a_guest_that_stops_early_is_judged_on_what_ran() -> None:
    events, lines, st = _run()
    stop = next(i for i, (_, w) in enumerate(events) if w[0] == "iface")
    events = events[:stop] + [(1.0, ["fail", "insmod", "dut", "virtio_net", "rc=1"]), (1.1, ["poweroff"])]
    events = [(t, w) for t, w in events if w[0] != "lsmod"]
    v = _judge(events, lines, st)
    assert v.reasons == ["guest: insmod dut virtio_net rc=1"]
    v = _judge(events[:-1], lines + [(2.0, "Kernel panic - not syncing: Attempted to kill init!")], st)
    assert any("Kernel panic" in r for r in v.reasons) and any("did not power off" in r for r in v.reasons)


# what a guest with the generated adapter in MSI-X mode reports (console lines of a real run)
_MSIX = [
    ["irqmode", "phase=before", "mode=msix", "pci=0000:00:01.0"],
    ["irqline", "phase=before", "irq=24", "24:", "0", "PCI-MSI", "16384-edge", "eth0-txrx-0"],
    ["irqline", "phase=before", "irq=25", "25:", "0", "PCI-MSI", "16385-edge", "eth0-misc"],
    ["irqmode", "phase=after", "mode=msix", "pci=0000:00:01.0"],
    ["irqline", "phase=after", "irq=24", "24:", "14707", "PCI-MSI", "16384-edge", "eth0-txrx-0"],
    ["irqline", "phase=after", "irq=25", "25:", "1", "PCI-MSI", "16385-edge", "eth0-misc"],
]
_PROBE = (1.8, "[ 1.73] nicport_e1000e 0000:00:01.0 eth0: nicport e1000e port, 1 queue(s), MSI-X, "
               "2 vector(s), 52:54:00:12:34:56")


def _with_irqs(words=_MSIX, probe=_PROBE):
    events, lines, st = _run()
    at = next(i for i, (_, w) in enumerate(events) if w[0] == "rmmod")
    events = events[:at] + [(5.0, list(w)) for w in words] + events[at:]
    return events, lines + ([probe] if probe else []), st


def test_interrupt_mode_and_vectors_are_recorded() -> None:
    from nicport.verify.qemu.verdict import irq_report

    events, lines, st = _with_irqs()
    r = irq_report(events, lines)
    assert (r["mode"], r["queue_vector"], r["driver_log"], r["driver_vectors"]) == ("msix", 24, "msix", 2)
    assert r["vectors"] == [{"irq": 24, "name": "eth0-txrx-0", "before": 0, "after": 14707},
                            {"irq": 25, "name": "eth0-misc", "before": 0, "after": 1}]
    v = _judge(events, lines, st, irq_mode=("msix",))
    assert v.reasons == [], v.reasons
    assert v.counts["irq_queue_vector_during_traffic"] == 14707 and v.counts["irq_vectors"] == 2
    assert any("queue vector eth0-txrx-0 fired 14707 times" in c for c in v.checks)
    # no expectation: recorded, never a reason (in-tree drivers, runs without irq reports)
    assert _judge(*_run()).reasons == [] and _judge(events, lines, st).reasons == []


def test_interrupt_faults_fail_with_their_reason() -> None:
    events, lines, st = _with_irqs()
    assert any("interrupt mode msix, expected msi" in r for r in _judge(events, lines, st, irq_mode=("msi",)).reasons)
    quiet = [list(w) for w in _MSIX]
    quiet[4][4] = "0"   # the queue vector never fired
    v = _judge(*_with_irqs(quiet), irq_mode=("msix",))
    assert any("queue vector did not fire" in r for r in v.reasons), v.reasons
    liar = (1.8, _PROBE[1].replace("MSI-X, 2 vector", "MSI, 1 vector"))
    v = _judge(*_with_irqs(probe=liar))
    assert any("driver logged msi with 1 vector(s), the PCI function has msix with 2" in r for r in v.reasons)
    v = _judge(*_run(), irq_mode=("intx",))
    assert any("interrupt mode not reported" in r for r in v.reasons)


def test_single_vector_intx_and_in_tree_names() -> None:
    from nicport.verify.qemu.verdict import irq_report

    intx = [["irqmode", "phase=before", "mode=intx", "pci=0000:00:01.0"],
            ["irqline", "phase=before", "irq=11", "11:", "3", "IO-APIC", "11-fasteoi", "eth0"],
            ["irqmode", "phase=after", "mode=intx", "pci=0000:00:01.0"],
            ["irqline", "phase=after", "irq=11", "11:", "4572", "IO-APIC", "11-fasteoi", "eth0"]]
    events, lines, st = _with_irqs(intx, probe=None)
    assert _judge(events, lines, st, irq_mode=("intx",)).reasons == []
    # in-tree e1000e: three MSI-X vectors, the RX one is the queue vector
    tree = [["irqline", f"phase={p}", f"irq={i}", f"{i}:", str(n), "PCI-MSI", "x-edge", name]
            for p, k in (("before", 0), ("after", 1))
            for i, name, n in ((24, "eth0-rx-0", 1331 * k), (25, "eth0-tx-0", 5619 * k), (26, "eth0", 1))]
    r = irq_report([(1.0, w) for w in [["irqmode", "phase=after", "mode=msix"]] + tree], [])
    assert (r["mode"], r["queue_vector"], len(r["vectors"])) == ("msix", 24, 3)
