"""L3 of the generated Linux driver: the portable core + the hw layer + the Linux adapter, all
generated from the analysed Debian driver, built against Debian's headers and run through the
QEMU harness (docs/l3.md) on the NIC model the IR's PCI ID table selects.

The offloads claimed to the harness are what the IR says the original offers AND the generated
adapter advertises; what it does not advertise is reported in ``missing``, never claimed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.errors import BadInput
from nicport.verify.l3 import (
    adapter_irq_order, adapter_netif, advertised_offloads, expected_irq_mode, hw_caps, hw_routes_vectors,
    ir_device_ids, ir_offloads, irq_summary, run_l3_for_ir, run_l3_for_tree,
)
from nicport.verify.qemu import choose_qemu_model
from nicport.verify.qemu.modules import headers_dir

LIMIT_S = 30.0
_trees: dict = {}


def _analyse(name: str, config, driver_source):
    from nicport.analyze import analyze_driver

    return analyze_driver(driver_source(name), config)


@pytest.fixture(scope="module")
def e1000_tree(tmp_path_factory, config, driver_source) -> Path:
    """The generated e1000 tree (ir, core, hw, os/linux) without running anything."""
    from nicport.generate.adapters import write_adapters
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw

    ir = _analyse("e1000", config, driver_source)
    out = tmp_path_factory.mktemp("e1000")
    (out / "ir").mkdir()
    (out / "ir" / "e1000.ir.json").write_text(ir.model_dump_json())
    write_core(out)
    write_hw(ir, out)
    write_adapters(ir, out, ("linux",))
    return out


def _ir(tree: Path) -> dict:
    return json.loads((tree / "ir" / "e1000.ir.json").read_text())


def test_the_ir_picks_the_qemu_model_and_offloads(e1000_tree: Path) -> None:
    ir = _ir(e1000_tree)
    ids = ir_device_ids(ir)
    assert "8086:100e" in ids and len(ids) == 37          # e1000_pci_tbl of Debian's 6.1
    choice = choose_qemu_model(ids)
    assert (choice.model, choice.pci_id_str) == ("e1000", "8086:100e")
    assert ir_offloads(ir) == {"tx_csum": True, "rx_csum": True, "tso": True, "vlan": True}


def test_the_generated_adapter_binds_the_ir_ids(e1000_tree: Path) -> None:
    """The adapter's pci_device_id table comes from the real IR (an empty one binds nothing)."""
    text = (e1000_tree / "os" / "linux" / "e1000_linux.c").read_text()
    assert "PCI_DEVICE(0x8086, 0x100e)" in text
    assert text.count("PCI_DEVICE(0x8086,") == 37


def test_advertised_offloads_follow_the_hw_caps(e1000_tree: Path) -> None:
    lin, hw = e1000_tree / "os" / "linux", e1000_tree / "hw"
    caps = hw_caps((hw / "e1000_hw.c").read_text())
    assert {"NIC_HWCAP_TX_TCP_CSUM", "NIC_HWCAP_TX_TSO4", "NIC_HWCAP_RX_CSUM"} <= caps
    adapter = (lin / "e1000_linux.c").read_text()
    netif = adapter_netif(adapter, caps)
    assert {"NETIF_F_SG", "NETIF_F_IP_CSUM", "NETIF_F_TSO", "NETIF_F_RXCSUM"} <= netif
    assert "NETIF_F_TSO" not in adapter_netif(adapter, caps - {"NIC_HWCAP_TX_TSO4"})
    assert "NETIF_F_RXCSUM" not in adapter_netif(adapter, caps - {"NIC_HWCAP_RX_CSUM"})
    adv = advertised_offloads(lin, hw, "e1000")
    assert adv["tso"] and adv["tx_csum"] and adv["rx_csum"]
    # the harness switches both VLAN directions on: claimed only when both are advertised
    assert adv["vlan"] == ({"NIC_HWCAP_TX_VLAN", "NIC_HWCAP_RX_VLAN"} <= caps)


