"""Native OS adapters: bind the portable core to one OS's networking and DMA KPIs.

``write_adapters(ir, out_dir, targets)`` renders, for every target, ``os/<os>/`` of an output
tree: the adapter source(s) in the host's style, its ``nic_osdep.h`` (the one file through
which the core reaches the OS) and the host's build files.  Templates live beside this
module under ``templates/<os>/``; a template's file name is its output name with ``DRV``
replaced by the driver prefix.  Output is deterministic: no timestamps, no absolute paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jinja2

from ... import __version__
from ...config import ALL_TARGETS
from ...errors import BadInput
from .view import AdapterView, adapter_view

TEMPLATES = Path(__file__).with_name("templates")

# target -> template directories rendered into os/<target>/ (rtos carries two RTOSes)
TARGET_DIRS: dict[str, tuple[str, ...]] = {
    "linux": ("linux",),
    "freebsd": ("freebsd",),
    "netbsd": ("netbsd",),
    "windows": ("windows",),
    "illumos": ("illumos",),
    "rtos": ("zephyr", "freertos"),
}

OS_NAMES = {
    "linux": "Linux", "freebsd": "FreeBSD", "netbsd": "NetBSD", "windows": "Windows",
    "illumos": "illumos", "zephyr": "Zephyr", "freertos": "FreeRTOS+TCP",
}


@dataclass(frozen=True)
class Stub:
    """One exception rendered as a stub in an adapter (from the exceptions tracker)."""

    feature: str
    linux_api: str
    symbol: str
    reason: str


def _field(e: Any, *names: str, default: str = "") -> str:
    for n in names:
        v = e.get(n) if isinstance(e, dict) else getattr(e, n, None)
        if v:
            return str(v)
    return default


def _stubs_for(os_name: str, target: str, exceptions: Iterable[Any] | None, drv: str) -> list[Stub]:
    out: dict[str, Stub] = {}
    for e in exceptions or ():
        t = _field(e, "target", "os").lower()
        if t not in (target, os_name, "all"):
            continue
        feature = _field(e, "feature", "name", default="feature")
        api = _field(e, "linux_api", "api", default="")
        sym = _field(e, "symbol", "function", default="")
        if not sym:
            sym = f"{drv}_" + "".join(c if c.isalnum() else "_" for c in feature.lower()).strip("_")
        out.setdefault(sym, Stub(feature, api, sym, _field(e, "reason", default="not supported")))
    return [out[k] for k in sorted(out)]


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["hex4"] = lambda v: f"0x{int(v):04x}"
    env.filters["hex8"] = lambda v: f"0x{int(v):08x}"
    env.filters["upper_hex4"] = lambda v: f"{int(v):04X}"
    return env


def render_target(view: AdapterView, os_dir: str, target: str, exceptions=None) -> dict[str, str]:
    """Render one OS directory into {relative name: text} (no I/O; used by tests)."""
    env = _env()
    files: dict[str, str] = {}
    src = TEMPLATES / os_dir
    stubs = _stubs_for(os_dir, target, exceptions, view.drv)
    ctx = {
        "v": view, "drv": view.drv, "DRV": view.DRV, "version": __version__,
        "os_name": OS_NAMES[os_dir], "stubs": stubs, "off": view.offloads,
    }
    for tpl in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = tpl.relative_to(src).as_posix()
        name = rel[:-3] if rel.endswith(".j2") else rel
        name = name.replace("DRV", view.drv)
        if tpl.suffix == ".j2":
            text = env.get_template(f"{os_dir}/{rel}").render(**ctx)
        else:
            text = tpl.read_text()
        files[name] = text
    return files


def write_adapters(ir: Any, out_dir: Path, targets: tuple[str, ...] = ALL_TARGETS,
                   exceptions: Iterable[Any] | None = None) -> dict[str, list[Path]]:
    """Write ``os/<target>/`` for each target; return the files written per target."""
    unknown = [t for t in targets if t not in TARGET_DIRS]
    if unknown:
        raise BadInput(f"unknown target(s): {', '.join(unknown)}", hint="targets are " + ", ".join(ALL_TARGETS))
    view = adapter_view(ir)
    exceptions = list(exceptions or ())
    written: dict[str, list[Path]] = {}
    for target in targets:
        base = Path(out_dir) / "os" / target
        paths: list[Path] = []
        for os_dir in TARGET_DIRS[target]:
            sub = base if len(TARGET_DIRS[target]) == 1 else base / os_dir
            for name, text in render_target(view, os_dir, target, exceptions).items():
                p = sub / name
                p.parent.mkdir(parents=True, exist_ok=True)
                if not p.exists() or p.read_text() != text:
                    p.write_text(text)
                paths.append(p)
        if target == "linux":
            # kbuild compiles only below M=: core/ and hw/ are reached through relative links
            # (also made by the Makefile, for trees copied without links)
            for part in ("core", "hw"):
                link = base / part
                if not link.is_symlink() and not link.exists():
                    link.symlink_to(Path("..") / ".." / part)
        if target == "freebsd":
            # iflib variant in os/freebsd/iflib/ where the queue model fits (iflib.iflib_fit)
            from .iflib import write_iflib
            write_iflib(ir, out_dir)
        written[target] = sorted(paths)
    return written


from .limits import known_limits  # noqa: E402

__all__ = ["write_adapters", "render_target", "adapter_view", "AdapterView", "TARGET_DIRS", "Stub",
           "known_limits"]
