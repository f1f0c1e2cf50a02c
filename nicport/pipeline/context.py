"""Run-time context of a pipeline run (LangGraph's ``context_schema``): everything that is
configuration rather than state.  It is rebuilt from the run registry on ``nicport resume``,
never checkpointed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from ..config import Config


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class PipelineContext:
    """What every node may read.  Paths are absolute; nothing here goes into the output tree."""

    config: Config = field(default_factory=Config, metadata={"description": "nicport's one configuration object"})
    run_dir: Path = field(default=Path("."), metadata={"description": "this run's directory in the run registry"})
    dest: Path = field(default=Path("nicport-out"), metadata={"description": "final output directory"})
    force: bool = field(default=False, metadata={"description": "replace a non-nicport output directory"})
    review: bool = field(default=False, metadata={"description": "pause with interrupt() after phase 2"})
    llm_url: str | None = field(default=None, metadata={"description": "OpenAI-compatible endpoint (self-hosted), optional"})
    llm_model: str | None = field(default=None, metadata={"description": "model name at llm_url"})
    qemu: bool = field(default=False, metadata={"description": "run the QEMU stage (L3) in phase 5"})
    max_repair_attempts: int = field(
        default_factory=lambda: _env_int("NICPORT_MAX_REPAIR_ATTEMPTS", 2),
        metadata={"description": "how often the Supervisor sends a failed build/test back for repair (env NICPORT_MAX_REPAIR_ATTEMPTS)"},
    )
    #: progress events for the live display (not part of the state; may be None)
    reporter: Callable[[dict], None] | None = field(default=None, compare=False, repr=False)

    @property
    def stage_dir(self) -> Path:
        """The staging output tree: persists across crashes, moved into place by ``publish``."""
        return self.run_dir / "stage"

    @property
    def work_dir(self) -> Path:
        """Scratch space: build directories, full logs, LLM transcripts."""
        return self.run_dir / "work"

    @property
    def recursion_limit(self) -> int:
        # ~20 super-steps for phases 0..5 + report, plus two per repair round (repair, rebuild/retest,
        # supervisor) for builds and tests.
        return 40 + 6 * max(0, self.max_repair_attempts)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_url and self.llm_model)

    def emit(self, **event: Any) -> None:
        if self.reporter is not None:
            try:
                self.reporter(event)
            except Exception:  # the display must never break a run
                pass

    def describe(self) -> dict:
        return {f.name: f.metadata.get("description", "") for f in fields(self) if f.metadata}
