"""Per-driver tests written into an output tree's ``tests/`` (the TDD Test Writer's stage).

``write_tests(ir, out_dir)`` writes, under ``out_dir`` (the tree's ``tests/``):

* ``layout_test.c`` -- ``_Static_assert`` on every descriptor size / member offset / member size
  the IR claims, against the generated ``hw/<drv>_desc.h``, and on register offsets (queue 0
  and stride) and bit values against ``hw/<drv>_regs.h`` / ``<drv>_desc.h``;
* ``nic_ring_test.c`` -- smoke, stress (and bench) of core + hw layer against the device model;
* ``devmodel/`` -- the device model's C sources (nicport's own) + ``nic_devmodel_cfg.h`` from
  the same IR;
* ``Makefile`` (``check``, ``check-asan``, ``bench``) and ``README.md`` (what each test proves).

A family the hw layer refuses gets only a layout test (the IR's self-consistency) and a README
saying why.  Output is deterministic: same IR, same bytes; files whose bytes would not change are
not rewritten.  See docs/driver_tests.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .render import render_tests

__all__ = ["render_tests", "write_tests"]


def write_tests(ir: Any, out_dir: Path) -> list[Path]:
    """Write the tests for ``ir`` (a ``nicport.ir.DriverIR``) under ``out_dir``; return the paths."""
    files = render_tests(ir)
    out_dir = Path(out_dir)
    written = []
    for rel in sorted(files):
        p = out_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = files[rel]
        if not p.is_file() or p.read_bytes() != data:
            p.write_bytes(data)
        written.append(p)
    return written
