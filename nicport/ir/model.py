"""The driver IR: what nicport knows about one Linux NIC driver, with evidence.

Every fact carries a :class:`Provenance` -- the file and line it was read from (paths relative to
the source tree root) and how it was derived:

* ``clang``     -- read from libclang's AST (types, layouts, call sites, initializers);
* ``evaluated`` -- a constant the compiler evaluated (macro values, ``sizeof``, table entries);
* ``text``      -- read from the source text only (header-free mode, comments);
* ``inferred``  -- concluded from how the driver uses something (register roles, RSS sizes).

Where a driver has no such thing (no RSS, registers assigned by the device), the IR says so
explicitly with ``present=False`` / ``applicable=False`` and a ``reason``; it never invents values.
"""

from __future__ import annotations

import json
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

IR_VERSION = "1.0"

Derived = Literal["clang", "evaluated", "text", "inferred"]
Family = Literal["intel_legacy", "intel_advanced", "virtio_split", "virtio_packed", "completion_queue", "other"]

#: The register roles the dataplane needs (keys of ``Registers.roles``).
ROLE_NAMES: tuple[str, ...] = (
    "tx_tail", "tx_head", "tx_base_lo", "tx_base_hi", "tx_len",
    "rx_tail", "rx_head", "rx_base_lo", "rx_base_hi", "rx_len",
    "irq_cause", "irq_mask_set", "irq_mask_clear", "tx_ctrl", "rx_ctrl",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Model):
    """Where a fact comes from (``file`` is relative to the source tree root) and how it was derived."""

    file: str
    line: int
    derived: Derived


class Fact(_Model):
    """A value (number or text) with its provenance."""

    value: Union[int, str, None] = None
    expr: Optional[str] = Field(None, description="the source expression or macro the value comes from")
    provenance: Optional[Provenance] = None
    note: Optional[str] = None


# --------------------------------------------------------------------------- identity / ids


class Identity(_Model):
    name: str
    module: str
    path: str = Field(description="the driver's path relative to the tree root")
    files: list[str]
    c_files: list[str]
    h_files: list[str]
    loc: int = Field(description="newline count over the driver's .c and .h files")
    spdx_license: Optional[str] = None
    spdx_provenance: Optional[Provenance] = None
    kernel_version: Optional[str] = None
    header_free: bool = False
    front_end: Literal["libclang", "tree-sitter"] = "libclang"


class DeviceId(_Model):
    vendor: Optional[int] = Field(None, description="None when the table leaves it open (e.g. virtio device id tables)")
    device: Optional[int] = None
    subvendor: Optional[int] = Field(None, description="None means PCI_ANY_ID / any")
    subdevice: Optional[int] = None
    class_: Optional[int] = Field(None, alias="class")
    class_mask: Optional[int] = None
    driver_data: Optional[Union[int, str]] = None
    expr: Optional[str] = Field(None, description="the entry as written")
    provenance: Provenance

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DeviceIdTable(_Model):
    name: str
    bus: Literal["pci", "virtio", "usb", "platform", "other"]
    entries: list[DeviceId]
    provenance: Provenance


class DeviceIds(_Model):
    bus: Optional[str] = None
    tables: list[DeviceIdTable] = []
    count: int = 0
    vendor_ids: list[int] = []


# --------------------------------------------------------------------------- registers


class BitDef(_Model):
    name: str
    value: Optional[int] = None
    mask: Optional[int] = Field(None, description="the evaluated value (a mask or bit)")
    comment: Optional[str] = None
    provenance: Provenance


class Register(_Model):
    name: str
    offset: Optional[int] = Field(None, description="BAR-relative byte offset (queue 0 for per-queue registers)")
    per_queue: bool = False
    stride: Optional[int] = Field(None, description="offset(n=1) - offset(n=0) for per-queue registers")
    param: Optional[str] = Field(None, description="the macro parameter name of a per-queue register")
    definition: Optional[str] = Field(None, description="the macro body as written")
    access: Optional[Literal["RW", "RO", "WO", "RC", "RW1C", "RWC", "WC", "RC/W", "RW/RC"]] = None
    comment: Optional[str] = None
    used: bool = Field(False, description="accessed through MMIO somewhere in the driver")
    bits: list[BitDef] = []
    provenance: Provenance


