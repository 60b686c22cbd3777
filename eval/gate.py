"""Regression gate: fail only when a candidate translation is significantly worse than a baseline, by more than
an allowed drop. Significance comes from sacrebleu's paired tests, the ones behind `sacrebleu --paired-bs/-ar`.

With the sources the gate also runs the quality checks on both translations and gates each check code on the
sentences it newly flags; with required terms, it gates the terminology success rate. It names what broke: the
sentences whose chrF fell most and every sentence that gained a flag."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from translate.kernel.document import TermMatch

from . import sacrebleu_adapter as internals
from .flag_gate import FlagComparison, compare_flags, gained_flags, sentence_flags
from .markdown import what_broke_markdown
from .metrics import METRICS
from .paired import PairedDifference, resample_rows
from .provenance import check_aligned, describe_input, newsmt_version
from .sentences import DEFAULT_WORST, SentenceChange, sentence_changes
from .settings import DEFAULT_MAX_NEW_FLAGS, DEFAULT_SEED, GATED_METRICS, METHODS
from .term_gate import TermComparison, compare_terms

# sacrebleu estimates confidence for approximate randomization with 1000 bootstrap resamples; so do we.
CI_RESAMPLES = internals.default_samples("bs")


@dataclass(frozen=True)
class Comparison(PairedDifference):
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
    def drop(self) -> float:
        """How much worse the candidate is (negative: better), in the metric's points."""
        return -self.delta if self.higher_is_better else self.delta

    @property
    def failed(self) -> bool:
        return self.significant and self.drop > self.max_drop

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

    def to_json(self) -> dict:
        return {
            "metric": self.name, "signature": self.signature, "baseline": self.baseline, "candidate": self.candidate,
            "delta": self.delta, "ci95": list(self.ci), "p_value": self.p_value, "verdict": self.verdict,
            "failed": self.failed,
        }


