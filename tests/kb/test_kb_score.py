"""The portability score on hand-checked cases (docs/portability_score.md)."""

from __future__ import annotations

import pytest

from nicport.errors import BadInput
from nicport.kb.score import FEATURE_UNIT, GATE, compute_score


def site(api: str, line: int = 1) -> tuple[str, str, int, str]:
    return (api, "drv.c", line, "drv_fn")


def test_weights_by_category_and_unknowns():
    # dma_map_single: dma (w=3, adapter on FreeBSD), netdev_dbg: logging (w=0.25), frobnicate: unknown (w=1)
    r = compute_score([site("dma_map_single", 1), site("netdev_dbg", 2), site("frobnicate", 3)], ["linux", "freebsd"])
    fb = r.target("freebsd")
    assert fb.score == pytest.approx(100 * 3.25 / 4.25)  # 76.47
    assert fb.call_share == pytest.approx(3.25 / 4.25)
    assert fb.feature_share is None and fb.ported_sites == 2
    assert not fb.gate_passed
    assert r.target("linux").score == 100.0


def test_all_ported_scores_100():
    r = compute_score([site("dma_map_single"), site("writel", 2), site("wmb", 3)], ["freebsd", "windows", "rtos"])
    assert all(t.score == 100.0 and t.gate_passed for t in r.targets)
    assert r.gate_passed


def test_missing_feature_counts_its_weight_and_its_call_sites():
    # XDP (weight 3) is missing on FreeBSD; bpf_prog_run_xdp (category xdp, w=3) is not ported
    r = compute_score([site("bpf_prog_run_xdp"), site("dma_map_single", 2)], ["freebsd"])
    fb = r.target("freebsd")
    assert fb.features_used == ("xdp",) and fb.features_missing == ("xdp",)
    assert fb.score == pytest.approx(100 * 3 / (6 + 3 * FEATURE_UNIT))  # 8.33
    assert fb.feature_share == 0.0


def test_feature_supported_on_one_target_missing_on_another():
    calls = [site("napi_gro_receive")]  # rx_tx (w=3), feature gro (W=2): FreeBSD has tcp_lro, NetBSD has none
    r = compute_score(calls, ["freebsd", "netbsd"])
    assert r.target("freebsd").score == 100.0
    assert r.target("netbsd").score == 0.0
    assert r.target("netbsd").features_missing == ("gro",)


def test_gate_is_95_and_boundary():
    assert GATE == 95.0
    # 19 direct calls of weight 1 (endian) + 1 unknown (w=1): 95.0 exactly passes
    calls = [site("cpu_to_le32", i) for i in range(19)] + [site("frobnicate", 99)]
    t = compute_score(calls, ["illumos"]).target("illumos")
    assert t.score == pytest.approx(95.0) and t.gate_passed
    calls.append(site("frobnicate", 100))
    assert not compute_score(calls, ["illumos"]).target("illumos").gate_passed


def test_no_calls_and_bad_target():
    assert compute_score([], ["windows"]).target("windows").score == 100.0
    with pytest.raises(BadInput):
        compute_score([site("readl")], ["beos"])
