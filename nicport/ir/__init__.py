"""The driver IR (pydantic v2, versioned, JSON Schema in docs/ir.schema.json)."""

from .model import (
    IR_VERSION, ROLE_NAMES, ApiCall, BitDef, DataplaneSlice, DescField, Descriptor, Descriptors,
    DeviceId, DeviceIds, DeviceIdTable, Diagnostic, Dma, DmaUse, DriverIR, EntryPoints, Fact,
    FeatureFlag, Identity, Interrupts, IrqHandler, NapiPoll, Offloads, OpsTable, Provenance,
    Register, Registers, RoleAssignment, Rings, Rss, SliceFunction, Xdp, export_schema,
)

__all__ = [
    "IR_VERSION", "ROLE_NAMES", "ApiCall", "BitDef", "DataplaneSlice", "DescField", "Descriptor",
    "Descriptors", "DeviceId", "DeviceIds", "DeviceIdTable", "Diagnostic", "Dma", "DmaUse",
    "DriverIR", "EntryPoints", "Fact", "FeatureFlag", "Identity", "Interrupts", "IrqHandler",
    "NapiPoll", "Offloads", "OpsTable", "Provenance", "Register", "Registers", "RoleAssignment",
    "Rings", "Rss", "SliceFunction", "Xdp", "export_schema",
]