class RoleAssignment(_Model):
    name: str = Field(description="the register macro, e.g. E1000_TDT or IXGBE_TDT(0)")
    offset: Optional[int] = None
    evidence: str = Field(description="how the role was found (the code that uses the register)")
    variants: list[str] = Field([], description="other registers the driver picks for this role at run time")
    provenance: Provenance


class Registers(_Model):
    applicable: bool = True
    reason: Optional[str] = None
    mmio_accessors: list[str] = Field([], description="driver macros/functions that wrap readl/writel")
    registers: list[Register] = []
    roles: dict[str, Optional[RoleAssignment]] = {}
    role_reasons: dict[str, str] = Field({}, description="why a role is None")


# --------------------------------------------------------------------------- descriptors


class DescField(_Model):
    path: str = Field(description="member path through unions/structs, e.g. lower.flags.cmd; arrays as name[N]")
    type: str
    offset: int = Field(description="byte offset")
    size: int = Field(description="byte size (whole array for arrays)")
    bit_offset: int = Field(0, description="bit offset inside the byte (bit fields)")
    bit_width: Optional[int] = None
    endianness: Literal["le", "be", "native", "none"] = "none"
    nested: bool = Field(False, description="a struct/union holding further fields")
    bits: list[BitDef] = []


class Descriptor(_Model):
    kind: str = Field(description="tx_data, tx_context, rx, rx_packet_split, split_desc, ...")
    c_type: str
    size: int
    alignment: int
    family: Family
    fields: list[DescField]
    used_in: list[str] = Field([], description="driver functions that access this descriptor type")
    provenance: Provenance


class Descriptors(_Model):
    descriptors: list[Descriptor] = []
    defined_not_used: list[str] = Field([], description="descriptor layouts the driver defines but its dataplane does not use")
    defined_not_used_layouts: list[Descriptor] = Field([], description="their layouts (kind 'unused')")


# --------------------------------------------------------------------------- rings


class Rings(_Model):
    applicable: bool = True
    device_reported: bool = Field(False, description="the ring sizes come from the device (virtio)")
    tx_default: Optional[Fact] = None
    tx_min: Optional[Fact] = None
    tx_max: Optional[Fact] = None
    tx_multiple: Optional[Fact] = None
    rx_default: Optional[Fact] = None
    rx_min: Optional[Fact] = None
    rx_max: Optional[Fact] = None
    rx_multiple: Optional[Fact] = None
    tx_max_variants: list[Fact] = []
    rx_max_variants: list[Fact] = []
    alignment: Optional[Fact] = None
    tx_queues_max: Optional[Fact] = None
    rx_queues_max: Optional[Fact] = None
    rx_buffer_sizes: list[Fact] = []
    notes: list[str] = []


# --------------------------------------------------------------------------- interrupts / entry points


class ApiCall(_Model):
    name: str
    file: str
    line: int
    derived: Derived = "clang"
    via: Optional[str] = Field(None, description="the driver macro/wrapper the call comes from (er32 -> readl)")


class IrqHandler(_Model):
    name: str
    registered_by: str = Field(description="the API that registers it (request_irq, ...)")
    caller: Optional[str] = None
    model: Optional[str] = Field(None, description="MSI-X / MSI / INTx / shared when it can be told")
    provenance: Provenance


class Interrupts(_Model):
    models: list[str] = Field(description="in fallback order, e.g. ['MSI-X', 'MSI', 'INTx']")
    transport_managed: bool = False
    api_calls: list[ApiCall] = []
    handlers: list[IrqHandler] = []
    vector_layout: list[str] = []
    notes: list[str] = []


class NapiPoll(_Model):
    poll: str
    weight: Optional[int] = None
    weight_expr: Optional[str] = None
    registered_by: str
    caller: Optional[str] = None
    tx: bool = False
    provenance: Provenance


class OpsTable(_Model):
    name: str
    type: str
    ops: dict[str, str]
    provenance: Provenance


