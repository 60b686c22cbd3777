"""Shared by the story-format tests: an equivalence of HTML/XML documents that ignores only layout whitespace."""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t\n\r\f]+")


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip(" ")


def canonical(element) -> list[tuple]:
    """Tags, attributes, comments and text (whitespace collapsed and stripped, empty pieces dropped) in order."""
    events: list[tuple] = []

    def add_text(text):
        if _norm(text):
            events.append(("text", _norm(text)))

    def walk(node):
        if not isinstance(node.tag, str):
            events.append(("comment", _norm(node.text)))
        else:
            events.append(("start", node.tag, tuple(sorted(node.attrib.items()))))
            add_text(node.text)
            for child in node:
                walk(child)
            events.append(("end", node.tag))
        add_text(node.tail)

    walk(element)
    return events


def html_tree(text: str):
    from lxml import etree

    return etree.fromstring(text.encode("utf-8"), etree.HTMLParser(encoding="utf-8", remove_comments=False))


def squeeze(text: str) -> str:
    return "".join(text.split())
