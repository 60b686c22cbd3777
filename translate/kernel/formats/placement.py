"""Where an inline element's German text landed in the English: pure string work, no markup.

An element is placed around (1) its own text found verbatim in the English (names, numbers),
(2) the English of the whole sentences it spans, or (3) the English of the glossary terms inside it.
When a text occurs more than once, the occurrence nearest the element's relative position wins,
which also makes an identity "translation" put every element back exactly where it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from translate.kernel.document import Segment

Span = tuple[int, int]


@dataclass(frozen=True)
class Alignment:
    """Block-level offsets of the sentence pairs and term matches of one block."""

    sentences: list[tuple[Span, Span]]  # (German span, English span), only those found in both texts
    terms: list[tuple[Span, str]]  # (German span of the term, English target)

    @classmethod
    def build(cls, source: str, english: str, segments: Sequence[Segment]) -> Alignment:
        sentences, terms = [], []
        source_cursor = english_cursor = 0
        for segment in segments:
            start = source.find(segment.source, source_cursor) if segment.source else -1
            if start < 0:
                continue
            source_span = (start, start + len(segment.source))
            source_cursor = source_span[1]
            terms.extend(((start + t.start, start + t.end), t.target) for t in segment.terms if t.target)
            target = english.find(segment.target, english_cursor) if segment.target else -1
            if target >= 0:
                english_cursor = target + len(segment.target)
                sentences.append((source_span, (target, english_cursor)))
        return cls(sentences, terms)


NO_ALIGNMENT = Alignment([], [])


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (_is_word(text[start - 1]) and _is_word(text[start]))


def _ends_word(text: str, end: int) -> bool:
    return end == len(text) or not (_is_word(text[end - 1]) and _is_word(text[end]))


def _overlaps(span: Span, taken: Sequence[Span]) -> bool:
    return any(span[0] < t_end and t_start < span[1] for t_start, t_end in taken)


def expected_position(source_pos: int, source_range: Span, english_range: Span) -> float:
    """Where `source_pos` would fall in the English if both texts ran at the same pace."""
    source_len = max(source_range[1] - source_range[0], 1)
    return english_range[0] + (source_pos - source_range[0]) * (english_range[1] - english_range[0]) / source_len


def _nearest(candidates: list[Span], expected: float) -> Span | None:
    return min(candidates, key=lambda span: (abs(span[0] - expected), span[0]), default=None)


def _occurrences(needle: str, english: str, english_range: Span) -> list[Span]:
    found, start = [], english.find(needle, english_range[0], english_range[1])
    while needle and start >= 0:
        found.append((start, start + len(needle)))
        start = english.find(needle, start + 1, english_range[1])
    return found


def find_span(
    source: str,
    element: Span,
    source_range: Span,
    english: str,
    english_range: Span,
    taken: Sequence[Span],
    alignment: Alignment = NO_ALIGNMENT,
) -> Span | None:
    """The English span for the German text source[element], inside english_range, free of `taken`."""
    text = source[element[0] : element[1]]
    expected = expected_position(element[0], source_range, english_range)

    # (1) verbatim, honouring word boundaries where the German had them ("EU" must not match in "EUR")
    verbatim = [
        span
        for span in _occurrences(text, english, english_range)
        if not _overlaps(span, taken)
        and (not _starts_word(source, element[0]) or _starts_word(english, span[0]))
        and (not _ends_word(source, element[1]) or _ends_word(english, span[1]))
    ]
    if verbatim:
        return _nearest(verbatim, expected)

    # (2) the element spans whole sentences (or the whole block): it gets their English
    if element == source_range and not _overlaps(english_range, taken):
        return english_range
    inside = [pair for pair in alignment.sentences if element[0] <= pair[0][0] and pair[0][1] <= element[1]]
    if inside and inside[0][0][0] == element[0] and inside[-1][0][1] == element[1]:
        span = (inside[0][1][0], inside[-1][1][1])
        if english_range[0] <= span[0] and span[1] <= english_range[1] and not _overlaps(span, taken):
            return span

    # (3) glossary terms inside the element: the English from the first to the last of their targets
    targets = []
    for (term_start, term_end), target in alignment.terms:
        if element[0] <= term_start and term_end <= element[1]:
            term_expected = expected_position(term_start, source_range, english_range)
            candidates = [s for s in _occurrences(target, english, english_range) if not _overlaps(s, taken)]
            best = _nearest(candidates, term_expected)
            if best is not None:
                targets.append(best)
    if targets:
        span = (min(s for s, _ in targets), max(e for _, e in targets))
        if not _overlaps(span, taken):
            return span
    return None


def point_position(source: str, source_pos: int, source_range: Span, english: str, english_range: Span) -> int:
    """Where an element without text (<br>, <img>, a comment) goes: same relative place, not inside a word
    unless it was inside one in the German."""
    pos = round(expected_position(source_pos, source_range, english_range))
    pos = min(max(pos, english_range[0]), english_range[1])
    inside_word = lambda text, i: 0 < i < len(text) and _is_word(text[i - 1]) and _is_word(text[i])  # noqa: E731
    if inside_word(english, pos) and not inside_word(source, source_pos):
        right = pos
        while right < english_range[1] and inside_word(english, right):
            right += 1
        left = pos
        while left > english_range[0] and inside_word(english, left):
            left -= 1
        pos = left if pos - left <= right - pos else right
    return pos
