"""Translatable runs of an element tree (HTML, NITF, NewsML-G2) and putting English back into them.

A *run* is a maximal stretch of inline content (text and inline elements) directly inside one
block-level element: all of <p>…</p>, or the loose text of a <div> between two <p>s. Every piece
of text outside opaque elements belongs to exactly one run, so none can be lost. Rendering
replaces the run's text with the English and puts each inline element (<a>, <em>, <person>…)
around the English span placement.find_span gives it; an element it cannot place is dropped
(its text stays, translated) and reported, and its own inline children are tried in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..textio import is_blank
from .placement import Alignment, Span, find_span, point_position
from .story import Block, BlockTranslation, normalise_space

_WHITESPACE = " \t\n\r\f"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_GERMAN = re.compile(r"de(?:[-_]|$)", re.I)

Locate = Callable[[object], str]  # element -> "story.html: line 12: "


@dataclass(frozen=True)
class Vocabulary:
    """Local tag names of one markup language."""

    block_level: frozenset[str]  # elements whose text is never part of a surrounding paragraph
    opaque: frozenset[str]  # never translated, kept untouched (script, pre, metadata…)
    breaks: frozenset[str] = frozenset({"br"})  # empty elements that separate words like a space


def local_name(node) -> str | None:
    """The tag without namespace; None for comments, processing instructions and entities."""
    tag = node.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def _is_opaque(node, vocabulary: Vocabulary) -> bool:
    return local_name(node) in vocabulary.opaque or node.get("translate") == "no"


def _is_inline(node, vocabulary: Vocabulary) -> bool:
    name = local_name(node)
    if name is None:
        return True
    if name in vocabulary.block_level:
        return False
    # An inline tag wrapping a paragraph (<a><p>…</p></a>) is a container here, not a phrase.
    return _is_opaque(node, vocabulary) or not any(
        local_name(d) in vocabulary.block_level for d in node.iterdescendants()
    )


@dataclass
class _Node:
    """An inline element of a run and the stretch of the run's normalised text inside it."""

    element: object
    span: Span  # start == end for elements without text
    children: list[_Node] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return self.span[0] < self.span[1]


@dataclass
class Run:
    kind: str  # local name of the block-level element holding it
    container: object
    lead: object | None  # the run's text starts in container.text (None) or in lead.tail
    members: list  # the inline nodes (elements, comments) directly in the container
    text: str  # normalised plain text = the Block's text
    nodes: list[_Node]
    prefix: str  # whitespace before and after, kept so the file's indentation survives
    suffix: str
    line: int | None

    @property
    def block(self) -> Block:
        return Block(self.kind, self.text, self.line)


