"""The evaluation's names and defaults, without importing sacrebleu or numpy: the command line's parser and
every module that needs a default read them here."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from eval.checks.missing_term import MissingTerm
from eval.checks.number_mismatch import NumberMismatch

METRIC_KEYS = ("bleu", "chrf", "chrf++", "ter")  # the metrics newsmt computes (eval/metrics.py)
REPORTED_METRICS = METRIC_KEYS  # what `newsmt eval` and every suite report show
# What the gate tests by default: one metric keeps the chance of a false alarm at alpha; chrF moves less with
# tokenization than BLEU.
GATED_METRICS = ("chrf",)
METHODS = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
DEFAULT_SEED = 12345  # sacrebleu's default (SACREBLEU_SEED), so `sacrebleu --paired-bs` gives the same p-values
# A wrong figure or a glossary term gone missing is what a newsroom cannot publish: by default no sentence may newly
# get one (when significantly more sentences have one). The other check codes are reported, and gated when asked.
DEFAULT_MAX_NEW_FLAGS: Mapping[str, int | None] = {NumberMismatch.code: 0, MissingTerm.code: 0}


@dataclass(frozen=True)
class GateSettings:
    """How to gate: a suite's own settings, or the command line's; None leaves the choice to the other, then to
    the gate's defaults."""

    metrics: tuple[str, ...] | None = None
    max_drop: float | None = None
    method: str | None = None
    max_new_flags: tuple[tuple[str, int | None], ...] | None = None  # (check code, allowed new; None: not gated)
    max_term_drop: float | None = None
    worst: int | None = None

    def over(self, fallback: GateSettings) -> GateSettings:
        """These settings where they are set, `fallback`'s elsewhere (the command line over the suite)."""
        flags = dict(fallback.max_new_flags or ()) | dict(self.max_new_flags or ())
        return GateSettings(
            self.metrics or fallback.metrics,
            self.max_drop if self.max_drop is not None else fallback.max_drop,
            self.method or fallback.method,
            tuple(flags.items()) or None,
            self.max_term_drop if self.max_term_drop is not None else fallback.max_term_drop,
            self.worst if self.worst is not None else fallback.worst,
        )

    def gate_options(self) -> dict:
        """The keyword arguments of `run_gate` these settings choose; what they leave open keeps its default."""
        chosen = {
            "metrics": self.metrics, "max_drop": self.max_drop, "method": self.method,
            "max_new_flags": {**DEFAULT_MAX_NEW_FLAGS, **dict(self.max_new_flags)} if self.max_new_flags else None,
            "max_term_drop": self.max_term_drop, "worst": self.worst,
        }
        return {key: value for key, value in chosen.items() if value is not None}
