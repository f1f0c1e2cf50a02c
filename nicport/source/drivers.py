"""Find the NIC drivers of a Linux source tree from its kbuild Makefiles.

A *module* is what a Makefile builds (``obj-$(CONFIG_E1000) += e1000.o`` with
``e1000-objs := e1000_main.o ...``).  A module is a *NIC driver* when its C files register a
``net_device`` (``net_device_ops`` / ``alloc_etherdev*`` / ``alloc_netdev*``) and bind to a
bus device (``MODULE_DEVICE_TABLE`` or a ``*_device_id`` table): that keeps physical and
paravirtual NICs (e1000, virtio_net, vmxnet3) and leaves out tun, veth, bonding and friends.
A module that owns its directory is also known by the directory's name (``bnxt`` for
``bnxt_en``, ``mlx4`` for ``mlx4_en``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Bump when discovery rules change (invalidates cached driver lists).
DISCOVERY_VERSION = 3

#: Sub-systems of drivers/net that are not Ethernet NICs.
EXCLUDED_DIRS: tuple[str, ...] = (
    "drivers/net/wireless/",
    "drivers/net/can/",
    "drivers/net/usb/",
    "drivers/net/phy/",
    "drivers/net/pcs/",
    "drivers/net/mdio/",
    "drivers/net/dsa/",
    "drivers/net/ppp/",
    "drivers/net/slip/",
    "drivers/net/wan/",
    "drivers/net/hamradio/",
    "drivers/net/ieee802154/",
    "drivers/net/wwan/",
    "drivers/net/ipa/",
    "drivers/net/arcnet/",
    "drivers/net/fddi/",
    "drivers/net/hippi/",
    "drivers/net/plip/",
    "drivers/net/caif/",
    "drivers/net/mctp/",
    "drivers/net/netdevsim/",
    "drivers/net/team/",
    "drivers/net/bonding/",
    "drivers/net/ipvlan/",
    "drivers/net/vxlan/",
    "drivers/net/pse-pd/",
)

_NETDEV_RE = re.compile(r"\b(net_device_ops|alloc_etherdev\w*|alloc_netdev\w*|devm_alloc_etherdev\w*)\b")
_BUS_RE = re.compile(
    r"\bMODULE_DEVICE_TABLE\s*\(|\bstruct\s+(pci|virtio|of|platform|acpi|vio|hv_vmbus|xenbus)_device_id\b"
    r"|\bstruct\s+hv_driver\b|\bstruct\s+xenbus_driver\b"
)
_OBJ_RE = re.compile(r"^obj-(?:\$\((CONFIG_[A-Za-z0-9_]+)\)|y|m)\s*[:+]?=\s*(.*)$")
_COMPOSITE_RE = re.compile(r"^([A-Za-z0-9_]+)-(?:objs|y|\$\(CONFIG_[A-Za-z0-9_]+\))\s*[:+]?=\s*(.*)$")
_INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


@dataclass(frozen=True)
class DriverEntry:
    """One NIC driver of a tree (all paths relative to the tree root)."""

    name: str
    module: str
    path: str  # the driver's directory, or its single C file
    directory: str
    c_files: tuple[str, ...]
    h_files: tuple[str, ...]
    loc: int
    config: str | None = None
    aliases: tuple[str, ...] = field(default=())

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted(self.c_files + self.h_files))

    def to_json(self) -> dict:
        d = asdict(self)
        d["files"] = len(self.files)
        d["c_files"] = list(self.c_files)
        d["h_files"] = list(self.h_files)
        d["aliases"] = list(self.aliases)
        return d

    @classmethod
    def from_json(cls, d: dict) -> "DriverEntry":
        return cls(
            name=d["name"],
            module=d["module"],
            path=d["path"],
            directory=d["directory"],
            c_files=tuple(d["c_files"]),
            h_files=tuple(d["h_files"]),
            loc=d["loc"],
            config=d.get("config"),
            aliases=tuple(d.get("aliases", ())),
        )


@dataclass
class _Makefile:
    directory: str
    modules: dict[str, str | None]  # module -> CONFIG symbol
    composite: dict[str, list[str]]  # module -> object paths (relative to directory)


def _logical_lines(text: str) -> list[str]:
    out: list[str] = []
    cur = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.endswith("\\"):
            cur += line[:-1] + " "
            continue
        cur += line
        if cur.strip():
            out.append(cur.strip())
        cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_makefile(text: str, directory: str) -> _Makefile:
    modules: dict[str, str | None] = {}
    composite: dict[str, list[str]] = {}
    for line in _logical_lines(text):
        m = _OBJ_RE.match(line)
        if m:
            for tok in m.group(2).split():
                if tok.endswith(".o") and "$" not in tok:
                    modules.setdefault(tok[:-2], m.group(1))
            continue
        m = _COMPOSITE_RE.match(line)
        if m and m.group(1) not in ("obj", "ccflags", "subdir", "asflags", "ldflags", "lib", "extra", "always", "targets", "clean", "hostprogs"):
            objs = [t for t in m.group(2).split() if t.endswith(".o") and "$" not in t]
            composite.setdefault(m.group(1), []).extend(objs)
    return _Makefile(directory=directory, modules=modules, composite=composite)


def _excluded(rel_dir: str) -> bool:
    d = rel_dir.rstrip("/") + "/"
    return any(d.startswith(x) for x in EXCLUDED_DIRS)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return fh.read().count(b"\n")


def local_headers(root: Path, c_files: list[str], search_dirs: list[str]) -> list[str]:
    """Headers reachable through ``#include "..."`` from ``c_files`` that live in the tree."""
    seen: set[str] = set()
    todo = list(c_files)
    headers: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        try:
            text = (root / rel).read_text(errors="replace")
        except OSError:
            continue
        here = str(Path(rel).parent)
        for inc in _INCLUDE_RE.findall(text):
            for base in [here, *search_dirs]:
                cand = Path(base) / inc
                norm = _normalise(cand)
                if norm is not None and (root / norm).is_file():
                    if norm.startswith("drivers/") and not norm.endswith(".c"):
                        headers.add(norm)
                        todo.append(norm)
                    break
    return sorted(headers)


