"""One L3 run: boot Debian's kernel in QEMU (TCG) with nicport's initramfs, let the guest
load the module under test and run the traffic plan against the host peer, then judge.

PASS only when every count matches both ways, the guest's error and drop counters are 0,
``dmesg`` has no WARN/BUG/Oops/"Hardware Error", the module unloads cleanly and the guest
powers off.  Anything else is FAIL with every reason found; the guest console log and the
result are saved in ``out_dir`` either way.  A run is never retried.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ...config import cache_home
from ...errors import BadInput, MissingPrerequisite
from . import plan as P
from .initramfs import FEATURE_NAMES, Features, GuestSpec, build_initramfs, resolve_guest_modules
from .monitor import NETDEV_ID, LinkFlapper, Monitor
from .models import NOT_EMULATED, PRE_LOAD, QEMU, parse_pci_id, qemu_models
from .modules import KERNEL_VERSION
from .peer import MSS, HostPeer, PeerStats
from .verdict import judge, link_flap_report

QBOOT = Path("/usr/share/qemu/qboot.rom")
#: ELF note "Xen", type XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry point QEMU needs.
_PVH_NOTE = re.compile(rb"\x04\x00\x00\x00.\x00\x00\x00\x12\x00\x00\x00Xen\x00", re.S)


@dataclass
class L3Result:
    driver: str
    qemu_device: str
    verdict: str  # "PASS" | "FAIL"
    reasons: list[str]  # why it failed (empty on PASS)
    times: dict[str, float | None]  # boot_to_shell_s, link_up_s, total_s, pktgen_fps ...
    counts: dict[str, int | None]  # both sides' frame counts
    guest_features: dict[str, int]
    checks: list[str]  # what was checked and held (for the report)
    notes: list[str]  # emulator behaviour observed (not failures)
    offloads: dict[str, str]  # each claimed offload: "checked" or "not emulated: why"
    log_path: str  # the guest console log (relative to out_dir)
    result_path: str
    #: interrupt mode ("msix" | "msi" | "intx") the kernel gave the NIC, its vectors with their
    #: counts before/after the traffic, the queue vector, the mode the driver logged
    irq: dict = field(default_factory=dict)
    #: plan.link_flap: the host's set_link actions and what the guest saw (link_flap_report)
    link: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.verdict == "PASS"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Console:
    """Serial console lines with host timestamps; ``@@NP`` lines parsed as events."""

    t0: float
    lines: list[tuple[float, str]] = field(default_factory=list)
    events: list[tuple[float, list[str]]] = field(default_factory=list)
    first_line: threading.Event = field(default_factory=threading.Event)
    #: called with each event as it arrives (the reader thread): the link flapper
    on_event: "Callable[[float, list[str]], None] | None" = None

    def feed(self, raw: bytes) -> None:
        t = time.monotonic() - self.t0
        line = raw.decode(errors="replace").rstrip("\r\n")
        self.lines.append((t, line))
        self.first_line.set()
        i = line.find("@@NP ")
        if i >= 0:
            words = line[i + 5 :].split()
            self.events.append((t, words))
            if self.on_event is not None:
                self.on_event(t, words)

    def text(self) -> str:
        return "".join(f"[{t:7.3f}] {line}\n" for t, line in self.lines)


def _reserve_port() -> socket.socket:
    """A 127.0.0.1 port for QEMU's end, held (SO_REUSEADDR, as QEMU binds it) until QEMU owns
    it, so no other process can take it in between."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    return s


def kernel_image(kernel_version: str = KERNEL_VERSION) -> Path:
    k = Path("/boot") / f"vmlinuz-{kernel_version}"
    if not k.is_file():
        raise MissingPrerequisite(f"{k} not found", hint="apt-get install linux-image-amd64")
    if not os.access(k, os.R_OK):
        raise MissingPrerequisite(f"{k} is not readable", hint="run as root or chmod a+r the image")
    return k


def boot_image(kernel: Path, cache_dir: Path) -> Path:
    """The kernel QEMU boots: the ELF ``vmlinux`` unpacked from Debian's bzImage (cached).

    QEMU boots an ELF kernel with a PVH entry note directly (Debian sets CONFIG_PVH), which
    skips the in-guest xz decompression -- about 3 s of emulated CPU per run under TCG.  A
    bzImage whose payload is not xz or gzip is booted as it is."""
    data = kernel.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:16]
    out = cache_dir / f"vmlinux-{key}"
    if out.is_file():
        return out
    elf = None
    for magic, unpack in ((b"\xfd7zXZ\x00", lambda b: lzma.LZMADecompressor(lzma.FORMAT_XZ).decompress(b)),
                          (b"\x1f\x8b\x08", lambda b: zlib.decompressobj(31).decompress(b))):
        i = data.find(magic)
        if i < 0:
            continue
        try:
            cand = unpack(data[i:])
        except (lzma.LZMAError, zlib.error):
            continue
        if cand[:4] == b"\x7fELF" and _PVH_NOTE.search(cand):
            elf = cand
            break
    if elf is None:
        return kernel
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(elf)
    tmp.replace(out)
    return out


