"""The post-editing round trip: an edited XLIFF's targets put into the story it was exported from, without the model.

The story is parsed and segmented exactly as `translate` does it (stories.story_from_bytes), so its paragraphs
and sentences are the XLIFF's units u1… and segments s1…; each segment's target becomes the sentence's English,
the glossary's terms are matched again (for inline markup placement and the `missing-term` check), and the
story is rendered by the same renderer as `translate` (stories.render)."""
from __future__ import annotations

from dataclasses import dataclass, field

from translate.kernel.errors import InputError
from translate.kernel.formats.xliff_read import EditedSegment, EditedXliff
from translate.memory.store import EDITED_SIGNATURE_PREFIX, one_line

from .stories import StoryInput


@dataclass
class MergeResult:
    segments: list[tuple[str, EditedSegment]] = field(default_factory=list)  # (German sentence, its edit)
    warnings: list[str] = field(default_factory=list)


def _short(digest: str | None) -> str:
    return digest[:12] if digest else "none"


def check_provenance(item: StoryInput, edited: EditedXliff) -> None:
    given = edited.provenance.source_sha256
    if given is None:
        raise InputError(
            f"{edited.name}: carries no source sha256 (<mda:meta type=\"source-sha256\">); only an XLIFF exported by "
            "`newsmt translate --format xliff` can be merged"
        )
    if given != item.sha256:
        raise InputError(
            f"{edited.name}: was exported from another version of the story: sha256 {_short(given)}… in the XLIFF, "
            f"{_short(item.sha256)}… for {item.name}"
        )


def apply_edits(item: StoryInput, edited: EditedXliff, term_matcher=None) -> MergeResult:
    """Put every segment's target into item.document (checked whole first: nothing changes on an error)."""
    from eval.checks import CHECKS

    check_provenance(item, edited)
    paragraphs = item.document.paragraphs
    units = {unit.id: unit for unit in edited.units}
    expected = [f"u{n}" for n in range(1, max(len(paragraphs), 1) + 1)]
    for unit in edited.units:
        if unit.id not in expected:
            raise InputError(f"{edited.name}: line {unit.line}: unit id {unit.id} does not exist in {item.name} "
                             f"(it has units u1–u{len(expected)})")
    missing = [unit_id for unit_id in expected if unit_id not in units]
    if missing:
        raise InputError(f"{edited.name}: unit {missing[0]} of {item.name} is missing from the XLIFF")
    plan = []
    for paragraph, unit_id in zip(paragraphs, expected, strict=False):
        unit = units[unit_id]
        by_id = {segment.id: segment for segment in unit.segments}
        # An empty paragraph was exported as one segment with an empty source.
        wanted = [f"s{n}" for n in range(1, max(len(paragraph.segments), 1) + 1)]
        extra = [s for s in by_id if s not in wanted]
        if extra:
            raise InputError(f"{edited.name}: line {by_id[extra[0]].line}: unit {unit_id} has a segment {extra[0]} "
                             f"that {item.name} does not have")
        absent = [s for s in wanted if s not in by_id]
        if absent:
            raise InputError(f"{edited.name}: line {unit.line}: unit {unit_id} is missing segment {absent[0]}")
        for segment, segment_id in zip(paragraph.segments, wanted, strict=False):
            edit = by_id[segment_id]
            if segment.source.strip() and (edit.target is None or not edit.target.strip()):
                raise InputError(f"{edited.name}: line {edit.line}: unit {unit_id} segment {segment_id} has no target")
            plan.append((unit_id, paragraph, segment, edit))
    result = MergeResult()
    missing_term = CHECKS["missing-term"]
    for unit_id, paragraph, segment, edit in plan:
        segment.target = one_line(edit.target or "")
        segment.terms = term_matcher.match(segment.source, paragraph.term_list) if term_matcher else []
        segment.flags = missing_term.run(segment.source, segment.target, segment.terms)
        for flag in segment.flags:
            result.warnings.append(f"{edited.name}: line {edit.line}: unit {unit_id} segment {edit.id}: "
                                   f"{flag.message} ({flag.code})")
        result.segments.append((segment.source, edit))
    return result


def _timestamp(date: str | None) -> str | None:
    """An ISO 8601 date as the memory keeps it (UTC, to the second); None when absent or unreadable."""
    from datetime import UTC, datetime

    if not date:
        return None
    try:
        parsed = datetime.fromisoformat(date)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class MemoryEdits:
    entries: list = field(default_factory=list)  # MemoryEntry: approved ones, and edited ones (see above)
    approved: int = 0
    edited: int = 0  # state "translated", and the target differs from the machine output in the memory
    unknown: int = 0  # state "translated", but no machine output in the memory to tell an edit: not stored
    untouched: int = 0  # the machine output as exported (state "initial", or equal to it)


def memory_entries(pairs: list[tuple[str, EditedSegment]], translator: str | None = None,
                   machine: dict[str, str] | None = None) -> MemoryEdits:
    """Memory entries from (German sentence, edit) pairs: state reviewed or final → approved; "translated" whose
    target is not the machine output (`machine`: source → newsmt's translation by `translator`) → edited."""
    from translate.memory import MemoryEntry

    machine = machine or {}
    result = MemoryEdits()
    for source, edit in pairs:
        target = one_line(edit.target or "")
        if not source.strip() or not target:
            continue
        when = _timestamp(edit.date)
        if edit.approved:
            result.entries.append(MemoryEntry(source, target, "approved", None, edit.editor, when, when))
            result.approved += 1
        elif edit.state != "translated" or machine.get(source) == target:
            result.untouched += 1
        elif source in machine:
            signature = EDITED_SIGNATURE_PREFIX + (translator or "unknown")
            result.entries.append(MemoryEntry(source, target, "machine", signature, edit.editor, when, when))
            result.edited += 1
        else:
            result.unknown += 1
    return result


def machine_outputs(memory, sources: list[str], translator: str | None) -> dict[str, str]:
    """newsmt's own translations of `sources` by the XLIFF's translator, where the memory has them."""
    if not translator:
        return {}
    hits = memory.lookup(sources, translator)
    return {source: hit.target for source, hit in hits.items() if hit.kind == "machine"}


def xliff_memory_entries(edited: EditedXliff) -> MemoryEdits:
    """For `tm import` (no story at hand): each segment's own <source>, soft wraps read as spaces, as the German."""
    return memory_entries([(" ".join(edit.source.split()), edit) for unit in edited.units for edit in unit.segments])
