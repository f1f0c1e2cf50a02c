"""Verification levels L0-L2 of one output tree, per target (L3 lives in verify/qemu).

Every level is a real tool run: a compiler over the adapter + core + hw layer against
contract headers (L0) or the target's real headers (L1), checkpatch/sparse for Linux, and
the adapter's TX/RX paths over a user-space KPI emulation (L2).  A level that cannot run
here says ``skip`` with the reason; nothing is ever reported as passing that did not run.

Builds happen in a private copy of the tree (the output tree is never written to).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTRACTS = HERE / "contracts"
KPI_EMUL = HERE / "kpi_emul"

LEVELS = ("L0", "L1", "L2", "L3")
STRICT = ["-Wall", "-Wextra", "-Werror"]


@dataclass
class LevelResult:
    level: str
    status: str                    # pass | fail | skip
    detail: str = ""
    real: list[str] = field(default_factory=list)      # what was checked against real headers/tools
    contract: list[str] = field(default_factory=list)  # what was checked against contract headers
    seconds: float = 0.0
    log: str = ""

    def to_json(self) -> dict:
        return {
            "level": self.level, "status": self.status, "detail": self.detail,
            "real": self.real, "contract": self.contract, "seconds": round(self.seconds, 2),
        }


@dataclass
class TargetResult:
    target: str
    levels: dict[str, LevelResult] = field(default_factory=dict)

    @property
    def level(self) -> str | None:
        """The highest level reached with every lower level passed (never overstated)."""
        reached = None
        for lv in LEVELS:
            r = self.levels.get(lv)
            if r is None or r.status != "pass":
                break
            reached = lv
        return reached

    @property
    def failed(self) -> bool:
        return any(r.status == "fail" for r in self.levels.values())

    @property
    def passed(self) -> list[str]:
        """Every level that ran and passed (L2 can pass while L1 is skipped)."""
        return [lv for lv in LEVELS if lv in self.levels and self.levels[lv].status == "pass"]

    def to_json(self) -> dict:
        return {"target": self.target, "level": self.level, "passed": self.passed, "failed": self.failed,
                "levels": {k: v.to_json() for k, v in self.levels.items()}}


# --------------------------------------------------------------------------- tools


def _run(cmd: list[str], cwd: Path | None = None, timeout: int = 600, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def ziglang_freebsd() -> Path | None:
    """FreeBSD 14's /usr/include as shipped by PyPI's ziglang (lib/libc/include)."""
    try:
        import ziglang  # type: ignore[import-not-found]
    except ImportError:
        return None
    base = Path(ziglang.__file__).resolve().parent / "lib" / "libc" / "include"
    return base if (base / "generic-freebsd" / "sys" / "mbuf.h").is_file() else None


def ck_include(work: Path) -> Path | None:
    """Concurrency Kit headers (Debian libck-dev) in a directory of their own, for sys/ck.h."""
    if not Path("/usr/include/ck_queue.h").is_file():
        return None
    d = work / "ck-include"
    d.mkdir(exist_ok=True)
    for h in Path("/usr/include").glob("ck_*.h"):
        (d / h.name).unlink(missing_ok=True)
        (d / h.name).symlink_to(h)
    if Path("/usr/include/gcc/ck_pr.h").is_file() and not (d / "gcc").exists():
        (d / "gcc").symlink_to("/usr/include/gcc")
    return d


def linux_headers(config=None) -> Path | None:
    cand = []
    if config is not None and getattr(config, "headers_dir", None):
        cand.append(Path(config.headers_dir))
    cand += sorted(Path("/usr/src").glob("linux-headers-*-amd64"), reverse=True)
    for c in cand:
        if (c / "Makefile").is_file():
            return c
    return None


def checkpatch(config=None) -> Path | None:
    try:
        from ..config import Config
        from ..source import resolve

        p = resolve("e1000", config or Config()).root / "scripts" / "checkpatch.pl"
        return p if p.is_file() else None
    except Exception:  # noqa: BLE001 - no linux-source: checkpatch is reported as missing
        return None


def _copy_tree(out: Path, work: Path, target: str) -> Path:
    dst = work / "tree"
    for part in ("core", "hw", f"os/{target}"):
        src = out / part
        if src.is_dir():
            shutil.copytree(src, dst / part, symlinks=True, dirs_exist_ok=True)
    return dst


def _c_sources(tree: Path, os_dir: str) -> list[Path]:
    srcs = sorted((tree / "os" / os_dir).glob("*.c"))
    for part in ("core", "hw"):
        srcs += sorted((tree / part).glob("*.c"))
    return srcs


def _first_lines(text: str, n: int = 12) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return "\n".join(lines[:n])


def _compile_all(cc: list[str], srcs: list[Path], cwd: Path) -> tuple[bool, str]:
    logs = []
    ok = True
    for s in srcs:
        r = _run(cc + [str(s)], cwd=cwd)
        if r.returncode != 0 or r.stderr.strip():
            ok = False
            rel = s.relative_to(cwd) if s.is_relative_to(cwd) else s
            logs.append(f"--- {rel}\n{r.stderr.strip()}".replace(f"{cwd}/", ""))
    return ok, "\n".join(logs)


# --------------------------------------------------------------------------- Linux


def linux_l1(out: Path, work: Path, config=None) -> tuple[LevelResult, LevelResult]:
    """kbuild against Debian's linux-headers with C=2 (sparse), then checkpatch --strict."""
    t0 = time.monotonic()
    kdir = linux_headers(config)
    if kdir is None:
        r = LevelResult("L1", "skip", "no linux-headers (apt-get install linux-headers-amd64)")
        return LevelResult("L0", "skip", r.detail), r
    tree = _copy_tree(out, work, "linux")
    osd = tree / "os" / "linux"
    sparse = shutil.which("sparse")
    cmd = ["make", f"KDIR={kdir}"] + (["C=2"] if sparse else [])
    r = _run(["nice"] + cmd, cwd=osd, timeout=900)
    text = r.stdout + r.stderr
    warnings = [ln for ln in text.splitlines() if re.search(r"\b(warning|error):", ln)]
    kos = list(osd.glob("*.ko"))
    problems = []
    if r.returncode != 0 or not kos:
        problems.append("kbuild failed")
    if warnings:
        problems.append(f"{len(warnings)} compiler/sparse warning(s)")
    cp = checkpatch(config)
    cp_msgs: list[str] = []
    if cp is not None:
        files = sorted(p.name for p in osd.glob("*.[ch]") if not p.name.endswith(".mod.c"))
        files += sorted(f"include/{p.name}" for p in (osd / "include").glob("*.h"))
        files += ["Kbuild", "Makefile"]
        c = _run(["perl", str(cp), "--strict", "--no-tree", "--terse", "--show-types", "-f"] + files, cwd=osd)
        cp_msgs = [ln for ln in c.stdout.splitlines() if re.search(r": (ERROR|WARNING|CHECK):", ln)]
        if cp_msgs:
            problems.append(f"{len(cp_msgs)} checkpatch message(s)")
    real = [f"kbuild {kdir.name}"] + (["sparse (make C=2)"] if sparse else []) + (["checkpatch.pl --strict"] if cp else [])
    detail = "; ".join(problems) if problems else (
        f"{kos[0].name} built, 0 warnings" + (", sparse clean" if sparse else ", sparse missing")
        + (", checkpatch clean" if cp else ", checkpatch missing"))
    log = "\n".join(warnings + cp_msgs) + ("\n" + _first_lines(text, 30) if r.returncode else "")
    log = log.replace(f"{tree}/", "")
    status = "fail" if problems else "pass"
    if status == "pass" and (not sparse or cp is None):
        status, detail = "fail", detail + " (a required checker is missing)"
    l1 = LevelResult("L1", status, detail, real=real, seconds=time.monotonic() - t0, log=log)
    # Linux needs no contract headers: L0 (type-checks) is what kbuild's compile proves.
    l0_ok = r.returncode == 0 and bool(kos) and not any("error:" in w for w in warnings)
    l0 = LevelResult("L0", "pass" if l0_ok else "fail",
                     "type-checks against the real kernel headers (no contracts needed)",
                     real=[f"kernel headers {kdir.name}"], log="" if l0_ok else log)
    return l0, l1


