"""Build helper for the device-model tests: core + generated hw layer + device model + harness."""

from __future__ import annotations

import subprocess
from pathlib import Path

from nicport.generate.hw import write_hw
from nicport.verify.devmodel import C_DIR, SANITIZE, build_devmodel

CORE = Path(__file__).resolve().parents[3] / "nicport" / "generate" / "core" / "c"
HARNESS = Path(__file__).resolve().parent / "c" / "dm_core_test.c"
MSIX_HARNESS = Path(__file__).resolve().parent / "c" / "dm_msix_test.c"


def core_sources() -> list[Path]:
    return sorted(p for p in CORE.glob("nic_*.c"))


def build_harness(driver: str, out: Path, *, cc: str = "gcc", sanitize: bool = False,
                  harness: Path = HARNESS) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    write_hw(driver, out)
    b = build_devmodel(driver, out, cc=cc, sanitize=sanitize, opt="-O1")
    exe = out / f"{harness.stem}_{driver}{'_san' if sanitize else ''}"
    flags = ["-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror"]
    if sanitize:
        flags += list(SANITIZE)
    cmd = [
        cc, *flags, f"-I{out / 'hw'}", f"-I{CORE}", f"-I{C_DIR}", f"-I{out / 'devmodel'}",
        f'-DHW_HEADER="{driver}_hw.h"', f"-DHW_OPS={driver}_hw_ops", f"-DHW_ATTACH={driver}_hw_attach",
        f"-DHW_DETACH={driver}_hw_detach",
        str(harness), str(out / "hw" / f"{driver}_hw.c"), *map(str, core_sources()), str(b.library),
        "-o", str(exe),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError(f"harness build failed for {driver}:\n{r.stderr[-4000:]}")
    return exe


def run(exe: Path, *args: str, timeout: int = 120) -> dict[str, str]:
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError(f"{exe.name} {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr[-4000:]}")
    line = r.stdout.strip().splitlines()[-1]
    return dict(kv.split("=", 1) for kv in line.split())
