"""The guest initramfs: a real newc archive the kernel (and cpio(1)) can read, built the same
byte for byte every time, holding only the modules nicport chose."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.errors import BadInput
from nicport.verify.qemu.cpio import Entry, newc_archive
from nicport.verify.qemu.initramfs import (
    BUSYBOX, Features, GuestSpec, build_agent, build_initramfs, init_script, resolve_guest_modules,
)
from nicport.verify.qemu.modules import ModuleTree, canonical, modinfo, module_depends, module_name

KTREE = Path("/lib/modules/6.1.0-56-amd64")
E1000 = KTREE / "kernel/drivers/net/ethernet/intel/e1000/e1000.ko"
VIRTIO_NET = KTREE / "kernel/drivers/net/virtio_net.ko"


@pytest.fixture(scope="module")
def kmods() -> None:
    require((KTREE / "modules.dep").is_file(), f"{KTREE} (apt-get install linux-image-amd64)")


def _cpio_list(data: bytes, tmp: Path) -> list[str]:
    cpio = require_tool("cpio")
    p = subprocess.run([cpio, "-it", "--quiet"], input=data, capture_output=True, check=True)
    return p.stdout.decode().split()


def test_newc_archive_reads_back_with_cpio(tmp_path: Path) -> None:
    data = newc_archive([
        Entry.file("bin/tool", b"#!/bin/sh\necho hi\n", executable=True),
        Entry.symlink("bin/sh", "tool"),
        Entry.file("etc/odd", b"x" * 5),  # needs padding
        Entry.dir("tmp"),
    ])
    assert len(data) % 4 == 0
    assert _cpio_list(data, tmp_path) == ["bin", "bin/sh", "bin/tool", "etc", "etc/odd", "tmp"]
    out = tmp_path / "x"
    out.mkdir()
    subprocess.run(["cpio", "-idm", "--quiet"], input=data, cwd=out, check=True)
    assert (out / "bin/tool").read_bytes() == b"#!/bin/sh\necho hi\n"
    assert (out / "bin/tool").stat().st_mode & 0o777 == 0o755
    assert (out / "bin/sh").is_symlink() and (out / "bin/sh").readlink() == Path("tool")
    assert (out / "etc/odd").read_bytes() == b"xxxxx"


def test_newc_archive_is_order_independent_and_rejects_clashes() -> None:
    a = [Entry.file("a/b", b"1"), Entry.file("c", b"2")]
    assert newc_archive(a) == newc_archive(list(reversed(a)))
    with pytest.raises(ValueError):
        newc_archive([Entry.file("a", b"1"), Entry.file("a", b"2")])


def test_modinfo_reads_the_real_module(kmods: None) -> None:
    info = modinfo(VIRTIO_NET)
    assert info["name"] == ["virtio_net"]
    assert info["vermagic"][0].startswith("6.1.0-56-amd64 ")
    assert set(module_depends(VIRTIO_NET)) == {"net_failover", "virtio", "virtio_ring"}
    assert module_name(E1000) == "e1000"
    assert canonical("virtio-net") == "virtio_net"
    with pytest.raises(BadInput):
        modinfo(Path(__file__))


def test_dependencies_come_first(kmods: None) -> None:
    tree = ModuleTree.load()
    order = tree.load_order(["virtio_pci", "virtio_net"])
    for mod in order:
        for dep in tree.deps[mod]:
            assert order.index(dep) < order.index(mod), (dep, mod)
    assert order[-1] == "virtio_net"
    with pytest.raises(BadInput):
        tree.load_order(["no_such_module_xyz"])


def test_guest_modules_never_include_an_in_tree_twin(kmods: None, tmp_path: Path) -> None:
    """A module under test named like an in-tree one is the only copy in the initramfs."""
    dut = tmp_path / "generated" / "e1000.ko"
    dut.parent.mkdir()
    shutil.copyfile(E1000, dut)
    base, vlan, pktgen = resolve_guest_modules(dut, features=Features(vlan=True))
    assert [m.name for m in base] == ["e1000"] and base[0].dut and base[0].source == dut
    assert [m.name for m in vlan][-1] == "8021q" and "llc" in [m.name for m in vlan]
    assert [m.name for m in pktgen] == ["pktgen"]
    spec = GuestSpec("e1000", base, vlan, pktgen, Features(vlan=True))
    script = init_script(spec)
    assert "insmod /lib/nicport/dut/e1000.ko" in script
    assert "modprobe" not in script and "mdev" not in script
    require(BUSYBOX.is_file(), "busybox-static")
    require_tool("gcc")
    names = _cpio_list(build_initramfs(spec, cache_dir=tmp_path / "cache"), tmp_path)
    kos = [n for n in names if n.endswith(".ko")]
    assert [k for k in kos if k.endswith("/e1000.ko")] == ["lib/nicport/dut/e1000.ko"]
    assert "bin/modprobe" not in names and "sbin/modprobe" not in names
    assert {"init", "bin/busybox", "bin/sh", "bin/nicport-agent"} <= set(names)


def test_virtio_gets_its_transport_first(kmods: None) -> None:
    base, vlan, _ = resolve_guest_modules(VIRTIO_NET, pre_load=("virtio_pci",))
    names = [m.name for m in base]
    assert names[-1] == "virtio_net" and "virtio_pci" in names and "net_failover" in names
    assert vlan == ()


def test_initramfs_is_deterministic(kmods: None, tmp_path: Path) -> None:
    """Same inputs, same bytes -- even with the agent compiled afresh in another cache."""
    require(BUSYBOX.is_file(), "busybox-static")
    require_tool("gcc")
    base, vlan, pktgen = resolve_guest_modules(E1000, features=Features(vlan=True, tso=True))
    spec = GuestSpec("e1000", base, vlan, pktgen, Features(vlan=True, tso=True))
    one = build_initramfs(spec, cache_dir=tmp_path / "c1")
    two = build_initramfs(spec, cache_dir=tmp_path / "c2")
    assert one == two
    assert build_agent(tmp_path / "c1") == build_agent(tmp_path / "c2")
    assert b"/work/" not in one and str(tmp_path).encode() not in one
    other = GuestSpec("e1000", base, vlan, pktgen, Features())
    assert build_initramfs(other, cache_dir=tmp_path / "c1") != one  # the plan is in /init


def test_offloads_switched_on_are_the_checked_ones(kmods: None) -> None:
    base, vlan, pktgen = resolve_guest_modules(E1000, features=Features(vlan=True))
    claimed = Features(vlan=True, tso=True, tx_csum=True, rx_csum=True)
    script = init_script(GuestSpec("e1000", base, vlan, pktgen, claimed, offloads=("tso", "vlan")))
    assert "nicport-agent offload $IF tso vlan ||" in script.replace("$A", "nicport-agent")
    assert "ip link add link $IF name vlan100 type vlan id 100" in script
    assert script.index("offload $IF") < script.index("ip link set $IF up")  # may reset the NIC
    none = init_script(GuestSpec("e1000", base, (), pktgen, Features(), offloads=()))
    assert "offload" not in none and "vlan100" not in none


def test_features_are_validated() -> None:
    assert Features.of({"tso": 1}) == Features(tso=True)
    assert Features.of(None) == Features()
    with pytest.raises(BadInput):
        Features.of({"jumbo": True})


def test_interrupts_are_read_after_link_up_and_after_the_traffic(kmods: None) -> None:
    """The guest reports the NIC's interrupt mode from PCI sysfs (msi_irqs/<irq>: msi or msix;
    none: INTx) and each vector's /proc/interrupts line, once before and once after the traffic."""
    from nicport.verify.qemu.initramfs import APPLETS

    base, vlan, pktgen = resolve_guest_modules(E1000)
    script = init_script(GuestSpec("e1000", base, vlan, pktgen, Features()))
    assert "msi_irqs" in script and "/proc/interrupts" in script and "$D/irq" in script
    assert script.index("waitlink $IF") < script.index("irqs before") < script.index("udp-send main")
    assert script.index("settle $IF") < script.index("irqs after") < script.index("rmmod pktgen")
    assert {"dirname", "readlink", "basename", "grep", "ls"} <= set(APPLETS)


def test_qemu_command_takes_device_options_and_kernel_parameters(tmp_path: Path) -> None:
    from nicport.verify.qemu.models import without_msix
    from nicport.verify.qemu.runner import qemu_command, run_l3

    require_tool("qemu-system-x86_64")
    opts, kargs = without_msix("virtio-net-pci")
    assert (opts, kargs) == (("vectors=0",), ())
    assert without_msix("e1000e") == ((), ("pci=nomsi",))
    cmd = qemu_command(kernel=tmp_path / "k", initrd=tmp_path / "i", qemu_device="virtio-net-pci",
                       peer_port=1, qemu_port=2, device_options=opts, kernel_append=("pci=nomsi",))
    assert cmd[cmd.index("-device") + 1].endswith(",vectors=0")
    assert cmd[cmd.index("-append") + 1].endswith(" rdinit=/init pci=nomsi")
    for bad in ({"device_options": ("vectors=0,romfile=x",)}, {"kernel_append": ("a b",)},
                {"irq_mode": "msi-x"}, {"irq_mode": ()}):
        with pytest.raises(BadInput):
            run_l3(E1000, driver_name="e1000", qemu_device="e1000", out_dir=tmp_path, **bad)
