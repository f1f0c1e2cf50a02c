"""The optional self-hosted LLM: a tiny OpenAI-compatible server on 127.0.0.1 started by the
test (no remote service).  A proposal is accepted only through the compile gate; a proposal
that does not compile is rejected, the stub stays, and the reason is recorded.  Prompts,
responses and verdicts are stored in the run directory."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import require_tool
from nicport.config import Config
from nicport.pipeline import llm, stages
from nicport.pipeline.context import PipelineContext

STUB_FILE = """\
/* SPDX-License-Identifier: GPL-2.0 */
#define ENOSYS 38
struct nic_softc { unsigned int polls; };

/* Not Implemented on FreeBSD - reason documented in porting_exceptions.md */
int e1000_busy_poll(struct nic_softc *sc, int budget) { return -ENOSYS; }

int e1000_other(void) { return 0; }
"""

GOOD = "```c\nint e1000_busy_poll(struct nic_softc *sc, int budget)\n{\n\tsc->polls++;\n\treturn budget > 0 ? 0 : -1;\n}\n```"
BAD = "```c\nint e1000_busy_poll(struct nic_softc *sc, int budget)\n{\n\treturn sc->no_such_field + budget;\n}\n```"


class FakeOpenAI(BaseHTTPRequestHandler):
    answer = GOOD
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.seen.append({"path": self.path, "body": body})
        if self.path != "/v1/chat/completions":
            self.send_response(404)
            self.end_headers()
            return
        out = json.dumps({"id": "cmpl-1", "object": "chat.completion", "model": body["model"],
                          "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": FakeOpenAI.answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    FakeOpenAI.seen = []
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def ctx(tmp_path, server, monkeypatch):
    require_tool("gcc")
    # exercise the compiler gate on this minimal tree: the target build of nicport.verify needs a
    # whole generated tree, so it is taken out here (the gate then compiles the file with -Werror)
    def not_built(*a, **k):
        raise stages.StageNotBuilt("verify.build", "taken out for this unit test")

    monkeypatch.setattr(stages, "build_target", not_built)
    monkeypatch.setattr(stages, "test_target", not_built)
    c = PipelineContext(config=Config(), run_dir=tmp_path / "run", llm_url=server, llm_model="tiny-test-model")
    f = c.stage_dir / "os" / "freebsd" / "if_e1000.c"
    f.parent.mkdir(parents=True)
    f.write_text(STUB_FILE)
    return c


def test_find_stubs_finds_the_design_stub_form(ctx):
    found = llm.find_stubs(ctx.stage_dir, ["freebsd", "linux"])
    assert [(s.target, s.function) for s in found] == [("freebsd", "e1000_busy_poll")]
    assert found[0].file == "os/freebsd/if_e1000.c"


def test_proposal_that_compiles_is_accepted(ctx):
    FakeOpenAI.answer = GOOD
    verdicts = llm.assist_stubs(ctx, ["freebsd"])
    assert [v["verdict"] for v in verdicts] == ["accepted"], verdicts
    assert "-Werror" in verdicts[0]["reason"]
    text = (ctx.stage_dir / "os/freebsd/if_e1000.c").read_text()
    assert "sc->polls++" in text and "Not Implemented on FreeBSD" not in text
    assert "e1000_other" in text  # the rest of the file is untouched
    # the request went to the local endpoint, with the model and the stub in the prompt
    assert FakeOpenAI.seen[0]["body"]["model"] == "tiny-test-model"
    assert "e1000_busy_poll" in FakeOpenAI.seen[0]["body"]["messages"][1]["content"]
    d = ctx.work_dir / "llm" / "000-freebsd-e1000_busy_poll"
    assert json.loads((d / "verdict.json").read_text())["verdict"] == "accepted"
    assert "e1000_busy_poll" in (d / "prompt.json").read_text()
    assert "sc->polls++" in (d / "response.json").read_text()


def test_proposal_that_fails_the_gate_is_rejected_and_the_stub_stays(ctx):
    FakeOpenAI.answer = BAD
    before = (ctx.stage_dir / "os/freebsd/if_e1000.c").read_text()
    verdicts = llm.assist_stubs(ctx, ["freebsd"])
    assert [v["verdict"] for v in verdicts] == ["rejected"]
    assert "no_such_field" in verdicts[0]["reason"] or "error" in verdicts[0]["reason"]
    assert (ctx.stage_dir / "os/freebsd/if_e1000.c").read_text() == before
    d = ctx.work_dir / "llm" / "000-freebsd-e1000_busy_poll"
    assert json.loads((d / "verdict.json").read_text())["verdict"] == "rejected"
    assert "no_such_field" in (d / "gate.log").read_text()


def test_answer_without_the_function_is_rejected(ctx):
    FakeOpenAI.answer = "I cannot help with that."
    verdicts = llm.assist_stubs(ctx, ["freebsd"])
    assert verdicts[0]["verdict"] == "rejected" and "does not define" in verdicts[0]["reason"]


def test_unreachable_endpoint_is_a_rejection_not_a_crash(ctx):
    ctx.llm_url = "http://127.0.0.1:9/v1"
    verdicts = llm.assist_stubs(ctx, ["freebsd"])
    assert verdicts[0]["verdict"] == "rejected" and "failed" in verdicts[0]["reason"]


def test_pipeline_with_llm_records_verdicts(driver_source, server, tmp_path, monkeypatch):
    """End to end: --llm on a real e1000 run; stubs in generated adapters (if any) get proposals."""
    from nicport.port import run_port

    monkeypatch.setenv("NICPORT_RUNS_DIR", str(tmp_path / "runs"))
    FakeOpenAI.answer = BAD
    res = run_port(driver_source("e1000"), Config(targets=("freebsd",)), tmp_path / "out" / "e1000", llm=server, model="tiny-test-model")
    st = res.state["stages"]["llm"]
    assert st["status"] == "ok"
    stub_asks = [r for r in FakeOpenAI.seen if not r["body"]["messages"][0]["content"].startswith("You fix C compile errors")]
    repair_asks = [r for r in FakeOpenAI.seen if r not in stub_asks]
    n = res.state["facts"]["llm"]["proposals"]
    assert len(stub_asks) == n and res.state["facts"]["llm"]["accepted"] == 0  # BAD never passes the gate
    run_dir = tmp_path / "runs" / res.run_id
    repairs = res.state["facts"].get("llm_repairs", {})
    assert len(repairs) == len(repair_asks)
    assert all(v["verdict"] == "rejected" for v in repairs.values())
    assert len(list((run_dir / "work" / "llm").glob("*/verdict.json"))) == n + len(repair_asks)
