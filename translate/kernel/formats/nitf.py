"""NITF stories and NewsML-G2 news items (headline, description, and an NITF or XHTML body in inlineXML)."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from translate.kernel.errors import InputError

from .html import HTML
from .markup import MarkupStory, Run, Vocabulary, collect_runs, fill_run, local_name, mark_english
from .plaintext import PlainText
from .story import Block, BlockTranslation
from .xmlsafe import parse_xml

NITF = Vocabulary(
    block_level=frozenset(
        """nitf head title body body.head hedline hl1 hl2 byline dateline abstract body.content body.end tagline
        p block bq credit ul ol li dl dt dd table caption thead tbody tfoot tr td th colgroup col media
        media-caption note fn pre hr nitf-table series rights""".split()
    ),
    opaque=frozenset(
        """docdata pubdata revision-history meta tobject iim media-reference media-metadata media-object
        media-producer pre nitf-table-metadata custom-table identified-content key-list""".split()
    ),
)


def _children(element, name: str) -> list:
    return [child for child in element if local_name(child) == name]


def _descendants(element, name: str) -> list:
    return [d for d in element.iter() if local_name(d) == name]


def _nitf_roots(nitf) -> list:
    """What of an <nitf> is read: the document title and the body; the head's metadata is not."""
    return [t for head in _children(nitf, "head") for t in _children(head, "title")] + _children(nitf, "body")


def _locate(name: str):
    return lambda element: f"{name}: line {element.sourceline or '?'}: "


def _serialiser(tree, runs: Callable[[], list[Run]]):
    from lxml import etree

    def serialise() -> bytes:
        mark_english(tree.getroot(), runs())
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"

    return serialise


def parse_nitf(data: bytes, name: str) -> MarkupStory:
    tree = parse_xml(data, name)
    root = tree.getroot()
    if local_name(root) != "nitf":
        raise InputError(f"{name}: line {root.sourceline}: root element is <{local_name(root)}>, not <nitf>")
    if not _children(root, "body"):
        raise InputError(f"{name}: line {root.sourceline}: <nitf> has no <body>")
    runs = [run for r in _nitf_roots(root) for run in collect_runs(r, NITF)]
    return MarkupStory(runs, _locate(name), _serialiser(tree, lambda: runs))


class _InlineData:
    """A plain-text body (<inlineData>) as paragraphs; it renders like a markup run."""

    def __init__(self, element):
        self.element = element
        self.plain = PlainText.split(element.text or "")

    @property
    def blocks(self) -> list[Block]:
        return [Block("p", p, self.element.sourceline) for p in self.plain.texts]

    def fill(self, translations: Sequence[BlockTranslation]) -> None:
        self.element.text = self.plain.join([t.text for t in translations])


class NewsmlStory(MarkupStory):
    """Runs of the headlines, descriptions and inlineXML bodies, plus plain inlineData bodies, in document order."""

    def __init__(self, data: bytes, name: str):
        tree = parse_xml(data, name)
        root = tree.getroot()
        if local_name(root) not in ("newsItem", "newsMessage"):
            raise InputError(
                f"{name}: line {root.sourceline}: root element is <{local_name(root)}>, not a NewsML-G2 newsItem"
            )
        self.parts: list[list[Run] | _InlineData] = []
        for element in root.iter():
            kind = local_name(element)
            if kind in ("headline", "description") and local_name(element.getparent()) == "contentMeta":
                self.parts.append(collect_runs(element, NITF))
            elif kind == "inlineXML":
                self.parts.append(self._inline_xml_runs(element))
            elif kind == "inlineData":
                self.parts.append(_InlineData(element))
        if not self.parts:
            raise InputError(
                f"{name}: line {root.sourceline}: no contentMeta headline and no inlineXML/inlineData body found"
            )
        runs = [run for part in self.parts if isinstance(part, list) for run in part]
        super().__init__(runs, _locate(name), self._serialise_with_language(tree, lambda: runs))

    @staticmethod
    def _inline_xml_runs(inline) -> list[Run]:
        for child in inline:
            if local_name(child) == "nitf":
                return [run for r in _nitf_roots(child) for run in collect_runs(r, NITF)]
            if local_name(child) == "html":
                return [
                    run
                    for r in _descendants(child, "title") + _children(child, "body")
                    for run in collect_runs(r, HTML)
                ]
        vocabulary = HTML if "html" in (inline.get("contenttype") or "") else NITF
        elements = [child for child in inline if local_name(child) is not None]
        if elements and not any(local_name(child) in vocabulary.block_level for child in elements):
            return []  # not text: G2 <events>, SportsML … pass through untouched
        return collect_runs(inline, vocabulary)

    def _serialise_with_language(self, tree, runs):
        serialise = _serialiser(tree, runs)

        def with_language() -> bytes:
            if self.provenance is not None:
                _record(tree.getroot(), self.provenance)
            for language in _descendants(tree.getroot(), "language"):
                if local_name(language.getparent()) == "contentMeta" and (language.get("tag") or "").lower().startswith(
                    "de"
                ):
                    language.set("tag", "en")
            return serialise()

        return with_language

    @property
    def blocks(self) -> list[Block]:
        return [
            b
            for part in self.parts
            for b in (part.blocks if isinstance(part, _InlineData) else [r.block for r in part])
        ]

    def fill(self, translations: Sequence[BlockTranslation], warnings: list[str]) -> None:
        start = 0
        for part in self.parts:
            count = len(part.blocks) if isinstance(part, _InlineData) else len(part)
            mine = translations[start : start + count]
            start += count
            if isinstance(part, _InlineData):
                part.fill(mine)
            else:
                for run, translation in zip(part, mine, strict=True):
                    fill_run(run, translation, self.locate, warnings)


