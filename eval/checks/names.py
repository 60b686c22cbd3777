"""`missing-name`: a name in the source (person, place, organisation) that the output lacks.

German capitalises every noun, so capitals alone do not find names, and a lexicon does not either:
"Müller", "Essen" and "Bayern" are words as well as names. HanTa, a German part-of-speech tagger,
tells proper nouns (NE) from common nouns (NN) by the sentence around them; foreign words (FM:
"Recep Tayyip", "Open") and acronyms (SPD, A7) are kept as names too, since they pass into English
unchanged.

A name counts as present when the output has it up to case, accents, a German genitive -s and a
small spelling difference ("Özils" ~ "Ozil's", "Rödental" ~ "Roedental"). Names that have an English
form of their own are the other way a name leaves the output legitimately: countries and regions
come from CLDR (via Babel: Deutschland → Germany), and a city such as München → Munich is accepted
when the output brings in a new capitalised word with the same start. Names inside a glossary term
are left to `missing-term`, which checks the glossary's rendering (Selensky → Zelensky).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from glossaries.function_words import ENGLISH_FUNCTION_WORDS
from translate.kernel.document import Flag, TermMatch

from .base import Check
from .tag_store import hanta_tag_store

NAME_TAGS = frozenset({"NE", "FM"})
SIMILAR_SPELLING = 0.8  # difflib ratio above which two spellings are the same name
TOKEN = re.compile(r"\w+(?:['’.]\w+)*|[^\w\s]")
WORD = re.compile(r"[^\W\d_]+")
ALNUM = re.compile(r"\w+")
DOTTED_ACRONYM = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\b|[A-Z]\.)")
GERMAN_INFLECTIONS = ("s", "'", "’", "es", "n")  # Merkels, Strauß', Niederlanden
SAME_SOUND = str.maketrans("kjw", "cyv")  # Köln/Cologne, Pjöngjang/Pyongyang, Wien/Vienna


@dataclass(frozen=True)
class Name:
    text: str
    span: tuple[int, int]


@cache
def tagger():
    from HanTa import HanoverTagger  # imported late: loading the model takes a moment

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@cache
def german_to_english_place_names() -> dict[str, str]:
    """CLDR's German names of countries and regions, normalised, mapped to their English names."""
    from babel import Locale

    english = Locale("en").territories
    return {normalise(name): english[code] for code, name in Locale("de").territories.items() if code in english}


@lru_cache(maxsize=65536)  # called for every output word against every name: the same words again and again
def normalise(text: str) -> str:
    """Case, accents and ß do not tell names apart across languages."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)  # the same source is often checked against several outputs
def source_names(source: str) -> tuple[Name, ...]:
    tokens = [(match.group(), match.span()) for match in TOKEN.finditer(source)]
    if not tokens:
        return ()
    tags = hanta_tag_store().tags([text for text, _ in tokens], lambda words: tagger().tag_sent(words, taglevel=0))
    return tuple(
        Name(text, span)
        for (text, span), tag in zip(tokens, tags)
        if len(text) > 1 and (text.isupper() or (tag in NAME_TAGS and text[0].isupper()))
    )


def spelling_variants(name: str) -> set[str]:
    """The name, and the name without a German inflection ending it may carry."""
    base = normalise(name)
    stems = {base[: -len(end)] for end in GERMAN_INFLECTIONS if base.endswith(end) and len(base) > len(end) + 2}
    return {base} | stems


def similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b)
    # the cheap upper bounds first: most pairs of words are far apart
    return (matcher.real_quick_ratio() >= SIMILAR_SPELLING and matcher.quick_ratio() >= SIMILAR_SPELLING
            and matcher.ratio() >= SIMILAR_SPELLING)


def name_in(name: str, target_words: Sequence[str], target_text: str) -> bool:
    variants = spelling_variants(name)
    places = german_to_english_place_names()
    if any(normalise(places[v]) in target_text for v in variants if v in places):
        return True
    if name.isupper():  # an acronym may lose or gain a letter: USA/US, UNO/UN
        acronym = normalise(name)
        return any(len(word) > 1 and (word.startswith(acronym) or acronym.startswith(word)) for word in target_words)
    return any(
        variant == word or (len(variant) > 3 and similar(variant, word))
        for variant in variants
        for word in target_words
    )



def same_start(german: str, english: str) -> bool:
    """München/Munich, Neapel/Naples, WM/World Cup: an English form that starts the same way."""
    letters = 1 if german.isupper() else 2  # an acronym's letters start the words it stands for
    return normalise(german)[:letters].translate(SAME_SOUND) == normalise(english)[:letters].translate(SAME_SOUND)


def missing_names(source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Name]:
    target = DOTTED_ACRONYM.sub("", target)  # "U.S." is "US"
    target_text = normalise(target)
    target_words = [normalise(word) for word in ALNUM.findall(target)]
    absent = {}  # a name written twice is reported once, at its first place
    for name in source_names(source):
        if name.text in absent or any(term.start <= name.span[0] and name.span[1] <= term.end for term in terms):
            continue
        if not name_in(name.text, target_words, target_text):
            absent[name.text] = name
    if not absent:
        return []
    # Capitalised output words the source does not have may be the English names of absent German
    # ones; a capitalised "The" or "We" only starts the sentence.
    source_words = {normalise(w) for w in ALNUM.findall(source)}
    new_words = [
        w
        for w in WORD.findall(target)
        if w[0].isupper() and normalise(w) not in source_words and w.lower() not in ENGLISH_FUNCTION_WORDS
    ]
    missing = []
    for name in absent.values():
        exonym = next((w for w in new_words if same_start(name.text, w)), None)
        if exonym is None:
            missing.append(name)
        else:
            new_words.remove(exonym)
    return missing


def joined_runs(names: list[Name], source: str) -> list[Name]:
    """Adjacent missing names ("Recep Tayyip Erdogan") are reported as one."""
    runs: list[Name] = []
    for name in names:
        if runs and not source[runs[-1].span[1] : name.span[0]].strip():
            start = runs[-1].span[0]
            runs[-1] = Name(source[start : name.span[1]], (start, name.span[1]))
        else:
            runs.append(name)
    return runs


class MissingName(Check):
    code = "missing-name"
    severity = "warning"  # HanTa is right about most names, not all
    # HanTa takes about a millisecond a word and every name is compared with every output word: beyond about
    # the model's input limit (512 tokens) the time grows with the square of the length.
    max_chars = 3000

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        if not target.strip():
            return []
        missing = joined_runs(missing_names(source, target, terms), source)
        return [self.flag(f'the name "{name.text}" is not in the output', name.span) for name in missing]
