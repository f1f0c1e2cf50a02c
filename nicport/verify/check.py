"""``nicport check OUT``: re-verify an output tree, per target and level, and print the table.

``run_check(out_dir, config, qemu=False, sysroots=[...], console)`` runs every level that can
run here (see :mod:`nicport.verify.levels`) for each target found under ``OUT/os/`` and
returns a :class:`CheckResult` (``exit_code`` 0 when nothing failed, 1 otherwise;
``to_json()`` one document).  Skipped levels are shown with their reason and never count.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ALL_TARGETS
from ..errors import EXIT_CHECK_FAILED, EXIT_OK, BadInput
from . import levels as L


@dataclass
class CheckResult:
    out_dir: Path
    driver: str
    targets: list[L.TargetResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_CHECK_FAILED if any(t.failed for t in self.targets) else EXIT_OK

    def to_json(self) -> dict:
        return {
            "driver": self.driver,
            "out_dir": str(self.out_dir),
            "passed": self.exit_code == EXIT_OK,
            "seconds": round(self.seconds, 1),
            "targets": [t.to_json() for t in self.targets],
        }


def parse_sysroots(items: list[str] | tuple[str, ...] | None) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for item in items or ():
        if "=" not in item:
            raise BadInput(f"--sysroot {item!r} is not OS=DIR", hint="e.g. --sysroot freebsd=/usr/src")
        os_name, d = item.split("=", 1)
        os_name = os_name.strip().lower()
        if os_name not in ALL_TARGETS:
            raise BadInput(f"--sysroot: unknown target {os_name!r}", hint="targets are " + ", ".join(ALL_TARGETS))
        p = Path(d).expanduser()
        if not p.is_dir():
            raise BadInput(f"--sysroot {os_name}={d}: not a directory")
        out[os_name] = p
    return out


def _driver_name(out: Path) -> str:
    try:
        return json.loads((out / ".nicport.json").read_text()).get("driver", out.name)
    except (OSError, ValueError):
        return out.name


def check_target(out: Path, target: str, config=None, sysroots: dict[str, Path] | None = None,
                 qemu: bool = False) -> L.TargetResult:
    sysroots = sysroots or {}
    res = L.TargetResult(target)
    with L.work_dir() as tmp:
        work = Path(tmp)
        l0, l1 = L.build_levels(out, work, target, config, sysroots)
        res.levels["L0"] = l0
        res.levels["L1"] = l1
        try:
            from .kpi_emul import run_l2
        except ImportError:
            res.levels["L2"] = L.LevelResult("L2", "skip", "KPI emulation not available")
        else:
            res.levels["L2"] = run_l2(out, work, target)
        if target == "linux":
            res.levels["L3"] = _l3(out, work, config) if qemu else L.LevelResult("L3", "skip", "pass --qemu to run it")
        else:
            res.levels["L3"] = L.LevelResult("L3", "skip", f"no QEMU guest kernel for {target} here")
    return res


def _l3(out: Path, work: Path, config, results_dir: Path | None = None) -> L.LevelResult:
    """L3 through nicport.verify.l3 (the generated Linux module in Debian's kernel on QEMU).
    Results and the guest console log land in ``out/verify/l3/``, or in ``results_dir`` (the
    pipeline: the run's work dir, so the output tree stays byte-identical)."""
    t0 = time.monotonic()
    try:
        from .l3 import run_l3_for_tree
    except ImportError as exc:
        return L.LevelResult("L3", "skip", f"QEMU stage not available ({exc})")
    try:
        r = run_l3_for_tree(out, config, results_dir=results_dir)
    except Exception as exc:  # noqa: BLE001 - reported as a failed level, with the reason
        return L.LevelResult("L3", "fail", f"{type(exc).__name__}: {exc}", seconds=time.monotonic() - t0)
    status = {"PASS": "pass", "SKIP": "skip"}.get(r.verdict, "fail")
    detail = r.reason + (f" (console log: {r.log_path})" if r.log_path and status == "fail" else "")
    real = [f"QEMU {r.qemu_device}", "Debian linux-image"] if r.qemu_device else []
    return L.LevelResult("L3", status, detail, real=real, seconds=time.monotonic() - t0)


def run_check(out_dir: Path, config=None, *, qemu: bool = False, sysroots=None, console=None,
              targets: tuple[str, ...] | None = None) -> CheckResult:
    out = Path(out_dir)
    roots = parse_sysroots(sysroots)
    os_root = out / "os"
    found = [t for t in ALL_TARGETS if (os_root / t).is_dir()]
    if targets:
        found = [t for t in found if t in targets]
    if not found:
        raise BadInput(f"{out} has no os/<target>/ adapters", hint="run `nicport port DRIVER -o DIR` first")
    t0 = time.monotonic()
    result = CheckResult(out, _driver_name(out))
    for t in found:
        result.targets.append(check_target(out, t, config, roots, qemu))
    result.seconds = time.monotonic() - t0
    if console is not None:
        print_table(result, console)
    return result


_STYLE = {"pass": "[green]pass[/]", "fail": "[bold red]FAIL[/]", "skip": "[dim]skip[/]"}


def print_table(result: CheckResult, console) -> None:
    from rich.table import Table

    table = Table(title=f"nicport check {result.driver}", header_style="bold cyan")
    table.add_column("target", style="bold")
    for lv in L.LEVELS:
        table.add_column(lv)
    table.add_column("reached")
    table.add_column("passed")
    for t in result.targets:
        cells = [_STYLE.get(t.levels[lv].status, t.levels[lv].status) if lv in t.levels else "" for lv in L.LEVELS]
        table.add_row(t.target, *cells, t.level or "-", ",".join(t.passed) or "-")
    console.print(table)
    for t in result.targets:
        for lv in L.LEVELS:
            r = t.levels.get(lv)
            if r is None:
                continue
            line = f"  {t.target} {lv} {r.status}: {r.detail}"
            if r.contract:
                line += f"  [contracts: {', '.join(r.contract)}]"
            console.print(line, markup=False, highlight=False)
            if r.status == "fail" and r.log:
                for ln in r.log.splitlines()[:15]:
                    console.print("      " + ln, markup=False, highlight=False)
