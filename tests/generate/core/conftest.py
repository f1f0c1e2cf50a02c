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


@pytest.fixture(scope="session", params=["gcc", "asan"])
def driver(request) -> Driver:
    """Every conformance test runs against both builds."""
    return request.getfixturevalue(f"{request.param}_driver")
