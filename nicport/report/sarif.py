"""SARIF 2.1.0 for the exceptions the pipeline recorded (the KB writes its own run)."""

from __future__ import annotations

import json
import re

from .. import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def pipeline_run(rows: list[dict]) -> dict:
    rules: dict[str, dict] = {}
    results = []
    for e in rows:
        rule_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", e["id"].split(":")[0] + "/" + e["feature"])[:80]
        rules.setdefault(rule_id, {"id": rule_id, "name": e["feature"], "shortDescription": {"text": e["feature"]}})
        res = {
            "ruleId": rule_id,
            "level": "error" if e.get("severity") == "error" else "warning",
            "message": {"text": f"{e['target']}: {e['reason']} Workaround: {e['workaround']}"},
            "properties": {"target": e["target"], "api": e["api"], "source": e["source"], "exceptionId": e["id"]},
        }
        loc = e.get("location")
        if loc:
            file, _, line = loc.partition(":")
            region = {"startLine": int(line)} if line.isdigit() else {}
            res["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": file}, **({"region": region} if region else {})}}]
        results.append(res)
    return {
        "tool": {"driver": {"name": "nicport-pipeline", "version": __version__, "rules": [rules[k] for k in sorted(rules)]}},
        "results": results,
    }


def sarif_document(runs: list[dict]) -> dict:
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