class EntryPoints(_Model):
    ndo_start_xmit: Optional[str] = None
    ndo_open: Optional[str] = None
    ndo_stop: Optional[str] = None
    probe: Optional[str] = None
    remove: Optional[str] = None
    napi: list[NapiPoll] = []
    irq_handlers: list[str] = []
    ethtool: dict[str, str] = Field({}, description="ring / channel / RSS ethtool ops")
    ops_tables: list[OpsTable] = []
    provenance: dict[str, Provenance] = {}


class DmaUse(_Model):
    api: str
    function: str
    file: str
    line: int
    kind: Literal["map", "unmap", "sync", "alloc", "free", "mask", "page_pool", "other"]


class Dma(_Model):
    calls: list[DmaUse] = []
    mask_bits: list[int] = []


class FeatureFlag(_Model):
    flag: str
    set: Literal["features", "hw_features", "vlan_features", "hw_enc_features", "mpls_features", "gso_partial_features"]
    condition: Optional[str] = None
    function: str
    provenance: Provenance


class Xdp(_Model):
    supported: bool
    ndo_bpf: Optional[str] = None
    ndo_xdp_xmit: Optional[str] = None
    xsk_wakeup: Optional[str] = None


class Offloads(_Model):
    flags: list[FeatureFlag] = []
    features: list[str] = []
    hw_features: list[str] = []
    vlan_features: list[str] = []
    checksum_tx: bool = False
    checksum_rx: bool = False
    tso: bool = False
    vlan_insert: bool = False
    vlan_strip: bool = False
    rxhash: bool = False
    lro: bool = False
    gro_hw: bool = False
    xdp: Xdp = Xdp(supported=False)


class Rss(_Model):
    present: bool
    reason: Optional[str] = None
    key_size: Optional[Fact] = None
    indir_size: Optional[Fact] = Field(None, description="single value, when one")
    indir_size_variants: list[Fact] = Field([], description="one Fact per value the driver can return, with its condition")
    device_reported: bool = False
    hash_types: list[str] = []
    registers: list[str] = []
    ethtool_ops: dict[str, str] = {}


class SliceFunction(_Model):
    name: str
    file: str
    line: int
    roles: list[str] = Field([], description="xmit, napi_poll, irq_handler, open, stop, tx_clean, rx_refill ...")
    api_calls: list[ApiCall] = []
    callees: list[str] = Field([], description="driver functions it calls (directly or through ops tables)")


class DataplaneSlice(_Model):
    functions: list[SliceFunction] = []


class Diagnostic(_Model):
    file: str
    line: int
    severity: Literal["error", "warning"]
    message: str


class DriverIR(_Model):
    """Everything nicport knows about one driver's hardware model and dataplane."""

    ir_version: str = IR_VERSION
    identity: Identity
    device_ids: DeviceIds
    registers: Registers
    descriptors: Descriptors
    rings: Rings
    interrupts: Interrupts
    entry_points: EntryPoints
    dma: Dma
    offloads: Offloads
    rss: Rss
    dataplane_slice: DataplaneSlice
    degraded: bool = Field(False, description="some files did not parse or headers were missing")
    diagnostics: list[Diagnostic] = []
    warnings: list[str] = []

    # ------------------------------------------------------------------ helpers

    def to_json_text(self) -> str:
        """Deterministic JSON: sorted keys, 1-space indent, no absolute paths."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json_text(cls, text: str) -> "DriverIR":
        return cls.model_validate_json(text)

    def role_offset(self, role: str) -> Optional[int]:
        r = self.registers.roles.get(role)
        return r.offset if r else None

    def descriptor(self, kind: str) -> Optional[Descriptor]:
        for d in self.descriptors.descriptors:
            if d.kind == kind:
                return d
        return None


def export_schema() -> dict:
    """The JSON Schema of :class:`DriverIR` (checked in as docs/ir.schema.json)."""
    schema = DriverIR.model_json_schema(by_alias=True)
    schema["$id"] = f"https://nicport.invalid/ir/{IR_VERSION}/schema.json"
    schema["title"] = "nicport driver IR"
    return schema
