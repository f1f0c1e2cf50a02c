"""Every layout claim of the IR is judged by the real compiler with the driver's own flags."""

from __future__ import annotations

import pytest

from nicport.errors import CheckFailed
from tests.conftest import require_tool

DRIVERS = ["e1000", "e1000e", "igb", "ixgbe", "virtio_net"]


@pytest.mark.parametrize("driver", DRIVERS)
def test_static_asserts_compile(analyzed, driver_source, driver):
    from nicport.analyze.layout_check import check_layouts

    require_tool("gcc")
    ir = analyzed(driver)
    n = check_layouts(ir, driver_source(driver))
    # one sizeof + one alignment per descriptor, offset + size per plain field
    assert n >= 2 * len(ir.descriptors.descriptors) + 10


def test_a_wrong_claim_is_caught(analyzed, driver_source):
    from nicport.analyze.layout_check import check_layouts

    require_tool("gcc")
    ir = analyzed("e1000").model_copy(deep=True)
    d = ir.descriptors.descriptors[0]
    d.fields[-1].offset += 1
    with pytest.raises(CheckFailed, match="wrong offset"):
        check_layouts(ir, driver_source("e1000"))
