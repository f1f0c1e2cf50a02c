#!/usr/bin/env python3
"""Benchmarks of the nicport portable NIC core, side by side with DPDK 22.11 in one run.

    .venv/bin/python benchmarks/core_bench.py [--scale S] [--json]

Builds benchmarks/c/core_bench.c (the core + DPDK's header-inline functions in
one binary, same compiler, same flags) twice -- with -march=native and with
DPDK's own pkg-config flags (-march=corei7 on Debian) -- runs both, then a
third build without -march=native under callgrind for instructions per packet
(valgrind 3.19 cannot run AVX-512).  Prints one table with the ratios:

  * Toeplitz Mhash/s: nic_rss_hash_ip4_l4 / _ip6_l4 vs rte_softrss (target >= 3x)
    and vs rte_thash_gfni (AVX-512 + GFNI);
  * checksum GB/s at 64 / 1500 / 9000 bytes: nic_csum16_inline (and the
    exported nic_csum_partial) vs rte_raw_cksum (target >= 1.0x);
  * ring Mpps on one core: TX submit + completion, RX poll + refill with buffer
    recycling, 64-byte frames through the loopback hw layer, vs 148.8 Mpps;
  * instructions per packet (callgrind).

Without DPDK (no `pkg-config libdpdk`) only nicport's own figures are printed,
and no ratio.  The host is shared and noisy: every figure is the best of many
short interleaved rounds (the median is printed next to it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_C = REPO / "benchmarks" / "c" / "core_bench.c"
LINE_RATE_MPPS = 148.8  # 100GbE, 64-byte frames


def _core_tree(tmp: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from nicport.generate.core import write_core

    write_core(tmp)
    return tmp / "core"


def _dpdk_flags() -> tuple[list[str], list[str]] | None:
    if not shutil.which("pkg-config"):
        return None
    r = subprocess.run(["pkg-config", "--cflags", "libdpdk"], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return r.stdout.split(), ["-lrte_hash", "-lrte_eal"]


def _build(tree: Path, out: Path, cflags: list[str], libs: list[str]) -> Path:
    srcs = sorted(tree.glob("*.c")) + sorted((tree / "osdep_user").glob("*.c"))
    cmd = ["gcc", "-std=c11", "-O3", "-g", *cflags, f"-I{tree}", "-o", str(out),
           str(BENCH_C), *map(str, srcs), *libs]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{r.stderr}")
    return out


def _run(exe: Path, *args: str) -> list[dict]:
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


def _callgrind(exe: Path, tmp: Path, packets_100k: int = 1) -> dict:
    if not shutil.which("valgrind"):
        return {}
    out = tmp / "callgrind.out"
    r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        str(exe), "ring_callgrind", str(packets_100k)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr[-500:]}
    packets = json.loads([x for x in r.stdout.splitlines() if x.startswith("{")][0])["packets"]
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(out)],
                         capture_output=True, text=True, check=True).stdout
    incl = {}
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?\S*:(\w+)", line)
        if m:
            incl.setdefault(m.group(2), int(m.group(1).replace(",", "")))
    per = {k: incl.get(k, 0) / packets for k in (
        "ring_iter", "nic_tx_burst", "nic_tx_complete", "nic_rx_poll", "nic_lb_run",
        "nic_user_buf_release")}
    per["core"] = per["nic_tx_burst"] + per["nic_tx_complete"] + per["nic_rx_poll"]
    per["packets"] = packets
    return per


def _index(results: list[dict]) -> dict:
    idx = {}
    for r in results:
        key = (r["bench"], r.get("impl") or r.get("completion"), r.get("bytes"))
        idx[key] = r
    return idx


def _fmt_ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="rounds multiplier (default 1)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()

    dpdk = _dpdk_flags()
    with tempfile.TemporaryDirectory(prefix="nic_bench_") as t:
        tmp = Path(t)
        tree = _core_tree(tmp / "out")
        builds = {}
        if dpdk:
            cflags, libs = dpdk
            builds["native"] = _build(tree, tmp / "bench_native", [*cflags, "-march=native"], libs)
            builds["dpdk-default"] = _build(tree, tmp / "bench_dpdkflags", cflags, libs)
        else:
            builds["native"] = _build(tree, tmp / "bench_native",
                                      ["-march=native", "-DNIC_BENCH_NO_DPDK"], [])
        results = {name: _run(exe, "all", str(args.scale)) for name, exe in builds.items()}
        cg = {}
        if not args.no_callgrind:
            exe = _build(tree, tmp / "bench_cg", ["-DNIC_BENCH_NO_DPDK"], [])
            cg = _callgrind(exe, tmp)

    doc = {"dpdk": bool(dpdk), "builds": results, "callgrind": cg,
           "cpu": _cpu_name(), "line_rate_mpps": LINE_RATE_MPPS}
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    _print_table(doc)
    return 0


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _print_table(doc: dict) -> None:
    print(f"CPU: {doc['cpu']}   (best of interleaved rounds; median in brackets)")
    if not doc["dpdk"]:
        print("DPDK (pkg-config libdpdk) not found: nicport figures only, no ratios.")
    for build, res in doc["builds"].items():
        ix = _index(res)
        print(f"\n== build: {build} "
              f"({'-O3 -march=native' if build == 'native' else 'DPDK pkg-config flags, -O3'})")

        def val(bench, impl, field, nbytes=None):
            r = ix.get((bench, impl, nbytes))
            return (r[field], r["median"]) if r else (None, None)

        print("Toeplitz (Mhash/s)          nicport          rte_softrss      ratio   "
              "rte_thash_gfni   ratio")
        for fam in ("ipv4_l4", "ipv6_l4"):
            n, nm = val("toeplitz", f"nic_{fam}", "mhash_s")
            s, sm = val("toeplitz", f"rte_softrss_{fam}", "mhash_s")
            g, gm = val("toeplitz", f"rte_thash_gfni_{fam}", "mhash_s")
            print(f"  {fam:<24} {n:8.1f} [{nm:6.1f}] "
                  + (f"{s:8.1f} [{sm:6.1f}] {_fmt_ratio(n, s):>7} " if s else " " * 34)
                  + (f"{g:8.1f} [{gm:6.1f}] {_fmt_ratio(n, g):>7}" if g else "  (no GFNI)"))
        print("Checksum (GB/s)    nic_csum16_inline  nic_csum_partial  rte_raw_cksum    "
              "ratio(inline)  ratio(call)")
        for nb in (64, 1500, 9000):
            i, im = val("csum", "nic_csum16_inline", "gb_s", nb)
            c, cm = val("csum", "nic_csum_partial", "gb_s", nb)
            d, dm = val("csum", "rte_raw_cksum", "gb_s", nb)
            print(f"  {nb:>5} B          {i:7.1f} [{im:5.1f}]  {c:7.1f} [{cm:5.1f}]  "
                  + (f"{d:7.1f} [{dm:5.1f}]  {_fmt_ratio(i, d):>10}  {_fmt_ratio(c, d):>10}"
                     if d else "n/a"))
        for comp in ("dd", "head_wb"):
            r = ix.get(("ring", comp, None))
            if r:
                print(f"Ring, 64 B, one core, {comp:<8}: {r['mpps']:6.2f} Mpps [{r['median']:.2f}]"
                      f" = {r['mpps'] / doc['line_rate_mpps'] * 100:.1f}% of "
                      f"{doc['line_rate_mpps']} Mpps (100GbE line rate)")
    cg = doc["callgrind"]
    if cg and "error" not in cg:
        print(f"\nInstructions per packet (callgrind, -O3 without -march=native, "
              f"{cg['packets']} packets, burst 32):")
        print(f"  core + hw layer (tx_burst + tx_complete + rx_poll/refill): {cg['core']:.1f}")
        print(f"    nic_tx_burst {cg['nic_tx_burst']:.1f}  nic_tx_complete "
              f"{cg['nic_tx_complete']:.1f}  nic_rx_poll {cg['nic_rx_poll']:.1f}")
        print(f"  loopback device model (nic_lb_run, copies the frame): {cg['nic_lb_run']:.1f}")
        print(f"  whole loop incl. buffer release: {cg['ring_iter']:.1f}")
    elif cg:
        print(f"\ncallgrind failed: {cg['error']}")


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C")
    raise SystemExit(main())
