"""Text → paragraphs, by the rule every entry point shares (README "Paragraphs"):

- Blank lines (empty, or only white space: spaces, tabs, no-break spaces, form feeds…, and invisible characters:
  zero-width spaces and joiners, word joiners, soft hyphens, BOMs; textio.is_blank) at the start and end of a
  text surround it; they are not paragraphs.
- If a blank line remains between two lines of text, paragraphs are separated by blank lines ("blank-line"
  convention): single newlines inside a paragraph are soft wraps, and each further pair of blank lines
  between two paragraphs is an empty paragraph (so 3 blank lines hold one, 5 hold two).
- Otherwise every line is a paragraph ("line" convention).

A paragraph's text is kept exactly as written (soft wraps and indentation included), so a translation
written back with the same convention reads back as the same number of paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Convention
from .textio import is_blank


@dataclass(frozen=True)
class Paragraphs:
    texts: list[str]  # one per paragraph, exactly as in the text; "" for an empty paragraph
    convention: Convention


def split_paragraphs(text: str) -> Paragraphs:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if not is_blank(line)), len(lines))
    last = next((i for i in range(len(lines) - 1, first - 1, -1) if not is_blank(lines[i])), first - 1)
    lines = lines[first : last + 1]  # slicing, not popping from the front: that was quadratic in blank lines
    if not any(is_blank(line) for line in lines):
        return Paragraphs(lines, "line")
    texts: list[str] = []
    current: list[str] = []
    blank_run = 0
    for line in lines:
        if is_blank(line):
            blank_run += 1
            continue
        if current and blank_run:
            texts.append("\n".join(current))
            texts.extend([""] * ((blank_run - 1) // 2))
            current = []
        blank_run = 0
        current.append(line)
    texts.append("\n".join(current))
    return Paragraphs(texts, "blank-line")