def qemu_command(*, kernel: Path, initrd: Path, qemu_device: str, peer_port: int, qemu_port: int,
                 memory_mb: int = 256, device_options: tuple[str, ...] = (),
                 kernel_append: tuple[str, ...] = (), qmp_socket: Path | None = None) -> list[str]:
    qemu = shutil.which(QEMU)
    if not qemu:
        raise MissingPrerequisite(f"{QEMU} not found", hint="apt-get install qemu-system-x86")
    cmd = [qemu, "-accel", "tcg", "-machine", "q35", "-m", str(memory_mb), "-smp", "1",
           "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio"]
    if QBOOT.is_file():
        cmd += ["-bios", str(QBOOT)]  # minimal firmware: boots -kernel in a fraction of SeaBIOS' time
    cmd += ["-kernel", str(kernel), "-initrd", str(initrd),
            "-append", " ".join(("console=ttyS0 panic=-1 loglevel=5 ipv6.disable=1 rdinit=/init",)
                                + tuple(kernel_append)),
            "-netdev", f"socket,id={NETDEV_ID},udp=127.0.0.1:{peer_port},localaddr=127.0.0.1:{qemu_port}",
            "-device", ",".join((f"{qemu_device},netdev={NETDEV_ID},mac={P.GUEST_MAC}",) + tuple(device_options))]
    if qmp_socket is not None:
        cmd += ["-qmp", f"unix:{qmp_socket},server=on,wait=off"]  # the monitor: set_link (link flap)
    return cmd


def _read_console(proc: subprocess.Popen, console: Console) -> None:
    assert proc.stdout is not None
    for raw in proc.stdout:
        console.feed(raw)


