"""One configuration object threads every stage (black's ``Mode`` habit)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ALL_TARGETS: tuple[str, ...] = ("linux", "freebsd", "netbsd", "windows", "illumos", "rtos")

DEFAULT_TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")


def cache_home() -> Path:
    """XDG cache directory for nicport (``$XDG_CACHE_HOME/nicport``, else ``~/.cache/nicport``)."""
    override = os.environ.get("NICPORT_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nicport"


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know, passed to every stage unchanged."""

    tarball: Path = DEFAULT_TARBALL
    linux_src: Path | None = None
    headers_dir: Path | None = None
    cache_dir: Path = field(default_factory=cache_home)
    jobs: int = field(default_factory=default_jobs)
    targets: tuple[str, ...] = ALL_TARGETS
    quiet: bool = False
    debug: bool = False
    use_cache: bool = True

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)
