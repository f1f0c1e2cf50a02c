"""Read and validate the knowledge base data files (``nicport/kb/data/*.toml``).

Every problem is reported as :class:`KBDataError` naming the file and the entry, e.g.
``dma.toml: entry 'dma_map_single': missing target 'windows'``.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from ..errors import BadInput
from .model import CATEGORIES, KINDS, NATIVE_TARGETS, Entry, Feature, FeatureSupport, KnowledgeBase, Mapping

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA = 1

_ENTRY_KEYS = {"name", "aliases", "pattern", "category", "summary", "feature", "linux", *NATIVE_TARGETS}
_MAPPING_KEYS = {"kind", "native", "ref", "notes", "freertos"}
_FEATURE_KEYS = {"id", "title", "weight", "apis", *NATIVE_TARGETS}
_SUPPORT_KEYS = {"supported", "native", "reason", "workaround", "ref"}


class KBDataError(BadInput):
    """Malformed knowledge-base data (names the file and the entry)."""


def _err(file: str, entry: str | None, msg: str) -> KBDataError:
    where = f"{file}: entry '{entry}'" if entry else file
    return KBDataError(f"{where}: {msg}", hint="fix the knowledge base data file (see docs/kb.md)")


def _strs(value, file: str, entry: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _err(file, entry, f"'{key}' must be a string or a list of strings")


def _mapping(raw, target: str, file: str, name: str, defaults: dict) -> Mapping:
    if not isinstance(raw, dict):
        raise _err(file, name, f"target '{target}' must be a table {{kind = ..., native = ...}}")
    extra = set(raw) - _MAPPING_KEYS
    if extra:
        raise _err(file, name, f"target '{target}': unknown key(s) {', '.join(sorted(extra))}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _err(file, name, f"target '{target}': unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    native = _strs(raw.get("native", []), file, name, f"{target}.native")
    if kind in ("direct", "adapter") and not native:
        raise _err(file, name, f"target '{target}': kind '{kind}' needs a native equivalent")
    ref = raw.get("ref") or defaults.get(target, {}).get("ref", "")
    if not isinstance(ref, str) or not ref:
        raise _err(file, name, f"target '{target}': no reference (ref) and no file default")
    notes = raw.get("notes", "")
    freertos = raw.get("freertos", "")
    if freertos and target != "rtos":
        raise _err(file, name, f"target '{target}': 'freertos' is only meaningful for rtos")
    return Mapping(target, kind, native, ref, notes, freertos)


def _entry(raw, file: str, file_category: str, defaults: dict) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise _err(file, None, "an [[api]] entry has no name")
    name = raw["name"]
    extra = set(raw) - _ENTRY_KEYS
    if extra:
        raise _err(file, name, f"unknown key(s) {', '.join(sorted(extra))}")
    pattern = bool(raw.get("pattern", False))
    if pattern != ("*" in name or "?" in name):
        raise _err(file, name, "a name with wildcards needs 'pattern = true' (and a pattern needs a wildcard)")
    category = raw.get("category", file_category)
    if category not in CATEGORIES:
        raise _err(file, name, f"unknown category {category!r}")
    missing = [t for t in NATIVE_TARGETS if t not in raw]
    if missing:
        raise _err(file, name, f"missing target '{missing[0]}'" + (f" (and {', '.join(missing[1:])})" if missing[1:] else ""))
    mappings = {t: _mapping(raw[t], t, file, name, defaults) for t in NATIVE_TARGETS}
    linux_raw = raw.get("linux", {})
    linux_ref = linux_raw.get("ref") if isinstance(linux_raw, dict) else None
    mappings = {
        "linux": Mapping("linux", "direct", (name,), linux_ref or defaults.get("linux", {}).get("ref", "Linux kernel sources")),
        **mappings,
    }
    aliases = _strs(raw.get("aliases", []), file, name, "aliases")
    return Entry(
        name=name,
        category=category,
        summary=str(raw.get("summary", "")),
        mappings=mappings,
        source=file,
        aliases=aliases,
        pattern=pattern,
        feature=str(raw.get("feature", "")),
    )


def _feature(raw, file: str) -> Feature:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise _err(file, None, "a [[feature]] has no id")
    fid = raw["id"]
    extra = set(raw) - _FEATURE_KEYS
    if extra:
        raise _err(file, fid, f"unknown key(s) {', '.join(sorted(extra))}")
    missing = [t for t in NATIVE_TARGETS if t not in raw]
    if missing:
        raise _err(file, fid, f"missing target '{missing[0]}'")
    support = {}
    for t in NATIVE_TARGETS:
        s = raw[t]
        if not isinstance(s, dict) or not isinstance(s.get("supported"), bool):
            raise _err(file, fid, f"target '{t}': needs 'supported = true|false'")
        bad = set(s) - _SUPPORT_KEYS
        if bad:
            raise _err(file, fid, f"target '{t}': unknown key(s) {', '.join(sorted(bad))}")
        if not s["supported"] and not (s.get("reason") and s.get("workaround")):
            raise _err(file, fid, f"target '{t}': an unsupported feature needs a reason and a workaround")
        support[t] = FeatureSupport(t, s["supported"], s.get("native", ""), s.get("reason", ""), s.get("workaround", ""), s.get("ref", ""))
    weight = raw.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or weight <= 0:
        raise _err(file, fid, "weight must be a positive number")
    return Feature(fid, str(raw.get("title", fid)), float(weight), _strs(raw.get("apis", []), file, fid, "apis"), support, file)


def load_dir(data_dir: Path) -> KnowledgeBase:
    """Load and validate every ``*.toml`` in a directory (sorted, so the result is stable)."""
    files = sorted(p for p in Path(data_dir).glob("*.toml"))
    if not files:
        raise KBDataError(f"no knowledge base data files in {data_dir}")
    entries: list[Entry] = []
    features: list[Feature] = []
    owner: dict[str, tuple[str, str]] = {}  # name/alias -> (file, entry)
    digest = hashlib.sha256()
    for path in files:
        file = path.name
        data = path.read_bytes()
        digest.update(file.encode() + b"\0" + data)
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _err(file, None, f"not valid TOML: {exc}") from None
        if doc.get("schema") != SCHEMA:
            raise _err(file, None, f"schema must be {SCHEMA}")
        defaults = doc.get("defaults", {})
        for raw in doc.get("api", []):
            e = _entry(raw, file, doc.get("category", ""), defaults)
            for key in (e.name, *e.aliases):
                if key in owner:
                    first_file, first_entry = owner[key]
                    what = "duplicate entry" if key == e.name else f"duplicate alias '{key}'"
                    raise _err(file, e.name, f"{what} (already in {first_file}: entry '{first_entry}')")
                owner[key] = (file, e.name)
            entries.append(e)
        for raw in doc.get("feature", []):
            f = _feature(raw, file)
            if any(x.id == f.id for x in features):
                raise _err(file, f.id, "duplicate feature")
            features.append(f)
    known = {f.id for f in features}
    for e in entries:
        if e.feature and e.feature not in known:
            raise _err(e.source, e.name, f"unknown feature {e.feature!r}")
    return KnowledgeBase(tuple(entries), tuple(features), f"{SCHEMA}:{digest.hexdigest()[:12]}")
