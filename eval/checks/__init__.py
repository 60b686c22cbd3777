"""Reference-free quality checks: which translated sentences an editor must look at.

Each check is a `Check` (base.py) that turns one sentence pair into `Flag`s under its own code.
`CHECKS` is the registry, in the order the checks run; `run_checks` runs them all on one sentence, each
bounded in time by the sentence's length and never raising (`check-skipped` says which one did not run).
"""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import CHECK_SKIPPED, Check
from .empty import EmptyOutput
from .length_ratio import LengthRatio
from .missing_term import MissingTerm
from .names import MissingName
from .number_mismatch import NumberMismatch
from .quotes import UnbalancedQuotes
from .repetition import Repetition
from .truncated import Truncated
from .untranslated import Untranslated

CHECKS: dict[str, Check] = {
    check.code: check
    for check in (
        EmptyOutput(),
        Untranslated(),
        MissingTerm(),
        NumberMismatch(),
        MissingName(),
        Repetition(),
        LengthRatio(),
        Truncated(),
        UnbalancedQuotes(),
    )
}


# Every code a check's flag can have: each check's own, and the one for a sentence a check could not judge.
FLAG_CODES = (*CHECKS, CHECK_SKIPPED)


def run_checks(source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
    """Every check's flags for one German sentence and its English translation, errors first."""
    empty = CHECKS["empty"].run_safely(source, target, terms)
    if empty:
        return empty  # every other check would only restate that there is nothing there
    flags = [
        flag for code, check in CHECKS.items() if code != "empty" for flag in check.run_safely(source, target, terms)
    ]
    return sorted(flags, key=lambda flag: flag.severity != "error")


__all__ = ["CHECKS", "CHECK_SKIPPED", "FLAG_CODES", "Check", "run_checks"]
