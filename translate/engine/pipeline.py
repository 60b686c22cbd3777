"""The document pipeline: text → paragraphs → sentences → term matches → model → term check → flags → text.

Each stage is a named component over the documents of one call (one or many), so that batching sees every
sentence at once and the stages stay independent of each other. What a stage needs from another package (a
term matcher, the quality checks, a translation memory) is passed in, never imported: the engine depends on
the kernel only. Stages can be disabled by name: `Translator(backend, disable=["quality"])`.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from translate.kernel.document import (
    LENGTH_BOUND_FLAG,
    REVIEWED_PLACEMENTS,
    Convention,
    Document,
    Flag,
    Segment,
    TermMatch,
)
from translate.kernel.presence import term_present

from .backend import Batch, Translation, TranslationBackend

if TYPE_CHECKING:
    from translate.memory import TranslationMemory
from .batching import DEFAULT_MAX_BATCH_SENTENCES, DEFAULT_MAX_BATCH_TOKENS, token_batches
from .length_bound import LengthBound
from .longsplit import split_to_fit
from .realign import RequiredTerm, realign
from .segment import build_document, document_from_paragraphs


class Component(Protocol):
    """A pipeline stage: reads and fills the documents of one call."""

    name: str

    def __call__(self, documents: list[Document]) -> None: ...


class TermMatcher(Protocol):
    """Finds glossary terms in a German sentence (glossaries.GlossaryMatcher is one)."""

    signature: str

    def match(self, sentence: str, term_list: object = None) -> list[TermMatch]:
        """Terms in `sentence`; a paragraph's own `term_list` (if any) is matched first and wins overlaps."""
        ...


SentenceChecks = Callable[[str, str, Sequence[TermMatch]], list[Flag]]  # (source, target, terms) → flags


def _segments(documents: Iterable[Document]) -> list[Segment]:
    return [segment for document in documents for segment in document.segments]


class TermStage:
    """Glossary stage: fill Segment.terms with the matcher's terms for each sentence."""

    name = "terms"

    def __init__(self, matcher: TermMatcher):
        self.matcher = matcher

    def __call__(self, documents: list[Document]) -> None:
        for document in documents:
            for paragraph in document.paragraphs:
                for segment in paragraph.segments:
                    segment.terms = self.matcher.match(segment.source, paragraph.term_list)


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
    term_inputs: tuple[str, ...] = ()  # what stands for each term in `text`: its English once injected, else its German

    def required_terms(self) -> list[RequiredTerm]:
        spans = []
        for surface in self.term_inputs:
            start = self.text.find(surface) if surface else -1
            spans.append((start, start + len(surface)) if start >= 0 else None)
        return [RequiredTerm(t, span) for t, span in zip(self.target_terms, spans or [None] * len(self.target_terms),
                                                          strict=False)]


def _terms_of_parts(parts: list[str], terms: list[TermMatch], injected: bool) -> list[list[TermMatch]]:
    """Give each term of a split sentence to the first part that contains it (its English text once injected)."""
    per_part: list[list[TermMatch]] = [[] for _ in parts]
    for term in terms:
        text = _term_input(term, injected)
        holder = next((i for i, part in enumerate(parts) if text in part), 0)
        per_part[holder].append(term)
    return per_part


def _term_input(term: TermMatch, injected: bool) -> str:
    return term.target if injected else term.source


def inject_terms(sentence: str, terms: Sequence[TermMatch]) -> str:
    """The model's input with each German term replaced by its English form, so that the model writes the
    term where the sentence needs it, as it carries names and figures across (source-side injection)."""
    for term in sorted(terms, key=lambda t: t.start, reverse=True):
        sentence = sentence[: term.start] + term.target + sentence[term.end:]
    return sentence


