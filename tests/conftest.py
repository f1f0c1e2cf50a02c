"""Shared fixtures.  Under CI=true a missing prerequisite FAILS the test; elsewhere it skips
with the reason, so a developer without, say, QEMU can still run the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from nicport.config import DEFAULT_TARBALL, Config

from helpers import IN_CI, REPO, SHARED, require, require_tool  # noqa: F401  (re-exported)


@pytest.fixture(scope="session")
def tarball() -> Path:
    require(DEFAULT_TARBALL.is_file(), f"{DEFAULT_TARBALL} (apt-get install linux-source-6.1)")
    return DEFAULT_TARBALL


@pytest.fixture(scope="session")
def config(tarball: Path) -> Config:
    return Config()


@pytest.fixture(scope="session")
def ground_truth() -> dict:
    import json

    p = SHARED / "ground_truth" / "linux-6.1-public.json"
    require(p.is_file(), f"{p}")
    return json.loads(p.read_text())


_sources: dict = {}


@pytest.fixture(scope="session")
def driver_source(config: Config):
    """driver_source("e1000") -> DriverSource from the real tarball (memoised per session)."""
    from nicport.source import resolve

    def get(name: str):
        if name not in _sources:
            _sources[name] = resolve(name, config)
        return _sources[name]

    return get
