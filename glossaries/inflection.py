"""The German spellings of a term as one regular expression: inflected, compounded, capitalised.

Terms are listed in their dictionary form ("Nationaler Sicherheitsrat"); news copy inflects them
("des Nationalen Sicherheitsrats"), puts them into hyphenated compounds ("Kreml-Sprecher") and
capitalises them at the start of a sentence. A plain letter after a word's endings makes it a
different word ("Kremlin", "Natoanleihe", "Iraner") and does not match.
Each spelling also has an anchor, the text every match starts with, to find candidates fast.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Genitive -s/-es, plural and dative -e/-n/-en: Kremls, Sicherheitsrates, Raketen, Marschflugkörpern.
# Not -er: "Iraner" and "Kiewer" are other words than "Iran" and "Kiew".
_NOUN_ENDINGS = "(?:es|en|s|n|e)?"
# An adjective changes its ending: Islamisch-e/-en/-er/-es/-em.
_ADJECTIVE_ENDINGS = ("em", "en", "er", "es", "e")
_ADJECTIVE_ENDING_PATTERN = "(?:em|en|er|es|e)?"
_SHORTEST_ADJECTIVE_STEM = 3
_HYPHEN = "[-‐‑]"  # hyphen-minus, Unicode hyphen, non-breaking hyphen: all occur in wire copy


def _adjective_stem(word: str) -> str | None:
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST_ADJECTIVE_STEM:
            return word[: -len(ending)]
    return None


def _modifier_stem(word: str, *, modifier: bool) -> str | None:
    # Words before the last one, and lowercase words, may be adjectives ("Vereinte" → "Vereinten").
    return _adjective_stem(word) if modifier or word[:1].islower() else None


def _inflected(word: str, *, modifier: bool) -> str:
    """A word without hyphens, with the endings German may add to it."""
    alternatives = [re.escape(word) + _NOUN_ENDINGS]
    stem = _modifier_stem(word, modifier=modifier)
    if stem:
        alternatives.append(re.escape(stem) + _ADJECTIVE_ENDING_PATTERN)
    return "(?:" + "|".join(alternatives) + ")"


def _word_pattern(word: str, *, modifier: bool) -> str:
    # In a hyphenated compound only the last part inflects: "UN-Sicherheitsrats".
    *head, last = word.split("-")
    return "".join(re.escape(part) + _HYPHEN for part in head) + _inflected(last, modifier=modifier)


def form_pattern(form: str) -> str:
    """Regular expression (without boundaries) for one spelling of a term."""
    words = form.split()
    return r"\s+".join(
        _word_pattern(word, modifier=index < len(words) - 1) for index, word in enumerate(words)
    )


def _anchor(form: str) -> str:
    """The start of the first word, which every match of `form` contains whatever its ending."""
    words = form.split()
    if not words:
        return ""
    first, *rest = words[0].split("-")
    if rest:
        return first.casefold()  # only the last part of a compound inflects
    return (_modifier_stem(first, modifier=len(words) > 1) or first).casefold()


@lru_cache(maxsize=65536)
def term_anchors(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Per spelling, the casefolded text every match of it starts with (see `_anchor`)."""
    return tuple(_anchor(form) for form in forms)


@lru_cache(maxsize=65536)
def term_regex(forms: tuple[str, ...], case_sensitive: bool) -> re.Pattern[str]:
    """One pattern for all spellings of an entry, matching whole words only.

    A hyphen may follow (compounds such as "NATO-Staaten"), a letter may not.
    """
    # Longer spellings first: at one position the regex takes the first alternative that fits.
    spellings = sorted((f for f in forms if f.strip()), key=len, reverse=True)
    body = "|".join(form_pattern(f) for f in spellings) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if case_sensitive else re.IGNORECASE)
