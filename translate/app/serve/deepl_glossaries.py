"""Glossaries made through DeepL's /v2/glossaries: their entries as DeepL's API sends them (TSV or CSV lines of
`source, target`), kept in the translation memory file when the server has one (else in memory for the server's
life), and used as a paragraph term list — newsmt's glossary guarantee — when a translation names one."""
from __future__ import annotations

import csv
import threading
import uuid
from datetime import UTC, datetime

from glossaries import Glossary, GlossaryEntry
from translate.memory import StoredGlossary

from .compat import DEEPL, SOURCE_CODE, TARGET_CODE

ENTRY_FORMATS = ("tsv", "csv")


def _bad(message: str):
    return DEEPL.error(400, f"Invalid glossary entries provided: {message}")


def _term(term: str, line: int, side: str) -> str:
    term = term.strip()
    if not term:
        raise _bad(f"line {line}: the {side} term is empty")
    if any(ord(c) < 32 or 127 <= ord(c) <= 159 or c in "\u2028\u2029" for c in term):
        raise _bad(f"line {line}: the {side} term holds a control character")
    return term


def parse_entries(entries: str, entries_format: str) -> tuple[tuple[str, str], ...]:
    """DeepL's glossary entries: one `source<TAB>target` (tsv) or `source,target[,de,en]` (csv) per line; blank
    lines are skipped, a source given twice is refused (as DeepL does), and nothing else is dropped."""
    if entries_format not in ENTRY_FORMATS:
        raise DEEPL.error(400, f"Value for 'entries_format' not supported: {entries_format!r} (give tsv or csv).")
    if entries_format == "tsv":
        rows = [(number, line.split("\t")) for number, line in enumerate(entries.splitlines(), start=1)]
    else:
        rows = [(number, row) for number, row in enumerate(csv.reader(entries.splitlines()), start=1)]
    pairs: dict[str, str] = {}
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if entries_format == "csv" and len(row) == 4:
            languages = (row[2].strip().lower(), row[3].strip().lower())
            if languages != (SOURCE_CODE, TARGET_CODE):
                raise _bad(f"line {number}: languages {row[2]!r}, {row[3]!r}; this glossary is {SOURCE_CODE}→{TARGET_CODE}")
            row = row[:2]
        if len(row) != 2:
            separator = "a tab" if entries_format == "tsv" else "a comma"
            raise _bad(f"line {number}: expected a source and a target term separated by {separator}, "
                       f"found {len(row)} fields")
        source, target = _term(row[0], number, "source"), _term(row[1], number, "target")
        if source in pairs:
            raise _bad(f"line {number}: duplicates the source term {source!r}")
        pairs[source] = target
    if not pairs:
        raise _bad("no entries")
    return tuple(pairs.items())


def entries_text(glossary: StoredGlossary, entries_format: str = "tsv") -> str:
    if entries_format == "csv":
        import io

        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(glossary.entries)
        return out.getvalue()
    return "".join(f"{source}\t{target}\n" for source, target in glossary.entries)


def glossary_json(glossary: StoredGlossary) -> dict:
    return {"glossary_id": glossary.id, "name": glossary.name, "ready": True,
            "source_lang": glossary.source_lang, "target_lang": glossary.target_lang,
            "creation_time": glossary.created_at, "entry_count": len(glossary.entries)}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"  # DeepL's form: milliseconds, Z


class DeepLGlossaries:
    """The server's DeepL glossaries by id; written through to `memory` (a TranslationMemory) when given."""

    def __init__(self, memory=None):
        self.memory = memory
        self._lock = threading.Lock()
        self._by_id = {g.id: g for g in memory.glossaries()} if memory is not None else {}
        self._term_lists: dict[str, Glossary] = {}

    def create(self, name: str, entries: tuple[tuple[str, str], ...]) -> StoredGlossary:
        glossary = StoredGlossary(str(uuid.uuid4()), name, SOURCE_CODE, TARGET_CODE, entries, _now())
        if self.memory is not None:
            self.memory.save_glossary(glossary)
        with self._lock:
            self._by_id[glossary.id] = glossary
        return glossary

    def all(self) -> list[StoredGlossary]:
        with self._lock:
            return list(self._by_id.values())

    def get(self, glossary_id: str) -> StoredGlossary:
        with self._lock:
            found = self._by_id.get(glossary_id)
        if found is None:
            raise DEEPL.error(404, "Glossary not found")
        return found

    def delete(self, glossary_id: str) -> None:
        self.get(glossary_id)
        if self.memory is not None:
            self.memory.delete_glossary(glossary_id)
        with self._lock:
            self._by_id.pop(glossary_id, None)
            self._term_lists.pop(glossary_id, None)

    def term_list(self, glossary_id: str) -> Glossary:
        """The glossary as newsmt's term list (its entries enforced like any glossary's); built once."""
        glossary = self.get(glossary_id)
        with self._lock:
            if glossary_id not in self._term_lists:
                self._term_lists[glossary_id] = Glossary.from_entries(
                    [GlossaryEntry(source, target, origin=f"DeepL glossary {glossary.name!r}: entry {number}")
                     for number, (source, target) in enumerate(glossary.entries, start=1)],
                    f"deepl:{glossary.id}")
            return self._term_lists[glossary_id]
