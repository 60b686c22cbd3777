"""TMX 1.4, the format CAT tools exchange translation memories in: export and import.

Export writes one <tu> per stored translation, German then English <tuv>, with
``<prop type="x-newsmt-kind">`` (approved | machine), ``<prop type="x-newsmt-signature">`` for machine
translations, the editor of an approved one as the standard ``changeid`` attribute, and the stored
times as ``creationdate`` / ``changedate``.

Import also reads TMX written by other tools:

* the German side is the first <tuv> whose language (``xml:lang``, or TMX 1.1's ``lang``) is "de" or a
  regional form of it ("de-DE", "de_AT"), the English side likewise "en", "en-GB", ...;
* the text of a <seg> is taken without its inline codes (<bpt>, <ept>, <ph>, <it>, <ut> hold the
  markup of the original document format); the text inside <hi> is kept; the German's white space is kept
  as given, because the memory matches sentences exactly; the English is stored on one line (line breaks
  and blank lines as one space: a sentence's translation cannot add a paragraph);
* an entry is stored as **approved** unless its ``x-newsmt-kind`` prop says "machine": a TMX from a CAT
  tool holds translators' work, and newsmt's own machine translations carry that prop, and must carry
  their ``x-newsmt-signature`` (without it no translator could reuse them);
* a unit without both a German and an English text, or a machine one without a signature, is not
  imported and is reported with its line; the other units are imported;
* where the memory already holds a translation of the same sentence, the later ``changedate`` wins.

The whole file is parsed (and so checked) before anything is stored. Files with a DTD that declares
anything are refused (entity expansion attacks); a bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, which
many tools write, is accepted and never fetched.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from translate.kernel.errors import InputError
from translate.kernel.textio import is_blank
from translate.kernel.tmx import TmxUnit, read_tmx_units

from .store import MemoryEntry, TranslationMemory, utc_now

KIND_PROP = "x-newsmt-kind"
SIGNATURE_PROP = "x-newsmt-signature"

# Characters XML 1.0 cannot carry, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TMX_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_IMPORT_BATCH = 1000  # entries per write transaction, so an import never holds the writer long


@dataclass(frozen=True)
class TmxExport:
    path: Path
    written: int
    skipped: int  # entries with characters XML 1.0 cannot represent (control characters)


@dataclass(frozen=True)
class TmxImport:
    path: Path
    approved: int
    machine: int
    problems: tuple[str, ...]  # "FILE: line N: ..." for every unit not imported


def tmx_date(timestamp: str) -> str:
    """2024-05-01T12:00:00Z → 20240501T120000Z"""
    return timestamp.replace("-", "").replace(":", "")


def iso_date(tmx: str | None) -> str | None:
    """20240501T120000Z → 2024-05-01T12:00:00Z; None for a missing or malformed date (then: now)."""
    match = _TMX_DATE.fullmatch(tmx or "")
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}Z"


# -- export -----------------------------------------------------------------------------------------


def _text(text: str) -> str:
    # A literal CR would be read back as LF: write it as a character reference.
    return escape(text, {"\r": "&#13;"})


def _unit(entry: MemoryEntry) -> str:
    attributes = {"creationdate": tmx_date(entry.created_at), "changedate": tmx_date(entry.updated_at)}
    if entry.editor:
        attributes["changeid"] = entry.editor
    props = {KIND_PROP: entry.kind}
    if entry.signature:
        props[SIGNATURE_PROP] = entry.signature
    lines = ["    <tu" + "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items()) + ">"]
    lines += [f'      <prop type="{kind}">{_text(value)}</prop>' for kind, value in props.items()]
    lines += [
        f'      <tuv xml:lang="{language}"><seg>{_text(text)}</seg></tuv>'
        for language, text in (("de", entry.source), ("en", entry.target))
    ]
    lines.append("    </tu>\n")
    return "\n".join(lines)


def export_tmx(memory: TranslationMemory, path: str | Path) -> TmxExport:
    """Write every entry of the memory to a TMX 1.4 file (replaced only once complete)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    written = skipped = 0
    try:
        with open(partial, "w", encoding="utf-8", newline="\n") as out:
            out.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '  <header creationtool="newsmt" creationtoolversion="1" datatype="plaintext" segtype="sentence"'
                f' adminlang="en" srclang="de" o-tmf="newsmt" creationdate="{tmx_date(utc_now())}"/>\n  <body>\n'
            )
            for entry in memory.entries():
                if _NOT_XML.search(f"{entry.source}{entry.target}{entry.signature or ''}{entry.editor or ''}"):
                    skipped += 1
                    continue
                out.write(_unit(entry))
                written += 1
            out.write("  </body>\n</tmx>\n")
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {err.strerror}") from None
    return TmxExport(path, written, skipped)


# -- import -----------------------------------------------------------------------------------------


def _entry(unit: TmxUnit, where: str, problems: list[str]) -> MemoryEntry | None:
    missing = [language for language in ("de", "en") if is_blank(unit.sides.get(language, ""))]
    if missing:
        problems.append(f"{where}: translation unit has no {' and no '.join(missing)} text; not imported")
        return None
    kind = unit.props.get(KIND_PROP, "approved")
    signature = unit.props.get(SIGNATURE_PROP) or None
    if kind not in ("approved", "machine"):
        problems.append(f"{where}: unknown {KIND_PROP} {kind!r} (approved or machine); not imported")
        return None
    if kind == "machine" and signature is None:
        problems.append(f"{where}: machine translation without {SIGNATURE_PROP}; not imported")
        return None
    attributes = unit.attributes
    return MemoryEntry(
        source=unit.sides["de"],
        target=unit.sides["en"],
        kind=kind,
        signature=signature if kind == "machine" else None,
        editor=(attributes.get("changeid") or attributes.get("creationid")) if kind == "approved" else None,
        created_at=iso_date(attributes.get("creationdate")),
        updated_at=iso_date(attributes.get("changedate")),
    )


@dataclass(frozen=True)
class TmxUnits:
    """The translation units of a TMX file, read and checked, not yet stored."""

    path: Path
    entries: tuple[MemoryEntry, ...]
    problems: tuple[str, ...]  # "FILE: line N: ..." for every unit that cannot be imported


def read_tmx(path: str | Path) -> TmxUnits:
    """Parse and check a whole TMX file; InputError (one line) for a file that cannot be read at all."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            units = read_tmx_units(stream, str(path))
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    problems: list[str] = []
    entries = [entry for unit in units if (entry := _entry(unit, f"{path}: line {unit.line}", problems))]
    return TmxUnits(path, tuple(entries), tuple(problems))


def add_tmx(memory: TranslationMemory, units: TmxUnits) -> TmxImport:
    """Store units read by read_tmx, a batch per write transaction."""
    for start in range(0, len(units.entries), _IMPORT_BATCH):
        memory.add_entries(units.entries[start : start + _IMPORT_BATCH])
    machine = sum(entry.kind == "machine" for entry in units.entries)
    return TmxImport(units.path, len(units.entries) - machine, machine, units.problems)


def import_tmx(memory: TranslationMemory, path: str | Path) -> TmxImport:
    """Read a TMX file into the memory; units that cannot be imported are listed in `problems`."""
    return add_tmx(memory, read_tmx(path))
