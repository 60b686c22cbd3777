"""Plain-text fields inside structured formats (ninjs body_text, NewsML-G2 inlineData): paragraphs and back,
by the one paragraph rule (translate.kernel.paragraphs). A field's empty paragraphs hold no text to translate,
so they are no blocks, but they come back where they were: the English has as many paragraphs as the German.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..paragraphs import split_paragraphs
from ..textio import normalise_text
from .story import normalise_space


@dataclass(frozen=True)
class PlainText:
    paragraphs: list[str]  # every paragraph, white space normalised; "" for an empty one
    separator: str  # what joins the translated paragraphs: "\n\n" or "\n"
    leading: str  # newlines around the text, kept
    trailing: str

    @classmethod
    def split(cls, text: str) -> PlainText:
        text = normalise_text(text)
        split = split_paragraphs(text)
        if not split.texts:  # blank: kept as it is
            return cls([], "\n", text, "")
        leading = text[: len(text) - len(text.lstrip())]
        trailing = text[len(text.rstrip()) :]
        separator = "\n\n" if split.convention == "blank-line" else "\n"
        return cls([normalise_space(p) for p in split.texts], separator, leading, trailing)

    @property
    def texts(self) -> list[str]:
        """The paragraphs to translate: all but the empty ones."""
        return [p for p in self.paragraphs if p]

    def join(self, translations: list[str]) -> str:
        """The field in English: one translation per text, each on one line, the empty paragraphs between them."""
        english = iter(translations)
        paragraphs = [normalise_space(next(english)) if p else "" for p in self.paragraphs]
        return self.leading + self.separator.join(paragraphs) + self.trailing
