"""What a glossary is: entries (German term → required English term) and a reproducible identity."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class GlossaryEntry:
    source: str  # German dictionary form, e.g. "Nationaler Sicherheitsrat"
    target: str  # English term the translation must contain verbatim
    variants: tuple[str, ...] = ()  # other German spellings of the same term
    case_sensitive: bool = False
    note: str | None = None
    origin: str = ""  # "file:line" where the entry was written

    @property
    def forms(self) -> tuple[str, ...]:
        """Every German spelling that should be matched."""
        return (self.source, *self.variants)

    @property
    def key(self) -> str:
        """Two entries with the same key are the same term (a later one overrides)."""
        return self.source if self.case_sensitive else self.source.casefold()

    @property
    def behaviour(self) -> tuple:
        """The fields that change what a translation must contain; notes and origins do not."""
        return (self.source, self.target, self.variants, self.case_sensitive)


# Compared by identity; the same terms give the same signature.
@dataclass(frozen=True, eq=False)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    signature: str  # e.g. "news-de-en.tsv@sha256:1a2b3c4d|entries:73"; several joined with "+"
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def index(self) -> dict[str, tuple[int, ...]]:
        """Entries by the first letters of their anchors: kept with the glossary, so a throwaway glossary
        (one sentence's term list) cannot push the newsroom glossary's index out of a shared cache."""
        from .matching import entries_by_key

        return entries_by_key(self)

    @classmethod
    def from_entries(cls, entries: Iterable[GlossaryEntry], name: str, warnings: Iterable[str] = ()) -> Glossary:
        entries = tuple(entries)
        return cls(entries, signature_of(name, entries), list(warnings))


def signature_of(name: str, entries: tuple[GlossaryEntry, ...]) -> str:
    """Like sacrebleu's signatures: the same signature means the same terms are enforced."""
    canonical = json.dumps([list(entry.behaviour) for entry in entries], ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]
    return f"{name}@sha256:{digest}|entries:{len(entries)}"
