"""Glossaries ready for translation: the bundled newsroom glossary plus the user's, combined."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .entry import Glossary, GlossaryEntry
from .glossary_file import read_glossary_file

DEFAULT_GLOSSARY_PATH = Path(__file__).with_name("news-de-en.tsv")


def load_glossary(path: str | Path) -> Glossary:
    """Raises InputError at the first error, so a bad glossary stops `translate` before it starts."""
    parsed = read_glossary_file(path)
    parsed.raise_first_error()
    return Glossary.from_entries(parsed.entries, Path(path).name, [str(p) for p in parsed.warnings])


def load_glossaries(paths: Iterable[str | Path], *, include_default: bool = True) -> Glossary:
    """The bundled glossary (unless excluded), then each file; later entries override earlier ones."""
    defaults = [load_glossary(DEFAULT_GLOSSARY_PATH)] if include_default else []
    return combine_glossaries(defaults + [load_glossary(path) for path in paths])


def combine_glossaries(glossaries: Sequence[Glossary]) -> Glossary:
    """One glossary; for the same source term the later entry wins, with a warning naming both places."""
    if not glossaries:
        return Glossary((), signature="none")
    warnings = [warning for glossary in glossaries for warning in glossary.warnings]
    by_key: dict[str, GlossaryEntry] = {}
    for glossary in glossaries:
        for entry in glossary.entries:
            earlier = by_key.pop(entry.key, None)
            if earlier is not None and earlier.behaviour != entry.behaviour:
                warnings.append(
                    f"{entry.origin}: '{entry.source}' → '{entry.target}' overrides "
                    f"'{earlier.source}' → '{earlier.target}' from {earlier.origin}"
                )
            by_key[entry.key] = entry
    return Glossary(tuple(by_key.values()), "+".join(g.signature for g in glossaries), warnings)