# --------------------------------------------------------------------------- FreeBSD

FREEBSD_CONTRACTS = ["device_if.h", "bus_if.h", "dev/pci/pcivar.h"]


def freebsd_cc(tree: Path, work: Path, sysroot: Path | None) -> tuple[list[str] | None, str, list[str], list[str]]:
    osd = tree / "os" / "freebsd"
    base = ["clang", "--target=x86_64-unknown-freebsd14", "-D_KERNEL", "-DKLD_MODULE",
            "-D__FreeBSD_version=1400500", "-nostdinc", "-ffreestanding", "-fno-builtin",
            "-fsyntax-only", "-std=gnu11"] + STRICT
    inc = ["-I", str(osd / "include"), "-I", str(osd), "-I", str(tree / "core"), "-I", str(tree / "hw")]
    if not shutil.which("clang"):
        return None, "clang not installed", [], []
    if sysroot is not None:
        sys_dir = sysroot / "sys" if (sysroot / "sys" / "sys" / "mbuf.h").is_file() else sysroot
        if not (sys_dir / "sys" / "mbuf.h").is_file():
            return None, f"--sysroot freebsd={sysroot}: no sys/sys/mbuf.h there", [], []
        links = work / "fbsd-machine"
        links.mkdir(exist_ok=True)
        for name, target in (("machine", sys_dir / "amd64" / "include"), ("x86", sys_dir / "x86" / "include")):
            if not (links / name).exists():
                (links / name).symlink_to(target)
        contract = [c for c in FREEBSD_CONTRACTS if not (sys_dir / c).is_file()]
        cinc = ["-I", str(CONTRACTS / "freebsd")] if contract else []
        # the real pcivar.h needs the generated pci_if.h, so contracts stay for the kobj headers
        return (base + inc + ["-I", str(sys_dir), "-I", str(links)] + cinc,
                "", [f"{sysroot} (sys/)"], contract or ["device_if.h", "bus_if.h"])
    zig = ziglang_freebsd()
    if zig is None:
        return None, "PyPI ziglang (FreeBSD 14 headers) not installed", [], []
    ck = ck_include(work)
    if ck is None:
        return None, "Concurrency Kit headers missing (apt-get install libck-dev) for sys/ck.h", [], []
    return (base + inc + ["-I", str(CONTRACTS / "freebsd"),
                          "-isystem", str(zig / "x86_64-freebsd-none"), "-isystem", str(zig / "generic-freebsd"),
                          "-isystem", str(ck)],
            "", ["FreeBSD 14 /usr/include from PyPI ziglang (sys/, net/, machine/, x86/, dev/pci/pcireg.h)",
                 "Concurrency Kit (libck-dev) for sys/ck.h"], list(FREEBSD_CONTRACTS))


