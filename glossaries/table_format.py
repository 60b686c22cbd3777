"""What TSV and CSV glossaries share: `#` comments, one entry per row, a layout told by the first row.

The formats differ only in how a line splits into cells (see tsv_format and csv_format); the layouts
(a header of column names, a header of language codes, no header) are listed in table_layouts.
An entry is one line: a cell that spans lines is refused, so every problem has one line number.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from translate.kernel.textio import is_blank

from .entry import GlossaryEntry
from .problems import ParsedFile, Problem

# Splits one line into cells; raises ValueError with a message for a malformed line.
RowSplitter = Callable[[str], list[str]]
# Reads one row's cells (file name, line number, problems to add to) into an entry, or None.
RowReader = Callable[[list[str], str, int, list[Problem]], GlossaryEntry | None]


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line that is neither blank nor a `#` comment."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not is_blank(line) and not line.lstrip().startswith("#"):
            yield number, line


def parse_table(text: str, name: str, split_row: RowSplitter, kind: str) -> ParsedFile:
    """Entries of a table of kind "TSV" or "CSV", its layout told by the first row (see table_layouts)."""
    from .table_layouts import layout_of, no_layout_message

    parsed = ParsedFile()
    read_row: RowReader | None = None
    for number, line in content_lines(text):
        try:
            cells = [cell.strip() for cell in split_row(line)]
        except ValueError as err:
            parsed.problems.append(Problem("error", name, number, str(err)))
            continue
        if read_row is None:
            layout = layout_of(cells)
            if layout is None:
                parsed.problems.append(Problem("error", name, number, no_layout_message(cells)))
                return parsed
            parsed.format = layout.formats[kind]
            read_row = layout.reader(cells, name, number, parsed.problems)
            if read_row is None:
                return parsed  # the header says the rows cannot be read
            if layout.has_header:
                continue
        entry = read_row(cells, name, number, parsed.problems)
        if entry is not None:
            parsed.entries.append(entry)
    if read_row is None and not parsed.problems:
        message = "file is empty: expected a header line or rows of terms"
        parsed.problems.append(Problem("error", name, 1, message))
    return parsed
