"""The gate's "what broke" section in Markdown, short enough for a pull-request comment: three lines per sentence,
every text escaped (sources come from users, and a `|`, `*` or `<` in them must not turn into markup)."""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from .sentences import SentenceChange

# Sentences that gained a flag but are not among the --worst: this many are shown, the rest listed by line number
# (all of them are in the JSON and HTML reports). With the default --worst 10 a summary stays near 100 lines.
MARKDOWN_FLAGGED = 20

_MARKUP = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Text shown as itself in GitHub/GitLab Markdown: HTML special characters and Markdown punctuation escaped."""
    return _MARKUP.sub(r"\\\1", html.escape(text, quote=False))


def _diff(change: SentenceChange) -> str:
    marks = {"equal": "{}", "delete": "~~{}~~", "insert": "**{}**"}
    return " ".join(marks[part.op].format(escape(part.text)) for part in change.diff)


def _sentence(change: SentenceChange) -> list[str]:
    head = (
        f"- **line {change.index + 1}**: chrF {change.baseline_score:.1f} → {change.candidate_score:.1f} "
        f"({change.delta:+.1f})"
    )
    if change.worst_rank is not None:
        head += f", worst #{change.worst_rank}"
    if change.gained_flags:
        head += "; gained " + "; ".join(f"`{flag.code}`: {escape(flag.message)}" for flag in change.gained_flags)
    texts = [("de", change.source)] if change.source is not None else []
    texts += [("ref", reference) for reference in change.references]
    texts += [("baseline", change.baseline), ("candidate", change.candidate)]
    body = "<br>".join(f"{label}: {escape(text)}" for label, text in texts) + f"<br>diff: {_diff(change)}"
    return [head, f"  <br>{body}"]


def what_broke_markdown(changes: Sequence[SentenceChange], worst: int, sentence_signature: str) -> list[str]:
    if not changes:
        return ["#### What broke", "", "No sentence's chrF fell and no sentence gained a quality flag."]
    flagged = [change for change in changes if change.gained_flags]
    n_worst = sum(change.worst_rank is not None for change in changes)
    shown_flagged = [change for change in flagged if change.worst_rank is None][:MARKDOWN_FLAGGED]
    shown = [change for change in changes if change.worst_rank is not None or change in shown_flagged]
    lines = [
        "#### What broke",
        "",
        f"The {n_worst} sentences whose chrF fell most (`--worst {worst}`) and {len(flagged)} that gained a quality "
        f"flag; diff from baseline to candidate, ~~removed~~ **added**. Sentence scores: `{sentence_signature}`.",
        "",
    ]
    for change in shown:
        lines += _sentence(change)
    hidden = [change for change in flagged if change not in shown]
    if hidden:
        lines += ["", f"{len(hidden)} more sentences gained a flag (in the JSON and HTML reports): lines "
                  + ", ".join(str(change.index + 1) for change in hidden) + "."]
    return lines
