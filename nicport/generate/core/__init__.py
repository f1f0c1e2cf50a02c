"""The portable NIC core: freestanding C11 sources copied into every output tree.

The C files live in ``c/`` as package data.  ``core_files()`` returns them (the
freestanding core only), ``osdep_user_files()`` the reference user-space osdep
used by tests, fuzzers and benchmarks, ``write_core()`` copies both into an
output tree (``<out>/core/`` and ``<out>/core/osdep_user/``) byte for byte, in a
fixed order, so regenerating changes nothing.

See docs/core.md for the API (the ``nic_hw_ops`` table for hw layers and the
``nic_osdep.h`` hooks for OS adapters).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from nicport.errors import BadInput

__all__ = [
    "CORE_SUBDIR",
    "OSDEP_HOOKS",
    "OSDEP_USER_SUBDIR",
    "core_files",
    "osdep_user_files",
    "write_core",
]

CORE_SUBDIR = "core"
OSDEP_USER_SUBDIR = "osdep_user"

#: Every hook an OS adapter implements (declared in nic_osdep.h).  The
#: freestanding build test checks that nothing else is undefined in the core.
OSDEP_HOOKS: tuple[str, ...] = (
    "nic_os_read32",
    "nic_os_write32",
    "nic_os_read64",
    "nic_os_write64",
    "nic_os_read8",
    "nic_os_read16",
    "nic_os_write8",
    "nic_os_write16",
    "nic_os_pci_cfg_read32",
    "nic_os_pci_map_bar",
    "nic_os_mb",
    "nic_os_rmb",
    "nic_os_wmb",
    "nic_os_dma_rmb",
    "nic_os_dma_wmb",
    "nic_os_dma_alloc_coherent",
    "nic_os_dma_free_coherent",
    "nic_os_dma_map",
    "nic_os_dma_unmap",
    "nic_os_dma_sync",
    "nic_os_rxbuf_alloc",
    "nic_os_rxbuf_free",
    "nic_os_zalloc",
    "nic_os_free",
    "nic_os_lock_create",
    "nic_os_lock_destroy",
    "nic_os_lock_acquire",
    "nic_os_lock_release",
    "nic_os_log",
)


def _c_dir():
    return resources.files(__name__).joinpath("c")


def _collect(directory) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for entry in directory.iterdir():
        name = entry.name
        if entry.is_file() and name.endswith((".c", ".h")):
            out[name] = entry.read_bytes()
    return dict(sorted(out.items()))


def core_files() -> dict[str, bytes]:
    """The freestanding core: file name -> bytes, sorted by name."""
    return _collect(_c_dir())


def osdep_user_files() -> dict[str, bytes]:
    """The reference user-space osdep (not freestanding): file name -> bytes."""
    return _collect(_c_dir().joinpath(OSDEP_USER_SUBDIR))


def write_core(out_dir: Path, *, with_osdep_user: bool = True) -> list[Path]:
    """Copy the core into ``out_dir/core`` (and the user osdep into
    ``out_dir/core/osdep_user``).  Files nicport did not write are left alone;
    a file whose bytes are already right is not rewritten.  Returns the paths
    written or confirmed, in order."""
    out_dir = Path(out_dir)
    targets: list[tuple[Path, bytes]] = []
    core_dir = out_dir / CORE_SUBDIR
    targets += [(core_dir / n, b) for n, b in core_files().items()]
    if with_osdep_user:
        udir = core_dir / OSDEP_USER_SUBDIR
        targets += [(udir / n, b) for n, b in osdep_user_files().items()]
    paths: list[Path] = []
    for path, data in targets:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not (path.is_file() and path.read_bytes() == data):
                path.write_bytes(data)
        except OSError as exc:
            raise BadInput(f"cannot write the NIC core to {path.parent}: {exc.strerror}",
                           hint="choose an output directory you can write (-o)") from exc
        paths.append(path)
    return paths
