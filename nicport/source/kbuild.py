"""The compiler flags kbuild uses for an external module, read from kbuild itself.

nicport builds a one-line probe module against the installed ``linux-headers-<ver>-amd64``
(``make -C HEADERS M=DIR probe.o``) and reads the exact command kbuild ran from the probe's
``.probe.o.cmd``.  The flags are kept as a template (``KBUILD_BASENAME``/``KBUILD_MODNAME``
filled per file) and cached by the headers' identity.  Without headers nicport runs
header-free (tree-sitter only) and says so once.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MissingPrerequisite

FLAGS_VERSION = 1

#: gcc-only options that clang (libclang) rejects or that change nothing for parsing.
_GCC_ONLY_PREFIXES = (
    "-Wp,",
    "-fconserve-stack",
    "-fno-allow-store-data-races",
    "-mindirect-branch",
    "-mfunction-return",
    "-mharden-sls",
    "-mrecord-mcount",
    "-mskip-rax-setup",
    "-mpreferred-stack-boundary",
    "-falign-jumps",
    "-falign-loops",
    "-fmacro-prefix-map",
    "-Wimplicit-fallthrough=",
    "-Wno-alloc-size-larger-than",
    "-Wno-stringop",
    "-Wno-restrict",
    "-Wno-maybe-uninitialized",
    "-Wno-packed-not-aligned",
    "-Wno-dangling-pointer",
    "-Wno-format-truncation",
    "-Wno-format-overflow",
    "-Wno-unused-but-set-variable",
    "-Werror=designated-init",
    "-fno-stack-clash-protection",
    "-ftrivial-auto-var-init",
    "-mno-fp-ret-in-387",
    "-fno-builtin-wcslen",
    "-pg",
    "-mfentry",
    "-g",
    "-O2",
    "-Wframe-larger-than",
    "-Wall",
    "-Wundef",
    "-Werror",
    "-Wno-",
    "-Wvla",
    "-Wcast-function-type",
)


@dataclass(frozen=True)
class KernelHeaders:
    """An installed ``linux-headers-<ver>-<flavour>`` package."""

    build_dir: Path  # /usr/src/linux-headers-6.1.0-56-amd64 (the make -C directory)
    release: str  # 6.1.0-56-amd64
    version: str  # 6.1 (major.minor)


@dataclass(frozen=True)
class KbuildFlags:
    """kbuild's flags for one external-module object, as a template."""

    headers: KernelHeaders | None
    template: tuple[str, ...] = field(default=())
    compiler: str = "gcc"

    @property
    def available(self) -> bool:
        return self.headers is not None and bool(self.template)

    def gcc_flags(self, modname: str, basename: str) -> list[str]:
        out = []
        for f in self.template:
            out.append(f.replace("@BASENAME@", basename).replace("@MODNAME@", modname))
        return out

    def clang_flags(self, modname: str, basename: str) -> list[str]:
        """The same flags for libclang: gcc-only options dropped, ``-isystem`` of gcc kept."""
        out = []
        for f in self.gcc_flags(modname, basename):
            if f.startswith(_GCC_ONLY_PREFIXES):
                continue
            out.append(f)
        return out + ["-Wno-unknown-warning-option", "-Wno-gnu-variable-sized-type-not-at-end"]

    def to_json(self) -> dict:
        return {
            "version": FLAGS_VERSION,
            "build_dir": str(self.headers.build_dir) if self.headers else None,
            "release": self.headers.release if self.headers else None,
            "template": list(self.template),
            "compiler": self.compiler,
        }


def find_headers(kernel_version: str | None = None, explicit: Path | None = None) -> KernelHeaders | None:
    """The installed amd64 headers, preferring the release matching ``kernel_version`` (e.g. 6.1)."""
    if explicit is not None:
        cands = [explicit]
    else:
        cands = [Path(p) for p in sorted(glob.glob("/usr/src/linux-headers-*-amd64"))]
    found = []
    for c in cands:
        if not (c / "Makefile").is_file() or not (c / ".config").is_file():
            continue
        release = c.name.removeprefix("linux-headers-")
        m = re.match(r"(\d+\.\d+)", release)
        found.append(KernelHeaders(build_dir=c, release=release, version=m.group(1) if m else release))
    if kernel_version:
        mm = ".".join(kernel_version.split(".")[:2])
        matching = [h for h in found if h.version == mm]
        if matching:
            found = matching
        elif explicit is None:
            return None
    if not found:
        return None
    return sorted(found, key=lambda h: _release_key(h.release))[-1]