def _normalise(p: Path) -> str | None:
    parts: list[str] = []
    for part in p.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


#: Directory names too generic to name a driver (``mlx5/core`` is called ``mlx5``).
GENERIC_DIR_NAMES = frozenset({"core", "common", "base", "lib", "src", "hw"})

#: Device-ABI headers outside drivers/ that belong to single-file paravirtual drivers: the
#: header named after the module, and the ring ABI of the bus it sits on.
BUS_RING_ABI = {"virtio_": ("include/uapi/linux/virtio_ring.h",), "xen-": ("include/xen/interface/io/ring.h",)}


def _abi_headers(root: Path, module: str) -> list[str]:
    out = []
    for cand in (f"include/linux/{module}.h", f"include/uapi/linux/{module}.h"):
        if (root / cand).is_file():
            out.append(cand)
    for prefix, headers in BUS_RING_ABI.items():
        if module.startswith(prefix):
            out.extend(h for h in headers if (root / h).is_file())
    return out


def _is_nic(root: Path, c_files: list[str]) -> bool:
    text = "".join((root / c).read_text(errors="replace") for c in c_files)
    return bool(_NETDEV_RE.search(text) and _BUS_RE.search(text))


def _dir_entry(root: Path, mf: _Makefile, per_module: list[tuple[str, list[str]]], module_dirs: set[str]) -> DriverEntry:
    """A directory that builds only composite modules: the driver is the whole directory."""
    d = root / mf.directory
    files: list[str] = []
    for f in sorted(d.rglob("*")):
        if f.suffix not in (".c", ".h") or not f.is_file():
            continue
        rel = str(f.relative_to(root))
        # Files of a nested directory that builds its own modules belong to that driver.
        owner = str(Path(rel).parent)
        nested = any(owner == m or owner.startswith(m + "/") for m in module_dirs if m != mf.directory and m.startswith(mf.directory + "/"))
        if not nested:
            files.append(rel)
    name = Path(mf.directory).name
    if name in GENERIC_DIR_NAMES:
        name = Path(mf.directory).parent.name
    modules = [m for m, _ in per_module]
    nic = [m for m, cs in per_module if _is_nic(root, cs)] or modules
    return DriverEntry(
        name=name,
        module=nic[0],
        path=mf.directory,
        directory=mf.directory,
        c_files=tuple(f for f in files if f.endswith(".c")),
        h_files=tuple(f for f in files if f.endswith(".h")),
        loc=sum(_count_lines(root / f) for f in files),
        config=mf.modules[nic[0]],
        aliases=tuple(sorted(set(modules) - {name})),
    )


def discover(root: Path, scope: str = "drivers/net") -> list[DriverEntry]:
    """All NIC drivers below ``scope`` of the tree at ``root``, sorted by name."""
    makefiles: list[_Makefile] = []
    for mk in sorted((root / scope).rglob("Makefile")):
        rel_dir = str(mk.parent.relative_to(root))
        if _excluded(rel_dir):
            continue
        try:
            makefiles.append(parse_makefile(mk.read_text(errors="replace"), rel_dir))
        except OSError:
            continue
    entries: list[DriverEntry] = []
    module_dirs = {mf.directory for mf in makefiles if mf.modules}
    for mf in makefiles:
        per_module: list[tuple[str, list[str]]] = []
        for module in mf.modules:
            objs = mf.composite.get(module) or [f"{module}.o"]
            c_files: list[str] = []
            for o in objs:
                c = _normalise(Path(mf.directory) / (o[:-2] + ".c"))
                if c and (root / c).is_file() and c not in c_files:
                    c_files.append(c)
            if c_files:
                per_module.append((module, sorted(c_files)))
        if not per_module:
            continue
        all_composite = all(m in mf.composite for m, _ in per_module)
        if all_composite:
            union = sorted({c for _, cs in per_module for c in cs})
            if _is_nic(root, union):
                entries.append(_dir_entry(root, mf, per_module, module_dirs))
            continue
        for module, c_files in per_module:
            if not _is_nic(root, c_files):
                continue
            single = len(c_files) == 1 and module not in mf.composite
            h_files = local_headers(root, c_files, [mf.directory])
            if single:
                h_files = sorted(set(h_files) | set(_abi_headers(root, module)))
            files = c_files + h_files
            entries.append(
                DriverEntry(
                    name=module,
                    module=module,
                    path=c_files[0] if single else mf.directory,
                    directory=mf.directory,
                    c_files=tuple(c_files),
                    h_files=tuple(h_files),
                    loc=sum(_count_lines(root / f) for f in files),
                    config=mf.modules[module],
                )
            )
    # Names must be unique; a clash keeps the module name for every party to it.
    by_name: dict[str, list[DriverEntry]] = {}
    for e in entries:
        by_name.setdefault(e.name, []).append(e)
    result: list[DriverEntry] = []
    for name, group in by_name.items():
        if len(group) == 1:
            result.append(group[0])
        else:
            for e in group:
                result.append(
                    DriverEntry(**{**asdict(e), "name": e.module, "aliases": tuple(sorted(set(e.aliases) - {e.module}))})
                )
    return sorted(result, key=lambda e: e.name)
