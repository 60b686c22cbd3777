"""`newsmt merge SOURCE EDITED.xlf -o OUT`: an edited XLIFF back into the story's own format (no model needed)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.formats import FORMATS
from translate.kernel.textio import read_bytes


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="put an edited XLIFF's translations back into the story (in its own format)",
        description=(
            "Take the German story and the XLIFF 2.1 that `newsmt translate --format xliff` exported for it, after "
            "an editor or a CAT tool changed it: every segment's target becomes the sentence's English, and the "
            "story is rendered in its own format as `translate` renders it. The XLIFF must be of this version of "
            "the story (its source sha256). Exit codes: 0 ok, 2 usage or input error (nothing is written)."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="the German story the XLIFF was exported from")
    parser.add_argument("xliff", metavar="EDITED.xlf", help="the edited XLIFF 2.1")
    parser.add_argument("-o", "--output", metavar="OUT", help="the English story (default: standard output)")
    parser.add_argument("--input-format", choices=FORMATS, metavar="FORMAT",
                        help=f"force the story's format ({', '.join(FORMATS)}); default: detected as by translate")
    parser.add_argument("--glossary", action="append", default=[], metavar="FILE",
                        help="glossary whose terms are checked again in the edited English (repeatable)")
    parser.add_argument("--no-default-glossary", action="store_true", help="do not use the bundled newsroom glossary")
    parser.add_argument("--tm", metavar="PATH",
                        help="translation memory (SQLite, created if missing): segments in state reviewed or final "
                             "are stored as approved translations, with the editor and date the XLIFF gives")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from glossaries import GlossaryMatcher, load_glossaries
    from translate.kernel.formats.xliff_read import read_edited_xliff

    from .merge import apply_edits, machine_outputs, memory_entries
    from .stories import render, story_from_bytes
    from .translate_cmd import _same_file, _write, output_paths
    from .wiring import open_memory

    item = story_from_bytes(read_bytes(args.source), args.source, args.input_format)
    edited = read_edited_xliff(read_bytes(args.xliff), args.xliff)
    destination = output_paths([args.source], args.output, "text", [item.format])[0]
    if destination is not None and _same_file(Path(args.xliff), destination):
        raise InputError(f"-o {args.output}: would overwrite the input {args.xliff}; choose another output")
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    for warning in glossary.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    matcher = GlossaryMatcher([glossary]) if glossary.entries else None
    result = apply_edits(item, edited, matcher)
    rendered = render(item, "text", None, signature=edited.provenance.translator)
    for warning in result.warnings + item.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    if destination is None:
        sys.stdout.buffer.write(rendered)
        sys.stdout.buffer.flush()
    else:
        _write(destination, rendered)
    stored = ""
    if args.tm:
        translator = edited.provenance.translator
        with open_memory(args.tm) as memory:
            machine = machine_outputs(memory, [source for source, _ in result.segments], translator)
            edits = memory_entries(result.segments, translator, machine)
            memory.add_entries(edits.entries)
        unknown = f", {edits.unknown} translated left out (no machine output in it to compare)" if edits.unknown else ""
        stored = f"; stored in {args.tm}: {edits.approved} approved, {edits.edited} edited (not approved){unknown}"
    approved = sum(edit.approved for _, edit in result.segments)
    print(f"newsmt: merged {len(result.segments)} segments ({approved} reviewed or final){stored}; "
          f"{len(result.warnings)} missing glossary terms", file=sys.stderr)
    return 0
