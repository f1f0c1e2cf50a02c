"""Turn what the user typed into a :class:`DriverSource`.

Three forms are accepted:

1. a directory of C files (``nicport analyze ./mydriver``) or one ``.c`` file;
2. a Linux source tree and a driver name or path (``--linux-src DIR e1000``);
3. Debian's ``linux-source-6.1`` tarball, found automatically, and a driver name or path
   (``nicport port e1000``, ``nicport analyze drivers/net/ethernet/intel/igb``).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Config
from ..errors import BadInput, UnknownDriver
from .drivers import DISCOVERY_VERSION, DriverEntry, discover
from .kbuild import KbuildFlags, find_headers, kbuild_flags
from .tarball import ExtractedTree, ensure_extracted

#: A directory of C files bigger than this is refused (a driver is not 10,000 files).
MAX_FILES = 5000


@dataclass(frozen=True)
class DriverSource:
    """The files of one driver, on disk, plus what nicport knows about where they came from."""

    name: str
    origin: str  # "tarball" | "tree" | "directory"
    root: Path  # files are relative to this directory
    path: str  # the driver's path relative to root ("." for a plain directory)
    c_files: tuple[str, ...]
    h_files: tuple[str, ...]
    loc: int
    module: str
    kernel_version: str | None = None  # e.g. "6.1.192" (from the tree's Makefile)
    package_version: str | None = None  # Debian's package version, when from the tarball
    tree_root: Path | None = None  # a kernel source tree the driver lives in
    flags: KbuildFlags = field(default_factory=lambda: KbuildFlags(headers=None))
    warnings: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted(self.c_files + self.h_files))

    def abspath(self, rel: str) -> Path:
        return self.root / rel

    @property
    def header_free(self) -> bool:
        return not self.flags.available

    def clang_args(self, rel_c_file: str) -> list[str]:
        """Compiler arguments libclang should use for one of this driver's C files."""
        base = Path(rel_c_file).stem
        args = self.flags.clang_flags(self.module, base) if self.flags.available else []
        return args + ["-I", str(self.abspath(rel_c_file).parent)]


def _kernel_version(tree_root: Path) -> str | None:
    mk = tree_root / "Makefile"
    if not mk.is_file():
        return None
    vals = {}
    for line in mk.read_text(errors="replace").splitlines()[:12]:
        m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\d+)", line)
        if m:
            vals[m.group(1)] = m.group(2)
    if "VERSION" in vals and "PATCHLEVEL" in vals:
        return ".".join([vals["VERSION"], vals["PATCHLEVEL"], vals.get("SUBLEVEL", "0")])
    return None


def _debian_package_version(tarball: Path) -> str | None:
    status = Path("/var/lib/dpkg/status")
    pkg = tarball.name.removesuffix(".tar.xz")
    if not status.is_file():
        return None
    block = None
    for para in status.read_text(errors="replace").split("\n\n"):
        if re.search(rf"^Package: {re.escape(pkg)}$", para, re.M):
            block = para
            break
    if block:
        m = re.search(r"^Version: (\S+)", block, re.M)
        return m.group(1) if m else None
    return None


def driver_index(tree_root: Path, cache_key: str | None, cache_dir: Path) -> list[DriverEntry]:
    """The NIC drivers of a tree (cached per tarball hash when the tree is a cached extraction)."""
    cache = cache_dir / "drivers" / f"{cache_key}-v{DISCOVERY_VERSION}.json" if cache_key else None
    if cache and cache.is_file():
        try:
            return [DriverEntry.from_json(d) for d in json.loads(cache.read_text())]
        except (OSError, ValueError, KeyError):
            pass
    if not (tree_root / "drivers" / "net").is_dir():
        raise BadInput(f"{tree_root} does not look like a Linux source tree (no drivers/net)")
    entries = discover(tree_root)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps([e.to_json() for e in entries], indent=0))
        os.replace(tmp, cache)
    return entries


def open_tree(config: Config, progress: Callable[[int, int], None] | None = None) -> tuple[Path, str | None, ExtractedTree | None]:
    """The Linux tree to read: ``--linux-src`` if given, else the cached tarball extraction."""
    if config.linux_src is not None:
        src = config.linux_src
        if not src.exists():
            raise BadInput(f"--linux-src {src} does not exist")
        if not src.is_dir():
            raise BadInput(f"--linux-src {src} is not a directory")
        if not os.access(src, os.R_OK | os.X_OK):
            raise BadInput(f"cannot read {src}: permission denied")
        return src, None, None
    tree = ensure_extracted(config.tarball, config.cache_dir, progress)
    return tree.root, tree.key, tree


def list_drivers(config: Config, progress=None) -> list[DriverEntry]:
    root, key, _ = open_tree(config, progress)
    return driver_index(root, key, config.cache_dir)


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or spec.endswith(".c") or spec in (".", "..")


