"""L2: the generated adapters' TX and RX paths in a test process, over a user-space emulation
of each OS's KPI, against the device model (nicport/verify/devmodel).

This package is TEST SUPPORT, not product: nothing here is copied into an output tree.
For a target with an emulation (``<os>/emul_<os>.c`` + ``<os>/harness_<os>.c``) the adapter
sources, the core and the hw layer of the output tree are compiled against that OS's contract
headers (the same declarations L0 checks), linked with the emulation (which implements those
declarations: mbuf chains, bus_dma maps, ...), the host side (``common/emu_host.c``: memory
accounting, frames, verdict) and the device model, and run: N frames each way, byte for byte,
offload requests translated, every packet object and buffer accounted for at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..levels import CONTRACTS, STRICT, LevelResult, _copy_tree, _run, freestanding_include

HERE = Path(__file__).resolve().parent
COMMON = HERE / "common"

# target -> [(os dir under os/<target>/, emulation dir, contract dir, what it emulates, extra -D)]
EMULATIONS: dict[str, list[tuple[str, str, str, str, tuple[str, ...]]]] = {
    "netbsd": [(".", "netbsd", "netbsd",
                "mbuf chains + m_freem, bus_dma(9) maps, bus_space(9), ifnet/if_percpuq, softint(9)", ())],
    "illumos": [(".", "illumos", "illumos",
                 "mblk_t chains (b_cont) + allocb/freemsg, ddi_dma_* handles, ddi_get32/ddi_put32, "
                 "ddi_intr_*, mac_register/mac_rx",
                 # the module entry points would clash with the host's crt _init/_fini
                 ("-D_init=emu_mod_init", "-D_fini=emu_mod_fini", "-D_info=emu_mod_info"))],
    "linux": [(".", "linux", "linux",
               "sk_buff (head + page fragment), NAPI poll, BQL, the DMA API (every mapping counted), "
               "pci_driver/net_device_ops, request_irq",
               # kbuild's warning level (-Wall, not -Wextra: unused parameters are kernel style)
               ("-Wno-unused-parameter", "-Wno-sign-compare"))],
    "freebsd": [(".", "freebsd", "freebsd",
                 "mbuf chains (m_getjcl clusters, m_freem), bus_dma(9) tags/maps with load callbacks and "
                 "bus_dmamap_load_mbuf_sg, bus_space(9), if_t accessors + if_input, newbus, ithread", ())],
    "windows": [(".", "windows", "windows",
                 "NET_BUFFER_LIST/NET_BUFFER/MDL chains + send completion, NdisMAllocateNetBufferSGList "
                 "-> ProcessSGList, receive indication + return, ISR/DPC, shared memory",
                 ("-D_AMD64_", "-Wno-multichar", "-Wno-missing-field-initializers", "-Wno-unknown-pragmas"))],
    "rtos": [("freertos", "freertos", "freertos",
              "FreeRTOS+TCP NetworkBufferDescriptor_t + xSendEventStructToIPTask, deferred-interrupt task thread",
              ("-DNICPORT_BOARD_MMIO",)),
             ("zephyr", "zephyr", "zephyr",
              "Zephyr net_pkt with net_buf fragments + refcounts, net_recv_data, k_work, k_spinlock", ())],
}

FRAMES = 200


def _driver(tree: Path) -> str | None:
    hs = sorted((tree / "hw").glob("*_hw.h"))
    return hs[0].name[: -len("_hw.h")] if hs else None


def _vlan_allowed(tree: Path, target: str) -> bool:
    text = "\n".join(p.read_text(errors="replace") for p in (tree / "os" / target).rglob("*.c"))
    return "NIC_TXOL_VLAN" in text


def run_l2(out: Path, work: Path, target: str, env: dict[str, str] | None = None) -> LevelResult:
    """L2 for one target.  ``env`` is added to the run's environment (``EMU_NO_MSIX=1``: the
    emulated OS refuses MSI-X; ``EMU_FAIL=step[:n]``: see :func:`run_l2_failpaths`;
    ``EMU_VIRTIO_MMIO=1``: a virtio model is presented as virtio-mmio, not as the default
    virtio-pci function; ``EMU_PCI_BAR=n``: the virtio-pci structures presented in BAR n).
    The detail ends with the transport the hw layer drove (``transport: virtio-pci``,
    ``virtio-mmio``, or ``bar`` for a non-virtio model)."""
    if target not in EMULATIONS:
        return LevelResult("L2", "skip", f"no KPI emulation for {target} yet")
    results = []
    for i, e in enumerate(EMULATIONS[target]):
        b = _build_one(out, work / f"l2-{i}", target, *e)
        results.append(b if isinstance(b, LevelResult) else _exec_one(b, env))
    if len(results) == 1:
        return results[0]
    status = "fail" if any(r.status == "fail" for r in results) else (
        "pass" if all(r.status == "pass" for r in results) else "skip")
    return LevelResult("L2", status, " | ".join(r.detail for r in results),
                       real=sorted({x for r in results for x in r.real}),
                       contract=sorted({x for r in results for x in r.contract}),
                       seconds=sum(r.seconds for r in results), log="\n".join(r.log for r in results if r.log))


# emulations whose harness has no attach-failure mode (yet)
NO_FAILPATH = frozenset({"freertos", "linux"})

# attach-failure steps every harness can inject (emu_fail_step in common/emu_host.c)
FAIL_STEPS = ("mmio", "alloc", "dma", "intr")


@dataclass
class FailRun:
    """One attach-failure run: the step made to fail and what the harness saw."""

    emulation: str
    step: str
    ok: bool
    fired: bool
    error: int
    detail: str
    log: str = ""


def run_l2_failpaths(out: Path, work: Path, target: str, steps: tuple[str, ...] = FAIL_STEPS,
                     max_calls: int = 1) -> list[FailRun]:
    """Build the L2 harness once and run it once per injected failure (``EMU_FAIL=step:n``,
    n = 1..max_calls): the adapter's attach (or interface up) must return an error and, after
    its own cleanup (and detach where the OS calls it), leave no packet, buffer, DMA object,
    allocation or interrupt resource behind."""
    runs: list[FailRun] = []
    for i, e in enumerate(EMULATIONS.get(target, [])):
        if e[1] in NO_FAILPATH:
            continue
        b = _build_one(out, work / f"l2f-{i}", target, *e)
        if isinstance(b, LevelResult):
            runs.append(FailRun(e[1], "build", False, False, 0, b.detail, b.log))
            continue
        for step in steps:
            for n in range(1, max_calls + 1):
                spec = f"{step}:{n}"
                run = _exec(b, {"EMU_FAIL": spec})
                m = re.search(r"L2 FAILPATH (\{.*\})$", run.stdout, re.M)
                res = json.loads(m.group(1)) if m else {}
                runs.append(FailRun(
                    e[1], spec, bool(m) and run.returncode == 0 and bool(res.get("pass")),
                    bool(res.get("fired")), int(res.get("error", 0) or 0),
                    (f"{e[1]} {spec}: error {res.get('error')}, live after: {res.get('pkts_live')} packets, "
                     f"{res.get('bufs_live')} buffers, {res.get('dma_live')} DMA, {res.get('mem_live')} "
                     f"allocations, {res.get('intr_live')} interrupt handlers, interrupt mode "
                     f"{res.get('intr_mode')}") if m else f"{e[1]} {spec}: crashed or hung "
                    f"(exit {run.returncode})",
                    (run.stderr[-2000:] if not m or not res.get("pass") else "")))
    return runs


@dataclass
class _Built:
    exe: Path
    emu_dir: str
    what: str
    drv: str
    contract_dir: str
    t0: float


def _exec(b: _Built, env: dict[str, str] | None) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    for k in ("EMU_FAIL", "EMU_NO_MSIX", "EMU_VIRTIO_MMIO", "EMU_PCI_BAR"):
        e.pop(k, None)
    e.update(env or {})
    try:
        return subprocess.run([str(b.exe)], capture_output=True, text=True, timeout=120, env=e)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess([str(b.exe)], 124, "", "the L2 run hung (120 s)")


def _devmodel_msix(include_dirs) -> bool:
    """The device model models MSI-X (nic_devmodel_set_msix) -- the hw helper adds it."""
    for d in include_dirs:
        h, c = Path(d) / "nic_devmodel.h", Path(d) / "nic_devmodel.c"
        if h.is_file() and "nic_devmodel_set_msix" in h.read_text(errors="replace"):
            # declared AND defined (the model's source is beside its header)
            src = c.read_text(errors="replace") if c.is_file() else ""
            return bool(re.search(r"^nic_devmodel_set_msix\(|\bnic_devmodel_set_msix\([^;]*\)\s*\{", src, re.M)) \
                and "nic_devmodel_msix_max" in src
    return False


def _build_one(out: Path, work: Path, target: str, sub: str, emu_dir: str, contract_dir: str, what: str,
               extra: tuple[str, ...]) -> "_Built | LevelResult":
    t0 = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    try:
        from ..devmodel import build_devmodel
    except ImportError as exc:
        return LevelResult("L2", "skip", f"device model not available ({exc})")
    tree = _copy_tree(out, work / "l2", target)
    drv = _driver(tree)
    if drv is None:
        return LevelResult("L2", "skip", "no hw layer (hw/<drv>_hw.h) in the output tree")
    cc = "gcc"
    if shutil.which(cc) is None:
        return LevelResult("L2", "skip", "gcc not installed")
    bdir = work / "l2-build"
    bdir.mkdir(parents=True, exist_ok=True)
    try:
        dm = build_devmodel(drv, bdir, cc=cc, core_dir=tree / "core", with_osdep=False)
    except Exception as exc:  # noqa: BLE001 - reported as the level's failure
        return LevelResult("L2", "fail", f"device model build: {exc}", seconds=time.monotonic() - t0)
    osd = tree / "os" / target if sub == "." else tree / "os" / target / sub
    emu = HERE / emu_dir
    defs = [f"-DNICPORT_DRV={drv}", f"-DEMU_FRAMES={FRAMES}"] + list(extra)
    if _vlan_allowed(tree, target):
        defs.append("-DEMU_ALLOW_VLAN")
    ids = re.search(r"\{ 0x([0-9a-f]{4}), 0x([0-9a-f]{4}) \}",
                    "\n".join(p.read_text(errors="replace") for p in sorted(osd.glob("*.c"))))
    if ids:
        defs += [f"-DEMU_VENDOR=0x{ids.group(1)}", f"-DEMU_DEVICE=0x{ids.group(2)}"]
    if emu_dir == "windows":
        # NDIS grants message interrupts as the INF's MessageNumberLimit says
        inf = "\n".join(p.read_text(errors="replace") for p in sorted(osd.glob("*.inf")))
        lim = re.search(r"MessageNumberLimit, 0x00010001, (\d+)", inf)
        defs.append(f"-DEMU_WIN_MESSAGES={lim.group(1) if lim else 0}")
    contract_cc = [cc, "-c", "-O1", "-g", "-std=gnu11", "-nostdinc", "-ffreestanding", "-fno-builtin",
                   "-isystem", freestanding_include(cc), "-D_KERNEL"] + STRICT + defs
    if emu_dir in ("windows", "freebsd", "linux"):
        # host-side stand-ins of headers a user process cannot use (see the directory)
        contract_cc += ["-I", str(HERE / emu_dir / "include")]
    contract_cc += ["-I", str(osd), "-I", str(tree / "core"), "-I", str(tree / "hw"),
                    "-I", str(CONTRACTS / contract_dir), "-I", str(COMMON), "-I", str(emu)]
    srcs = sorted(osd.glob("*.c")) + sorted((tree / "core").glob("*.c")) + sorted((tree / "hw").glob("*.c"))
    srcs += sorted(emu.glob("*.c"))
    objs, logs = [], []
    for i, s in enumerate(srcs):
        o = bdir / f"{i:02d}_{s.stem}.o"
        r = _run(contract_cc + [str(s), "-o", str(o)])
        if r.returncode != 0:
            logs.append(f"--- {s.name}\n{r.stderr.strip()}")
        objs.append(o)
    host_o = bdir / "emu_host.o"
    host_defs = [f"-DNICPORT_DRV={drv}"] + (["-DEMU_DM_MSIX"] if _devmodel_msix(dm.include_dirs) else [])
    r = _run([cc, "-c", "-O1", "-g", "-std=gnu11"] + STRICT + host_defs + [f"-I{d}" for d in dm.include_dirs]
             + ["-I", str(COMMON), str(COMMON / "emu_host.c"), "-o", str(host_o)])
    if r.returncode != 0:
        logs.append(f"--- emu_host.c\n{r.stderr.strip()}")
    if logs:
        return LevelResult("L2", "fail", "the adapter does not build over the KPI emulation",
                           seconds=time.monotonic() - t0, log="\n".join(logs))
    exe = bdir / f"l2_{emu_dir}_{drv}"
    r = _run([cc, "-o", str(exe)] + [str(o) for o in objs] + [str(host_o), str(dm.library), "-lpthread",
                                                              f"-Wl,--wrap={drv}_hw_attach"])
    if r.returncode != 0:
        return LevelResult("L2", "fail", "link failed (an emulated KPI is missing)",
                           seconds=time.monotonic() - t0, log=r.stderr[-3000:])
    return _Built(exe, emu_dir, what, drv, contract_dir, t0)


_DUPLEX = {1: "full duplex", 0: "half duplex", -1: "duplex unknown", -2: "no duplex report"}


def _link_detail(res: dict) -> str:
    """The link flap as the OS saw it (emu_link_* in common/emu_host.c)."""
    if "link_init_up" not in res:
        return "link not checked"
    seen = ", ".join(f"{what} {'seen' if res.get(k) else 'NOT seen'}" for what, k in (
        ("up at init", "link_init_up"), ("down", "link_down_seen"), ("up again", "link_up_again")))
    mbps = res.get("link_mbps", 0)
    return (f"link: {seen} ({res.get('link_reports', 0)} reports, {res.get('link_downs', 0)} down), "
            f"{f'{mbps} Mbps' if mbps else 'speed unknown'}, {_DUPLEX.get(res.get('link_duplex'), '?')}")


def _exec_one(b: _Built, env: dict[str, str] | None) -> LevelResult:
    run = _exec(b, env)
    if run.returncode == 124 and "hung" in run.stderr:
        return LevelResult("L2", "fail", "the L2 run hung (120 s)", seconds=time.monotonic() - b.t0)
    m = re.search(r"^L2 RESULT (\{.*\})$", run.stdout, re.M)
    res = json.loads(m.group(1)) if m else {"pass": False}
    ok = run.returncode == 0 and bool(res.get("pass"))
    emu_dir, what = b.emu_dir, b.what
    if m and "sent" in res:
        irqs = res.get("irqs", [0, 0])
        adv, hw, mask = res.get("caps_adv", 0), res.get("caps_hw", 0), res.get("caps_mask", 0)
        caps = ("caps not checked" if not res.get("caps_set") else
                f"caps advertised 0x{adv:x} {'=' if adv == (hw & mask) else '!='} hw 0x{hw:x} & "
                f"0x{mask:x}" + (" (as the hw layer)" if adv == (hw & mask) else ""))
        detail = (f"{emu_dir}: {res['sent']} frames through {what}: {res['received']} received, "
                  f"{res['mismatched']} mismatched, checksum offload on {res['tx_csum_offloaded']}, "
                  f"VLAN insert on {res['tx_vlan_inserted']}, RX checksum good {res['rx_csum_good']}"
                  f"/bad {res['rx_csum_bad']}, live at end: {res['pkts_live']} packets, "
                  f"{res['bufs_live']} buffers, {res['dma_live']} DMA objects; interrupts: "
                  f"{res.get('intr_mode')}, vector 0: {irqs[0]}, vector 1: {irqs[1]}; {caps}; "
                  f"{_link_detail(res)}; transport: {res.get('transport', '?')}")
    else:
        detail = f"the L2 run failed (exit {run.returncode})"
    return LevelResult("L2", "pass" if ok else "fail", detail,
                       real=[f"device model ({b.drv})", "core + hw layer of the output tree"],
                       contract=[f"contracts/{b.contract_dir} (implemented by kpi_emul/{emu_dir})"],
                       seconds=time.monotonic() - b.t0, log=(run.stderr[-3000:] if not ok else ""))