class ModelStage:
    """Translate every segment not already filled (e.g. from memory): long sentences in parts, batches
    counted in tokens and sorted by length; each segment's glossary targets go to the backend so that it
    can steer decoding towards them."""

    name = "model"

    def __init__(
        self,
        backend: TranslationBackend,
        *,
        beam: int | None = None,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        max_batch_sentences: int = DEFAULT_MAX_BATCH_SENTENCES,
        progress: bool = False,
        term_injection: bool = True,
        output_length: Callable[[int], int] | None = None,
        length_bound: LengthBound = LengthBound(),
        realign: bool = True,
    ):
        if max_batch_tokens < 1 or max_batch_sentences < 1:
            raise ValueError("max_batch_tokens and max_batch_sentences must be at least 1")
        self.backend = backend
        self.beam = beam
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_sentences = max_batch_sentences
        self.progress = progress
        self.term_injection = term_injection
        # Benchmarks only: decode exactly output_length(source tokens) tokens per sentence (see TranslationBackend).
        self.output_length = output_length
        self.length_bound = length_bound
        # A term the first decode did not write is placed by a guided re-decode (translate/engine/realign.py).
        self.realign = realign

    def max_length(self, unit: _Unit) -> int:
        """The most target tokens the unit (a sentence or a part of one) may decode to."""
        return self.length_bound.tokens(unit.length, self.backend.max_output_tokens)

    def model_input(self, segment: Segment) -> str:
        return inject_terms(segment.source, segment.terms) if self.term_injection else segment.source

    def _unit(self, segment: int, text: str, length: int, terms: Sequence[TermMatch]) -> _Unit:
        return _Unit(segment, text, length, tuple(t.target for t in terms),
                     tuple(_term_input(t, self.term_injection) for t in terms))

    def units(self, segments: Sequence[Segment]) -> list[_Unit]:
        limit = self.backend.max_input_tokens
        inputs = [self.model_input(segment) for segment in segments]
        lengths = self.backend.count_tokens(inputs)
        units = []
        for index, (segment, text, length) in enumerate(zip(segments, inputs, lengths, strict=True)):
            if length <= limit:
                units.append(self._unit(index, text, length, segment.terms))
                continue
            parts = split_to_fit(text, lambda t: self.backend.count_tokens([t])[0], limit)
            per_part = _terms_of_parts(parts, segment.terms, self.term_injection)
            units.extend(
                self._unit(index, part, n, terms)
                for part, n, terms in zip(parts, self.backend.count_tokens(parts), per_part, strict=True)
            )
        return units

    def __call__(self, documents: list[Document]) -> None:
        segments = [s for s in _segments(documents) if s.memory is None and s.source]
        if not segments:
            return  # all from memory
        units = self.units(segments)
        outputs: list[str] = [""] * len(units)
        forced: list[frozenset[str]] = [frozenset()] * len(units)
        bounded: list[bool] = [False] * len(units)
        first: list[Translation | None] = [None] * len(units)
        batches = token_batches(
            [u.length for u in units], max_tokens=self.max_batch_tokens, max_sentences=self.max_batch_sentences
        )
        requests = [
            Batch(
                [units[u].text for u in batch], [units[u].target_terms for u in batch],
                None if self.output_length is None else [self.output_length(units[u].length) for u in batch],
                [self.max_length(units[u]) for u in batch],
            )
            for batch in batches
        ]
        with _progress(len(units), self.progress) as bar:
            for batch, results in zip(batches, self.backend.translate_batches(requests, beam=self.beam), strict=True):
                if len(results) != len(batch):
                    raise RuntimeError(
                        f"backend {self.backend.name} returned {len(results)} translations for {len(batch)} sentences"
                    )
                for u, result in zip(batch, results, strict=True):
                    outputs[u] = " ".join(result.text.split())  # one line: a paragraph's text has no newline
                    forced[u] = result.forced_terms
                    bounded[u] = result.length_bounded
                    first[u] = result
                bar.update(len(batch))
        realigned: list[frozenset[str]] = [frozenset()] * len(units)
        if self.realign and self.backend.can_realign and self.output_length is None:
            for u, unit in enumerate(units):
                terms = unit.required_terms()
                if not terms or all(term_present(t.text, outputs[u]) for t in terms):
                    continue
                placed = realign(self.backend, unit.text, first[u], terms, limit=self.max_length(unit), beam=self.beam)
                if placed.placed:
                    outputs[u] = " ".join(placed.translation.text.split())
                    bounded[u] = placed.translation.length_bounded
                    realigned[u] = placed.placed
        parts: dict[int, list[int]] = {}
        for number, unit in enumerate(units):
            parts.setdefault(unit.segment, []).append(number)
        for index, numbers in parts.items():
            segment = segments[index]
            segment.target = " ".join(outputs[n] for n in numbers if outputs[n])
            forced_here = frozenset().union(*(forced[n] for n in numbers))
            realigned_here = frozenset().union(*(realigned[n] for n in numbers))
            if any(bounded[n] for n in numbers):
                segment.flags.append(self._bound_flag([units[n] for n in numbers if bounded[n]]))
            for term in segment.terms:
                if term.target in forced_here:
                    term.placement = "forced"
                elif term.target in realigned_here:
                    term.placement = "realigned"
                elif self.term_injection:
                    term.placement = "injected"  # if the output lacks it after all, the term check says so


    def _bound_flag(self, units: list[_Unit]) -> Flag:
        limits = ", ".join(str(self.max_length(u)) for u in units)
        what = "its translation" if len(units) == 1 else f"{len(units)} of its parts"
        return Flag(
            LENGTH_BOUND_FLAG, "warning",
            f"{what} reached the length bound ({limits} tokens, {self.length_bound.signature}): "
            "it may be cut short or repeat itself; check it",
        )


