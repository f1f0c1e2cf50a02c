"""igc (Intel I225/I226): a driver outside the five reference drivers, through the hw layer.

igc's IR names its registers and bits ``IGC_*``; the family specs list the reference drivers'
names (``E1000_TXDCTL``).  ``names.py`` finds each role under igc's own macro by meaning, and
every value the generated hw layer uses is checked here against what the real driver's macro
evaluates to -- by gcc, with igc's kbuild flags and the kernel's own GENMASK/FIELD_PREP -- from
an independent table of which igc macro each role is (read off igc_configure_tx_ring,
igc_configure_rx_ring, igc_setup_rctl/tctl, igc_tx_csum, igc_tso, igc_configure_msix).  A
wrong alias (igc's TDH used as the tail) fails that check.  Also: the VFs' one-line refusal.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from helpers import require, require_tool
from nicport.generate.core import write_core
from nicport.generate.hw import UnsupportedFamily, hw_facts, names, render_hw, supported_family, write_hw
from nicport.generate.hw.cmacros import Evaluator, collect
from nicport.generate.hw.render import view

# role -> the igc macro that carries it (from igc's own code, not from names.py)
IGC_QUEUE_REGS = {
    "tx_base_lo": "IGC_TDBAL", "tx_base_hi": "IGC_TDBAH", "tx_len": "IGC_TDLEN", "tx_head": "IGC_TDH",
    "tx_tail": "IGC_TDT", "rx_base_lo": "IGC_RDBAL", "rx_base_hi": "IGC_RDBAH", "rx_len": "IGC_RDLEN",
    "rx_head": "IGC_RDH", "rx_tail": "IGC_RDT", "txdctl": "IGC_TXDCTL", "rxdctl": "IGC_RXDCTL",
    "srrctl": "IGC_SRRCTL",
}
IGC_REGS = {
    "tx_ctrl": "IGC_TCTL", "rx_ctrl": "IGC_RCTL", "tipg": "IGC_TIPG", "irq_cause": "IGC_ICR",
    "irq_cause_set": "IGC_ICS", "irq_mask_set": "IGC_IMS", "irq_mask_clear": "IGC_IMC",
    "mac_ral": "IGC_RAL(0)", "mac_rah": "IGC_RAH(0)", "link_status": "IGC_STATUS",
    "eicr": "IGC_EICR", "eics": "IGC_EICS", "eims": "IGC_EIMS", "eimc": "IGC_EIMC", "eiac": "IGC_EIAC",
    "eiam": "IGC_EIAM", "gpie": "IGC_GPIE", "ivar0": "IGC_IVAR0", "ivar_misc": "IGC_IVAR_MISC",
}
IGC_BITS = {
    **{f"advtxd_{k}": f"IGC_ADVTXD_{k.upper()}" for k in (
        "dtyp_ctxt", "dtyp_data", "dcmd_eop", "dcmd_ifcs", "dcmd_rs", "dcmd_dext", "dcmd_vle", "dcmd_tse",
        "paylen_shift", "maclen_shift", "tucmd_ipv4", "tucmd_l4t_tcp", "l4len_shift", "mss_shift")},
    "advtxd_vlan_shift": "IGC_TX_FLAGS_VLAN_SHIFT",  # igc_tx_csum: tx_flags & IGC_TX_FLAGS_VLAN_MASK
    "txd_popts_ixsm": "IGC_TXD_POPTS_IXSM", "txd_popts_txsm": "IGC_TXD_POPTS_TXSM", "txd_stat_dd": "IGC_TXD_STAT_DD",
    "rxd_stat_dd": "IGC_RXD_STAT_DD", "rxd_stat_eop": "IGC_RXD_STAT_EOP", "rxd_stat_vp": "IGC_RXD_STAT_VP",
    "rxd_stat_udpcs": "IGC_RXD_STAT_UDPCS", "rxd_stat_l4cs": "IGC_RXD_STAT_TCPCS",
    "rxdadv_err_tcpe": "IGC_RXDEXT_STATERR_L4E", "rxdadv_err_ipe": "IGC_RXDEXT_STATERR_IPE",
    "srrctl_desctype_adv_onebuf": "IGC_SRRCTL_DESCTYPE_ADV_ONEBUF",
    "txdctl_enable": "IGC_TXDCTL_QUEUE_ENABLE", "rxdctl_enable": "IGC_RXDCTL_QUEUE_ENABLE",
    "tctl_en": "IGC_TCTL_EN", "tctl_psp": "IGC_TCTL_PSP", "tctl_rtlc": "IGC_TCTL_RTLC", "tctl_ct": "IGC_TCTL_CT",
    "tctl_cold": "IGC_TCTL_COLD", "collision_threshold": "IGC_COLLISION_THRESHOLD", "ct_shift": "IGC_CT_SHIFT",
    "collision_distance": "IGC_COLLISION_DISTANCE", "cold_shift": "IGC_COLD_SHIFT",
    "rctl_en": "IGC_RCTL_EN", "rctl_bam": "IGC_RCTL_BAM", "rctl_secrc": "IGC_RCTL_SECRC", "rctl_lpe": "IGC_RCTL_LPE",
    "rctl_sz_256": "IGC_RCTL_SZ_256",
    "icr_txdw": "IGC_ICR_TXDW", "icr_lsc": "IGC_ICR_LSC", "icr_rxdmt0": "IGC_ICR_RXDMT0", "icr_rxo": "IGC_ICR_RXO",
    "icr_rxt0": "IGC_ICR_RXT0",
    "ivar_valid": "IGC_IVAR_VALID", "gpie_msix_mode": "IGC_GPIE_MSIX_MODE", "gpie_pba": "IGC_GPIE_PBA",
    "gpie_eiame": "IGC_GPIE_EIAME", "gpie_nsicr": "IGC_GPIE_NSICR", "msix_max": "MAX_MSIX_ENTRIES",
    # igc_get_speed_and_duplex_copper (igc_mac.c): STATUS.LU/FD/SPEED_1000/SPEED_100
    "status_lu": "IGC_STATUS_LU", "status_fd": "IGC_STATUS_FD", "status_speed_100": "IGC_STATUS_SPEED_100",
    "status_speed_1000": "IGC_STATUS_SPEED_1000",
}
# roles igc expresses without a macro of that meaning: value checked by what it means
IGC_DERIVED = {
    "srrctl_bsizepkt_shift": "IGC_SRRCTL_BSIZEPKT({x}) == ({x} >> {v})",  # FIELD_PREP(GENMASK(6, 0), x / 1024)
    "advtxd_popts_shift": "(IGC_TXD_POPTS_TXSM << 8) == (IGC_TXD_POPTS_TXSM << {v})",  # igc_tx_olinfo_status
    "advtxd_tucmd_l4t_udp": "{v} == 0",  # igc_tx_csum: the UDP case adds no L4T bit
}


@lru_cache(maxsize=None)
def _src():
    from nicport.config import Config
    from nicport.source import resolve

    try:
        return resolve("igc", Config())
    except Exception as exc:  # noqa: BLE001
        require(False, f"igc sources (linux-source-6.1): {exc}")


@pytest.fixture(scope="module")
def igc_ir():
    from nicport.analyze import analyze_driver
    from nicport.config import Config

    src = _src()
    return analyze_driver(src, Config())


@pytest.fixture(scope="module")
def facts(igc_ir):
    return hw_facts(igc_ir)


@pytest.fixture(scope="module")
def hw_files(facts):
    return render_hw(facts)


def test_igc_gets_the_advanced_hw_layer(facts) -> None:
    ok, why = supported_family(facts)
    assert ok, why
    assert facts.family == "intel_advanced" and facts.source == "ir"
    assert facts.max_queues == 4  # IGC_MAX_TX_QUEUES, the IR's rings.tx_queues_max
    assert facts.extra["missing"] == () and facts.extra["msix_missing"] == ()
    assert set(facts.queue_regs) == set(IGC_QUEUE_REGS)
    # every fact under igc's own macro name, none under a reference driver's
    for c in list(facts.regs.values()) + list(facts.bits.values()):
        assert not c.name.startswith(("E1000", "IGB_", "IXGBE")), c
    assert facts.queue_regs["txdctl"].name == "IGC_TXDCTL" and facts.bits["txdctl_enable"].name == "IGC_TXDCTL_QUEUE_ENABLE"


def test_igc_differences_are_derived_from_its_code(facts) -> None:
    b = facts.bits
    # igc has no SRRCTL_BSIZEPKT_SHIFT: SRRCTL_BSIZEPKT(x) = FIELD_PREP(GENMASK(6, 0), x / 1024)
    assert b["srrctl_bsizepkt_shift"].value == 10 and "igc_base.h" in b["srrctl_bsizepkt_shift"].where
    assert b["srrctl_desctype_adv_onebuf"].value == 1 << 25  # FIELD_PREP(GENMASK(27, 25), 1)
    assert b["advtxd_popts_shift"].value == 8 and "IGC_TXD_POPTS_TXSM << 8" in b["advtxd_popts_shift"].where
    assert b["advtxd_tucmd_l4t_udp"].value == 0 and "igc_main.c" in b["advtxd_tucmd_l4t_udp"].where
    assert b["rxdadv_err_tcpe"].name == "IGC_RXDEXT_STATERR_L4E"
    assert b["msix_max"].value == 10 and "igc.h" in b["msix_max"].where
    # the cited lines really say it
    root = _src().root
    for role, needle in (("advtxd_popts_shift", "IGC_TXD_POPTS_TXSM << 8"),
                         ("advtxd_tucmd_l4t_udp", "case offsetof(struct udphdr, check):")):
        rel, line = re.match(r"([^:]+):(\d+)", b[role].where).groups()
        assert needle in (root / rel).read_text().split("\n")[int(line) - 1], (role, b[role].where)
    # no datasheet value of another device stands in for an igc fact
    assert not any(c.where.startswith("datasheet:") for c in b.values())


def _generated_values(facts, hw_files) -> dict[str, int | list[int]]:
    """role -> the value the generated C uses (its headers evaluated), queue regs for q 0..3."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in hw_files.items():
            (Path(tmp) / name).write_text(text)
        ev = Evaluator(collect(Path(tmp), ["igc_regs.h", "igc_desc.h"]))
    v = view(facts)
    out: dict[str, int | list[int]] = {}
    for role in facts.queue_regs:
        out[role] = [ev.call(f"IGC_REG_{role.upper()}", [q]) for q in range(4)]
    for role in facts.regs:
        out[role] = ev.value(f"IGC_REG_{role.upper()}")
    for role in facts.bits:
        out[role] = ev.value(v.B[role])
    return out


