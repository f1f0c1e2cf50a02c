"""Debian's ``linux-source-6.1`` tarball, read straight from the ``.tar.xz``.

The first use streams the archive once (no external ``tar``), records the index of every
member and extracts the parts nicport reads (``drivers/net/``, the top ``Makefile`` and the
checkpatch scripts) into the XDG cache, keyed by the tarball's SHA-256.  Later uses cost no
decompression: the key itself is memoised by (path, size, mtime, inode).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import BadInput, MissingPrerequisite

#: Bump when the extraction selection changes, so old caches are not reused.
EXTRACT_LAYOUT = 3

#: Member prefixes (below the archive's top directory) that are extracted.
EXTRACT_PREFIXES: tuple[str, ...] = (
    "drivers/net/",
    "include/",
    "Makefile",
    "scripts/checkpatch.pl",
    "scripts/spelling.txt",
    "scripts/const_structs.checkpatch",
    ".checkpatch.conf",
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExtractedTree:
    """A cached, extracted copy of the parts of a linux-source tarball that nicport reads."""

    tarball: Path
    sha256: str
    root: Path  # the tree root (holds drivers/, Makefile, scripts/)
    members: Path  # JSON index of every member of the archive

    @property
    def key(self) -> str:
        return self.sha256[:16]


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def tarball_sha256(tarball: Path, cache_dir: Path) -> str:
    """SHA-256 of the tarball, memoised by its stat identity."""
    try:
        st = tarball.stat()
    except OSError as exc:
        raise BadInput(f"cannot read {tarball}: {exc.strerror}") from None
    ident = f"{tarball.resolve()}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
    memo_path = cache_dir / "tarball-hashes.json"
    memo: dict[str, str] = {}
    if memo_path.is_file():
        try:
            memo = json.loads(memo_path.read_text())
        except (OSError, ValueError):
            memo = {}
    if ident in memo:
        return memo[ident]
    h = hashlib.sha256()
    try:
        with open(tarball, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise BadInput(f"cannot read {tarball}: {exc.strerror}") from None
    digest = h.hexdigest()
    memo[ident] = digest
    _write_atomic(memo_path, json.dumps(memo, indent=1, sort_keys=True))
    return digest


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _wanted(rel: str) -> bool:
    return any(rel == p or rel.startswith(p) for p in EXTRACT_PREFIXES)


def ensure_extracted(tarball: Path, cache_dir: Path, progress: Progress | None = None) -> ExtractedTree:
    """Return the cached extraction of ``tarball``, creating it on first use."""
    if not tarball.exists():
        raise MissingPrerequisite(
            f"Linux source tarball {tarball} is not installed",
            hint="install it with `apt-get install linux-source-6.1`, or pass --linux-src DIR",
        )
    if not os.access(tarball, os.R_OK):
        raise BadInput(f"cannot read {tarball}: permission denied")
    digest = tarball_sha256(tarball, cache_dir)
    base = cache_dir / "linux-source" / f"{digest[:16]}-v{EXTRACT_LAYOUT}"
    tree = ExtractedTree(tarball=tarball, sha256=digest, root=base / "tree", members=base / "members.json")
    done = base / "complete"
    if done.is_file():
        return tree
    with _locked(cache_dir / "linux-source" / f"{digest[:16]}.lock"):
        if done.is_file():
            return tree
        if base.exists():
            shutil.rmtree(base)
        staging = Path(tempfile.mkdtemp(dir=base.parent, prefix=f".{digest[:16]}-"))
        try:
            _extract(tarball, staging, progress)
            (staging / "complete").write_text(digest + "\n")
            os.replace(staging, base)
        except tarfile.TarError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BadInput(f"{tarball} is not a readable .tar.xz archive: {exc}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return tree


def _extract(tarball: Path, staging: Path, progress: Progress | None) -> None:
    root = staging / "tree"
    root.mkdir(parents=True)
    members: list[list] = []
    total = tarball.stat().st_size
    with open(tarball, "rb") as raw:
        with tarfile.open(fileobj=raw, mode="r|xz") as tar:
            top: str | None = None
            for i, m in enumerate(tar):
                name = m.name
                if top is None:
                    top = name.split("/", 1)[0]
                rel = name.split("/", 1)[1] if "/" in name else ""
                if not rel:
                    continue
                members.append([rel, m.size if m.isfile() else -1])
                if progress and i % 512 == 0:
                    progress(raw.tell(), total)
                if not _wanted(rel):
                    continue
                dest = root / rel
                if m.isdir():
                    dest.mkdir(parents=True, exist_ok=True)
                elif m.isfile():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    src = tar.extractfile(m)
                    assert src is not None
                    with open(dest, "wb") as out:
                        shutil.copyfileobj(src, out)
                    os.chmod(dest, 0o644 | (m.mode & 0o111))
                elif m.issym():
                    # Kernel trees have a few relative symlinks; keep them only if they stay inside.
                    target = (dest.parent / m.linkname).resolve()
                    if str(target).startswith(str(root.resolve())):
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        if not dest.exists():
                            os.symlink(m.linkname, dest)
            if progress:
                progress(total, total)
    (staging / "members.json").write_text(json.dumps(members, separators=(",", ":")))


def read_member(tree: ExtractedTree, rel: str) -> bytes:
    """Read one member of the archive from the cached extraction."""
    path = tree.root / rel
    if not path.is_file():
        raise BadInput(f"{rel} is not in the extracted part of {tree.tarball}")
    return path.read_bytes()
