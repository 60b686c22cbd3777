"""Regression gate: fail only when a candidate translation is significantly worse than a baseline, by more than
an allowed drop. Significance comes from sacrebleu's paired tests, the ones behind `sacrebleu --paired-bs/-ar`."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import sacrebleu_adapter as internals
from .metrics import METRICS
from .provenance import check_aligned, describe_input, newsmt_version
from .settings import DEFAULT_SEED, GATED_METRICS, METHODS

# sacrebleu estimates confidence for approximate randomization with 1000 bootstrap resamples; so do we.
CI_RESAMPLES = internals.default_samples("bs")


@dataclass(frozen=True)
class Comparison:
    """Baseline and candidate on one metric: scores, the paired test, and the verdict."""

    name: str  # sacrebleu's metric name, e.g. chrF2
    signature: str  # the metric's signature plus the test's (bs/ar resamples, seed)
    higher_is_better: bool
    baseline: float
    candidate: float
    ci: tuple[float, float]  # 95% bootstrap interval of candidate − baseline
    p_value: float | None  # None: baseline and candidate are identical, so there is nothing to test
    alpha: float
    max_drop: float
    seconds: float

    @property
    def delta(self) -> float:
        return self.candidate - self.baseline

    @property
    def drop(self) -> float:
        """How much worse the candidate is (negative: better), in the metric's points."""
        return -self.delta if self.higher_is_better else self.delta

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def failed(self) -> bool:
        return self.significant and self.drop > self.max_drop

    @property
    def shown_p(self) -> str:
        return "n/a (identical)" if self.p_value is None else f"{self.p_value:.4f}"

    @property
    def verdict(self) -> str:
        if self.p_value is None:
            return "identical: no test"
        if self.failed:
            return f"REGRESSION (worse by {self.drop:.2f} > {self.max_drop:.2f} allowed)"
        if not self.significant:
            return "no significant difference"
        if self.drop < 0:
            return "significant improvement"
        return "significant drop, within the allowed drop"

    def summary(self) -> str:
        low, high = self.ci
        return (
            f"{self.name}: baseline {self.baseline:.2f}, candidate {self.candidate:.2f}, delta {self.delta:+.2f} "
            f"(95% CI {low:+.2f} to {high:+.2f}), p = {self.shown_p}: {self.verdict}"
        )


@dataclass(frozen=True)
class GateResult:
    comparisons: list[Comparison]
    method: str
    n_samples: int
    seed: int
    alpha: float
    max_drop: float
    inputs: dict

    @property
    def failed(self) -> bool:
        return any(c.failed for c in self.comparisons)

    @property
    def signature(self) -> str:
        return (
            f"gate|{self.method}:{self.n_samples}|seed:{self.seed}|alpha:{self.alpha:g}|max-drop:{self.max_drop:g}"
            f"|newsmt:{newsmt_version()}"
        )

    def to_markdown(self) -> str:
        lines = [
            f"### Translation quality gate: {'FAILED' if self.failed else 'passed'}",
            "",
            "| metric | baseline | candidate | delta | 95% CI of delta | p | verdict |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for c in self.comparisons:
            low, high = c.ci
            lines.append(
                f"| {c.name} | {c.baseline:.2f} | {c.candidate:.2f} | {c.delta:+.2f} | {low:+.2f} to {high:+.2f} "
                f"| {c.shown_p} | {c.verdict} |"
            )
        lower_better = [c.name for c in self.comparisons if not c.higher_is_better]
        lines += [
            "",
            f"Fails only when a metric is worse by more than {self.max_drop:g} points and the difference is "
            f"significant (p < {self.alpha:g}). {METHODS[self.method].capitalize()}, {self.n_samples} "
            f"{'trials' if self.method == 'ar' else 'resamples'}, seed {self.seed}."
            + (f" Lower is better for {', '.join(lower_better)}." if lower_better else ""),
            "",
            "Inputs: " + "; ".join(_describe(role, self.inputs[role]) for role in ("baseline", "candidate"))
            + "; " + "; ".join(_describe("reference", ref) for ref in self.inputs["refs"]),
            "",
            f"Signature: `{self.signature}`",
        ]
        lines += [f"- `{c.signature}`" for c in self.comparisons]
        return "\n".join(lines) + "\n"

    def to_junit(self) -> str:
        """JUnit XML, one test case per metric, with a failure element exactly where the gate fails."""
        n_failed = sum(c.failed for c in self.comparisons)
        counts = {"tests": str(len(self.comparisons)), "failures": str(n_failed), "errors": "0", "skipped": "0"}
        seconds = f"{sum(c.seconds for c in self.comparisons):.3f}"
        suites = ET.Element("testsuites", name="newsmt gate", time=seconds, **counts)
        suite = ET.SubElement(suites, "testsuite", name="translation quality gate", time=seconds, **counts)
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="signature", value=self.signature)
        for role in ("baseline", "candidate"):
            ET.SubElement(properties, "property", name=role, value=_describe(role, self.inputs[role]))
        for c in self.comparisons:
            case = ET.SubElement(suite, "testcase", classname="newsmt.gate", name=c.name, time=f"{c.seconds:.3f}")
            if c.failed:
                failure = ET.SubElement(case, "failure", type="QualityRegression", message=c.summary())
                failure.text = f"{c.summary()}\n{c.signature}\n"
            ET.SubElement(case, "system-out").text = f"{c.summary()}\n{c.signature}\n"
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _describe(role: str, described: dict) -> str:
    return f"{role} {described['file'] or '(unnamed)'} (sha256 {described['sha256'][:12]}…, {described['lines']} lines)"


