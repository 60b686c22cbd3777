"""The document pipeline: text → paragraphs → sentences → model → text, over `Document`.

Each stage is a small function over the list of all segments of one call (one or many documents),
so that batching sees every sentence at once and the stages stay independent of each other.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from glossaries import Glossary, match_terms
from translate.kernel.presence import term_present

from .backend import TranslationBackend
from translate.kernel.document import Convention, Document, Paragraph, Segment, TermMatch
from translate.kernel.errors import InputError
from .longsplit import split_to_fit
from .segment import split_paragraphs, split_sentences

Stage = Callable[[list[Segment]], None]
TermLists = Sequence[Glossary]  # one per paragraph: per-sentence term lists such as WMT 2023's


def build_document(text: str, name: str | None = None, convention: Convention | None = None) -> Document:
    """Paragraphs and sentences of a text; `convention="line"` forces one paragraph per line."""
    if convention == "line":
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        paragraphs, convention = [line.strip() for line in lines], "line"
    else:
        split = split_paragraphs(text)
        paragraphs, convention = split.texts, split.convention
    return Document(
        paragraphs=[Paragraph(p, [Segment(s) for s in split_sentences(p)]) for p in paragraphs],
        convention=convention,
        name=name,
    )


def match_glossaries(sentence: str, glossaries: Sequence[Glossary]) -> list[TermMatch]:
    """Terms of several glossaries, the first one's matches winning where two overlap."""
    chosen: list[TermMatch] = []
    for glossary in glossaries:
        for match in match_terms(sentence, glossary):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


def attach_terms(document: Document, glossary: Glossary | None, term_lists: TermLists | None) -> None:
    """Glossary stage: fill Segment.terms; a paragraph's own term list is more specific than the glossary."""
    if term_lists is not None and len(term_lists) != len(document.paragraphs):
        raise InputError(
            f"{document.name or 'input'}: has {len(document.paragraphs)} paragraphs but the term lists have "
            f"{len(term_lists)} lines; give one list per paragraph (line)"
        )
    for index, paragraph in enumerate(document.paragraphs):
        glossaries = [g for g in ((term_lists[index] if term_lists else None), glossary) if g is not None]
        for segment in paragraph.segments:
            segment.terms = match_glossaries(segment.source, glossaries)


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="sent", desc="translating", leave=False)


@dataclass(frozen=True)
class _Unit:
    """What the model sees: a sentence, or a part of one over the input limit."""

    segment: int
    text: str
    length: int
    target_terms: tuple[str, ...]


def _terms_of_parts(parts: list[str], terms: list[TermMatch]) -> list[tuple[str, ...]]:
    """Give each term of a split sentence to the first part that contains its German text."""
    per_part: list[list[str]] = [[] for _ in parts]
    for term in terms:
        holder = next((i for i, part in enumerate(parts) if term.source in part), 0)
        per_part[holder].append(term.target)
    return [tuple(t) for t in per_part]


class ModelStage:
    """Translate every segment: long sentences in parts, sorted by length into batches; the
    segment's glossary targets go to the backend so it can steer decoding towards them."""

    def __init__(self, backend: TranslationBackend, *, batch_size: int, beam: int | None, progress: bool):
        self.backend = backend
        self.batch_size = batch_size
        self.beam = beam
        self.progress = progress

    def units(self, segments: Sequence[Segment]) -> list[_Unit]:
        limit = self.backend.max_input_tokens
        units = []
        for index, (segment, length) in enumerate(zip(segments, self.backend.count_tokens([s.source for s in segments]))):
            if length <= limit:
                units.append(_Unit(index, segment.source, length, tuple(t.target for t in segment.terms)))
                continue
            parts = split_to_fit(segment.source, lambda t: self.backend.count_tokens([t])[0], limit)
            units.extend(
                _Unit(index, part, n, terms)
                for part, n, terms in zip(parts, self.backend.count_tokens(parts), _terms_of_parts(parts, segment.terms))
            )
        return units

    def __call__(self, segments: list[Segment]) -> None:
        units = self.units(segments)
        # Longest first, ties in document order: similar lengths share a batch (little padding)
        # and the order, hence the output, is deterministic.
        order = sorted(range(len(units)), key=lambda u: -units[u].length)
        outputs: list[str] = [""] * len(units)
        with _progress(len(units), self.progress) as bar:
            for start in range(0, len(order), self.batch_size):
                batch = [units[u] for u in order[start : start + self.batch_size]]
                translated = self.backend.translate_batch(
                    [u.text for u in batch], beam=self.beam, target_terms=[u.target_terms for u in batch]
                )
                for u, text in zip(order[start : start + self.batch_size], translated, strict=True):
                    outputs[u] = text.text.strip()
                bar.update(len(batch))
        parts: dict[int, list[str]] = {}
        for unit, text in zip(units, outputs):
            parts.setdefault(unit.segment, []).append(text)
        for index, texts in parts.items():
            segments[index].target = " ".join(t for t in texts if t)


