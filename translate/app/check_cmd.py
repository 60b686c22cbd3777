"""`newsmt check`: flag the sentences of a translated file that an editor must look at."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence

from translate.kernel.document import Flag
from translate.kernel.textio import read_lines, require_same_length

EPILOG = """\
checks: empty, untranslated and missing-term are errors; number-mismatch, missing-name,
repetition, length-ratio, truncated and unbalanced-quotes are warnings.

text output lists each flagged sentence with its 1-based line number, its reasons, the source and
the output, then a summary line. JSON output is one object: "segments" lists only the flagged
sentences, each as {"index": 0-based line, "flags": [{"code", "severity", "message", "span"}]},
where span is a [start, end) character range in the source line or null; "summary" has
n_segments, n_flagged, by_code (sentences per code, every code listed) and by_severity (sentences
with at least one flag of that severity).

exit status: 0 when the check ran, whatever it found (flags are findings, not failures), 1 when
--fail-on is given and a flag of that severity or worse was found, 2 for unusable input.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="flag translated sentences an editor must look at (no reference needed)",
        description="Run reference-free quality checks on a German source and its English translation, line by line.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--src", required=True, metavar="FILE", help="German source, one sentence per line")
    parser.add_argument("--hyp", required=True, metavar="FILE", help="English translation, line-aligned with --src")
    parser.add_argument(
        "--glossary", action="append", default=[], metavar="FILE",
        help="glossary whose terms the translation must use (repeatable); checked by missing-term",
    )
    parser.add_argument("--no-default-glossary", action="store_true", help="do not use the glossary newsmt ships")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    parser.add_argument(
        "--fail-on", choices=("error", "warning"),
        help="exit with status 1 if a flag of this severity (warning: any flag) is found, for CI",
    )
    parser.set_defaults(func=run_check_command)


def run_check_command(args: argparse.Namespace) -> int:
    from eval.checks import run_checks
    from eval.checks.terms import term_matcher

    sources = read_lines(args.src)
    outputs = read_lines(args.hyp)
    require_same_length({args.src: sources, args.hyp: outputs})
    terms = term_matcher(args.glossary, include_default=not args.no_default_glossary)
    flags = [run_checks(source, output, terms(source)) for source, output in zip(sources, outputs)]
    if args.format == "json":
        json.dump(json_report(flags), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text_report(sources, outputs, flags))
    return 1 if args.fail_on and fails(flags, args.fail_on) else 0


def fails(flags: Sequence[Sequence[Flag]], fail_on: str) -> bool:
    return any(flag.severity == "error" or fail_on == "warning" for line in flags for flag in line)


def _check_codes() -> list[str]:
    from eval.checks import FLAG_CODES

    return list(FLAG_CODES)


def summary(flags: Sequence[Sequence[Flag]]) -> dict:
    by_code = Counter(code for line in flags for code in {flag.code for flag in line})
    by_severity = Counter(severity for line in flags for severity in {flag.severity for flag in line})
    return {
        "n_segments": len(flags),
        "n_flagged": sum(1 for line in flags if line),
        "by_code": {code: by_code[code] for code in _check_codes()},
        "by_severity": {severity: by_severity[severity] for severity in ("error", "warning")},
    }


def json_report(flags: Sequence[Sequence[Flag]]) -> dict:
    return {
        "segments": [
            {"index": index, "flags": [flag.to_json() for flag in line]} for index, line in enumerate(flags) if line
        ],
        "summary": summary(flags),
    }


def text_report(sources: Sequence[str], outputs: Sequence[str], flags: Sequence[Sequence[Flag]]) -> str:
    blocks = []
    for number, (source, output, line) in enumerate(zip(sources, outputs, flags), 1):
        if line:
            reasons = "\n".join(f"  {flag.severity:<8} {flag.code:<18} {flag.message}" for flag in line)
            blocks.append(f"line {number}\n{reasons}\n  de: {source}\n  en: {output}\n")
    counts = summary(flags)
    by_code = ", ".join(f"{code} {n}" for code, n in sorted(counts["by_code"].items(), key=lambda item: -item[1]) if n)
    closing = (
        f"{counts['n_flagged']} of {counts['n_segments']} sentences need review"
        + (f" ({counts['by_severity']['error']} with errors; {by_code})" if by_code else "")
    )
    return "\n".join(blocks + [closing]) + "\n"
