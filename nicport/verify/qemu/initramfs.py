"""The guest's initramfs: busybox-static, nicport's agent, the modules to load and a generated
``/init`` that runs the traffic plan and reports on the serial console (lines ``@@NP ...``).

Deterministic: the archive depends only on its inputs (busybox, the agent source, the module
files, the plan), never on time or on paths of the build machine.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import BadInput, CheckFailed, MissingPrerequisite
from . import plan as P
from .cpio import Entry, newc_archive
from .modules import KERNEL_VERSION, ModuleTree, module_depends, module_name

BUSYBOX = Path("/bin/busybox")
AGENT_SRC = Path(__file__).with_name("agent.c")

#: The busybox applets /init uses; installed as symlinks (no modprobe, no mdev, no udev).
APPLETS = (
    "sh", "mount", "mkdir", "cat", "echo", "ip", "ping", "insmod", "rmmod", "lsmod", "sleep",
    "dmesg", "sed", "grep", "readlink", "basename", "poweroff", "ls", "sysctl", "head", "tr",
    "cut", "dirname",
)


FEATURE_NAMES = ("vlan", "tso", "tx_csum", "rx_csum")


@dataclass(frozen=True)
class Features:
    """The offloads the driver under test claims (from the IR); each adds checks to the plan."""

    vlan: bool = False
    tso: bool = False
    tx_csum: bool = False
    rx_csum: bool = False

    @staticmethod
    def of(value: "Features | dict | None") -> "Features":
        if value is None:
            return Features()
        if isinstance(value, Features):
            return value
        unknown = set(value) - {"vlan", "tso", "tx_csum", "rx_csum"}
        if unknown:
            raise BadInput(f"unknown feature(s): {', '.join(sorted(unknown))}",
                           hint="use vlan, tso, tx_csum, rx_csum")
        return Features(**{k: bool(v) for k, v in value.items()})


@dataclass(frozen=True)
class GuestModule:
    name: str  # canonical module name
    archive_path: str  # where it sits in the initramfs
    source: Path  # file on the host
    dut: bool = False  # the module under test


@dataclass(frozen=True)
class GuestSpec:
    """Everything /init needs."""

    driver_name: str
    modules: tuple[GuestModule, ...]  # load order; the DUT's deps first
    vlan_modules: tuple[GuestModule, ...] = ()
    pktgen_modules: tuple[GuestModule, ...] = ()
    features: Features = field(default_factory=Features)
    plan: P.TrafficPlan = field(default_factory=P.TrafficPlan)
    #: offloads to switch on and check (claimed ones the QEMU model emulates); None: all claimed
    offloads: tuple[str, ...] | None = None


def resolve_guest_modules(module_ko: Path, *, pre_load: tuple[str, ...] = (),
                          features: Features = Features(),
                          kernel_version: str = KERNEL_VERSION) -> tuple[tuple[GuestModule, ...], ...]:
    """(DUT load list, VLAN modules, pktgen modules) for ``module_ko``.

    Its ``depends=`` come from Debian's tree; ``pre_load`` are transport modules the device
    model needs (virtio_pci for virtio-net-pci).  The DUT's own name is never taken from the
    tree, so an in-tree twin of a generated module cannot sneak in."""
    module_ko = Path(module_ko)
    if not module_ko.is_file():
        raise BadInput(f"module {module_ko} not found")
    tree = ModuleTree.load(kernel_version)
    dut = module_name(module_ko)
    order = tree.load_order(list(pre_load) + module_depends(module_ko), exclude={dut})

    def gm(name: str) -> GuestModule:
        return GuestModule(name, f"lib/nicport/modules/{name}.ko", tree.path(name))

    base = tuple(gm(n) for n in order) + (
        GuestModule(dut, f"lib/nicport/dut/{dut}.ko", module_ko, dut=True),
    )
    loaded = set(order) | {dut}
    vlan = tuple(gm(n) for n in tree.load_order(["8021q"], exclude=loaded)) if features.vlan else ()
    pktgen = tuple(gm(n) for n in tree.load_order(["pktgen"], exclude=loaded))
    return base, vlan, pktgen


def build_agent(cache_dir: Path) -> bytes:
    """nicport-agent, linked statically (cached by the hash of its source)."""
    src = AGENT_SRC.read_bytes()
    key = hashlib.sha256(src).hexdigest()[:16]
    out = Path(cache_dir) / f"nicport-agent-{key}"
    if out.is_file():
        return out.read_bytes()
    gcc = shutil.which("gcc")
    if not gcc:
        raise MissingPrerequisite("gcc not found", hint="apt-get install gcc libc6-dev")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "agent.c").write_bytes(src)
        p = subprocess.run([gcc, "-static", "-Os", "-s", "-Wall", "-Wextra", "-Werror",
                            "-o", "nicport-agent", "agent.c"], cwd=tmp, capture_output=True, text=True)
        if p.returncode != 0:
            raise CheckFailed(f"building nicport-agent failed:\n{p.stderr[-2000:]}")
        tmp_out = out.with_name(f"{out.name}.tmp{os.getpid()}")
        shutil.copyfile(Path(tmp) / "nicport-agent", tmp_out)
        tmp_out.replace(out)
    return out.read_bytes()


def _q(s: str) -> str:
    return shlex.quote(s)


def init_script(spec: GuestSpec) -> str:
    """The generated /init (busybox sh)."""
    f, pl = spec.features, spec.plan
    dut = next(m for m in spec.modules if m.dut)
    L: list[str] = []
    a = L.append
    a("#!/bin/sh")
    a(f"# generated by nicport: L3 traffic plan for {spec.driver_name}; do not edit")
    a("export PATH=/bin")
    a("mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev")
    # no udev, no mdev, no /sbin/modprobe: the kernel cannot load any module by itself
    a("A=/bin/nicport-agent")
    a('say() { echo "@@NP $*"; }')
    a('fail() { say "fail $*"; finish; }')
    a("finish() {")
    a("  dmesg | sed 's/^/@@NP dmesg /'")
    a("  say poweroff; poweroff -f; sleep 30")
    a("}")
    # the interrupt vectors the kernel gave the NIC's PCI function and their counts:
    # msi_irqs/<irq> holds "msi" or "msix" (no msi_irqs: INTx, the function's irq line)
    a("irqs() {")
    a("  D=$(readlink -f /sys/class/net/$IF/device)")
    a("  [ -e $D/config ] || D=$(dirname $D)  # virtio: the PCI function is the parent")
    a("  M=intx; L=$(cat $D/irq)")
    a("  if [ -d $D/msi_irqs ] && [ -n \"$(ls $D/msi_irqs)\" ]; then")
    a("    L=$(ls $D/msi_irqs); for i in $L; do M=$(cat $D/msi_irqs/$i); done")
    a("  fi")
    a('  say irqmode phase=$1 mode=$M pci=$(basename $D)')
    a('  for i in $L; do say irqline phase=$1 irq=$i $(grep "^ *$i:" /proc/interrupts); done')
    a("}")
    a('say init uptime=$(cut -d" " -f1 /proc/uptime 2>/dev/null || head -c 12 /proc/uptime) t=$($A now)')
    for m in spec.modules:
        what = "dut" if m.dut else "dep"
        a(f"insmod /{m.archive_path} || fail insmod {what} {m.name} rc=$?")
    a(f"say insmod module={dut.name} t=$($A now)")
    a("lsmod | sed 's/^/@@NP lsmod /'")
    a("for d in /sys/bus/pci/devices/*; do")
    a('  case $(cat $d/class) in 0x02*) say pci $(basename $d) $(cat $d/vendor):$(cat $d/device) '
      'driver=$(basename "$(readlink $d/driver)" 2>/dev/null);; esac')
    a("done")
    # find the interface bound to the driver under test
    a("IF=")
    a("for d in /sys/class/net/*; do")
    a('  drv=$(basename "$(readlink $d/device/driver)" 2>/dev/null)')
    a(f'  [ "$drv" = {_q(spec.driver_name)} ] && IF=$(basename $d)')
    a("done")
    a(f'[ -n "$IF" ] || fail "no interface bound to driver {spec.driver_name}"')
    a(f'say iface name=$IF mac=$(cat /sys/class/net/$IF/address) driver={spec.driver_name}')
    a(f"ip link set lo up")
    a(f"ip addr add {P.GUEST_IP}/24 dev $IF")
    # offloads before the link comes up: changing one may reset the NIC (e1000 does)
    claimed = [n for n in ("tx_csum", "rx_csum", "tso", "vlan") if getattr(f, n)
               and (spec.offloads is None or n in spec.offloads)]
    if claimed:
        a(f"$A offload $IF {' '.join(claimed)} || fail could not enable a claimed offload")
    a("$A gro-off $IF || fail could not switch GRO off")
    a("ip link set $IF up")
    a("$A waitlink $IF 10000 || fail link did not come up")
    a("$A features $IF")
    a("irqs before")
    # ARP + ICMP
    a(f"ping -A -c {pl.pings} -W 2 {P.HOST_IP} > /tmp/ping 2>&1")
    a("say ping rc=$? $(grep 'packets transmitted' /tmp/ping)")
    a("grep -q ' 0% packet loss' /tmp/ping || fail ping to the host failed")
    # UDP both ways
    a(f"$A udp-send main {P.GUEST_IP} {P.HOST_IP} {P.UDP_SINK_PORT} {pl.udp_tx}")
    a(f"$A udp-recv main {P.GUEST_IP} {P.UDP_GUEST_PORT} {pl.udp_rx} {P.HOST_IP} {P.CONTROL_PORT} $IF"
      " || fail host-to-guest UDP stream")
    # VLAN
    if f.vlan:
        for m in spec.vlan_modules:
            a(f"insmod /{m.archive_path} || fail insmod vlan {m.name}")
        a(f"ip link add link $IF name vlan{P.VLAN_ID} type vlan id {P.VLAN_ID} || fail vlan add")
        a(f"ip addr add {P.GUEST_VLAN_IP}/24 dev vlan{P.VLAN_ID}")
        a(f"ip link set vlan{P.VLAN_ID} up")
        a(f"ping -A -c 1 -W 2 {P.HOST_VLAN_IP} > /tmp/ping 2>&1")
        a("say vping rc=$? $(grep 'packets transmitted' /tmp/ping)")
        a("grep -q ' 0% packet loss' /tmp/ping || fail ping over VLAN failed")
        a(f"$A udp-send vlan {P.GUEST_VLAN_IP} {P.HOST_VLAN_IP} {P.UDP_SINK_PORT} {pl.vlan_tx}")
        a(f"$A udp-recv vlan {P.GUEST_VLAN_IP} {P.UDP_GUEST_PORT} {pl.vlan_rx} "
          f"{P.HOST_VLAN_IP} {P.CONTROL_PORT} vlan{P.VLAN_ID} || fail host-to-guest UDP stream over VLAN")
    # TCP (TSO where offered; the host checks every segment either way)
    a(f"$A tcp-send main {P.HOST_IP} {P.TCP_PORT} {pl.tcp_bytes} || fail TCP send")
    # link flap: the host sets the link off and on (QEMU monitor) when asked on the console
    if pl.link_flap:
        a("say linkflap want=off t=$($A now)")
        a(f"$A waitcarrier $IF 0 {pl.link_wait_ms} || fail carrier did not go down after set_link off")
        a('say linkflap phase=down down=$(dmesg | grep -c "$IF: link down") up=$(dmesg | grep -c "$IF: link up")')
        a("say linkflap want=on t=$($A now)")
        a(f"$A waitcarrier $IF 1 {pl.link_wait_ms} || fail carrier did not come back after set_link on")
        a('say linkflap phase=up down=$(dmesg | grep -c "$IF: link down") up=$(dmesg | grep -c "$IF: link up")')
        a(f"ping -A -c {pl.link_pings} -W 2 {P.HOST_IP} > /tmp/ping 2>&1")
        a("say lping rc=$? $(grep 'packets transmitted' /tmp/ping)")
        a("grep -q ' 0% packet loss' /tmp/ping || fail ping after the link came back failed")
    # pktgen flood
    for m in spec.pktgen_modules:
        a(f"insmod /{m.archive_path} || fail insmod pktgen {m.name}")
    a("PG=/proc/net/pktgen")
    a('echo "add_device $IF" > $PG/kpktgend_0 || fail pktgen add_device')
    for cmd in (f"count {pl.pktgen_count}", f"pkt_size {pl.pktgen_size}", "delay 0",
                f"dst {P.HOST_IP}", f"dst_mac {P.HOST_MAC}", f"udp_dst_min {P.PKTGEN_UDP_PORT}",
                f"udp_dst_max {P.PKTGEN_UDP_PORT}"):
        a(f'echo "{cmd}" > $PG/$IF || fail pktgen "{cmd}"')
    a("say pktgen start t=$($A now)")
    a("echo start > $PG/pgctrl")
    a("say pktgen end t=$($A now)")
    a("sed 's/^/@@NP pktgen /' $PG/$IF")
    # counters (once TX completions are reclaimed), then unload
    a("$A settle $IF 3000")
    a("irqs after")
    a('for s in /sys/class/net/$IF/statistics/*; do say stat $(basename $s) $(cat $s); done')
    a("grep '^Udp:' /proc/net/snmp | sed 's/^/@@NP snmp /'")
    a("$A stats $IF")
    a("rmmod pktgen || say warn rmmod pktgen rc=$?")
    if f.vlan:
        a(f"ip link del vlan{P.VLAN_ID}")
        for m in reversed(spec.vlan_modules):
            a(f"rmmod {m.name} || say warn rmmod {m.name}")
    a(f"rmmod {dut.name}; say rmmod module={dut.name} rc=$?")
    a('[ -e /sys/class/net/$IF ] && say warn "$IF still present after rmmod"')
    a("say done")
    a("finish")
    return "\n".join(L) + "\n"


def build_initramfs(spec: GuestSpec, *, cache_dir: Path) -> bytes:
    """The initramfs archive (uncompressed newc cpio) for ``spec``."""
    if not BUSYBOX.is_file():
        raise MissingPrerequisite(f"{BUSYBOX} not found", hint="apt-get install busybox-static")
    entries = [Entry.dir(d) for d in ("bin", "dev", "proc", "sys", "tmp", "lib/nicport")]
    entries.append(Entry.file("bin/busybox", BUSYBOX.read_bytes(), executable=True))
    entries += [Entry.symlink(f"bin/{app}", "busybox") for app in APPLETS]
    entries.append(Entry.file("bin/nicport-agent", build_agent(cache_dir), executable=True))
    seen: set[str] = set()
    for m in spec.modules + spec.vlan_modules + spec.pktgen_modules:
        if m.archive_path in seen:
            continue
        seen.add(m.archive_path)
        entries.append(Entry.file(m.archive_path, Path(m.source).read_bytes()))
    entries.append(Entry.file("init", init_script(spec).encode(), executable=True))
    return newc_archive(entries)
