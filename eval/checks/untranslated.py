"""`untranslated`: the output is the German source, or largely German.

Two measures, compared on newstest2018/2019 (README, quality checks): lingua's German-vs-English confidence
catches short and name-free German lines, but is fooled by English sentences full of German names
(team line-ups, "Linz: Garden hut in Schrebergartensiedlung burnt"). Function words are the
opposite: names carry none, so a line with more English than German function words is English
whatever its names. A line is flagged when function words do not say English and lingua says German;
a line without a single lower-case word is names and numbers, which have no language to judge.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from glossaries.function_words import ENGLISH_FUNCTION_WORDS, GERMAN_FUNCTION_WORDS
from translate.kernel.document import Flag, TermMatch

from .base import Check

GERMAN_CONFIDENCE = 0.9
GERMAN_CONFIDENCE_WITHOUT_FUNCTION_WORDS = 0.95  # "Mesut Özil was born in Gelsenkirchen." scores 0.94

WORD = re.compile(r"[^\W\d_]+")


@cache
def detector():
    # Built once, on first use: restricting lingua to the two languages makes it both faster and more accurate.
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


def function_word_counts(text: str) -> tuple[int, int]:
    """(German, English) function words in `text`."""
    words = [w.lower() for w in WORD.findall(text)]
    return sum(w in GERMAN_FUNCTION_WORDS for w in words), sum(w in ENGLISH_FUNCTION_WORDS for w in words)


def german_confidence(text: str) -> float:
    from lingua import Language

    return detector().compute_language_confidence(text, Language.GERMAN)


def looks_german(text: str) -> float | None:
    """lingua's confidence that `text` is German when that is the verdict, else None."""
    german, english = function_word_counts(text)
    if english > german:  # decided without lingua, which is the slow part
        return None
    confidence = german_confidence(text)
    needed = GERMAN_CONFIDENCE if german else GERMAN_CONFIDENCE_WITHOUT_FUNCTION_WORDS
    return confidence if confidence >= needed else None


class Untranslated(Check):
    code = "untranslated"
    severity = "error"

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        if not any(word[0].islower() for word in WORD.findall(target)):
            return []  # names and numbers only ("Bruchsal.", a team line-up): no language to judge
        confidence = looks_german(target)
        if confidence is None:
            return []
        if " ".join(target.split()) == " ".join(source.split()):
            return [self.flag("the output is the German source, copied")]
        return [self.flag(f"the output looks German (lingua confidence {confidence:.2f})")]