def freebsd_levels(out: Path, work: Path, sysroot: Path | None = None) -> tuple[LevelResult, LevelResult]:
    t0 = time.monotonic()
    tree = _copy_tree(out, work, "freebsd")
    cc, why, real, contract = freebsd_cc(tree, work, sysroot)
    if cc is None:
        r = LevelResult("L1", "skip", why)
        return LevelResult("L0", "skip", why), r
    ok, log = _compile_all(cc, _c_sources(tree, "freebsd"), tree)
    dt = time.monotonic() - t0
    n = len(_c_sources(tree, "freebsd"))
    detail = f"{n} files (adapter + core + hw) compile with clang -Wall -Wextra -Werror for x86_64-freebsd14"
    if not ok:
        detail = "compile errors"
    l0 = LevelResult("L0", "pass" if ok else "fail", detail, real=real, contract=contract, seconds=dt, log=log)
    l1 = LevelResult("L1", "pass" if ok else "fail",
                     detail + "; contract headers only for: " + ", ".join(contract),
                     real=real, contract=contract, seconds=0.0, log=log)
    return l0, l1


def freebsd_iflib_l1(out: Path, work: Path, sysroot: Path | None = None) -> LevelResult:
    """L1 of the iflib variant (os/freebsd/iflib/): its adapter + osdep, the hw layer and the
    core helpers it links (nic_util.c), with freebsd_cc's compiler and headers (real
    net/iflib.h; contract ifdi_if.h, device_if.h, bus_if.h, pcivar.h).  skip when the tree
    has no iflib variant (the driver's queue model is not iflib's)."""
    t0 = time.monotonic()
    tree = _copy_tree(out, work, "freebsd")
    ifl = tree / "os" / "freebsd" / "iflib"
    if not ifl.is_dir():
        return LevelResult("L1", "skip", "no iflib variant in this tree (os/freebsd/iflib/)")
    cc, why, real, contract = freebsd_cc(tree, work, sysroot)
    if cc is None:
        return LevelResult("L1", "skip", why)
    # the variant's own include/ and nic_os.h come before the native adapter's
    cc = cc[:1] + ["-I", str(ifl / "include"), "-I", str(ifl)] + cc[1:]
    contract = sorted(set(contract) | {"ifdi_if.h"})
    srcs = sorted(ifl.glob("*.c")) + sorted((tree / "hw").glob("*.c")) + [tree / "core" / "nic_util.c"]
    ok, log = _compile_all(cc, srcs, tree)
    detail = (f"{len(srcs)} files (iflib adapter + osdep + hw + core/nic_util.c) compile with clang "
              "-Wall -Wextra -Werror for x86_64-freebsd14; contract headers only for: " + ", ".join(contract))
    return LevelResult("L1", "pass" if ok else "fail", detail if ok else "compile errors", real=real,
                       contract=contract, seconds=time.monotonic() - t0, log=log)


