"""newsmt's own table layout: a header naming the columns source, target, variants, case_sensitive, note."""
from __future__ import annotations

from translate.kernel.textio import is_blank

from .entry import GlossaryEntry
from .problems import Problem
from .table_format import RowReader

REQUIRED_COLUMNS = ("source", "target")
OPTIONAL_COLUMNS = ("variants", "case_sensitive", "note")
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
VARIANT_SEPARATOR = "|"
_TRUE = frozenset({"yes", "true", "1"})
_FALSE = frozenset({"no", "false", "0", ""})


def is_named_header(cells: list[str]) -> bool:
    return any(cell.lower() in KNOWN_COLUMNS for cell in cells)


def named_columns_reader(cells: list[str], name: str, number: int, problems: list[Problem]) -> RowReader | None:
    """Reads the rows under this header, or None (with an error) when they cannot be read with it."""
    columns = [cell.lower() for cell in cells]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
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
    if missing:
        return None
    return lambda row, name, number, problems: _read_row(row, columns, name, number, problems)


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
