"""Every source form, and every bad input, against the real tarball."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nicport.config import Config
from nicport.errors import BadInput, MissingPrerequisite, UnknownDriver
from nicport.source import resolve


def test_name_from_tarball(config):
    src = resolve("e1000", config)
    assert src.origin == "tarball"
    assert src.kernel_version == "6.1.192"
    assert src.package_version and src.package_version.startswith("6.1.")
    assert "drivers/net/ethernet/intel/e1000/e1000_main.c" in src.c_files
    assert all((src.root / f).is_file() for f in src.files)


def test_tree_path_from_tarball(config):
    src = resolve("drivers/net/ethernet/intel/igb", config)
    assert src.name == "igb" and src.path == "drivers/net/ethernet/intel/igb"
    one = resolve("drivers/net/virtio_net.c", config)
    assert one.name == "virtio_net" and one.c_files == ("drivers/net/virtio_net.c",)


def test_alias_resolves(config):
    assert resolve("bnxt_en", config).name == "bnxt"


def test_linux_src_tree(config):
    tree = resolve("e1000", config).root  # the cached extraction is a Linux tree like any other
    src = resolve("e1000", config.with_(linux_src=tree))
    assert src.origin == "tree"
    assert src.loc == 17104


def test_directory_of_c_files(config, tmp_path):
    real = resolve("e1000", config)
    for f in real.files:
        (tmp_path / Path(f).name).write_bytes((real.root / f).read_bytes())
    src = resolve(str(tmp_path), config)
    assert src.origin == "directory"
    assert len(src.c_files) == 4 and len(src.h_files) == 3
    assert src.loc == 17104


def test_single_c_file(config, tmp_path):
    f = tmp_path / "mini.c"
    f.write_text("int mini;\n")
    src = resolve(str(f), config)
    assert src.c_files == ("mini.c",) and src.name == "mini"


def test_kbuild_flags_are_real(config):
    src = resolve("e1000", config)
    if not src.flags.available:
        pytest.fail("linux-headers are installed by setup.sh; kbuild flags must be available")
    flags = src.clang_args("drivers/net/ethernet/intel/e1000/e1000_main.c")
    assert "-nostdinc" in flags and "-D__KERNEL__" in flags
    assert '-DKBUILD_MODNAME="e1000"' in flags and '-DKBUILD_BASENAME="e1000_main"' in flags
    assert any(f.endswith("include/linux/kconfig.h") for f in flags)


def test_header_free_mode_warns_once(config, tmp_path):
    src = resolve("e1000", config.with_(headers_dir=tmp_path / "no-headers"))
    assert src.header_free
    assert len(src.warnings) == 1 and "header-free" in src.warnings[0]


# --- bad input -------------------------------------------------------------------------

def test_unknown_name_suggests(config):
    with pytest.raises(UnknownDriver) as e:
        resolve("e1001", config)
    assert "e1000" in e.value.suggestions
    assert "did you mean" in e.value.one_line()


def test_tarball_not_installed(tmp_path):
    with pytest.raises(MissingPrerequisite) as e:
        resolve("e1000", Config(tarball=tmp_path / "linux-source-6.1.tar.xz", cache_dir=tmp_path))
    assert "linux-source-6.1" in e.value.one_line()


def test_directory_without_c_files(config, tmp_path):
    (tmp_path / "README").write_text("hi\n")
    with pytest.raises(BadInput, match="no C files"):
        resolve(str(tmp_path), config)


def test_not_utf8(config, tmp_path):
    (tmp_path / "a.c").write_bytes(b"int \xff\xfe x;\n")
    with pytest.raises(BadInput, match="not UTF-8"):
        resolve(str(tmp_path), config)


def test_binary_is_not_c(config, tmp_path):
    (tmp_path / "a.c").write_bytes(b"\x7fELF\x00\x00\x01")
    with pytest.raises(BadInput, match="not C source"):
        resolve(str(tmp_path), config)


def test_file_that_is_not_c(config, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("hello\n")
    with pytest.raises(BadInput, match="not a C source file"):
        resolve(str(f), config)


def test_unreadable_file(config, tmp_path):
    (tmp_path / "ok.c").write_text("int a;\n")
    if os.geteuid() == 0:
        (tmp_path / "gone.c").symlink_to(tmp_path / "missing-target.c")  # root reads anything: use a dangling link
    else:
        (tmp_path / "gone.c").write_text("int b;\n")
        (tmp_path / "gone.c").chmod(0)
    with pytest.raises(BadInput, match="cannot read"):
        resolve(str(tmp_path), config)


def test_symlink_loop_is_walked_once(config, tmp_path):
    (tmp_path / "a.c").write_text("int a;\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    src = resolve(str(tmp_path), config)
    assert src.c_files == ("a.c",)


def test_linux_src_that_is_not_a_tree(config, tmp_path):
    with pytest.raises(BadInput, match="does not look like a Linux source tree"):
        resolve("e1000", config.with_(linux_src=tmp_path))
    with pytest.raises(BadInput, match="does not exist"):
        resolve("e1000", config.with_(linux_src=tmp_path / "nope"))
