"""The live console display of a run: phase, agent, target, status, elapsed time per node."""

from __future__ import annotations

import threading
import time

from rich.console import Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .nodes import PHASES


class LiveDisplay:
    """``with LiveDisplay(console) as show: ctx.reporter = show`` (a callable taking events)."""

    def __init__(self, console, title: str, expected_nodes: int = 0) -> None:
        self.console = console
        self.progress = Progress(TextColumn("[bold blue]nodes"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console)
        self.task = self.progress.add_task("nodes", total=max(1, expected_nodes))
        self.done = 0
        self.title = title
        self.rows: dict[tuple, dict] = {}
        self.lock = threading.Lock()
        self.t0 = time.monotonic()
        self.live: Live | None = None

    def __enter__(self):
        if self.console is not None and self.console.is_terminal:
            self.live = Live(self._render(), console=self.console, refresh_per_second=4, transient=False)
            self.live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.update(self._render())
            self.live.__exit__(*exc)

    def __call__(self, event: dict) -> None:
        key = (event.get("node"), event.get("target"))
        with self.lock:
            row = self.rows.setdefault(key, {"phase": event.get("phase"), "agent": event.get("agent"), "node": event.get("node"), "target": event.get("target"), "status": "running", "start": time.monotonic(), "elapsed": None})
            if event["kind"] == "start":
                row.update(status="running", start=time.monotonic(), elapsed=None)
            elif event["kind"] == "end":
                row.update(status=event.get("status", "ok"), elapsed=event.get("elapsed"))
                self.done += 1
                total = max(self.progress.tasks[0].total or 1, self.done)
                self.progress.update(self.task, completed=self.done, total=total)
            if self.live is not None:
                self.live.update(self._render())
            elif self.console is not None and event["kind"] == "end":
                tgt = f" [{row['target']}]" if row["target"] else ""
                self.console.print(f"phase {row['phase']} {PHASES.get(row['phase'], '')} · {row['agent']}{tgt}: {row['status']} ({row['elapsed']:.1f} s)", highlight=False, markup=False)

    def _render(self):
        table = Table(title=f"{self.title} · {time.monotonic() - self.t0:.0f} s", header_style="bold cyan", expand=False)
        for col in ("phase", "agent", "target", "status", "elapsed"):
            table.add_column(col)
        now = time.monotonic()
        for row in list(self.rows.values())[-18:]:
            el = row["elapsed"] if row["elapsed"] is not None else now - row["start"]
            style = {"ok": "green", "failed": "red", "running": "yellow", "paused": "cyan", "not built yet": "magenta", "skipped": "dim"}.get(row["status"], "")
            table.add_row(f"{row['phase']} {PHASES.get(row['phase'], '')}", row["agent"] or "", row["target"] or "", Text(row["status"], style=style), f"{el:.1f} s")
        return Group(table, self.progress)
