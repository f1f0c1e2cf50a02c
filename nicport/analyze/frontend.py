"""Run the front ends over a driver: parallel per-file parses, cached by content hash, merged
into one :class:`~nicport.analyze.program.Program`."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from pathlib import Path

from ..config import Config
from ..errors import BadInput
from .program import Macro, Program
from .textscan import MacroDef, scan_defines, scan_includes

#: bump when the per-file facts change shape
FACTS_VERSION = "4"

#: kernel macros whose values the extractors need (evaluated by the compiler like the driver's).
KERNEL_MACROS = ("NAPI_POLL_WEIGHT", "PAGE_SIZE", "ETH_FRAME_LEN", "ETH_DATA_LEN", "VIRTIO_NET_RSS_MAX_KEY_SIZE",
                 "VIRTIO_NET_RSS_MAX_TABLE_LEN", "MAX_SKB_FRAGS")

#: a macro body that can be an integer constant expression (what the probe tries)
_BAD_BODY = re.compile(r'[;{}"#]|\b(?:do|while|return|if|for|goto|__asm__|asm|typeof|sizeof)\b|\.\.\.')

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_texts(src) -> dict[str, str]:
    texts = {}
    for rel in src.files:
        p = src.abspath(rel)
        try:
            st = p.stat()
        except OSError as exc:
            raise BadInput(f"cannot read {rel}: {exc.strerror}") from None
        if st.st_size > MAX_FILE_BYTES:
            raise BadInput(f"{rel} is {st.st_size // (1024 * 1024)} MB: not a driver source file",
                           hint="give the driver's own directory")
        texts[rel] = p.read_bytes().decode("utf-8", "replace")
    return texts


def probe_candidates(defs: list[MacroDef]) -> list[MacroDef]:
    out = []
    for d in defs:
        body = d.body
        if not body or len(body) > 400 or _BAD_BODY.search(body):
            continue
        if d.params is not None and len(d.params) != 1:
            continue
        if d.params is not None and d.params[0] == "...":
            continue
        out.append(d)
    return out


def include_closure(src, texts: dict[str, str]) -> dict[str, list[str]]:
    """c file -> the driver headers it includes (transitively, by #include text)."""
    hfiles = [h for h in src.h_files]

    def resolve_inc(frm: str, kind: str, path: str) -> str | None:
        d = os.path.dirname(frm)
        cand = os.path.normpath(os.path.join(d, path))
        if cand in texts:
            return cand
        for h in hfiles:
            if h.endswith("/" + path) and (kind == "<" or True):
                return h
        return None

    memo: dict[str, list[str]] = {}

    def closure(f: str) -> list[str]:
        if f in memo:
            return memo[f]
        memo[f] = []
        out: list[str] = []
        for kind, path in scan_includes(texts.get(f, "")):
            h = resolve_inc(f, kind, path)
            if h and h not in out:
                out.append(h)
                for x in closure(h):
                    if x not in out:
                        out.append(x)
        memo[f] = out
        return out

    return {c: closure(c) for c in src.c_files}


def _cache_key(parts: list[str]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "replace"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def _run_job(job: dict) -> dict:
    from .clang_frontend import parse_file

    cache = job.pop("cache_file", None)
    try:
        facts = parse_file(job)
    except Exception as exc:  # a crash in one file must not lose the others
        facts = {"rel": job["rel"], "fatal": f"front end failed on {job['rel']}: {exc.__class__.__name__}: {exc}",
                 "functions": {}, "errors": [], "initializers": [], "tables": [], "records": {},
                 "macro_values": {}, "globals": {}, "fn_decls": {}}
    if cache and not facts.get("fatal"):
        try:
            Path(cache).parent.mkdir(parents=True, exist_ok=True)
            tmp = cache + f".tmp{os.getpid()}"
            Path(tmp).write_text(json.dumps(facts))
            os.replace(tmp, cache)
        except OSError:
            pass
    return facts


def run_clang(src, config: Config, texts: dict[str, str], defs: list[MacroDef]) -> list[dict]:
    """Per-file facts for every .c file (cached by content hash, parsed in parallel)."""
    closure = include_closure(src, texts)
    cands = probe_candidates(defs)
    by_file: dict[str, list[MacroDef]] = {}
    for d in cands:
        by_file.setdefault(d.file, []).append(d)
    # assign each header's macros to one translation unit that includes it (the biggest closure first)
    order = sorted(src.c_files, key=lambda c: (-len(closure[c]), c))
    probe_for: dict[str, list] = {c: [] for c in src.c_files}
    for rel, ds in sorted(by_file.items()):
        target = rel if rel in probe_for else next((c for c in order if rel in closure[c]), None)
        if target is None:
            target = order[0] if order else None
        if target is None:
            continue
        probe_for[target].extend([d.name, -1 if d.params is None else 1] for d in ds)
    for c in src.c_files:
        probe_for[c].extend([k, -1] for k in KERNEL_MACROS)
    headers_hash = _cache_key([texts[h] for h in sorted(src.h_files)])
    jobs = []
    results: dict[str, dict] = {}
    cache_dir = Path(config.cache_dir) / "analyze" / "files"
    for c in src.c_files:
        args = src.clang_args(c)
        key = _cache_key([FACTS_VERSION, c, texts[c], headers_hash, json.dumps(args), json.dumps(probe_for[c]),
                          json.dumps(sorted(src.files))])
        cache_file = cache_dir / key[:2] / f"{key}.json"
        if config.use_cache and cache_file.is_file():
            try:
                results[c] = json.loads(cache_file.read_text())
                continue
            except (OSError, ValueError):
                pass
        jobs.append({"root": str(src.root), "rel": c, "args": args, "driver_files": list(src.files),
                     "probe": probe_for[c], "suffixes": [h for h in src.h_files if h.startswith("include/")],
                     "cache_file": str(cache_file) if config.use_cache else None})
    if jobs:
        # biggest files first: better packing on few cores
        jobs.sort(key=lambda j: -len(texts[j["rel"]]))
        n = max(1, min(config.jobs, len(jobs)))
        if n == 1:
            done = [_run_job(j) for j in jobs]
        else:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(n) as pool:
                done = pool.map(_run_job, jobs, chunksize=1)
        for f in done:
            results[f["rel"]] = f
    return [results[c] for c in src.c_files]


def build_program(src, texts: dict[str, str], defs: list[MacroDef], facts: list[dict], derived: str) -> Program:
    macros: dict[str, Macro] = {}
    for d in defs:
        if d.name not in macros:
            macros[d.name] = Macro(d)
    kernel_values: dict[str, int] = {}
    functions: dict[str, dict] = {}
    records: dict[str, dict] = {}
    initializers: list[dict] = []
    tables: list[dict] = []
    globals_: dict[str, list] = {}
    errors: list[dict] = []
    for f in facts:
        for k, v in f.get("macro_values", {}).items():
            if k.endswith("@"):
                m = macros.get(k[:-1])
                if m is not None and m.v0 is None:
                    m.v0, m.v1 = v
            else:
                m = macros.get(k)
                if m is not None:
                    if m.value is None and not m.d.function_like:
                        m.value = v
                else:
                    kernel_values.setdefault(k, v)
        for name, fn in f.get("functions", {}).items():
            functions.setdefault(name, fn)
        for name, r in f.get("records", {}).items():
            records.setdefault(name, r)
        initializers.extend(f.get("initializers", []))
        tables.extend(f.get("tables", []))
        for k, v in f.get("globals", {}).items():
            globals_.setdefault(k, v)
        errors.extend(f.get("errors", []))
        if f.get("fatal"):
            errors.append({"file": f["rel"], "line": 1, "message": f["fatal"], "in_driver": True})
    # the same table or ops struct is seen by one TU only (static), but headers may repeat: dedupe
    seen = set()
    uniq = []
    for ini in initializers:
        k = (ini["name"], ini["file"], ini["line"])
        if k not in seen:
            seen.add(k)
            uniq.append(ini)
    seen = set()
    utables = []
    for t in tables:
        k = (t["name"], t["file"], t["line"])
        if k not in seen:
            seen.add(k)
            utables.append(t)
    return Program(name=src.name, texts=texts, c_files=list(src.c_files), macros=macros, functions=functions,
                   records=records, initializers=uniq, tables=utables, globals=globals_, errors=errors,
                   kernel_values=kernel_values, derived=derived)


def scan_all_defines(texts: dict[str, str]) -> list[MacroDef]:
    defs: list[MacroDef] = []
    for rel in sorted(texts):
        defs.extend(scan_defines(rel, texts[rel]))
    return defs
