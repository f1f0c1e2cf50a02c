"""The command/status/error bit macros that belong to each descriptor field, found from the
statements that use the field (values evaluated by the compiler)."""

from __future__ import annotations


def _bits(ir, kind, path):
    d = ir.descriptor(kind)
    f = next(f for f in d.fields if f.path == path)
    return {b.name: b.value for b in f.bits}


def test_e1000_bits(analyzed):
    ir = analyzed("e1000")
    lower = _bits(ir, "tx_data", "lower.data")
    assert {"E1000_TXD_CMD_EOP", "E1000_TXD_CMD_IFCS", "E1000_TXD_CMD_RS", "E1000_TXD_CMD_TSE"} <= set(lower)
    assert lower["E1000_TXD_CMD_EOP"] == 0x01000000
    assert "E1000_TXD_STAT_DD" in _bits(ir, "tx_data", "upper.data")
    status = _bits(ir, "rx", "status")
    assert status["E1000_RXD_STAT_DD"] == 0x01 and "E1000_RXD_STAT_EOP" in status
    assert "E1000_RXD_ERR_FRAME_ERR_MASK" in _bits(ir, "rx", "errors")
    assert "E1000_TXD_CMD_TSE" in _bits(ir, "tx_context", "cmd_and_length")


def test_ixgbe_bits(analyzed):
    ir = analyzed("ixgbe")
    cmd = _bits(ir, "tx_data", "read.cmd_type_len")
    assert {"IXGBE_ADVTXD_DCMD_EOP", "IXGBE_ADVTXD_DCMD_RS", "IXGBE_ADVTXD_DCMD_IFCS"} <= set(cmd)
    staterr = _bits(ir, "rx", "wb.upper.status_error")
    assert "IXGBE_RXD_STAT_DD" in staterr and staterr["IXGBE_RXD_STAT_DD"] == 0x01
