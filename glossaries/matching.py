"""Where glossary terms occur in a German sentence: every occurrence, no overlaps.

One overlap rule for everything: matches of an earlier glossary beat a later one's (a sentence's own term
list beats the newsroom glossary), and within one glossary the longest match wins, so "Sicherheitsrat der
Vereinten Nationen" beats "Vereinte Nationen"; for the same span the later entry wins, as later glossary
files override earlier ones.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

from translate.kernel.document import TermMatch

from .entry import Glossary
from .inflection import term_anchors, term_regex

# Entries are looked up by the first letters of their anchor at each word start of the sentence,
# so a glossary of thousands of terms costs little more per sentence than one of ten.
_KEY_LENGTH = 3
_WORD_START = re.compile(r"(?<!\w)")


def entries_by_key(glossary: Glossary) -> dict[str, tuple[int, ...]]:
    by_key: defaultdict[str, set[int]] = defaultdict(set)
    for index, entry in enumerate(glossary.entries):
        for anchor in term_anchors(entry.forms):
            by_key[anchor[:_KEY_LENGTH]].add(index)
    return {key: tuple(indexes) for key, indexes in by_key.items()}


def _candidate_entries(sentence: str, glossary: Glossary) -> list[int]:
    by_key = glossary.index  # built once per glossary, on the glossary itself
    folded = sentence.casefold()
    keys = {""} | {
        folded[start:start + length]
        for start in (m.start() for m in _WORD_START.finditer(folded))
        for length in range(1, _KEY_LENGTH + 1)
    }
    return sorted({index for key in keys for index in by_key.get(key, ())})


def match_terms(sentence: str, glossary: Glossary) -> list[TermMatch]:
    """Glossary terms in `sentence`, sorted by start; `source` is the text as it occurs there."""
    return match_glossaries(sentence, [glossary])


def match_glossaries(sentence: str, glossaries: Sequence[Glossary]) -> list[TermMatch]:
    """Terms of several glossaries in `sentence`, by the module's one overlap rule, sorted by start."""
    candidates = []  # (rank, start, end, entry)
    for rank, glossary in enumerate(glossaries):
        entries = glossary.entries
        for index in _candidate_entries(sentence, glossary):
            for match in term_regex(entries[index].forms, entries[index].case_sensitive).finditer(sentence):
                candidates.append((rank, match.start(), match.end(), index, entries[index]))
    candidates.sort(key=lambda c: (c[0], c[1] - c[2], c[1], -c[3]))
    # The spans taken so far, disjoint and in order: a candidate can only overlap its neighbours there, so each
    # costs a binary search, not a look at every span taken (quadratic in a long sentence full of terms).
    starts: list[int] = []
    chosen: list[tuple[int, int, str]] = []
    for _, start, end, _, entry in candidates:
        place = bisect_right(starts, start)
        if (place and chosen[place - 1][1] > start) or (place < len(starts) and starts[place] < end):
            continue
        starts.insert(place, start)
        chosen.insert(place, (start, end, entry.target))
    return [TermMatch(source=sentence[start:end], target=target, start=start, end=end) for start, end, target in chosen]


class GlossaryMatcher:
    """The pipeline's term matcher: a paragraph's own term list first, then the glossaries in order."""

    def __init__(self, glossaries: Sequence[Glossary]):
        self.glossaries = tuple(glossaries)
        self.signature = "+".join(g.signature for g in self.glossaries) or "none"

    def match(self, sentence: str, term_list: Glossary | None = None) -> list[TermMatch]:
        glossaries = self.glossaries if term_list is None else (term_list, *self.glossaries)
        return match_glossaries(sentence, glossaries)