def test_a_tree_without_a_linux_adapter_is_bad_input(e1000_tree: Path, tmp_path: Path) -> None:
    (tmp_path / "ir").mkdir()
    (tmp_path / "ir" / "e1000.ir.json").write_text((e1000_tree / "ir" / "e1000.ir.json").read_text())
    with pytest.raises((BadInput, FileNotFoundError)):
        run_l3_for_tree(tmp_path)


def test_a_module_that_does_not_build_fails_with_the_compiler_message(e1000_tree: Path, tmp_path: Path) -> None:
    """Build errors are a FAIL with kbuild's words; QEMU never starts, the tree is not written."""
    import shutil

    require((headers_dir() / "Makefile").is_file(), "linux-headers-6.1.0-56-amd64")
    tree = tmp_path / "e1000"
    shutil.copytree(e1000_tree, tree, symlinks=True)
    adapter = tree / "os" / "linux" / "e1000_linux.c"
    adapter.write_text(adapter.read_text().replace("static int e1000_poll(", "static int e1000_poll(broken ", 1))
    r = run_l3_for_tree(tree)
    assert r.verdict == "FAIL" and r.reason.startswith("the generated Linux module does not build")
    assert "e1000_linux.c" in r.reason and r.timings["build_s"] > 0 and r.log_path is None
    assert not list((tree / "os" / "linux").glob("*.o"))  # built in a private copy
    assert json.loads((tree / "verify" / "l3" / "l3-linux.json").read_text())["verdict"] == "FAIL"


def test_the_expected_interrupt_mode_follows_adapter_hw_and_device(e1000_tree: Path) -> None:
    """The mode an L3 run must end in: the adapter's first model the hw layer can serve (MSI-X
    needs ho_vector_map), the QEMU model presents and the run left available."""
    assert adapter_irq_order((e1000_tree / "os" / "linux" / "e1000_linux.c").read_text()) == ["intx"]
    assert not hw_routes_vectors((e1000_tree / "hw" / "e1000_hw.c").read_text())  # 8254x: no MSI-X
    assert hw_routes_vectors("\t.ho_vector_map = e1000e_vector_map,") and not hw_routes_vectors(
        "\t.ho_vector_map = NULL,")
    order = ["msix", "msi", "intx"]
    assert expected_irq_mode(order, True, ("msix", "msi")) == "msix"
    assert expected_irq_mode(order, False, ("msix", "msi")) == "msi"        # NIC_E_NOSYS -> MSI
    assert expected_irq_mode(order, True, ("msix", "msi"), no_msix=True, no_msi=True) == "intx"
    assert expected_irq_mode(["msix", "intx"], True, ("msix",), no_msix=True) == "intx"  # vectors=0
    assert expected_irq_mode(order, True, ()) == "intx"                    # a model with INTx only
    assert expected_irq_mode(order, True, None) == "msix"                  # unknown model
    irq = {"mode": "msix", "queue_vector": 24,
           "vectors": [{"irq": 24, "name": "eth0-txrx-0", "before": 0, "after": 9},
                       {"irq": 25, "name": "eth0-misc", "before": 0, "after": 1}]}
    assert irq_summary(irq) == ("interrupts: MSI-X, 2 vector(s), queue vector eth0-txrx-0 fired 9 times "
                                "during the traffic, eth0-misc 1")
    assert irq_summary({}) == "interrupts: not reported"


def _prereqs() -> None:
    require_tool("qemu-system-x86_64")
    require_tool("gcc")
    require(Path("/bin/busybox").is_file(), "busybox-static")
    require(Path("/boot/vmlinuz-6.1.0-56-amd64").is_file(), "linux-image-6.1.0-56-amd64")
    require((headers_dir() / "Makefile").is_file(), "linux-headers-6.1.0-56-amd64")


def _explain(r, out: Path) -> str:
    tail = ""
    if r.log_path and (out / r.log_path).is_file():
        tail = "\n".join((out / r.log_path).read_text().splitlines()[-40:])
    return f"{r.reason}\n" + "\n".join(r.reasons) + "\n--- console tail ---\n" + tail


