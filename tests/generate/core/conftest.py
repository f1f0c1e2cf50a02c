"""Build the core's C test driver once per session (gcc -O2, and clang with
ASan + UBSan) and talk to it line by line."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from core_build import CSRC, SAN_FLAGS, Driver, build  # noqa: E402

from helpers import require  # noqa: E402


@pytest.fixture(scope="session")
def core_tree(tmp_path_factory) -> Path:
    """The core as write_core() lays it out in an output tree."""
    from nicport.generate.core import write_core

    out = tmp_path_factory.mktemp("out")
    write_core(out)
    return out / "core"


@pytest.fixture(scope="session")
def gcc_driver(core_tree, tmp_path_factory) -> Driver:
    require(shutil.which("gcc"), "gcc")
    d = tmp_path_factory.mktemp("gcc")
    return Driver("gcc", build("gcc", d / "core_test", CSRC / "core_test.c", core_tree, ["-O2"]))


@pytest.fixture(scope="session")
def asan_driver(core_tree, tmp_path_factory) -> Driver:
    require(shutil.which("clang"), "clang")
    d = tmp_path_factory.mktemp("asan")
    return Driver(
        "clang-asan-ubsan",
        build("clang", d / "core_test", CSRC / "core_test.c", core_tree, ["-O1", *SAN_FLAGS]),
    )


@pytest.fixture(scope="session")
def s390x_driver(core_tree, tmp_path_factory) -> Driver:
    """A big-endian build (s390x), run under qemu-user: the core's byte-order paths."""
    require(shutil.which("s390x-linux-gnu-gcc"),
            "s390x cross compiler (apt-get install gcc-s390x-linux-gnu libc6-dev-s390x-cross)")
    qemu = shutil.which("qemu-s390x-static") or shutil.which("qemu-s390x")
    require(qemu, "qemu-user (apt-get install qemu-user-static)")
    d = tmp_path_factory.mktemp("s390x")
    exe = build("s390x-linux-gnu-gcc", d / "core_test", CSRC / "core_test.c", core_tree,
                ["-O2", "-static"])
    wrapper = d / "run"
    wrapper.write_text(f'#!/bin/sh\nexec "{qemu}" "{exe}" "$@"\n')
    wrapper.chmod(0o755)
    return Driver("s390x-big-endian", wrapper)


@pytest.fixture(scope="session", params=["gcc", "asan", "s390x"])
def driver(request) -> Driver:
    """Every conformance test runs against all three builds: gcc, clang ASan+UBSan, and
    big-endian s390x under qemu-user."""
    return request.getfixturevalue(f"{request.param}_driver")
