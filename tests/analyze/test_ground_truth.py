"""The IR against every headline fact and every descriptor layout of the ground truth
(../shared/ground_truth/linux-6.1-public.json, verified by compiling the real drivers)."""

from __future__ import annotations

import pytest

from nicport.ir import ROLE_NAMES

DRIVERS = ["e1000", "e1000e", "igb", "ixgbe", "virtio_net"]


def _hx(v):
    return None if v is None else hex(v)


def check_headline(ir, key: str, want) -> None:
    """One headline fact; structured/textual values are interpreted (see README beside the JSON)."""
    if key == "pci_id_count":
        assert ir.device_ids.count == want
    elif key == "vendor_id":
        got = _hx(ir.device_ids.vendor_ids[0]) if ir.device_ids.vendor_ids else None
        assert got == want
    elif key in ROLE_NAMES:
        role = ir.registers.roles.get(key)
        if want is None:
            assert role is None and not ir.registers.applicable and ir.registers.reason
        else:
            assert role is not None, ir.registers.role_reasons.get(key)
            assert _hx(role.offset) == want, (role.name, role.evidence)
    elif key.startswith(("tx_desc_", "rx_desc_")):
        side, which = key.split("_desc_")
        if which == "max_82544_and_later":
            assert want in [f.value for f in getattr(ir.rings, f"{side}_max_variants")]
            return
        fact = getattr(ir.rings, f"{side}_{which}")
        if want is None:
            assert fact is None
        elif isinstance(want, str):  # "device-reported ..."
            assert ir.rings.device_reported and fact is not None and fact.value == "device-reported"
        else:
            assert fact is not None and fact.value == want, fact
    elif key == "interrupt_model":
        if any("virtqueue" in m for m in want):
            assert ir.interrupts.transport_managed and ir.interrupts.models == ["virtqueue callbacks"]
        else:
            assert ir.interrupts.models == want
    elif key == "napi_poll":
        assert sorted({n.poll for n in ir.entry_points.napi}) == sorted(want)
    elif key == "napi_weight":
        weights = {n.weight for n in ir.entry_points.napi}
        if isinstance(want, int):
            assert weights == {want}
        else:  # a module-level variable initialised to NAPI_POLL_WEIGHT (64)
            assert weights == {64}
            assert all("napi_weight" in (n.weight_expr or "") for n in ir.entry_points.napi)
    elif key == "ndo_start_xmit":
        assert ir.entry_points.ndo_start_xmit == want
    elif key == "xdp_ndo_bpf":
        assert ir.offloads.xdp.ndo_bpf == want
        assert ir.offloads.xdp.supported == (want is not None)
    elif key == "rss_key_size":
        if want is None:
            assert not ir.rss.present and ir.rss.reason and ir.rss.key_size is None
        elif isinstance(want, str):
            assert ir.rss.device_reported and ir.rss.key_size.value is None and "device-reported" in ir.rss.key_size.note
        else:
            assert ir.rss.key_size.value == want
    elif key == "rss_indir_size":
        if want is None:
            assert not ir.rss.present and ir.rss.indir_size is None
        elif isinstance(want, dict):
            assert sorted(f.value for f in ir.rss.indir_size_variants) == sorted(want.values())
            assert all(f.note for f in ir.rss.indir_size_variants)  # each with its condition
        elif isinstance(want, str):
            assert ir.rss.indir_size.value is None and "device-reported" in ir.rss.indir_size.note
        else:
            assert ir.rss.indir_size.value == want
    elif key == "descriptor_sizes":
        for kind, size in want.items():
            d = ir.descriptor(kind)
            assert d is not None, f"no {kind} descriptor"
            assert d.size == size
    elif key == "descriptor_types":
        for kind, typ in want.items():
            d = ir.descriptor(kind)
            assert d is not None and d.c_type == typ
        assert {d.kind for d in ir.descriptors.descriptors} == set(want)
    elif key == "loc":
        assert ir.identity.loc == want
    else:
        raise AssertionError(f"headline fact {key} not checked by this test")


def _cases(gt_path):
    import json

    try:
        gt = json.loads(gt_path.read_text())
    except OSError:
        return []
    return [(d, k) for d in DRIVERS for k in gt["drivers"][d]["headline"]]


from tests.conftest import SHARED  # noqa: E402

CASES = _cases(SHARED / "ground_truth" / "linux-6.1-public.json")


@pytest.mark.parametrize("driver,key", CASES, ids=[f"{d}-{k}" for d, k in CASES])
def test_headline(analyzed, ground_truth, driver, key):
    check_headline(analyzed(driver), key, ground_truth["drivers"][driver]["headline"][key])


def test_every_headline_fact_is_checked(ground_truth):
    assert len(CASES) == sum(len(ground_truth["drivers"][d]["headline"]) for d in DRIVERS) > 150


