"""Terminology success rate, as in the WMT 2023 terminology task: the share of required English terms
that the translation contains, verbatim and as lemmas."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import simplemma

from glossaries import Glossary, load_term_lists
from translate.kernel.presence import term_present

# WMT 2023 counted a term when it occurs in the output as a substring ("regex"), or after lemmatizing output
# and term ("lemma_regex", Stanza). We ask for whole words in both (so "ion" is not found in "infection"),
# lemmatize with simplemma and fold case; a verbatim hit always counts for the lemma rate as well.
SIGNATURE = f"terms|exact:words|lemma:simplemma-{simplemma.__version__}+casefold"


def required_targets(term_lists: Sequence[Glossary]) -> list[list[str]]:
    """The English terms each segment must contain."""
    return [[entry.target for entry in terms.entries] for terms in term_lists]


def read_term_lists(path: str | Path) -> list[list[str]]:
    """Per-segment required terms from a JSON-lines file, read like `newsmt translate --terms` reads it."""
    return required_targets(load_term_lists(path))


@lru_cache(maxsize=65536)
def _lemma(token: str) -> str:
    return simplemma.lemmatize(token, lang="en").casefold()


def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(_lemma(token) for token in simplemma.simple_tokenizer(text))


def _contains(tokens: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(tokens[i:i + n] == part for i in range(len(tokens) - n + 1))


class TermCounts(NamedTuple):
    """Required terms of one segment (or a whole corpus) and how many of them the translation has."""

    n_terms: int
    n_found: int
    n_found_lemma: int


@dataclass(frozen=True)
class TermScore:
    total: TermCounts
    segments: list[TermCounts] | None = None

    def _rate(self, found: int) -> float | None:
        return found / self.total.n_terms if self.total.n_terms else None

    @property
    def success_rate(self) -> float | None:
        return self._rate(self.total.n_found)

    @property
    def success_rate_lemma(self) -> float | None:
        return self._rate(self.total.n_found_lemma)

    def to_json(self) -> dict:
        return {
            "success_rate": self.success_rate,
            "success_rate_lemma": self.success_rate_lemma,
            "n_terms": self.total.n_terms,
            "n_found": self.total.n_found,
            "n_found_lemma": self.total.n_found_lemma,
            "signature": SIGNATURE,
        }


def count_terms(hyp: str, terms: Sequence[str]) -> TermCounts:
    exact = [term_present(term, hyp, inflected=False) for term in terms]
    hyp_lemmas = _lemmas(hyp)
    lemma = [found or _contains(hyp_lemmas, _lemmas(term)) for found, term in zip(exact, terms)]
    return TermCounts(len(terms), sum(exact), sum(lemma))


def term_success(hyps: Sequence[str], term_lists: Sequence[Sequence[str]], *, segments: bool = False) -> TermScore:
    """Success rate of `hyps` against the required terms of each segment (lists aligned with `hyps`)."""
    per_segment = [count_terms(hyp, terms) for hyp, terms in zip(hyps, term_lists, strict=True)]
    total = TermCounts(*(sum(column) for column in zip(*per_segment))) if per_segment else TermCounts(0, 0, 0)
    return TermScore(total, per_segment if segments else None)
