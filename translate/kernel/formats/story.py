"""The data a story format hands to the engine and gets back: blocks out, translations in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from translate.kernel.document import Document, Paragraph, Segment

# HTML's (and XML's) whitespace; a no-break space is text and stays.
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")


def normalise_space(text: str) -> str:
    """Runs of markup whitespace become one space; ends are stripped."""
    return _WHITESPACE_RUN.sub(" ", text).strip(" ")


@dataclass(frozen=True)
class Block:
    """One translatable paragraph of a story, in document order."""

    kind: str  # what holds it: "headline", "description", "body" (ninjs plain text), or the tag: "p", "li", "td"…
    text: str  # plain text, whitespace normalised
    line: int | None = None  # line in the file (or in the ninjs HTML field) where it starts, for messages


@dataclass(frozen=True)
class BlockTranslation:
    """The English for one block; the sentence pairs (with term matches) help to place inline markup."""

    text: str
    segments: Sequence[Segment] = ()

    @classmethod
    def from_paragraph(cls, paragraph: Paragraph) -> BlockTranslation:
        return cls(paragraph.target, tuple(paragraph.segments))


def block_translations(document: Document) -> list[BlockTranslation]:
    """One BlockTranslation per paragraph of a translated Document (built from Story.texts)."""
    return [BlockTranslation.from_paragraph(p) for p in document.paragraphs]


@dataclass(frozen=True)
class RenderedStory:
    data: bytes
    warnings: list[str] = field(default_factory=list)  # one line each, naming file and line


@dataclass(frozen=True)
class Story:
    """A parsed agency file. Rendering re-parses `source`, so a Story can be rendered any number of times."""

    format: str  # "ninjs" | "html" | "nitf" | "newsml"
    name: str  # file name for messages
    blocks: list[Block]
    source: bytes = field(repr=False)

    @property
    def texts(self) -> list[str]:
        """The paragraphs the engine translates, one per block."""
        return [b.text for b in self.blocks]


class ParsedStory(Protocol):
    """What each format module's parse() returns: the blocks and a way to put translations back."""

    blocks: list[Block]

    def render(self, translations: Sequence[BlockTranslation], warnings: list[str], provenance=None) -> bytes: ...
