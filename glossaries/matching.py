"""Where glossary terms occur in a German sentence: every occurrence, longest first, no overlaps."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from translate.kernel.document import TermMatch

from .entry import Glossary
from .inflection import term_anchors, term_regex

# Entries are looked up by the first letters of their anchor at each word start of the sentence,
# so a glossary of thousands of terms costs little more per sentence than one of ten.
_KEY_LENGTH = 3
_WORD_START = re.compile(r"(?<!\w)")


@lru_cache(maxsize=16)
def _entries_by_key(glossary: Glossary) -> dict[str, tuple[int, ...]]:
    by_key: defaultdict[str, set[int]] = defaultdict(set)
    for index, entry in enumerate(glossary.entries):
        for anchor in term_anchors(entry.forms):
            by_key[anchor[:_KEY_LENGTH]].add(index)
    return {key: tuple(indexes) for key, indexes in by_key.items()}


def _candidate_entries(sentence: str, glossary: Glossary) -> list[int]:
    by_key = _entries_by_key(glossary)
    folded = sentence.casefold()
    keys = {""} | {
        folded[start:start + length]
        for start in (m.start() for m in _WORD_START.finditer(folded))
        for length in range(1, _KEY_LENGTH + 1)
    }
    return sorted({index for key in keys for index in by_key.get(key, ())})


def match_terms(sentence: str, glossary: Glossary) -> list[TermMatch]:
    """Glossary terms in `sentence`, sorted by start; `source` is the text as it occurs there."""
    entries = glossary.entries
    candidates = [
        (match.start(), match.end(), index)
        for index in _candidate_entries(sentence, glossary)
        for match in term_regex(entries[index].forms, entries[index].case_sensitive).finditer(sentence)
    ]
    # Longest first, so "Sicherheitsrat der Vereinten Nationen" beats "Vereinte Nationen";
    # for the same span the later entry wins, as later glossaries override earlier ones.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], -c[2]))
    chosen: list[tuple[int, int, int]] = []
    for start, end, index in candidates:
        if all(end <= taken_start or start >= taken_end for taken_start, taken_end, _ in chosen):
            chosen.append((start, end, index))
    return [
        TermMatch(source=sentence[start:end], target=entries[index].target, start=start, end=end)
        for start, end, index in sorted(chosen)
    ]