@dataclass(frozen=True)
class GateResult:
    comparisons: list[Comparison]
    method: str
    n_samples: int
    seed: int
    alpha: float
    max_drop: float
    inputs: dict
    terms: TermComparison | None = None  # with required terms only
    flags: list[FlagComparison] = field(default_factory=list)  # with sources only: one per check code
    changes: list[SentenceChange] = field(default_factory=list)  # what broke, ordered by chrF delta
    worst: int = DEFAULT_WORST
    sentence_chrf: tuple[list[float], list[float]] = ((), ())  # per sentence: baseline's and candidate's chrF
    sentence_signature: str = ""
    changed: tuple[bool, ...] = ()  # per sentence: the candidate's text differs from the baseline's

    @property
    def gated(self) -> list:
        """Every comparison with a verdict: corpus metrics, term success, check codes."""
        return [*self.comparisons, *([self.terms] if self.terms else []), *self.flags]

    @property
    def failed(self) -> bool:
        return any(c.failed for c in self.gated)

    @property
    def status(self) -> str:
        return "failed" if self.failed else "passed"

    @property
    def signature(self) -> str:
        return (
            f"gate|{self.method}:{self.n_samples}|seed:{self.seed}|alpha:{self.alpha:g}|max-drop:{self.max_drop:g}"
            f"|newsmt:{newsmt_version()}"
        )

    @property
    def chrf_comparison(self) -> Comparison | None:
        return next((c for c in self.comparisons if c.name.startswith("chrF") and "+" not in c.name), None)

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
        if self.terms:
            t, (low, high) = self.terms, self.terms.ci
            lines.append(
                f"| {t.name} | {t.baseline:.2f}% | {t.candidate:.2f}% | {t.delta:+.2f} | {low:+.2f} to {high:+.2f} "
                f"| {t.shown_p} | {t.verdict} |"
            )
        lower_better = [c.name for c in self.comparisons if not c.higher_is_better]
        lines += [
            "",
            f"Fails only when a metric is worse by more than {self.max_drop:g} points and the difference is "
            f"significant (p < {self.alpha:g}). {METHODS[self.method].capitalize()}, {self.n_samples} "
            f"{'trials' if self.method == 'ar' else 'resamples'}, seed {self.seed}."
            + (f" Lower is better for {', '.join(lower_better)}." if lower_better else "")
            + (f" Term success: the share of required terms found verbatim, paired bootstrap over sentences; "
               f"allowed drop {self.terms.max_drop:g} points." if self.terms else ""),
        ]
        if self.flags:
            lines += [
                "",
                "| check | flagged: baseline | candidate | newly | no longer | allowed new | p | verdict |",
                "|---|---:|---:|---:|---:|---:|---:|---|",
            ]
            lines += [
                f"| {f.code} | {f.baseline} | {f.candidate} | {len(f.gained)} | {f.lost} | {f.shown_threshold} "
                f"| {f.shown_p} | {f.verdict} |"
                for f in self.flags
            ]
            lines += [
                "",
                "Sentences flagged by the quality checks, per code. A code fails when significantly more sentences "
                f"are flagged (McNemar's exact test on the sentences flagged in only one, p < {self.alpha:g}) and "
                "more sentences than allowed are newly flagged.",
            ]
        else:
            lines += ["", "Quality checks not run: they need the sources (`--src`)."]
        lines += ["", *what_broke_markdown(self.changes, self.worst, self.sentence_signature)]
        lines += [
            "",
            "Inputs: " + "; ".join(_describe(role, self.inputs[role]) for role in ("baseline", "candidate"))
            + "; " + "; ".join(_describe("reference", ref) for ref in self.inputs["refs"])
            + ("; " + _describe("source", self.inputs["src"]) if self.inputs.get("src") else ""),
            "",
            f"Signature: `{self.signature}`",
        ]
        lines += [f"- `{c.signature}`" for c in self.gated]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict:
        baseline_chrf, candidate_chrf = self.sentence_chrf
        return {
            "status": self.status,
            "signature": self.signature,
            "method": self.method,
            "n_samples": self.n_samples,
            "seed": self.seed,
            "alpha": self.alpha,
            "max_drop": self.max_drop,
            "inputs": self.inputs,
            "comparisons": [c.to_json() for c in self.comparisons],
            "terms": self.terms.to_json() if self.terms else None,
            "checks": [f.to_json() for f in self.flags] if self.flags else None,
            "what_broke": {
                "worst": self.worst,
                "sentence_signature": self.sentence_signature,
                "sentences": [change.to_json() for change in self.changes],
            },
            "sentence_chrf": {"baseline": list(baseline_chrf), "candidate": list(candidate_chrf)},
        }

    def to_junit(self) -> str:
        """JUnit XML, one test case per metric and per check code, with a failure element exactly where the gate
        fails."""
        gated = self.gated
        n_failed = sum(c.failed for c in gated)
        counts = {"tests": str(len(gated)), "failures": str(n_failed), "errors": "0", "skipped": "0"}
        seconds = f"{sum(c.seconds for c in gated):.3f}"
        suites = ET.Element("testsuites", name="newsmt gate", time=seconds, **counts)
        suite = ET.SubElement(suites, "testsuite", name="translation quality gate", time=seconds, **counts)
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="signature", value=self.signature)
        for role in ("baseline", "candidate"):
            ET.SubElement(properties, "property", name=role, value=_describe(role, self.inputs[role]))
        broke = {change.index: change for change in self.changes}
        for c in gated:
            case = ET.SubElement(suite, "testcase", classname="newsmt.gate", name=c.name, time=f"{c.seconds:.3f}")
            details = f"{c.summary()}\n{c.signature}\n"
            if isinstance(c, FlagComparison) and c.gained:
                details += "newly flagged lines: " + ", ".join(str(i + 1) for i in c.gained) + "\n"
                details += "".join(
                    f"line {i + 1}: {flag.message}\n" for i in c.gained[:50] if i in broke
                    for flag in broke[i].gained_flags if flag.code == c.code
                )
            if c.failed:
                failure = ET.SubElement(case, "failure", type="QualityRegression", message=c.summary())
                failure.text = details
            ET.SubElement(case, "system-out").text = details
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _describe(role: str, described: dict) -> str:
    return f"{role} {described['file'] or '(unnamed)'} (sha256 {described['sha256'][:12]}…, {described['lines']} lines)"


def _delta_interval(metric, baseline_stats: list, candidate_stats: list, n_samples: int, seed: int) -> tuple[float, float]:
    """95% paired-bootstrap interval of candidate − baseline from per-segment sufficient statistics."""
    # The same first draw as sacrebleu's paired bootstrap with this seed: for `bs` the interval and the
    # p-value describe the very same resamples.
    resamples = resample_rows(len(baseline_stats), n_samples, seed)
    deltas = (
        internals.resampled_scores(metric, candidate_stats, resamples)
        - internals.resampled_scores(metric, baseline_stats, resamples)
    )
    low, high = np.quantile(deltas, [0.025, 0.975])
    return float(low), float(high)