# --------------------------------------------------------------------------- contract-only targets

# os dir -> (contract include dirs, extra flags)
CONTRACT_TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "netbsd": (["netbsd"], ["-D_KERNEL"]),  # _MODULE needs config(1)'s ioconf.c
    "illumos": (["illumos"], ["-D_KERNEL"]),
    "windows": (["windows"], ["-DNDIS_MINIPORT_DRIVER", "-DNDIS630_MINIPORT=1"]),
    "zephyr": (["zephyr"], []),
    "freertos": (["freertos"], []),
}

# target -> os dirs below os/<target>/ (rtos carries two)
OS_DIRS = {"netbsd": ["."], "illumos": ["."], "windows": ["."], "rtos": ["zephyr", "freertos"]}


def contract_l0(out: Path, work: Path, target: str) -> LevelResult:
    """Type-check the adapter + core + hw against the target's contract headers with gcc and clang."""
    t0 = time.monotonic()
    tree = _copy_tree(out, work, target)
    logs, n, used = [], 0, []
    ok = True
    for sub in OS_DIRS[target]:
        os_name = target if sub == "." else sub
        osd = tree / "os" / target / ("" if sub == "." else sub)
        if not osd.is_dir():
            return LevelResult("L0", "fail", f"os/{target}/{'' if sub == '.' else sub} missing")
        dirs, flags = CONTRACT_TARGETS[os_name]
        inc = []
        for d in dirs:
            inc += ["-I", str(CONTRACTS / d)]
            used.append(f"contracts/{d}")
        srcs = sorted(osd.glob("*.c")) + sorted((tree / "core").glob("*.c")) + sorted((tree / "hw").glob("*.c"))
        for compiler in ("gcc", "clang"):
            if not shutil.which(compiler):
                continue
            cc = [compiler, "-fsyntax-only", "-std=gnu11", "-nostdinc", "-ffreestanding", "-fno-builtin"] + STRICT + flags
            cc += ["-isystem", freestanding_include(compiler)]
            cc += ["-I", str(osd / "include"), "-I", str(osd), "-I", str(tree / "core"), "-I", str(tree / "hw")] + inc
            good, log = _compile_all(cc, srcs, tree)
            ok &= good
            n += len(srcs)
            if log:
                logs.append(f"[{compiler} {os_name}]\n{log}")
    detail = (f"{n} compiles (gcc + clang, -Wall -Wextra -Werror) against contract headers"
              if ok else "type errors against the contract headers")
    return LevelResult("L0", "pass" if ok else "fail", detail, contract=sorted(set(used)),
                       seconds=time.monotonic() - t0, log="\n".join(logs))


MINGW = "x86_64-w64-mingw32-gcc"
MINGW_REAL = ["ntddk.h (kernel types, MDL, SCATTER_GATHER_LIST, CM resources, DbgPrintEx)",
              "ntddndis.h (NDIS_OBJECT_HEADER, OID codes, NDIS_OFFLOAD*, NDIS_RECEIVE_SCALE_PARAMETERS, "
              "NDIS_STATISTICS_INFO)", "mingw-w64 C headers (stdint.h, stdarg.h ...)"]


