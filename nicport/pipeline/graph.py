"""The pipeline graph: phases 0..5 with the seed's agents, then report and publish.

::

    ingest ─ hardware_analyzer ─┬ dma_mapper ──────────────┐
     (0)        (1)             ├ interrupt_model_builder ─┼ api_mapper ─ exceptions_tracker ─ portability_first_pass ─ review_gate
                                └ ring_extractor ──────────┘    (2)                                                   (interrupt() with --review)
    review_gate ─ coding_agent ═Send═> adapter_writer[t] ─ tdd_test_writer ─ ebpf_workaround_agent ─ llm_coder
        (3)                                                                                          │
    ═Send═> kernel_build[t] ─ supervisor_build ═Send═> repair[t] ═> kernel_build[t]   (bounded)       (4)
                               └─ code_reviewer ─ portability_validator
    ═Send═> target_tests[t] ─ supervisor_tests ═Send═> repair[t] ═> target_tests[t]   (bounded)       (5)
                               └─ core_checks (RSS, TSO) ─ performance_engineer ─ report_writer ─ publish

``graph`` is compiled without a checkpointer (for inspection: ``graph.get_graph().draw_mermaid()``);
:func:`compile_graph` adds the SQLite checkpointer for a run.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from . import agents as a
from .agents.supervisor import fan_out
from .agents.validation import core_checks
from .context import PipelineContext
from .nodes import after_review, ingest, publish, report_writer, review_gate
from .state import PortState


def build_graph() -> StateGraph:
    g = StateGraph(PortState, context_schema=PipelineContext)
    # phase 0 + 1
    g.add_node("ingest", ingest)
    g.add_node("hardware_analyzer", a.hardware_analyzer)
    g.add_node("dma_mapper", a.dma_mapper)
    g.add_node("interrupt_model_builder", a.interrupt_model_builder)
    g.add_node("ring_extractor", a.ring_extractor)
    # phase 2
    g.add_node("api_mapper", a.api_mapper)
    g.add_node("exceptions_tracker", a.exceptions_tracker)
    g.add_node("portability_first_pass", a.portability_first_pass)
    g.add_node("review_gate", review_gate)
    # phase 3
    g.add_node("coding_agent", a.coding_agent)
    g.add_node("adapter_writer", a.adapter_writer)
    g.add_node("tdd_test_writer", a.tdd_test_writer)
    g.add_node("ebpf_workaround_agent", a.ebpf_workaround_agent)
    g.add_node("llm_coder", a.llm_coder)
    # phase 4
    g.add_node("kernel_build", a.kernel_build)
    g.add_node("supervisor_build", a.supervisor_build)
    g.add_node("repair", a.repair, destinations=("kernel_build", "target_tests"))
    g.add_node("code_reviewer", a.code_reviewer)
    g.add_node("portability_validator", a.portability_validator)
    # phase 5
    g.add_node("target_tests", a.target_tests)
    g.add_node("supervisor_tests", a.supervisor_tests)
    g.add_node("core_checks", core_checks)
    g.add_node("performance_engineer", a.performance_engineer)
    # report
    g.add_node("report_writer", report_writer)
    g.add_node("publish", publish)

    g.add_edge(START, "ingest")
    g.add_edge("ingest", "hardware_analyzer")
    for n in ("dma_mapper", "interrupt_model_builder", "ring_extractor"):
        g.add_edge("hardware_analyzer", n)
    g.add_edge(["dma_mapper", "interrupt_model_builder", "ring_extractor"], "api_mapper")
    g.add_edge("api_mapper", "exceptions_tracker")
    g.add_edge("exceptions_tracker", "portability_first_pass")
    g.add_edge("portability_first_pass", "review_gate")
    g.add_conditional_edges("review_gate", after_review, ["coding_agent", "report_writer"])
    g.add_conditional_edges("coding_agent", fan_out("adapter_writer"), ["adapter_writer"])
    g.add_edge("adapter_writer", "tdd_test_writer")
    g.add_edge("tdd_test_writer", "ebpf_workaround_agent")
    g.add_edge("ebpf_workaround_agent", "llm_coder")
    g.add_conditional_edges("llm_coder", fan_out("kernel_build"), ["kernel_build"])
    g.add_edge("kernel_build", "supervisor_build")
    g.add_conditional_edges("supervisor_build", a.route_build, ["repair", "code_reviewer"])
    g.add_edge("code_reviewer", "portability_validator")
    g.add_conditional_edges("portability_validator", fan_out("target_tests"), ["target_tests"])
    g.add_edge("target_tests", "supervisor_tests")
    g.add_conditional_edges("supervisor_tests", a.route_tests, ["repair", "core_checks"])
    g.add_edge("core_checks", "performance_engineer")
    g.add_edge("performance_engineer", "report_writer")
    g.add_edge("report_writer", "publish")
    g.add_edge("publish", END)
    return g


def compile_graph(checkpointer=None):
    return build_graph().compile(checkpointer=checkpointer, name="nicport")


#: module-level compiled graph (LangGraph template habit); runs use compile_graph(saver).
graph = compile_graph()
