"""HTML pages and HTML fragments (ninjs body_html): block text translated, markup and attributes kept."""

from __future__ import annotations

import re
from typing import Callable

from translate.kernel.errors import InputError
from translate.kernel.textio import decode_text, is_blank

from .markup import MarkupStory, Vocabulary, collect_runs, mark_english
from .xmlsafe import resource_limit_message

HTML = Vocabulary(
    block_level=frozenset(
        """html head title body p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote figure figcaption table caption
        thead tbody tfoot tr td th colgroup col div section article header footer main aside nav address hr form
        fieldset legend details summary pre script style noscript template iframe video audio picture source
        track object canvas svg math select textarea""".split()
    ),
    opaque=frozenset("script style pre noscript template svg math textarea select iframe object canvas".split()),
)
_DOCUMENT = re.compile(r"<(?:!doctype|html|head|body)[\s>]", re.I)


def _parser():
    from lxml import etree

    return etree.HTMLParser(
        encoding="utf-8", remove_comments=False, remove_pis=False, no_network=True, default_doctype=False
    )


class HtmlMarkup(MarkupStory):
    """One HTML text, a whole page or a fragment; `where(line)` prefixes messages ("story.html: line 3: ")."""

    def __init__(self, text: str, where: Callable[[int | None], str], *, fragment: bool | None = None):
        from lxml import etree

        self.fragment = not _DOCUMENT.search(text) if fragment is None else fragment
        # A fragment is parsed inside <body> on the same line, so its line numbers stay its own.
        wrapper = "<html><body>" if self.fragment else ""
        source = f"{wrapper}{text}</body></html>" if self.fragment else text
        parser = _parser()
        try:
            root = etree.fromstring(source.encode("utf-8"), parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
            raise InputError(f"{where(1)}cannot parse HTML: {err}") from None
        # The HTML parser recovers from every error but these: at a fatal one it stops, keeps what it read so far
        # (often nothing) and raises nothing, so text would be lost without a word.
        for error in parser.error_log.filter_from_fatals():
            reason = (
                resource_limit_message(error.message)
                if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT
                else f"cannot parse HTML: {error.message.strip()}"
            )
            column = error.column - len(wrapper) if error.line == 1 else error.column
            raise InputError(f"{where(error.line)}column {max(column, 1)}: {reason}")
        if root is None:
            raise InputError(f"{where(1)}no HTML content")
        self.root = root
        self.trailing_newline = text.endswith("\n")
        body = root.find("body")
        if self.fragment:
            roots = [body] if body is not None else []
        else:
            roots = [root]
        runs = [run for r in roots for run in collect_runs(r, HTML)]
        super().__init__(runs, lambda element: where(element.sourceline), self._serialise_bytes)

    def to_text(self) -> str:
        from lxml import etree

        if self.fragment:
            body = self.root.find("body")
            if body is None:
                return ""
            parts = [body.text or ""] + [etree.tostring(child, method="html", encoding="unicode") for child in body]
            text = "".join(parts)
        else:
            mark_english(self.root, self.runs)
            for meta in self.root.iter("meta"):
                if (meta.get("http-equiv") or "").lower() == "content-language" and (
                    meta.get("content") or ""
                ).lower().startswith("de"):
                    meta.set("content", "en")
            text = etree.tostring(self.root.getroottree(), method="html", encoding="unicode")
        if self.trailing_newline and not text.endswith("\n"):
            text += "\n"
        return text

    def _serialise_bytes(self) -> bytes:
        return self.to_text().encode("utf-8")

    def plain_text(self) -> str:
        body = self.root.find("body")
        return "".join((body if body is not None else self.root).itertext())


def parse(data: bytes, name: str) -> HtmlMarkup:
    text = decode_text(data, name)
    if is_blank(text):
        raise InputError(f"{name}: file is empty")
    return HtmlMarkup(text, lambda line: f"{name}: line {line or '?'}: ")
