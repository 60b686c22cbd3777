"""What TSV and CSV glossaries share: `#` comments, a header naming the columns, one entry per row.

The formats differ only in how a line splits into cells (see tsv_format and csv_format).
An entry is one line: a cell that spans lines is refused, so every problem has one line number.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from translate.kernel.textio import is_blank

from .entry import GlossaryEntry
from .problems import ParsedFile, Problem

REQUIRED_COLUMNS = ("source", "target")
OPTIONAL_COLUMNS = ("variants", "case_sensitive", "note")
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
VARIANT_SEPARATOR = "|"
_TRUE = frozenset({"yes", "true", "1"})
_FALSE = frozenset({"no", "false", "0", ""})

# Splits one line into cells; raises ValueError with a message for a malformed line.
RowSplitter = Callable[[str], list[str]]


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line that is neither blank nor a `#` comment."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not is_blank(line) and not line.lstrip().startswith("#"):
            yield number, line


def parse_table(text: str, name: str, split_row: RowSplitter) -> ParsedFile:
    parsed = ParsedFile()
    columns: list[str] | None = None
    for number, line in content_lines(text):
        try:
            cells = [cell.strip() for cell in split_row(line)]
        except ValueError as err:
            parsed.problems.append(Problem("error", name, number, str(err)))
            continue
        if columns is None:
            columns = _read_header(cells, name, number, parsed.problems)
            if columns is None:
                return parsed  # without a header no row can be read
            continue
        entry = _read_row(cells, columns, name, number, parsed.problems)
        if entry is not None:
            parsed.entries.append(entry)
    if columns is None and not parsed.problems:
        message = "file is empty: expected a header line naming the columns source and target"
        parsed.problems.append(Problem("error", name, 1, message))
    return parsed


def _read_header(cells: list[str], name: str, number: int, problems: list[Problem]) -> list[str] | None:
    """The column names, or None (with an error) when rows cannot be read with this header."""
    columns = [cell.lower() for cell in cells]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if len(missing) == len(REQUIRED_COLUMNS):
        found = ", ".join(repr(cell) for cell in cells)
        problems.append(Problem(
            "error", name, number,
            f"missing header: the first row must name the columns source and target (found {found})",
        ))
        return None
    problems.extend(
        Problem("error", name, number, f"header lacks the required column '{column}'") for column in missing
    )
    for column in dict.fromkeys(columns):
        if column not in KNOWN_COLUMNS:
            problems.append(Problem(
                "error", name, number, f"unknown column '{column}' (known: {', '.join(KNOWN_COLUMNS)})"
            ))
        elif columns.count(column) > 1:
            problems.append(Problem("error", name, number, f"column '{column}' appears twice in the header"))
    return None if missing else columns


def _read_row(
    cells: list[str], columns: list[str], name: str, number: int, problems: list[Problem]
) -> GlossaryEntry | None:
    if len(cells) > len(columns):
        problems.append(Problem(
            "error", name, number, f"row has {len(cells)} cells but the header names {len(columns)} columns"
        ))
        return None
    # Editors drop trailing empty cells; a missing cell reads as empty.
    row = dict(zip(columns, cells + [""] * (len(columns) - len(cells))))
    errors = [f"empty {column} cell" for column in REQUIRED_COLUMNS if is_blank(row.get(column, ""))]
    case_sensitive = row.get("case_sensitive", "").lower()
    if case_sensitive not in _TRUE | _FALSE:
        errors.append(f"case_sensitive must be yes or no, not '{row['case_sensitive']}'")
    problems.extend(Problem("error", name, number, message) for message in errors)
    variants = [variant.strip() for variant in row.get("variants", "").split(VARIANT_SEPARATOR)]
    if row.get("variants") and not all(variants):
        problems.append(Problem("warning", name, number, f"empty variant in '{row['variants']}' (stray '|')"))
    if errors:
        return None
    return GlossaryEntry(
        source=row["source"],
        target=row["target"],
        variants=tuple(variant for variant in variants if variant),
        case_sensitive=case_sensitive in _TRUE,
        note=row.get("note") or None,
        origin=f"{name}:{number}",
    )
