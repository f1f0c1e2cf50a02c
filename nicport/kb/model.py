"""The knowledge base's typed model: entries, per-target mappings, dataplane features.

The data lives in ``nicport/kb/data/*.toml`` (see docs/kb.md); :mod:`nicport.kb.loader`
validates it into these frozen objects. Nothing here knows about files.
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass, field

from ..config import ALL_TARGETS

#: How a Linux API is carried over to a target.
#:   direct      -- a native call with the same meaning (maybe other argument order)
#:   adapter     -- needs glue in the target's osdep/adapter (several calls, state, flags)
#:   emulated    -- nicport provides it (core helper, or a no-op where the OS needs nothing)
#:   unsupported -- the target cannot do it; becomes an exception
KINDS: tuple[str, ...] = ("direct", "adapter", "emulated", "unsupported")

#: The targets an entry must describe (``linux`` is implied: direct identity).
NATIVE_TARGETS: tuple[str, ...] = tuple(t for t in ALL_TARGETS if t != "linux")

TARGET_TITLES: dict[str, str] = {
    "linux": "Linux",
    "freebsd": "FreeBSD",
    "netbsd": "NetBSD",
    "windows": "Windows",
    "illumos": "illumos",
    "rtos": "RTOS (Zephyr)",
}

#: Categories, in the order the tables are printed; the first eight are the seed's tables.
CATEGORIES: dict[str, str] = {
    "memory": "Memory allocation",
    "dma": "DMA mapping",
    "packet": "Packet buffers",
    "rx_tx": "RX indicate / TX, NAPI and queues",
    "irq": "Interrupts",
    "locks": "Locks",
    "work": "Deferred work",
    "timers": "Timers",
    "time": "Time and delays",
    "mmio": "MMIO and port I/O",
    "pci": "PCI",
    "sync": "Barriers, atomics and bit operations",
    "endian": "Byte order",
    "stats": "Statistics",
    "logging": "Logging and assertions",
    "xdp": "XDP, AF_XDP and page_pool",
    "virtio": "virtio",
    "util": "Utilities",
    "control": "Control plane reached from dataplane entry points",
}


@dataclass(frozen=True)
class Mapping:
    """How one Linux API maps to one target."""

    target: str
    kind: str
    native: tuple[str, ...]
    ref: str
    notes: str = ""
    freertos: str = ""  # rtos only: the FreeRTOS+TCP equivalent where it differs from Zephyr

    def to_json(self) -> dict:
        out = {"target": self.target, "kind": self.kind, "native": list(self.native), "ref": self.ref, "notes": self.notes}
        if self.freertos:
            out["freertos"] = self.freertos
        return out


@dataclass(frozen=True)
class Entry:
    """One Linux kernel API, macro or type (or an explicit family pattern such as ``atomic_*``)."""

    name: str
    category: str
    summary: str
    mappings: dict[str, Mapping]
    source: str  # data file it came from (relative, e.g. "dma.toml")
    aliases: tuple[str, ...] = ()
    pattern: bool = False
    feature: str = ""

    def mapping(self, target: str) -> Mapping:
        return self.mappings[target]

    def to_json(self, targets: tuple[str, ...] | None = None) -> dict:
        ts = targets or ALL_TARGETS
        return {
            "name": self.name,
            "category": self.category,
            "summary": self.summary,
            "aliases": list(self.aliases),
            "pattern": self.pattern,
            "feature": self.feature or None,
            "source": self.source,
            "targets": {t: self.mappings[t].to_json() for t in ts},
        }


@dataclass(frozen=True)
class FeatureSupport:
    target: str
    supported: bool
    native: str
    reason: str
    workaround: str
    ref: str


@dataclass(frozen=True)
class Feature:
    """A dataplane feature a driver may use (XDP, AF_XDP, busy polling ...), derived from APIs."""

    id: str
    title: str
    weight: float
    apis: tuple[str, ...]  # names or fnmatch patterns that imply the feature
    support: dict[str, FeatureSupport]
    source: str

    def implied_by(self, api: str) -> bool:
        return any(fnmatch.fnmatchcase(api, p) for p in self.apis)


@dataclass(frozen=True)
class Match:
    """The result of a lookup: the entry and how the name reached it."""

    entry: Entry
    via: str  # "name" | "alias" | "underscore" | "pattern"


@dataclass
class KnowledgeBase:
    entries: tuple[Entry, ...]
    features: tuple[Feature, ...]
    version: str  # "1:<content hash>" -- changes whenever the data changes
    _index: dict[str, tuple[Entry, str]] = field(default_factory=dict, repr=False)
    _patterns: list[Entry] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            if e.pattern:
                self._patterns.append(e)
                continue
            self._index[e.name] = (e, "name")
            for a in e.aliases:
                self._index[a] = (e, "alias")
        # most specific pattern first: longer literal prefix wins ("xsk_pool_*" before "xsk_*")
        self._patterns.sort(key=lambda e: (-len(e.name.split("*", 1)[0]), e.name))

    # -- lookups ---------------------------------------------------------------------------
    def find(self, name: str) -> Match | None:
        """Exact name, alias, a leading-underscore variant of either, then explicit patterns (on the
        name, then on its leading-underscore variant: ``__phy_write`` -> ``phy_*``)."""
        hit = self._index.get(name)
        if hit:
            return Match(hit[0], hit[1])
        stripped = name.lstrip("_")
        if stripped != name and stripped in self._index:
            return Match(self._index[stripped][0], "underscore")
        for candidate in (name, stripped) if stripped != name else (name,):
            for e in self._patterns:
                if fnmatch.fnmatchcase(candidate, e.name):
                    return Match(e, "pattern")
        return None

    def get(self, name: str) -> Entry | None:
        m = self.find(name)
        return m.entry if m else None

    def __getitem__(self, name: str) -> Entry:
        e = self.get(name)
        if e is None:
            raise KeyError(name)
        return e

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Close names (difflib) among entry names and aliases."""
        pool = sorted(self._index)
        close = difflib.get_close_matches(name, pool, n=n, cutoff=0.6)
        if not close:
            low = name.lower()
            close = [p for p in pool if low in p.lower()][:n]
        return close

    # -- views -----------------------------------------------------------------------------
    def by_category(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {c: [] for c in CATEGORIES}
        for e in self.entries:
            out.setdefault(e.category, []).append(e)
        return {c: sorted(v, key=lambda e: e.name) for c, v in out.items() if v}

    def feature(self, fid: str) -> Feature | None:
        for f in self.features:
            if f.id == fid:
                return f
        return None

    @property
    def api_count(self) -> int:
        """Entries that name one API (patterns not counted)."""
        return sum(1 for e in self.entries if not e.pattern)

    @property
    def name_count(self) -> int:
        """Names answered exactly (entry names plus aliases)."""
        return len(self._index)
