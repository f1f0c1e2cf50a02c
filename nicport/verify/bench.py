"""The Performance Engineer's stage: the generated ring path timed against documented budgets.

``run_benchmarks(tree, config, work_dir)`` takes one output tree (``out/<drv>``: ``ir/``,
``core/``, ``hw/``), writes the per-driver tests (``nicport.generate.tests``) into
``work_dir/tests``, builds ``nic_ring_test`` with the tree's core + hw layer + the device model
(``-O3``, no ``-march=native``: the figure is the portable build's) and runs its ``bench`` mode:
64-byte frames, bursts of 32, TX submit (one doorbell) -> device model loopback -> TX completion
-> RX poll with refill -> each buffer given back to the pool.  Timed rounds, best and median
reported; with valgrind, instructions per packet from two callgrind runs of different lengths
(the difference cancels setup and teardown), split by where they are spent.  Everything runs in
about 2.5 s (1.2 s of timed rounds + warm-up, ~1.3 s of callgrind; the build not counted).  See docs/driver_tests.md.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from ..errors import BadInput, CheckFailed, MissingPrerequisite

LINE_RATE_100G_MPPS = 148.8  # 100GbE, 64-byte frames: 100e9 / ((64 + 20) * 8) packets/s

# The budgets, in one place.  Why these numbers (measured 2026-11-25 on the shared 2-vCPU
# machine, load average ~1, gcc 12, -O3 without -march=native, 256-slot rings, burst 32):
#
#   driver      best Mpps  instr/packet (whole loop)  core + hw layer  of which device model
#   e1000         17.3          1040                      447               497
#   igb           16.9          1101                      471               534
#   ixgbe         17.3          1037                      462               479
#   e1000e        18.4          1001                      401               504
#   virtio_net     7.6          2105                      585              1421
#
#  * Mpps is measured with the device model's work included (it copies every frame, verifies
#    checksums and writes back descriptors: half the instructions, 2/3 for virtio).  On this
#    machine other tenants take the CPU for whole rounds (load averages of 8 on 2 vCPUs seen:
#    docs/benchmarks.md), so a timed floor must survive losing ~3/4 of the core: 1 Mpps
#    (1000 ns/packet) is 7x under virtio's best and 17x under the Intel families'.  It catches
#    a per-packet syscall, sleep or O(ring) scan, not the neighbours.
#  * instructions per packet are deterministic (callgrind), so they carry the real budget: the
#    generated code (core + hw layer) <= 1200 (2-3x today's 400-590, room for compiler changes,
#    not for a second pass over the frame), the whole loop incl. the model <= 4000.
#  * 148.8 Mpps (100GbE line rate) is reported as a ratio, not a budget: one core of portable C
#    behind an emulated device is not expected to reach it (docs/benchmarks.md).
BUDGETS: dict[str, float] = {
    "min_mpps_per_core": 1.0,
    "max_ns_per_packet": 1000.0,
    "max_instructions_per_packet": 4000.0,
    "max_core_hw_instructions_per_packet": 1200.0,
}

ROUND_MS = 100  # one timed round
ROUNDS = 12  # timed rounds (plus a 2000-burst warm-up)
CALLGRIND_PACKETS = (20_000, 100_000)


def _load_ir(tree: Path) -> Any:
    from ..ir import DriverIR

    irs = sorted((tree / "ir").glob("*.ir.json"))
    if len(irs) != 1:
        raise BadInput(f"{tree}: expected one ir/<driver>.ir.json, found {len(irs)}",
                       hint="benchmark an output tree written by `nicport port`")
    return DriverIR.from_json_text(irs[0].read_text())


def _kv(line: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def _run(cmd: list[str], timeout: float) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise CheckFailed(f"benchmark step failed: {shlex.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}",
                          hint=(r.stdout + r.stderr).strip()[-1500:])
    return r.stdout


def _part(fileref: str, drv: str) -> str:
    if "/core/" in fileref or fileref.startswith("core/"):
        return "core"
    if f"/hw/{drv}_" in fileref or fileref.startswith("hw/"):
        return "hw_layer"
    if "nic_osdep_devmodel" in fileref:
        return "test_osdep"
    if "nic_devmodel" in fileref:
        return "device_model"
    if "nic_ring_test" in fileref:
        return "harness"
    return "libc_other"


def _callgrind(exe: Path, packets: int, out: Path, drv: str) -> dict[str, int]:
    _run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(exe), "bench", "0", str(packets)], 120)
    ann = _run(["callgrind_annotate", "--threshold=100", str(out)], 60)
    parts: dict[str, int] = {}
    total = 0
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([\s\d.]+%\)\s+)?(\S+?):(\S+)", line)
        if not m or "PROGRAM TOTALS" in line:
            t = re.match(r"\s*([\d,]+)\s+(?:\([\s\d.]+%\)\s+)?PROGRAM TOTALS", line)
            if t:
                total = int(t.group(1).replace(",", ""))
            continue
        k = _part(m.group(2), drv)
        parts[k] = parts.get(k, 0) + int(m.group(1).replace(",", ""))
    parts["total"] = total
    return parts


def run_benchmarks(tree: Path, config: Any = None, work_dir: Path | None = None) -> dict[str, Any]:
    """Benchmark one output tree; returns {"within_budget", "figures", "budgets", "command", ...}.

    ``within_budget`` is None (with ``skipped``) when the family has no hw layer to run."""
    from ..generate.hw import supported_family
    from ..generate.tests import write_tests

    del config  # one configuration object threads every stage; nothing here depends on it yet
    tree = Path(tree).resolve()
    if not (tree / "core" / "nic_core.h").is_file():
        raise MissingPrerequisite(f"{tree.name}: no core/ in the output tree", hint="run `nicport port` first")
    ir = _load_ir(tree)
    drv = ir.identity.name
    ok, reason = supported_family(ir)
    base = {"driver": drv, "budgets": dict(BUDGETS), "line_rate_100g_mpps": LINE_RATE_100G_MPPS}
    if not ok:
        return {**base, "within_budget": None, "skipped": f"no hw layer: {reason}", "figures": {}, "command": None}
    if not (tree / "hw" / f"{drv}_hw.c").is_file():
        raise MissingPrerequisite(f"{drv}: no hw/{drv}_hw.c in the output tree", hint="run `nicport port` first")
    for tool in ("gcc", "make"):
        if shutil.which(tool) is None:
            raise MissingPrerequisite(f"`{tool}` not found", hint=f"apt-get install {tool}")
    work = Path(work_dir) if work_dir is not None else tree / "build" / "bench"
    work = work.resolve()
    tests = work / "tests"
    write_tests(ir, tests)
    build = work / "build"
    exe = build / "bench" / "nic_ring_test"
    _run(["make", "-s", "-C", str(tests), f"TREE={tree}", f"BUILD={build}", str(exe)], 300)

    t0 = time.monotonic()
    line = _run([str(exe), "bench", str(ROUND_MS), str(ROUNDS)], 60).strip().splitlines()[-1]
    kv = _kv(line)
    best_ns = int(kv["best_ps"]) / 1000.0
    med_ns = int(kv["median_ps"]) / 1000.0
    figures: dict[str, Any] = {
        "frame_bytes": 64,
        "burst": 32,
        "packets_timed": int(kv["packets"]),
        "rounds": int(kv["rounds"]),
        "round_ms": ROUND_MS,
        "ns_per_packet_best": round(best_ns, 2),
        "ns_per_packet_median": round(med_ns, 2),
        "ns_per_packet_worst": round(int(kv["worst_ps"]) / 1000.0, 2),
        "mpps_per_core_best": round(1000.0 / best_ns, 3),
        "mpps_per_core_median": round(1000.0 / med_ns, 3),
        "line_rate_share_best": round(1000.0 / best_ns / LINE_RATE_100G_MPPS, 4),
        "includes": "TX submit + device model loopback + TX completion + RX poll/refill + buffer release",
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    command = {"build": f"make -C tests TREE=<tree> BUILD=<work>/build <work>/build/bench/nic_ring_test (BENCH_CFLAGS=-O3 -g)",
               "run": f"nic_ring_test bench {ROUND_MS} {ROUNDS}"}
    if shutil.which("valgrind") and shutil.which("callgrind_annotate"):
        n1, n2 = CALLGRIND_PACKETS
        a = _callgrind(exe, n1, work / "callgrind.short.out", drv)
        b = _callgrind(exe, n2, work / "callgrind.long.out", drv)
        per = {k: round((b.get(k, 0) - a.get(k, 0)) / (n2 - n1), 1) for k in sorted(set(a) | set(b))}
        figures["instructions_per_packet"] = per.pop("total")
        figures["instructions_per_packet_by_part"] = per
        figures["core_hw_instructions_per_packet"] = round(per.get("core", 0) + per.get("hw_layer", 0), 1)
        command["callgrind"] = f"valgrind --tool=callgrind nic_ring_test bench 0 N, N = {n1} and {n2}, difference / {n2 - n1}"
    else:
        figures["instructions_per_packet"] = None
        figures["instructions_note"] = "valgrind not installed (apt-get install valgrind)"
    figures["bench_seconds"] = round(time.monotonic() - t0, 2)

    checks = {
        "min_mpps_per_core": figures["mpps_per_core_best"] >= BUDGETS["min_mpps_per_core"],
        "max_ns_per_packet": figures["ns_per_packet_best"] <= BUDGETS["max_ns_per_packet"],
    }
    if figures.get("instructions_per_packet") is not None:
        checks["max_instructions_per_packet"] = figures["instructions_per_packet"] <= BUDGETS["max_instructions_per_packet"]
        checks["max_core_hw_instructions_per_packet"] = (
            figures["core_hw_instructions_per_packet"] <= BUDGETS["max_core_hw_instructions_per_packet"])
    return {**base, "within_budget": all(checks.values()), "checks": checks, "figures": figures, "command": command}
