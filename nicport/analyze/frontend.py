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
FACTS_VERSION = "6"

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


_C_TYPES = frozenset("""u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 int
    unsigned signed long short char __le16 __le32 __le64 __be16 __be32 __be64 size_t uint8_t uint16_t uint32_t
    uint64_t""".split())


def probe_candidates(defs: list[MacroDef]) -> list[MacroDef]:
    """Macros that may be integer constant expressions: no statements, no variables (a lower-case
    identifier that is neither a parameter nor a C type means a run-time value)."""
    out = []
    for d in defs:
        body = d.body
        if not body or len(body) > 400 or _BAD_BODY.search(body) or "->" in body:
            continue
        params = set(d.params or ())
        if any(i not in params and i not in _C_TYPES for i in re.findall(r"\b[a-z_][a-z0-9_]*\b", body)
               if not i.startswith("__") or i not in _C_TYPES):
            if any(i not in params and i not in _C_TYPES for i in re.findall(r"\b[a-z_]\w*\b", body)):
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
        facts = _failed(job["rel"], f"{exc.__class__.__name__}: {exc}")
    if cache and not facts.get("fatal"):
        try:
            Path(cache).parent.mkdir(parents=True, exist_ok=True)
            tmp = cache + f".tmp{os.getpid()}"
            Path(tmp).write_text(json.dumps(facts))
            os.replace(tmp, cache)
        except OSError:
            pass
    return facts


