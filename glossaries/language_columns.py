"""Tables whose header names a language per column (`de,en`), as Google's equivalent-term-set CSV and
Amazon Translate's custom-terminology CSV/TSV are written.

The German column (the first whose code is `de` or a regional form, e.g. `de-DE`) is the source, further
German columns are variants; the first English column is the target. Other languages' columns and Google's
`pos` are not used; Google's `description` becomes the entry's note. A row without a German or an English
term is skipped with a warning (a multilingual term set has many), as in TBX.
"""
from __future__ import annotations

import re

from translate.kernel.textio import is_blank

from .entry import GlossaryEntry
from .problems import Problem
from .table_format import RowReader

# A BCP 47 tag as vendors write them in headers: lowercase language, optional region/script ("en-US", "zh-Hant").
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
NOTE_COLUMN = "description"


def is_language_tag(cell: str) -> bool:
    return _LANGUAGE_TAG.fullmatch(cell) is not None


def _language(cell: str) -> str:
    return re.split("[-_]", cell)[0]


def is_language_header(cells: list[str]) -> bool:
    return sum(is_language_tag(cell) for cell in cells) >= 2


def language_columns_reader(cells: list[str], name: str, number: int, problems: list[Problem]) -> RowReader | None:
    languages = [_language(cell) if is_language_tag(cell) else None for cell in cells]
    missing = [code for code in ("de", "en") if code not in languages]
    if missing:
        found = ", ".join(cell for cell in cells if is_language_tag(cell))
        problems.append(Problem(
            "error", name, number,
            f"the header names the languages {found} but no {' and no '.join(missing)} column (newsmt "
            "translates German to English)",
        ))
        return None
    german = [index for index, code in enumerate(languages) if code == "de"]
    english = languages.index("en")
    note = next((i for i, cell in enumerate(cells) if cell.lower() == NOTE_COLUMN), None)

    def read_row(row: list[str], name: str, number: int, problems: list[Problem]) -> GlossaryEntry | None:
        if len(row) > len(cells):
            problems.append(Problem(
                "error", name, number, f"row has {len(row)} cells but the header names {len(cells)} columns"
            ))
            return None
        row = row + [""] * (len(cells) - len(row))
        terms = [row[index] for index in german if not is_blank(row[index])]
        absent = [language for language, lacking in (("German", not terms), ("English", is_blank(row[english])))
                  if lacking]
        if absent:
            problems.append(Problem("warning", name, number, f"row has no {' or '.join(absent)} term; skipped"))
            return None
        return GlossaryEntry(
            source=terms[0],
            target=row[english],
            variants=tuple(dict.fromkeys(term for term in terms[1:] if term != terms[0])),
            note=(row[note] or None) if note is not None else None,
            origin=f"{name}:{number}",
        )

    return read_row
