"""Every use of sacrebleu's internals, in one place. The gate needs per-segment sufficient statistics and the
paired tests behind `sacrebleu --paired-bs/--paired-ar`, which sacrebleu keeps private; if an upgrade renames
them, tests/test_sacrebleu_adapter.py fails here, not a user's CI run."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, Result, _compute_p_value, _paired_ar_test, _paired_bs_test

_TESTS = {"bs": _paired_bs_test, "ar": _paired_ar_test}


def default_samples(method: str) -> int:
    """sacrebleu's default number of bootstrap resamples (bs) or randomization trials (ar)."""
    return PairedTest._DEFAULT_SAMPLES[method]


def corpus_statistics(metric: Metric, hyps: Sequence[str], refs_list: Sequence[Sequence[str]]) -> list:
    """Per-segment sufficient statistics, as sacrebleu's paired tests resample them."""
    return metric._extract_corpus_statistics(hyps, refs_list)


def score_of(metric: Metric, statistics: list):
    """The corpus score (a sacrebleu Score) of per-segment statistics."""
    return metric._aggregate_and_compute(statistics)


def segment_scores(metric: Metric, statistics: list) -> list[float]:
    """The score of each segment on its own, from its sufficient statistics (what `sentence_score` computes)."""
    return [metric._compute_score_from_stats(segment).score for segment in statistics]


def bootstrap_p_value(resampled_deltas: np.ndarray, observed_delta: float) -> float:
    """The p-value of sacrebleu's paired bootstrap test for an observed difference and its resampled differences:
    how often a resample departs from the mean resampled difference by more than the observed difference."""
    sample_diffs = np.abs(resampled_deltas)
    return _compute_p_value(sample_diffs - sample_diffs.mean(), abs(observed_delta))


def resampled_scores(metric: Metric, statistics: list, resamples: np.ndarray) -> np.ndarray:
    """The corpus score of each resample (rows of segment indexes) of the statistics."""
    table = np.array(statistics, dtype="float32")  # as sacrebleu does, so the numbers match its own
    return np.array([metric._compute_score_from_stats(table[rows].sum(0)).score for rows in resamples])


def paired_p_value(
    method: str, metric: Metric, baseline_statistics: list, candidate_hyps: Sequence[str],
    refs_list: Sequence[Sequence[str]], *, n_samples: int, seed: int,
) -> tuple[float, float]:
    """(candidate score, p-value) of sacrebleu's paired test of the candidate against the baseline.

    sacrebleu's PairedTest reads its seed from SACREBLEU_SEED (and turns seed 0 into "unseeded"); the test
    functions it dispatches to take the seed as an argument, so they are called directly.
    """
    baseline = score_of(metric, baseline_statistics)
    _, results = _TESTS[method](
        {baseline.name: (baseline_statistics, Result(baseline.score))}, "candidate", candidate_hyps, refs_list,
        {baseline.name: metric}, n_samples=n_samples, seed=seed,
    )
    result = results[baseline.name]
    return result.score, result.p_value
