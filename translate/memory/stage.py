"""Pipeline components over the translation memory (each: `name` and `__call__(documents)`).

Order in a pipeline: "memory" before the model stage, which translates only the segments still without a
target; "memory-store" after the glossary term check, so that the memory keeps the translation as
delivered, terms included.
"""
from __future__ import annotations

from translate.kernel.document import Document
from translate.kernel.textio import is_blank

from .store import TranslationMemory


def _shared_segments(documents: list[Document]):
    """The sentences the memory may serve and keep: not those of a paragraph with a term list of its own (a
    request's glossary), whose required terms the memory's key (the translator's signature) does not name."""
    return [
        segment
        for document in documents
        for paragraph in document.paragraphs
        if paragraph.term_list is None
        for segment in paragraph.segments
    ]


class MemoryLookup:
    """Fill the target of every sentence the memory knows and mark where it came from."""

    name = "memory"

    def __init__(self, memory: TranslationMemory, signature: str):
        self.memory = memory
        self.signature = signature  # the engine's Translator.signature: same model, settings, glossary

    def __call__(self, documents: list[Document]) -> None:
        segments = _shared_segments(documents)
        hits = self.memory.lookup([s.source for s in segments if s.source], self.signature)
        for segment in segments:
            hit = hits.get(segment.source)
            if hit is not None:
                segment.target = hit.target
                segment.memory = hit.kind


class MemoryStore:
    """Remember what the model translated in this call (not what came from the memory)."""

    name = "memory-store"

    def __init__(self, memory: TranslationMemory, signature: str):
        self.memory = memory
        self.signature = signature

    def __call__(self, documents: list[Document]) -> None:
        segments = _shared_segments(documents)
        # A translation that shows nothing is not worth keeping (and the memory refuses it).
        translated = [(s.source, s.target) for s in segments if s.memory is None and s.source and not is_blank(s.target)]
        self.memory.store(translated, self.signature)
