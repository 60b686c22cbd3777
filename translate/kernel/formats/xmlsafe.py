"""Parse agency XML without ever loading a DTD, fetching anything or expanding an entity."""

from __future__ import annotations

import re

from translate.kernel.errors import InputError

# A DOCTYPE with an internal subset is where entity bombs (billion laughs) and external entities live.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.I)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)


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