def run_l3(module_ko: Path, *, driver_name: str, qemu_device: str,
           pci_id: str | tuple[int, int] | None = None,
           features: Features | dict | None = None, out_dir: Path, timeout: float = 30.0,
           plan: P.TrafficPlan | None = None, pre_load: tuple[str, ...] | None = None,
           kernel_version: str = KERNEL_VERSION, cache_dir: Path | None = None,
           irq_mode: str | tuple[str, ...] | None = None, device_options: tuple[str, ...] = (),
           kernel_append: tuple[str, ...] = (),
           _peer_drop_pktgen_every: int = 0) -> L3Result:
    """Run the L3 traffic plan for one module on one QEMU NIC model and judge it.

    ``module_ko``: the module under test (generated, or an in-tree one to prove the harness);
    ``driver_name``: the name its PCI/virtio driver registers (what sysfs shows);
    ``qemu_device``: the ``-device`` model; ``pci_id``: "vvvv:dddd" the NIC must present;
    ``features``: the offloads the driver claims ({vlan, tso, tx_csum, rx_csum});
    ``irq_mode``: the interrupt mode(s) the NIC must end up in ("msix", "msi", "intx"), with its
    queue vector firing during the traffic (None: the mode is recorded, not required);
    ``device_options``: extra ``-device`` properties (e.g. ``vectors=0``: no MSI-X capability);
    ``kernel_append``: extra guest kernel parameters (e.g. ``pci=nomsi``).
    The console log and ``l3-result.json`` are written to ``out_dir``."""
    feats = Features.of(features)
    plan = plan or P.TrafficPlan()
    from .verdict import IRQ_MODES

    if isinstance(irq_mode, str):
        irq_mode = (irq_mode,)
    if irq_mode is not None and (not irq_mode or set(irq_mode) - set(IRQ_MODES)):
        raise BadInput(f"bad interrupt mode {irq_mode!r}", hint=f"use one of {', '.join(IRQ_MODES)}")
    for opt in device_options:
        if not re.fullmatch(r"[\w.-]+=[\w.:-]+", opt):
            raise BadInput(f"bad QEMU device option {opt!r}", hint="one property=value per option, e.g. vectors=0")
    for opt in kernel_append:
        if not re.fullmatch(r"[\w.=,:-]+", opt):
            raise BadInput(f"bad guest kernel parameter {opt!r}", hint="one parameter per item, e.g. pci=nomsi")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(cache_dir) if cache_dir else cache_home() / "l3"
    if pci_id is not None:
        try:
            vid, did = parse_pci_id(pci_id)
        except ValueError:
            raise BadInput(f"bad PCI ID {pci_id!r}", hint="write it as vvvv:dddd, e.g. 8086:100e") from None
        pci_id = f"{vid:04x}:{did:04x}"
    names = {m.name: m.name for m in qemu_models()} | {a: m.name for m in qemu_models() for a in m.aliases}
    if qemu_device not in names:
        raise BadInput(f"QEMU has no NIC model '{qemu_device}'",
                       hint="see `qemu-system-x86_64 -device help` (Network devices)")
    qemu_device = names[qemu_device]  # aliases (virtio-net, e1000-82540em) to the model's name
    pre = PRE_LOAD.get(qemu_device, ()) if pre_load is None else tuple(pre_load)
    base, vlan, pktgen = resolve_guest_modules(Path(module_ko), pre_load=pre, features=feats,
                                               kernel_version=kernel_version)
    limits = NOT_EMULATED.get(qemu_device, {})
    offloads = tuple(n for n in FEATURE_NAMES if getattr(feats, n) and n not in limits)
    offload_status = {n: ("not emulated: " + limits[n]) if n in limits else "checked"
                      for n in FEATURE_NAMES if getattr(feats, n)}
    spec = GuestSpec(driver_name, base, vlan, pktgen, feats, plan, offloads)
    kernel = boot_image(kernel_image(kernel_version), cache)
    log_name, result_name = "l3-console.log", "l3-result.json"

    with tempfile.TemporaryDirectory(prefix="nicport-l3-") as tmp:
        initrd = Path(tmp) / "initramfs.cpio"
        initrd.write_bytes(build_initramfs(spec, cache_dir=cache))
        peer = HostPeer(plan, drop_pktgen_every=_peer_drop_pktgen_every)
        hold = _reserve_port()
        proc: subprocess.Popen | None = None
        monitor: Monitor | None = None
        flapper: LinkFlapper | None = None
        try:
            qemu_port = hold.getsockname()[1]
            peer.connect(qemu_port)
            qmp = Path(tmp) / "qmp.sock" if plan.link_flap else None
            cmd = qemu_command(kernel=kernel, initrd=initrd, qemu_device=qemu_device,
                               peer_port=peer.port, qemu_port=qemu_port,
                               device_options=tuple(device_options), kernel_append=tuple(kernel_append),
                               qmp_socket=qmp)
            t0 = time.monotonic()
            console = Console(t0)
            if qmp is not None:
                monitor = Monitor(qmp)
                flapper = LinkFlapper(monitor, t0=t0)
                console.on_event = flapper.on_event
            peer.start()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            reader = threading.Thread(target=_read_console, args=(proc, console),
                                      name="nicport-l3-console", daemon=True)
            reader.start()
            timed_out = False
            console.first_line.wait(min(timeout, 10))
            hold.close()  # QEMU has bound its port by now
            try:
                rc = proc.wait(max(0.1, timeout - (time.monotonic() - t0)))
            except subprocess.TimeoutExpired:
                timed_out = True
                proc.kill()
                rc = proc.wait()
            total = time.monotonic() - t0
            reader.join(5)
        finally:
            hold.close()
            if monitor is not None:
                monitor.close()
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
            stats: PeerStats = peer.stop()

    (out_dir / log_name).write_text(console.text())
    checked = Features(**{n: n in offloads for n in FEATURE_NAMES})
    verdict = judge(console.events, console.lines, stats, plan=plan, features=feats, checked=checked,
                    driver_name=driver_name, dut=next(m.name for m in base if m.dut),
                    pci_id=pci_id, loaded_modules=tuple(m.name for m in base), qemu_rc=rc,
                    timed_out=timed_out, timeout=timeout, total_s=total,
                    mss=MSS, irq_mode=irq_mode)
    link: dict = {}
    if plan.link_flap:
        link = link_flap_report(console.events, flapper.actions if flapper else [], plan)
        verdict.reasons += link.pop("reasons")
        verdict.checks += link.pop("checks")
    result = L3Result(driver=driver_name, qemu_device=qemu_device,
                      verdict="PASS" if not verdict.reasons else "FAIL", reasons=verdict.reasons,
                      times=verdict.times, counts=verdict.counts, guest_features=verdict.features,
                      checks=verdict.checks, notes=verdict.notes, offloads=offload_status,
                      log_path=log_name, result_path=result_name, irq=verdict.irq, link=link)
    (out_dir / result_name).write_text(json.dumps(result.to_dict(), indent=2, sort_keys=True) + "\n")
    return result
