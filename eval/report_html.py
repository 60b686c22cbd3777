"""The gate's report as one self-contained HTML file: no script, no network, no build step. Verdicts, a histogram
of the per-sentence chrF changes with the corpus delta's bootstrap interval (inline SVG), the sentences that
broke with their diffs and flag badges, and the signatures. Every text is escaped: sources come from users."""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np

from .gate import GateResult
from .sentences import SentenceChange

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1d2330;padding:0 16px}
h1{font-size:24px}h2{font-size:19px;margin-top:32px}h3{font-size:16px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccd;padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.fail td{background:#fde8e8}tr.fail td.verdict{color:#a00;font-weight:600}
.status{padding:2px 10px;border-radius:4px;color:#fff}.status.failed{background:#b3261e}.status.passed{background:#2e7d32}.status.skipped{background:#616161}
.sentence{border:1px solid #ccd;border-radius:6px;padding:8px 12px;margin:12px 0}
.sentence table{width:100%}.sentence th{width:90px;background:#f4f5f8}
.badge{display:inline-block;border-radius:10px;padding:0 8px;margin-right:4px;font-size:13px;color:#fff}
.badge.error{background:#b3261e}.badge.warning{background:#b26a00}.badge.worst{background:#3949ab}
del{background:#fbd3d3;text-decoration:line-through}ins{background:#c9f2cf;text-decoration:none}
code{font-size:13px;word-break:break-all}svg{background:#fafbfc;border:1px solid #dde}
"""


def _verdict_rows(result: GateResult) -> list[str]:
    rows = []
    for c in result.comparisons:
        low, high = c.ci
        rows.append((c, f"{c.baseline:.2f}", f"{c.candidate:.2f}", f"{c.delta:+.2f}", f"{low:+.2f} to {high:+.2f}",
                     f"{c.max_drop:g} points"))
    if result.terms:
        t, (low, high) = result.terms, result.terms.ci
        rows.append((t, f"{t.baseline:.2f}%", f"{t.candidate:.2f}%", f"{t.delta:+.2f}", f"{low:+.2f} to {high:+.2f}",
                     f"{t.max_drop:g} points"))
    for f in result.flags:
        rows.append((f, f"{f.baseline} flagged", f"{f.candidate} flagged",
                     f"{len(f.gained)} new, {f.lost} fixed", "", f.shown_threshold))
    return [
        f'<tr class="{"fail" if c.failed else "ok"}"><td>{escape(c.name)}</td>'
        + "".join(f'<td class="num">{escape(cell)}</td>' for cell in cells[:4])
        + f'<td class="num">{escape(c.shown_p)}</td><td>{escape(cells[4])}</td>'
        + f'<td class="verdict">{escape(c.verdict)}</td></tr>'
        for c, *cells in rows
    ]


def _histogram(result: GateResult) -> str:
    """Per-sentence chrF change of the sentences whose translation changed, with the corpus delta and its 95%
    bootstrap interval (when chrF is gated)."""
    baseline, candidate = result.sentence_chrf
    deltas = np.asarray(candidate, dtype=float) - np.asarray(baseline, dtype=float)
    changed = deltas[np.asarray(result.changed, dtype=bool)] if result.changed else deltas[:0]
    width, height, left, bottom, top = 900, 260, 50, 36, 16
    if changed.size == 0:
        return "<p>No sentence changed: nothing to plot.</p>"
    chrf = result.chrf_comparison
    span = max(1.0, float(np.abs(changed).max()))
    counts, edges = np.histogram(changed, bins=41, range=(-span, span))
    x = lambda value: left + (value + span) / (2 * span) * (width - left - 10)  # noqa: E731
    y = lambda count: height - bottom - count / counts.max() * (height - bottom - top)  # noqa: E731
    parts = [f'<svg id="delta-plot" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>Per-sentence chrF change</title>']
    if chrf is not None:
        low, high = chrf.ci
        parts.append(f'<rect class="ci" x="{x(low):.1f}" y="{top}" width="{max(1.5, x(high) - x(low)):.1f}" '
                     f'height="{height - bottom - top}" fill="#ffb74d" opacity="0.45"><title>95% bootstrap interval '
                     f'of the corpus {escape(chrf.name)} delta: {low:+.2f} to {high:+.2f}</title></rect>')
        parts.append(f'<line x1="{x(chrf.delta):.1f}" x2="{x(chrf.delta):.1f}" y1="{top}" y2="{height - bottom}" '
                     f'stroke="#e65100" stroke-width="2"/>')
    for count, start, end in zip(counts, edges, edges[1:]):
        if count:
            parts.append(f'<rect class="bar" x="{x(start) + 0.5:.1f}" y="{y(count):.1f}" '
                         f'width="{x(end) - x(start) - 1:.1f}" height="{height - bottom - y(count):.1f}" '
                         f'fill="{"#c62828" if end <= 0 else "#2e7d32" if start >= 0 else "#607d8b"}">'
                         f'<title>{count} sentences, {start:+.1f} to {end:+.1f}</title></rect>')
    axis = height - bottom
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{axis}" y2="{axis}" stroke="#333"/>')
    parts.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top}" y2="{axis}" stroke="#333" stroke-dasharray="3 3"/>')
    for tick in np.linspace(-span, span, 9):
        parts.append(f'<text x="{x(tick):.1f}" y="{axis + 16}" font-size="12" text-anchor="middle">{tick:+.0f}</text>')
    parts.append(f'<text x="{left - 6}" y="{top + 10}" font-size="12" text-anchor="end">{counts.max()}</text>')
    parts.append(f'<text x="{width / 2:.0f}" y="{height - 4}" font-size="12" text-anchor="middle">sentence chrF, '
                 'candidate − baseline (points)</text></svg>')
    caption = f"{changed.size} sentences changed; {int((changed < 0).sum())} lost chrF, {int((changed > 0).sum())} gained."
    if chrf is not None:
        caption += (f" Orange: the corpus {escape(chrf.name)} delta {chrf.delta:+.2f} and its 95% bootstrap interval "
                    f"{chrf.ci[0]:+.2f} to {chrf.ci[1]:+.2f}.")
    return "".join(parts) + f"<p>{caption}</p>"


def _diff(change: SentenceChange) -> str:
    tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return " ".join(tags[part.op].format(escape(part.text)) for part in change.diff)


def _sentence(change: SentenceChange) -> str:
    first_of_code = {code: next(f for f in change.gained_flags if f.code == code) for code in change.gained_codes}
    badges = "".join(f'<span class="badge {escape(flag.severity)}" title="{escape(flag.message)}">'
                     f'{escape(code)}</span>' for code, flag in first_of_code.items())
    if change.worst_rank is not None:
        badges = f'<span class="badge worst">worst #{change.worst_rank}</span>' + badges
    rows = [("source", escape(change.source))] if change.source is not None else []
    rows += [("reference", escape(reference)) for reference in change.references]
    rows += [("baseline", escape(change.baseline)), ("candidate", escape(change.candidate)), ("diff", _diff(change))]
    messages = "".join(f"<li>{escape(flag.code)}: {escape(flag.message)}</li>" for flag in change.gained_flags)
    return (
        f'<div class="sentence" id="line-{change.index + 1}"><h3>Line {change.index + 1}: chrF '
        f'{change.baseline_score:.1f} → {change.candidate_score:.1f} ({change.delta:+.1f}) {badges}</h3>'
        + (f"<ul>{messages}</ul>" if messages else "")
        + "<table>" + "".join(f'<tr><th>{label}</th><td class="{label}">{text}</td></tr>' for label, text in rows)
        + "</table></div>"
    )


def _section(title: str, result: GateResult) -> str:
    signatures = "".join(f"<li><code>{escape(c.signature)}</code></li>" for c in result.gated)
    inputs = "".join(
        f"<li>{escape(role)}: {escape(str(described['file'] or '(unnamed)'))}, {described['lines']} lines, sha256 "
        f"<code>{escape(described['sha256'])}</code></li>"
        for role, described in [("baseline", result.inputs["baseline"]), ("candidate", result.inputs["candidate"]),
                                *(("reference", ref) for ref in result.inputs["refs"]),
                                *([("source", result.inputs["src"])] if result.inputs.get("src") else [])]
    )
    return (
        f'<section class="gate"><h2>{escape(title)}: <span class="status {result.status}">{result.status}</span></h2>'
        '<table class="verdicts"><thead><tr><th>metric / check</th><th>baseline</th><th>candidate</th><th>delta</th>'
        '<th>95% CI of delta</th><th>p</th><th>allowed</th><th>verdict</th></tr></thead><tbody>'
        + "".join(_verdict_rows(result)) + "</tbody></table>"
        + "<h3>Per-sentence chrF change</h3>" + _histogram(result)
        + f"<h3>What broke ({len(result.changes)} sentences)</h3>"
        + ("".join(_sentence(change) for change in result.changes) or "<p>Nothing: no sentence got worse.</p>")
        + f"<h3>Signatures</h3><p><code>{escape(result.signature)}</code></p><ul>{signatures}"
        f"<li><code>{escape(result.sentence_signature)}</code></li></ul><h3>Inputs</h3><ul>{inputs}</ul></section>"
    )


def gate_html(sections: Sequence[tuple[str, GateResult]], title: str = "Translation quality gate") -> str:
    """One HTML page for one gate result or several (an evaluation suite's test sets)."""
    failed = any(result.failed for _, result in sections)
    status, shown = ("failed", "FAILED") if failed else ("passed", "passed") if sections else ("skipped", "not gated")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(title)}: <span class="status {status}">{shown}</span></h1>'
        + ("".join(_section(name, result) for name, result in sections)
           or "<p>No test set was gated: there is no baseline yet.</p>")
        + "</body></html>\n"
    )
