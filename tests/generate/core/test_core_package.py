"""write_core() lays the core out deterministically and idempotently."""

from __future__ import annotations

import hashlib

from nicport.generate.core import core_files, osdep_user_files, write_core


def _digest(root):
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_core_files_content():
    files = core_files()
    for must in ("nic_core.h", "nic_osdep.h", "nic_hw.h", "nic_packet.h", "nic_tx.c",
                 "nic_rx.c", "nic_rss.c", "nic_csum.c", "nic_tso.c", "nic_vlan.c", "nic_lro.c"):
        assert must in files
    assert list(files) == sorted(files)
    for name, data in files.items():
        assert data.startswith(b"/* SPDX-License-Identifier: GPL-2.0-only */\n"), name
        assert b"do not edit" in data[:400], name
    assert "nic_loopback_hw.c" in osdep_user_files()


def test_write_core_deterministic_and_idempotent(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    pa = write_core(a)
    write_core(b)
    assert _digest(a) == _digest(b)
    mtimes = [p.stat().st_mtime_ns for p in pa]
    write_core(a)  # unchanged files are not rewritten
    assert [p.stat().st_mtime_ns for p in pa] == mtimes
    assert (a / "core" / "nic_core.h").read_bytes() == core_files()["nic_core.h"]
    for p in pa:
        text = p.read_bytes()
        assert str(tmp_path).encode() not in text


def test_write_core_unwritable_is_bad_input(tmp_path):
    import pytest

    from nicport.errors import BadInput

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(BadInput) as exc:
        write_core(blocker)
    assert "cannot write the NIC core" in exc.value.one_line()
