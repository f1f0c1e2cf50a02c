"""MSI-X end to end: the portable core + the generated hw layer + the device model, in the order
the adapters follow (allocate 2 vectors, nic_intr_map(0: RX0+TX0), nic_intr_map(1: LINK|OTHER),
queues, enable).  The harness (c/dm_msix_test.c) polls only when the queue vector fires, so a
cause routed to the wrong vector stalls it; the model counts causes routed to no valid vector
(irqs_lost) instead of delivering them, as the hardware loses them."""

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

MSIX_DRIVERS = ["e1000e", "igb", "ixgbe", "virtio_net"]
N = 300
NIC_E_IO, NIC_E_INVAL, NIC_E_NOSYS, NIC_E_NOTSUP = -5, -22, -38, -95
_built: dict[tuple[str, bool], Path] = {}


@pytest.fixture(scope="module")
def msix_harness(tmp_path_factory):
    require_tool("gcc")
    require_tool("ar")

    def get(drv: str, sanitize: bool = False) -> Path:
        key = (drv, sanitize)
        if key not in _built:
            _built[key] = _b.build_harness(drv, tmp_path_factory.mktemp(f"msix_{drv}"), sanitize=sanitize,
                                           harness=_b.MSIX_HARNESS)
        return _built[key]

    return get


def _run(exe: Path, drv: str, mode: str, *args: str) -> dict[str, str]:
    r = _b.run(exe, drv, mode, *args)
    return {k: v for k, v in r.items()}


@pytest.mark.parametrize("drv", MSIX_DRIVERS)
def test_msix_queue_vector_and_misc_vector(msix_harness, drv: str) -> None:
    r = _run(msix_harness(drv), drv, "msix", str(N))
    assert r["map0"] == r["map1"] == "0"
    # every packet each way, driven only by vector 0's interrupts (no watchdog poll)
    assert r["sent"] == r["done"] == r["rx_ok"] == str(N) and r["rx_bad"] == "0"
    assert int(r["vec0"]) >= N and int(r["polls"]) >= N
    # link down + link up: two interrupts on vector 1, both read as NIC_INTR_LINK
    assert r["vec1"] == r["links"] == "2" and r["others"] == "0"
    assert r["legacy"] == "0"  # MSI-X on: the single-vector callback is never used
    assert r["lost"] == "0"  # every cause had a valid, allocated vector (a wrong IVAR entry shows here)


@pytest.mark.parametrize("drv", MSIX_DRIVERS)
def test_wrong_mapping_is_delivered_on_the_other_vector(msix_harness, drv: str) -> None:
    # queues and misc both mapped to vector 1: the model routes by what was programmed
    r = _run(msix_harness(drv), drv, "wrong", str(N))
    assert r["vec0"] == "0" and int(r["vec1"]) >= N + 2
    assert r["rx_ok"] == str(N) and r["links"] == "2"


@pytest.mark.parametrize("drv", MSIX_DRIVERS)
def test_cause_on_an_unallocated_vector_is_lost(msix_harness, drv: str) -> None:
    # the OS allocated 1 vector, the misc causes are routed to vector 1: lost, as hardware
    r = _run(msix_harness(drv), drv, "lost", "50")
    assert r["rx_ok"] == "50" and int(r["vec0"]) >= 50
    assert r["vec1"] == r["links"] == "0" and r["lost"] == "2"


@pytest.mark.parametrize("drv", MSIX_DRIVERS)
def test_fallback_to_legacy_then_intx(msix_harness, drv: str) -> None:
    r = _run(msix_harness(drv), drv, "fallback", str(N))
    assert r["map0"] == r["map1"] == "0"  # MSI-X was programmed, then NIC_INTR_VEC_LEGACY
    assert r["vec0"] == r["vec1"] == "0" and int(r["legacy"]) > 0
    assert r["sent"] == r["done"] == r["rx_ok"] == str(N) and r["links"] == "2" and r["lost"] == "0"


@pytest.mark.parametrize("drv,code", [("e1000e", NIC_E_INVAL), ("igb", NIC_E_INVAL), ("ixgbe", NIC_E_INVAL),
                                      ("virtio_net", NIC_E_IO)])
def test_vector_the_device_cannot_take_is_refused(msix_harness, drv: str, code: int) -> None:
    # Intel: beyond the table the hw layer routes; virtio: the device reads back NO_VECTOR
    r = _run(msix_harness(drv), drv, "refused", "0")
    assert r["map0"] == str(code) and r["map1"] == "0"


