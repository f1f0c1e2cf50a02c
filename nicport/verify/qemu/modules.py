"""Kernel modules for the guest: read a ``.ko``'s ``.modinfo``, resolve its dependencies in
Debian's module tree, and build an external module against Debian's linux-headers.

Only the modules named here go into the initramfs, in load order; the guest has no udev and
no ``/sbin/modprobe``, so nothing else (in particular not an in-tree twin of the module
under test) can be loaded behind nicport's back.
"""

from __future__ import annotations

import os
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ...errors import BadInput, CheckFailed, MissingPrerequisite

KERNEL_VERSION = "6.1.0-56-amd64"


def module_tree(kernel_version: str = KERNEL_VERSION) -> Path:
    return Path("/lib/modules") / kernel_version


def headers_dir(kernel_version: str = KERNEL_VERSION) -> Path:
    return Path("/usr/src") / f"linux-headers-{kernel_version}"


def canonical(name: str) -> str:
    """Module names compare with '-' and '_' equal (as the kernel does)."""
    return name.replace("-", "_")


def _elf_section(data: bytes, wanted: str) -> bytes | None:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise BadInput("not a 64-bit little-endian ELF kernel module")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def sect(i: int) -> tuple[int, int, int]:
        name, _type, _flags, _addr, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size

    _, stroff, strsize = sect(shstrndx)
    strtab = data[stroff : stroff + strsize]
    for i in range(shnum):
        name, off, size = sect(i)
        end = strtab.index(b"\0", name)
        if strtab[name:end].decode() == wanted:
            return data[off : off + size]
    return None


def modinfo(ko: Path) -> dict[str, list[str]]:
    """The ``.modinfo`` key=value strings of a module (keys may repeat, e.g. ``alias``)."""
    try:
        data = Path(ko).read_bytes()
    except OSError as e:
        raise BadInput(f"cannot read module {ko}: {e.strerror}") from None
    raw = _elf_section(data, ".modinfo")
    if raw is None:
        raise BadInput(f"{ko} has no .modinfo section", hint="is it a kernel module (.ko)?")
    out: dict[str, list[str]] = {}
    for item in raw.split(b"\0"):
        if b"=" in item:
            k, v = item.decode(errors="replace").split("=", 1)
            out.setdefault(k, []).append(v)
    return out


def module_name(ko: Path) -> str:
    info = modinfo(ko)
    return canonical(info.get("name", [Path(ko).name.removesuffix(".ko")])[0])


def module_depends(ko: Path) -> list[str]:
    deps = modinfo(ko).get("depends", [""])[0]
    return [canonical(d) for d in deps.split(",") if d]


@dataclass(frozen=True)
class ModuleTree:
    """Debian's installed module tree: name -> path and name -> direct dependencies."""

    root: Path
    paths: dict[str, Path]
    deps: dict[str, list[str]]

    @staticmethod
    def load(kernel_version: str = KERNEL_VERSION) -> "ModuleTree":
        root = module_tree(kernel_version)
        dep_file = root / "modules.dep"
        if not dep_file.is_file():
            raise MissingPrerequisite(
                f"{dep_file} not found", hint=f"apt-get install linux-image-{kernel_version}"
            )
        paths: dict[str, Path] = {}
        deps: dict[str, list[str]] = {}
        for line in dep_file.read_text().splitlines():
            if ":" not in line:
                continue
            mod, rest = line.split(":", 1)
            name = canonical(Path(mod).name.split(".ko")[0])
            paths[name] = root / mod
            deps[name] = [canonical(Path(d).name.split(".ko")[0]) for d in rest.split()]
        return ModuleTree(root, paths, deps)

    def path(self, name: str) -> Path:
        try:
            return self.paths[canonical(name)]
        except KeyError:
            raise BadInput(f"module '{name}' is not in {self.root}") from None

    def load_order(self, names: list[str], exclude: set[str] = frozenset()) -> list[str]:
        """``names`` and everything they depend on, dependencies first; ``exclude`` is skipped
        (with its own dependencies still resolved through the caller)."""
        order: list[str] = []
        seen: set[str] = set()

        def visit(n: str, stack: tuple[str, ...]) -> None:
            n = canonical(n)
            if n in seen or n in exclude:
                return
            if n in stack:
                raise CheckFailed(f"module dependency cycle: {' -> '.join(stack + (n,))}")
            for d in self.deps.get(n, []) if n in self.paths else []:
                visit(d, stack + (n,))
            if n not in self.paths:
                raise BadInput(f"module '{n}' is not in {self.root}")
            seen.add(n)
            order.append(n)

        for n in names:
            visit(n, ())
        return order


def build_module(src_dir: Path, *, kernel_version: str = KERNEL_VERSION, jobs: int = 1,
                 timeout: float = 600) -> list[Path]:
    """Build the external module(s) in ``src_dir`` with kbuild against Debian's headers
    (``make -C /usr/src/linux-headers-VER M=DIR modules``); returns the ``.ko`` files.
    A failed build raises CheckFailed with the compiler's last lines."""
    src_dir = Path(src_dir).resolve()
    hdr = headers_dir(kernel_version)
    if not (hdr / "Makefile").is_file():
        raise MissingPrerequisite(f"{hdr} not found", hint="apt-get install linux-headers-amd64")
    if not src_dir.is_dir() or not any((src_dir / f).is_file() for f in ("Kbuild", "Makefile")):
        raise BadInput(f"{src_dir} has no Kbuild or Makefile", hint="give the directory of the generated module")
    env = dict(os.environ, LC_ALL="C")
    cmd = ["nice", "make", "-s", f"-j{max(1, jobs)}", "-C", str(hdr), f"M={src_dir}", "modules"]
    try:
        p = subprocess.run(cmd, cwd=src_dir, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"kbuild of {src_dir.name} timed out after {timeout:.0f} s") from None
    if p.returncode != 0:
        tail = "\n".join((p.stdout + p.stderr).strip().splitlines()[-15:])
        raise CheckFailed(f"kbuild of {src_dir.name} failed (exit {p.returncode}):\n{tail}")
    kos = sorted(src_dir.rglob("*.ko"))
    if not kos:
        raise CheckFailed(f"kbuild of {src_dir.name} produced no .ko")
    return kos
