"""The command line as a user meets it: help, exit codes, one-line errors, --json."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nicport", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def assert_one_line_error(p: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert p.returncode == code, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr + p.stdout
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), p.stderr
    for n in needles:
        assert n in p.stderr


def test_console_script_installed():
    exe = shutil.which("nicport") or str(REPO / ".venv" / "bin" / "nicport")
    p = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("nicport ")


def test_help_documents_commands_and_exit_codes():
    p = run("--help")
    assert p.returncode == 0
    for cmd in ("drivers", "analyze", "port", "check", "kb", "map", "runs", "resume"):
        assert cmd in p.stdout
    assert "Exit codes" in p.stdout and "2 bad input" in p.stdout.replace("\n", " ").replace("  ", " ")
    for sub in ("drivers", "analyze", "port", "check", "map", "runs", "resume", "kb"):
        assert run(sub, "--help").returncode == 0


def test_drivers_json(tarball):
    p = run("drivers", "--json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    names = {d["name"] for d in doc["drivers"]}
    assert {"e1000", "virtio_net", "mlx4", "bnxt"} <= names
    e1000 = next(d for d in doc["drivers"] if d["name"] == "e1000")
    assert e1000["files"] == 7 and e1000["loc"] == 17104 and e1000["path"] == "drivers/net/ethernet/intel/e1000"


def test_drivers_table(tarball):
    p = run("drivers")
    assert p.returncode == 0 and "e1000e" in p.stdout and "NIC drivers" in p.stdout


def test_unknown_driver(tarball):
    assert_one_line_error(run("analyze", "e1001"), 2, "unknown driver 'e1001'", "e1000")


def test_tarball_missing(tmp_path):
    assert_one_line_error(run("--tarball", str(tmp_path / "linux-source-6.1.tar.xz"), "drivers"), 2, "apt-get install linux-source-6.1")


def test_empty_directory(tmp_path):
    assert_one_line_error(run("analyze", str(tmp_path)), 2, "no C files")


def test_bad_target(tarball):
    assert_one_line_error(run("port", "e1000", "--targets", "plan9"), 2, "unknown target")


def test_llm_needs_model(tarball):
    assert_one_line_error(run("port", "e1000", "--llm", "http://127.0.0.1:9/v1"), 2, "--llm and --model")


def test_foreign_output_dir_refused(tarball, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    p = run("port", "e1000", "-o", str(out))
    assert_one_line_error(p, 2, "not an earlier nicport output", "--force")
    assert (out / "keep.txt").read_text() == "precious"


def test_usage_error_exit_2():
    p = run("no-such-command")
    assert p.returncode == 2 and "Traceback" not in p.stderr
