"""The IR model: schema checked in, JSON round trip, determinism, no absolute paths."""

from __future__ import annotations

import json

import jsonschema
import pytest

from nicport.ir import IR_VERSION, DriverIR, export_schema
from tests.conftest import REPO


def test_checked_in_schema_matches_code():
    checked_in = json.loads((REPO / "docs" / "ir.schema.json").read_text())
    assert checked_in == json.loads(json.dumps(export_schema())), "run: python -c 'from nicport.ir import export_schema' ... (docs/ir.md)"


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(export_schema())


def _minimal() -> DriverIR:
    from nicport.ir import (DataplaneSlice, Descriptors, DeviceIds, Dma, EntryPoints, Identity, Interrupts, Offloads,
                            Registers, Rings, Rss)

    return DriverIR(
        identity=Identity(name="x", module="x", path=".", files=["x.c"], c_files=["x.c"], h_files=[], loc=1),
        device_ids=DeviceIds(), registers=Registers(applicable=False, reason="none"), descriptors=Descriptors(),
        rings=Rings(), interrupts=Interrupts(models=[]), entry_points=EntryPoints(), dma=Dma(), offloads=Offloads(),
        rss=Rss(present=False, reason="none"), dataplane_slice=DataplaneSlice(),
    )


def test_round_trip_minimal():
    ir = _minimal()
    text = ir.to_json_text()
    assert DriverIR.from_json_text(text) == ir
    assert DriverIR.from_json_text(text).to_json_text() == text
    assert json.loads(text)["ir_version"] == IR_VERSION


def test_unknown_fields_are_rejected():
    data = json.loads(_minimal().to_json_text())
    data["surprise"] = 1
    with pytest.raises(Exception):
        DriverIR.model_validate(data)


@pytest.mark.parametrize("driver", ["e1000", "virtio_net"])
def test_real_ir_round_trip_and_schema(analyzed, driver):
    ir = analyzed(driver)
    text = ir.to_json_text()
    again = DriverIR.from_json_text(text)
    assert again.to_json_text() == text  # stable
    jsonschema.validate(json.loads(text), export_schema())
    assert "/root/" not in text and "/usr/src" not in text and "/tmp/" not in text
    for f in ir.dataplane_slice.functions:
        assert not f.file.startswith("/")
        for c in f.api_calls:
            assert not c.file.startswith("/")
