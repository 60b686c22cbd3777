"""The typed data that flows through the pipeline, in one direction.

text → Document → Paragraph → Segment (one sentence) → TermMatch / Flag.
Every component reads and fills these; nothing else is passed between stages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Convention = Literal["blank-line", "line"]


@dataclass
class TermMatch:
    """A glossary term found in a German sentence and what it must become in English."""

    source: str  # the German text exactly as it occurs in the sentence
    target: str  # the English rendering the output must contain verbatim
    start: int  # character offsets of `source` in Segment.source
    end: int
    applied: bool = False
    reason: str | None = None  # why not applied, or how it was applied when not by the model

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "start": self.start,
            "end": self.end,
            "applied": self.applied,
            "reason": self.reason,
        }


@dataclass
class Flag:
    """A reason an editor should look at a sentence."""

    code: str  # e.g. "number-mismatch"; the codes are listed in eval/checks
    severity: Severity
    message: str
    span: tuple[int, int] | None = None  # offsets into the source sentence, when one part is at fault

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "span": list(self.span) if self.span is not None else None,
        }


@dataclass
class Segment:
    """One source sentence (or one part of an over-long sentence) and its translation."""

    source: str
    target: str = ""
    terms: list[TermMatch] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "terms": [t.to_json() for t in self.terms],
            "flags": [f.to_json() for f in self.flags],
        }


@dataclass
class Paragraph:
    source: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def target(self) -> str:
        return " ".join(s.target for s in self.segments if s.target)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "sentences": [s.to_json() for s in self.segments],
        }


@dataclass
class Document:
    paragraphs: list[Paragraph]
    convention: Convention = "line"
    name: str | None = None  # file name, or None for stdin / API text

    @property
    def segments(self) -> list[Segment]:
        return [s for p in self.paragraphs for s in p.segments]

    def to_text(self) -> str:
        """The translation, with the same paragraph convention as the input."""
        if not self.paragraphs:
            return ""
        separator = "\n\n" if self.convention == "blank-line" else "\n"
        return separator.join(p.target for p in self.paragraphs) + "\n"
