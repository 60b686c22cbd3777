"""TBX import (ISO 30042, TBX-Basic): the exchange format terminology tools export.

TBX v2 (`martif`/`termEntry`/`langSet`/`tig`) and TBX v3 (`tbx`/`conceptEntry`/`langSec`/`termSec`)
are both read. Per concept, every German term becomes a spelling to match (the first is the source,
the rest variants); the English target is the preferred term, else the first one not deprecated.
Concepts without a German or an English term are skipped with a warning: a multilingual
termbase has many. An internal DTD (where entities are declared) is refused, as its entities
can expand without bound; a DOCTYPE that only names an external DTD is accepted, not fetched.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from translate.kernel.textio import MAX_XML_DEPTH, is_blank, too_deep_message

from .entry import GlossaryEntry
from .problems import ParsedFile, Problem

_ROOTS = ("martif", "tbx")
_CONCEPTS = ("termEntry", "conceptEntry")
_LANGUAGE_SECTIONS = ("langSet", "langSec")
_TERM_CONTAINERS = ("tig", "termSec", "ntig")
_DISCOURAGED = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded")
_PREFERRED = ("preferredTerm-admn-sts", "preferred")


class _RefusedXML(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _local(name: str) -> str:
    # Namespaces are dropped: TBX v3 puts its elements in one, xml:lang is in the XML one.
    return name.rpartition("}")[2]


def _parse_xml(text: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat into ElementTree elements, remembering the line each element starts on."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    depth = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _RefusedXML(parser.CurrentLineNumber, too_deep_message())
        element = builder.start(_local(tag), {_local(k): v for k, v in attributes.items()})
        lines[element] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(_local(tag))

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
        if has_internal_subset:
            message = "a DTD inside the file (<!DOCTYPE ... [ ... ]>) is refused; remove it"
            raise _RefusedXML(parser.CurrentLineNumber, message)

    def undefined_entity(name: str, is_parameter_entity: bool) -> None:
        raise _RefusedXML(parser.CurrentLineNumber, f"entity &{name}; is not defined in the file")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    parser.SkippedEntityHandler = undefined_entity
    parser.Parse(text, True)
    return builder.close(), lines


def _language(section: ET.Element) -> str:
    return section.get("lang", "").split("-")[0].lower()


def _terms(section: ET.Element) -> list[tuple[str, str]]:
    """(term, administrative status) for each term in a language section, in file order."""
    found = []
    for container in section.iter():
        if container.tag not in _TERM_CONTAINERS:
            continue
        term = next(container.iter("term"), None)
        if term is None:
            continue
        statuses = (n.text or "" for n in container.iter("termNote") if n.get("type") == "administrativeStatus")
        found.append((" ".join("".join(term.itertext()).split()), next(statuses, "").strip()))
    return found


def _note(concept: ET.Element) -> str | None:
    for element in concept.iter():
        if element.tag in ("note", "descrip") and (element.text or "").strip():
            return " ".join(element.text.split())
    return None


def _read_concept(
    concept: ET.Element, name: str, line: int, problems: list[Problem]
) -> GlossaryEntry | None:
    terms_by_language: dict[str, list[tuple[str, str]]] = {}
    for section in concept:
        if section.tag in _LANGUAGE_SECTIONS:
            terms_by_language.setdefault(_language(section), []).extend(_terms(section))
    german = [term for term, _ in terms_by_language.get("de", [])]
    english = terms_by_language.get("en", [])
    if any(is_blank(term) for term in german) or any(is_blank(term) for term, _ in english):
        problems.append(Problem("error", name, line, "empty <term> element"))
        return None
    missing = [language for language, terms in (("German", german), ("English", english)) if not terms]
    if missing:
        problems.append(Problem("warning", name, line, f"concept has no {' or '.join(missing)} term; skipped"))
        return None
    allowed = [term for term, status in english if status not in _DISCOURAGED]
    preferred = [term for term, status in english if status in _PREFERRED]
    if not allowed:
        problems.append(Problem("error", name, line, "every English term of this concept is deprecated"))
        return None
    return GlossaryEntry(
        source=german[0],
        target=(preferred or allowed)[0],
        variants=tuple(dict.fromkeys(german[1:])),
        note=_note(concept),
        origin=f"{name}:{line}",
    )


def parse_tbx(text: str, name: str) -> ParsedFile:
    parsed = ParsedFile(format="TBX")
    try:
        root, lines = _parse_xml(text)
    except expat.ExpatError as err:
        message = f"malformed XML: {expat.errors.messages[err.code]}"
        parsed.problems.append(Problem("error", name, err.lineno, message))
        return parsed
    except _RefusedXML as err:
        parsed.problems.append(Problem("error", name, err.line, str(err)))
        return parsed
    if root.tag not in _ROOTS:
        message = f"not a TBX file: the root element is <{root.tag}>, not <tbx> or <martif>"
        parsed.problems.append(Problem("error", name, lines[root], message))
        return parsed
    for concept in root.iter():
        if concept.tag in _CONCEPTS:
            entry = _read_concept(concept, name, lines[concept], parsed.problems)
            if entry is not None:
                parsed.entries.append(entry)
    if not parsed.entries and not parsed.problems:
        parsed.problems.append(Problem("error", name, lines[root], "no <termEntry> or <conceptEntry> in the file"))
    return parsed