def _driver_disagrees(values: dict[str, int | list[int]], chosen: dict[str, str] | None = None) -> list[str]:
    """gcc, igc's kbuild flags, igc.h: BUILD_BUG_ON each claim; the claims gcc rejects.  A role
    this file does not know yet (``chosen``: role -> the macro the facts picked) is checked under
    that macro: its value, not its meaning."""
    src = _src()
    require(src.flags.available, "kernel headers (linux-headers-amd64)")
    require_tool("gcc")
    checks = []
    for role, v in values.items():
        if role in IGC_QUEUE_REGS:
            checks += [f"{IGC_QUEUE_REGS[role]}({q}) != {x:#x}" for q, x in enumerate(v)]  # type: ignore[arg-type]
        elif role in IGC_REGS:
            checks.append(f"{IGC_REGS[role]} != {v:#x}")
        elif role in IGC_BITS:
            checks.append(f"{IGC_BITS[role]} != {v:#x}")
        elif role in IGC_DERIVED:
            for x in (1024, 2048, 4096, 16384):
                checks.append("!(" + IGC_DERIVED[role].format(v=v, x=x) + ")")
        elif chosen and role in chosen and re.fullmatch(r"IGC_\w+", chosen[role]):
            if isinstance(v, list):
                checks += [f"{chosen[role]}({q}) != {x:#x}" for q, x in enumerate(v)]
            else:
                checks.append(f"{chosen[role]} != {v:#x}")
        else:
            checks.append(f"1 /* {role}: no igc macro known to this test */")
    body = "\n".join(f"\tBUILD_BUG_ON({c});" for c in checks)
    probe = "#include <linux/build_bug.h>\n#include <linux/bitfield.h>\n#include \"igc.h\"\n" \
            f"void nicport_igc_probe(void);\nvoid nicport_igc_probe(void)\n{{\n{body}\n}}\n"
    first_c = sorted(src.c_files)[0]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "igc_probe.c"
        p.write_text(probe)
        flags = [a for a in src.flags.gcc_flags(src.module, Path(first_c).stem) if not a.startswith("-W")]
        r = subprocess.run(["nice", "gcc", *flags, f"-I{(src.root / first_c).parent}", "-w", "-c", str(p),
                            "-o", str(Path(tmp) / "igc_probe.o")], capture_output=True, text=True)
    if r.returncode == 0:
        return []
    bad = re.findall(r"BUILD_BUG_ON failed: ([A-Z(!].*)", r.stderr)
    assert bad, r.stderr[-3000:]  # failed for another reason: say so
    return bad


