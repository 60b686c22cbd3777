"""Quality-check codes as gated metrics: per code, how many sentences the checks flag in the baseline and in the
candidate, McNemar's exact test on the sentences flagged in only one of them, and a threshold of new flags."""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.checks import CHECKS, run_checks
from glossaries import Glossary, GlossaryMatcher
from translate.kernel.document import Flag, TermMatch

from .paired import MCNEMAR, PairedDifference, mcnemar_exact
from .provenance import newsmt_version


def source_terms(
    sources: Sequence[str], matcher: GlossaryMatcher, term_lists: Sequence[Glossary] | None = None
) -> list[list[TermMatch]]:
    """The glossary terms of each source sentence, its own term list first, as the pipeline matches them."""
    per_line = term_lists if term_lists is not None else [None] * len(sources)
    return [matcher.match(source, terms) for source, terms in zip(sources, per_line, strict=True)]


def sentence_flags(
    sources: Sequence[str], hyps: Sequence[str], term_matches: Sequence[Sequence[TermMatch]] | None,
    known: Sequence[list[Flag]] | None = None, known_hyps: Sequence[str] | None = None,
) -> list[list[Flag]]:
    """The checks' flags of every sentence. Where `known_hyps` has the same output (the baseline's, say), its
    `known` flags are taken: the checks are deterministic, and checking costs more than the rest of the gate."""
    terms = term_matches if term_matches is not None else [()] * len(sources)
    return [
        known[i] if known is not None and known_hyps[i] == hyp else run_checks(source, hyp, terms[i])
        for i, (source, hyp) in enumerate(zip(sources, hyps))
    ]


def gained_flags(baseline: Sequence[list[Flag]], candidate: Sequence[list[Flag]]) -> list[list[Flag]]:
    """Per sentence, the candidate's flags of codes the baseline's sentence has none of."""
    return [
        [flag for flag in new if flag.code not in {old_flag.code for old_flag in old}]
        for old, new in zip(baseline, candidate)
    ]


@dataclass(frozen=True)
class FlagComparison(PairedDifference):
    """One check code on baseline and candidate: flagged sentences, the paired test and the verdict."""

    code: str
    severity: str
    signature: str
    baseline: int  # sentences with a flag of this code
    candidate: int
    gained: list[int]  # 0-based lines flagged in the candidate only
    lost: int  # sentences flagged in the baseline only
    p_value: float | None  # None: baseline and candidate are identical
    alpha: float
    max_new: int | None  # None: reported, not gated
    seconds: float

    @property
    def name(self) -> str:
        return self.code

    @property
    def failed(self) -> bool:
        return (self.max_new is not None and self.significant and self.delta > 0
                and len(self.gained) > self.max_new)

    @property
    def shown_threshold(self) -> str:
        return "not gated" if self.max_new is None else f"{self.max_new} new"

    @property
    def verdict(self) -> str:
        if self.p_value is None:
            return "identical: no test"
        if self.failed:
            return f"REGRESSION ({len(self.gained)} newly flagged > {self.max_new} allowed)"
        if not self.significant:
            return "no significant difference"
        if self.delta < 0:
            return "significant improvement"
        if self.max_new is None:
            return "significantly more flagged (not gated)"
        return "significantly more flagged, within the allowed new flags"

    def summary(self) -> str:
        return (
            f"{self.code}: baseline {self.baseline} flagged, candidate {self.candidate} flagged "
            f"({len(self.gained)} newly, {self.lost} no longer), p = {self.shown_p}: {self.verdict}"
        )

    def to_json(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "signature": self.signature, "baseline": self.baseline,
            "candidate": self.candidate, "delta": self.delta, "gained": [i + 1 for i in self.gained],
            "n_gained": len(self.gained), "n_lost": self.lost, "p_value": self.p_value, "max_new": self.max_new,
            "verdict": self.verdict, "failed": self.failed,
        }


def compare_flags(
    baseline: Sequence[list[Flag]], candidate: Sequence[list[Flag]], *, identical: bool, alpha: float,
    max_new_flags: Mapping[str, int | None], terms_signature: str, seconds: float,
) -> list[FlagComparison]:
    """One comparison per check code; `seconds` (the time the checks took) is shared out evenly."""
    unknown = sorted(set(max_new_flags) - set(CHECKS))
    if unknown:
        raise ValueError(f"unknown check code {unknown[0]!r}; known: {', '.join(CHECKS)}")
    comparisons = []
    for code, check in CHECKS.items():
        started = time.perf_counter()
        old = [any(flag.code == code for flag in flags) for flags in baseline]
        new = [any(flag.code == code for flag in flags) for flags in candidate]
        gained = [i for i, (was, now) in enumerate(zip(old, new)) if now and not was]
        lost = sum(was and not now for was, now in zip(old, new))
        max_new = max_new_flags.get(code)
        signature = (
            f"{code}|severity:{check.severity}|test:{MCNEMAR}|max-new:{'none' if max_new is None else max_new}"
            f"|terms:{terms_signature}|newsmt:{newsmt_version()}"
        )
        comparisons.append(FlagComparison(
            code=code, severity=check.severity, signature=signature, baseline=sum(old), candidate=sum(new),
            gained=gained, lost=lost, p_value=None if identical else mcnemar_exact(len(gained), lost), alpha=alpha,
            max_new=max_new, seconds=seconds / len(CHECKS) + time.perf_counter() - started,
        ))
    return comparisons
