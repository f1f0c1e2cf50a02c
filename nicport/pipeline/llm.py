"""Optional help from a self-hosted LLM (any OpenAI-compatible endpoint: vLLM, Ollama,
llama.cpp server).  Off by default; ``--llm URL --model NAME`` turns it on.

The LLM only *proposes*.  A proposal is accepted only when it passes the gates generated code
passes: the target's build (``nicport.verify`` when built; otherwise a ``-Wall -Wextra -Werror``
compile of the file, named as such in the verdict) and, when built, the target's tests.
Otherwise it is rejected and the exception stays, with the reason.  Every prompt, response and
verdict is stored under ``<run>/work/llm/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .context import PipelineContext
from .nodes import one_line, sanitize, write_text
from .stages import StageNotBuilt
from . import stages

#: The stub form DESIGN.md prescribes for what a target cannot do.
STUB_RE = re.compile(
    r"/\* Not Implemented on (?P<os>[^*]+?) - reason documented in porting_exceptions\.md \*/[ \t]*\n"
    r"(?P<sig>[^{};/]*?\b(?P<name>[A-Za-z_]\w*)\s*\([^)]*\)\s*)\{\s*return\s*\(?\s*-\s*ENOSYS\s*\)?\s*;\s*\}",
    re.S,
)

SYSTEM = (
    "You port Linux NIC driver dataplane functions to other operating systems. Answer with one C "
    "function definition in a ```c code block and nothing else. Use only the declarations visible in "
    "the file; do not add #include lines; keep the exact signature."
)


class LLMError(Exception):
    pass


@dataclass
class LLMClient:
    base_url: str
    model: str
    timeout: float = 120.0

    def chat(self, messages: list[dict]) -> dict:
        """POST /chat/completions; returns the decoded JSON response."""
        body = json.dumps({"model": self.model, "messages": messages, "temperature": 0}).encode()
        req = urllib.request.Request(self.base_url.rstrip("/") + "/chat/completions", data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise LLMError(f"LLM endpoint {self.base_url} failed: {exc}") from None

    @staticmethod
    def content(response: dict) -> str:
        try:
            return response["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise LLMError("the LLM's answer has no choices[0].message.content") from None


def extract_code(text: str) -> str:
    m = re.search(r"```(?:c|C)?\s*\n(.*?)```", text, re.S)
    return (m.group(1) if m else text).strip() + "\n"


@dataclass
class Stub:
    target: str
    file: str  # relative to the staging tree
    function: str
    signature: str
    start: int
    end: int


def find_stubs(stage_dir: Path, targets: list[str]) -> list[Stub]:
    out = []
    for t in targets:
        base = stage_dir / "os" / t
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*.c")):
            text = p.read_text(errors="replace")
            for m in STUB_RE.finditer(text):
                out.append(Stub(t, str(p.relative_to(stage_dir)), m.group("name"), " ".join(m.group("sig").split()), m.start(), m.end()))
    return out


def _linux_body(ctx: PipelineContext, state_driver: str, name: str) -> str:
    """The Linux driver's own definition of ``name`` (context for the prompt), if there is one."""
    try:
        from .nodes import source_for

        src = source_for({"driver": state_driver}, ctx)
    except Exception:
        return ""
    pat = re.compile(rf"^[^\n;]*\b{re.escape(name)}\s*\([^;{{]*\)\s*\{{", re.M)
    for rel in src.c_files:
        text = (src.root / rel).read_text(errors="replace")
        m = pat.search(text)
        if m:
            depth, i = 0, m.end() - 1
            while i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                if depth == 0:
                    return text[m.start(): i + 1][:6000]
                i += 1
    return ""


