"""XLIFF 2.1 for post-editing in CAT tools: one <file> per document, one <unit> per paragraph,
one <segment> per sentence, glossary terms marked inline and explained, quality flags as notes."""

from __future__ import annotations

import re
from typing import Sequence

from translate.kernel.document import Document, Paragraph, Segment

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
_X = "{%s}" % XLIFF_NS
# Characters XML 1.0 cannot carry; XLIFF writes them as <cp hex="…"/>.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRUCTURAL = {_X + tag for tag in ("xliff", "file", "unit", "notes", "segment", "ignorable")}
_PRIORITY = {"error": "1", "warning": "5"}  # XLIFF note priority: 1 is the most important


# XLIFF 2.1 segment states by where a translation came from (Segment.memory): an editor's approved one has been
# reviewed; machine output, new or from the memory, is where a translator starts ("initial").
_STATES = {"approved": "reviewed"}
MACHINE_STATE = "initial"


def segment_state(segment: Segment) -> str:
    return _STATES.get(segment.memory or "", MACHINE_STATE)


def _sub(parent, tag: str, **attributes):
    from lxml import etree

    return etree.SubElement(parent, _X + tag, {k: v for k, v in attributes.items() if v is not None})


def _append_text(element, text: str) -> None:
    """Append text at the end of element's content, writing characters XML cannot hold as <cp>."""
    position = 0
    for bad in _NOT_XML.finditer(text):
        _append_plain(element, text[position : bad.start()])
        _sub(element, "cp", hex=f"{ord(bad.group()):04X}")
        position = bad.end()
    _append_plain(element, text[position:])


def _append_plain(element, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _marked(container, text: str, marks: list[tuple[int, int, dict]]) -> None:
    """Write `text` into container with <mrk> around the given non-overlapping, sorted spans."""
    position = 0
    for start, end, attributes in marks:
        _append_text(container, text[position:start])
        _append_text(_sub(container, "mrk", **attributes), text[start:end])
        position = end
    _append_text(container, text[position:])


def _term_marks(segment: Segment, number: int, first_mark: int, first_note: int):
    """Source marks, target marks (same ids, where the English term is found) and the term notes."""
    source_marks, target_marks, notes = [], [], []
    last_source_end, target_cursor = 0, 0
    for term in sorted(segment.terms, key=lambda t: (t.start, -t.end)):
        if term.start < last_source_end or not (0 <= term.start < term.end <= len(segment.source)):
            continue  # overlapping or out of range: <mrk> cannot overlap; the note below still says it
        last_source_end = term.end
        mark_id, note_id = f"m{first_mark + len(source_marks)}", f"n{first_note + len(notes)}"
        attributes = {"id": mark_id, "type": "term", "value": term.target, "ref": f"#n={note_id}"}
        source_marks.append((term.start, term.end, attributes))
        found = segment.target.find(term.target, target_cursor) if term.target else -1
        if found >= 0:
            target_cursor = found + len(term.target)
            target_marks.append((found, target_cursor, attributes))
        placement = term.placement or "not translated yet"
        notes.append((note_id, "term", None, f"s{number}: {term.source} → {term.target}: {placement}"))
    return source_marks, target_marks, notes


def _sentence_spans(paragraph: Paragraph) -> list[tuple[int, int] | None]:
    spans, cursor = [], 0
    for segment in paragraph.segments:
        if segment.end > segment.start:  # offsets from build_document: exact, soft wraps included
            spans.append((segment.start, segment.end))
            cursor = segment.end
            continue
        start = paragraph.source.find(segment.source, cursor) if segment.source else -1
        spans.append((start, start + len(segment.source)) if start >= 0 else None)
        if start >= 0:
            cursor = start + len(segment.source)
    return spans


def _unit(file_element, paragraph: Paragraph, number: int) -> None:
    unit = _sub(file_element, "unit", id=f"u{number}")
    segments = paragraph.segments or [Segment(paragraph.source)]
    notes, segment_parts, mark_count = [], [], 1
    for i, segment in enumerate(segments, start=1):
        source_marks, target_marks, term_notes = _term_marks(segment, i, mark_count, len(notes) + 1)
        mark_count += len(source_marks)
        notes.extend(term_notes)
        for flag in segment.flags:
            notes.append(
                (
                    f"n{len(notes) + 1}",
                    "flag",
                    _PRIORITY.get(flag.severity),
                    f"s{i}: {flag.code} ({flag.severity}): {flag.message}",
                )
            )
        segment_parts.append((segment, source_marks, target_marks))
    if notes:  # notes come before the segments in a unit
        notes_element = _sub(unit, "notes")
        for note_id, category, priority, text in notes:
            _append_text(_sub(notes_element, "note", id=note_id, category=category, priority=priority), text)
    spans = _sentence_spans(paragraph) if paragraph.segments else [None]
    previous_end = None
    for i, ((segment, source_marks, target_marks), span) in enumerate(zip(segment_parts, spans, strict=True), start=1):
        # The text between sentences (a space) is kept as <ignorable>, so merging gives the paragraph back.
        if span is not None and previous_end is not None and span[0] > previous_end:
            ignorable = _sub(unit, "ignorable", id=f"i{i}")
            _append_text(_sub(ignorable, "source"), paragraph.source[previous_end : span[0]])
        previous_end = span[1] if span is not None else None
        element = _sub(unit, "segment", id=f"s{i}", state=segment_state(segment))
        # The paragraph's own text (soft wraps kept): the same length as segment.source, so the marks fit.
        source = paragraph.source[span[0]:span[1]] if span is not None else segment.source
        _marked(_sub(element, "source"), source, source_marks)
        if segment.target:
            _marked(_sub(element, "target"), segment.target, target_marks)


def _indent(element, level: int = 0) -> None:
    """Indent the structure only: whitespace inside <source>, <target> and <note> would be content."""
    if element.tag not in _STRUCTURAL or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def write_xliff(documents: Sequence[Document], *, source_language: str = "de", target_language: str = "en") -> bytes:
    """XLIFF 2.1 (UTF-8, with XML declaration) for translated documents."""
    from lxml import etree

    if not documents:
        raise ValueError("XLIFF needs at least one document")
    root = etree.Element(
        _X + "xliff", {"version": "2.1", "srcLang": source_language, "trgLang": target_language}, nsmap={None: XLIFF_NS}
    )
    for file_number, document in enumerate(documents, start=1):
        file_element = _sub(root, "file", id=f"f{file_number}", original=document.name)
        # A <file> needs a unit: an empty document gets one empty paragraph.
        for unit_number, paragraph in enumerate(document.paragraphs or [Paragraph("")], start=1):
            _unit(file_element, paragraph, unit_number)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
