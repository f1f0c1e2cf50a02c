"""The IR of a driver that has no stand-in record: analysed from its sources.

``hw_facts("igc")`` (the device model, the L2 harnesses) names a driver by its name; the
stand-in ground truth covers the five reference drivers only.  Any other driver is analysed
(``nicport.analyze.analyze_driver``, cached by content hash) from the same sources
``nicport port`` read, so the device model and the generated hw layer see the same IR.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from ...errors import BadInput


@lru_cache(maxsize=None)
def _analyzed(driver: str) -> Any:
    from ...analyze import analyze_driver
    from ...config import Config
    from ...source import resolve

    cfg = Config()
    return analyze_driver(resolve(driver, cfg), cfg)


def ir_for(driver: str, load_standin: Callable[[str], Any]) -> Any:
    """The stand-in IR when there is one, else the analysed DriverIR; BadInput when neither."""
    try:
        return load_standin(driver)
    except BadInput as no_standin:
        try:
            return _analyzed(driver)
        except Exception as exc:  # noqa: BLE001 - the user sees one line, not a traceback
            raise BadInput(f"{no_standin} and the driver could not be analysed: {exc}",
                           hint="name a driver nicport can find (nicport drivers)") from exc
