"""Any XML text — a fragment such as `<p>Der <b>Kreml</b> schweigt.</p>` or a whole document — translated as its
markup allows (what DeepL's `tag_handling=xml` takes): element structure, attributes, comments and processing
instructions kept (a German xml:lang becomes en); text translated; inline elements placed around their English.

No vocabulary of tag names is known, so the text itself says which elements are inline: an element inside one that
has text of its own (mixed content, `<p>Der <b>Kreml</b> …</p>`) is inline; every other element is a block, whose
runs of text are translated as paragraphs. Elements with `translate="no"` are kept untouched. The XML is read by
the safe parser (no DTD, no entity expansion); a fragment is read inside a wrapper element on its first line, so
line numbers stay its own.
"""
from __future__ import annotations

import re

from translate.kernel.errors import InputError
from translate.kernel.textio import is_blank

from .markup import MarkupStory, Vocabulary, collect_runs, local_name, mark_english
from .xmlsafe import parse_xml

_WRAPPER = "newsmt-xml-fragment"


def _has_own_text(element) -> bool:
    return not is_blank(element.text or "") or any(not is_blank(child.tail or "") for child in element)


def _vocabulary(root) -> Vocabulary:
    """Blocks: the elements no ancestor of which has text of its own; the others are inline."""
    blocks: set[str] = set()

    def visit(element) -> None:
        name = local_name(element)
        if name is None:
            return
        blocks.add(name)
        if _has_own_text(element):
            return  # its element children are inline
        for child in element:
            visit(child)

    visit(root)
    inline = {local_name(e) for e in root.iter() if local_name(e) is not None} - blocks
    return Vocabulary(block_level=frozenset(blocks - inline), opaque=frozenset(), breaks=frozenset())


def _without_wrapper(message: str) -> str:
    """A parser message about the fragment, in the fragment's own columns and words."""
    shift = len(_WRAPPER) + 2
    message = re.sub(r"line 1, column (\d+)", lambda m: f"line 1, column {max(int(m[1]) - shift, 1)}", message)
    return message.replace(f" and {_WRAPPER}", " and the end of the text").replace(_WRAPPER, "the text")


class XmlText(MarkupStory):
    def __init__(self, text: str, name: str):
        from lxml import etree

        self.fragment = not text.lstrip().startswith("<?xml")
        source = f"<{_WRAPPER}>{text}</{_WRAPPER}>" if self.fragment else text
        try:
            self.tree = parse_xml(source.encode("utf-8"), name)
        except InputError as err:
            raise InputError(_without_wrapper(str(err))) if self.fragment else err from None
        root = self.tree.getroot()
        runs = collect_runs(root, _vocabulary(root))
        self._etree = etree
        super().__init__(runs, lambda element: f"{name}: line {element.sourceline or '?'}: ", self._serialise_bytes)

    def to_text(self) -> str:
        etree = self._etree
        mark_english(self.tree.getroot(), self.runs)  # xml:lang="de" (or lang) now says en where it was translated
        if not self.fragment:
            return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8").decode("utf-8")
        root = self.tree.getroot()
        return (root.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in root)

    def _serialise_bytes(self) -> bytes:
        return self.to_text().encode("utf-8")


def parse_xml_text(text: str, name: str) -> XmlText:
    if is_blank(text):
        raise InputError(f"{name}: is empty, nothing to translate")
    return XmlText(text, name)
