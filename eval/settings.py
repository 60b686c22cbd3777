"""The evaluation's names and defaults, without importing sacrebleu or numpy: the command line's parser and
every module that needs a default read them here."""
from __future__ import annotations

from dataclasses import dataclass

METRIC_KEYS = ("bleu", "chrf", "chrf++", "ter")  # the metrics newsmt computes (eval/metrics.py)
REPORTED_METRICS = METRIC_KEYS  # what `newsmt eval` and every suite report show
# What the gate tests by default: one metric keeps the chance of a false alarm at alpha; chrF moves less with
# tokenization than BLEU.
GATED_METRICS = ("chrf",)
METHODS = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
DEFAULT_SEED = 12345  # sacrebleu's default (SACREBLEU_SEED), so `sacrebleu --paired-bs` gives the same p-values


@dataclass(frozen=True)
class GateSettings:
    """How to gate: a suite's own settings, or the command line's; None leaves the choice to the other, then to
    the gate's defaults."""

    metrics: tuple[str, ...] | None = None
    max_drop: float | None = None
    method: str | None = None

    def over(self, fallback: GateSettings) -> GateSettings:
        """These settings where they are set, `fallback`'s elsewhere (the command line over the suite)."""
        return GateSettings(
            self.metrics or fallback.metrics,
            self.max_drop if self.max_drop is not None else fallback.max_drop,
            self.method or fallback.method,
        )