def test_every_value_the_igc_hw_layer_uses_is_igcs_macro(facts, hw_files) -> None:
    values = _generated_values(facts, hw_files)
    known = set(IGC_QUEUE_REGS) | set(IGC_REGS) | set(IGC_BITS) | set(IGC_DERIVED)
    assert len(set(values) & known) >= 85 and set(IGC_QUEUE_REGS) <= set(values)
    # roles added to the families after this table was written: checked under the facts' macro
    chosen = {r: q.name for r, q in facts.queue_regs.items()}
    chosen.update({r: c.name for r, c in {**facts.regs, **facts.bits}.items()})
    assert _driver_disagrees(values, {r: chosen[r] for r in set(values) - known}) == []
    # and the check bites: igc's TDH offset under the tail role, the IP error bit as the L4 one
    for role, other, macro in (("tx_tail", "tx_head", "IGC_TDT(0)"),
                               ("rxdadv_err_tcpe", "rxdadv_err_ipe", "IGC_RXDEXT_STATERR_L4E")):
        bad = _driver_disagrees({**values, role: values[other]})
        assert bad and all(macro in b for b in bad), bad


def test_generated_c_uses_igc_offsets(hw_files) -> None:
    regs = hw_files["igc_regs.h"]
    assert "#define IGC_MAX_QUEUES\t4\n" in regs
    assert re.search(r"#define IGC_TDT_Q\(q\)\t\(0x0e018u \+ \(uint32_t\)\(q\) \* 0x40u\)", regs)
    assert re.search(r"#define IGC_SRRCTL_Q\(q\)\t\(0x0c00cu \+ \(uint32_t\)\(q\) \* 0x40u\)", regs)
    c = hw_files["igc_hw.c"]
    assert "IGC_REG_SRRCTL(q)" in c and "buf_len >> IGC_SRRCTL_BSIZEPKT_SHIFT" in c
    assert ".ho_vector_map = igc_vector_map," in c
    for f in hw_files.values():
        assert "/root/" not in f and "/home/" not in f