# driver: (QEMU model, PCI ID, offloads the harness must have checked, interrupt vectors)
PASSING = {
    "e1000": ("e1000", "8086:100e", {"tso", "tx_csum", "vlan"}, ["eth0"]),  # no RX csum; INTx only
    "e1000e": ("e1000e", "8086:10d3", {"tso", "tx_csum", "rx_csum", "vlan"}, ["eth0-txrx-0", "eth0-misc"]),
}


def _assert_irq(r, mode: str, names: list[str]) -> None:
    """The kernel gave the NIC ``mode`` with the vectors ``names`` and the queue vector fired."""
    assert r.irq_expected == [mode] and r.irq["mode"] == mode, (r.irq_expected, r.irq)
    assert [e["name"] for e in r.irq["vectors"]] == names
    q = next(e for e in r.irq["vectors"] if e["irq"] == r.irq["queue_vector"])
    assert q["name"] == names[0] and q["after"] - q["before"] > 100  # thousands of frames went by
    assert r.counts["irq_queue_vector_during_traffic"] == q["after"] - q["before"]
    assert r.irq["driver_log"] == mode and r.irq["driver_vectors"] == len(names)
    word = {"msix": "MSI-X", "msi": "MSI", "intx": "INTx"}[mode]
    assert f"interrupts: {word}, {len(names)} vector(s), queue vector {names[0]} fired" in r.reason


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
@pytest.mark.parametrize("name", sorted(PASSING))
def test_generated_driver_passes_l3(name: str, tmp_path: Path, config, driver_source) -> None:
    _prereqs()
    model, pci_id, checked, vectors = PASSING[name]
    r = run_l3_for_ir(_analyse(name, config, driver_source), tmp_path, config, timeout=LIMIT_S)
    assert r.passed, _explain(r, tmp_path)
    # e1000e: MSI-X, vector 0 = queue pair 0, vector 1 = link/other (the hw layer routes them)
    assert r.hw_msix == (name == "e1000e")
    _assert_irq(r, "msix" if r.hw_msix else "intx", vectors)
    assert (r.target, r.level, r.reasons) == ("linux", "L3", [])
    assert (r.qemu_device, r.pci_id, r.driver_name) == (model, pci_id, f"nicport_{name}")
    assert r.timings["total_s"] <= LIMIT_S
    for key in ("build_s", "boot_to_shell_s", "link_up_s", "pktgen_fps"):
        assert r.timings[key] and r.timings[key] > 0, key
    assert r.counts["pktgen_guest_sent"] == r.counts["pktgen_host_counted"] == 100000
    assert r.counts["guest_rx_packets"] == r.counts["host_tx_frames"] > 1000
    # honest claims: only what the IR offers and the generated adapter advertises
    assert r.features == {k: r.ir_offloads[k] and r.advertised[k] for k in r.features}
    assert set(r.missing) == {k for k in r.ir_offloads if r.ir_offloads[k] and not r.advertised[k]}
    assert {k for k, v in r.offloads.items() if v == "checked"} == checked
    assert r.missing == {} and all(r.features.values())  # every offload of the original is claimed
    saved = json.loads((tmp_path / r.result_path).read_text())
    assert saved["verdict"] == "PASS" and saved["driver"] == f"nicport_{name}"
    assert "@@NP done" in (tmp_path / r.log_path).read_text()
    assert json.loads((tmp_path / "verify" / "l3" / "l3-linux.json").read_text())["verdict"] == "PASS"


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
def test_generated_virtio_net_passes_l3_over_virtio_pci(tmp_path: Path, config, driver_source) -> None:
    """virtio_net's IR lists split and packed rings and net-header layouts: the split ring is
    generated, the rest recorded as not used; the hw layer finds QEMU's virtio-pci (modern)
    structures through the PCI capability list and the generated driver passes L3.  QEMU's
    virtio-net over the socket netdev offers no checksum/TSO and has no VLAN offload, so the
    claimed offloads are all reported "not emulated", and the adapter turns on only what the
    device negotiated (none here), so the stack does checksums and segmentation itself."""
    _prereqs()
    r = run_l3_for_ir(_analyse("virtio_net", config, driver_source), tmp_path, config, timeout=LIMIT_S)
    assert r.passed, _explain(r, tmp_path)
    assert (r.qemu_device, r.pci_id, r.driver_name) == ("virtio-net-pci", "1af4:1000", "nicport_virtio_net")
    # MSI-X through virtio-pci's msix_config / queue_msix_vector
    assert r.irq_order == ["msix", "intx"] and r.hw_msix
    _assert_irq(r, "msix", ["eth0-txrx-0", "eth0-misc"])
    assert r.timings["total_s"] <= LIMIT_S
    assert r.counts["pktgen_guest_sent"] == r.counts["pktgen_host_counted"] == 100000
    assert r.counts["guest_rx_packets"] == r.counts["host_tx_frames"] > 1000
    assert r.features == {k: r.ir_offloads[k] and r.advertised[k] for k in r.features}
    claimed = {k for k, v in r.features.items() if v}
    assert claimed and set(r.offloads) == claimed
    assert all(v.startswith("not emulated") for v in r.offloads.values()), r.offloads
    log = (tmp_path / r.log_path).read_text()
    assert "@@NP done" in log and "driver=nicport_virtio_net" in log
    hw_c = (tmp_path / "hw" / "virtio_net_hw.c").read_text()
    assert "Not used by this port: packed virtqueue" in hw_c


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
def test_generated_virtio_net_falls_back_to_intx_without_msix(tmp_path: Path, config, driver_source) -> None:
    """QEMU's virtio-net-pci with vectors=0 has no MSI-X capability: pci_alloc_irq_vectors(MSI-X)
    fails and the adapter takes the next model of virtio_pci's order, INTx; the traffic passes."""
    _prereqs()
    r = run_l3_for_ir(_analyse("virtio_net", config, driver_source), tmp_path, config, timeout=LIMIT_S,
                      without_msix=True)
    assert r.passed, _explain(r, tmp_path)
    assert r.without_msix and r.hw_msix and "vectors=0" in r.reason
    _assert_irq(r, "intx", ["eth0"])
    assert r.counts["pktgen_guest_sent"] == r.counts["pktgen_host_counted"] == 100000
    assert (tmp_path / "verify" / "l3-no-msix" / "l3-linux.json").is_file()


