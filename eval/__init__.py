"""Evaluation: sacrebleu scores with signatures, the terminology success rate, a significance-tested regression
gate and evaluation suites. The reference-free quality checks live in `eval.checks`, a lower layer.

The public names below are importable from here and each is imported on first use, so that `import eval.checks`
(which the app layer does for every translation) loads neither sacrebleu nor the translation engine.
"""
from __future__ import annotations

from importlib import import_module

_PUBLIC = {
    "METRICS": "eval.metrics",
    "MetricScore": "eval.metrics",
    "score_metric": "eval.metrics",
    "EvalReport": "eval.scoring",
    "score": "eval.scoring",
    "read_baseline": "eval.scoring",
    "TermScore": "eval.terminology",
    "term_success": "eval.terminology",
    "Comparison": "eval.gate",
    "GateResult": "eval.gate",
    "run_gate": "eval.gate",
    "FlagComparison": "eval.flag_gate",
    "TermComparison": "eval.term_gate",
    "SentenceChange": "eval.sentences",
    "word_diff": "eval.sentences",
    "mcnemar_exact": "eval.paired",
    "gate_html": "eval.report_html",
    "GateSettings": "eval.settings",
    "GATED_METRICS": "eval.settings",
    "REPORTED_METRICS": "eval.settings",
    "Suite": "eval.suite",
    "find_suite": "eval.suite",
    "load_suite": "eval.suite",
    "SuiteRun": "eval.suite_run",
    "TranslatorOptions": "eval.suite_run",
    "run_suite": "eval.suite_run",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'eval' has no attribute {name!r}")
