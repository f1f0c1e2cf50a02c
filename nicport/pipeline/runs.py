"""The run registry: one directory per run under ``$NICPORT_RUNS_DIR`` or
``<cache_dir>/runs``::

    <run_id>/run.json             what was asked (driver, targets, output, options), status, phase
    <run_id>/checkpoints.sqlite   LangGraph's SQLite checkpointer; thread id = run id
    <run_id>/events.jsonl         node start/end times (times live here, never in the output tree)
    <run_id>/stage/               the staging output tree; survives crashes; ``publish`` moves a copy
                                  into place atomically (nicport.output.OutputTree)
    <run_id>/work/                build directories, full logs, LLM prompts/responses/verdicts

``nicport runs`` lists them; ``nicport resume RUN`` continues one stopped by Ctrl-C, a crash,
``kill -9`` or a ``--review`` pause.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import BadInput

RUNS_ENV = "NICPORT_RUNS_DIR"


def runs_root(config: Config) -> Path:
    override = os.environ.get(RUNS_ENV)
    return Path(override) if override else Path(config.cache_dir) / "runs"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class RunRecord:
    run_id: str
    driver: str  # driver name (e1000)
    spec: str  # what phase 0 resolves (name, tree path or directory)
    targets: list[str]
    dest: str  # absolute output directory
    force: bool = False
    review: bool = False
    llm_url: str | None = None
    llm_model: str | None = None
    qemu: bool = False
    max_repair_attempts: int = 2
    config: dict = field(default_factory=dict)  # tarball, linux_src, headers_dir, cache_dir, jobs
    created: str = ""
    updated: str = ""
    status: str = "new"  # running | paused | done | failed | interrupted
    phase: int = -1
    pid: int | None = None
    exit_code: int | None = None
    root: str = ""

    @property
    def dir(self) -> Path:
        return Path(self.root) / self.run_id

    def save(self) -> None:
        self.updated = _now()
        self.dir.mkdir(parents=True, exist_ok=True)
        data = {k: v for k, v in asdict(self).items() if k != "root"}
        tmp = self.dir / ".run.json.tmp"
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, self.dir / "run.json")

    @classmethod
    def load(cls, run_dir: Path) -> "RunRecord":
        data = json.loads((run_dir / "run.json").read_text())
        known = {f for f in cls.__dataclass_fields__}
        rec = cls(**{k: v for k, v in data.items() if k in known})
        rec.root = str(run_dir.parent)
        return rec

    def live_status(self) -> str:
        """``running`` only while the process that runs it is alive; else ``interrupted``."""
        if self.status == "running" and not _alive(self.pid):
            return "interrupted"
        return self.status

    def build_config(self, base: Config) -> Config:
        c = self.config
        return base.with_(
            tarball=Path(c["tarball"]) if c.get("tarball") else base.tarball,
            linux_src=Path(c["linux_src"]) if c.get("linux_src") else None,
            headers_dir=Path(c["headers_dir"]) if c.get("headers_dir") else None,
            targets=tuple(self.targets),
        )

    def elapsed(self) -> float:
        """Seconds spent in nodes (from events.jsonl), over all sessions of the run."""
        return sum(e["elapsed"] for e in read_events(self.dir))


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed child not yet reaped) is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return True


def new_run(config: Config, *, driver: str, spec: str, targets: list[str], dest: Path, force: bool, review: bool,
            llm_url: str | None, llm_model: str | None, qemu: bool, max_repair_attempts: int) -> RunRecord:
    root = runs_root(config)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot create the run registry {root}: {exc.strerror}", hint=f"set {RUNS_ENV} to a writable directory") from None
    run_id = f"{driver}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{secrets.token_hex(2)}"
    rec = RunRecord(
        run_id=run_id, driver=driver, spec=spec, targets=list(targets), dest=str(dest), force=force, review=review,
        llm_url=llm_url, llm_model=llm_model, qemu=qemu, max_repair_attempts=max_repair_attempts,
        config={"tarball": str(config.tarball), "linux_src": str(config.linux_src) if config.linux_src else None,
                "headers_dir": str(config.headers_dir) if config.headers_dir else None, "jobs": config.jobs},
        created=_now(), status="new", root=str(root),
    )
    rec.save()
    return rec


def all_runs(config: Config) -> list[RunRecord]:
    root = runs_root(config)
    if not root.is_dir():
        return []
    out = []
    for d in sorted(root.iterdir()):
        if (d / "run.json").is_file():
            try:
                out.append(RunRecord.load(d))
            except (OSError, ValueError, TypeError):
                continue
    return sorted(out, key=lambda r: (r.created, r.run_id))


def find_run(run_id: str, config: Config) -> RunRecord:
    runs = all_runs(config)
    exact = [r for r in runs if r.run_id == run_id]
    if exact:
        return exact[0]
    prefix = [r for r in runs if r.run_id.startswith(run_id)]
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        raise BadInput(f"run id '{run_id}' is ambiguous ({len(prefix)} runs)", hint="give more of the id; `nicport runs` lists them")
    raise BadInput(f"unknown run '{run_id}'", hint="`nicport runs` lists the runs")


def read_events(run_dir: Path) -> list[dict]:
    p = run_dir / "events.jsonl"
    if not p.is_file():
        return []
    out = []
    for line in p.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut by kill -9
    return out


def phase_times(run_dir: Path) -> dict[int, float]:
    """Wall time per phase: the union of its nodes' [start, end] intervals (parallel branches
    count once)."""
    by_phase: dict[int, list[tuple[float, float]]] = {}
    for e in read_events(run_dir):
        by_phase.setdefault(int(e["phase"]), []).append((e["start"], e["end"]))
    out = {}
    for ph, spans in sorted(by_phase.items()):
        total, cur_s, cur_e = 0.0, None, None
        for s, e in sorted(spans):
            if cur_e is None or s > cur_e:
                if cur_e is not None:
                    total += cur_e - cur_s
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        if cur_e is not None:
            total += cur_e - cur_s
        out[ph] = round(total, 3)
    return out


def checkpoint_sizes(run_dir: Path) -> dict:
    db = run_dir / "checkpoints.sqlite"
    size = sum(p.stat().st_size for p in run_dir.glob("checkpoints.sqlite*") if p.is_file())
    out = {"db_bytes": size}
    if db.is_file():
        import sqlite3

        with sqlite3.connect(db) as conn:
            try:
                n, total, biggest = conn.execute("SELECT count(*), coalesce(sum(length(checkpoint)),0), coalesce(max(length(checkpoint)),0) FROM checkpoints").fetchone()
                w = conn.execute("SELECT count(*), coalesce(sum(length(value)),0) FROM writes").fetchone()
                out.update({"checkpoints": n, "checkpoint_bytes": total, "largest_checkpoint_bytes": biggest, "writes": w[0], "write_bytes": w[1]})
            except Exception:
                pass
    return out


def list_runs(config: Config, as_json: bool, console) -> None:
    from .nodes import PHASES

    runs = all_runs(config)
    rows = []
    for r in runs:
        events = read_events(r.dir)
        finished = [int(e["phase"]) for e in events if e.get("status") not in ("paused",)]
        phase = max([r.phase] + finished) if finished or r.phase >= 0 else -1
        rows.append({
            "run": r.run_id, "driver": r.driver, "targets": r.targets, "phase": phase,
            "phase_name": PHASES.get(phase, "not started"), "status": r.live_status(), "created": r.created,
            "updated": r.updated, "elapsed_s": round(r.elapsed(), 1), "output": r.dest, "exit_code": r.exit_code,
            "checkpoint_bytes": sum(p.stat().st_size for p in r.dir.glob("checkpoints.sqlite*") if p.is_file()),
        })
    if as_json:
        print(json.dumps({"runs": rows, "count": len(rows), "registry": str(runs_root(config))}, indent=1))
        return
    from rich.table import Table

    from rich import box

    table = Table(title=f"{len(rows)} runs in {runs_root(config)}", header_style="bold cyan", box=box.SIMPLE)
    for col in ("run", "driver", "targets", "phase reached", "status", "started (UTC)", "time"):
        table.add_column(col, no_wrap=col in ("run", "status", "time"))
    for row in rows:
        style = {"done": "green", "failed": "red", "interrupted": "yellow", "paused": "cyan"}.get(row["status"], "")
        table.add_row(row["run"], row["driver"], ",".join(row["targets"]), f"{row['phase']} {row['phase_name']}" if row["phase"] >= 0 else "—",
                      f"[{style}]{row['status']}[/]" if style else row["status"], row["created"].replace("T", " ").rstrip("Z")[5:16], f"{row['elapsed_s']:.1f} s")
    (console or _default_console()).print(table)


def _default_console():
    from rich.console import Console

    return Console()


def resume_run(run_id: str, config: Config, console) -> int:
    """Continue a run from its last checkpoint; returns the exit code."""
    from ..port import execute

    rec = find_run(run_id, config)
    status = rec.live_status()
    if status == "running":
        raise BadInput(f"run {rec.run_id} is still running (pid {rec.pid})", hint="wait for it, or stop it first")
    result = execute(rec, rec.build_config(config), console=None if config.quiet else console, resuming=True)
    return result.exit_code
