"""Reading the translation units of a TMX file (TMX 1.4; TMX 1.1's `lang` too), for every layer that
imports TMX: the translation memory and TMX terminology glossaries (Amazon Translate's custom terminology).

* a unit's side for a language is the first <tuv> whose language (``xml:lang``, or ``lang``) is that
  language or a regional form of it ("de-DE", "de_AT" → "de");
* the text of a <seg> is taken without its inline codes (<bpt>, <ept>, <ph>, <it>, <ut> hold the markup of
  the original document format); the text inside <hi> is kept; white space is kept as given;
* a unit's <prop type="..."> values and its attributes are kept for the caller to interpret.

Files with a DTD that declares anything are refused (entity expansion attacks); a bare
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, which many tools write, is accepted and never fetched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

from .errors import InputError
from .textio import MAX_XML_DEPTH, too_deep_message

# Elements inside <seg> that carry the original format's codes rather than text.
_INLINE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def tmx_language(code: str) -> str:
    """"de-DE", "DE_at", "de" → "de"."""
    return code.strip().lower().replace("_", "-").split("-")[0]


@dataclass
class TmxUnit:
    line: int
    attributes: dict[str, str]
    sides: dict[str, str] = field(default_factory=dict)  # language → text of its first <tuv>
    props: dict[str, str] = field(default_factory=dict)


class _TmxReader:
    """Expat handlers that collect the translation units of a TMX file."""

    def __init__(self, name: str):
        self.name = name
        self.units: list[TmxUnit] = []
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity_declaration
        self.parser.SkippedEntityHandler = self._undefined_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._characters
        self.seen_root = False
        self.unit: TmxUnit | None = None
        self.language: str | None = None  # inside a <tuv>
        self.segment: list[str] | None = None  # inside its <seg>
        self.code_depth = 0  # inside inline codes of the <seg>
        self.prop: tuple[str, list[str]] | None = None  # inside a unit's <prop>
        self.depth = 0

    def read(self, source: BinaryIO | str) -> list[TmxUnit]:
        try:
            if isinstance(source, str):
                self.parser.Parse(source, True)
            else:
                self.parser.ParseFile(source)
        except expat.ExpatError as err:
            reason = expat.errors.messages[err.code]
            raise InputError(f"{self.name}: line {err.lineno}: not well-formed XML ({reason})") from None
        return self.units

    def _fail(self, message: str) -> None:
        raise InputError(f"{self.name}: line {self.parser.CurrentLineNumber}: {message}")

    def _doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            self._fail("has a DTD with declarations (<!DOCTYPE ... [...]>), refused; TMX needs none, remove it")

    def _entity_declaration(self, name, *rest) -> None:
        self._fail(f"declares the entity {name!r}, refused; TMX needs none, remove it")

    def _undefined_entity(self, name, is_parameter_entity) -> None:
        self._fail(f"undefined entity &{name};")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            self._fail(too_deep_message())
        if not self.seen_root:
            if tag != "tmx":
                self._fail(f"not a TMX file: the root element is <{tag}>, not <tmx>")
            self.seen_root = True
        if tag == "tu":
            self.unit = TmxUnit(self.parser.CurrentLineNumber, attributes)
        elif self.unit is None:
            return
        elif self.segment is not None:
            self.code_depth += tag in _INLINE_CODES
        elif tag == "tuv":
            self.language = tmx_language(attributes.get("xml:lang") or attributes.get("lang") or "")
        elif tag == "seg" and self.language is not None:
            self.segment = []
        elif tag == "prop" and self.language is None:
            self.prop = (attributes.get("type", ""), [])

    def _characters(self, text: str) -> None:
        if self.segment is not None:
            if not self.code_depth:
                self.segment.append(text)
        elif self.prop is not None:
            self.prop[1].append(text)

    def _end(self, tag: str) -> None:
        self.depth -= 1
        if self.unit is None:
            return
        if tag == "tu":
            self.units.append(self.unit)
            self.unit = None
        elif self.segment is not None:
            if tag == "seg":
                self.unit.sides.setdefault(self.language, "".join(self.segment))
                self.segment = None
            else:
                self.code_depth -= tag in _INLINE_CODES
        elif tag == "tuv":
            self.language = None
        elif tag == "prop" and self.prop is not None:
            kind, parts = self.prop
            self.unit.props.setdefault(kind, "".join(parts).strip())
            self.prop = None


def read_tmx_units(source: BinaryIO | str, name: str) -> list[TmxUnit]:
    """Every translation unit of a TMX document (a binary stream or its text), in file order.
    InputError naming `name` and the line for XML that is not well-formed, not TMX, or declares a DTD."""
    return _TmxReader(name).read(source)
