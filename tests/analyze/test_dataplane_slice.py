"""The dataplane slice the KB engineer consumes: functions reachable from the entry points, with
the kernel API calls each makes (name, file, line)."""

from __future__ import annotations


def _calls(ir, fn):
    f = next(f for f in ir.dataplane_slice.functions if f.name == fn)
    return f


def test_e1000_slice(analyzed):
    ir = analyzed("e1000")
    names = {f.name for f in ir.dataplane_slice.functions}
    assert {"e1000_xmit_frame", "e1000_clean", "e1000_intr", "e1000_open", "e1000_close", "e1000_clean_rx_irq",
            "e1000_clean_tx_irq", "e1000_alloc_rx_buffers", "e1000_configure_tx"} <= names
    x = _calls(ir, "e1000_xmit_frame")
    assert "xmit" in x.roles and "entry:xmit" in x.roles
    api = {c.name for c in x.api_calls}
    # er32/ew32 resolved to readl/writel, kernel macros used as calls included
    assert "writel" in api
    tx_map = _calls(ir, "e1000_tx_map")
    assert {"dma_map_single", "skb_frag_dma_map"} & {c.name for c in tx_map.api_calls}
    intr = _calls(ir, "e1000_intr")
    icr = [c for c in intr.api_calls if c.name == "readl"]
    assert icr and icr[0].via == "er32"
    for f in ir.dataplane_slice.functions:
        for c in f.api_calls:
            assert c.file.startswith("drivers/net/ethernet/intel/e1000/") and c.line > 0
    # no driver function is reported as a kernel API
    assert not ({c.name for f in ir.dataplane_slice.functions for c in f.api_calls} & names)


def test_api_call_lines_are_real(analyzed, driver_source):
    ir = analyzed("e1000")
    src = driver_source("e1000")
    texts = {}
    n = 0
    for f in ir.dataplane_slice.functions:
        for c in f.api_calls:
            t = texts.setdefault(c.file, src.abspath(c.file).read_text().split("\n"))
            line = t[c.line - 1]
            assert c.name in line or (c.via and c.via in line), (c, line)
            n += 1
    assert n > 200


def test_dma_sites(analyzed):
    ir = analyzed("ixgbe")
    kinds = {d.kind for d in ir.dma.calls}
    assert {"map", "unmap", "sync"} <= kinds
    assert 64 in ir.dma.mask_bits


def test_virtio_slice(analyzed):
    ir = analyzed("virtio_net")
    f = _calls(ir, "start_xmit")
    api = {c.name for f2 in ir.dataplane_slice.functions for c in f2.api_calls}
    assert {"virtqueue_kick_prepare", "virtqueue_notify", "virtqueue_add_outbuf", "napi_complete_done"} <= api
    assert "xmit" in f.roles
