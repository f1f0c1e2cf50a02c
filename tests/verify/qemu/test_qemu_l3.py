"""L3 end to end: Debian's kernel in QEMU (TCG), the module under test loaded from nicport's
initramfs, real frames counted on both sides.  The harness is proven with the real in-tree
e1000, e1000e and virtio_net modules (they must PASS), and shown able to FAIL: a host peer
that loses frames, and an e1000 rebuilt with a TX checksum-offload bug."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.verify.qemu import build_module, run_l3
from nicport.verify.qemu.modules import headers_dir, modinfo

KTREE = Path("/lib/modules/6.1.0-56-amd64")
NET = KTREE / "kernel/drivers/net"
LIMIT_S = 30.0

ALL = dict(vlan=True, tso=True, tx_csum=True, rx_csum=True)  # what each driver's code offers
CASES = {
    # name: (module, driver name, QEMU model, PCI ID, offloads claimed, offloads QEMU emulates)
    "e1000": (NET / "ethernet/intel/e1000/e1000.ko", "e1000", "e1000", "8086:100e", ALL,
              {"vlan", "tso", "tx_csum"}),
    "e1000e": (NET / "ethernet/intel/e1000e/e1000e.ko", "e1000e", "e1000e", "8086:10d3", ALL,
               {"vlan", "tso", "tx_csum", "rx_csum"}),
    # QEMU's socket netdev carries no virtio-net header: virtio-net offers no offloads over it
    "virtio_net": (NET / "virtio_net.ko", "virtio_net", "virtio-net-pci", "1af4:1000", ALL, set()),
}

# name: (interrupt mode the in-tree driver gets on QEMU 7.2, its vectors as /proc/interrupts names
# them, the one serving RX queue 0)
IRQS = {
    "e1000": ("intx", ["eth0"], "eth0"),                                   # 8254x: INTx only
    "e1000e": ("msix", ["eth0-rx-0", "eth0-tx-0", "eth0"], "eth0-rx-0"),   # e1000e_request_msix
    "virtio_net": ("msix", ["virtio0-config", "virtio0-input.0", "virtio0-output.0"],  # per-vq vectors
                   "virtio0-input.0"),
}

# QEMU runs take one core each and have a 30 s limit: run them one at a time (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("qemu")


def _prereqs() -> None:
    require_tool("qemu-system-x86_64")
    require_tool("gcc")
    require(Path("/bin/busybox").is_file(), "busybox-static")
    require(Path("/boot/vmlinuz-6.1.0-56-amd64").is_file(), "linux-image-6.1.0-56-amd64")
    require((KTREE / "modules.dep").is_file(), f"{KTREE}")


def _explain(result, out: Path) -> str:
    log = (out / result.log_path).read_text().splitlines()
    return "\n".join(result.reasons) + "\n--- console tail ---\n" + "\n".join(log[-40:])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_in_tree_module_passes(name: str, tmp_path: Path) -> None:
    _prereqs()
    ko, driver, model, pci_id, features, emulated = CASES[name]
    mode, vectors, queue = IRQS[name]
    r = run_l3(ko, driver_name=driver, qemu_device=model, pci_id=pci_id, features=features,
               out_dir=tmp_path, timeout=LIMIT_S, irq_mode=mode)
    assert r.passed, _explain(r, tmp_path)
    assert r.reasons == []
    # the harness reads the interrupt mode from PCI sysfs and the vectors' counts
    assert r.irq["mode"] == mode and [e["name"] for e in r.irq["vectors"]] == vectors
    assert next(e["name"] for e in r.irq["vectors"] if e["irq"] == r.irq["queue_vector"]) == queue
    assert r.counts["irq_queue_vector_during_traffic"] > 100
    assert r.times["total_s"] <= LIMIT_S
    for key in ("boot_to_shell_s", "link_up_s", "pktgen_fps"):
        assert r.times[key] and r.times[key] > 0, key
    assert r.counts["pktgen_guest_sent"] == r.counts["pktgen_host_counted"] == 100000
    assert r.counts["guest_rx_packets"] == r.counts["host_tx_frames"] > 1000
    assert r.counts["udp_in_csum_errors"] == r.counts["udp_corrupt_sent"] > 0
    assert {k for k, v in r.offloads.items() if v == "checked"} == emulated
    assert all(v.startswith("not emulated: ") for k, v in r.offloads.items() if k not in emulated)
    for feat in emulated - {"vlan"}:
        assert r.guest_features[feat] == 1, feat
    if "rx_csum" in emulated:
        assert r.counts["main_rx_csum_valid"] == 1000
    if features["vlan"]:
        assert "vlan_rx_csum_valid" in r.counts  # the VLAN streams ran (software tags if need be)
    saved = json.loads((tmp_path / r.result_path).read_text())
    assert saved["verdict"] == "PASS" and saved["driver"] == driver
    assert "@@NP done" in (tmp_path / r.log_path).read_text()


@pytest.mark.slow
def test_verdict_fails_when_the_peer_loses_frames(tmp_path: Path) -> None:
    """A host side that loses 1 frame in 1000 must turn the verdict to FAIL, with the reason."""
    _prereqs()
    ko, driver, model, pci_id, features, _ = CASES["virtio_net"]
    r = run_l3(ko, driver_name=driver, qemu_device=model, pci_id=pci_id, features=features,
               out_dir=tmp_path, timeout=LIMIT_S, _peer_drop_pktgen_every=1000)
    assert r.verdict == "FAIL"
    assert "host counted 99900 of 100000 pktgen frames" in r.reasons
    assert any(x.startswith("count mismatch guest->host") for x in r.reasons)
    log = tmp_path / "l3-console.log"
    assert log.is_file() and "@@NP pktgen" in log.read_text()


def _broken_e1000(src, dest: Path) -> Path:
    """e1000 from Debian's linux-source, with one bug: the TX checksum is written 2 bytes past
    the offset the stack asked for (into the payload)."""
    drv = src.root / src.path
    dest.mkdir()
    for f in src.c_files + src.h_files:
        shutil.copyfile(src.root / f, dest / Path(f).name)
    main = dest / "e1000_main.c"
    text = main.read_text()
    needle = "css + skb->csum_offset;"
    assert text.count(needle) == 1
    main.write_text(text.replace(needle, "css + skb->csum_offset + 2; /* nicport test: broken */"))
    objs = " ".join(Path(f).with_suffix(".o").name for f in src.c_files)
    (dest / "Kbuild").write_text(f"obj-m += e1000.o\ne1000-objs := {objs}\n")
    assert (drv / "Makefile").is_file()
    kos = build_module(dest, jobs=1)
    assert [k.name for k in kos] == ["e1000.ko"]
    return kos[0]


@pytest.mark.slow
def test_verdict_fails_for_a_broken_module(tmp_path: Path, driver_source) -> None:
    """A real data-path bug in a rebuilt e1000 is caught by the host's checksum checks."""
    _prereqs()
    require((headers_dir() / "Makefile").is_file(), "linux-headers-6.1.0-56-amd64")
    ko = _broken_e1000(driver_source("e1000"), tmp_path / "src")
    assert modinfo(ko)["vermagic"][0].startswith("6.1.0-56-amd64 ")
    _, driver, model, pci_id, features, _ = CASES["e1000"]
    out = tmp_path / "out"
    r = run_l3(ko, driver_name=driver, qemu_device=model, pci_id=pci_id, features=features,
               out_dir=out, timeout=LIMIT_S)
    assert r.verdict == "FAIL"
    assert any("checksum wrong" in x for x in r.reasons), r.reasons
    assert (out / "l3-console.log").read_text().count("@@NP") > 10
