"""`newsmt tm export|import|stats`: the translation memory as TMX 1.4, the format CAT tools exchange."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    tm = subparsers.add_parser("tm", help="export, import and inspect a translation memory (TMX 1.4)")
    commands = tm.add_subparsers(dest="tm_command", required=True, metavar="COMMAND")
    export = commands.add_parser("export", help="write the memory as TMX 1.4 (approved entries first)")
    export.add_argument("memory", metavar="MEMORY", help="the memory file (SQLite) of --tm; it must exist")
    export.add_argument("tmx", metavar="FILE.tmx")
    export.set_defaults(func=run_export)
    load = commands.add_parser(
        "import", help="add a TMX file's German-English pairs (approved unless marked as newsmt machine output), or "
        "an edited XLIFF 2's reviewed/final segments as approved translations",
        description="Exit status 0, or 1 when some units could not be imported (listed, one line each). The whole "
        "file is read first: a TMX or XLIFF that cannot be read changes nothing and creates no memory. A file "
        "ending in .xlf or .xliff is read as XLIFF 2 (as `newsmt merge --tm` stores it).",
    )
    load.add_argument("memory", metavar="MEMORY", help="the memory file (SQLite; created if missing)")
    load.add_argument("tmx", metavar="FILE.tmx|FILE.xlf")
    load.set_defaults(func=run_import)
    terms = commands.add_parser(
        "terms", help="German terms whose English editors changed the same way in approved sentences (glossary TSV)",
        description="Compares each approved translation with the machine translation of the same sentence (a "
        "word-level diff) and lists, as glossary rows (source, target, note), German words or two-word phrases "
        "whose English was changed the same way in at least --min-count approved sentences.",
    )
    terms.add_argument("memory", metavar="MEMORY", help="the memory file (SQLite) of --tm; it must exist")
    terms.add_argument("--min-count", type=int, default=3, metavar="N",
                       help="approved sentences a change must be seen in (default: 3)")
    terms.add_argument("-o", "--output", metavar="FILE.tsv", help="write the rows here (default: standard output)")
    terms.set_defaults(func=run_terms)
    stats = commands.add_parser("stats", help="count the memory's entries and stories (JSON)")
    stats.add_argument("memory", metavar="MEMORY", help="the memory file (SQLite) of --tm; it must exist")
    stats.set_defaults(func=run_stats)


def _memory(path: str, *, create: bool = False):
    from translate.memory import TranslationMemory

    return TranslationMemory(path, create=create)


def run_export(args: argparse.Namespace) -> int:
    from translate.memory import export_tmx

    with _memory(args.memory) as memory:
        result = export_tmx(memory, args.tmx)
    note = f"; {result.skipped} left out (characters XML cannot hold)" if result.skipped else ""
    print(f"newsmt: wrote {result.written} translation units to {result.path}{note}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from translate.memory import TmxImport, add_tmx, read_tmx

    if Path(args.tmx).suffix.lower() in XLIFF_SUFFIXES:
        return _import_xliff(args)
    # The whole file is read and checked first: a TMX that cannot be read leaves no memory behind, nor does one
    # without a single importable unit.
    units = read_tmx(args.tmx)
    if units.entries or Path(args.memory).exists():
        with _memory(args.memory, create=True) as memory:
            result = add_tmx(memory, units)
    else:
        result = TmxImport(units.path, 0, 0, units.problems)
    for problem in result.problems:
        print(f"newsmt: warning: {problem}", file=sys.stderr)
    print(f"newsmt: imported {result.approved} approved and {result.machine} machine translations from {args.tmx}"
          + (f"; {len(result.problems)} units skipped" if result.problems else ""), file=sys.stderr)
    return 1 if result.problems else 0


XLIFF_SUFFIXES = (".xlf", ".xliff")


def _import_xliff(args: argparse.Namespace) -> int:
    from translate.kernel.formats.xliff_read import read_edited_xliff
    from translate.kernel.textio import read_bytes

    from .merge import xliff_memory_entries

    edits = xliff_memory_entries(read_edited_xliff(read_bytes(args.tmx), args.tmx))
    if edits.entries:
        with _memory(args.memory, create=True) as memory:
            memory.add_entries(edits.entries)
    print(f"newsmt: imported {edits.approved} approved translations (segments reviewed or final) from {args.tmx}; "
          f"{edits.unknown + edits.untouched} segments not approved were left out", file=sys.stderr)
    return 0


def run_terms(args: argparse.Namespace) -> int:
    from translate.kernel.errors import InputError
    from translate.memory.term_suggestions import edited_sentences, glossary_tsv, suggest_terms

    if args.min_count < 1:
        raise InputError(f"--min-count {args.min_count}: must be at least 1")
    with _memory(args.memory) as memory:
        sentences = edited_sentences(memory.entries())
    suggestions = suggest_terms(sentences, min_count=args.min_count)
    text = glossary_tsv(suggestions)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"newsmt: {len(suggestions)} terms from {len(sentences)} approved sentences that differ from the machine "
          f"translation", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with _memory(args.memory) as memory:
        sys.stdout.write(json.dumps(memory.stats().to_json(), indent=2) + "\n")
    return 0
