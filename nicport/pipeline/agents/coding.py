"""Phase 3 agents: the Coding Agent (portable core + hw layer, then one adapter per target,
fanned out with ``Send``), the NDIS Specialist (Windows rules, inside the windows branch), the
TDD Test Writer (per-driver tests from the IR) and the eBPF/XDP Workaround Agent."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import NicportError
from ..context import PipelineContext
from ..nodes import exception_record, fresh_dir, load_ir, node, not_built, ok, one_line, ref, skipped, source_for, tree_digest, write_text
from ..stages import NOT_BUILT, StageNotBuilt
from .. import stages
from .mapping import kb_entries

#: XDP on each target: the workaround the report recommends (Linux keeps native XDP).
XDP_WORKAROUNDS = {
    "linux": ("native XDP", "none needed: the Linux adapter keeps the driver's XDP hook"),
    "freebsd": ("bpf(4) / netmap(4)", "attach a bpf(4) filter for drop/pass, or run the fast path over netmap(4) for redirect"),
    "netbsd": ("bpf(4)", "classic bpf(4) filters cover drop/pass; there is no in-driver redirect"),
    "windows": ("NDIS lightweight filter / eBPF for Windows", "an NDIS 6 LWF (FilterReceiveNetBufferLists) or an eBPF-for-Windows XDP program in place of the driver hook"),
    "illumos": ("mac(9E) rx hooks", "no XDP; filter in a GLDv3 client (ipfilter/dlpi) instead"),
    "rtos": ("driver-level rx callback", "a compile-time rx filter callback in the Zephyr/FreeRTOS adapter"),
}


def _needs_ir(state: dict, stage: str, phase: int) -> dict | None:
    if state.get("artifacts", {}).get("ir"):
        return None
    return skipped(stage, "needs the IR (phase 1 analyzer " + state.get("stages", {}).get("analyze", {}).get("status", "did not run") + ")", phase)


@node(3, "Coding Agent")
def coding_agent(state: dict, ctx: PipelineContext) -> dict:
    """The portable NIC core (no OS calls) and the driver's hw layer from the IR."""
    update: dict = {"stages": {}, "artifacts": {}}
    try:
        fresh_dir(ctx.stage_dir / "core")
        stages.write_core(ctx.stage_dir, load_ir(state, ctx))
        update["stages"]["generate.core"] = {"status": "ok", "detail": "core/ written", "phase": 3}
        update["artifacts"]["core"] = ref(ctx, ctx.stage_dir / "core")
    except StageNotBuilt as exc:
        update["stages"].update(not_built("generate.core", exc, 3)["stages"])
        _rm(ctx.stage_dir / "core")
    missing = _needs_ir(state, "generate.hw", 3)
    if missing:
        update["stages"].update(missing["stages"])
        return update
    try:
        fresh_dir(ctx.stage_dir / "hw")
        stages.write_hw(load_ir(state, ctx), ctx.stage_dir)
        update["stages"]["generate.hw"] = {"status": "ok", "detail": "hw/ written", "phase": 3}
        update["artifacts"]["hw"] = ref(ctx, ctx.stage_dir / "hw")
    except StageNotBuilt as exc:
        update["stages"].update(not_built("generate.hw", exc, 3)["stages"])
        _rm(ctx.stage_dir / "hw")
    except NicportError as exc:  # e.g. an unsupported descriptor family: recorded, not a crash
        _rm(ctx.stage_dir / "hw")
        msg = one_line(exc.one_line(), ctx)
        update["stages"]["generate.hw"] = {"status": "failed", "detail": msg, "phase": 3}
        update["exceptions"] = [exception_record("generate:hw", feature="hw layer", api="-", target="all", reason=msg,
                                                 workaround="write hw/ by hand from the IR; see the IR's descriptors", source="phase3", severity="error")]
    return update


def _rm(path: Path) -> None:
    import shutil

    if path.exists():
        shutil.rmtree(path)


@node(3, "Coding Agent")
def adapter_writer(state: dict, ctx: PipelineContext) -> dict:
    """One target's adapter (``os/<target>/``); on windows the NDIS Specialist checks it."""
    target = state["target"]
    stage = f"generate.adapters.{target}"
    out = ctx.stage_dir / "os" / target
    missing = _needs_ir(state, stage, 3)
    if missing:
        return {**missing, "target_results": {target: {"generated": False}}}
    hw = state.get("stages", {}).get("generate.hw", {})
    if hw.get("status") == "failed":  # every adapter includes <drv>_hw.h: nothing to build on
        return {**skipped(stage, "needs the hw layer (generate.hw failed: " + hw.get("detail", "") + ")", 3),
                "target_results": {target: {"generated": False}}}
    try:
        fresh_dir(out)
        stages.write_adapter(load_ir(state, ctx), target, ctx.stage_dir, exceptions=kb_entries(state, ctx), attempt=0)
    except StageNotBuilt as exc:
        _rm(out)
        return {**not_built("generate.adapters", exc, 3), "target_results": {target: {"generated": False}}}
    n_files = sum(1 for p in out.rglob("*") if p.is_file()) if out.is_dir() else 0
    if n_files == 0:
        _rm(out)
        return {"stages": {stage: {"status": NOT_BUILT, "detail": f"the adapter generator wrote no files for {target}", "phase": 3}},
                "target_results": {target: {"generated": False}}}
    update = {
        "artifacts": {f"os/{target}": ref(ctx, out)},
        "target_results": {target: {"generated": True, "adapter_sha256": tree_digest(out)}},
        **ok(stage, f"os/{target}/ written ({n_files} files)", 3),
    }
    if target == "windows":
        update["exceptions"] = ndis_specialist(out)
    return update