def test_e1000_has_no_msix(msix_harness) -> None:
    r = _run(msix_harness("e1000"), "e1000", "msix", str(N))
    assert r["map0"] == r["map1"] == str(NIC_E_NOSYS) and r["msix_max"] == "0"
    assert r["vec0"] == r["vec1"] == "0" and r["rx_ok"] == str(N) and r["links"] == "2"


def test_virtio_mmio_has_no_msix(msix_harness) -> None:
    r = _run(msix_harness("virtio_net"), "virtio_net", "mmio", "50")
    assert r["map0"] == r["map1"] == str(NIC_E_NOTSUP)
    assert r["rx_ok"] == "50" and int(r["legacy"]) > 0 and r["vec0"] == "0"


# registers after the MSI-X bring-up, as the original driver programs them (values from the
# driver's own formulas: e1000_configure_msix, igb_configure_msix + igb_assign_vector +
# igb_irq_enable, ixgbe_configure_msix + ixgbe_setup_gpie; offsets from the datasheets)
EXPECT_REGS = {
    "e1000e": {
        0x000E4: 0x80090808,  # IVAR: RxQ0 -> 0|VALID, TxQ0 -> 0|VALID, Other -> 1|VALID, bit 31
        0x000DC: 0x00500000,  # EIAC_82574: RXQ0 | TXQ0 auto-clear
        0x000D0: 0x01500004,  # IMS: RXQ0 | TXQ0 (vector 0) | OTHER | LSC (vector 1)
    },
    "igb": {
        0x01514: 0xC0000011,  # GPIE: PBA | EIAME | MSIX_MODE | NSICR
        0x01740: 0x00008100,  # IVAR_MISC: other causes -> vector 1 | VALID
        0x0152C: 0x00000003,  # EIAC
        0x01530: 0x00000003,  # EIAM
        0x01524: 0x00000003,  # EIMS: both vectors unmasked
    },
    "ixgbe": {
        0x00898: 0xC0000030,  # GPIE: PBA_SUPPORT | EIAME | OCD | MSIX_MODE
        0x00A00: 0x00008100,  # IVAR_MISC
        0x00810: 0x00000001,  # EIAC: the queue vector only
        0x00AD0: 0xFFFFFFFF,  # EIAM_EX(0)
        0x00880: 0x80100001,  # EIMS: vector 0 | LSC | OTHER
    },
}
IVAR0 = {"igb": 0x01700, "ixgbe": 0x00900}


@pytest.mark.parametrize("drv", ["e1000e", "igb", "ixgbe"])
def test_intel_registers_after_msix_bring_up(msix_harness, drv: str) -> None:
    offs = [*EXPECT_REGS[drv], *([IVAR0[drv]] if drv in IVAR0 else [])]
    r = _run(msix_harness(drv), drv, "regs", *(hex(o) for o in offs))
    for off, want in EXPECT_REGS[drv].items():
        assert int(r[hex(off)], 16) == want, f"{drv} register {off:#x}"
    if drv in IVAR0:  # queue 0: RX -> vector 0, TX -> vector 0, valid
        assert int(r[hex(IVAR0[drv])], 16) & 0xFFFF == 0x8080
    # the IR's offsets are the ones the hw layer used
    from nicport.generate.hw import hw_facts

    f = hw_facts(drv)
    regs = {c.value for c in f.regs.values()}
    assert set(EXPECT_REGS[drv]) <= regs | {0x000D0, 0x01524, 0x00880}


def test_virtio_vectors_after_msix_bring_up(msix_harness) -> None:
    r = _run(msix_harness("virtio_net"), "virtio_net", "regs", "0x70")
    assert r["map0"] == r["map1"] == "0"
    assert r["0x70"] == "0xf" and r["msix_config"] == "0x1" and r["q0_vector"] == "0x0" and r["q1_vector"] == "0x0"


@pytest.mark.parametrize("drv", MSIX_DRIVERS)
def test_msix_sanitizers_clean(msix_harness, drv: str) -> None:
    exe = msix_harness(drv, sanitize=True)
    for mode in ("msix", "wrong", "fallback"):
        r = _run(exe, drv, mode, "100")
        assert r["rx_ok"] == "100"
