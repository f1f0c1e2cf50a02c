"""Output trees are written atomically and never clobber what is not ours."""

from __future__ import annotations

import pytest

from nicport.errors import BadInput
from nicport.output import MARKER, OutputTree, check_destination, is_nicport_output


def test_atomic_write_and_replace(tmp_path):
    out = tmp_path / "out"
    with OutputTree(out, "e1000") as tmp:
        (tmp / "a.txt").write_text("1")
        assert not out.exists(), "nothing appears under the final name before completion"
    assert (out / "a.txt").read_text() == "1" and is_nicport_output(out)
    with OutputTree(out, "e1000") as tmp:  # an earlier nicport output is replaced
        (tmp / "b.txt").write_text("2")
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "b.txt"])
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no temporary directory left behind"


def test_failure_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with OutputTree(out, "e1000") as tmp:
            (tmp / "half.txt").write_text("x")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_refuses_foreign_directory_unless_forced(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("...")
    with pytest.raises(BadInput, match="not an earlier nicport output"):
        check_destination(out, force=False)
    check_destination(out, force=True)


def test_output_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(BadInput):
        check_destination(f, force=True)


def test_unwritable_destination(tmp_path):
    with pytest.raises(BadInput):
        check_destination(__import__("pathlib").Path("/proc/nicport-out"), force=False)
