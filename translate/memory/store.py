"""The translation memory: one SQLite file of sentence translations and story versions.

What it holds:

* machine translations, keyed by (source sentence, translator signature). The signature names the model,
  its revision, the decoding settings and the glossary (``Translator.signature``); a translation is reused
  only by a translator with the same signature, because any of those can change the output.
* approved translations, keyed by the source sentence alone: an editor's translation is the right one
  whatever model would translate the sentence now, so it wins over a machine translation for any signature.
* the sentence list of each version of a story, to tell which sentences are new in an updated story.
* glossaries created through the server's APIs (DeepL's /v2/glossaries), so that they outlive a restart.

"The same sentence" means the same text, character for character (as the segmenter produced it): no
normalisation, so a corrected typo or a changed number is a different sentence and is translated again.

A target is one sentence of a paragraph, so it is stored (and read back) on one line: every run of white space
in it (line breaks, blank lines, tabs) becomes one space, and a target with no visible text is refused. An
approved or imported translation can then never add a paragraph to the output (README "Paragraphs").

Concurrency: WAL journal (readers never wait for the writer) and one writer at a time. Every write is a
short ``BEGIN IMMEDIATE`` transaction, which SQLite serialises across processes (others wait up to
``timeout`` seconds); within a process one connection is shared by all threads behind a lock. A process
killed mid-write loses only its unfinished transaction: the file stays consistent.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Self

from translate.kernel.errors import InputError
from translate.kernel.textio import is_blank

EntryKind = Literal["approved", "machine"]
# An editor's translation that is not approved yet (`newsmt merge --tm`, XLIFF state "translated") is kept as a
# machine translation under this prefix + the exporting translator's signature: no translator has such a signature,
# so it is never reused as machine output, and `tm export`/`tm stats` tell it apart.
EDITED_SIGNATURE_PREFIX = "edited|"

FORMAT_NAME = "newsmt translation memory"
SCHEMA_VERSION = 1

# Added after schema version 1, without changing it: a file without this table gets it when opened, and an older
# newsmt reading a file with it simply does not look at it.
_GLOSSARY_TABLE = """CREATE TABLE IF NOT EXISTS api_glossaries (
        id         TEXT NOT NULL PRIMARY KEY,
        name       TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        entries    TEXT NOT NULL,
        created_at TEXT NOT NULL)"""

_SCHEMA = (
    # What this file is: lets a later newsmt migrate it and refuse files it does not understand.
    "CREATE TABLE newsmt_memory (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE machine_translations (
        source     TEXT NOT NULL,
        signature  TEXT NOT NULL,
        target     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source, signature))""",
    """CREATE TABLE approved_translations (
        source     TEXT NOT NULL PRIMARY KEY,
        target     TEXT NOT NULL,
        editor     TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE story_versions (
        story_id   TEXT NOT NULL,
        version    INTEGER NOT NULL,
        sentences  TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (story_id, version))""",
    _GLOSSARY_TABLE,
)

# Upserts shared by new translations and imported ones: the later change wins, so importing an old
# TMX never overwrites a newer translation.
_PUT_MACHINE = """
    INSERT INTO machine_translations (source, signature, target, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (source, signature) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at
    WHERE excluded.updated_at >= machine_translations.updated_at"""
_PUT_APPROVED = """
    INSERT INTO approved_translations (source, target, editor, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET target = excluded.target, editor = excluded.editor,
        updated_at = excluded.updated_at
    WHERE excluded.updated_at >= approved_translations.updated_at"""

_IN_CHUNK = 500  # sources per `IN (...)` query, well under SQLite's limit on bound parameters
_PAGE = 1000  # entries read per lock hold while exporting, so lookups are not blocked by a long export


def one_line(target: str) -> str:
    """A target as the memory keeps it: white space runs (line breaks included) as one space, ends stripped."""
    return " ".join(target.split())


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC to the second: they sort as text and survive a TMX round trip."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class MemoryHit:
    target: str
    kind: EntryKind
    signature: str | None  # the translator that produced it; None for an approved translation
    updated_at: str
    editor: str | None = None


