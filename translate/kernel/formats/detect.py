"""Which format a file is in: its extension first, then a look at its content.

A file that is XML by its content (an XML declaration, a namespace on its first element, or a document that ends
with its first element's end tag) is never taken for plain text: its markup would be translated as words.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from translate.kernel.errors import InputError

FORMATS = ("text", "ninjs", "html", "nitf", "newsml")

_BY_EXTENSION = {
    ".txt": "text",
    ".json": "ninjs",
    ".ninjs": "ninjs",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".nitf": "nitf",
}
# Root elements of the XML formats (local names; NewsML-G2 wraps items in a newsMessage for transport).
_XML_ROOTS = {"nitf": "nitf", "newsItem": "newsml", "newsMessage": "newsml", "html": "html"}
# The first start tag, after an XML declaration, comments, processing instructions and a DOCTYPE.
_FIRST_TAG = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.S | re.I
)
# XML files of other kinds that newsmt reads elsewhere or writes, by root element: said so when one is given as a story.
_OTHER_XML = {
    "xliff": "XLIFF, which newsmt writes for CAT tools (--format xliff) and does not translate",
    "tmx": "a TMX translation memory (add it with: newsmt tm import MEMORY FILE.tmx)",
    "martif": "a TBX termbase (use it with --glossary)",
    "tbx": "a TBX termbase (use it with --glossary)",
}
_XML_EXTENSIONS = {".xml", ".xlf", ".xliff", ".sdlxliff", ".tmx", ".tbx"}
_HTML_TAGS = {b"html", b"head", b"body", b"p", b"div", b"h1", b"h2", b"h3", b"article", b"section", b"ul", b"table"}


def detect_format(name: str, data: bytes) -> str:
    """One of FORMATS. `.xml` files (and files without a known extension) are told apart by content."""
    suffix = PurePath(name).suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    expects_xml = suffix in _XML_EXTENSIONS
    head = data[:65536].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"{", b"[")) and not expects_xml:
        return "ninjs"
    tag = _FIRST_TAG.match(head)
    if tag is None:
        if expects_xml:
            raise InputError(f"{name}: line 1: no XML root element found; is this an XML file?")
        return "text"
    qualified = tag.group(1)
    local = qualified.rsplit(b":", 1)[-1].decode("ascii", "replace")
    if local in _XML_ROOTS:
        return _XML_ROOTS[local]
    if not expects_xml and qualified.lower() in _HTML_TAGS:
        return "html"
    if expects_xml or _is_xml_document(head, data, tag):
        if local in _OTHER_XML:
            raise InputError(f"{name}: line 1: XML root <{local}>: not a story but {_OTHER_XML[local]}")
        raise InputError(
            f"{name}: line 1: XML root <{local}> is not NITF or NewsML-G2; "
            f"name the format with --input-format ({', '.join(FORMATS)})"
        )
    return "text"


def _is_xml_document(head: bytes, data: bytes, tag: re.Match) -> bool:
    """An XML declaration, a namespace declared on the first element, or the first element's end tag last:
    markup, not a text that happens to start with "<"."""
    if head.startswith(b"<?xml"):
        return True
    if b"xmlns" in head[tag.end() : head.find(b">", tag.end())]:
        return True
    end_tag = re.compile(rb"</" + re.escape(tag.group(1)) + rb"\s*>\Z")
    return end_tag.search(data[-1024:].rstrip()) is not None
