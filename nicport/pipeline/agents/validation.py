"""Phase 5, Test Runner (core checks): the generated portable core's RSS and TSO, checked on
the output tree itself, independent of any OS, and the tree's own per-driver tests:

* RSS: the Toeplitz hash of the Microsoft RSS verification suite (IPv4 2-tuple and TCP
  4-tuple vectors) through ``nic_rss_hash_ip4*()`` and ``nic_rss_hash_frame()``;
* TSO: a 5000-byte TCP/IPv4 frame built with scapy, cut by ``nic_tso_segment()`` (the input in
  two pieces), every frame parsed back with scapy: IPv4 and TCP checksums valid, IP ids +1,
  sequence numbers contiguous, payload <= MSS and reassembling byte for byte, PSH/FIN only on
  the last frame;
* driver tests: ``make -C tests check`` of the output tree (the TDD Test Writer's layout,
  smoke, stress and hostile tests against the device model), built in the run's work dir.

The harness (``core_checks.c``) is built with gcc from ``core/`` and ``core/osdep_user/``;
results go to ``logs/core_checks.json`` and feed the done list's "RSS validated" and "TSO
validated" lines.  A check that cannot run says so (skip), never passes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ..context import PipelineContext
from ..nodes import node, ok, one_line, sanitize, skipped, write_text

HARNESS = Path(__file__).with_name("core_checks.c")
MSS = 1000


def build_harness(core: Path, work: Path) -> tuple[Path | None, str]:
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return None, "no C compiler (gcc) on PATH"
    srcs = sorted(str(p) for p in core.glob("*.c")) + sorted(str(p) for p in (core / "osdep_user").glob("*.c"))
    if not srcs:
        return None, "core/ has no C sources"
    work.mkdir(parents=True, exist_ok=True)
    exe = work / "core_checks"
    cmd = [cc, "-std=gnu11", "-O1", "-Wall", "-Wextra", "-I", str(core), "-I", str(core / "osdep_user"), str(HARNESS), *srcs, "-o", str(exe)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return None, "harness build failed: " + (r.stderr.strip().splitlines() or ["?"])[0]
    return exe, ""


def check_rss(exe: Path) -> dict:
    r = subprocess.run([str(exe), "rss"], capture_output=True, text=True, timeout=60)
    lines = [l for l in r.stdout.splitlines() if l.startswith("rss vector")]
    good = sum(l.endswith(" ok") for l in lines)
    return {"ok": r.returncode == 0 and lines and good == len(lines), "detail": f"{good}/{len(lines)} Microsoft RSS verification hashes (IPv4, TCP/IPv4, whole frame)",
            "log": r.stdout + r.stderr}


def check_tso(exe: Path, work: Path) -> dict:
    try:
        from scapy.layers.inet import IP, TCP
        from scapy.layers.l2 import Ether
    except ImportError:
        return {"ok": None, "detail": "skip: scapy is not installed (pip install scapy)", "log": ""}
    payload = bytes((i * 7 + 3) & 0xFF for i in range(5000))
    frame = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src="10.0.0.1", dst="10.0.0.2", id=0x1234) / TCP(sport=40000, dport=80, seq=1000, flags="PA") / payload
    fin, fout = work / "tso-in.bin", work / "tso-out.bin"
    fin.write_bytes(bytes(frame))
    r = subprocess.run([str(exe), "tso", str(fin), str(fout), str(MSS)], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not fout.is_file():
        return {"ok": False, "detail": "nic_tso_segment failed: " + (r.stdout + r.stderr).strip()[:200], "log": r.stdout + r.stderr}
    data = fout.read_bytes()
    frames, i = [], 0
    while i + 4 <= len(data):
        n = int.from_bytes(data[i:i + 4], "little")
        frames.append(data[i + 4:i + 4 + n])
        i += 4 + n
    problems: list[str] = []
    got = b""
    for k, raw in enumerate(frames):
        pkt = Ether(raw)
        ip, tcp = pkt[IP], pkt[TCP]
        body = bytes(tcp.payload)
        ip_sum, tcp_sum = ip.chksum, tcp.chksum
        ref = Ether(raw)
        del ref[IP].chksum
        del ref[TCP].chksum
        ref = Ether(bytes(ref))
        if ref[IP].chksum != ip_sum:
            problems.append(f"frame {k}: IPv4 checksum {ip_sum:#06x}, want {ref[IP].chksum:#06x}")
        if ref[TCP].chksum != tcp_sum:
            problems.append(f"frame {k}: TCP checksum {tcp_sum:#06x}, want {ref[TCP].chksum:#06x}")
        if ip.id != (0x1234 + k) & 0xFFFF:
            problems.append(f"frame {k}: IP id {ip.id:#x}, want {(0x1234 + k) & 0xFFFF:#x}")
        if tcp.seq != 1000 + len(got):
            problems.append(f"frame {k}: seq {tcp.seq}, want {1000 + len(got)}")
        if len(body) > MSS or (k < len(frames) - 1 and len(body) != MSS):
            problems.append(f"frame {k}: {len(body)} payload bytes with MSS {MSS}")
        last = k == len(frames) - 1
        if bool(tcp.flags.P) != last or tcp.flags.F:
            problems.append(f"frame {k}: flags {tcp.flags}")
        got += body
    if got != payload:
        problems.append(f"the frames' payloads ({len(got)} bytes) differ from the {len(payload)} bytes sent")
    detail = f"{len(frames)} frames from a {len(payload)}-byte TCP/IPv4 send (MSS {MSS}), parsed with scapy: " + ("all valid" if not problems else f"{len(problems)} problems; first: {problems[0]}")
    return {"ok": not problems and len(frames) == -(-len(payload) // MSS), "detail": detail, "log": r.stdout + "\n".join(problems)}


def check_driver_tests(tree: Path, work: Path) -> dict:
    """The output tree's own per-driver tests, exactly as a driver engineer runs them
    (``make -C tests check``: layout claims, smoke, stress, hostile against the device model),
    built outside the tree (BUILD=) so the published tree stays as generated."""
    tests = tree / "tests"
    if not (tests / "Makefile").is_file():
        return {"ok": False, "detail": "no tests/Makefile in the output tree", "log": ""}
    make = shutil.which("make")
    if make is None or not (shutil.which("gcc") or shutil.which("cc")):
        return {"ok": False, "detail": "make or gcc is not installed", "log": ""}
    build = work / "driver_tests"
    try:
        r = subprocess.run([make, "-s", "-C", str(tests), "check", f"BUILD={build}", f"TREE={tree}"],
                           capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return {"ok": False, "detail": "make -C tests check: timed out after 600 s", "log": ""}
    out = (r.stdout + r.stderr).strip().splitlines()
    verdict = next((l for l in reversed(out) if l.startswith(("PASS", "FAIL"))), None)
    if r.returncode == 0 and verdict and verdict.startswith("PASS"):
        return {"ok": True, "detail": "make -C tests check: " + verdict, "log": "\n".join(out)}
    first = next((l for l in out if "error" in l.lower() or l.startswith("FAIL")), out[-1] if out else "no output")
    return {"ok": False, "detail": f"make -C tests check failed (exit {r.returncode}): {first}", "log": "\n".join(out)}


@node(5, "Test Runner")
def core_checks(state: dict, ctx: PipelineContext) -> dict:
    """RSS and TSO of the generated portable core, and the tree's per-driver tests
    (``make -C tests check``), checked on the output tree."""
    core = ctx.stage_dir / "core"
    if not core.is_dir():
        return skipped("core.checks", "no core/ generated", 5)
    work = ctx.work_dir / "core_checks"
    if work.exists():
        shutil.rmtree(work)
    exe, why = build_harness(core, work)
    if exe is None:
        checks = {"rss": {"ok": False, "detail": why}, "tso": {"ok": False, "detail": why}}
    else:
        checks = {"rss": check_rss(exe), "tso": check_tso(exe, work)}
    if (ctx.stage_dir / "tests").is_dir():
        checks["driver_tests"] = check_driver_tests(ctx.stage_dir, work)
    summary = {k: {"ok": v["ok"], "detail": one_line(v["detail"], ctx)} for k, v in checks.items()}
    write_text(ctx.stage_dir / "logs" / "core_checks.json", sanitize(json.dumps(summary, indent=1, sort_keys=True) + "\n", ctx))
    facts = {"core_checks": summary}
    failed = [k for k, v in summary.items() if v["ok"] is False]
    if failed:
        return {"facts": facts, "stages": {"core.checks": {"status": "failed", "detail": "; ".join(f"{k}: {summary[k]['detail']}" for k in failed), "phase": 5}},
                "exceptions": [{"id": f"core:{k}", "feature": f"{k.upper()} in the portable core", "api": "-", "target": "all", "reason": summary[k]["detail"],
                                "workaround": "see logs/core_checks.json", "source": "phase5", "severity": "error"} for k in failed]}
    return {"facts": facts, **ok("core.checks", "; ".join(f"{k}: {v['detail']}" for k, v in summary.items()), 5)}