@dataclass(frozen=True)
class MemoryEntry:
    """One stored translation, as exported to and imported from TMX."""

    source: str
    target: str
    kind: EntryKind
    signature: str | None = None  # required for machine translations
    editor: str | None = None
    created_at: str | None = None  # None: now
    updated_at: str | None = None  # None: created_at


@dataclass(frozen=True)
class MemoryStats:
    machine: int
    approved: int
    signatures: int
    stories: int
    story_versions: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class StoredGlossary:
    """A glossary created through an API: its id, name, languages and (source, target) term pairs."""

    id: str
    name: str
    source_lang: str
    target_lang: str
    entries: tuple[tuple[str, str], ...]
    created_at: str


@dataclass(frozen=True)
class VersionDiff:
    """How one version of a story differs from the version before it.

    A sentence is new when its exact text was not in the previous version (a repeated sentence is new
    only beyond the number of times it was there before). In a story's first version every sentence is
    new; a page showing the changes highlights them only when `previous_version` is not None.
    """

    story_id: str
    version: int
    previous_version: int | None
    is_new: tuple[bool, ...]  # one per sentence of this version, in order
    removed: tuple[str, ...]  # sentences of the previous version that this one no longer has
    resent: bool = False  # identical to the latest version: no version was added, this is that version

    @property
    def new_sentences(self) -> int:
        return sum(self.is_new)


def _unmatched(sentences: Sequence[str], others: Sequence[str]) -> list[bool]:
    """For each sentence, whether it is left over once every sentence of `others` matched one equal to it."""
    available = Counter(others)
    unmatched = []
    for sentence in sentences:
        matched = available[sentence] > 0
        available[sentence] -= matched
        unmatched.append(not matched)
    return unmatched


def _diff(story_id: str, version: int, previous: tuple[int, list[str]] | None, sentences: list[str],
          resent: bool) -> VersionDiff:
    if previous is None:
        return VersionDiff(story_id, version, None, (True,) * len(sentences), (), resent)
    previous_version, previous_sentences = previous
    gone = _unmatched(previous_sentences, sentences)
    return VersionDiff(
        story_id,
        version,
        previous_version,
        tuple(_unmatched(sentences, previous_sentences)),
        tuple(s for s, is_gone in zip(previous_sentences, gone) if is_gone),
        resent,
    )


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


