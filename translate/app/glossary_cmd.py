"""`newsmt glossary check FILE...`: every problem in a glossary, by file and line."""
from __future__ import annotations

import argparse
import sys

from glossaries.glossary_file import check_glossary_file
from translate.kernel.report import plural

from .console import say


def register(subparsers) -> None:
    glossary = subparsers.add_parser("glossary", help="work with glossaries (term lists)")
    commands = glossary.add_subparsers(dest="glossary_command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate glossary files (.tsv, .csv, .tbx/.xml, .tmx, .jsonl term lists)",
        description="Report duplicates, conflicting targets, empty cells, bad encoding, header problems "
        "terms that can never match and terms that would match everywhere (function words), and the format each "
        "file was read as (newsmt, DeepL, Google or Amazon table layouts, TBX, TMX). Exit status 0 with warnings "
        "only, 1 if a glossary has an error or no usable entry, 2 if a file cannot be read.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    problems = []
    for path in args.files:
        checked = check_glossary_file(path)
        problems += checked.problems
        for problem in checked.problems:
            say(str(problem), sys.stdout)
        if checked.format is not None:
            say(f"{path}: read as {checked.format}, {plural(len(checked.entries), 'entry', 'entries')}", sys.stdout)
    errors = sum(problem.severity == "error" for problem in problems)
    print(f"checked {plural(len(args.files), 'file')}: {plural(errors, 'error')}, "
          f"{plural(len(problems) - errors, 'warning')}")
    if any(problem.unreadable for problem in problems):
        return 2  # as every command does for input it cannot read
    return 1 if errors else 0
