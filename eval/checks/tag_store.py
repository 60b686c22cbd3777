"""HanTa's part-of-speech tags, kept between runs in the cache folder (translate/kernel/cache.py).

HanTa takes about a millisecond a word: tagging newstest2019's 2000 sources is most of what the quality checks
add to a gate run, and a CI job gates the same test set on every change. So tags are stored per token sequence,
under the tagger's version, and a later run reads them instead of tagging again. The store is only a speed-up:
when the cache folder cannot be written, tags are computed as before and nothing is kept.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from functools import cache

from translate.kernel.cache import cache_root

SEPARATOR = "\x1f"  # the unit separator: never inside a token (tokens are words and punctuation)
FLUSH_EVERY = 256  # new tags are written in batches: one transaction per sentence would cost more than tagging


class TagStore:
    def __init__(self, path) -> None:
        self._lock = threading.Lock()  # the desk runs checks from several threads
        self._pending: dict[str, str] = {}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=5, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS tags (tokens TEXT PRIMARY KEY, tags TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self._db = None

    def tags(self, tokens: Sequence[str], tag: Callable[[Sequence[str]], list[str]]) -> list[str]:
        key = SEPARATOR.join(tokens)
        with self._lock:
            stored = self._pending.get(key) or self._read(key)
        if stored is not None:
            return stored.split(SEPARATOR)
        tags = list(tag(tokens))
        with self._lock:
            self._pending[key] = SEPARATOR.join(tags)
            if len(self._pending) >= FLUSH_EVERY:
                self._flush()
        return tags

    def flush(self) -> None:
        with self._lock:
            self._flush()

    def _read(self, key: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT tags FROM tags WHERE tokens = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _flush(self) -> None:
        if self._db is not None and self._pending:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?)", self._pending.items())
            except sqlite3.Error:
                pass  # another process holds the file for longer than the timeout: these tags are tagged again next time
        self._pending.clear()


@cache
def hanta_tag_store() -> TagStore:
    import atexit
    from importlib.metadata import version

    store = TagStore(cache_root() / f"hanta-tags-{version('HanTa')}.sqlite")
    atexit.register(store.flush)
    return store
