"""Plain-text fields inside structured formats (ninjs body_text, NewsML-G2 inlineData): paragraphs and back,
by the one paragraph rule (translate.kernel.paragraphs); a field's empty paragraphs hold no text to translate.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..paragraphs import split_paragraphs
from ..textio import normalise_text
from .story import normalise_space


@dataclass(frozen=True)
class PlainText:
    paragraphs: list[str]
    separator: str  # what joins the translated paragraphs: "\n\n" or "\n"
    leading: str  # newlines around the text, kept
    trailing: str

    @classmethod
    def split(cls, text: str) -> PlainText:
        text = normalise_text(text)
        leading = text[: len(text) - len(text.lstrip())]
        trailing = text[len(text.rstrip()) :]
        split = split_paragraphs(text)
        separator = "\n\n" if split.convention == "blank-line" else "\n"
        paragraphs = [normalise_space(p) for p in split.texts]
        return cls([p for p in paragraphs if p], separator, leading, trailing)

    def join(self, translations: list[str]) -> str:
        if not self.paragraphs:
            return self.leading + self.trailing
        return self.leading + self.separator.join(t.strip() for t in translations) + self.trailing
