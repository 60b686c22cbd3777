"""Parse agency XML without ever loading a DTD, fetching anything or expanding an entity."""

from __future__ import annotations

import re

from translate.kernel.errors import InputError
from translate.kernel.textio import too_deep_message

# A DOCTYPE with an internal subset is where entity bombs (billion laughs) and external entities live.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.I)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
# libxml2's own limits (lxml's parsers without huge_tree): elements nested deeper than 256 levels, a text node or
# name over 10 MB. Beyond them the XML parser stops and the HTML parser returns what it had so far, often nothing,
# so every format refuses such a file instead of translating part of it.
_DEPTH_LIMIT = re.compile(r"Excessive depth in document: (\d+)")


def resource_limit_message(message: str) -> str:
    """A libxml2 resource-limit error (ErrorTypes.ERR_RESOURCE_LIMIT) in words a user can act on."""
    depth = _DEPTH_LIMIT.search(message)
    if depth:
        return too_deep_message(int(depth.group(1)))
    reason = message.split(", try XML_PARSE_HUGE")[0].split(", use XML_PARSE_HUGE")[0].strip()
    return f"beyond the parser's limits ({reason}); refused, as the text cannot be read whole"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_xml(data: bytes, name: str):
    """An lxml ElementTree; every problem is an InputError naming file and line (and column)."""
    from lxml import etree

    for pattern, what in (
        (_INTERNAL_SUBSET, "a DOCTYPE with an internal subset"),
        (_ENTITY_DECLARATION, "an ENTITY declaration"),
    ):
        found = pattern.search(data)
        if found:
            raise InputError(
                f"{name}: line {_line_of(data, found.start())}: {what} is refused "
                "(entity expansion and external entities are not allowed in input files)"
            )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as err:
        line, column = err.position if err.position else (err.lineno, 0)
        message = (err.msg or "syntax error").split(", line ")[0]
        if err.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise InputError(f"{name}: line {line}, column {column}: {resource_limit_message(message)}") from None
        raise InputError(f"{name}: line {line}, column {column}: malformed XML: {message}") from None
    except ValueError as err:  # e.g. an unsupported encoding declaration
        raise InputError(f"{name}: line 1: cannot parse XML: {err}") from None
    declared = tree.docinfo.internalDTD  # a bare <!DOCTYPE x SYSTEM "…"> has one too, but empty
    if declared is not None and (list(declared.iterentities()) or list(declared.iterelements())):
        raise InputError(f"{name}: line 1: a DOCTYPE with an internal subset is refused")
    for entity in tree.getroot().iter(etree.Entity):
        # Only possible with an external DTD we deliberately did not load.
        raise InputError(
            f"{name}: line {entity.sourceline or '?'}: entity {entity.text} is not defined (DTDs are not loaded); "
            "use the character itself or a numeric reference"
        )
    return tree