def mingw_ddk() -> Path | None:
    if not shutil.which(MINGW):
        return None
    r = _run([MINGW, "-print-sysroot"])
    for base in (Path(r.stdout.strip() or "/") / "include", Path("/usr/x86_64-w64-mingw32/include"),
                 Path("/usr/share/mingw-w64/include")):
        if (base / "ddk" / "ntddk.h").is_file():
            return base / "ddk"
    return None


def windows_l0(out: Path, work: Path) -> LevelResult:
    """mingw-w64 gcc (LLP64, the real Windows ABI) with mingw's real ntddk.h/ntddndis.h and
    the NDIS 6.30 contract ndis.h."""
    t0 = time.monotonic()
    ddk = mingw_ddk()
    if ddk is None:
        return LevelResult("L0", "skip", "mingw-w64 not installed (apt-get install gcc-mingw-w64-x86-64)")
    tree = _copy_tree(out, work, "windows")
    osd = tree / "os" / "windows"
    cc = [MINGW, "-fsyntax-only", "-std=gnu11", "-ffreestanding", "-fno-builtin", "-D_AMD64_",
          "-DNDIS_MINIPORT_DRIVER=1", "-DNDIS620_MINIPORT=1", "-Wno-unknown-pragmas",
          "-Wno-missing-field-initializers",
          "-Wno-multichar"] + STRICT  # WDK conventions: #pragma, pool tags 'abcd', partial initializers
    cc += ["-I", str(osd), "-I", str(tree / "core"), "-I", str(tree / "hw"),
           "-I", str(CONTRACTS / "windows"), "-I", str(ddk)]
    srcs = _c_sources(tree, "windows")
    ok, log = _compile_all(cc, srcs, tree)
    detail = (f"{len(srcs)} files compile with {MINGW} -Wall -Wextra -Werror (x86_64 LLP64)"
              if ok else "type errors against mingw DDK + NDIS 6 contract")
    return LevelResult("L0", "pass" if ok else "fail", detail, real=list(MINGW_REAL),
                       contract=["contracts/windows/ndis.h (NDIS 6.20 miniport API)"],
                       seconds=time.monotonic() - t0, log=log)


#: Where each target's kernel headers sit in a user-supplied tree or SDK (--sysroot OS=DIR):
#: marker file -> include directories (relative to the directory holding the marker's first
#: component), the clang target triple, the defines a kernel build of that OS passes, and the
#: `machine`/`x86` include links its build creates.
SYSROOT_LAYOUTS: dict[str, dict] = {
    "netbsd": {  # a NetBSD src/ or src/sys (sys/sys/mbuf.h)
        "marker": "sys/mbuf.h", "incs": [".", "arch"], "triple": "x86_64-unknown-netbsd",
        "defines": ["-D_KERNEL"], "links": {"machine": "arch/amd64/include", "x86": "arch/x86/include"},
        "os_dirs": ["."],
    },
    "illumos": {  # illumos-gate usr/src/uts
        "marker": "common/sys/mac_provider.h", "incs": ["common", "intel", "i86pc"],
        "triple": "x86_64-pc-solaris2.11", "defines": ["-D_KERNEL", "-D_SYSCALL32"], "links": {}, "os_dirs": ["."],
    },
    "windows": {  # a WDK Include/<version> directory (km/ndis.h)
        "marker": "km/ndis.h", "incs": ["km", "shared", "km/crt"], "triple": "x86_64-pc-windows-msvc",
        "defines": ["-D_AMD64_", "-DNDIS_MINIPORT_DRIVER=1", "-DNDIS620_MINIPORT=1", "-fms-extensions",
                    "-fms-compatibility", "-Wno-unknown-pragmas", "-Wno-missing-field-initializers",
                    "-Wno-multichar"],
        "links": {}, "os_dirs": ["."],
    },
    "rtos": {  # a Zephyr tree (include/zephyr/net/ethernet.h); FreeRTOS+TCP: source/include
        "marker": "include/zephyr/net/ethernet.h", "incs": ["include"], "triple": None,
        "defines": ["-D__ZEPHYR__"], "links": {}, "os_dirs": ["zephyr"],
    },
}


def _find_base(root: Path, marker: str, depth: int = 3) -> Path | None:
    """The directory below ``root`` (at most ``depth`` levels) that holds ``marker``."""
    todo = [(root, 0)]
    while todo:
        d, n = todo.pop(0)
        if (d / marker).is_file():
            return d
        if n < depth:
            try:
                todo += [(c, n + 1) for c in sorted(d.iterdir()) if c.is_dir() and not c.is_symlink()]
            except OSError:
                continue
    return None


