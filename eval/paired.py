"""Paired significance tests over sentences for what is counted per sentence: flagged or not (McNemar's exact
test) and terms found out of terms required (paired bootstrap resampling of the success rate)."""
from __future__ import annotations

from collections.abc import Sequence
from math import comb

import numpy as np

from . import sacrebleu_adapter as internals

MCNEMAR = "mcnemar-exact"


class PairedDifference:
    """What every gated comparison of baseline and candidate has: the paired test's p-value (None: the two are
    identical, so there is nothing to test), the significance level, and a delta (candidate − baseline)."""

    p_value: float | None
    alpha: float
    baseline: float
    candidate: float

    @property
    def delta(self) -> float:
        return self.candidate - self.baseline

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def shown_p(self) -> str:
        return "n/a (identical)" if self.p_value is None else f"{self.p_value:.4f}"


def mcnemar_exact(gained: int, lost: int) -> float:
    """Two-sided p-value of McNemar's exact test: `gained` sentences flagged only in the candidate, `lost` only in
    the baseline. Under "neither is flagged more often" each discordant sentence goes either way with chance ½."""
    n = gained + lost
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(gained, lost) + 1)) / 2**n
    return min(1.0, 2 * tail)


def resample_rows(n_sentences: int, n_samples: int, seed: int) -> np.ndarray:
    """Bootstrap resamples of sentence indexes: sacrebleu's first draw for this seed, so that the corpus metrics'
    intervals and these describe the very same resamples."""
    return np.random.default_rng(seed).choice(n_sentences, size=(n_samples, n_sentences), replace=True)


def bootstrap_rate_delta(
    baseline_hits: Sequence[int], candidate_hits: Sequence[int], totals: Sequence[int], resamples: np.ndarray
) -> tuple[float, tuple[float, float], float]:
    """(delta, 95% interval of the delta, p-value) of the rate sum(hits) / sum(totals) in percentage points,
    candidate − baseline, by paired bootstrap resampling of sentences (the p-value as sacrebleu computes it)."""
    baseline, candidate, total = (np.asarray(column, dtype=float) for column in (baseline_hits, candidate_hits, totals))
    delta = 100 * (candidate.sum() - baseline.sum()) / total.sum()
    resampled_total = total[resamples].sum(axis=1)
    # A resample that happens to hold no term at all has no rate; it shows no difference either.
    resampled = 100 * np.divide(
        (candidate - baseline)[resamples].sum(axis=1), resampled_total,
        out=np.zeros(len(resamples)), where=resampled_total > 0,
    )
    low, high = np.quantile(resampled, [0.025, 0.975])
    return float(delta), (float(low), float(high)), internals.bootstrap_p_value(resampled, delta)
