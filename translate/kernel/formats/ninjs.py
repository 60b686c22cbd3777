"""IPTC ninjs JSON, 1.x (headline, description_text/_html, body_text/_html) and 2.x/3.x
(headlines[], descriptions[], bodies[]). Every other field is kept as it was; the story says "en"."""

from __future__ import annotations

import json
import re
from typing import Callable, Sequence

from translate.kernel.errors import InputError
from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.textio import decode_text, is_blank

from .plaintext import PlainText
from .story import Block, BlockTranslation, normalise_space

# 1.x fields, by role: plain text or HTML.
_PLAIN_FIELDS = {"headline": "headline", "description_text": "description", "body_text": "body"}
_HTML_FIELDS = ("description_html", "body_html")
# 2.x/3.x lists of {"value", "contenttype" (3.x: "contentType"), "role", …}.
_LIST_FIELDS = {"headlines": "headline", "descriptions": "description", "bodies": "body"}
_SOURCE_TYPE_FIELDS = ("digitalsourcetype", "digitalSourceType")  # ninjs 1.6/2.2, 3.1


class _Field:
    """One translatable string of the story: its blocks and how to write its English back."""

    def __init__(self, blocks: list[Block], put: Callable[[Sequence[BlockTranslation], list[str]], None]):
        self.blocks, self.put = blocks, put


class NinjsStory:
    def __init__(self, data: bytes, name: str):
        text = decode_text(data, name)
        self.name, self.text = name, text
        try:
            self.story = parse_json(text)
        except JsonInputError as err:
            raise InputError(f"{name}: {err}") from None
        if not isinstance(self.story, dict):
            raise InputError(f"{name}: line 1: a ninjs story is a JSON object, not {type(self.story).__name__}")
        self.fields: list[_Field] = []
        for key, value in self.story.items():  # document order
            if key in _PLAIN_FIELDS:
                self._add(self.story, key, _PLAIN_FIELDS[key], "text/plain", key)
            elif key in _HTML_FIELDS:
                self._add(self.story, key, "", "text/html", key)
            elif key in _LIST_FIELDS:
                if not isinstance(value, list):
                    raise InputError(f"{name}: line {self._line(key)}: ninjs field {key} must be a list")
                for i, item in enumerate(value):
                    if not isinstance(item, dict):
                        raise InputError(f"{name}: line {self._line(key)}: ninjs {key}[{i}] must be an object")
                    self._add(
                        item, "value", _LIST_FIELDS[key], str(item.get("contenttype") or item.get("contentType") or "text/plain"), f"{key}[{i}]"
                    )
        if not self.fields:
            raise InputError(
                f"{name}: line 1: no headline, description or body found; is this a ninjs story? "
                "(1.x: headline/body_text/body_html, 2.x: headlines[]/bodies[])"
            )

    def _line(self, key: str) -> int:
        """Line of a key, for messages (json does not report positions of valid values)."""
        found = re.search(r'"' + re.escape(key) + r'"\s*:', self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else 1

    def _add(self, holder: dict, key: str, role: str, contenttype: str, path: str) -> None:
        value = holder.get(key)
        if value is None:
            return
        line = self._line(path.split("[")[0])
        if not isinstance(value, str):
            raise InputError(f"{self.name}: line {line}: ninjs field {path} must be a string")
        if "html" in contenttype.lower():
            self._add_html(holder, key, value, path)
        elif "xml" in contenttype.lower():
            self._add_xml(holder, key, value, path)
        elif role == "headline":
            if not is_blank(value):
                block = Block("headline", normalise_space(value), line)
                self.fields.append(_Field([block], self._putter_plain(holder, key, None)))
        else:
            plain = PlainText.split(value)
            blocks = [Block(role, p, line) for p in plain.texts]
            self.fields.append(_Field(blocks, self._putter_plain(holder, key, plain)))

    def _putter_plain(self, holder: dict, key: str, plain: PlainText | None):
        def put(translations: Sequence[BlockTranslation], warnings: list[str]) -> None:
            texts = [t.text for t in translations]
            holder[key] = normalise_space(texts[0]) if plain is None else plain.join(texts)
            if holder is not self.story:
                _mark_item(holder, holder[key])

        return put

    def _add_html(self, holder: dict, key: str, value: str, path: str) -> None:
        from .html import HtmlMarkup

        if is_blank(value):
            return
        markup = HtmlMarkup(value, lambda line: f"{self.name}: {path} line {line or '?'}: ")

        self._add_markup(holder, key, markup)

    def _add_markup(self, holder: dict, key: str, markup) -> None:
        """A body parsed as markup: its blocks translated, then written back in place (and the item marked English)."""
        def put(translations: Sequence[BlockTranslation], warnings: list[str]) -> None:
            markup.fill(translations, warnings)
            holder[key] = markup.to_text()
            if holder is not self.story:
                _mark_item(holder, markup.plain_text())

        self.fields.append(_Field(markup.blocks, put))

    def _add_xml(self, holder: dict, key: str, value: str, path: str) -> None:
        from .nitf import XmlBody

        if is_blank(value):
            return
        try:
            markup = XmlBody(value, f"{self.name}: {path}")
        except InputError as err:
            # Not well-formed (TT's bodies in IPTC's examples are not): kept as it came, never flattened.
            message = f"{err}; this {path} is left untranslated"

            def keep(translations: Sequence[BlockTranslation], warnings: list[str]) -> None:
                warnings.append(message)

            self.fields.append(_Field([], keep))
            return

        self._add_markup(holder, key, markup)

    @property
    def blocks(self) -> list[Block]:
        return [b for f in self.fields for b in f.blocks]

    def render(self, translations: Sequence[BlockTranslation], warnings: list[str], provenance=None) -> bytes:
        start = 0
        for f in self.fields:
            f.put(translations[start : start + len(f.blocks)], warnings)
            start += len(f.blocks)
        self.story["language"] = "en"
        if provenance is not None:
            self._record(provenance)
        return self._dump().encode("utf-8")

    def _record(self, provenance) -> None:
        """The digital source type, in stories whose version has the field (1.6, 2.2: digitalsourcetype;
        3.1: digitalSourceType). ninjs names no version in the file, so only a story that carries the field
        shows its version has it; any other is left as it was, valid in every version. ninjs has no generator."""
        for key in _SOURCE_TYPE_FIELDS:
            if isinstance(self.story.get(key), dict):
                self.story[key] = {"uri": provenance.uri, "name": provenance.name}

    def _dump(self) -> str:
        """JSON in the input's layout: indented like it (or compact), non-ASCII as is."""
        indent_match = re.search(r"\n([ \t]+)\"", self.text)
        indent = indent_match.group(1) if indent_match else None
        out = json.dumps(self.story, ensure_ascii=False, indent=indent)
        return out + "\n" if self.text.endswith("\n") else out


def _mark_item(holder: dict, plain_value: str) -> None:
    """A 2.x list item that names its language or counts its text must now describe the English."""
    if "language" in holder:
        holder["language"] = "en"
    if "charcount" in holder:
        holder["charcount"] = len(plain_value)
    if "wordcount" in holder:
        holder["wordcount"] = len(plain_value.split())


def parse(data: bytes, name: str) -> NinjsStory:
    return NinjsStory(data, name)
