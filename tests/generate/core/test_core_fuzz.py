"""libFuzzer (clang -fsanitize=fuzzer,address,undefined) for a bounded time:
the offload engine with malformed packets, the RX/TX-completion path with a
hostile hw layer.  Seeds are real frames so the fuzzer starts deep in the parsers."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from core_build import CSRC, core_sources
from helpers import require, require_tool

SECONDS = 5


def _libfuzzer_available(tmp: Path) -> bool:
    src = tmp / "probe.c"
    src.write_text("int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)"
                   "{(void)d;(void)n;return 0;}\n")
    r = subprocess.run(["clang", "-fsanitize=fuzzer,address,undefined", str(src), "-o",
                        str(tmp / "probe")], capture_output=True)
    return r.returncode == 0


def _seeds(corpus: Path):
    from scapy.layers.inet import IP, TCP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Dot1Q, Ether

    mac = dict(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
    frames = [
        Ether(**mac) / IP(src="1.2.3.4", dst="5.6.7.8") / TCP(flags="PA") / (b"x" * 3000),
        Ether(**mac) / Dot1Q(vlan=3) / IPv6(src="::1", dst="::2") / TCP() / (b"y" * 2000),
        Ether(**mac) / IP(src="1.2.3.4", dst="5.6.7.8", options=b"\x01" * 4) / UDP() / b"z",
        Ether(**mac) / IP(src="1.2.3.4", dst="5.6.7.8") / TCP(options=[("MSS", 1460)]),
    ]
    for i, f in enumerate(frames):
        # selector (offload flags), mss (le16), caps, caps2, number of cuts
        prefix = bytes([0x07 | (i << 6), 0xA8, 0x05, 0xFF, 3, i])
        (corpus / f"seed{i}").write_bytes(prefix + bytes(f))


FUZZ_FLAGS = ["-std=c11", "-g", "-O1", "-fno-sanitize-recover=all", "-Wall", "-Wextra", "-Werror"]


@pytest.fixture(scope="module")
def fuzz_build(tmp_path_factory, core_tree):
    """The core compiled once with sanitizer coverage; each harness only links."""
    require_tool("clang")
    d = tmp_path_factory.mktemp("fuzz")
    require(_libfuzzer_available(d), "libFuzzer runtime (apt-get install libclang-rt-14-dev)")
    srcs = [s for s in core_sources(core_tree) if "loopback" not in s.name]
    objdir = d / "obj"
    objdir.mkdir()
    r = subprocess.run(["nice", "clang", *FUZZ_FLAGS, "-fsanitize=fuzzer-no-link,address,undefined",
                        f"-I{core_tree}", "-c", *map(str, srcs)],
                       capture_output=True, text=True, cwd=objdir)
    assert r.returncode == 0, r.stderr
    return d


@pytest.mark.parametrize("harness", ["fuzz_offload", "fuzz_rx"])
def test_fuzz_bounded(harness, fuzz_build, core_tree):
    exe = fuzz_build / harness
    objs = sorted(str(p) for p in (fuzz_build / "obj").glob("*.o"))
    cmd = ["nice", "clang", *FUZZ_FLAGS, "-fsanitize=fuzzer,address,undefined", f"-I{core_tree}",
           "-o", str(exe), str(CSRC / f"{harness}.c"), *objs]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    corpus = fuzz_build / f"corpus_{harness}"
    corpus.mkdir(exist_ok=True)
    if harness == "fuzz_offload":
        _seeds(corpus)
    else:
        # found by this fuzzer: an undersized buffer in a bulk refill freed the wrong slot
        (corpus / "regress-short-buffer").write_bytes(b"\x0a\x0a\x14")
    r = subprocess.run([str(exe), f"-max_total_time={SECONDS}", "-max_len=8192", "-seed=1",
                        "-print_final_stats=1", str(corpus)],
                       capture_output=True, text=True, timeout=SECONDS * 10)
    assert r.returncode == 0, r.stderr[-5000:]
    assert "ERROR" not in r.stderr and "runtime error" not in r.stderr
    runs = int(re.search(r"stat::number_of_executed_units:\s+(\d+)", r.stderr).group(1))
    assert runs > 1000, f"fuzzer barely ran ({runs} executions)"
