"""Phase 1 agents: Hardware Analyzer (runs the analyzer -> IR), then, in parallel, the DMA
Mapper, the Interrupt Model Builder and the TX/RX Ring Extractor, which each check and
summarise their part of the IR (the analyzer extracts; these agents judge completeness and
record what is missing as exceptions)."""

from __future__ import annotations

from typing import Any

from ..context import PipelineContext
from ..nodes import exception_record, ir_json, node, not_built, ok, ref, skipped, source_for, write_text
from ..stages import StageNotBuilt
from .. import stages


@node(1, "Hardware Analyzer")
def hardware_analyzer(state: dict, ctx: PipelineContext) -> dict:
    """Run the analyzer; write ``ir/<driver>.ir.json`` into the staging tree."""
    src = source_for(state, ctx)
    try:
        ir = stages.analyze(src, ctx.config)
    except StageNotBuilt as exc:
        return not_built("analyze", exc, 1)
    path = ctx.stage_dir / "ir" / f"{src.name}.ir.json"
    write_text(path, ir.to_json_text())
    data = ir_json({"artifacts": {"ir": {"path": str(path.relative_to(ctx.stage_dir))}}}, ctx) or {}
    counts = {k: len(v) for k, v in sorted(data.items()) if isinstance(v, (list, dict))}
    return {
        "artifacts": {"ir": ref(ctx, path)},
        "facts": {"ir_sections": counts},
        **ok("analyze", f"IR written ({len(counts)} sections)", 1),
    }


def _sections(data: dict, words: tuple[str, ...]) -> dict[str, int]:
    """Top-level (and one level down) IR keys naming one of ``words``, with their sizes."""
    found: dict[str, int] = {}

    def size(v: Any) -> int:
        return len(v) if isinstance(v, (list, dict)) else (0 if v in (None, False, "") else 1)

    for k, v in data.items():
        if any(w in k.lower() for w in words):
            found[k] = size(v)
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                if any(w in k2.lower() for w in words):
                    found[f"{k}.{k2}"] = size(v2)
    return dict(sorted(found.items()))


def _ir_view(stage: str, agent: str, words: tuple[str, ...], feature: str, state: dict, ctx: PipelineContext) -> dict:
    data = ir_json(state, ctx)
    if data is None:
        why = "needs the IR (phase 1 analyzer " + state.get("stages", {}).get("analyze", {}).get("status", "did not run") + ")"
        return skipped(stage, why, 1)
    found = _sections(data, words)
    populated = {k: n for k, n in found.items() if n}
    update: dict = {"facts": {stage.replace(".", "_"): populated}}
    if populated:
        update.update(ok(stage, ", ".join(f"{k}: {n}" for k, n in populated.items()), 1))
    else:
        update.update(ok(stage, f"the IR has no {feature}", 1))
        update["exceptions"] = [exception_record(
            f"phase1:{stage}", feature=feature, api="-", target="all",
            reason=f"{agent}: the analyzer's IR holds no {feature}", workaround="the generated code falls back to the portable core's defaults; check the IR",
            source="phase1",
        )]
    return update


@node(1, "DMA Mapper")
def dma_mapper(state: dict, ctx: PipelineContext) -> dict:
    return _ir_view("dma", "DMA Mapper", ("dma",), "DMA model", state, ctx)


@node(1, "Interrupt Model Builder")
def interrupt_model_builder(state: dict, ctx: PipelineContext) -> dict:
    return _ir_view("interrupts", "Interrupt Model Builder", ("interrupt", "irq", "napi", "msi"), "interrupt model", state, ctx)


@node(1, "TX/RX Ring Extractor")
def ring_extractor(state: dict, ctx: PipelineContext) -> dict:
    return _ir_view("rings", "TX/RX Ring Extractor", ("ring", "descriptor", "desc"), "descriptor ring model", state, ctx)