@pytest.mark.slow
@pytest.mark.xdist_group("qemu")
def test_generated_e1000e_falls_back_to_msi_when_the_hw_layer_cannot_route(tmp_path: Path, config,
                                                                           driver_source) -> None:
    """A hw layer without ho_vector_map (nic_intr_map says NIC_E_NOSYS): the adapter resets it
    with NIC_INTR_VEC_LEGACY, gives MSI-X back and runs on MSI, the original's next model."""
    from nicport.generate.adapters import write_adapters
    from nicport.generate.core import write_core
    from nicport.generate.hw import write_hw

    _prereqs()
    ir = _analyse("e1000e", config, driver_source)
    (tmp_path / "ir").mkdir()
    (tmp_path / "ir" / "e1000e.ir.json").write_text(ir.model_dump_json())
    write_core(tmp_path)
    write_hw(ir, tmp_path)
    write_adapters(ir, tmp_path, ("linux",))
    hw_c = tmp_path / "hw" / "e1000e_hw.c"
    text = hw_c.read_text()
    require(hw_routes_vectors(text), "the e1000e hw layer with ho_vector_map")
    hw_c.write_text(re.sub(r"\.ho_vector_map\s*=\s*\w+,", ".ho_vector_map = NULL,", text))
    r = run_l3_for_tree(tmp_path, config, timeout=LIMIT_S, ir=ir)
    assert r.passed, _explain(r, tmp_path)
    assert not r.hw_msix and any("NIC_E_NOSYS" in n for n in r.notes)
    _assert_irq(r, "msi", ["eth0"])
    log = (tmp_path / r.log_path).read_text()
    assert "MSI-X vectors not routed by the hw layer (-38), next interrupt model" in log
