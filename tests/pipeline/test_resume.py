"""kill -9 at random nodes, then `nicport resume`: the output tree must be byte-identical to
an uninterrupted run.  Runs the real CLI in subprocesses; the process SIGKILLs itself at the
chosen node (NICPORT_KILL_AT=node[:before|after]), which is what `kill -9` does to it."""

from __future__ import annotations

import json
import os
import random
import signal

import pytest

from nicport.pipeline.graph import build_graph

TARGETS = "linux,windows"
# `nicport port` with the linux target boots QEMU (L3) by default: keep these runs on the one
# worker that runs every QEMU test, so two guests never compete for the 2 cores.
pytestmark = pytest.mark.xdist_group("qemu")
PER_TARGET = {"adapter_writer", "kernel_build", "target_tests"}


def _kill_points(rng: random.Random) -> list[str]:
    nodes = sorted(n for n in build_graph().nodes if n not in ("repair",))
    points = []
    for n in rng.sample(nodes, 2):
        if n in PER_TARGET:
            n = f"{n}[{rng.choice(TARGETS.split(','))}]"
        points.append(f"{n}:{rng.choice(['before', 'after'])}")
    # always: between moving the output into place and the checkpoint that records it
    return points + ["publish:after"]


def _uninterrupted(cli, digest, base, code):
    out = base / "ref" / "e1000"
    r = cli(["-q", "port", "e1000", "-o", str(out), "--targets", TARGETS], base / "ref-runs", code=code)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, digest(out)


@pytest.mark.slow
def test_sigkill_at_random_nodes_then_resume_is_byte_identical(tmp_path, cli, digest, driver_source, package_snapshot):
    driver_source("e1000")  # the tarball is there (fails/skips otherwise)
    seed = int(os.environ.get("NICPORT_KILL_SEED", random.SystemRandom().randrange(1 << 30)))
    points = _kill_points(random.Random(seed))
    code = package_snapshot
    for i, point in enumerate(points):
        runs = tmp_path / f"runs{i}"
        out = tmp_path / f"out{i}" / "e1000"
        r = cli(["-q", "port", "e1000", "-o", str(out), "--targets", TARGETS], runs, {"NICPORT_KILL_AT": point}, code=code)
        assert r.returncode == -signal.SIGKILL, f"seed {seed}, {point}: not killed (rc {r.returncode}) {r.stderr[-500:]}"
        rows = json.loads(cli(["runs", "--json"], runs, code=code).stdout)["runs"]
        assert len(rows) == 1 and rows[0]["status"] == "interrupted", f"seed {seed}, {point}: {rows}"
        if not point.startswith("publish:after"):
            assert not (out / "PORTING_REPORT.md").exists(), f"seed {seed}, {point}: output appeared before publish"
        res = cli(["resume", rows[0]["run"]], runs, code=code)
        # the uninterrupted run right after (same sources, same stage code) is the reference
        ref_code, ref_tree = _uninterrupted(cli, digest, tmp_path / f"ref{i}", code)
        assert res.returncode == ref_code, f"seed {seed}, {point}: resume rc {res.returncode}: {res.stderr[-800:]}"
        assert digest(out) == ref_tree, f"seed {seed}, kill at {point}: resumed tree differs"
        rows = json.loads(cli(["runs", "--json"], runs, code=code).stdout)["runs"]
        assert rows[0]["status"] in ("done", "failed") and rows[0]["phase"] == 6
