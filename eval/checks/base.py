"""The one shape every quality check has: a code, a severity, and a run over one sentence pair."""
from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from translate.kernel.document import Flag, Severity, TermMatch

# The flag of a sentence a check could not judge: longer than the check handles in bounded time, or one its
# library failed on. The editor learns which check did not run and why; the translation is kept.
CHECK_SKIPPED = "check-skipped"


class Check:
    """A reference-free test of one translated sentence. Subclasses set `code` and `severity`, and
    `max_chars` when their time grows faster than the text: a longer source or output is not checked."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    max_chars: ClassVar[int | None] = None

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        raise NotImplementedError

    def flag(self, message: str, span: tuple[int, int] | None = None) -> Flag:
        return Flag(self.code, self.severity, message, span)

    def run_safely(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        """`run`, or a `check-skipped` warning when the sentence is too long for this check or the check fails."""
        longest = max(len(source), len(target))
        if self.max_chars is not None and longest > self.max_chars:
            return [self.skipped(f"the sentence is {longest:,} characters long; it handles up to {self.max_chars:,}")]
        try:
            return self.run(source, target, terms)
        except Exception as err:  # a library's failure on odd input (HanTa's KeyError) must not lose the work
            return [self.skipped(f"it failed on this sentence ({type(err).__name__}: {err})"[:300])]

    def skipped(self, why: str) -> Flag:
        return Flag(CHECK_SKIPPED, "warning", f'the "{self.code}" check was not run: {why}')
