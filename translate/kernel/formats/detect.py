"""Which format a file is in: its extension first, then a look at its first bytes."""

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
_HTML_TAGS = {b"html", b"head", b"body", b"p", b"div", b"h1", b"h2", b"h3", b"article", b"section", b"ul", b"table"}


def detect_format(name: str, data: bytes) -> str:
    """One of FORMATS. `.xml` files (and files without a known extension) are told apart by content."""
    suffix = PurePath(name).suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    head = data[:65536].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"{", b"[")) and suffix != ".xml":
        return "ninjs"
    tag = _FIRST_TAG.match(head)
    if tag is None:
        if suffix == ".xml":
            raise InputError(f"{name}: line 1: no XML root element found; is this an XML file?")
        return "text"
    qualified = tag.group(1)
    local = qualified.rsplit(b":", 1)[-1].decode("ascii", "replace")
    if local in _XML_ROOTS:
        return _XML_ROOTS[local]
    if suffix != ".xml" and qualified.lower() in _HTML_TAGS:
        return "html"
    if suffix == ".xml" or head.startswith(b"<?xml"):
        raise InputError(
            f"{name}: line 1: XML root <{local}> is not NITF or NewsML-G2; "
            f"name the format with --input-format ({', '.join(FORMATS)})"
        )
    return "text"
