"""What a run did, for people and for machines: glossary counts, the review summary, a document's JSON."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .document import PLACEMENTS, REVIEWED_PLACEMENTS, Document


def plural(number: int, noun: str, plural_form: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural_form or noun + 's'}"


@dataclass(frozen=True)
class GlossaryCounts:
    """Glossary and term-list matches in the source, and how each got into the output."""

    matched: int
    placements: dict[str, int] = field(default_factory=dict)  # placement → terms, every placement listed

    @classmethod
    def of(cls, documents: Sequence[Document]) -> GlossaryCounts:
        terms = [term for document in documents for segment in document.segments for term in segment.terms]
        counts = Counter(term.placement for term in terms)
        return cls(len(terms), {placement: counts.get(placement, 0) for placement in PLACEMENTS})

    @property
    def inserted(self) -> int:
        return self.placements.get("inserted", 0)

    @property
    def reviewed(self) -> int:
        """Terms the model did not write where it wanted to: their sentences are flagged."""
        return sum(self.placements.get(p, 0) for p in REVIEWED_PLACEMENTS)

    def to_json(self) -> dict:
        return {"matched": self.matched, **self.placements}

    def __str__(self) -> str:
        if not self.matched:
            return "no glossary terms matched"
        ways = ", ".join(f"{n} {placement}" for placement, n in self.placements.items() if n)
        return f"{plural(self.matched, 'glossary term')} matched ({ways})"


def review_summary(documents: Sequence[Document]) -> str:
    segments = [s for d in documents for s in d.segments]
    flagged = sum(bool(s.flags) for s in segments)
    return f"{flagged} of {plural(len(segments), 'sentence')} need review"


def document_json(document: Document, *, newsmt_version: str, model: str, signature: str, glossary: str | None) -> dict:
    """`newsmt translate --format json`'s object for one document; the server answers with the same."""
    return {
        "newsmt": newsmt_version,
        "model": model,
        "glossary": glossary,
        "signature": signature,
        "file": document.name,
        "convention": document.convention,
        "glossary_terms": GlossaryCounts.of([document]).to_json(),
        "paragraphs": [p.to_json() for p in document.paragraphs],
    }