class _RawText:
    """Concatenates a run's text pieces, remembering where each element starts and ends."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.pieces: list[str] = []
        self.length = 0

    def add(self, text: str | None) -> None:
        if text:
            self.pieces.append(text)
            self.length += len(text)

    def add_element(self, element) -> tuple[object, int, int, list]:
        start = self.length
        children = []
        if local_name(element) in self.vocabulary.breaks:
            self.add(" ")
        elif local_name(element) is not None and not _is_opaque(element, self.vocabulary):
            self.add(element.text)
            for child in element:
                children.append(self.add_element(child))
                self.add(child.tail)
        return (element, start, self.length, children)


def _normalise(raw: str) -> tuple[str, Callable[[int], int]]:
    """normalise_space(raw) and a map from raw offsets to offsets in it."""
    out: list[str] = []
    index = [0] * (len(raw) + 1)
    in_space = False
    for i, char in enumerate(raw):
        index[i] = len(out)
        if char in _WHITESPACE:
            if not in_space:
                out.append(" ")
            in_space = True
        else:
            out.append(char)
            in_space = False
    index[len(raw)] = len(out)
    collapsed = "".join(out)
    shift = 1 if collapsed.startswith(" ") else 0
    text = collapsed.strip(" ")
    return text, lambda i: min(max(index[i] - shift, 0), len(text))


def _to_node(raw_node, text: str, position: Callable[[int], int]) -> _Node:
    element, raw_start, raw_end, raw_children = raw_node
    start, end = position(raw_start), position(raw_end)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return _Node(element, (start, end), [_to_node(c, text, position) for c in raw_children])


def _make_run(container, lead, members: list, vocabulary: Vocabulary) -> Run | None:
    raw = _RawText(vocabulary)
    raw.add(container.text if lead is None else lead.tail)
    raw_nodes = []
    for member in members:
        raw_nodes.append(raw.add_element(member))
        raw.add(member.tail)
    joined = "".join(raw.pieces)
    text, position = _normalise(joined)
    if is_blank(text):  # nothing to translate; kept as it is
        return None
    stripped_start = joined.lstrip(_WHITESPACE)
    prefix = joined[: len(joined) - len(stripped_start)]
    suffix = joined[len(joined.rstrip(_WHITESPACE)) :]
    line = container.sourceline if lead is None else lead.sourceline
    nodes = [_to_node(n, text, position) for n in raw_nodes]
    return Run(local_name(container) or "", container, lead, members, text, nodes, prefix, suffix, line)


def collect_runs(root, vocabulary: Vocabulary) -> list[Run]:
    """Every run under `root` (itself treated as block-level), in document order."""
    runs: list[Run] = []

    def visit(container) -> None:
        lead, members = None, []
        for child in container:
            if _is_inline(child, vocabulary):
                members.append(child)
                continue
            run = _make_run(container, lead, members, vocabulary)
            if run:
                runs.append(run)
            if not _is_opaque(child, vocabulary):
                visit(child)
            lead, members = child, []
        run = _make_run(container, lead, members, vocabulary)
        if run:
            runs.append(run)

    visit(root)
    return runs


def describe(element) -> str:
    """<a href="…"> for messages; long attribute values are shortened."""
    attributes = "".join(
        f' {name.rsplit("}", 1)[-1]}="{value if len(value) <= 40 else value[:39] + "…"}"'
        for name, value in element.attrib.items()
    )
    return f"<{local_name(element)}{attributes}>"


@dataclass
class _Placed:
    element: object
    span: Span
    children: list[_Placed]
    order: int  # source order, to keep elements at the same English position in their German order


class _Placer:
    def __init__(self, source: str, english: str, alignment: Alignment, locate: Locate, warnings: list[str]):
        self.source, self.english, self.alignment = source, english, alignment
        self.locate, self.warnings = locate, warnings

    def place(self, nodes: list[_Node], source_range: Span, english_range: Span) -> list[_Placed]:
        placed: list[_Placed] = []
        taken: list[Span] = []
        points: list[tuple[int, _Node]] = []
        queue = list(enumerate(nodes))
        while queue:
            order, node = queue.pop(0)
            if not node.has_text:
                points.append((order, node))
                continue
            span = find_span(self.source, node.span, source_range, self.english, english_range, taken, self.alignment)
            if span is None:
                self.warnings.append(
                    f'{self.locate(node.element)}{describe(node.element)} around "{self.source[node.span[0] : node.span[1]]}" '
                    "could not be placed in the translation"
                )
                # The element goes; its inline children may still find their text.
                queue[0:0] = [(order, child) for child in node.children]
                continue
            taken.append(span)
            placed.append(_Placed(node.element, span, self.place(node.children, node.span, span), order))
        for order, node in points:
            at = point_position(self.source, node.span[0], source_range, self.english, english_range)
            for start, end in taken:
                if start < at < end:
                    at = end
            placed.append(_Placed(node.element, (at, at), [], order))
        placed.sort(key=lambda p: (p.span[0], p.span[0] != p.span[1], p.order))
        return placed


def _fill(element, placed: _Placed, english: str) -> None:
    """Rebuild a placed element's content: its English text with its own placed children."""
    if placed.span[0] == placed.span[1]:
        return  # no text: kept exactly as it was (<br>, <img>, a comment, an opaque element)
    for child in list(element):
        element.remove(child)
    start, end = placed.span
    element.text = english[start : placed.children[0].span[0]] if placed.children else english[start:end]
    for i, child in enumerate(placed.children):
        element.append(child.element)
        _fill(child.element, child, english)
        following = placed.children[i + 1].span[0] if i + 1 < len(placed.children) else end
        child.element.tail = english[child.span[1] : following]


def fill_run(run: Run, translation: BlockTranslation, locate: Locate, warnings: list[str]) -> None:
    """Replace the run's German with `translation`, keeping every inline element that can be placed."""
    english = normalise_space(translation.text)
    alignment = Alignment.build(run.text, english, translation.segments)
    placed = _Placer(run.text, english, alignment, locate, warnings).place(
        run.nodes, (0, len(run.text)), (0, len(english))
    )
    container = run.container
    for member in run.members:
        container.remove(member)
    first = placed[0].span[0] if placed else len(english)
    lead_text = run.prefix + english[:first] + ("" if placed else run.suffix)
    if run.lead is None:
        container.text = lead_text
    else:
        run.lead.tail = lead_text
    index = 0 if run.lead is None else container.index(run.lead) + 1
    for i, item in enumerate(placed):
        container.insert(index + i, item.element)
        _fill(item.element, item, english)
        following = placed[i + 1].span[0] if i + 1 < len(placed) else len(english)
        item.element.tail = english[item.span[1] : following] + ("" if i + 1 < len(placed) else run.suffix)


def mark_english(root, runs: Sequence[Run]) -> None:
    """Language attributes that said German now say English, on the elements that were translated: those
    holding a translated run, inside one, or around one. Metadata elsewhere (a G2 subject's German <name>)
    still says German."""
    translated: set = set()
    for run in runs:
        if not run.text:
            continue
        translated.update(run.container.iter())
        translated.update(run.container.iterancestors())
    for element in root.iter():
        if local_name(element) is None or element not in translated:
            continue
        for attribute in ("lang", _XML_LANG):
            if _GERMAN.match(element.get(attribute) or ""):
                element.set(attribute, "en")


class MarkupStory:
    """The runs of one parsed tree and how to serialise it: what html.py and nitf.py return."""

    def __init__(self, runs: list[Run], locate: Locate, serialise: Callable[[], bytes]):
        self.runs, self.locate, self._serialise = runs, locate, serialise
        self.provenance = None

    @property
    def blocks(self) -> list[Block]:
        return [run.block for run in self.runs]

    def fill(self, translations: Sequence[BlockTranslation], warnings: list[str]) -> None:
        for run, translation in zip(self.runs, translations, strict=True):
            fill_run(run, translation, self.locate, warnings)

    def render(self, translations: Sequence[BlockTranslation], warnings: list[str], provenance=None) -> bytes:
        """`provenance` (provenance.Provenance) is for formats that can record it; see NewsmlStory."""
        self.fill(translations, warnings)
        self.provenance = provenance
        return self._serialise()
