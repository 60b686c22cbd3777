"""The terminology success rate as a gated metric: baseline and candidate on the same required terms, a paired
bootstrap test over sentences, and an allowed drop in percentage points."""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .paired import PairedDifference, bootstrap_rate_delta
from .terminology import SIGNATURE as TERMS_SIGNATURE
from .terminology import count_terms

NAME = "term success"


@dataclass(frozen=True)
class TermComparison(PairedDifference):
    signature: str
    n_terms: int
    baseline_found: int
    candidate_found: int
    ci: tuple[float, float]  # 95% bootstrap interval of the rate's delta, in points
    p_value: float | None  # None: identical, or no required terms at all
    alpha: float
    max_drop: float  # percentage points
    lost_in: list[int]  # 0-based lines where the candidate has fewer of the required terms
    seconds: float

    name = NAME

    def _rate(self, found: int) -> float:
        return 100 * found / self.n_terms if self.n_terms else 0.0

    @property
    def baseline(self) -> float:
        return self._rate(self.baseline_found)

    @property
    def candidate(self) -> float:
        return self._rate(self.candidate_found)

    @property
    def failed(self) -> bool:
        return self.significant and -self.delta > self.max_drop

    @property
    def verdict(self) -> str:
        if self.n_terms == 0:
            return "no required terms: no test"
        if self.p_value is None:
            return "identical: no test"
        if self.failed:
            return f"REGRESSION (worse by {-self.delta:.2f} > {self.max_drop:.2f} points allowed)"
        if not self.significant:
            return "no significant difference"
        return "significant improvement" if self.delta > 0 else "significant drop, within the allowed drop"

    def summary(self) -> str:
        low, high = self.ci
        return (
            f"{NAME}: baseline {self.baseline:.2f}% ({self.baseline_found}/{self.n_terms}), candidate "
            f"{self.candidate:.2f}% ({self.candidate_found}/{self.n_terms}), delta {self.delta:+.2f} points "
            f"(95% CI {low:+.2f} to {high:+.2f}), p = {self.shown_p}: {self.verdict}"
        )

    def to_json(self) -> dict:
        return {
            "metric": NAME, "signature": self.signature, "baseline": self.baseline, "candidate": self.candidate,
            "delta": self.delta, "ci95": list(self.ci), "p_value": self.p_value, "n_terms": self.n_terms,
            "baseline_found": self.baseline_found, "candidate_found": self.candidate_found,
            "lost_in": [i + 1 for i in self.lost_in], "max_drop": self.max_drop, "verdict": self.verdict,
            "failed": self.failed,
        }


def compare_terms(
    term_lists: Sequence[Sequence[str]], baseline: Sequence[str], candidate: Sequence[str], *,
    resamples: np.ndarray, method_signature: str, alpha: float, max_drop: float,
) -> TermComparison:
    """The share of required terms found verbatim (WMT 2023's success rate) in baseline and candidate."""
    started = time.perf_counter()
    old = [count_terms(hyp, terms).n_found for hyp, terms in zip(baseline, term_lists)]
    new = [
        old[i] if hyp == baseline[i] else count_terms(hyp, terms).n_found
        for i, (hyp, terms) in enumerate(zip(candidate, term_lists))
    ]
    totals = [len(terms) for terms in term_lists]
    if sum(totals) == 0 or list(baseline) == list(candidate):
        p_value, ci = None, (0.0, 0.0)
    elif old == new:
        p_value, ci = 1.0, (0.0, 0.0)  # the same terms found: nothing to test
    else:
        _, ci, p_value = bootstrap_rate_delta(old, new, totals, resamples)
    return TermComparison(
        signature=f"{TERMS_SIGNATURE}|rate:exact|{method_signature}|max-drop:{max_drop:g}", n_terms=sum(totals),
        baseline_found=sum(old), candidate_found=sum(new), ci=ci, p_value=p_value, alpha=alpha, max_drop=max_drop,
        lost_in=[i for i, (was, now) in enumerate(zip(old, new)) if now < was],
        seconds=time.perf_counter() - started,
    )
