#!/usr/bin/env python3
"""Analyzer speed, measured side by side in one run (issue 3):

* cold ``analyze_driver`` (empty cache) vs ``clang -fsyntax-only`` over the same .c files with
  the same flags, files in parallel on ``--jobs`` processes -- target ratio <= 1.5;
* warm (content-hash cache) vs cold -- target >= 10x faster.

    .venv/bin/python benchmarks/analyze_bench.py [e1000 ixgbe] [--jobs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nicport.analyze import analyze_driver  # noqa: E402
from nicport.config import Config  # noqa: E402
from nicport.source import resolve  # noqa: E402


def clang_syntax_only(src, jobs: int) -> float:
    clang = shutil.which("clang")
    if clang is None:
        raise SystemExit("clang is not installed (apt-get install clang)")

    def one(rel: str) -> int:
        return subprocess.run([clang, "-fsyntax-only", "-w"] + src.clang_args(rel) + [str(src.abspath(rel))],
                              capture_output=True).returncode

    t = time.perf_counter()
    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(one, sorted(src.c_files, key=lambda r: -src.abspath(r).stat().st_size)))
    return time.perf_counter() - t


def analyze(src, cache: Path, jobs: int) -> float:
    cfg = Config(cache_dir=cache, jobs=jobs)
    t = time.perf_counter()
    analyze_driver(src, cfg)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("drivers", nargs="*", default=["e1000", "ixgbe"])
    ap.add_argument("--jobs", type=int, default=Config().jobs)
    ap.add_argument("--repeat", type=int, default=1, help="cold/clang pairs per driver (the best of each is kept)")
    args = ap.parse_args()
    ok = True
    for name in args.drivers:
        src = resolve(name, Config())
        clang_t, cold_t, warm_t = [], [], []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="nicport-bench-") as tmp:
                cache = Path(tmp)
                # the kbuild flag probe is cached by source/: share it, the analyzer's caches start empty
                clang_t.append(clang_syntax_only(src, args.jobs))
                cold_t.append(analyze(src, cache, args.jobs))
                warm_t.append(min(analyze(src, cache, args.jobs) for _ in range(3)))
        c, a, w = min(clang_t), min(cold_t), min(warm_t)
        ratio, speedup = a / c, a / w
        ok &= ratio <= 1.5 and speedup >= 10
        print(f"{name}: {len(src.c_files)} .c files, jobs={args.jobs}")
        print(f"  clang -fsyntax-only (parallel): {c:7.2f} s")
        print(f"  nicport analyze cold         : {a:7.2f} s   ratio {ratio:4.2f}x  (target <= 1.5x)")
        print(f"  nicport analyze warm         : {w:7.3f} s   {speedup:5.1f}x faster than cold (target >= 10x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
