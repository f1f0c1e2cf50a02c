"""A deterministic ``newc`` cpio writer (the format the Linux kernel unpacks as an initramfs).

Every header field that could carry machine state is fixed: mtime 0, uid/gid 0, device 0,
inode numbers assigned in order, entries written sorted by path.  The same entries give the
same bytes, on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass

S_IFDIR = 0o040000
S_IFREG = 0o100000
S_IFLNK = 0o120000


@dataclass(frozen=True)
class Entry:
    """One archive member: ``path`` without a leading slash."""

    path: str
    mode: int
    data: bytes = b""

    @staticmethod
    def dir(path: str) -> "Entry":
        return Entry(path, S_IFDIR | 0o755)

    @staticmethod
    def file(path: str, data: bytes, executable: bool = False) -> "Entry":
        return Entry(path, S_IFREG | (0o755 if executable else 0o644), data)

    @staticmethod
    def symlink(path: str, target: str) -> "Entry":
        return Entry(path, S_IFLNK | 0o777, target.encode())


def _pad4(n: int) -> bytes:
    return b"\0" * ((4 - n % 4) % 4)


def _header(ino: int, mode: int, nlink: int, size: int, name: bytes) -> bytes:
    fields = (ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0)
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def newc_archive(entries: list[Entry]) -> bytes:
    """The archive for ``entries`` (parent directories are added when missing)."""
    by_path: dict[str, Entry] = {}
    for e in entries:
        path = e.path.strip("/")
        if not path:
            raise ValueError("empty archive path")
        parts = path.split("/")
        for i in range(1, len(parts)):
            by_path.setdefault("/".join(parts[:i]), Entry.dir("/".join(parts[:i])))
        old = by_path.get(path)
        if old is not None and old != Entry(path, e.mode, e.data) and not (
            old.mode & 0o170000 == S_IFDIR and e.mode & 0o170000 == S_IFDIR
        ):
            raise ValueError(f"duplicate archive path {path}")
        by_path[path] = Entry(path, e.mode, e.data)
    out = bytearray()
    for ino, path in enumerate(sorted(by_path), start=1):
        e = by_path[path]
        name = path.encode()
        nlink = 2 if e.mode & 0o170000 == S_IFDIR else 1
        hdr = _header(ino, e.mode, nlink, len(e.data), name)
        out += hdr + name + b"\0"
        out += _pad4(len(hdr) + len(name) + 1)
        out += e.data + _pad4(len(e.data))
    trailer = b"TRAILER!!!"
    hdr = _header(0, 0, 1, 0, trailer)
    out += hdr + trailer + b"\0" + _pad4(len(hdr) + len(trailer) + 1)
    out += _pad4(len(out))
    return bytes(out)
