"""How a translated story says it was made: IPTC's digital source type and the generating software.

Machine translation no editor approved is `trainedAlgorithmicMedia` (IPTC: "created by a model trained on
sampled content"); a story whose every sentence an editor approved (translation memory, kind "approved")
is `humanEdits`. The formats write it where their version has a place for it (ninjs.py, nitf.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .story import BlockTranslation

DIGITAL_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
MACHINE = "trainedAlgorithmicMedia"
HUMAN_EDITED = "humanEdits"
_NAMES = {MACHINE: "Trained algorithmic media", HUMAN_EDITED: "Human edits"}
GENERATOR = "newsmt"


@dataclass(frozen=True)
class Provenance:
    source_type: str  # a term of IPTC's digital source type vocabulary, e.g. "trainedAlgorithmicMedia"
    generator: str = GENERATOR
    generator_version: str | None = None  # e.g. "newsmt 0.9 | <model signature>"

    @property
    def uri(self) -> str:
        return DIGITAL_SOURCE_TYPES + self.source_type

    @property
    def name(self) -> str:
        return _NAMES[self.source_type]


def provenance_of(translations: Sequence[BlockTranslation], generator_version: str | None = None) -> Provenance:
    segments = [segment for translation in translations for segment in translation.segments]
    approved = bool(segments) and all(segment.memory == "approved" for segment in segments)
    return Provenance(HUMAN_EDITED if approved else MACHINE, GENERATOR, generator_version)
