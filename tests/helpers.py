"""Test support shared by every test module (import it as `from helpers import require`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def require(condition: object, what: str) -> None:
    """Fail (CI) or skip (elsewhere) when a prerequisite is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"prerequisite missing under CI: {what}", pytrace=False)
    pytest.skip(f"prerequisite missing: {what}")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path, f"`{name}` on PATH")
    return path  # type: ignore[return-value]
