"""nicport's command line: the user's contract (names as in docs/DESIGN)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .config import ALL_TARGETS, DEFAULT_TARBALL, Config
from .errors import EXIT_BAD_INPUT, BadInput, NicportError

EPILOG = (
    "Exit codes: 0 success; 1 the job ran but a check, build, test or gate failed; "
    "2 bad input or usage (one line says what is wrong and what to do). "
    "--debug shows the traceback of an unexpected error."
)

app = typer.Typer(
    name="nicport",
    help="Port the dataplane of a real Linux NIC driver to FreeBSD, NetBSD, Windows NDIS, illumos and RTOSes.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
kb_app = typer.Typer(help="The Linux-to-native API knowledge base.", epilog=EPILOG, no_args_is_help=True)
app.add_typer(kb_app, name="kb")

out_console = Console()
err_console = Console(stderr=True)


class State:
    config: Config = Config()
    debug: bool = False


STATE = State()


def _version(value: bool) -> None:
    if value:
        print(f"nicport {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    linux_src: Optional[Path] = typer.Option(None, "--linux-src", help="Read drivers from this Linux source tree instead of Debian's tarball."),
    tarball: Path = typer.Option(DEFAULT_TARBALL, "--tarball", help="Debian's linux-source tarball."),
    headers: Optional[Path] = typer.Option(None, "--headers", help="linux-headers build directory (default: the installed one matching the source)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Parallel jobs (default: all cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the final result."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    cfg = Config(linux_src=linux_src, tarball=tarball, headers_dir=headers, quiet=quiet, debug=debug)
    if jobs:
        cfg = cfg.with_(jobs=jobs)
    STATE.config = cfg
    STATE.debug = debug


def _progress_cb(description: str):
    """A rich progress bar for long steps (tarball extraction); silent when quiet or not a TTY."""
    if STATE.config.quiet or not err_console.is_terminal:
        return None, None
    progress = Progress(
        TextColumn("[bold blue]{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=err_console, transient=True,
    )
    task = {"id": None}

    def cb(done: int, total: int) -> None:
        if task["id"] is None:
            progress.start()
            task["id"] = progress.add_task(description, total=total)
        progress.update(task["id"], completed=done)

    class _Stopper:
        def stop(self) -> None:
            if task["id"] is not None:
                progress.stop()

    return cb, _Stopper()


def _resolve(spec: str):
    from .source import resolve

    cb, progress = _progress_cb("Reading linux-source (first use, cached afterwards)")
    try:
        src = resolve(spec, STATE.config, cb)
    finally:
        if progress is not None:
            progress.stop()
    for w in src.warnings:
        err_console.print(f"[yellow]warning:[/] {w}")
    return src


@app.command()
def drivers(
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
) -> None:
    """List the NIC drivers found (Debian's linux-source, or --linux-src DIR)."""
    from .source import list_drivers

    cb, progress = _progress_cb("Reading linux-source (first use, cached afterwards)")
    try:
        entries = list_drivers(STATE.config, cb)
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        print(json.dumps({"drivers": [e.to_json() for e in entries], "count": len(entries)}, indent=1))
        return
    table = Table(title=f"{len(entries)} NIC drivers", header_style="bold cyan")
    table.add_column("name", style="bold")
    table.add_column("path")
    table.add_column("files", justify="right")
    table.add_column("LOC", justify="right")
    table.add_column("aliases", style="dim")
    for e in entries:
        table.add_row(e.name, e.path, str(len(e.files)), f"{e.loc:,}", ", ".join(e.aliases))
    out_console.print(table)


@app.command()
def analyze(
    driver: str = typer.Argument(..., help="Driver name (e1000), tree path (drivers/net/ethernet/intel/igb), directory or .c file."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the driver IR (JSON) to this file ('-' for stdout)."),
) -> None:
    """Analyse a driver into its IR and print a readable summary."""
    src = _resolve(driver)
    from .analyze import analyze_driver
    from .analyze.summary import render_summary

    ir = analyze_driver(src, STATE.config)
    if json_out is not None:
        text = ir.to_json_text()
        if str(json_out) == "-":
            sys.stdout.write(text)
            return
        _write_file(json_out, text)
    if not STATE.config.quiet:
        render_summary(ir, out_console)


def _write_file(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text)
        tmp.replace(path)
    except OSError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror}") from None


def _qemu_default(targets: tuple[str, ...]) -> bool:
    import shutil

    return "linux" in targets and shutil.which("qemu-system-x86_64") is not None


def _targets(value: str) -> tuple[str, ...]:
    if value.strip() == "all":
        return ALL_TARGETS
    names = tuple(t.strip() for t in value.split(",") if t.strip())
    bad = [t for t in names if t not in ALL_TARGETS]
    if bad or not names:
        raise BadInput(f"unknown target(s): {', '.join(bad) or value!r}", hint="choose from " + ", ".join(ALL_TARGETS) + " or all")
    return names


@app.command()
def port(
    driver: str = typer.Argument(..., help="Driver name, tree path, directory or .c file."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output directory (default ./nicport-out/<driver>)."),
    targets: str = typer.Option("all", "--targets", help="Comma-separated: " + ",".join(ALL_TARGETS) + " (or all)."),
    force: bool = typer.Option(False, "--force", help="Replace an output directory that is not an earlier nicport output."),
    review: bool = typer.Option(False, "--review", help="Pause after API mapping for a human review."),
    llm: Optional[str] = typer.Option(None, "--llm", help="OpenAI-compatible endpoint (self-hosted) for optional help."),
    model: Optional[str] = typer.Option(None, "--model", help="Model name at --llm."),
    qemu: Optional[bool] = typer.Option(
        None, "--qemu/--no-qemu",
        help="Run the generated Linux driver in Debian's kernel on QEMU (L3). Default: on when the linux target is chosen and qemu-system-x86_64 is installed.",
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
) -> None:
    """Port a driver: analyse, map, generate, build and verify; write the output tree."""
    from .output import check_destination

    chosen = _targets(targets)
    src_probe_out = out
    if (llm is None) != (model is None):
        raise BadInput("--llm and --model go together", hint="give both, or neither")
    src = _resolve(driver)
    dest = src_probe_out or Path("nicport-out") / src.name
    check_destination(dest.absolute(), force)
    from .port import run_port

    result = run_port(
        src, STATE.config.with_(targets=chosen), dest, force=force,
        console=None if (as_json or STATE.config.quiet) else out_console,
        review=review, llm=llm, model=model, qemu=_qemu_default(chosen) if qemu is None else qemu,
    )
    if as_json:
        print(json.dumps(result.to_json(), indent=1))
    raise typer.Exit(result.exit_code)


@app.command()
def check(
    out: Path = typer.Argument(..., help="An output tree written by `nicport port`."),
    qemu: bool = typer.Option(False, "--qemu", help="Also run the Linux build in QEMU (L3)."),
    sysroot: List[str] = typer.Option([], "--sysroot", help="OS=DIR: compile that target against a real source tree / SDK."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
) -> None:
    """Re-verify an output tree: a table target x level with pass/fail."""
    from .output import is_nicport_output

    if not out.is_dir() or not is_nicport_output(out):
        raise BadInput(f"{out} is not a nicport output tree", hint="run `nicport port DRIVER -o DIR` first")
    try:
        from .verify.check import run_check
    except ImportError:
        raise BadInput("`nicport check` is not built yet in this version") from None
    result = run_check(out, STATE.config, qemu=qemu, sysroots=sysroot, console=None if as_json else out_console)
    if as_json:
        print(json.dumps(result.to_json(), indent=1))
    raise typer.Exit(result.exit_code)


@kb_app.command("table")
def kb_table(
    target: Optional[str] = typer.Option(None, "--target", help="Only this target."),
    fmt: str = typer.Option("md", "--format", help="md or json."),
) -> None:
    """The seed's mapping tables, generated from the knowledge base."""
    from .kb.cli import table

    table(target, fmt)


@kb_app.command("coverage")
def kb_coverage(
    driver: str = typer.Argument(..., help="Driver name, tree path, directory or .c file."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
) -> None:
    """Share of the driver's dataplane API call sites the KB knows, per target."""
    from .kb.cli import coverage

    src = _resolve(driver)
    coverage(src, STATE.config, as_json, out_console)


@app.command("map")
def map_(
    name: str = typer.Argument(..., help="A Linux kernel API, macro or type (e.g. dma_map_single)."),
    target: Optional[str] = typer.Option(None, "--target", help="Only this target."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
) -> None:
    """Look up one Linux API: its native equivalent on every target."""
    from .kb.cli import lookup

    lookup(name, target, as_json, out_console)


@app.command()
def runs(as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout.")) -> None:
    """List pipeline runs (driver, targets, phase reached, status, time)."""
    try:
        from .pipeline.runs import list_runs
    except ImportError:
        raise BadInput("`nicport runs` is not built yet in this version") from None
    list_runs(STATE.config, as_json, out_console)


@app.command()
def resume(run: str = typer.Argument(..., help="Run id from `nicport runs`.")) -> None:
    """Continue a run stopped by Ctrl-C, a crash or kill -9."""
    try:
        from .pipeline.runs import resume_run
    except ImportError:
        raise BadInput("`nicport resume` is not built yet in this version") from None
    raise typer.Exit(resume_run(run, STATE.config, out_console))


def main(argv: list[str] | None = None) -> int:
    """Console-script entry: map every error to its exit code and one line."""
    try:
        app(args=argv, standalone_mode=True)  # click prints usage errors itself (exit 2)
        return 0
    except typer.Exit as e:
        return e.exit_code
    except SystemExit as e:  # click's own exits
        return int(e.code or 0)
    except NicportError as e:
        if STATE.debug:
            raise
        err_console.print(f"[bold red]error:[/] {e.one_line()}", highlight=False, soft_wrap=True)
        return e.exit_code
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted[/]")
        return 130
    except Exception as e:  # the unexpected: one line, traceback only with --debug
        if STATE.debug:
            raise
        err_console.print(f"[bold red]internal error:[/] {type(e).__name__}: {e} (rerun with --debug for the traceback)", highlight=False, soft_wrap=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
