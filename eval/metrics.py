"""The corpus metrics newsmt reports, computed by sacrebleu and named by their signatures."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric, Score
from sacrebleu.metrics.bleu import BLEUScore
from sacrebleu.metrics.ter import TERScore


@dataclass(frozen=True)
class MetricKind:
    """How to build one sacrebleu metric, for whole corpora and for single segments.

    Factories, not instances: a sacrebleu metric remembers its references (and their count, which goes
    into the signature) from the last call, so every scoring gets a fresh one.
    """

    corpus: Callable[[], Metric]
    sentence: Callable[[], Metric]
    higher_is_better: bool = True


# sacrebleu's defaults, so that every number matches the `sacrebleu` command line and published score files.
METRICS: dict[str, MetricKind] = {
    # Sentence BLEU without effective order is 0 for most short segments; `sacrebleu --sentence-level` turns it on too.
    "bleu": MetricKind(BLEU, lambda: BLEU(effective_order=True)),
    "chrf": MetricKind(CHRF, CHRF),
    "chrf++": MetricKind(lambda: CHRF(word_order=2), lambda: CHRF(word_order=2)),
    "ter": MetricKind(TER, TER, higher_is_better=False),
}


@dataclass(frozen=True)
class MetricScore:
    """One corpus score with its sacrebleu signature, and optionally the score of every segment."""

    name: str  # sacrebleu's own name: BLEU, chrF2, chrF2++, TER
    score: float
    signature: str  # e.g. "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
    details: dict
    segment_scores: list[float] | None = None
    segment_signature: str | None = None

    def to_json(self) -> dict:
        data = {"name": self.name, "score": self.score, "signature": self.signature, **self.details}
        if self.segment_signature is not None:
            data["segment_signature"] = self.segment_signature
        return data


def score_signature(metric: Metric, score: Score) -> str:
    """The signature as sacrebleu prints it in front of a score ("chrF2|nrefs:1|…")."""
    return f"{score.name}|{metric.get_signature()}"


def _details(score: Score) -> dict:
    """What sacrebleu prints after the score, as numbers (BLEU: precisions, BP, lengths; TER: edits)."""
    if isinstance(score, BLEUScore):
        return {
            "precisions": list(score.precisions), "bp": score.bp, "ratio": score.ratio,
            "hyp_len": score.sys_len, "ref_len": score.ref_len,
        }
    if isinstance(score, TERScore):
        return {"num_edits": score.num_edits, "ref_length": score.ref_length}
    return {}


def score_metric(
    key: str, hyps: Sequence[str], refs_list: Sequence[Sequence[str]], *, segments: bool = False
) -> MetricScore:
    """Corpus score of one metric (`key` in METRICS); `refs_list` holds one stream per reference translation."""
    kind = METRICS[key]
    metric = kind.corpus()
    corpus = metric.corpus_score(hyps, refs_list)
    segment_scores = segment_signature = None
    if segments:
        sentence_metric = kind.sentence()
        per_segment = [
            sentence_metric.sentence_score(hyp, [refs[i] for refs in refs_list]) for i, hyp in enumerate(hyps)
        ]
        segment_scores = [s.score for s in per_segment]
        segment_signature = score_signature(sentence_metric, per_segment[0])
    return MetricScore(
        name=corpus.name, score=corpus.score, signature=score_signature(metric, corpus), details=_details(corpus),
        segment_scores=segment_scores, segment_signature=segment_signature,
    )