_FINAL_PUNCTUATION = re.compile(r"[.!?…]+[\"”’»)]*$")


def insert_term(target: str, term: str) -> str:
    """Put a term the model did not produce at the end of the sentence, before its final punctuation."""
    final = _FINAL_PUNCTUATION.search(target)
    if final is None:
        return f"{target} {term}".strip()
    return f"{target[: final.start()].rstrip()} {term}{target[final.start():]}".strip()


class TermCheckStage:
    """The glossary guarantee, kept by the pipeline whatever the backend: every matched term's English form is
    in the output. A term the backend did not place is inserted; every term gets its placement, and a sentence
    whose term the model did not write where it wanted to is flagged for the editor."""

    name = "term-check"

    def __call__(self, documents: list[Document]) -> None:
        for segment in _segments(documents):
            for term in segment.terms:
                if segment.memory is not None and term_present(term.target, segment.target):
                    term.placement = "memory"
                elif segment.memory == "approved":
                    continue  # an editor's text is not changed: the quality checks' missing-term flags it
                elif not term_present(term.target, segment.target):
                    segment.target = insert_term(segment.target, term.target)
                    term.placement = "inserted"
                elif term.placement is None:
                    term.placement = "model"
                if term.placement in REVIEWED_PLACEMENTS:
                    segment.flags.append(_placement_flag(term))


def _placement_flag(term: TermMatch) -> Flag:
    how = {
        "forced": "was forced into the output by constrained decoding",
        "realigned": "was not written by the model; a second decode placed it where its source aligns",
        "inserted": "was not produced by the model and was inserted after decoding",
    }[term.placement]
    return Flag(
        f"term-{term.placement}", "warning",
        f'glossary term "{term.target}" (for "{term.source}") {how}: check where it stands',
        (term.start, term.end),
    )


class QualityStage:
    """Reference-free checks on every sentence pair: the flags an editor reviews before publishing."""

    name = "quality"

    def __init__(self, checks: SentenceChecks):
        self.checks = checks

    def __call__(self, documents: list[Document]) -> None:
        for segment in _segments(documents):
            if segment.source:
                segment.flags.extend(self.checks(segment.source, segment.target, segment.terms))


STAGE_ORDER = ("terms", "memory", "model", "term-check", "quality", "memory-store")


