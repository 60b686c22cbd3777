"""Per-sentence term lists (the WMT 2023 terminology format): JSON lines, one list per sentence.

Line i holds the terms of sentence i: `[{"de": "...", "en": "..."}, ...]`; write `[]` for a
sentence without terms. The same German term may come with two English ones (the WMT 2023 test
set does so in 73 sentences), so a list is not checked for duplicates, only entry by entry.
"""
from __future__ import annotations

from pathlib import Path

from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.textio import is_blank, read_lines

from .checking import entry_problems
from .entry import Glossary, GlossaryEntry
from .problems import ParsedFile, Problem

_SHAPE = 'expected a JSON list of {"de": ..., "en": ...} objects'


def parse_term_list(line: str, name: str, number: int) -> ParsedFile:
    parsed = ParsedFile()

    def error(message: str) -> ParsedFile:
        parsed.problems.append(Problem("error", name, number, message))
        return parsed

    if is_blank(line):
        return error("empty line; write [] for a sentence without terms")
    try:
        terms = parse_json(line)
    except JsonInputError as err:
        return error(f"{err.reason} (column {err.column})")
    if not isinstance(terms, list):
        return error(_SHAPE)
    for position, term in enumerate(terms, start=1):
        if not isinstance(term, dict) or not all(isinstance(term.get(side), str) for side in ("de", "en")):
            return error(f"term {position}: {_SHAPE}")
        if is_blank(term["de"]) or is_blank(term["en"]):
            return error(f"term {position}: empty \"de\" or \"en\"")
        entry = GlossaryEntry(source=term["de"].strip(), target=term["en"].strip(), origin=f"{name}:{number}")
        parsed.entries.append(entry)
        parsed.problems.extend(entry_problems(entry))
    return parsed


def read_term_list_file(path: str | Path) -> list[ParsedFile]:
    name = str(path)
    return [parse_term_list(line, name, number) for number, line in enumerate(read_lines(path), start=1)]


def load_term_lists(path: str | Path) -> list[Glossary]:
    """One glossary per line; raises InputError at the first line with an error."""
    term_lists = read_term_list_file(path)
    for parsed in term_lists:
        parsed.raise_first_error()
    return [
        Glossary.from_entries(parsed.entries, f"{Path(path).name}:{number}", [str(p) for p in parsed.warnings])
        for number, parsed in enumerate(term_lists, start=1)
    ]
