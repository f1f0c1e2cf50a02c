"""The L3 verdict: compare what the guest reported on its console with what the host peer
saw on the wire.  Every failed condition becomes one reason; PASS means none failed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import plan as P
from .initramfs import Features
from .peer import PeerStats

#: Kernel log lines that fail a run (WARN, BUG, Oops, machine check / hardware errors).
BAD_KERNEL_LOG = re.compile(
    r"WARNING: CPU|------------\[ cut here \]|\bBUG[: ]|kernel BUG at|\bOops\b|Hardware Error|"
    r"Kernel panic|general protection fault|Call Trace:"
)

#: Standard netdev counters that must stay 0 (``/sys/class/net/IF/statistics``).
ERROR_STATS = (
    "rx_errors", "tx_errors", "rx_dropped", "tx_dropped", "rx_crc_errors", "rx_fifo_errors",
    "rx_frame_errors", "rx_length_errors", "rx_missed_errors", "rx_over_errors",
    "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors", "tx_heartbeat_errors",
    "tx_window_errors", "collisions", "rx_nohandler",
)


@dataclass
class Verdict:
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    times: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    features: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # emulator behaviour seen (not failures)
    irq: dict = field(default_factory=dict)  # interrupt mode and per-vector counts (irq_report)

    def expect(self, ok: bool, what: str, why: str) -> bool:
        (self.checks if ok else self.reasons).append(what if ok else why)
        return ok


def _kv(words: list[str]) -> dict[str, str]:
    return dict(w.split("=", 1) for w in words if "=" in w)


#: interrupt modes as the guest reports them (PCI msi_irqs: "msix" / "msi"; no msi_irqs: "intx")
IRQ_MODES = ("msix", "msi", "intx")
#: the probe line of a generated Linux adapter: "nicport <drv> port, 1 queue(s), MSI-X, 2 vector(s)"
_DRIVER_IRQ_LINE = re.compile(r"nicport \S+ port, \d+ queue\(s\), (MSI-X|MSI|INTx), (\d+) vector")
#: the queue vector of the generated adapter in MSI-X mode ("<if>-txrx-0"); in-tree drivers
#: name theirs "<if>-rx-0" (e1000e), "<if>-TxRx-0" (igb) or "virtioN-input.0"
_QUEUE_VECTOR = re.compile(r"(?i)(-txrx-0|-rx-0|input\.0)$")


def irq_report(events: list[tuple[float, list[str]]], lines: list[tuple[float, str]]) -> dict:
    """The NIC's interrupt mode and vectors from the guest's ``irqmode`` / ``irqline`` reports
    (taken after the link came up and again after all traffic), plus the mode the generated
    driver logged at probe.  ``vectors``: irq, name, count before and after the traffic, in
    vector order (ascending irq number); ``queue_vector``: the one serving RX/TX queue 0."""
    out: dict = {"mode": None, "pci": None, "vectors": [], "queue_vector": None, "driver_log": None,
                 "driver_vectors": None}
    vec: dict[int, dict] = {}
    for _, w in events:
        if not w or w[0] not in ("irqmode", "irqline"):
            continue
        kv = _kv(w[1:])
        phase = kv.get("phase")
        if w[0] == "irqmode":
            if phase == "after" or out["mode"] is None:
                out["mode"], out["pci"] = kv.get("mode"), kv.get("pci")
            continue
        rest = [x for x in w[1:] if "=" not in x]
        try:
            irq = int(kv.get("irq", ""))
        except ValueError:
            continue
        count, name = 0, None
        if rest and rest[0].rstrip(":").isdigit():
            cols = rest[1:]
            nums = []
            while cols and cols[0].isdigit():
                nums.append(int(cols.pop(0)))
            count = sum(nums)
            name = cols[-1] if len(cols) >= 3 else None  # chip, hwirq-type, name
        e = vec.setdefault(irq, {"irq": irq, "name": name, "before": None, "after": None})
        e["name"] = name or e["name"]
        if phase in ("before", "after"):
            e[phase] = count
    out["vectors"] = [vec[k] for k in sorted(vec)]
    if len(out["vectors"]) == 1:
        out["queue_vector"] = out["vectors"][0]["irq"]
    else:
        q = [e["irq"] for e in out["vectors"] if e["name"] and _QUEUE_VECTOR.search(e["name"])]
        out["queue_vector"] = q[0] if q else None
    for _, line in lines:
        m = _DRIVER_IRQ_LINE.search(line)
        if m:
            out["driver_log"] = {"MSI-X": "msix", "MSI": "msi", "INTx": "intx"}[m.group(1)]
            out["driver_vectors"] = int(m.group(2))
            break
    return out


def _judge_irq(v: Verdict, expect: tuple[str, ...] | None) -> None:
    """Record the interrupt mode; with ``expect``, require it and a queue vector that fired."""
    ir = v.irq
    mode, vecs = ir.get("mode"), ir.get("vectors") or []
    q = next((e for e in vecs if e["irq"] == ir.get("queue_vector")), None)
    delta = (q["after"] - q["before"]) if q and q["after"] is not None and q["before"] is not None else None
    v.counts["irq_vectors"] = len(vecs)
    v.counts["irq_queue_vector_during_traffic"] = delta
    v.counts["irq_queue_vector_total"] = q["after"] if q else None
    others = [e for e in vecs if q is None or e["irq"] != q["irq"]]
    if others:
        v.counts["irq_other_vectors_total"] = sum(e["after"] or 0 for e in others)
    if ir.get("driver_log") is not None:
        v.expect(ir["driver_log"] == mode and ir.get("driver_vectors") == len(vecs),
                 f"driver log and PCI agree: {mode}, {len(vecs)} vector(s)",
                 f"driver logged {ir['driver_log']} with {ir.get('driver_vectors')} vector(s), the PCI "
                 f"function has {mode} with {len(vecs)}")
    if not expect:
        return
    v.expect(mode in expect, f"interrupt mode {mode} ({len(vecs)} vector(s))",
             f"interrupt mode {mode or 'not reported'}, expected {' or '.join(expect)}")
    v.expect(bool(delta and delta > 0),
             f"queue vector {q['name'] if q else '?'} fired {delta} times during the traffic",
             "the queue vector did not fire during the traffic"
             + (f" ({q['name']}: {q['before']} -> {q['after']})" if q else
                f" (no queue vector among {[e['name'] for e in vecs]})"))


def _stopped(v: Verdict, st: PeerStats, qemu_rc: int, powered_off: bool) -> Verdict:
    """The end of the verdict for a guest that stopped at its first failed step."""
    if st.error_count:
        v.reasons.append(f"host peer found {st.error_count} bad frame(s): " + "; ".join(st.errors[:3]))
    # a panic also ends QEMU with 0 (-no-reboot): the guest's own power-off line is required
    v.expect(powered_off and qemu_rc == 0, "guest powered off",
             f"guest did not power off (qemu exit {qemu_rc})")
    return v


def judge(events: list[tuple[float, list[str]]], lines: list[tuple[float, str]], st: PeerStats, *,
          plan: P.TrafficPlan, features: Features, driver_name: str, dut: str, pci_id: str | None,
          qemu_rc: int, timed_out: bool, timeout: float, total_s: float, mss: int,
          loaded_modules: tuple[str, ...] = (), checked: Features | None = None,
          irq_mode: tuple[str, ...] | None = None) -> Verdict:
    """``features``: what the driver claims (drives the traffic plan); ``checked``: the claimed
    offloads the QEMU model emulates, which must be on and must work (default: all claimed);
    ``irq_mode``: the interrupt modes the NIC may end up in (None: recorded, not required)."""
    checked = features if checked is None else checked
    v = Verdict()
    v.irq = irq_report(events, lines)
    ev: dict[str, list[tuple[float, list[str]]]] = {}
    for t, words in events:
        if words:
            ev.setdefault(words[0], []).append((t, words[1:]))

    def first(name: str) -> tuple[float, list[str]] | None:
        return ev[name][0] if name in ev else None

    # -- timings ----------------------------------------------------------------------------
    init, link = first("init"), first("link")
    v.times["total_s"] = round(total_s, 3)
    v.times["boot_to_shell_s"] = round(init[0], 3) if init else None
    v.times["link_up_s"] = None
    v.times["link_up_host_s"] = round(link[0], 3) if link else None
    if link and link[1] and link[1][0] == "up":
        v.times["link_up_s"] = int(_kv(link[1]).get("us", "0")) / 1e6
    pk_start, pk_end = None, None
    for t, w in ev.get("pktgen", []):
        if w and w[0] == "start":
            pk_start = t
        if w and w[0] == "end":
            pk_end = t
    v.times["pktgen_s"] = round(pk_end - pk_start, 3) if pk_start is not None and pk_end is not None else None
    pktgen_text = " ".join(" ".join(w) for _, w in ev.get("pktgen", []))
    m = re.search(r"(\d+)pps", pktgen_text)
    v.times["pktgen_fps"] = int(m.group(1)) if m else None

    # -- the run itself ---------------------------------------------------------------------
    v.expect(st.host_socket_drops == 0, "host socket lost nothing",
             f"host side lost {st.host_socket_drops} frames in its socket buffer (the host peer was too "
             "slow; the counts cannot be trusted)")
    v.expect(not timed_out, "finished in time", f"timeout: no power-off within {timeout:.0f} s")
    if init is None:
        tail = [line.strip() for _, line in lines if line.strip()][-3:]
        v.reasons.append("the guest never reached /init" + (": " + " | ".join(tail)[:300] if tail else
                                                             " (no console output)"))
    for _, w in ev.get("fail", []):
        v.reasons.append("guest: " + " ".join(w))
    for _, w in ev.get("error", []):
        v.reasons.append("guest agent: " + " ".join(w))
    for _, w in ev.get("warn", []):
        v.reasons.append("guest: " + " ".join(w))
    bad_log = [line for _, line in lines if BAD_KERNEL_LOG.search(line)]
    v.expect(not bad_log, "kernel log free of WARN/BUG/Oops/Hardware Error",
             f"kernel log: {bad_log[0].strip()[:160] if bad_log else ''}"
             + (f" (+{len(bad_log) - 1} more lines)" if len(bad_log) > 1 else ""))
    if timed_out:
        last = next((" ".join(w) for _, w in reversed(events) if w and w[0] not in ("dmesg",)), "none")
        v.reasons.append(f"last guest report before the timeout: {last[:120]}")
        if st.error_count:
            v.reasons.append(f"host peer found {st.error_count} bad frame(s): " + "; ".join(st.errors[:3]))
        return v

    # -- device and link --------------------------------------------------------------------
    pcis = [w for _, w in ev.get("pci", [])]
    if pci_id is not None:
        want = pci_id.lower().replace("0x", "")
        have = [w[1].replace("0x", "") for w in pcis if len(w) > 1]
        v.expect(want in have, f"NIC presents PCI ID {want}",
                 f"no network PCI device with ID {want} (guest saw {', '.join(have) or 'none'})")
    aborted = "fail" in ev  # then only what ran is judged; the fail line says why it stopped
    if loaded_modules and ("lsmod" in ev or not aborted):
        seen = sorted(w[0] for _, w in ev.get("lsmod", []) if w and w[0] != "Module")
        v.expect(seen == sorted(loaded_modules), f"only nicport's modules loaded ({', '.join(seen)})",
                 f"guest modules after insmod: {', '.join(seen) or 'none'}; expected exactly "
                 f"{', '.join(sorted(loaded_modules))}")
    iface = first("iface")
    if aborted and iface is None:
        return _stopped(v, st, qemu_rc, "poweroff" in ev)
    v.expect(iface is not None, f"driver {driver_name} bound an interface",
             f"driver {driver_name} bound no network interface")
    v.expect(bool(link and link[1] and link[1][0] == "up"), "link came up", "link did not come up")

    feats = first("features")
    if aborted and feats is None:
        return _stopped(v, st, qemu_rc, "poweroff" in ev)
    if feats:
        v.features = {k: int(x) for k, x in _kv(feats[1]).items()}
    claims = {"tx_csum": ("tx_csum",), "rx_csum": ("rx_csum",), "tso": ("tso",), "vlan": ("txvlan", "rxvlan")}
    for name, keys in claims.items():
        if getattr(checked, name):
            on = all(v.features.get(k) == 1 for k in keys)
            v.expect(on, f"{name} offload enabled on the interface",
                     f"driver claims {name} but the interface reports "
                     + ", ".join(f"{k}={v.features.get(k, '?')}" for k in keys))

    if aborted:
        return _stopped(v, st, qemu_rc, "poweroff" in ev)

    # -- ARP + ping ---------------------------------------------------------------------------
    ping = first("ping")
    ptxt = " ".join(ping[1]) if ping else ""
    v.expect(f"{plan.pings} packets transmitted, {plan.pings} packets received" in ptxt,
             f"ping: {plan.pings}/{plan.pings} answered (ARP resolved)", f"ping failed: {ptxt or 'not run'}")
    v.expect(st.arps_answered >= 1, "host answered the guest's ARP", "guest sent no ARP request for the host")

    # -- UDP streams ----------------------------------------------------------------------------
    tags = [("main", plan.udp_tx, plan.udp_rx)]
    if features.vlan:
        tags.append(("vlan", plan.vlan_tx, plan.vlan_rx))
    tx_ev = {_kv(w).get("tag"): _kv(w) for _, w in ev.get("udp-tx", [])}
    rx_ev = {_kv(w).get("tag"): _kv(w) for _, w in ev.get("udp-rx", [])}
    corrupt_total = 0
    for tag, n_tx, n_rx in tags:
        sent = int(tx_ev.get(tag, {}).get("sent", -1))
        got_host = st.udp_rx.get(tag, 0)
        v.expect(sent == n_tx and got_host == n_tx,
                 f"{tag} guest->host UDP: {n_tx} datagrams, payloads and checksums checked byte for byte",
                 f"{tag} guest->host UDP: guest sent {sent}, host received {got_host} intact of {n_tx}")
        r = rx_ev.get(tag, {})
        got, bad, cor = int(r.get("got", -1)), int(r.get("bad", -1)), int(r.get("corrupt_delivered", -1))
        hs = st.udp_tx_sent.get(tag, 0)
        v.expect(got == n_rx and hs == n_rx and bad == 0 and cor == 0,
                 f"{tag} host->guest UDP: {n_rx} datagrams checked byte for byte in the guest",
                 f"{tag} host->guest UDP: host sent {hs}, guest got {got} (bad {bad}, "
                 f"bad-checksum delivered {cor}) of {n_rx}")
        corrupt_total += st.udp_tx_corrupt.get(tag, 0)
        # RX checksum status as the driver handed each datagram up (packet socket auxdata)
        valid, seen = int(r.get("csum_valid", -1)), int(r.get("tap_seen", -1))
        bad_valid = int(r.get("bad_csum_valid", -1))
        v.counts[f"{tag}_rx_csum_valid"] = valid
        v.expect(bad_valid == 0, f"{tag}: no bad-checksum datagram marked checksum-valid by the driver",
                 f"{tag}: the driver marked {bad_valid} bad-checksum datagrams as checksum-valid")
        if checked.rx_csum:
            v.expect(seen == got and valid == got,
                     f"{tag}: RX checksum offload marked all {got} good datagrams valid",
                     f"{tag}: driver claims rx_csum but marked {valid} of {got} good datagrams "
                     f"checksum-valid (packet tap saw {seen})")
    if features.vlan:
        vp = first("vping")
        v.expect(bool(vp) and "1 packets received" in " ".join(vp[1]), "ping over VLAN answered",
                 f"ping over VLAN {P.VLAN_ID} failed: {' '.join(vp[1]) if vp else 'not run'}")
        v.expect(st.vlan_frames >= plan.vlan_tx, f"host saw {st.vlan_frames} frames tagged VID {P.VLAN_ID}",
                 f"host saw only {st.vlan_frames} VLAN-tagged frames")

    # -- RX checksum status: every corrupted datagram must be caught -----------------------------
    snmp = [w for _, w in ev.get("snmp", [])]
    udp_mib: dict[str, int] = {}
    if len(snmp) >= 2:
        names, vals = snmp[0][1:], snmp[1][1:]
        udp_mib = {k: int(x) for k, x in zip(names, vals)}
    v.counts["udp_corrupt_sent"] = corrupt_total
    v.counts["udp_in_csum_errors"] = udp_mib.get("InCsumErrors")
    v.expect(udp_mib.get("InCsumErrors") == corrupt_total,
             f"RX checksum: all {corrupt_total} bad-checksum datagrams rejected (UDP InCsumErrors)",
             f"RX checksum: host sent {corrupt_total} bad-checksum datagrams, guest counted "
             f"InCsumErrors={udp_mib.get('InCsumErrors')}")
    for k in ("RcvbufErrors", "SndbufErrors", "NoPorts"):
        v.expect(udp_mib.get(k, 0) == 0, f"UDP {k} = 0", f"guest UDP {k} = {udp_mib.get(k)}")

    # -- TCP / TSO ------------------------------------------------------------------------------
    tcp = {_kv(w).get("tag"): _kv(w) for _, w in ev.get("tcp-tx", [])}.get("main", {})
    gbytes = int(tcp.get("bytes", -1))
    v.expect(gbytes == plan.tcp_bytes and st.tcp_bytes == plan.tcp_bytes and st.tcp_closed,
             f"TCP: {plan.tcp_bytes} bytes in {st.tcp_segments} segments"
             + (f" ({st.tso_as_fragments} reassembled from IP fragments)" if st.tso_as_fragments else "")
             + f", max segment payload {st.tcp_max_payload} <= MSS {mss}, checksums and bytes checked"
             + (" (TSO on)" if v.features.get("tso") == 1 else ""),
             f"TCP: guest wrote {gbytes}, host received {st.tcp_bytes} in order of {plan.tcp_bytes}"
             f"{'' if st.tcp_closed else ', connection not closed'}")
    v.counts["tcp_segments"] = st.tcp_segments
    v.counts["tcp_retransmits"] = st.tcp_retransmits

    # -- pktgen -----------------------------------------------------------------------------------
    m = re.search(r"pkts-sofar:\s*(\d+)\s+errors:\s*(\d+)", pktgen_text)
    sofar, perr = (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
    v.counts["pktgen_guest_sent"] = sofar
    v.counts["pktgen_host_counted"] = st.pktgen_frames
    v.expect("Result: OK" in pktgen_text and sofar == plan.pktgen_count and perr == 0,
             f"pktgen sent {plan.pktgen_count} frames without errors",
             f"pktgen: {'Result: OK missing, ' if 'Result: OK' not in pktgen_text else ''}"
             f"sent {sofar} of {plan.pktgen_count}, errors {perr}")
    v.expect(st.pktgen_frames == plan.pktgen_count,
             f"host counted all {plan.pktgen_count} pktgen frames",
             f"host counted {st.pktgen_frames} of {plan.pktgen_count} pktgen frames")

    # -- totals both ways, guest error counters ---------------------------------------------------------
    stats = {w[0]: int(w[1]) for _, w in ev.get("stat", []) if len(w) == 2 and w[1].isdigit()}
    for kind, n in sorted(st.kinds.items()):
        v.counts[f"host_rx_{kind}"] = n
    v.counts.update(guest_tx_packets=stats.get("tx_packets"), host_rx_frames=st.frames_from_guest,
                    guest_rx_packets=stats.get("rx_packets"), host_tx_frames=st.frames_to_guest)
    v.counts["emulator_tso_trailers"] = st.emulator_tso_trailers
    trailers = st.emulator_tso_trailers
    v.counts.update(ip_fragments=st.ip_fragments, tso_as_fragments=st.tso_as_fragments,
                    tso_fragment_frames=st.tso_fragment_frames,
                    tso_fragment_segments=st.tso_fragment_segments)
    if trailers:
        v.notes.append(f"QEMU's TSO emulation added {trailers} header-only TCP segments after TSO sends "
                       "of a whole number of MSS (an emulator artefact; counted apart)")
    if st.tso_as_fragments:
        v.notes.append(f"QEMU emitted {st.tso_as_fragments} TSO sends as {st.tso_fragment_frames} IPv4 "
                       "fragments of one large TCP segment instead of MSS-sized segments (QEMU 7.2 "
                       "net_tx_pkt without a virtio-net header backend); the host reassembled and checked "
                       f"them and counts them as the {st.tso_fragment_segments} segments the guest sent")
    stray = st.ip_fragments - st.tso_fragment_frames
    v.expect(stray == 0, "no stray IPv4 fragments", f"{stray} IPv4 fragments that did not reassemble into "
             "a TSO send")
    # A TSO send is one packet to the NIC's own counters (e1000e reports those) and gso_segs
    # packets to Linux's software counters (e1000 counts those); both are exact.
    base = st.frames_from_guest - trailers - st.tso_fragment_frames
    per_segment = base + st.tso_fragment_segments
    per_send = base + st.tso_as_fragments
    gtx = stats.get("tx_packets")
    v.counts["host_rx_frames_as_segments"] = per_segment
    if gtx == per_segment:
        v.checks.append(f"guest tx_packets = host frames received = {per_segment}")
    elif st.tso_as_fragments and gtx == per_send:
        v.checks.append(f"guest tx_packets = host frames received = {per_send} "
                        "(each TSO send counted once, as the NIC's own counter does)")
    else:
        v.reasons.append(f"count mismatch guest->host: guest tx_packets {gtx}, host received "
                         f"{per_segment} (frames on the wire {st.frames_from_guest})")
    v.expect(stats.get("rx_packets") == st.frames_to_guest,
             f"guest rx_packets = host frames sent = {st.frames_to_guest}",
             f"count mismatch host->guest: host sent {st.frames_to_guest}, "
             f"guest rx_packets {stats.get('rx_packets')}")
    nonzero = {k: stats[k] for k in ERROR_STATS if stats.get(k)}
    v.expect(bool(stats) and not nonzero, "guest error/drop counters all 0",
             f"guest error/drop counters: {nonzero}" if stats else "guest counters missing")
    v.expect(st.error_count == 0, "host peer: every frame well-formed",
             f"host peer found {st.error_count} bad frame(s): " + "; ".join(st.errors[:3]))

    # -- interrupts: the mode the kernel gave the NIC and the queue vector's count ---------------
    _judge_irq(v, irq_mode)

    # -- unload and power-off -------------------------------------------------------------------
    rm = [_kv(w) for _, w in ev.get("rmmod", []) if _kv(w).get("module") == dut]
    v.expect(bool(rm) and rm[0].get("rc") == "0", f"rmmod {dut} clean",
             f"rmmod {dut} failed (rc {rm[0].get('rc') if rm else 'not run'})")
    v.expect("done" in ev and "poweroff" in ev and qemu_rc == 0, "guest powered off",
             f"guest did not finish and power off (qemu exit {qemu_rc})")
    return v


def link_flap_report(events: list[tuple[float, list[str]]], actions: list[dict],
                     plan: P.TrafficPlan) -> dict:
    """The link flap (``plan.link_flap``): the host's ``set_link`` off / on (``actions`` from
    monitor.LinkFlapper) and what the guest saw after each: carrier 0 and operstate down, the
    driver's "<if>: link down" line, then carrier 1 and operstate up, a new "<if>: link up"
    line, and every ping answered again.  Returns the details plus ``checks`` / ``reasons``."""
    v = Verdict()
    seq: list[tuple[str, float, dict[str, str]]] = []
    for t, words in events:
        if words and words[0] in ("linkflap", "carrier", "lping"):
            seq.append((words[0], t, _kv(words[1:]) | ({"text": " ".join(words[1:])} if words[0] == "lping" else {})))
    out: dict = {"actions": list(actions)}
    # the guest's reports in order: carrier after off, linkflap phase=down, carrier after on, phase=up
    carriers = [(t, kv) for name, t, kv in seq if name == "carrier"]
    phases = {kv.get("phase"): (t, kv) for name, t, kv in seq if name == "linkflap" and "phase" in kv}
    offs = [a for a in actions if a.get("want") == "off"]
    ons = [a for a in actions if a.get("want") == "on"]
    v.expect(len(offs) == 1 and offs[0].get("ok") is True, "host: set_link off done (QEMU monitor)",
             f"host could not take the link down: {offs[0].get('error') if offs else 'the guest never asked'}")
    down = carriers[0][1] if carriers else {}
    v.expect(down.get("value") == "0" and down.get("operstate") == "down",
             f"guest: carrier 0, operstate down {int(down.get('carrier_us', 0)) / 1000:.1f} ms after asking",
             f"guest did not see the link go down (carrier={down.get('value', '?')}, "
             f"operstate={down.get('operstate', '?')})")
    pd = phases.get("down", (None, {}))[1]
    v.expect(int(pd.get("down", "0") or 0) >= 1, "driver logged 'link down'",
             "the driver logged no '<if>: link down' line after set_link off")
    v.expect(len(ons) == 1 and ons[0].get("ok") is True, "host: set_link on done (QEMU monitor)",
             f"host could not bring the link back: {ons[0].get('error') if ons else 'the guest never asked'}")
    up = carriers[1][1] if len(carriers) > 1 else {}
    v.expect(up.get("value") == "1" and up.get("operstate") == "up",
             f"guest: carrier 1, operstate up {int(up.get('carrier_us', 0)) / 1000:.1f} ms after asking",
             f"guest did not see the link come back (carrier={up.get('value', '?')}, "
             f"operstate={up.get('operstate', '?')})")
    pu = phases.get("up", (None, {}))[1]
    v.expect(int(pu.get("up", "0") or 0) > int(pd.get("up", "0") or 0), "driver logged 'link up' again",
             "the driver logged no new '<if>: link up' line after set_link on")
    lp = next((kv for name, _, kv in seq if name == "lping"), {})
    n = plan.link_pings
    v.expect(f"{n} packets transmitted, {n} packets received" in lp.get("text", ""),
             f"ping after the link came back: {n}/{n} answered",
             f"ping after the link came back failed: {lp.get('text') or 'not run'}")
    out["guest_down"] = down
    out["guest_up"] = up
    out["driver_lines"] = {"down": int(pd.get("down", "0") or 0), "up": int(pu.get("up", "0") or 0)}
    out["checks"], out["reasons"] = v.checks, v.reasons
    return out
