"""Fixtures for the analyzer tests: one DriverIR per driver per session (content-hash cached)."""

from __future__ import annotations

import pytest

from tests.conftest import require

_irs: dict = {}


@pytest.fixture(scope="session")
def analyzed(config, driver_source):
    """analyzed("e1000") -> DriverIR of the real driver (memoised)."""
    from nicport.analyze import analyze_driver

    def get(name: str):
        if name not in _irs:
            src = driver_source(name)
            require(not src.header_free, "linux-headers-amd64 (kernel headers for libclang)")
            _irs[name] = analyze_driver(src, config)
        return _irs[name]

    return get