def _delta_interval(metric, baseline_stats: list, candidate_stats: list, n_samples: int, seed: int) -> tuple[float, float]:
    """95% paired-bootstrap interval of candidate − baseline from per-segment sufficient statistics."""
    # The same first draw as sacrebleu's paired bootstrap with this seed: for `bs` the interval and the
    # p-value describe the very same resamples.
    rng = np.random.default_rng(seed)
    resamples = rng.choice(len(baseline_stats), size=(n_samples, len(baseline_stats)), replace=True)
    deltas = (
        internals.resampled_scores(metric, candidate_stats, resamples)
        - internals.resampled_scores(metric, baseline_stats, resamples)
    )
    low, high = np.quantile(deltas, [0.025, 0.975])
    return float(low), float(high)


def _compare(
    key: str,
    refs_list: Sequence[Sequence[str]],
    baseline_hyps: Sequence[str],
    candidate_hyps: Sequence[str],
    *,
    method: str,
    n_samples: int,
    seed: int,
    alpha: float,
    max_drop: float,
) -> Comparison:
    """One metric's paired significance test."""
    started = time.perf_counter()
    kind = METRICS[key]
    metric = kind.corpus()
    baseline_stats = internals.corpus_statistics(metric, baseline_hyps, refs_list)
    baseline = internals.score_of(metric, baseline_stats)
    if list(baseline_hyps) == list(candidate_hyps):
        # sacrebleu's tests give identical systems the smallest p-value they can, which reads as significant;
        # there is no difference to test.
        candidate_score, p_value, ci = baseline.score, None, (0.0, 0.0)
    else:
        candidate_score, p_value = internals.paired_p_value(
            method, metric, baseline_stats, candidate_hyps, refs_list, n_samples=n_samples, seed=seed
        )
        if candidate_score == baseline.score:
            p_value = 1.0  # no difference at all: a small p from the test would read as significant
        # sacrebleu's tests return no resampled scores, hence a second pass over the candidate for the interval.
        n_ci = n_samples if method == "bs" else CI_RESAMPLES
        candidate_stats = internals.corpus_statistics(metric, candidate_hyps, refs_list)
        ci = _delta_interval(metric, baseline_stats, candidate_stats, n_ci, seed)

    signature = metric.get_signature()
    signature.update("seed", seed)
    signature.update(method, n_samples)
    if method == "ar":
        signature.update("bs", CI_RESAMPLES)
    return Comparison(
        name=baseline.name, signature=f"{baseline.name}|{signature}", higher_is_better=kind.higher_is_better,
        baseline=baseline.score, candidate=candidate_score, ci=ci, p_value=p_value,
        alpha=alpha, max_drop=max_drop, seconds=time.perf_counter() - started,
    )


def run_gate(
    refs_list: Sequence[Sequence[str]],
    baseline_hyps: Sequence[str],
    candidate_hyps: Sequence[str],
    metrics: Sequence[str] = GATED_METRICS,
    max_drop: float = 0.0,
    method: str = "bs",
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    n_samples: int = 0,
    names: Mapping[str, str | Sequence[str]] | None = None,
) -> GateResult:
    """Compare candidate with baseline on each metric; `.failed` when any metric regressed.

    `n_samples` 0 means sacrebleu's default (bs 1000 resamples, ar 10000 trials). `names` labels the inputs:
    {"baseline": FILE, "candidate": FILE, "refs": [FILE, …]}.
    """
    if method not in METHODS:
        raise ValueError(f"unknown significance test {method!r}; known: {sorted(METHODS)}")
    names = names or {}
    ref_files = check_aligned(
        refs_list, names.get("refs"),
        {names.get("baseline", "baseline"): baseline_hyps, names.get("candidate", "candidate"): candidate_hyps},
    )
    n_samples = n_samples or internals.default_samples(method)
    comparisons = [
        _compare(key, refs_list, baseline_hyps, candidate_hyps, method=method, n_samples=n_samples, seed=seed,
                alpha=alpha, max_drop=max_drop)
        for key in dict.fromkeys(metrics)
    ]
    inputs = {
        "baseline": describe_input(baseline_hyps, names.get("baseline")),
        "candidate": describe_input(candidate_hyps, names.get("candidate")),
        "refs": [describe_input(refs, name) for refs, name in zip(refs_list, ref_files)],
    }
    return GateResult(comparisons, method, n_samples, seed, alpha, max_drop, inputs)
