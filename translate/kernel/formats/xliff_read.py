"""Reading back an XLIFF 2.x that newsmt exported and an editor (or a CAT tool) changed: per unit, the segments'
targets and states, the editor and the date where the file says, and what the file was made from.

Parsed with xmlsafe.parse_xml: no DTD, no entity, no network. Where the editor is found:
ITS 2.0 provenance attributes (its:revPerson, its:person) on the segment or its unit, else a unit note whose
category is one CAT tools use for it ("editor", "reviewer", "translator", "author"); the date: a note of
category "date"/"modified"/"reviewed", or an attribute its:revDate, "modified" or "changedate"."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.kernel.errors import InputError

from .xliff import XLIFF_NS
from .xliff_provenance import Provenance, read_provenance
from .xmlsafe import parse_xml

_X = "{%s}" % XLIFF_NS
ITS_NS = "http://www.w3.org/2005/11/its"
_ITS = "{%s}" % ITS_NS
STATES = ("initial", "translated", "reviewed", "final")  # XLIFF 2 segment states; "initial" is the default
APPROVED_STATES = ("reviewed", "final")
_EDITOR_NOTES = ("editor", "reviewer", "translator", "author")
_DATE_NOTES = ("date", "modified", "reviewed")
_PERSON_ATTRIBUTES = (_ITS + "revPerson", _ITS + "person")
_DATE_ATTRIBUTES = (_ITS + "revDate", "modified", "changedate")


@dataclass(frozen=True)
class EditedSegment:
    id: str
    state: str
    target: str | None  # None: the segment has no <target>
    line: int | None = None
    editor: str | None = None
    date: str | None = None
    source: str = ""

    @property
    def approved(self) -> bool:
        return self.state in APPROVED_STATES


@dataclass(frozen=True)
class EditedUnit:
    id: str
    segments: list[EditedSegment]
    line: int | None = None


@dataclass(frozen=True)
class EditedXliff:
    name: str
    provenance: Provenance
    units: list[EditedUnit] = field(default_factory=list)


def _inline_text(element) -> str:
    """The text of a <source>/<target>: <mrk>/<pc> content kept, <cp hex> as its character, placeholders dropped."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _X + "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                raise InputError(f"line {child.sourceline}: <cp hex=\"{child.get('hex')}\"> is not a code point") from None
        elif child.tag in (_X + "mrk", _X + "pc"):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _unit_notes(unit) -> dict[str, str]:
    found: dict[str, str] = {}
    for note in unit.iterchildren(_X + "notes"):
        for item in note.iterchildren(_X + "note"):
            category = (item.get("category") or "").casefold()
            text = " ".join((item.text or "").split())
            if text and category in _EDITOR_NOTES + _DATE_NOTES:
                found.setdefault(category, text)
    return found


def _first(elements, attributes) -> str | None:
    for element in elements:
        for attribute in attributes:
            value = element.get(attribute)
            if value and value.strip():
                return value.strip()
    return None


def _segment(segment, unit, notes: dict[str, str], name: str) -> EditedSegment:
    state = segment.get("state", "initial")
    if state not in STATES:
        raise InputError(f"{name}: line {segment.sourceline}: segment state \"{state}\" is not one of {', '.join(STATES)}")
    target, source = segment.find(_X + "target"), segment.find(_X + "source")
    try:
        text = _inline_text(target) if target is not None else None
        source_text = _inline_text(source) if source is not None else ""
    except InputError as err:
        raise InputError(f"{name}: {err}") from None
    editor = _first((segment, unit), _PERSON_ATTRIBUTES) or next(
        (notes[c] for c in _EDITOR_NOTES if c in notes), None
    )
    date = _first((segment, unit), _DATE_ATTRIBUTES) or next((notes[c] for c in _DATE_NOTES if c in notes), None)
    return EditedSegment(segment.get("id", ""), state, text, segment.sourceline, editor, date, source_text)


def read_edited_xliff(data: bytes, name: str) -> EditedXliff:
    """The units of the XLIFF's one <file>; every problem is an InputError naming the file and line."""
    root = parse_xml(data, name).getroot()
    if root.tag != _X + "xliff" or not (root.get("version") or "").startswith("2."):
        raise InputError(f"{name}: line {root.sourceline}: not an XLIFF 2 file (root <{root.tag}>)")
    files = list(root.iterchildren(_X + "file"))
    if len(files) != 1:
        raise InputError(f"{name}: holds {len(files)} <file> elements; merge takes the XLIFF of one story")
    units, seen = [], set()
    for unit in files[0].iter(_X + "unit"):
        unit_id = unit.get("id", "")
        if unit_id in seen:
            raise InputError(f"{name}: line {unit.sourceline}: unit id {unit_id} occurs twice")
        seen.add(unit_id)
        notes = _unit_notes(unit)
        segments = [_segment(s, unit, notes, name) for s in unit.iterchildren(_X + "segment")]
        units.append(EditedUnit(unit_id, segments, unit.sourceline))
    return EditedXliff(name, read_provenance(files[0]), units)
