"""The document pipeline: text → paragraphs → sentences → model → text, over `Document`.

Each stage is a small function over the list of all segments of one call (one or many documents),
so that batching sees every sentence at once and the stages stay independent of each other.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .backend import TranslationBackend
from .document import Convention, Document, Paragraph, Segment
from .longsplit import split_to_fit
from .segment import split_paragraphs, split_sentences

Stage = Callable[[list[Segment]], None]


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


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="sent", desc="translating", leave=False)


class ModelStage:
    """Translate every segment: long sentences in parts, sorted by length into batches."""

    def __init__(self, backend: TranslationBackend, *, batch_size: int, beam: int | None, progress: bool):
        self.backend = backend
        self.batch_size = batch_size
        self.beam = beam
        self.progress = progress

    def _units(self, segments: Sequence[Segment]) -> list[tuple[int, str, int]]:
        """(segment index, text, token length) for every piece the model will see."""
        limit = self.backend.max_input_tokens
        units = []
        for index, (segment, length) in enumerate(zip(segments, self.backend.count_tokens([s.source for s in segments]))):
            if length <= limit:
                units.append((index, segment.source, length))
                continue
            parts = split_to_fit(segment.source, lambda t: self.backend.count_tokens([t])[0], limit)
            units.extend((index, part, n) for part, n in zip(parts, self.backend.count_tokens(parts)))
        return units

    def __call__(self, segments: list[Segment]) -> None:
        units = self._units(segments)
        # Longest first, ties in document order: similar lengths share a batch (little padding)
        # and the order, hence the output, is deterministic.
        order = sorted(range(len(units)), key=lambda u: -units[u][2])
        outputs: list[str] = [""] * len(units)
        with _progress(len(units), self.progress) as bar:
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                translated = self.backend.translate_batch([units[u][1] for u in batch], beam=self.beam)
                for u, text in zip(batch, translated):
                    outputs[u] = text.strip()
                bar.update(len(batch))
        parts: dict[int, list[str]] = {}
        for (index, _, _), text in zip(units, outputs):
            parts.setdefault(index, []).append(text)
        for index, texts in parts.items():
            segments[index].target = " ".join(t for t in texts if t)


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
        backend: TranslationBackend | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if backend is None:
            from .marian import MarianBackend, default_model

            backend = MarianBackend(model or default_model(), device)
        self.backend = backend
        self.beam = beam
        self.stages: list[Stage] = [ModelStage(backend, batch_size=batch_size, beam=beam, progress=progress)]

    @property
    def signature(self) -> str:
        beam = f"|beam:{self.beam}" if self.beam else ""
        return f"{self.backend.signature}{beam}"

    def translate_documents(
        self,
        texts: Sequence[str],
        names: Sequence[str | None] | None = None,
        convention: Convention | None = None,
    ) -> list[Document]:
        """Translate many documents in one pass, so their sentences share batches."""
        names = list(names) if names is not None else [None] * len(texts)
        documents = [build_document(text, name, convention) for text, name in zip(texts, names)]
        segments = [s for d in documents for s in d.segments]
        for stage in self.stages:
            stage(segments)
        return documents

    def translate_text(self, text: str, *, name: str | None = None) -> Document:
        return self.translate_documents([text], [name])[0]

    def translate_lines(self, lines: Sequence[str], *, name: str | None = None) -> Document:
        """One paragraph per line, whatever the lines contain: for line-aligned test sets."""
        return self.translate_documents(["\n".join(lines) + "\n"], [name], convention="line")[0]
