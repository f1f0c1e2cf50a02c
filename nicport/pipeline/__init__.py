"""The LangGraph pipeline behind ``nicport port``: phases 0..5 with the seed's agents, SQLite
checkpoints and resume, the optional self-hosted LLM behind the build/test gates.

Layout (LangGraph's recommended one): ``state.py`` (graph state, references only),
``context.py`` (run-time configuration), ``nodes.py`` + ``agents/`` (the nodes), ``graph.py``
(the graph), ``runs.py`` (run registry, ``nicport runs`` / ``nicport resume``), ``llm.py``,
``stages.py`` (the one door to the stage libraries).  See docs/pipeline.md.
"""