@pytest.mark.parametrize("cc", ["gcc", "clang"])
def test_igc_hw_layer_compiles_freestanding(tmp_path: Path, facts, cc: str) -> None:
    require_tool(cc)
    write_core(tmp_path)
    paths = write_hw(facts, tmp_path)
    again = write_hw(facts, tmp_path)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]  # byte-stable
    core = tmp_path / "core"
    hw_c = tmp_path / "hw" / "igc_hw.c"
    r = subprocess.run(["nice", cc, "-std=c11", "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-c",
                        f"-I{core}", f"-I{tmp_path / 'hw'}", str(hw_c), "-o", str(tmp_path / f"igc_hw_{cc}.o")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]


def test_igc_driver_tests_pass(tmp_path: Path, igc_ir) -> None:
    """`make -C tests check` of an igc output tree: layout claims + smoke/stress/hostile against
    the device model configured from the same facts."""
    from nicport.generate.tests import write_tests

    require_tool("make")
    write_core(tmp_path)
    write_hw(igc_ir, tmp_path)
    write_tests(igc_ir, tmp_path / "tests")
    r = subprocess.run(["nice", "make", "-C", str(tmp_path / "tests"), "check"],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, (r.stdout[-3000:], r.stderr[-3000:])
    out = r.stdout + r.stderr
    assert "PASS igc: layout, smoke, stress, hostile" in out, out[-3000:]
    m = re.search(r"PASS layout igc: (\d+) claims .*\((\d+) descriptor, (\d+) register, (\d+) bit\)", out)
    assert m and int(m.group(3)) >= 50 and int(m.group(4)) >= 30, out[-3000:]
    assert "mode=stress driver=igc sent=30000 done=30000 rx_ok=30000 rx_bad=0" in out


def test_reference_drivers_resolve_exactly_as_before(monkeypatch) -> None:
    """The names layer only adds candidates after the reference names: the five reference
    drivers render byte for byte as without it."""
    from nicport.verify.devmodel import devmodel_cfg

    drivers = ("e1000", "e1000e", "igb", "ixgbe", "virtio_net")
    got = {d: (render_hw(d), devmodel_cfg(d)) for d in drivers}

    class _Identity:
        def __init__(self, ev):
            self.ev = ev

        def localize(self, spec):
            return dict(spec)

        def localize_variant(self, var):
            return var

    monkeypatch.setattr(names, "for_driver", lambda d, r, ev: _Identity(ev))
    for d in drivers:
        assert (render_hw(d), devmodel_cfg(d)) == got[d], d


def test_names_translation_rules() -> None:
    n = names.DriverNames("igc", names.driver_prefixes("igc", ["IGC_ICR", "IGC_TDT(0)", "IGC_RCTL"]), None)
    assert n.prefixes == ("IGC_",)
    assert n.candidates("txdctl", ("E1000_TXDCTL", "IXGBE_TXDCTL")) == ("E1000_TXDCTL", "IXGBE_TXDCTL", "IGC_TXDCTL")
    assert n.candidates("rxdadv_err_tcpe", ("E1000_RXDEXT_STATERR_TCPE",))[-1] == "IGC_RXDEXT_STATERR_L4E"
    g = names.DriverNames("igb", names.driver_prefixes("igb", ["E1000_TDT(0)", "E1000_ICR"]), None)
    assert g.prefixes == ("E1000_", "IGB_")
    # a reference driver's own names are left alone (no synonym, no translation)
    assert g.candidates("msix_max", ("IGB_82576_MSIX_TABLE_SIZE",)) == ("IGB_82576_MSIX_TABLE_SIZE",)
    assert g.candidates("advtxd_popts_shift", ("IXGBE_ADVTXD_POPTS_SHIFT", "E1000_ADVTXD_POPTS_SHIFT")) == \
        ("IXGBE_ADVTXD_POPTS_SHIFT", "E1000_ADVTXD_POPTS_SHIFT")


@pytest.mark.parametrize("drv,line", [
    ("igbvf", "igbvf: no hw layer generated: SR-IOV virtual function: rings enabled by TXDCTL/RXDCTL only, "
              "MSI-X-only interrupts (EICR/EIMS); not supported by the intel_advanced hw layer"),
    ("ixgbevf", "ixgbevf: no hw layer generated: SR-IOV virtual function: rings enabled by VFTXDCTL/VFRXDCTL "
                "only, MSI-X-only interrupts (VTEICR/VTEIMS); not supported by the intel_advanced hw layer"),
])
def test_virtual_functions_refused_in_one_line(drv: str, line: str) -> None:
    from nicport.analyze import analyze_driver
    from nicport.config import Config
    from nicport.source import resolve

    _src()
    ir = analyze_driver(resolve(drv, Config()), Config())
    ok, why = supported_family(ir)
    assert not ok
    with pytest.raises(UnsupportedFamily) as e:
        render_hw(ir)
    assert str(e.value).splitlines()[0] == line
    assert "\n" not in why and "the IR lacks" not in why