_FINAL_PUNCTUATION = re.compile(r"[.!?…]+[\"”’»)]*$")

INSERTED = "not produced by the model; inserted after decoding"


def insert_term(target: str, term: str) -> str:
    """Put a term the model did not produce at the end of the sentence, before its final punctuation."""
    final = _FINAL_PUNCTUATION.search(target)
    if final is None:
        return f"{target} {term}".strip()
    return f"{target[: final.start()].rstrip()} {term}{target[final.start():]}".strip()


@dataclass(frozen=True)
class GlossaryCounts:
    """Glossary and term-list matches in the source, and what the pipeline did with them."""

    matched: int
    applied: int
    inserted: int  # the model did not produce the term; the pipeline put it in after decoding

    @classmethod
    def of(cls, documents: Sequence[Document]) -> GlossaryCounts:
        terms = [term for document in documents for segment in document.segments for term in segment.terms]
        return cls(len(terms), sum(t.applied for t in terms), sum(t.reason == INSERTED for t in terms))

    def to_json(self) -> dict:
        return {"matched": self.matched, "applied": self.applied, "inserted": self.inserted}

    def __str__(self) -> str:
        note = f" ({self.inserted} inserted after decoding)" if self.inserted else ""
        return f"{self.matched} terms matched, {self.applied} applied{note}"


class TermCheckStage:
    """The glossary guarantee, kept by the pipeline whatever the backend: every matched term's English
    form is in the output. A term the backend did not place is inserted, and the report says so."""

    def __call__(self, segments: list[Segment]) -> None:
        for segment in segments:
            for term in segment.terms:
                if not term_present(term.target, segment.target):
                    segment.target = insert_term(segment.target, term.target)
                    term.reason = INSERTED
                term.applied = True


class QualityStage:
    """Reference-free checks on every sentence pair: the flags an editor reviews before publishing."""

    def __init__(self):
        from eval.checks import run_checks  # the checks' resources load only when the stage is used

        self.run_checks = run_checks

    def __call__(self, segments: list[Segment]) -> None:
        for segment in segments:
            segment.flags = self.run_checks(segment.source, segment.target, segment.terms)


class Translator:
    """German→English translation of whole documents.

    >>> translator = Translator(model="Helsinki-NLP/opus-mt-de-en", device="auto")
    >>> document = translator.translate_text("Berlin (dpa) - Der Bundestag hat ...")
    >>> print(document.to_text())
    """

    def __init__(
        self,
        model: str | None = None,
        device: str = "auto",
        *,
        beam: int | None = None,
        batch_size: int = 16,
        progress: bool = False,
        glossary: Glossary | None = None,
        checks: bool = True,
        backend: TranslationBackend | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if backend is None:
            from .backend import load_backend

            backend = load_backend(model, device=device)
        self.backend = backend
        self.beam = beam
        self.glossary = glossary
        self.stages: list[Stage] = [
            ModelStage(backend, batch_size=batch_size, beam=beam, progress=progress),
            TermCheckStage(),
        ]
        if checks:
            self.stages.append(QualityStage())

    @property
    def signature(self) -> str:
        beam = f"|beam:{self.beam}" if self.beam else ""
        glossary = f"|glossary:{self.glossary.signature}" if self.glossary else ""
        return f"{self.backend.signature}{beam}{glossary}"

    def translate_documents(
        self,
        texts: Sequence[str],
        names: Sequence[str | None] | None = None,
        convention: Convention | None = None,
        term_lists: Sequence[TermLists | None] | None = None,
    ) -> list[Document]:
        """Translate many documents in one pass, so their sentences share batches.

        `term_lists[i]`, if given, holds one term list per paragraph of document i.
        """
        names = list(names) if names is not None else [None] * len(texts)
        term_lists = list(term_lists) if term_lists is not None else [None] * len(texts)
        documents = [build_document(text, name, convention) for text, name in zip(texts, names)]
        for document, lists in zip(documents, term_lists):
            attach_terms(document, self.glossary, lists)
        segments = [s for d in documents for s in d.segments]
        for stage in self.stages:
            stage(segments)
        return documents

    def translate_text(self, text: str, *, name: str | None = None, term_lists: TermLists | None = None) -> Document:
        return self.translate_documents([text], [name], term_lists=[term_lists])[0]

    def translate_lines(
        self, lines: Sequence[str], *, name: str | None = None, term_lists: TermLists | None = None
    ) -> Document:
        """One paragraph per line, whatever the lines contain: for line-aligned test sets."""
        return self.translate_documents(["\n".join(lines) + "\n"], [name], convention="line", term_lists=[term_lists])[0]