def resolve(spec: str, config: Config, progress=None) -> DriverSource:
    """Resolve a driver given as a name, a tree-relative path, a directory or a C file."""
    if not spec or not spec.strip():
        raise BadInput("no driver given", hint="name one, e.g. `nicport analyze e1000`")
    local = Path(spec)
    # A path that exists on disk, outside any --linux-src, is a plain directory or file.
    if _looks_like_path(spec) and local.exists() and not (config.linux_src and not local.is_absolute() and (config.linux_src / spec).exists()):
        return _from_directory(local.resolve() if local.is_dir() else local, config)
    root, key, tree = open_tree(config, progress)
    entries = driver_index(root, key, config.cache_dir)
    entry = _find_entry(spec, entries)
    if entry is None:
        rel = spec.rstrip("/")
        target = root / rel
        if _looks_like_path(spec) and target.exists():
            entry = _adhoc_entry(root, rel)
        else:
            names = sorted({e.name for e in entries} | {a for e in entries for a in e.aliases})
            raise UnknownDriver(spec, difflib.get_close_matches(spec, names, n=3, cutoff=0.6))
    kver = _kernel_version(root)
    headers = find_headers(kver, config.headers_dir)
    warnings: list[str] = []
    if headers is None:
        warnings.append(
            "kernel headers for Linux %s are not installed: running header-free (tree-sitter only); "
            "install linux-headers-amd64 for exact results" % (kver or "?")
        )
    flags = kbuild_flags(headers, config.cache_dir)
    _check_text_files(root, entry.c_files + entry.h_files)
    return DriverSource(
        name=entry.name,
        origin="tree" if tree is None else "tarball",
        root=root,
        path=entry.path,
        c_files=entry.c_files,
        h_files=entry.h_files,
        loc=entry.loc,
        module=entry.module,
        kernel_version=kver,
        package_version=_debian_package_version(config.tarball) if tree is not None else None,
        tree_root=root,
        flags=flags,
        warnings=tuple(warnings),
    )


def _find_entry(spec: str, entries: list[DriverEntry]) -> DriverEntry | None:
    rel = spec.rstrip("/")
    for e in entries:
        if spec == e.name:
            return e
    for e in entries:
        if spec in e.aliases or rel in (e.path, e.directory) and e.path == rel:
            return e
    for e in entries:
        if rel == e.path or (rel == e.directory and e.path == e.directory):
            return e
    return None


def _adhoc_entry(root: Path, rel: str) -> DriverEntry:
    target = root / rel
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.suffix in (".c", ".h") and p.is_file())
    c = tuple(str(p.relative_to(root)) for p in files if p.suffix == ".c")
    h = tuple(str(p.relative_to(root)) for p in files if p.suffix == ".h")
    if not c:
        raise BadInput(f"{rel} has no C files", hint="give a driver directory or a .c file")
    loc = sum(p.read_bytes().count(b"\n") for p in files)
    name = Path(rel).stem if target.is_file() else Path(rel).name
    return DriverEntry(name=name, module=name, path=rel, directory=str(Path(rel).parent) if target.is_file() else rel, c_files=c, h_files=h, loc=loc)


def _check_text_files(root: Path, files) -> None:
    for rel in files:
        p = root / rel
        try:
            data = p.read_bytes()
        except PermissionError:
            raise BadInput(f"cannot read {p}: permission denied") from None
        except OSError as exc:
            raise BadInput(f"cannot read {p}: {exc.strerror}") from None
        if b"\0" in data[:65536]:
            raise BadInput(f"{p} is not C source (binary data)")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(f"{p} is not UTF-8 text (invalid byte at offset {exc.start})", hint="convert it to UTF-8") from None


def _from_directory(path: Path, config: Config) -> DriverSource:
    if path.is_file():
        if path.suffix != ".c":
            raise BadInput(f"{path} is not a C source file", hint="give a driver directory or a .c file")
        root = path.parent
        c_files: tuple[str, ...] = (path.name,)
        h_files = tuple(sorted(str(p.relative_to(root)) for p in root.glob("*.h")))
        name = path.stem
    else:
        if not os.access(path, os.R_OK | os.X_OK):
            raise BadInput(f"cannot read {path}: permission denied")
        root = path
        found: list[Path] = []
        seen_dirs: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(path, followlinks=True):
            st = os.stat(dirpath)
            ident = (st.st_dev, st.st_ino)
            if ident in seen_dirs:  # a symlink loop: do not walk it twice
                dirnames[:] = []
                continue
            seen_dirs.add(ident)
            dirnames.sort()
            for fn in sorted(filenames):
                if fn.endswith((".c", ".h")):
                    found.append(Path(dirpath) / fn)
            if len(found) > MAX_FILES:
                raise BadInput(f"{path} holds more than {MAX_FILES} C files: give the driver's own directory")
        c_files = tuple(str(p.relative_to(root)) for p in found if p.suffix == ".c")
        h_files = tuple(str(p.relative_to(root)) for p in found if p.suffix == ".h")
        name = path.name
        if not c_files:
            raise BadInput(f"{path} has no C files (*.c)", hint="give a directory holding a driver's .c files")
    _check_text_files(root, c_files + h_files)
    loc = sum((root / f).read_bytes().count(b"\n") for f in c_files + h_files)
    headers = find_headers(None, config.headers_dir)
    warnings = []
    if headers is None:
        warnings.append("no kernel headers installed: running header-free (tree-sitter only)")
    return DriverSource(
        name=re.sub(r"[^A-Za-z0-9_]", "_", name),
        origin="directory",
        root=root,
        path=".",
        c_files=c_files,
        h_files=h_files,
        loc=loc,
        module=re.sub(r"[^A-Za-z0-9_]", "_", name),
        flags=kbuild_flags(headers, config.cache_dir),
        warnings=tuple(warnings),
    )
