"""Linux kernel API -> native API knowledge base, exceptions tracker and portability score.

    from nicport.kb import load
    kb = load()
    kb["dma_map_single"].mapping("freebsd").native   # ('bus_dmamap_load_mbuf_sg', 'bus_dmamap_load')

The mapping is data (``nicport/kb/data/*.toml``, documented in docs/kb.md); this package
validates it, looks names up (names, aliases, explicit family patterns), measures coverage on
a driver's dataplane, turns gaps into exceptions (Markdown + SARIF) and scores portability.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .loader import DATA_DIR, KBDataError, load_dir
from .model import CATEGORIES, KINDS, NATIVE_TARGETS, Entry, Feature, KnowledgeBase, Mapping, Match

__all__ = [
    "CATEGORIES",
    "DATA_DIR",
    "KINDS",
    "NATIVE_TARGETS",
    "Entry",
    "Feature",
    "KBDataError",
    "KnowledgeBase",
    "Mapping",
    "Match",
    "load",
]


@lru_cache(maxsize=4)
def _load_cached(path: str) -> KnowledgeBase:
    return load_dir(Path(path))


def load(data_dir: Path | None = None) -> KnowledgeBase:
    """The validated knowledge base (cached per directory)."""
    return _load_cached(str(Path(data_dir) if data_dir else DATA_DIR))
