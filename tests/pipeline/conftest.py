"""Fixtures for the pipeline tests: an isolated run registry, the CLI in a subprocess, tree digests."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tree_bytes(root: Path) -> dict[str, str]:
    """relative path -> sha256 of every file (what 'byte-identical' compares)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def nicport(args: list[str], runs_dir: Path, extra_env: dict | None = None, timeout: int = 600, code: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI in a subprocess; ``code``: a directory holding a snapshot of the nicport package
    to run instead of the working tree."""
    env = {k: v for k, v in os.environ.items() if k != "NICPORT_KILL_AT"}
    env["NICPORT_RUNS_DIR"] = str(runs_dir)
    if code is not None:
        env["PYTHONPATH"] = str(code) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "nicport", *args], cwd=code or REPO, env=env, capture_output=True, text=True, timeout=timeout)


def snapshot_package(dest: Path) -> Path:
    """Copy the nicport package (code, templates, contract headers) so that a test comparing
    several runs byte for byte runs one fixed version of it (others may be editing the tree)."""
    import shutil

    shutil.copytree(REPO / "nicport", dest / "nicport", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def runs_json(runs_dir: Path) -> list[dict]:
    r = nicport(["runs", "--json"], runs_dir)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["runs"]


import pytest  # noqa: E402


@pytest.fixture
def runs_dir(tmp_path, monkeypatch) -> Path:
    """An empty run registry for this test (NICPORT_RUNS_DIR)."""
    d = tmp_path / "runs"
    monkeypatch.setenv("NICPORT_RUNS_DIR", str(d))
    monkeypatch.delenv("NICPORT_KILL_AT", raising=False)
    return d


@pytest.fixture(scope="session")
def cli():
    return nicport


@pytest.fixture(scope="session")
def digest():
    return tree_bytes


@pytest.fixture
def package_snapshot(tmp_path) -> Path:
    """A frozen copy of the nicport package for subprocess runs (see snapshot_package)."""
    return snapshot_package(tmp_path / "code")
