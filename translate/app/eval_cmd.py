"""`newsmt eval` scores a translation; `newsmt gate` fails a CI job when quality regresses significantly;
`newsmt eval-suite` translates a whole evaluation suite, scores it and gates it against its stored baseline."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.settings import DEFAULT_SEED, GATED_METRICS, METHODS, METRIC_KEYS, GateSettings
from translate.app.argtypes import add_model_options, non_negative, positive_int, probability
from translate.kernel.errors import InputError
from translate.kernel.textio import read_lines


def register(subparsers) -> None:
    evaluate = subparsers.add_parser(
        "eval",
        help="score a translation with BLEU, chrF, chrF++, TER and terminology success rate",
        description=(
            "Score a translation against one or more references with sacrebleu (BLEU, chrF, chrF++, TER), each "
            "score with its sacrebleu signature, and optionally the share of required terms it contains. "
            "All files are UTF-8, one segment per line, line-aligned. The JSON report embeds the hypotheses, so "
            "it can serve as the baseline of `newsmt gate`. Exit codes: 0 ok, 2 usage or input error."
        ),
    )
    evaluate.add_argument("--hyp", required=True, metavar="FILE", help="the translation to score")
    evaluate.add_argument("--ref", required=True, action="append", metavar="FILE",
                          help="reference translation; repeat for several references")
    evaluate.add_argument("--src", metavar="FILE", help="the source text (recorded and checked for alignment)")
    evaluate.add_argument("--terms", metavar="FILE",
                          help='required terms, one JSON list per line: [{"de": "…", "en": "…"}, …]')
    evaluate.add_argument("--segments", action="store_true", help="add per-segment scores")
    evaluate.add_argument("--format", choices=["text", "json"], default="text", help="default: text")
    evaluate.set_defaults(func=run_eval)

    gate = subparsers.add_parser(
        "gate",
        help="fail when a candidate translation is significantly worse than a baseline",
        description=(
            "Compare a candidate translation with a baseline (a translation file, or a report written by "
            "`newsmt eval --format json`) on the same references, with sacrebleu's paired significance tests. "
            "Prints a markdown summary. Exit codes: 0 no regression, 1 a metric is worse by more than --max-drop "
            "and the difference is significant (p < --alpha), 2 usage or input error."
        ),
    )
    gate.add_argument("--ref", required=True, action="append", metavar="FILE",
                      help="reference translation; repeat for several references")
    gate.add_argument("--baseline", required=True, metavar="FILE",
                      help="baseline translation, or its JSON report from `newsmt eval --format json`")
    gate.add_argument("--candidate", required=True, metavar="FILE", help="the translation under test")
    _add_gate_options(gate, defaults=f"{', '.join(GATED_METRICS)}; max drop 0")
    gate.set_defaults(max_drop=0.0)
    gate.add_argument("--alpha", type=probability, default=0.05, help="significance level (default 0.05)")
    gate.add_argument("--n-samples", type=non_negative(int), default=0, metavar="N",
                      help="bootstrap resamples or randomization trials (default: sacrebleu's, 1000 bs / 10000 ar)")
    gate.add_argument("--seed", type=non_negative(int), default=DEFAULT_SEED,
                      help=f"random seed; the same seed gives the same p-values (default {DEFAULT_SEED}, as sacrebleu)")
    gate.add_argument("--junit", metavar="FILE", help="also write the result as JUnit XML (one test case per metric)")
    gate.add_argument("--markdown", metavar="FILE", help="also write the markdown summary to FILE")
    gate.set_defaults(func=run_gate_command)

    suite = subparsers.add_parser(
        "eval-suite",
        help="translate an evaluation suite, score it and gate it against the suite's baseline",
        description=(
            "Translate every source of an evaluation suite (a folder with a suite.json) with the newsmt pipeline, "
            "glossaries on, score it against the references like `newsmt eval`, and compare it with the suite's "
            "stored baseline like `newsmt gate`. Prints a markdown summary. Exit codes: 0 no regression (or no "
            "baseline yet: scored, gate skipped), 1 a metric regressed, 2 bad suite or input, 3 model unavailable."
        ),
    )
    suite.add_argument("suite", metavar="DIR",
                       help="suite folder with a suite.json, or the name of a bundled suite (news, newstest2019)")
    add_model_options(suite)
    suite.add_argument("--limit", type=positive_int, metavar="N",
                       help="smoke run: translate only the first N lines of each source; the gate compares "
                            "those lines with the baseline's first N")
    suite.add_argument("--output", metavar="REPORT.json",
                       help="write the JSON report: scores with signatures, translator, terms, gate verdicts, timing")
    suite.add_argument("--markdown", metavar="FILE", help="also write the markdown summary to FILE")
    suite.add_argument("--junit", metavar="FILE", help="also write JUnit XML (one test case per gated metric)")
    _add_gate_options(suite, defaults=f"the suite's, else {', '.join(GATED_METRICS)}; max drop 0")
    suite.add_argument("--write-baseline", action="store_true",
                       help="store this run's eval report as each test set's baseline instead of gating")
    suite.set_defaults(func=run_suite_command)


def _add_gate_options(parser: argparse.ArgumentParser, defaults: str) -> None:
    parser.add_argument("--metric", action="append", choices=list(METRIC_KEYS),
                        help=f"metric to gate on; repeat for several (default: {defaults})")
    parser.add_argument("--max-drop", type=non_negative(float), metavar="POINTS",
                        help="allowed drop in metric points before a significant difference fails")
    parser.add_argument("--significance", choices=list(METHODS), default="bs",
                        help="bs: paired bootstrap resampling (default), ar: approximate randomization")


def run_eval(args: argparse.Namespace) -> int:
    from eval.scoring import score
    from eval.terminology import read_term_lists

    report = score(
        read_lines(args.hyp),
        [read_lines(ref) for ref in args.ref],
        srcs=read_lines(args.src) if args.src else None,
        term_lists=read_term_lists(args.terms) if args.terms else None,
        segments=args.segments,
        names={"hyp": args.hyp, "refs": args.ref, "src": args.src, "terms": args.terms},
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_text())
    return 0


def _write(path: str, text: str) -> None:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot write: {err.strerror}") from None


def run_gate_command(args: argparse.Namespace) -> int:
    from eval.gate import run_gate
    from eval.scoring import read_baseline

    refs_list = [read_lines(ref) for ref in args.ref]
    result = run_gate(
        refs_list,
        read_baseline(args.baseline, refs_list),
        read_lines(args.candidate),
        metrics=args.metric or GATED_METRICS,
        max_drop=args.max_drop,
        method=args.significance,
        alpha=args.alpha,
        seed=args.seed,
        n_samples=args.n_samples,
        names={"baseline": args.baseline, "candidate": args.candidate, "refs": args.ref},
    )
    markdown = result.to_markdown()
    if args.markdown:
        _write(args.markdown, markdown)
    if args.junit:
        _write(args.junit, result.to_junit())
    sys.stdout.write(markdown)
    return 1 if result.failed else 0


def _write_json(path: str | Path, data: dict) -> None:
    _write(str(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run_suite_command(args: argparse.Namespace) -> int:
    from eval.suite import find_suite, load_suite
    from eval.suite_run import TranslatorOptions, run_suite

    from .wiring import backend_from_args

    if args.write_baseline and args.limit:
        raise InputError("--write-baseline with --limit: a baseline must cover whole test sets; drop --limit")
    # The whole suite is read and checked before the model loads, so a broken suite fails at once.
    suite = load_suite(find_suite(args.suite))
    for warning in suite.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    options = TranslatorOptions(
        args.beam, args.max_batch_tokens, args.batch_size, args.term_injection, progress=sys.stderr.isatty()
    )
    result = run_suite(
        suite, lambda: backend_from_args(args), options=options, limit=args.limit,
        gate=GateSettings(tuple(args.metric) if args.metric else None, args.max_drop, args.significance),
        write_baseline=args.write_baseline,
    )
    if args.write_baseline:
        for run in result.runs:
            _write_json(run.testset.baseline_path, run.baseline_json())
            print(f"newsmt: wrote baseline {run.testset.baseline_path} ({run.testset.n_lines} lines)", file=sys.stderr)
    if args.output:
        _write_json(args.output, result.to_json())
    markdown = result.to_markdown()
    if args.markdown:
        _write(args.markdown, markdown)
    if args.junit:
        _write(args.junit, result.to_junit())
    sys.stdout.write(markdown)
    return 1 if result.failed else 0
