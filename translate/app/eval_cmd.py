"""`newsmt eval` scores a translation; `newsmt gate` fails a CI job when quality regresses significantly;
`newsmt eval-suite` translates a whole evaluation suite, scores it and gates it against its stored baseline."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.settings import DEFAULT_MAX_NEW_FLAGS, DEFAULT_SEED, GATED_METRICS, METHODS, METRIC_KEYS, GateSettings
from translate.app.argtypes import add_model_options, non_negative, positive_int, probability
from translate.kernel.errors import InputError
from translate.kernel.textio import read_lines, require_same_length


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
    gate.add_argument("--src", metavar="FILE",
                      help="the German source: runs the quality checks on both translations and gates each check code")
    gate.add_argument("--terms", metavar="FILE",
                      help='required terms, one JSON list per line: [{"de": "…", "en": "…"}, …]; gates the '
                           "terminology success rate, and missing-term checks them")
    gate.add_argument("--glossary", action="append", default=[], metavar="FILE",
                      help="glossary whose terms the translations must use (repeatable); checked by missing-term")
    gate.add_argument("--no-default-glossary", action="store_true", help="do not use the glossary newsmt ships")
    _add_gate_options(gate, defaults=f"{', '.join(GATED_METRICS)}; max drop 0")
    gate.set_defaults(max_drop=0.0)
    gate.add_argument("--alpha", type=probability, default=0.05, help="significance level (default 0.05)")
    gate.add_argument("--n-samples", type=non_negative(int), default=0, metavar="N",
                      help="bootstrap resamples or randomization trials (default: sacrebleu's, 1000 bs / 10000 ar)")
    gate.add_argument("--seed", type=non_negative(int), default=DEFAULT_SEED,
                      help=f"random seed; the same seed gives the same p-values (default {DEFAULT_SEED}, as sacrebleu)")
    gate.add_argument("--junit", metavar="FILE",
                      help="also write the result as JUnit XML (one test case per metric and per check code)")
    gate.add_argument("--markdown", metavar="FILE", help="also write the markdown summary to FILE")
    gate.add_argument("--output", metavar="REPORT.json",
                      help="write the JSON report: verdicts with signatures, what broke, per-sentence chrF")
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
    suite.add_argument("--junit", metavar="FILE",
                       help="also write JUnit XML (one test case per gated metric and per check code)")
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
    defaults = ", ".join(f"{code}={n}" for code, n in DEFAULT_MAX_NEW_FLAGS.items())
    parser.add_argument("--max-new-flags", action="append", type=_code_count, metavar="CODE=N",
                        help="fail when more than N sentences newly get a flag of this check code and significantly "
                             f"more are flagged (McNemar); N 'none': report only; repeatable (default: {defaults})")
    parser.add_argument("--max-term-drop", type=non_negative(float), metavar="POINTS",
                        help="allowed drop of the terminology success rate, in percentage points (default 0)")
    parser.add_argument("--worst", type=non_negative(int), metavar="N",
                        help="name the N sentences whose chrF fell most (default 10)")
    parser.add_argument("--html", metavar="FILE",
                        help="also write a self-contained HTML report: verdicts, plot, diffs, signatures")


def _code_count(value: str) -> tuple[str, int | None]:
    from eval.checks import CHECKS

    code, equals, count = value.partition("=")
    if not equals or code not in CHECKS:
        raise argparse.ArgumentTypeError(f"expected CODE=N with CODE one of {', '.join(CHECKS)}: {value!r}")
    if count == "none":
        return code, None
    return code, non_negative(int)(count)


def _gate_settings(args: argparse.Namespace) -> GateSettings:
    return GateSettings(
        tuple(args.metric) if args.metric else None, args.max_drop, args.significance,
        tuple(args.max_new_flags) if args.max_new_flags else None, args.max_term_drop, args.worst,
    )


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
    from eval.flag_gate import source_terms
    from eval.gate import run_gate
    from eval.report_html import gate_html
    from eval.scoring import read_baseline
    from eval.terminology import required_targets
    from glossaries import GlossaryMatcher, load_glossaries, load_term_lists

    refs_list = [read_lines(ref) for ref in args.ref]
    sources = read_lines(args.src) if args.src else None
    term_lists = load_term_lists(args.terms) if args.terms else None
    options = {}
    if sources is not None:
        if term_lists is not None:
            # before matching the terms line by line; the reference first, so the file at odds is named
            require_same_length({args.ref[0]: refs_list[0], args.src: sources, args.terms: term_lists})
        matcher = GlossaryMatcher([load_glossaries(args.glossary, include_default=not args.no_default_glossary)])
        options = {"term_matches": source_terms(sources, matcher, term_lists), "terms_signature": matcher.signature}
    result = run_gate(
        refs_list,
        read_baseline(args.baseline, refs_list),
        read_lines(args.candidate),
        alpha=args.alpha,
        seed=args.seed,
        n_samples=args.n_samples,
        names={"baseline": args.baseline, "candidate": args.candidate, "refs": args.ref, "src": args.src,
               "terms": args.terms},
        sources=sources,
        term_lists=required_targets(term_lists) if term_lists is not None else None,
        **options,
        **_gate_settings(args).over(GateSettings(metrics=GATED_METRICS)).gate_options(),
    )
    markdown = result.to_markdown()
    if args.markdown:
        _write(args.markdown, markdown)
    if args.junit:
        _write(args.junit, result.to_junit())
    if args.output:
        _write_json(args.output, result.to_json())
    if args.html:
        _write(args.html, gate_html([(f"{args.candidate} against {args.baseline}", result)]))
    sys.stdout.write(markdown)
    return 1 if result.failed else 0


def _write_json(path: str | Path, data: dict) -> None:
    _write(str(path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run_suite_command(args: argparse.Namespace) -> int:
    from eval.suite import MANIFEST, find_suite, load_suite
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
        gate=_gate_settings(args),
        write_baseline=args.write_baseline,
    )
    if args.write_baseline:
        for run in result.runs:
            if run.testset.baseline_path is None:
                raise InputError(
                    f"{run.testset.name}: the suite names no baseline file for backend {result.model['backend']}; "
                    f'add one to "baseline" in {suite.folder / MANIFEST}'
                )
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
    if args.html:
        from eval.report_html import gate_html

        gated = [(f"{suite.name}/{run.testset.name}", run.gate) for run in result.runs if run.gate is not None]
        _write(args.html, gate_html(gated, f"Evaluation suite {suite.name}"))
    sys.stdout.write(markdown)
    return 1 if result.failed else 0