def _layout(desc):
    return [(f.path, "(nested)" if f.nested else f.type, f.offset, f.size) for f in desc.fields]


def _gt_layout(entry):
    return [(m["name"], m["type"], m["offset"], m["size"]) for m in entry["members"]]


@pytest.mark.parametrize("driver", DRIVERS)
def test_descriptor_layouts(analyzed, ground_truth, driver):
    ir = analyzed(driver)
    gt = ground_truth["drivers"][driver]
    n = 0
    for kind, entry in gt["descriptors"].items():
        if not isinstance(entry, dict):
            continue
        d = ir.descriptor(kind)
        assert d is not None and d.c_type == entry["type"]
        assert d.size == entry["sizeof"]
        assert _layout(d) == _gt_layout(entry), f"{driver} {kind}"
        n += 1
    unused = {d.c_type: d for d in ir.descriptors.defined_not_used_layouts}
    for entry in gt["descriptors_defined_not_used"]:
        assert entry["type"] in ir.descriptors.defined_not_used
        d = unused[entry["type"]]
        assert d.size == entry["sizeof"] and _layout(d) == _gt_layout(entry)
        n += 1
    assert n >= 3


@pytest.mark.parametrize("driver", DRIVERS)
def test_device_id_entries(analyzed, ground_truth, driver):
    ir = analyzed(driver)
    gt = ground_truth["drivers"][driver]["device_ids"]
    got = [(e.vendor, e.device, e.subvendor, e.subdevice) for t in ir.device_ids.tables for e in t.entries]
    want = []

    def num(v):
        import re

        if v is None or "ANY_ID" in v:
            return None
        m = re.search(r"\((\d+)\)", v)  # "VIRTIO_ID_NET (1)"
        return int(m.group(1)) if m else int(v, 16)

    for e in gt.get("ids", []):
        want.append(tuple(num(e.get(k)) for k in ("vendor", "device", "subvendor", "subdevice")))
    if want:
        assert sorted(got, key=str) == sorted(want, key=str)
    assert ir.device_ids.bus == gt["bus"]
    assert [t.name for t in ir.device_ids.tables] == [gt["table"]] if gt.get("table") else True


@pytest.mark.parametrize("driver", DRIVERS)
def test_compile_time_constants(analyzed, ground_truth, driver):
    """Every register constant the ground truth lists that the IR has as a register, same value."""
    ir = analyzed(driver)
    consts = ground_truth["drivers"][driver].get("compile_time_constants", {})
    regs = {r.name: r for r in ir.registers.registers}
    checked = 0
    for name, value in consts.items():
        if not isinstance(value, int):
            continue
        base = name[:-3] if name.endswith("(0)") else name
        if base in regs:
            assert regs[base].offset == value, name
            checked += 1
    if ir.registers.applicable:
        assert checked >= 10


@pytest.mark.parametrize("driver", DRIVERS)
def test_netdev_features(analyzed, ground_truth, driver):
    """Every NETIF_F_* flag the ground truth lists per set is found (it summarises copies as text)."""
    ir = analyzed(driver)
    gt = ground_truth["drivers"][driver]["netdev_features"]
    for k in ("features", "hw_features", "vlan_features"):
        want = {x for x in gt[k] if x.startswith("NETIF_F_") and " " not in x}
        assert want <= set(getattr(ir.offloads, k)), (k, sorted(want - set(getattr(ir.offloads, k))))
    # every flag is tied to the function and line that sets it
    assert all(f.provenance.line > 0 and f.function for f in ir.offloads.flags)


@pytest.mark.parametrize("driver", DRIVERS)
def test_xdp_and_probe(analyzed, ground_truth, driver):
    ir = analyzed(driver)
    gt = ground_truth["drivers"][driver]
    assert ir.entry_points.probe == gt["probe"]
    assert ir.offloads.xdp.ndo_xdp_xmit == gt["xdp"]["ndo_xdp_xmit"]
    assert ir.offloads.xdp.xsk_wakeup == gt["xdp"]["ndo_xsk_wakeup_af_xdp_zerocopy"]
    ops = gt["ops_tables_from_module"]
    ndo = next(v for k, v in ops.items() if k.startswith("net_device_ops"))
    mine = next(t for t in ir.entry_points.ops_tables if t.type == "struct net_device_ops")
    for field, fn in ndo.items():
        if fn in mine.ops.values() or not fn.startswith(driver.split("_")[0][:4]):
            continue
        assert mine.ops.get(field) == fn, field
    # e1000e also registers a temporary MSI test handler on open (e1000_intr_msi_test): a superset
    assert set(gt["interrupts"]["handlers"]) <= {h.name for h in ir.interrupts.handlers}
