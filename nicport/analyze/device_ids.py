"""Device ID tables (``pci_device_id`` / ``virtio_device_id`` ...), every entry evaluated by clang."""

from __future__ import annotations

from ..ir import DeviceId, DeviceIds, DeviceIdTable, Provenance
from .program import Program

_BUS = {
    "struct pci_device_id": "pci",
    "struct virtio_device_id": "virtio",
    "struct usb_device_id": "usb",
    "struct platform_device_id": "platform",
    "struct of_device_id": "other",
}

ANY_ID = (0xFFFFFFFF, -1)


def _num(v):
    return v if isinstance(v, int) else None


def _any(v):
    v = _num(v)
    return None if v is None or v in ANY_ID else v


def device_ids(prog: Program) -> DeviceIds:
    # the tables the driver registers (id_table of its driver struct), else every table it defines
    registered = set()
    for ini in prog.initializers:
        if ini["type"] in ("struct pci_driver", "struct virtio_driver", "struct usb_driver", "struct platform_driver"):
            v = ini["fields"].get("id_table")
            if v:
                registered.add(v[2].strip().lstrip("&").strip())
    tables = [t for t in prog.tables if t["type"] in _BUS]
    if registered and any(t["name"] in registered for t in tables):
        tables = [t for t in tables if t["name"] in registered]
    out_tables = []
    for t in tables:
        bus = _BUS[t["type"]]
        entries = []
        for e in t["entries"]:
            vals = e["values"]
            prov = Provenance(file=t["file"], line=e["line"], derived="evaluated")
            if bus == "virtio":
                dev = _num(vals.get("device"))
                if not dev:
                    continue  # the {0} terminator
                entries.append(DeviceId(vendor=_any(vals.get("vendor")), device=dev, expr=e["text"].strip(),
                                        provenance=prov))
                continue
            vendor = _num(vals.get("vendor"))
            if not vendor and not _num(vals.get("device")) and not _num(vals.get("class")):
                continue  # terminator
            dd = vals.get("driver_data")
            entries.append(DeviceId(
                vendor=_any(vendor), device=_any(vals.get("device")), subvendor=_any(vals.get("subvendor")),
                subdevice=_any(vals.get("subdevice")), class_=_num(vals.get("class")) or None,
                class_mask=_num(vals.get("class_mask")) or None,
                driver_data=dd if isinstance(dd, (int, str)) else None,
                expr=" ".join(e["text"].split()), provenance=prov))
        out_tables.append(DeviceIdTable(name=t["name"], bus=bus, entries=entries,
                                        provenance=Provenance(file=t["file"], line=t["line"], derived="clang")))
    count = sum(len(t.entries) for t in out_tables)
    vendors = sorted({e.vendor for t in out_tables for e in t.entries if e.vendor is not None})
    bus = out_tables[0].bus if out_tables else None
    return DeviceIds(bus=bus, tables=out_tables, count=count, vendor_ids=vendors)
