"""Plain-text fields inside structured formats (ninjs body_text, NewsML-G2 inlineData): paragraphs and back.

The same convention as the text pipeline's split_paragraphs: blank-line separated paragraphs when
there are blank lines (single newlines inside are soft wraps), else one paragraph per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .story import normalise_space

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class PlainText:
    paragraphs: list[str]
    separator: str  # what joins the translated paragraphs: "\n\n" or "\n"
    leading: str  # newlines around the text, kept
    trailing: str

    @classmethod
    def split(cls, text: str) -> PlainText:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        body = text.strip()
        leading = text[: len(text) - len(text.lstrip())]
        trailing = text[len(text.rstrip()) :]
        if not body:
            return cls([], "\n", leading, trailing)
        if _BLANK_LINE.search(body):
            pieces, separator = _BLANK_LINE.split(body), "\n\n"
        else:
            pieces, separator = body.split("\n"), "\n"
        paragraphs = [normalise_space(p) for p in pieces]
        return cls([p for p in paragraphs if p], separator, leading, trailing)

    def join(self, translations: list[str]) -> str:
        if not self.paragraphs:
            return self.leading + self.trailing
        return self.leading + self.separator.join(t.strip() for t in translations) + self.trailing