def _statistics(
    cache: dict[tuple[str, str], tuple], key: str, role: str, hyps: Sequence[str], refs_list: Sequence[Sequence[str]]
) -> list:
    """Per-segment statistics of one metric (`key`) for one translation (`role`), extracted once per gate; the
    cache keeps the metric that extracted them (only it knows the number of references its signature names)."""
    if (key, role) not in cache:
        metric = METRICS[key].corpus()
        cache[key, role] = (metric, internals.corpus_statistics(metric, hyps, refs_list))
    return cache[key, role][1]


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
    statistics: dict[tuple[str, str], tuple],
) -> Comparison:
    """One metric's paired significance test; the per-segment statistics it extracts are kept in `statistics`."""
    started = time.perf_counter()
    kind = METRICS[key]
    baseline_stats = _statistics(statistics, key, "baseline", baseline_hyps, refs_list)
    metric = statistics[key, "baseline"][0]
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
        candidate_stats = _statistics(statistics, key, "candidate", candidate_hyps, refs_list)
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
    *,
    sources: Sequence[str] | None = None,
    term_matches: Sequence[Sequence[TermMatch]] | None = None,
    terms_signature: str = "none",
    term_lists: Sequence[Sequence[str]] | None = None,
    max_new_flags: Mapping[str, int | None] | None = None,
    max_term_drop: float = 0.0,
    worst: int = DEFAULT_WORST,
) -> GateResult:
    """Compare candidate with baseline on each metric; `.failed` when any metric regressed.

    `n_samples` 0 means sacrebleu's default (bs 1000 resamples, ar 10000 trials). `names` labels the inputs:
    {"baseline": FILE, "candidate": FILE, "refs": [FILE, …], "src": FILE}.

    With `sources` the quality checks run on both translations (`term_matches`: the glossary terms of each source,
    for missing-term, described by `terms_signature`), and each check code is gated on `max_new_flags`
    (default: DEFAULT_MAX_NEW_FLAGS; codes left out are reported only). With `term_lists` (the English terms each
    sentence requires) the terminology success rate is gated, allowing a drop of `max_term_drop` points.
    `worst` is how many of the sentences whose chrF fell most the result names.
    """
    if method not in METHODS:
        raise ValueError(f"unknown significance test {method!r}; known: {sorted(METHODS)}")
    names = names or {}
    others = {names.get("baseline", "baseline"): baseline_hyps, names.get("candidate", "candidate"): candidate_hyps}
    if sources is not None:
        others[names.get("src", "sources")] = sources
    if term_lists is not None:
        others[names.get("terms", "term lists")] = term_lists
    ref_files = check_aligned(refs_list, names.get("refs"), others)
    n_samples = n_samples or internals.default_samples(method)
    identical = list(baseline_hyps) == list(candidate_hyps)
    statistics: dict[tuple[str, str], tuple] = {}
    comparisons = [
        _compare(key, refs_list, baseline_hyps, candidate_hyps, method=method, n_samples=n_samples, seed=seed,
                 alpha=alpha, max_drop=max_drop, statistics=statistics)
        for key in dict.fromkeys(metrics)
    ]

    baseline_chrf_stats = _statistics(statistics, "chrf", "baseline", baseline_hyps, refs_list)
    chrf = statistics["chrf", "baseline"][0]
    baseline_chrf = internals.segment_scores(chrf, baseline_chrf_stats)
    candidate_chrf = baseline_chrf if identical else internals.segment_scores(
        chrf, _statistics(statistics, "chrf", "candidate", candidate_hyps, refs_list))
    chrf_name = internals.score_of(chrf, baseline_chrf_stats[:1]).name

    terms = None
    if term_lists is not None:
        # The corpus metrics' bootstrap resamples (for `ar`, its interval's), so all intervals describe the same ones.
        n_bootstrap = n_samples if method == "bs" else CI_RESAMPLES
        terms = compare_terms(
            term_lists, baseline_hyps, candidate_hyps, resamples=resample_rows(len(baseline_hyps), n_bootstrap, seed),
            method_signature=f"bs:{n_bootstrap}|seed:{seed}", alpha=alpha, max_drop=max_term_drop,
        )

    flags, gained = [], [[] for _ in baseline_hyps]
    if sources is not None:
        started = time.perf_counter()
        baseline_flags = sentence_flags(sources, baseline_hyps, term_matches)
        candidate_flags = sentence_flags(sources, candidate_hyps, term_matches, baseline_flags, baseline_hyps)
        gained = gained_flags(baseline_flags, candidate_flags)
        flags = compare_flags(
            baseline_flags, candidate_flags, identical=identical, alpha=alpha,
            max_new_flags=DEFAULT_MAX_NEW_FLAGS if max_new_flags is None else max_new_flags,
            terms_signature=terms_signature, seconds=time.perf_counter() - started,
        )

    changes = sentence_changes(
        sources=sources, refs_list=refs_list, baseline=baseline_hyps, candidate=candidate_hyps,
        baseline_scores=baseline_chrf, candidate_scores=candidate_chrf, gained_flags=gained, worst=worst,
    )
    inputs = {
        "baseline": describe_input(baseline_hyps, names.get("baseline")),
        "candidate": describe_input(candidate_hyps, names.get("candidate")),
        "refs": [describe_input(refs, name) for refs, name in zip(refs_list, ref_files)],
        "src": describe_input(sources, names.get("src")) if sources is not None else None,
    }
    return GateResult(
        comparisons, method, n_samples, seed, alpha, max_drop, inputs, terms=terms, flags=flags, changes=changes,
        worst=worst, sentence_chrf=(baseline_chrf, candidate_chrf),
        sentence_signature=f"{chrf_name}|{chrf.get_signature()}|sentence-level",
        changed=tuple(old != new for old, new in zip(baseline_hyps, candidate_hyps)),
    )