class Translator:
    """German→English translation of whole documents over a backend, with optional glossary terms and checks.

    >>> from translate import Translator, load_backend
    >>> translator = Translator(load_backend("Helsinki-NLP/opus-mt-de-en"))
    >>> print(translator.translate_text("Berlin (dpa) - Der Bundestag hat ...").to_text())
    """

    def __init__(
        self,
        backend: TranslationBackend,
        *,
        term_matcher: TermMatcher | None = None,
        checks: SentenceChecks | None = None,
        memory: TranslationMemory | None = None,
        beam: int | None = None,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        max_batch_sentences: int = DEFAULT_MAX_BATCH_SENTENCES,
        progress: bool = False,
        term_injection: bool = True,
        output_length: Callable[[int], int] | None = None,
        length_bound: LengthBound = LengthBound(),
        disable: Iterable[str] = (),
    ):
        disable = set(disable)
        unknown = disable - set(STAGE_ORDER)
        if unknown:
            raise ValueError(f"unknown stage(s) {sorted(unknown)}; the stages are {', '.join(STAGE_ORDER)}")
        self.backend = backend
        self.beam = beam
        self.term_matcher = term_matcher
        self.term_injection = term_injection
        self.length_bound = length_bound
        stages: list[Component] = [
            ModelStage(
                backend, beam=beam, max_batch_tokens=max_batch_tokens,
                max_batch_sentences=max_batch_sentences, progress=progress, term_injection=term_injection,
                output_length=output_length, length_bound=length_bound,
            ),
            TermCheckStage(),
        ]
        if term_matcher is not None:
            stages.append(TermStage(term_matcher))
        if checks is not None:
            stages.append(QualityStage(checks))
        if memory is not None:
            from translate.memory import MemoryLookup, MemoryStore

            # Keyed on everything that decides the output, so a sentence is reused only under the same settings.
            stages += [MemoryLookup(memory, self.signature), MemoryStore(memory, self.signature)]
        stages.sort(key=lambda stage: STAGE_ORDER.index(stage.name))
        self.stages = [stage for stage in stages if stage.name not in disable]
        self.stage_seconds: dict[str, float] = {}  # time spent in each stage so far, for reports and benchmarks

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    @property
    def signature(self) -> str:
        """What decides the output: model, revision, backend, device, beam, length bound and glossary."""
        beam = f"|beam:{self.beam}" if self.beam else ""
        beam += f"|{self.length_bound.signature}"
        glossary = ""
        if self.term_matcher is not None:
            placement = "injection+realign" if self.term_injection else "realign"
            glossary = f"|glossary:{self.term_matcher.signature}|terms:{placement}"
        return f"{self.backend.signature}{beam}{glossary}"

    def translate(self, documents: list[Document]) -> list[Document]:
        """Run every stage over documents built with `build_document` (filled in place, and returned)."""
        for stage in self.stages:
            started = time.perf_counter()
            stage(documents)
            self.stage_seconds[stage.name] = self.stage_seconds.get(stage.name, 0.0) + time.perf_counter() - started
        return documents

    def translate_documents(
        self,
        texts: Sequence[str],
        names: Sequence[str | None] | None = None,
        convention: Convention | None = None,
        term_lists: Sequence[Sequence[object] | None] | None = None,
    ) -> list[Document]:
        """Translate many texts in one pass, so their sentences share batches.

        `term_lists[i]`, if given, holds one term list per paragraph of text i.
        """
        names = list(names) if names is not None else [None] * len(texts)
        term_lists = list(term_lists) if term_lists is not None else [None] * len(texts)
        documents = [
            build_document(text, name, convention, lists)
            for text, name, lists in zip(texts, names, term_lists, strict=True)
        ]
        return self.translate(documents)

    def translate_text(self, text: str, *, name: str | None = None, term_lists: Sequence[object] | None = None) -> Document:
        return self.translate_documents([text], [name], term_lists=[term_lists])[0]

    def translate_lines(
        self, lines: Sequence[str], *, name: str | None = None, term_lists: Sequence[object] | None = None
    ) -> Document:
        """One paragraph per line, whatever the lines contain: for line-aligned test sets."""
        return self.translate([document_from_paragraphs(lines, "line", name, term_lists)])[0]