def sysroot_l1(out: Path, work: Path, target: str, sysroot: Path | None) -> LevelResult:
    """L1 against a user-supplied tree or SDK: the adapter + core + hw type-check with clang
    -Wall -Wextra -Werror against the target's real headers instead of nicport's contracts."""
    if sysroot is None:
        return LevelResult("L1", "skip", f"no real {target} headers here: pass --sysroot {target}=DIR")
    layout = SYSROOT_LAYOUTS.get(target)
    if layout is None:
        return LevelResult("L1", "skip", f"--sysroot is not defined for {target}")
    sysroot = Path(sysroot)
    if not sysroot.is_dir():
        return LevelResult("L1", "fail", f"--sysroot {target}={sysroot}: not a directory")
    base = _find_base(sysroot, layout["marker"])
    if base is None:
        return LevelResult("L1", "fail", f"--sysroot {target}={sysroot}: no {layout['marker']} below it")
    if not shutil.which("clang"):
        return LevelResult("L1", "skip", "clang not installed")
    t0 = time.monotonic()
    tree = _copy_tree(out, work, target)
    links = work / "sysroot-links"
    links.mkdir(parents=True, exist_ok=True)
    for name, rel in layout["links"].items():
        link = links / name
        if not link.exists() and (base / rel).is_dir():
            link.symlink_to(base / rel)
    cc = ["clang", "-fsyntax-only", "-std=gnu11", "-nostdinc", "-ffreestanding", "-fno-builtin"]
    if layout["triple"]:
        cc.append(f"--target={layout['triple']}")
    cc += STRICT + layout["defines"] + ["-isystem", freestanding_include("clang")]
    logs, ok, n = [], True, 0
    for sub in layout["os_dirs"]:
        osd = tree / "os" / target / ("" if sub == "." else sub)
        if not osd.is_dir():
            return LevelResult("L1", "fail", f"os/{target}/{'' if sub == '.' else sub} missing")
        inc = ["-I", str(osd / "include"), "-I", str(osd), "-I", str(tree / "core"), "-I", str(tree / "hw"),
               "-I", str(links)]
        for rel in layout["incs"]:
            inc += ["-I", str(base / rel)]
        srcs = sorted(osd.glob("*.c")) + sorted((tree / "core").glob("*.c")) + sorted((tree / "hw").glob("*.c"))
        good, log = _compile_all(cc + inc, srcs, tree)
        ok &= good
        n += len(srcs)
        if log:
            logs.append(log)
    detail = (f"{n} files type-check with clang -Wall -Wextra -Werror against {target} headers in {sysroot}"
              if ok else f"errors against the {target} headers in {sysroot}")
    return LevelResult("L1", "pass" if ok else "fail", detail, real=[f"{target} headers: {base}"],
                       seconds=time.monotonic() - t0, log="\n".join(logs))


def build_levels(out: Path, work: Path, target: str, config=None,
                 sysroots: dict | None = None) -> tuple[LevelResult, LevelResult]:
    """L0 and L1 of one target: the one dispatch `nicport check` and the pipeline share."""
    sysroots = sysroots or {}
    if target == "linux":
        return linux_l1(out, work, config)
    if target == "freebsd":
        return freebsd_levels(out, work, sysroots.get("freebsd"))
    l0 = windows_l0(out, work) if target == "windows" else contract_l0(out, work, target)
    return l0, sysroot_l1(out, work, target, sysroots.get(target))


def freestanding_include(compiler: str) -> str:
    """The compiler's own headers (stddef.h, stdint.h, stdarg.h, stdbool.h): what every
    kernel build of the targets also has, and the only system headers L0 allows."""
    r = _run([compiler, "-print-file-name=include"])
    return r.stdout.strip()


def work_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="nicport-check-")


def env_summary() -> dict:
    return {"ziglang_freebsd": bool(ziglang_freebsd()), "linux_headers": str(linux_headers() or ""),
            "sparse": bool(shutil.which("sparse")), "mingw": bool(shutil.which("x86_64-w64-mingw32-gcc")),
            "cpus": os.cpu_count()}
