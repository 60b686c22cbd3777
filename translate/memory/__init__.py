"""Translation memory: earlier and editor-approved translations of sentences, story versions, TMX.

Imports only the kernel (document, errors); no model is involved.
"""
from .stage import MemoryLookup, MemoryStore
from .store import (
    FORMAT_NAME,
    SCHEMA_VERSION,
    EntryKind,
    MemoryEntry,
    MemoryHit,
    MemoryStats,
    StoredGlossary,
    TranslationMemory,
    VersionDiff,
)
from .tmx import TmxExport, TmxImport, TmxUnits, add_tmx, export_tmx, import_tmx, read_tmx

__all__ = [
    "FORMAT_NAME",
    "SCHEMA_VERSION",
    "EntryKind",
    "MemoryEntry",
    "MemoryHit",
    "MemoryLookup",
    "MemoryStats",
    "MemoryStore",
    "StoredGlossary",
    "TmxExport",
    "TmxImport",
    "TmxUnits",
    "TranslationMemory",
    "VersionDiff",
    "add_tmx",
    "export_tmx",
    "import_tmx",
    "read_tmx",
]
