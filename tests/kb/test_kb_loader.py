"""The knowledge base data: loads, is complete, looks names up, and rejects malformed data
naming the file and the entry."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from nicport.config import ALL_TARGETS
from nicport.kb import DATA_DIR, KINDS, KBDataError, load
from nicport.kb.loader import load_dir


@pytest.fixture(scope="module")
def kb():
    return load()


def test_at_least_200_api_entries_each_with_every_target(kb):
    assert kb.api_count >= 200
    for e in kb.entries:
        assert set(e.mappings) == set(ALL_TARGETS), e.name
        for t, m in e.mappings.items():
            assert m.kind in KINDS
            assert m.ref.strip(), (e.name, t)
            if m.kind in ("direct", "adapter"):
                assert m.native, (e.name, t)
        assert e.mapping("linux").kind == "direct"


def test_every_seed_table_category_has_entries(kb):
    cats = kb.by_category()
    for c in ("memory", "dma", "packet", "rx_tx", "irq", "locks", "work", "timers"):
        assert len(cats[c]) >= 3, c


def test_issue_named_apis_are_known(kb):
    names = """kmalloc kzalloc kcalloc vmalloc kfree devm_kzalloc dma_alloc_coherent dma_map_single dma_map_page
    dma_unmap_single dma_unmap_page dma_sync_single_for_cpu dma_sync_single_for_device dma_set_mask_and_coherent
    dma_mapping_error page_pool_create napi_alloc_skb build_skb skb_put skb_pull skb_push skb_reserve skb_headroom
    skb_shinfo skb_frag_size skb_checksum_help skb_is_gso skb_vlan_tag_present dev_kfree_skb_any napi_consume_skb
    skb_record_rx_queue skb_set_hash skb_tx_timestamp xdp_buff alloc_etherdev_mq register_netdev netif_napi_add
    napi_schedule __napi_schedule napi_complete_done napi_gro_receive netif_receive_skb netif_tx_stop_queue
    netif_tx_wake_queue netif_tx_start_queue netif_carrier_on netif_carrier_off netdev_tx_sent_queue
    netdev_tx_completed_queue netif_set_real_num_tx_queues netif_set_real_num_rx_queues request_irq
    request_threaded_irq free_irq pci_alloc_irq_vectors pci_irq_vector pci_enable_msi pci_enable_msix_range
    synchronize_irq pci_enable_device_mem pci_set_master pci_request_mem_regions pci_iomap ioremap readl writel
    ioread32 iowrite32 readq wmb rmb dma_wmb dma_rmb smp_mb READ_ONCE WRITE_ONCE atomic_inc spin_lock
    spin_lock_bh spin_lock_irqsave mutex_lock schedule_work INIT_WORK timer_setup mod_timer del_timer_sync
    tasklet_schedule cpu_to_le16 cpu_to_le32 cpu_to_le64 le32_to_cpu htons ntohs u64_stats_update_begin
    netdev_err dev_err netif_err bpf_prog_run_xdp xdp_do_redirect xdp_do_flush xdp_return_frame
    xdp_rxq_info_reg xsk_buff_alloc jiffies time_after usleep_range msleep udelay""".split()
    missing = [n for n in names if n not in kb]
    assert not missing


def test_aliases_and_patterns(kb):
    assert kb.get("__napi_schedule") is kb.get("napi_schedule")
    assert kb.find("__napi_schedule").via == "alias"
    assert kb.get("netif_napi_add_weight").name == "netif_napi_add"
    # a drop and a completion are different things (NDIS completes TX NBLs either way)
    assert kb["dev_kfree_skb_any"] is not kb["dev_consume_skb_any"]
    assert kb["ioread32"] is kb["readl"]
    assert kb.find("atomic_fetch_andnot").via == "pattern"
    assert kb["atomic_fetch_andnot"].name == "atomic_*"
    assert kb["u64_stats_fetch_begin_irq"].name == "u64_stats_fetch_begin"  # explicit alias beats the pattern
    assert kb.find("u64_stats_sub").entry.name == "u64_stats_*"
    assert kb["spin_lock_nested"].name == "spin_*"
    assert kb.find("___spin_lock_bh") is not None and kb.find("___spin_lock_bh").via == "underscore"
    assert kb.get("xsk_pool_whatever").name == "xsk_*"
    assert kb.get("definitely_not_a_kernel_api") is None
    with pytest.raises(KeyError):
        kb["definitely_not_a_kernel_api"]


def test_patterns_are_explicit_in_data(kb):
    for e in kb.entries:
        assert e.pattern == ("*" in e.name), e.name


def test_facts_spot_checks(kb):
    fb = kb["dma_map_single"].mapping("freebsd")
    assert fb.kind == "adapter" and "bus_dmamap_load_mbuf_sg" in fb.native and fb.ref == "bus_dma(9)"
    assert kb["netif_receive_skb"].mapping("windows").native == ("NdisMIndicateReceiveNetBufferLists",)
    assert kb["netif_receive_skb"].mapping("illumos").native == ("mac_rx",)
    assert kb["dma_alloc_coherent"].mapping("illumos").native[0] == "ddi_dma_alloc_handle"
    assert kb["bpf_prog_run_xdp"].mapping("freebsd").kind == "unsupported"
    assert kb["readl"].mapping("rtos").native == ("sys_read32",)
    assert kb["kmalloc"].mapping("rtos").freertos.startswith("pvPortMalloc")


def test_suggestions(kb):
    assert kb.suggest("dma_map_singel")[0] == "dma_map_single"
    assert "napi_schedule" in kb.suggest("napi_shedule")


def test_version_is_stable_and_follows_the_data(tmp_path, kb):
    assert re.fullmatch(r"1:[0-9a-f]{12}", kb.version)
    assert load_dir(DATA_DIR).version == kb.version
    for p in DATA_DIR.glob("*.toml"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    with open(tmp_path / "memory.toml", "a") as fh:
        fh.write("\n# a comment changes the version\n")
    assert load_dir(tmp_path).version != kb.version


# ---------------------------------------------------------------------------- malformed data

GOOD = """\
[[api]]
name = "{name}"
summary = "test"
freebsd = {{ kind = "direct", native = "a", ref = "a(9)" }}
netbsd = {{ kind = "direct", native = "a", ref = "a(9)" }}
windows = {{ kind = "direct", native = "a", ref = "A" }}
illumos = {{ kind = "direct", native = "a", ref = "a(9F)" }}
rtos = {{ kind = "direct", native = "a", ref = "Zephyr A" }}
"""


def _write(d: Path, name: str, body: str) -> None:
    (d / name).write_text('schema = 1\ncategory = "util"\n\n' + textwrap.dedent(body))


def _error(d: Path) -> str:
    with pytest.raises(KBDataError) as exc:
        load_dir(d)
    return exc.value.message


def test_valid_minimal_kb(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo"))
    kb = load_dir(tmp_path)
    assert kb.api_count == 1 and kb["foo"].mapping("linux").native == ("foo",)


def test_duplicate_entry_in_one_file(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo") + "\n" + GOOD.format(name="foo"))
    msg = _error(tmp_path)
    assert "a.toml" in msg and "'foo'" in msg and "duplicate entry" in msg


def test_duplicate_entry_across_files(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo"))
    _write(tmp_path, "b.toml", GOOD.format(name="foo"))
    msg = _error(tmp_path)
    assert msg.startswith("b.toml: entry 'foo'") and "a.toml" in msg


def test_duplicate_alias(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo") + "\n" + GOOD.format(name="bar").replace('summary', 'aliases = ["foo"]\nsummary'))
    msg = _error(tmp_path)
    assert "entry 'bar'" in msg and "duplicate alias 'foo'" in msg


def test_missing_target(tmp_path):
    body = "\n".join(l for l in GOOD.format(name="foo").splitlines() if not l.startswith("windows"))
    _write(tmp_path, "a.toml", body)
    msg = _error(tmp_path)
    assert msg.startswith("a.toml: entry 'foo'") and "missing target 'windows'" in msg


def test_unknown_kind(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo").replace('rtos = { kind = "direct"', 'rtos = { kind = "magic"'))
    msg = _error(tmp_path)
    assert "a.toml: entry 'foo'" in msg and "unknown kind 'magic'" in msg and "rtos" in msg


def test_other_malformations(tmp_path):
    _write(tmp_path, "a.toml", GOOD.format(name="foo").replace('native = "a", ref = "a(9F)"', 'ref = "a(9F)"'))
    assert "needs a native equivalent" in _error(tmp_path)
    _write(tmp_path, "a.toml", GOOD.format(name="foo_*"))
    assert "pattern = true" in _error(tmp_path)
    _write(tmp_path, "a.toml", GOOD.format(name="foo").replace("summary", 'feature = "warp"\nsummary'))
    assert "unknown feature 'warp'" in _error(tmp_path)
    _write(tmp_path, "a.toml", GOOD.format(name="foo").replace("summary", "colour = 1\nsummary"))
    assert "unknown key(s) colour" in _error(tmp_path)
    (tmp_path / "a.toml").write_text("schema = 1\n[[api]\n")
    assert _error(tmp_path).startswith("a.toml: not valid TOML")


def test_real_data_has_no_duplicate_or_missing_target():
    # the shipped data passes its own validation (load_dir raises otherwise)
    kb = load_dir(DATA_DIR)
    names = [e.name for e in kb.entries]
    assert len(names) == len(set(names))