class TranslationMemory:
    """A translation memory file, created on first use (`create=False`: an InputError if there is none).

    >>> with TranslationMemory("newsroom.tm") as memory:
    ...     memory.store([("Der Bundestag tagt.", "The Bundestag is in session.")], translator.signature)
    ...     memory.lookup(["Der Bundestag tagt."], translator.signature)

    Open it in each process that uses it (not before a fork); threads of one process may share it.
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            # Only a command that writes may create a memory: a mistyped path must not read as an empty one.
            raise InputError(f"{self.path}: no such translation memory (translate/serve/batch --tm or tm import create one)")
        self._lock = threading.RLock()
        try:
            # isolation_level=None: transactions are begun explicitly, so each write takes the lock up front.
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise InputError(f"{self.path}: cannot open translation memory: {err}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL loses no committed transaction when a process dies, only on power loss.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._initialise()
        except sqlite3.OperationalError as err:  # locked beyond the timeout, read-only, disk full...
            self._db.close()
            raise InputError(f"{self.path}: cannot open translation memory: {err}") from None
        except sqlite3.DatabaseError as err:  # "file is not a database"
            self._db.close()
            raise InputError(f"{self.path}: not a newsmt translation memory ({err})") from None
        except BaseException:
            self._db.close()
            raise

    def _initialise(self) -> None:
        with self._write() as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                for statement in _SCHEMA:
                    db.execute(statement)
                db.executemany(
                    "INSERT INTO newsmt_memory (key, value) VALUES (?, ?)",
                    [("format", FORMAT_NAME), ("schema_version", str(SCHEMA_VERSION)), ("created_at", utc_now())],
                )
                return
            meta = dict(db.execute("SELECT key, value FROM newsmt_memory")) if "newsmt_memory" in tables else {}
            if meta.get("format") != FORMAT_NAME:
                raise InputError(f"{self.path}: not a newsmt translation memory (an SQLite database of something else)")
            version = meta.get("schema_version", "")
            if not version.isdigit() or int(version) != SCHEMA_VERSION:
                newer = version.isdigit() and int(version) > SCHEMA_VERSION
                raise InputError(
                    f"{self.path}: translation memory schema version {version or '?'} "
                    + (f"is newer than this newsmt reads ({SCHEMA_VERSION}); upgrade newsmt" if newer else "is unknown")
                )
            if "api_glossaries" not in tables:
                db.execute(_GLOSSARY_TABLE)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; BEGIN IMMEDIATE takes SQLite's write lock at once (waiting for
        another process's writer up to the timeout) instead of failing half-way through."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- sentences ---------------------------------------------------------------------------------

    def lookup(self, sources: Sequence[str], signature: str) -> dict[str, MemoryHit]:
        """The stored translation of each source sentence that has one: approved, else machine by `signature`."""
        wanted = list(dict.fromkeys(sources))
        hits: dict[str, MemoryHit] = {}
        with self._lock:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for source, target, editor, updated_at in self._db.execute(
                    f"SELECT source, target, editor, updated_at FROM approved_translations WHERE source IN ({marks})",
                    chunk,
                ):
                    hits[source] = MemoryHit(one_line(target), "approved", None, updated_at, editor)
                for source, target, updated_at in self._db.execute(
                    "SELECT source, target, updated_at FROM machine_translations "
                    f"WHERE signature = ? AND source IN ({marks})",
                    [signature, *chunk],
                ):
                    hits.setdefault(source, MemoryHit(one_line(target), "machine", signature, updated_at))
        return hits

    def store(self, pairs: Sequence[tuple[str, str]], signature: str) -> None:
        """Remember machine translations (source, target) made by the translator with `signature`."""
        now = utc_now()
        self.add_entries(MemoryEntry(source, target, "machine", signature, None, now, now) for source, target in pairs)

    def approve(self, source: str, target: str, *, editor: str | None = None) -> None:
        """Remember an editor's translation of `source`; it is used from now on whatever the signature."""
        if is_blank(source) or is_blank(target):
            raise InputError("an approved translation needs a source sentence and an English text, not blank ones")
        now = utc_now()
        self.add_entries([MemoryEntry(source, target, "approved", None, editor, now, now)])

    def add_entries(self, entries: Iterable[MemoryEntry]) -> None:
        """Store entries in one transaction; where one is already stored, the later `updated_at` wins."""
        now = utc_now()
        machine, approved = [], []
        for entry in entries:
            target = one_line(entry.target)
            if not entry.source or is_blank(target):
                raise ValueError(f"a memory entry needs a source and a target: {entry!r}")
            created, updated = entry.created_at or now, entry.updated_at or entry.created_at or now
            if entry.kind == "approved":
                approved.append((entry.source, target, entry.editor, created, updated))
            elif entry.kind == "machine" and entry.signature:
                machine.append((entry.source, entry.signature, target, created, updated))
            else:
                raise ValueError(f"a machine translation needs its translator's signature: {entry!r}")
        if not machine and not approved:
            return
        with self._write() as db:
            db.executemany(_PUT_MACHINE, machine)
            db.executemany(_PUT_APPROVED, approved)

    def entries(self) -> Iterator[MemoryEntry]:
        """Every stored translation: approved ones, then machine ones, each sorted by source sentence."""
        for source, target, editor, created_at, updated_at in self._pages(
            "SELECT source, target, editor, created_at, updated_at FROM approved_translations "
            "WHERE source > ? ORDER BY source LIMIT ?",
            start=("",),
            key=lambda row: (row[0],),
        ):
            yield MemoryEntry(source, target, "approved", None, editor, created_at, updated_at)
        for source, target, signature, created_at, updated_at in self._pages(
            "SELECT source, target, signature, created_at, updated_at FROM machine_translations "
            "WHERE (source, signature) > (?, ?) ORDER BY source, signature LIMIT ?",
            start=("", ""),
            key=lambda row: (row[0], row[2]),
        ):
            yield MemoryEntry(source, target, "machine", signature, None, created_at, updated_at)

    def _pages(self, query: str, start: tuple[str, ...], key: Callable[[tuple], tuple[str, ...]]) -> Iterator[tuple]:
        """All rows of a query paged by its sort key, taking the lock one page at a time."""
        after = start
        while True:
            with self._lock:
                rows = self._db.execute(query, (*after, _PAGE)).fetchall()
            yield from rows
            if len(rows) < _PAGE:
                return
            after = key(rows[-1])

    # -- story versions --------------------------------------------------------------------------

    def record_version(self, story_id: str, sources: Sequence[str]) -> VersionDiff:
        """Remember a story's sentences as its next version and say which are new since the previous one.

        `story_id` is the caller's stable identity of the story (the agency's item id, a ninjs/NITF guid,
        or the file name). Sending the latest version again records nothing and returns that version.
        """
        if not story_id:
            raise ValueError("a story needs an id to be versioned")
        sentences = list(sources)
        with self._write() as db:
            rows = db.execute(
                "SELECT version, sentences FROM story_versions WHERE story_id = ? ORDER BY version DESC LIMIT 2",
                (story_id,),
            ).fetchall()
            latest = [(version, json.loads(text)) for version, text in rows]
            if latest and latest[0][1] == sentences:
                return _diff(story_id, latest[0][0], latest[1] if len(latest) > 1 else None, sentences, resent=True)
            version = latest[0][0] + 1 if latest else 1
            db.execute(
                "INSERT INTO story_versions (story_id, version, sentences, created_at) VALUES (?, ?, ?, ?)",
                (story_id, version, json.dumps(sentences, ensure_ascii=False), utc_now()),
            )
            return _diff(story_id, version, latest[0] if latest else None, sentences, resent=False)

    # -- glossaries made through the APIs ----------------------------------------------------------

    def save_glossary(self, glossary: StoredGlossary) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO api_glossaries (id, name, source_lang, target_lang, entries, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (glossary.id, glossary.name, glossary.source_lang, glossary.target_lang,
                 json.dumps(glossary.entries, ensure_ascii=False), glossary.created_at),
            )

    def glossaries(self) -> list[StoredGlossary]:
        """Every stored glossary, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, source_lang, target_lang, entries, created_at FROM api_glossaries "
                "ORDER BY created_at, id"
            ).fetchall()
        return [StoredGlossary(id, name, source, target, tuple(tuple(pair) for pair in json.loads(entries)), created)
                for id, name, source, target, entries, created in rows]

    def delete_glossary(self, glossary_id: str) -> bool:
        """Whether there was such a glossary."""
        with self._write() as db:
            return db.execute("DELETE FROM api_glossaries WHERE id = ?", (glossary_id,)).rowcount > 0

    # -- the file ---------------------------------------------------------------------------------

    def stats(self) -> MemoryStats:
        with self._lock:
            (machine, signatures), = self._db.execute(
                "SELECT count(*), count(DISTINCT signature) FROM machine_translations"
            )
            (approved,), = self._db.execute("SELECT count(*) FROM approved_translations")
            (stories, versions), = self._db.execute("SELECT count(DISTINCT story_id), count(*) FROM story_versions")
        return MemoryStats(machine, approved, signatures, stories, versions)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