# NewsML-G2 2.33 added contentMeta/digitalSourceType; itemMeta/generator is older.
_PROVENANCE_VERSION = (2, 33)
# What comes before each element in its parent's sequence (NewsML-G2 2.35 XSD).
_BEFORE_SOURCE_TYPE = ("icon", "urgency", "contentCreated", "contentModified")
_BEFORE_GENERATOR = ("itemClass", "provider", "versionCreated", "firstCreated", "embargoed", "pubStatus", "role",
                     "fileName", "generator")


def _version(text: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in (text or "").split("."))
    except ValueError:
        return ()


def _insert_after(parent, element, before: tuple[str, ...]) -> None:
    preceding = [i for i, child in enumerate(parent) if local_name(child) in before]
    parent.insert(preceding[-1] + 1 if preceding else 0, element)


def _record(root, provenance) -> None:
    """digitalSourceType in contentMeta and newsmt as a generator in itemMeta, for items of NewsML-G2 2.33 or
    later (by their standardversion); an older item is left as it was."""
    from lxml import etree

    if _version(root.get("standardversion")) < _PROVENANCE_VERSION:
        return
    namespace = etree.QName(root).namespace
    tag = (lambda name: f"{{{namespace}}}{name}") if namespace else (lambda name: name)
    items = [root] if local_name(root) == "newsItem" else [e for e in root.iter() if local_name(e) == "newsItem"]
    for item in items:
        for meta in _children(item, "contentMeta"):
            for old in _children(meta, "digitalSourceType"):
                meta.remove(old)
            source_type = etree.Element(tag("digitalSourceType"), uri=provenance.uri)
            etree.SubElement(source_type, tag("name")).text = provenance.name
            _insert_after(meta, source_type, _BEFORE_SOURCE_TYPE)
        for meta in _children(item, "itemMeta"):
            generator = etree.Element(tag("generator"))
            generator.text = provenance.generator
            if provenance.generator_version:
                generator.set("versioninfo", provenance.generator_version)
            _insert_after(meta, generator, _BEFORE_GENERATOR)


def parse_newsml(data: bytes, name: str) -> NewsmlStory:
    return NewsmlStory(data, name)


# A ninjs body of contenttype application/xml holds NITF, or an agency's own NITF dialect in capitals (TT's
# TTNITF: <HEAD>, <BODY>, <P>): its paragraphs are found by NITF's names in either case.
_XML_BODY = Vocabulary(
    block_level=NITF.block_level | {name.upper() for name in NITF.block_level},
    opaque=NITF.opaque | {name.upper() for name in NITF.opaque},
)
# Named HTML entities (&auml;, &nbsp;), which such bodies use though XML does not define them.
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


def _html_entities_as_characters(text: str, unknown: set[str]) -> str:
    """HTML's named entities as characters; any other undefined one (TT's &tstr;) as its literal text,
    its name added to `unknown` so that it is written back as it came."""
    from html.entities import name2codepoint

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        if name in name2codepoint:
            return chr(name2codepoint[name])
        unknown.add(name)
        return f"&amp;{name};"

    return _NAMED_ENTITY.sub(replace, text)


class XmlBody(MarkupStory):
    """An XML text held in a string (a ninjs body): NITF's title and body, else the dialect's <body>, else all;
    markup kept, text translated; `to_text()` gives it back without an XML declaration."""

    def __init__(self, text: str, name: str):
        self.unknown_entities: set[str] = set()
        tree = parse_xml(_html_entities_as_characters(text, self.unknown_entities).encode("utf-8"), name)
        root = tree.getroot()
        if local_name(root) == "nitf":
            roots = _nitf_roots(root)
        else:
            roots = [e for e in root.iter() if (local_name(e) or "").lower() == "body"][:1] or [root]
        runs = [run for r in roots for run in collect_runs(r, _XML_BODY)]
        self.root, self.trailing_newline = root, text.endswith("\n")
        super().__init__(runs, _locate(name), lambda: self.to_text().encode("utf-8"))

    def to_text(self) -> str:
        from lxml import etree

        mark_english(self.root, self.runs)
        text = etree.tostring(self.root, encoding="unicode")
        for entity in self.unknown_entities:
            text = text.replace(f"&amp;{entity};", f"&{entity};")
        return text + "\n" if self.trailing_newline else text

    def plain_text(self) -> str:
        return "".join(run.block.text for run in self.runs)
