"""Debian's linux-source tarball: read straight from the .tar.xz, extraction cached by hash."""

from __future__ import annotations

import io
import json
import lzma
import tarfile
import time
from pathlib import Path

import pytest

from nicport.errors import BadInput, MissingPrerequisite
from nicport.source.tarball import EXTRACT_PREFIXES, ensure_extracted, tarball_sha256


def _make_tarball(path: Path, files: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"linux-source-9.9/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path.write_bytes(lzma.compress(buf.getvalue(), format=lzma.FORMAT_XZ))


def test_extraction_is_selective_and_cached(tmp_path):
    tb = tmp_path / "linux-source-9.9.tar.xz"
    _make_tarball(tb, {
        "Makefile": b"VERSION = 9\nPATCHLEVEL = 9\nSUBLEVEL = 1\n",
        "drivers/net/ethernet/acme/foo.c": b"int x;\n",
        "fs/ext4/inode.c": b"int y;\n",
    })
    cache = tmp_path / "cache"
    tree = ensure_extracted(tb, cache)
    assert (tree.root / "drivers/net/ethernet/acme/foo.c").read_bytes() == b"int x;\n"
    assert (tree.root / "Makefile").is_file()
    assert not (tree.root / "fs").exists(), "only the parts nicport reads are extracted"
    members = dict(json.loads(tree.members.read_text()))
    assert members["fs/ext4/inode.c"] == 7, "the index lists every member, extracted or not"
    assert tree.sha256 == tarball_sha256(tb, cache)
    # second use: no decompression (the tarball could even vanish from under us)
    stamp = (tree.root.parent / "complete").stat().st_mtime_ns
    again = ensure_extracted(tb, cache)
    assert again == tree and (tree.root.parent / "complete").stat().st_mtime_ns == stamp


def test_cache_key_is_the_content_hash(tmp_path):
    tb = tmp_path / "a.tar.xz"
    _make_tarball(tb, {"drivers/net/a.c": b"1\n"})
    t1 = ensure_extracted(tb, tmp_path / "c")
    time.sleep(0.01)
    _make_tarball(tb, {"drivers/net/a.c": b"2\n"})
    t2 = ensure_extracted(tb, tmp_path / "c")
    assert t1.sha256 != t2.sha256
    assert (t2.root / "drivers/net/a.c").read_bytes() == b"2\n"


def test_missing_tarball_names_the_package(tmp_path):
    with pytest.raises(MissingPrerequisite) as e:
        ensure_extracted(tmp_path / "linux-source-6.1.tar.xz", tmp_path)
    assert "apt-get install linux-source-6.1" in e.value.one_line()


def test_corrupt_tarball_is_bad_input_and_leaves_no_cache(tmp_path):
    tb = tmp_path / "x.tar.xz"
    tb.write_bytes(b"this is not xz")
    with pytest.raises(BadInput):
        ensure_extracted(tb, tmp_path / "c")
    leftovers = [p for p in (tmp_path / "c" / "linux-source").iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []


def test_real_tarball_extraction(tarball, config):
    tree = ensure_extracted(tarball, config.cache_dir)
    assert (tree.root / "drivers/net/ethernet/intel/e1000/e1000_main.c").is_file()
    assert (tree.root / "scripts/checkpatch.pl").is_file()
    members = json.loads(tree.members.read_text())
    assert len(members) > 80000
    assert all(any(m[0] == p or m[0].startswith(p) for p in EXTRACT_PREFIXES) or not (tree.root / m[0]).is_file() for m in members[:2000])