def ndis_specialist(out: Path) -> list[dict]:
    """The NDIS Specialist's rules for a generated miniport: an .inf, a build project, the
    MiniportSendNetBufferLists / ReturnNetBufferLists handlers, IRQL annotations."""
    texts = {p.name: p.read_text(errors="replace") for p in sorted(out.rglob("*")) if p.is_file()}
    code = "\n".join(t for n, t in texts.items() if n.endswith((".c", ".h")))
    rules = [
        ("ndis-inf", any(n.endswith(".inf") for n in texts), "an .inf file to install the miniport"),
        ("ndis-project", any(n.endswith((".vcxproj", "makefile", "Makefile", "sources")) for n in texts), "a build project (.vcxproj)"),
        ("ndis-send", "SendNetBufferLists" in code, "a MiniportSendNetBufferLists handler"),
        ("ndis-return", "ReturnNetBufferLists" in code, "a MiniportReturnNetBufferLists handler"),
        ("ndis-irql", bool(re.search(r"_IRQL_(requires|raises|saves|restores)", code)), "IRQL annotations (_IRQL_requires_max_ ...)"),
    ]
    return [
        exception_record(f"ndis:{rid}", feature="NDIS 6 miniport", api="-", target="windows", reason=f"NDIS Specialist: the adapter lacks {what}", workaround="complete os/windows/ by hand; see the NDIS 6 miniport docs", source="phase3", severity="warning")
        for rid, present, what in rules
        if not present
    ]


@node(3, "TDD Test Writer")
def tdd_test_writer(state: dict, ctx: PipelineContext) -> dict:
    """Per-driver tests (``tests/``) from the IR: descriptor layouts, ring arithmetic, offloads."""
    missing = _needs_ir(state, "generate.tests", 3)
    if missing:
        return missing
    try:
        stages.write_driver_tests(load_ir(state, ctx), fresh_dir(ctx.stage_dir / "tests"))
    except StageNotBuilt as exc:
        _rm(ctx.stage_dir / "tests")
        return not_built("generate.tests", exc, 3)
    return {"artifacts": {"tests": ref(ctx, ctx.stage_dir / "tests")}, **ok("generate.tests", "tests/ written", 3)}


_XDP_RE = re.compile(r"\b(ndo_bpf|ndo_xdp_xmit|bpf_prog_run_xdp|xdp_do_redirect|XDP_REDIRECT)\b")


@node(3, "eBPF Workaround Agent")
def ebpf_workaround_agent(state: dict, ctx: PipelineContext) -> dict:
    """XDP has no native equivalent outside Linux: record one exception per target with the
    workaround (bpf(4)/netmap on BSD, NDIS LWF / eBPF for Windows ...)."""
    src = source_for(state, ctx)
    hits = []
    for rel in src.c_files:
        for i, line in enumerate((src.root / rel).read_text(errors="replace").splitlines(), 1):
            m = _XDP_RE.search(line)
            if m:
                short = rel[len(src.path) + 1:] if src.path != "." and rel.startswith(src.path + "/") else rel
                hits.append((short, i, m.group(1)))
    from ..nodes import ir_json

    ir = ir_json(state, ctx)
    xdp_ir = (((ir or {}).get("offloads") or {}).get("xdp")) if ir else None
    basis = "IR" if isinstance(xdp_ir, dict) else "source scan (no IR)"
    has_xdp = bool(xdp_ir.get("supported")) if isinstance(xdp_ir, dict) else bool(hits)
    facts = {"xdp": has_xdp, "xdp_sites": len(hits), "xdp_basis": basis}
    if not has_xdp:
        return {"facts": facts, **ok("ebpf", f"the driver has no XDP hooks ({basis}): nothing to work around", 3)}
    if not hits:
        hits = [("(see IR)", 0, (xdp_ir or {}).get("ndo_bpf") or "ndo_bpf")]
    first = f"{hits[0][0]}:{hits[0][1]}"
    exceptions = [
        exception_record(f"xdp:{t}", feature="XDP early hook", api=hits[0][2], target=t, reason=f"XDP is a Linux-only hook ({len(hits)} sites, first at {first})", workaround=XDP_WORKAROUNDS[t][1], source="phase3", location=first)
        for t in state["targets"]
        if t != "linux"
    ]
    return {"facts": facts, "exceptions": exceptions, **ok("ebpf", f"{len(hits)} XDP sites; workarounds recorded for {len(exceptions)} targets", 3)}


@node(3, "Coding Agent (LLM)")
def llm_coder(state: dict, ctx: PipelineContext) -> dict:
    """Optional: ask the self-hosted LLM to port what the generator left as a stub.  Every
    proposal goes through the same compile gate; prompts, responses and verdicts are kept in
    the run directory."""
    if not ctx.llm_enabled:
        return skipped("llm", "no --llm endpoint (off by default)", 3)
    from ..llm import assist_stubs

    verdicts = assist_stubs(ctx, list(state["targets"]), state["driver"])
    accepted = [v for v in verdicts if v["verdict"] == "accepted"]
    exceptions = [
        exception_record(f"llm:{v['target']}:{v['function']}", feature=f"{v['function']} (LLM proposal)", api="-", target=v["target"], reason=f"LLM proposal rejected by the gate: {v['reason']}", workaround="the stub stays; port the function by hand", source="llm", location=v["file"])
        for v in verdicts
        if v["verdict"] != "accepted"
    ]
    return {
        "facts": {"llm": {"proposals": len(verdicts), "accepted": len(accepted), "accepted_functions": sorted(f"{v['target']}:{v['function']}" for v in accepted)}},
        "exceptions": exceptions,
        **ok("llm", f"{len(accepted)}/{len(verdicts)} proposals accepted by the gates", 3),
    }
