"""TX/RX rings against the Python reference model (ring_model.py) under random
operation sequences: wrap-around, ring full, empty, budget, refill with
allocation failures, doorbell coalescing; every buffer accounted for (posted,
handed up, or back in the pool): no leak, no double free (the user osdep aborts
on one), checked again under ASan + UBSan."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ring_model import RingModel  # noqa: E402

OPS = st.one_of(
    st.tuples(st.just("tx"), st.integers(1, 12), st.integers(1, 4),
              st.sampled_from([60, 64, 100, 256, 300]), st.booleans()),
    st.tuples(st.just("txb"), st.integers(1, 40), st.integers(1, 4),
              st.sampled_from([60, 64, 100, 256, 300])),
    st.tuples(st.just("flush")),
    st.tuples(st.just("dev"), st.integers(0, 20)),
    st.tuples(st.just("txc"), st.integers(0, 20)),
    st.tuples(st.just("rx"), st.integers(0, 20)),
    st.tuples(st.just("rel")),
    st.tuples(st.just("refill"), st.integers(0, 40)),
    st.tuples(st.just("failalloc"), st.sampled_from([0, 0, 2, 3, 7])),
    st.tuples(st.just("state")),
)

PARAMS = st.tuples(
    st.sampled_from([8, 16, 32]),        # TX ring
    st.sampled_from([8, 16, 64]),        # RX ring
    st.sampled_from([24, 40, 200]),      # buffer pool (small pools run dry)
    st.integers(0, 9),                   # doorbell batch (0 = default)
    st.booleans(),                       # head write-back instead of DD
    st.integers(0, 8),                   # refill batch
)


def _script(params, ops):
    ntx, nrx, npool, db, headwb, rb = params
    model = RingModel(ntx, nrx, 256, npool, db, rb)
    lines = [f"ring_init {ntx} {nrx} 256 {npool} {db} 1 {int(headwb)} {rb}"]
    want = [model.init()]
    for op in ops:
        name, *args = op
        if name == "tx":
            n, nsegs, seglen, more = args
            lines.append(f"tx {n} {nsegs} {seglen} {int(more)}")
            want.append(model.tx(n, nsegs, seglen, more))
        elif name == "state":
            lines.append("state")
            want.append(model.state())
        else:
            lines.append(" ".join([name, *map(str, args)]))
            want.append(getattr(model, name)(*args))
    lines += ["state", "ring_fini"]
    want += [model.state(), model.fini()]
    return lines, want


def _check(driver, params, ops):
    lines, want = _script(params, ops)
    got = driver.run(lines)
    for line, g, w in zip(lines, got, want):
        assert ":BAD" not in g, f"payload corrupted: {line} -> {g}"
        assert g == w, f"after `{line}`:\n  C:     {g}\n  model: {w}"


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=PARAMS, ops=st.lists(OPS, min_size=1, max_size=60))
def test_ring_matches_model(gcc_driver, params, ops):
    _check(gcc_driver, params, ops)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=PARAMS, ops=st.lists(OPS, min_size=1, max_size=60))
def test_ring_matches_model_asan(asan_driver, params, ops):
    _check(asan_driver, params, ops)


def test_ring_long_run_wraps_many_times(driver):
    """A sustained flood with buffer recycling: 20 000 packets through 16/32-slot rings."""
    ops = []
    for i in range(2500):
        ops += [("tx", 8, 1 + i % 3, 100, i % 2 == 0) if i % 2 else ("txb", 8, 1 + i % 3, 100),
                ("flush",), ("dev", 8), ("rx", 8), ("txc", 8), ("rel",)]
    ops.append(("state",))
    _check(driver, (16, 32, 64, 0, False, 4), ops)
    lines, want = _script((16, 32, 64, 0, False, 4), ops)
    assert "rxpkts=" in want[-2] and int(want[-2].split("rxpkts=")[1].split()[0]) > 10000
