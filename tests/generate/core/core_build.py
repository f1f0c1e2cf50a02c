"""Build helpers for the core's C test programs (shared by conftest.py and the tests)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


HERE = Path(__file__).resolve().parent
CSRC = HERE / "c"


def core_sources(tree: Path) -> list[Path]:
    return sorted(tree.glob("*.c")) + sorted((tree / "osdep_user").glob("*.c"))


SAN_FLAGS = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]


def build(cc: str, out: Path, main_c: Path, tree: Path, extra: list[str]) -> Path:
    cmd = [
        "nice", cc, "-std=c11", "-g", "-Wall", "-Wextra", "-Werror",
        f"-I{tree}", *extra, "-o", str(out), str(main_c), *map(str, core_sources(tree)),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stderr}"
    return out


@dataclass
class Driver:
    """One build of core_test.c; run() feeds commands and returns answer lines."""

    name: str
    path: Path

    def run(self, lines: list[str], timeout: float = 60) -> list[str]:
        r = subprocess.run(
            [str(self.path)], input="\n".join(lines) + "\n", capture_output=True,
            text=True, timeout=timeout,
        )
        assert r.returncode == 0, f"{self.name} exited {r.returncode}:\n{r.stderr[-4000:]}"
        assert "runtime error" not in r.stderr, r.stderr[-4000:]
        out = r.stdout.splitlines()
        assert len(out) == len(lines), (lines[:3], out[-3:], r.stderr[-2000:])
        return out

    def one(self, line: str) -> str:
        return self.run([line])[0]