def gate(ctx: PipelineContext, target: str, rel_file: str, new_text: str, scratch: Path) -> tuple[bool, str, str]:
    """(accepted, reason, log): the proposal is written into a scratch copy of the staging tree
    and judged by the target's build and tests, exactly as generated code is."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(ctx.stage_dir, scratch, symlinks=True)
    (scratch / rel_file).write_text(new_text)
    work = scratch.parent / (scratch.name + "-work")
    work.mkdir(parents=True, exist_ok=True)
    from .agents.build import first_error, normalise

    try:
        res = normalise(stages.build_target(scratch, target, ctx.config, work))
        gate_name = f"the {target} build (nicport.verify)"
    except StageNotBuilt:
        res = _compile_file(scratch, rel_file)
        gate_name = "a -Wall -Wextra -Werror compile of the file (nicport.verify not built yet)"
    if not res["ok"]:
        return False, f"failed {gate_name}: {first_error(res['log'])}", res["log"]
    try:
        t = normalise(stages.test_target(scratch, target, ctx.config, work))
    except StageNotBuilt:
        return True, f"passed {gate_name}; tests: nicport.verify tests not built yet", res["log"]
    if not t["ok"]:
        return False, f"passed {gate_name} but failed the {target} tests: {first_error(t['log'])}", res["log"] + t["log"]
    return True, f"passed {gate_name} and the {target} tests", res["log"] + t["log"]


def _compile_file(tree: Path, rel_file: str) -> dict:
    cc = shutil.which("gcc") or shutil.which("cc")
    f = tree / rel_file
    incs = []
    for d in (f.parent, tree / "core", tree / "hw", f.parent / "include"):
        if d.is_dir():
            incs += ["-I", str(d)]
    cmd = [cc or "gcc", "-fsyntax-only", "-std=gnu11", "-ffreestanding", "-Wall", "-Wextra", "-Werror", *incs, str(f)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"ok": False, "log": str(exc)}
    return {"ok": out.returncode == 0, "log": out.stdout + out.stderr}


def _record(ctx: PipelineContext, key: str, name: str, data) -> None:
    write_text(ctx.work_dir / "llm" / key / name, json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


def assist_stubs(ctx: PipelineContext, targets: list[str], driver: str | None = None) -> list[dict]:
    """Ask the LLM for each stub; keep what passes the gates.  Returns one verdict per stub."""
    client = LLMClient(ctx.llm_url or "", ctx.llm_model or "")
    verdicts = []
    for i, stub in enumerate(find_stubs(ctx.stage_dir, targets)):
        key = f"{i:03d}-{stub.target}-{stub.function}"
        path = ctx.stage_dir / stub.file
        text = path.read_text()
        linux = _linux_body(ctx, driver, stub.function) if driver else ""
        user = (f"Target OS: {stub.target}. File {stub.file} has this stub:\n```c\n{text[stub.start:stub.end]}\n```\n"
                f"Write the real body of `{stub.signature}` for {stub.target}.\n\nThe file:\n```c\n{text}\n```\n"
                + (f"\nThe Linux driver's version:\n```c\n{linux}\n```\n" if linux else ""))
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
        _record(ctx, key, "prompt.json", {"model": ctx.llm_model, "messages": messages})
        verdict = {"target": stub.target, "file": stub.file, "function": stub.function}
        try:
            response = client.chat(messages)
            _record(ctx, key, "response.json", response)
            code = extract_code(LLMClient.content(response))
        except LLMError as exc:
            verdict.update(verdict="rejected", reason=one_line(str(exc), ctx))
            _record(ctx, key, "verdict.json", verdict)
            verdicts.append(verdict)
            continue
        if not re.search(rf"\b{re.escape(stub.function)}\s*\(", code) or "{" not in code:
            verdict.update(verdict="rejected", reason=f"the answer does not define {stub.function}()")
        else:
            new_text = text[: stub.start] + f"/* Ported with help from {ctx.llm_model}; accepted by nicport's build/test gates. */\n" + code.rstrip() + text[stub.end:]
            ok, reason, log = gate(ctx, stub.target, stub.file, new_text, ctx.work_dir / "llm" / key / "tree")
            write_text(ctx.work_dir / "llm" / key / "gate.log", sanitize(log, ctx))
            shutil.rmtree(ctx.work_dir / "llm" / key / "tree", ignore_errors=True)
            if ok:
                write_text(path, new_text)
            verdict.update(verdict="accepted" if ok else "rejected", reason=one_line(reason, ctx))
        _record(ctx, key, "verdict.json", verdict)
        verdicts.append(verdict)
    return verdicts


_ERR_FILE = re.compile(r"(?:<out>/)?(os/[\w./-]+\.[ch]):(\d+)")


def repair_target(ctx: PipelineContext, target: str, which: str, result: dict, attempt: int = 1) -> dict | None:
    """Ask the LLM to fix the file a failed build points at; accepted only through the gate."""
    err = result.get(f"{'build' if which == 'build' else 'tests'}_error") or ""
    m = _ERR_FILE.search(err)
    if not m or not (ctx.stage_dir / m.group(1)).is_file():
        return None
    rel = m.group(1)
    text = (ctx.stage_dir / rel).read_text()
    key = f"repair-{which}-{target}-{attempt}-{Path(rel).name}"
    messages = [
        {"role": "system", "content": "You fix C compile errors in generated OS adapter code. Answer with the whole corrected file in one ```c block."},
        {"role": "user", "content": f"The {target} {which} fails with:\n{err}\n\nFile {rel}:\n```c\n{text}\n```"},
    ]
    _record(ctx, key, "prompt.json", {"model": ctx.llm_model, "messages": messages})
    verdict = {"target": target, "file": rel, "function": "(whole file)"}
    try:
        response = LLMClient(ctx.llm_url or "", ctx.llm_model or "").chat(messages)
        _record(ctx, key, "response.json", response)
        new_text = extract_code(LLMClient.content(response))
        ok, reason, log = gate(ctx, target, rel, new_text, ctx.work_dir / "llm" / key / "tree")
        shutil.rmtree(ctx.work_dir / "llm" / key / "tree", ignore_errors=True)
        if ok:
            write_text(ctx.stage_dir / rel, new_text)
        verdict.update(verdict="accepted" if ok else "rejected", reason=one_line(reason, ctx))
    except LLMError as exc:
        verdict.update(verdict="rejected", reason=one_line(str(exc), ctx))
    _record(ctx, key, "verdict.json", verdict)
    return verdict