def _parallel(jobs: list[dict], n: int) -> list[dict]:
    """Run the jobs on ``n`` worker processes; a worker that dies (a libclang crash) costs only
    its own file, which is then reported as not parsed."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .clang_frontend import _clang

    _clang()  # load libclang once: the forked workers inherit it
    ctx = multiprocessing.get_context("fork")
    results: dict[str, dict] = {}
    pending = list(jobs)
    while pending:
        with ProcessPoolExecutor(max_workers=min(n, len(pending)), mp_context=ctx) as ex:
            futs = {ex.submit(_run_job, dict(j)): j for j in pending}
            broken = []
            for fut, j in futs.items():
                try:
                    results[j["rel"]] = fut.result()
                except BrokenProcessPool:
                    broken.append(j)
                except Exception as exc:
                    results[j["rel"]] = _failed(j["rel"], f"{exc.__class__.__name__}: {exc}")
        if not broken:
            break
        # retry the files lost with the pool one at a time: the culprit fails alone
        for j in broken:
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
                try:
                    results[j["rel"]] = ex.submit(_run_job, dict(j)).result()
                except BrokenProcessPool:
                    results[j["rel"]] = _failed(j["rel"], "libclang crashed while reading this file")
                except Exception as exc:
                    results[j["rel"]] = _failed(j["rel"], f"{exc.__class__.__name__}: {exc}")
        pending = []
    return [results[j["rel"]] for j in jobs]


def _failed(rel: str, why: str) -> dict:
    return {"rel": rel, "fatal": f"front end failed on {rel}: {why}", "functions": {}, "errors": [],
            "initializers": [], "tables": [], "records": {}, "macro_values": {}, "globals": {}, "fn_decls": {}}


def run_clang(src, config: Config, texts: dict[str, str], defs: list[MacroDef]) -> list[dict]:
    """Per-file facts for every .c file (cached by content hash, parsed in parallel)."""
    closure = include_closure(src, texts)
    cands = probe_candidates(defs)
    by_file: dict[str, list[MacroDef]] = {}
    for d in cands:
        by_file.setdefault(d.file, []).append(d)
    # assign each header's macros to one translation unit that includes it (the biggest closure first)
    # the smallest file that sees a header carries its probe and its inline functions: the big
    # files are the critical path of the parallel parse
    order = sorted(src.c_files, key=lambda c: (-len(closure[c]), len(texts[c]), c))
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
    # a header's inline functions are read by one translation unit (the first that includes it)
    owner: dict[str, list[str]] = {c: [] for c in src.c_files}
    for h in src.h_files:
        c = next((c for c in order if h in closure[c]), None)
        if c is not None:
            owner[c].append(h)
    unowned = [h for h in src.h_files if not any(h in v for v in owner.values())]
    fe = Path(__file__).resolve().parent
    fe_hash = _cache_key([(fe / "clang_frontend.py").read_text(), (fe / "frontend.py").read_text()])
    headers_hash = _cache_key([fe_hash] + [texts[h] for h in sorted(src.h_files)])
    # every identifier written as name( in the driver: its functions are among them (a filter
    # that spares the front end from resolving each variable reference)
    callables = sorted({m for rel in src.files for m in re.findall(r"\b([A-Za-z_]\w*)\s*\(", texts[rel])})
    jobs = []
    results: dict[str, dict] = {}
    cache_dir = Path(config.cache_dir) / "analyze" / "files"
    for c in src.c_files:
        args = src.clang_args(c)
        key = _cache_key([FACTS_VERSION, c, texts[c], headers_hash, json.dumps(args), json.dumps(probe_for[c]),
                          json.dumps(owner[c] + unowned),
                          json.dumps(sorted(src.files))])
        cache_file = cache_dir / key[:2] / f"{key}.json"
        if config.use_cache and cache_file.is_file():
            try:
                results[c] = json.loads(cache_file.read_text())
                continue
            except (OSError, ValueError):
                pass
        jobs.append({"root": str(src.root), "rel": c, "args": args, "driver_files": list(src.files),
                     "probe": probe_for[c], "owned_headers": owner[c] + unowned, "callables": callables, "suffixes": [h for h in src.h_files if h.startswith("include/")],
                     "cache_file": str(cache_file) if config.use_cache else None})
    # kernel-tree headers the driver is defined with (virtio's uapi ring layout) that no
    # translation unit of the driver includes: read them through one synthetic unit
    extra = [h for h in src.h_files if h.startswith("include/")]
    if extra and src.c_files:
        incs = []
        for h in extra:
            p = h[len("include/"):]
            p = p[len("uapi/"):] if p.startswith("uapi/") else p
            incs.append(f"#include <{p}>")
        virtual = "\n".join(incs) + "\n"
        rel = "nicport-kernel-headers.c"
        args = src.clang_args(src.c_files[0])
        key = _cache_key([FACTS_VERSION, rel, virtual, headers_hash, json.dumps(args)])
        cache_file = cache_dir / key[:2] / f"{key}.json"
        if config.use_cache and cache_file.is_file():
            try:
                results[rel] = json.loads(cache_file.read_text())
            except (OSError, ValueError):
                pass
        if rel not in results:
            jobs.append({"root": str(src.root), "rel": rel, "args": args, "driver_files": list(src.files), "probe": [],
                         "suffixes": extra, "virtual": virtual,
                         "cache_file": str(cache_file) if config.use_cache else None})
            texts_len = dict(texts)
            texts_len[rel] = virtual
            texts = texts_len
    if jobs:
        # biggest files first: better packing on few cores
        jobs.sort(key=lambda j: -len(texts[j["rel"]]))
        n = max(1, min(config.jobs, len(jobs)))
        if n == 1:
            done = [_run_job(j) for j in jobs]
        else:
            done = _parallel(jobs, n)
        for f in done:
            results[f["rel"]] = f
    return [results[c] for c in src.c_files] + [results[r] for r in results if r not in src.c_files]


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
        for name, (efile, eline, evalue) in f.get("enum_values", {}).items():
            if name not in macros:
                line_text = texts.get(efile, "").split("\n")[eline - 1] if efile in texts else ""
                cm = re.search(r"/\*(.*?)\*/|//(.*)$", line_text)
                comment = ((cm.group(1) or cm.group(2) or "").strip(" *") or None) if cm else None
                macros[name] = Macro(MacroDef(name, None, str(evalue), efile, eline, comment), value=evalue)
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
