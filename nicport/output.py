"""Write an output tree atomically: build it in a sibling temporary directory, move it into
place only when complete.  A half-written output tree never exists under the final name."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from . import __version__
from .errors import BadInput

MARKER = ".nicport.json"


def is_nicport_output(path: Path) -> bool:
    marker = path / MARKER
    if not marker.is_file():
        return False
    try:
        return json.loads(marker.read_text()).get("generator") == "nicport"
    except (OSError, ValueError):
        return False


def check_destination(out: Path, force: bool) -> None:
    """Refuse early (before any work) when ``out`` cannot be written or is not ours."""
    if out.exists() and not out.is_dir():
        raise BadInput(f"output {out} exists and is not a directory")
    if out.exists() and any(out.iterdir()) and not is_nicport_output(out) and not force:
        raise BadInput(f"output directory {out} exists and is not an earlier nicport output", hint="choose another -o, or pass --force to replace it")
    parent = _existing_parent(out)
    if not parent.is_dir():
        raise BadInput(f"cannot write to {out}: {parent} is not a directory")
    try:  # root passes every access() check: really try to create something
        probe = Path(tempfile.mkdtemp(prefix=".nicport-probe-", dir=parent))
        probe.rmdir()
    except OSError as exc:
        raise BadInput(f"cannot write to {parent}: {exc.strerror}", hint="choose a writable -o directory") from None


def _existing_parent(out: Path) -> Path:
    p = out.absolute().parent
    while not p.exists():
        p = p.parent
    return p


class OutputTree:
    """Context manager: ``with OutputTree(out, driver, force) as tmp: write into tmp``."""

    def __init__(self, out: Path, driver: str, force: bool = False) -> None:
        self.out = out.absolute()
        self.driver = driver
        self.force = force
        self.tmp: Path | None = None

    def __enter__(self) -> Path:
        check_destination(self.out, self.force)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.nicport-tmp-", dir=self.out.parent))
        except OSError as exc:
            raise BadInput(f"cannot create output under {self.out.parent}: {exc.strerror}") from None
        (self.tmp / MARKER).write_text(
            json.dumps({"generator": "nicport", "version": __version__, "driver": self.driver}, indent=1, sort_keys=True) + "\n"
        )
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        assert self.tmp is not None
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        trash = None
        if self.out.exists():
            trash = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.nicport-old-", dir=self.out.parent))
            os.replace(self.out, trash / "old")
        os.replace(self.tmp, self.out)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
        return False
