"""Bad input: clear one-line errors (exit 2) only when nothing useful can be produced; otherwise
a degraded IR that says what went wrong (file:line)."""

from __future__ import annotations

import os

import pytest

from helpers import require
from nicport.config import Config
from nicport.errors import BadInput, NotADriver
from nicport.source import resolve

SERIAL_DRIVER = r"""
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/serial_core.h>

static unsigned int toy_tx_empty(struct uart_port *port) { return 1; }
static const struct uart_ops toy_uart_ops = {
	.tx_empty = toy_tx_empty,
};
MODULE_LICENSE("GPL");
"""

NIC_WITH_BROKEN_FUNCTION = r"""
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>

#define TOY_TDT 0x3818

static netdev_tx_t toy_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int toy_broken(struct net_device *dev)
{
	return this is not C at all ((( ;
}

static int toy_poll(struct napi_struct *napi, int budget)
{
	napi_complete_done(napi, 0);
	return 0;
}

static const struct net_device_ops toy_netdev_ops = {
	.ndo_start_xmit = toy_xmit,
};

static int toy_setup(struct net_device *dev, struct napi_struct *napi)
{
	dev->netdev_ops = &toy_netdev_ops;
	netif_napi_add(dev, napi, toy_poll);
	return toy_broken(dev);
}
MODULE_LICENSE("GPL");
"""


def _cfg(tmp_path, **kw) -> Config:
    return Config(cache_dir=tmp_path / "cache", jobs=2, **kw)


def test_serial_driver_is_not_a_nic(tmp_path, config):
    from nicport.analyze import analyze_driver

    d = tmp_path / "toyserial"
    d.mkdir()
    (d / "toyserial.c").write_text(SERIAL_DRIVER)
    cfg = _cfg(tmp_path)
    src = resolve(str(d), cfg)
    with pytest.raises(NotADriver, match="net_device_ops") as ei:
        analyze_driver(src, cfg)
    assert ei.value.exit_code == 2 and "\n" not in ei.value.one_line()


def test_c_that_does_not_parse_degrades(tmp_path, config):
    from nicport.analyze import analyze_driver

    d = tmp_path / "toynic"
    d.mkdir()
    (d / "toynic.c").write_text(NIC_WITH_BROKEN_FUNCTION)
    cfg = _cfg(tmp_path)
    src = resolve(str(d), cfg)
    require(not src.header_free, "linux-headers-amd64 (kernel headers for the libclang front end)")
    ir = analyze_driver(src, cfg)
    assert ir.degraded
    bad = [x for x in ir.diagnostics if x.file == "toynic.c"]
    assert bad and all(x.line == 17 for x in bad[:1]), ir.diagnostics
    # the rest still analysed
    assert ir.entry_points.ndo_start_xmit == "toy_xmit"
    assert [n.poll for n in ir.entry_points.napi] == ["toy_poll"]
    assert ir.entry_points.napi[0].weight == 64


def test_header_free_mode_warns_and_marks_text(tmp_path, config, driver_source):
    """Without kernel headers: tree-sitter only, a warning, every fact derived from text."""
    import shutil

    from nicport.analyze import analyze_driver

    e1000 = driver_source("e1000")
    d = tmp_path / "e1000"
    d.mkdir()
    for rel in e1000.files:
        shutil.copy(e1000.abspath(rel), d / os.path.basename(rel))
    cfg = _cfg(tmp_path, headers_dir=tmp_path / "no-headers")
    src = resolve(str(d), cfg)
    assert src.header_free and src.warnings
    ir = analyze_driver(src, cfg)
    assert ir.identity.header_free and ir.identity.front_end == "tree-sitter"
    assert ir.degraded and any("header-free" in w for w in ir.warnings)
    assert ir.entry_points.ndo_start_xmit == "e1000_xmit_frame"
    assert [n.poll for n in ir.entry_points.napi] == ["e1000_clean"]
    assert ir.device_ids.count == 37
    regs = {r.name: r for r in ir.registers.registers}
    assert regs["E1000_TDT"].offset == 0x3818 and regs["E1000_TDT"].provenance.derived == "text"
    assert ir.registers.roles["tx_tail"] is not None and ir.registers.roles["tx_tail"].offset == 0x3818


def test_ten_megabyte_generated_file(tmp_path, config):
    from nicport.analyze import analyze_driver

    d = tmp_path / "bignic"
    d.mkdir()
    head = NIC_WITH_BROKEN_FUNCTION.replace("return this is not C at all ((( ;", "return 0;")
    table = "".join(f"#define BIG_REG_{i} 0x{i * 4:x}\n" for i in range(20000))
    filler = "".join(f"static int big_fn_{i}(int x) {{ return x + {i}; }}\n" for i in range(200000))
    text = head + table + filler
    assert len(text) > 10 * 1024 * 1024
    (d / "bignic.c").write_text(text)
    cfg = _cfg(tmp_path)
    src = resolve(str(d), cfg)
    ir = analyze_driver(src, cfg)
    assert ir.entry_points.ndo_start_xmit == "toy_xmit"


def test_symlink_loop_directory(tmp_path, config):
    from nicport.analyze import analyze_driver

    d = tmp_path / "loopnic"
    d.mkdir()
    (d / "loopnic.c").write_text(NIC_WITH_BROKEN_FUNCTION.replace("return this is not C at all ((( ;", "return 0;"))
    os.symlink(d, d / "again")
    os.symlink(d / "again", d / "again2")
    cfg = _cfg(tmp_path)
    src = resolve(str(d), cfg)
    assert len(src.c_files) == 1
    ir = analyze_driver(src, cfg)
    assert ir.entry_points.ndo_start_xmit == "toy_xmit"


def test_directory_without_c_files(tmp_path, config):
    d = tmp_path / "empty"
    d.mkdir()
    (d / "x.h").write_text("#define A 1\n")
    with pytest.raises(BadInput):
        resolve(str(d), _cfg(tmp_path))
