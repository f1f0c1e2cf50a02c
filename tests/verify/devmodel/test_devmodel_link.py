"""Link state end to end: the portable core (nic_link_state) + the generated hw layer
(ho_link_state, from the IR's STATUS / LINKS / virtio config facts) + the device model, whose
nic_devmodel_set_link moves STATUS.LU (e1000, e1000e, igb), LINKS.UP (ixgbe) and the
virtio-net config status (VIRTIO_NET_S_LINK_UP) and raises the link cause.  The harness
(c/dm_link_test.c) reads the state at "open" and from each link interrupt, as the Linux
adapter does."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import require_tool


def _load_build():
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("dm_build", Path(__file__).with_name("dm_build.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_b = _load_build()
LINK_HARNESS = Path(__file__).resolve().parent / "c" / "dm_link_test.c"
NIC_E_NOSYS = -38
# speed / duplex the model reports when up: QEMU's 8254x/82574 come out of reset at 1000 full;
# the 82599 model at 10G (LINKS_SPEED_10G_82599); virtio-net has no SPEED_DUPLEX: unknown
EXPECT = {"e1000": ("1000", "1"), "e1000e": ("1000", "1"), "igb": ("1000", "1"), "ixgbe": ("10000", "1"),
          "virtio_net": ("0", "-1")}
CASES = [("e1000", "intx"), ("e1000e", "intx"), ("e1000e", "msix"), ("igb", "intx"), ("igb", "msix"),
         ("ixgbe", "intx"), ("ixgbe", "msix"), ("virtio_net", "intx"), ("virtio_net", "msix"),
         ("virtio_net", "mmio")]
_built: dict[tuple[str, bool], Path] = {}


@pytest.fixture(scope="module")
def link_harness(tmp_path_factory):
    require_tool("gcc")
    require_tool("ar")

    def get(drv: str, sanitize: bool = False) -> Path:
        key = (drv, sanitize)
        if key not in _built:
            _built[key] = _b.build_harness(drv, tmp_path_factory.mktemp(f"link_{drv}"), sanitize=sanitize,
                                           harness=LINK_HARNESS)
        return _built[key]

    return get


@pytest.mark.parametrize("drv,mode", CASES)
def test_link_state_follows_set_link(link_harness, drv: str, mode: str) -> None:
    r = _b.run(link_harness(drv), drv, mode)
    assert r["hook"] == "1"
    speed, fd = EXPECT[drv]
    assert (r["up0"], r["speed0"], r["fd0"]) == ("1", speed, fd)  # at open
    # each change read from its own link interrupt: down, up, down, up
    assert (r["down1"], r["up1"], r["down2"], r["up2"]) == ("0", "1", "0", "1")
    assert (r["speed"], r["fd"]) == (speed, fd)
    if mode == "msix":
        assert r["vec1"] == "4"  # every link cause on the misc vector
    # no hook: NIC_E_NOSYS and the outputs cleared, so the adapter keeps today's behaviour
    assert (r["nosys"], r["nosys_speed"], r["nosys_fd"]) == (str(NIC_E_NOSYS), "0", "-1")


def test_link_state_under_sanitizers(link_harness) -> None:
    r = _b.run(link_harness("e1000e", sanitize=True), "e1000e", "msix")
    assert (r["down1"], r["up1"]) == ("0", "1")


def test_the_model_really_moves_the_bits(tmp_path: Path) -> None:
    """The devmodel config names the link register/bits from the facts (not hand-typed), and
    without DM_LINK_* the model would leave STATUS alone: the harness above could not pass."""
    from nicport.generate.hw.facts import hw_facts
    from nicport.verify.devmodel import devmodel_cfg

    for drv, variant, reg in (("e1000", "E1000", "0x00008"), ("ixgbe", "IXGBE", "0x042a4")):
        cfg = devmodel_cfg(hw_facts(drv))
        assert f"#define DM_LINK_{variant}\t1" in cfg
        assert f"#define DM_R_LINK_STATUS\t{reg}" in cfg
    assert "#define DM_LINK_VIRTIO\t1" in devmodel_cfg(hw_facts("virtio_net"))
