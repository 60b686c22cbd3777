"""The one shape every quality check has: a code, a severity, and a run over one sentence pair."""
from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from translate.kernel.document import Flag, Severity, TermMatch


class Check:
    """A reference-free test of one translated sentence. Subclasses set `code` and `severity`."""

    code: ClassVar[str]
    severity: ClassVar[Severity]

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        raise NotImplementedError

    def flag(self, message: str, span: tuple[int, int] | None = None) -> Flag:
        return Flag(self.code, self.severity, message, span)
