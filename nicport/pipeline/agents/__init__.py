"""The seed's agents as LangGraph nodes (deterministic by default; the LLM is optional and gated)."""

from .build import code_reviewer, kernel_build, portability_validator
from .coding import adapter_writer, coding_agent, ebpf_workaround_agent, llm_coder, tdd_test_writer
from .hardware import dma_mapper, hardware_analyzer, interrupt_model_builder, ring_extractor
from .mapping import api_mapper, exceptions_tracker, portability_first_pass
from .supervisor import repair, route_build, route_tests, supervisor_build, supervisor_tests
from .testing import performance_engineer, target_tests

__all__ = [
    "adapter_writer", "api_mapper", "code_reviewer", "coding_agent", "dma_mapper", "ebpf_workaround_agent",
    "exceptions_tracker", "hardware_analyzer", "interrupt_model_builder", "kernel_build", "llm_coder",
    "performance_engineer", "portability_first_pass", "portability_validator", "repair", "ring_extractor",
    "route_build", "route_tests", "supervisor_build", "supervisor_tests", "target_tests", "tdd_test_writer",
]