def _release_key(release: str) -> list:
    return [int(x) if x.isdigit() else x for x in re.split(r"[.-]", release)]


def kbuild_flags(headers: KernelHeaders | None, cache_dir: Path) -> KbuildFlags:
    """kbuild's flags for ``headers`` (probed once, then cached)."""
    if headers is None:
        return KbuildFlags(headers=None)
    st = (headers.build_dir / ".config").stat()
    key = f"{headers.release}-{st.st_size}-{st.st_mtime_ns}-v{FLAGS_VERSION}"
    cache = cache_dir / "kbuild" / f"{key}.json"
    if cache.is_file():
        try:
            d = json.loads(cache.read_text())
            return KbuildFlags(headers=headers, template=tuple(d["template"]), compiler=d["compiler"])
        except (OSError, ValueError, KeyError):
            pass
    compiler, template = _probe(headers)
    flags = KbuildFlags(headers=headers, template=tuple(template), compiler=compiler)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(flags.to_json(), indent=1))
    os.replace(tmp, cache)
    return flags


def _probe(headers: KernelHeaders) -> tuple[str, list[str]]:
    if shutil.which("make") is None:
        raise MissingPrerequisite("`make` is not installed", hint="apt-get install make")
    with tempfile.TemporaryDirectory(prefix="nicport-kbuild-") as tmp:
        d = Path(tmp)
        (d / "Kbuild").write_text("obj-m := nicport_probe.o\n")
        (d / "nicport_probe.c").write_text('#include <linux/module.h>\nMODULE_LICENSE("GPL");\n')
        proc = subprocess.run(
            ["make", "-s", "-C", str(headers.build_dir), f"M={d}", "nicport_probe.o"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        cmd_file = d / ".nicport_probe.o.cmd"
        if proc.returncode != 0 or not cmd_file.is_file():
            last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise MissingPrerequisite(
                f"kbuild could not build a probe module against {headers.build_dir}: {last[0]}",
                hint="install gcc, make and the matching linux-headers package",
            )
        first = cmd_file.read_text().splitlines()[0]
        cmd = first.split(":=", 1)[1].split(";", 1)[0]
        argv = shlex.split(cmd)
    compiler = argv[0]
    template: list[str] = []
    skip = False
    for i, a in enumerate(argv[1:]):
        if skip:
            skip = False
            continue
        if a in ("-c",) or a.endswith("nicport_probe.c"):
            continue
        if a == "-o":
            skip = True
            continue
        if a.startswith("-Wp,"):
            continue
        if a.startswith("-I./") or a.startswith("-I") and not a[2:].startswith("/"):
            a = "-I" + str((headers.build_dir / a[2:]).resolve())
        a = a.replace('"nicport_probe"', '"@BASENAME@"', 1) if a.startswith("-DKBUILD_BASENAME=") else a
        if a.startswith("-DKBUILD_MODNAME="):
            a = '-DKBUILD_MODNAME="@MODNAME@"'
        elif a.startswith("-D__KBUILD_MODNAME="):
            a = "-D__KBUILD_MODNAME=kmod_@MODNAME@"
        elif a.startswith("-DKBUILD_BASENAME="):
            a = '-DKBUILD_BASENAME="@BASENAME@"'
        template.append(a)
    # kbuild relies on the compiler's own include dir for a few headers (-nostdinc drops it).
    gcc_inc = subprocess.run([compiler, "-print-file-name=include"], capture_output=True, text=True)
    if gcc_inc.returncode == 0 and gcc_inc.stdout.strip():
        template.extend(["-isystem", gcc_inc.stdout.strip()])
    return compiler, template
