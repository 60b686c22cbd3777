"""`newsmt glossary check FILE...`: every problem in a glossary, by file and line."""
from __future__ import annotations

import argparse

from glossaries.glossary_file import check_glossary_file


def register(subparsers) -> None:
    glossary = subparsers.add_parser("glossary", help="work with glossaries (term lists)")
    commands = glossary.add_subparsers(dest="glossary_command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate glossary files (.tsv, .csv, .tbx/.xml, .jsonl term lists)",
        description="Report duplicates, conflicting targets, empty cells, bad encoding, header problems "
        "and terms that can never match. Exit status 1 if there is an error, 0 with warnings only.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=run_check)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run_check(args: argparse.Namespace) -> int:
    problems = [problem for path in args.files for problem in check_glossary_file(path)]
    for problem in problems:
        print(problem)
    errors = sum(problem.severity == "error" for problem in problems)
    print(f"checked {_count(len(args.files), 'file')}: {_count(errors, 'error')}, "
          f"{_count(len(problems) - errors, 'warning')}")
    return 1 if errors else 0
