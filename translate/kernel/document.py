"""The typed data that flows through the pipeline, in one direction.

text → Document → Paragraph → Segment (one sentence) → TermMatch / Flag.
Every component reads and fills these; nothing else is passed between stages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Convention = Literal["blank-line", "line"]
# How a required term got into the output:
#   model    - the model produced it without help;
#   injected - the model produced it after the German span was replaced by the term in its input;
#   forced    - constrained decoding forced (some of) its tokens against the model's own choice;
#   realigned - the model did not write it; a second decode placed it where its source span aligns in the first
#               output (forced there as a prefix) and let the model finish the sentence;
#   inserted  - neither decode produced it; the pipeline inserted it after decoding;
#   memory    - the sentence came from the translation memory.
# The fall-back order for a term the model did not write: realigned, then inserted.
Placement = Literal["model", "injected", "forced", "realigned", "inserted", "memory"]
PLACEMENTS: tuple[Placement, ...] = ("model", "injected", "forced", "realigned", "inserted", "memory")
# Placements an editor must check: the model did not write the term where it wanted to.
REVIEWED_PLACEMENTS = frozenset({"forced", "realigned", "inserted"})

# Flag codes the engine sets (a term's placement flag is "term-" + its placement; the quality checks' codes are
# listed in eval/checks): the decoder wrote as many tokens as the sentence's length bound allows.
LENGTH_BOUND_FLAG = "length-bound"


@dataclass
class TermMatch:
    """A glossary term found in a German sentence and what it must become in English."""

    source: str  # the German text exactly as it occurs in the sentence
    target: str  # the English rendering the output must contain verbatim
    start: int  # character offsets of `source` in Segment.source
    end: int
    placement: Placement | None = None  # None until the pipeline's term check has run

    @property
    def applied(self) -> bool:
        """The decoder put the term into the output (not the pipeline's insertion after decoding)."""
        return self.placement not in (None, "inserted")

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "start": self.start,
            "end": self.end,
            "placement": self.placement,
            "applied": self.applied,
        }


@dataclass
class Flag:
    """A reason an editor should look at a sentence."""

    code: str  # e.g. "number-mismatch"; the codes are listed in eval/checks and in the pipeline's term check
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
    """One source sentence and its translation.

    `source` is what the model sees: the sentence's text with soft line breaks read as spaces.
    `start`/`end` locate it in its paragraph's exact source text.
    """

    source: str
    target: str = ""
    terms: list[TermMatch] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    memory: str | None = None  # None: translated now; "machine" / "approved": taken from the translation memory
    new: bool | None = None  # new since the story's previous version (None: no earlier version is known)
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "terms": [t.to_json() for t in self.terms],
            "flags": [f.to_json() for f in self.flags],
            "memory": self.memory,
            "new": self.new,
        }


@dataclass
class Paragraph:
    source: str  # exactly as in the input (soft line breaks and indentation kept)
    segments: list[Segment] = field(default_factory=list)
    # A term list of this paragraph's own (e.g. a WMT 2023 line's), matched before the translator's glossary;
    # opaque to the pipeline: the term matcher knows what to do with it.
    term_list: Any = None

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

    @property
    def separator(self) -> str:
        return "\n\n" if self.convention == "blank-line" else "\n"

    def to_text(self) -> str:
        """The translation, with the same paragraph convention as the input and one final newline."""
        if not self.paragraphs:
            return ""
        return self.separator.join(p.target for p in self.paragraphs) + "\n"
