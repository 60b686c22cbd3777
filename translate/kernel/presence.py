"""Is a required English term in a translation? One definition, shared by enforcement and checks."""
from __future__ import annotations

import re
from functools import lru_cache

# An English plural or possessive right after the term still counts ("missiles", "Zelensky's").
_ENGLISH_INFLECTION = r"(?:s|es|'s|’s|'|’)?"


@lru_cache(maxsize=4096)
def _term_pattern(term: str, inflected: bool) -> re.Pattern[str]:
    body = re.escape(term.strip())
    if not inflected:
        return re.compile(rf"(?<!\w){body}(?!\w)")
    # The first letter may be capitalised at the start of a sentence.
    first = term.strip()[:1]
    if first.isalpha() and first.islower():
        body = f"[{re.escape(first)}{re.escape(first.upper())}]" + re.escape(term.strip()[1:])
    return re.compile(rf"(?<!\w){body}{_ENGLISH_INFLECTION}(?!\w)")


def find_term(term: str, text: str, start: int = 0, *, inflected: bool = True) -> tuple[int, int] | None:
    """Span of `term` in `text` as a whole word, or None. `inflected` also accepts a capitalised first letter and
    an English plural or possessive ending (the glossary guarantee); without it only the term verbatim counts
    (the WMT 2023 terminology metric)."""
    if not term.strip():
        return None
    match = _term_pattern(term, inflected).search(text, start)
    return match.span() if match else None


def term_present(term: str, text: str, *, inflected: bool = True) -> bool:
    return find_term(term, text, inflected=inflected) is not None
