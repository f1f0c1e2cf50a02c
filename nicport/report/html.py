"""report.html: one self-contained page (inline CSS, inline SVG chart, no script, no external
asset), readable offline and in a CI artifact viewer."""

from __future__ import annotations

from html import escape

from .model import LEVEL_MEANING, LEVELS, PHASE_NAMES

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.ok{color:#1a7f37}.bad{color:#cf222e}.warn{background:#fff8c5;border:1px solid #d4a72c;padding:.6rem;border-radius:4px}
code{font-size:.85em;background:#f6f8fa;padding:0 .2em}ul.done{list-style:none;padding-left:0}ul.done li{margin:.2rem 0}
.muted{color:#57606a}svg text{font-family:system-ui,sans-serif}
"""

BAR_SCORE = "#0969da"
BAR_LEVEL = "#8250df"


def _pct(v) -> str:
    return "n/a" if v is None else f"{v:.1%}"


def chart_svg(targets: list[dict]) -> str:
    """Grouped bars per target: portability score (0-100 %, left axis) and verification level
    (none..L3, right axis).  A missing value is drawn as an outlined 'n/a' stub, never as 0."""
    n = max(1, len(targets))
    left, right, top, bottom = 60, 60, 30, 60
    group = 110
    width = left + right + group * n
    height = 300
    plot_h = height - top - bottom
    y0 = top + plot_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" id="score-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             '<title id="chart-title">Portability score and verification level per target</title>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    for i in range(0, 11, 2):
        y = y0 - plot_h * i / 10
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eaeef2"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{i * 10}%</text>')
    for k, lv in enumerate(("none",) + LEVELS):
        y = y0 - plot_h * k / 4
        parts.append(f'<text x="{width - right + 6}" y="{y + 4:.1f}" font-size="11">{lv}</text>')
    parts.append(f'<line x1="{left}" y1="{y0}" x2="{width - right}" y2="{y0}" stroke="#57606a"/>')
    for i, r in enumerate(targets):
        x = left + group * i + 15
        bw = 36
        score = r.get("score")
        if score is None:
            parts.append(f'<rect class="bar-score missing" x="{x}" y="{y0 - 14}" width="{bw}" height="14" fill="none" stroke="{BAR_SCORE}" stroke-dasharray="3,2"><title>{escape(r["target"])}: portability score n/a</title></rect>')
            parts.append(f'<text x="{x + bw / 2}" y="{y0 - 18}" font-size="10" text-anchor="middle">n/a</text>')
        else:
            h = plot_h * max(0.0, min(1.0, score))
            parts.append(f'<rect class="bar-score" data-target="{escape(r["target"])}" x="{x}" y="{y0 - h:.1f}" width="{bw}" height="{h:.1f}" fill="{BAR_SCORE}"><title>{escape(r["target"])}: portability score {_pct(score)}</title></rect>')
            parts.append(f'<text x="{x + bw / 2}" y="{y0 - h - 4:.1f}" font-size="10" text-anchor="middle">{score:.0%}</text>')
        lvl = r.get("level")
        k = LEVELS.index(lvl) + 1 if lvl in LEVELS else 0
        x2 = x + bw + 6
        if k == 0:
            parts.append(f'<rect class="bar-level missing" x="{x2}" y="{y0 - 14}" width="{bw}" height="14" fill="none" stroke="{BAR_LEVEL}" stroke-dasharray="3,2"><title>{escape(r["target"])}: no verification level</title></rect>')
            parts.append(f'<text x="{x2 + bw / 2}" y="{y0 - 18}" font-size="10" text-anchor="middle">none</text>')
        else:
            h = plot_h * k / 4
            parts.append(f'<rect class="bar-level" data-target="{escape(r["target"])}" x="{x2}" y="{y0 - h:.1f}" width="{bw}" height="{h:.1f}" fill="{BAR_LEVEL}"><title>{escape(r["target"])}: {lvl} ({escape(LEVEL_MEANING[lvl])})</title></rect>')
            parts.append(f'<text x="{x2 + bw / 2}" y="{y0 - h - 4:.1f}" font-size="10" text-anchor="middle">{lvl}</text>')
        parts.append(f'<text x="{x + bw + 3}" y="{y0 + 18}" font-size="12" text-anchor="middle">{escape(r["target"])}</text>')
    ly = height - 18
    parts.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{BAR_SCORE}"/><text x="{left + 16}" y="{ly}" font-size="12">portability score (left axis)</text>')
    parts.append(f'<rect x="{left + 210}" y="{ly - 10}" width="12" height="12" fill="{BAR_LEVEL}"/><text x="{left + 226}" y="{ly}" font-size="12">verification level (right axis)</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _status(s: str) -> str:
    cls = "ok" if s == "ok" else "bad" if s in ("failed",) else "muted"
    return f'<span class="{cls}">{escape(str(s))}</span>'


def report_html(m: dict) -> str:
    f = m["facts"]
    e = escape
    body = [f"<h1>Porting report: {e(str(m['driver']))}</h1>",
            f'<p class="muted">nicport {e(m["version"])} · Linux driver <code>{e(str(f.get("path", m["driver"])))}</code>'
            + (f" · Linux {e(str(f['kernel_version']))}" if f.get("kernel_version") else "") + "</p>"]
    if m["not_built"]:
        body.append('<p class="warn" id="not-built"><strong>Incomplete port.</strong> Not built yet in this version (their results are missing, nothing is assumed): '
                    + ", ".join(f"<code>{e(s)}</code>" for s in m["not_built"]) + "</p>")
    body.append("<h2>Done list</h2><ul class=\"done\" id=\"done-list\">")
    for d in m["done_list"]:
        body.append(f'<li><span class="{"ok" if d["ok"] else "bad"}">{d["mark"]}</span> <strong>{e(d["item"])}</strong> — {e(d["why"])}</li>')
    body.append("</ul>")
    body.append("<h2>Portability score and verification level</h2>")
    body.append(chart_svg(m["targets"]))
    body.append('<h2>Targets</h2><table id="targets"><tr><th>target</th><th>adapter</th><th>build</th><th>tests</th><th>level</th><th>checks per level</th><th>portability score</th><th>KB coverage</th></tr>')
    for r in m["targets"]:
        body.append(f"<tr><td>{e(r['name'])}</td><td>{'generated' if r['generated'] else 'not generated'}</td><td>{_status(r['build'])}</td><td>{_status(r['tests'])}</td>"
                    f"<td>{e(r['level'] or '—')}</td><td>{e(' · '.join(f'{k} {v}' for k, v in sorted(r['levels'].items())) or '—')}</td>"
                    f"<td>{_pct(r['score'])}</td><td>{_pct(r['coverage'])}</td></tr>")
    body.append("</table>")
    body.append("<p class=\"muted\">" + " · ".join(f"<strong>{k}</strong> {e(v)}" for k, v in LEVEL_MEANING.items()) + "</p>")
    body.append('<h2>Pipeline stages</h2><table id="stages"><tr><th>phase</th><th>stage</th><th>status</th><th>detail</th></tr>')
    for name, s in sorted(m["stages"].items(), key=lambda kv: (kv[1].get("phase", 9), kv[0])):
        ph = s.get("phase")
        body.append(f"<tr><td>{ph} {e(PHASE_NAMES.get(ph, ''))}</td><td><code>{e(name)}</code></td><td>{_status(s.get('status', ''))}</td><td>{e(str(s.get('detail', '')))}</td></tr>")
    body.append("</table>")
    rows = m["kb_exceptions"] + m["pipeline_exceptions"]
    body.append(f'<h2>Exceptions ({len(rows)})</h2><table id="exceptions"><tr><th>feature</th><th>Linux API</th><th>target</th><th>reason</th><th>workaround</th><th>source</th></tr>')
    for x in rows:
        body.append(f"<tr><td>{e(x['feature'])}</td><td><code>{e(x['api'])}</code></td><td>{e(x['target'])}</td><td>{e(x['reason'])}</td><td>{e(x['workaround'])}</td><td>{e(x['source'])}</td></tr>")
    body.append("</table>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>nicport: {e(str(m['driver']))} porting report</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
