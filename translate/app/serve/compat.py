"""What the compatibility APIs (DeepL's v2, LibreTranslate's) share, defined once: newsmt's one language pair in
each API's codes, request parameters read from the query and a form or JSON body, the token, errors in each API's
own shape, and texts (plain or HTML) translated through the desk — the same queue, limits, memory and glossary
guarantee as /v1/translate.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import JSONResponse

from translate.kernel.document import Document, Paragraph, Segment
from translate.kernel.paragraphs import split_paragraphs
from translate.kernel.textio import is_blank, normalise_text

from .desk import Desk
from .guards import ApiError, _is_json, read_json_body

# ---------------------------------------------------------------- the one language pair

SOURCE_CODE, SOURCE_NAME = "de", "German"
TARGET_CODE, TARGET_NAME = "en", "English"
# DeepL's target codes for English (EN is its deprecated regionless code); newsmt writes one English for all.
DEEPL_TARGETS = {"EN-GB": "English (British)", "EN-US": "English (American)"}
DEEPL_TARGET_CODES = frozenset({"EN", *DEEPL_TARGETS})

Markup = Literal["text", "html", "xml"]
Split = Literal["1", "0", "nonewlines"]  # DeepL's split_sentences: punctuation and newlines / none / punctuation


# ---------------------------------------------------------------- errors in each API's shape


@dataclass(frozen=True)
class Dialect:
    """An API's error body (from the message) and how /v1's statuses read in it."""

    name: str
    key: str  # the error body is {key: message}
    statuses: dict[int, int]  # /v1 status -> this API's status (others stay)

    def error(self, status: int, message: str, headers: dict | None = None) -> CompatError:
        return CompatError(self, status, message, headers)

    def from_api(self, err: ApiError) -> CompatError:
        return CompatError(self, self.statuses.get(err.status, err.status), err.message, err.headers)


class CompatError(ApiError):
    """An ApiError answered in its API's shape (the server's ApiError handler calls `response`)."""

    def __init__(self, dialect: Dialect, status: int, message: str, headers: dict | None = None):
        super().__init__(status, message, headers=headers)
        self.dialect = dialect

    def response(self) -> JSONResponse:
        return JSONResponse({self.dialect.key: self.message}, status_code=self.status, headers=self.headers)


# Both APIs say "too many requests" (429, which their clients retry later) where /v1 says busy (503), refuse a bad
# key with 403, and know no 422.
DEEPL = Dialect("DeepL", "message", {401: 403, 422: 400, 503: 429})
LIBRE = Dialect("LibreTranslate", "error", {401: 403, 422: 400, 503: 429})


# ---------------------------------------------------------------- parameters


@dataclass
class Params:
    """A request's parameters by name, each a list (a form or query repeats a name, JSON gives a list)."""

    dialect: Dialect
    values: dict[str, list] = field(default_factory=dict)
    lists: set[str] = field(default_factory=set)  # names given as a JSON list

    def add(self, name: str, value) -> None:
        if isinstance(value, list):
            self.lists.add(name)
        self.values.setdefault(name, []).extend(value if isinstance(value, list) else [value])

    def is_list(self, name: str) -> bool:
        """Given as a list (JSON) or more than once (a form): the answer is then a list too."""
        return name in self.lists or len(self.all(name)) > 1

    def all(self, name: str) -> list:
        return self.values.get(name, [])

    def one(self, name: str, default=None):
        given = self.values.get(name)
        if not given:
            return default
        if len(given) > 1:
            raise self.dialect.error(400, f"Parameter '{name}' is given {len(given)} times; give it once.")
        return given[0]

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.one(name, default)
        if value is not None and not isinstance(value, str):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.dialect.error(400, f"Value for '{name}' must be a string.")
            value = str(value)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.one(name)
        if value is None:
            return default
        truth = {"1": True, "0": False, "true": True, "false": False, True: True, False: False}
        key = value.lower() if isinstance(value, str) else value
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if key not in truth:
            raise self.dialect.error(400, f"Value for '{name}' not supported: give 0 or 1.")
        return truth[key]

    def strings(self, name: str) -> list[str]:
        values = self.all(name)
        if not all(isinstance(v, str) for v in values):
            raise self.dialect.error(400, f"Values of '{name}' must be strings.")
        return values


async def read_params(request: Request, dialect: Dialect) -> Params:
    """The query's parameters, then the body's: JSON (read by the server's one JSON reader) or a URL-encoded form
    (its strings held to the same rules: no NUL, no lone surrogates)."""
    params = Params(dialect)
    for name, value in request.query_params.multi_items():
        params.add(name, value)
    body = await request.body()
    if not body:
        return params
    content_type = request.headers.get("content-type", "")
    try:
        if _is_json(content_type):
            payload = read_json_body(body)
            if not isinstance(payload, dict):
                raise dialect.error(400, "The JSON body must be an object of parameters.")
            for name, value in payload.items():
                params.add(name, value)
        elif content_type.split(";")[0].strip().lower() in ("application/x-www-form-urlencoded", ""):
            try:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
            except (UnicodeDecodeError, ValueError) as err:
                raise dialect.error(400, f"The form body is not valid UTF-8 URL encoding ({err}).") from None
            read_json_body(json.dumps(dict(pairs)).encode("utf-8"))  # the JSON reader's rules for every string
            for name, value in pairs:
                params.add(name, value)
        else:
            raise dialect.error(415, f"Content type {content_type!r} is not supported: send "
                                     "application/x-www-form-urlencoded or application/json.")
    except CompatError:
        raise
    except ApiError as err:
        raise dialect.from_api(err) from None
    return params


def form_or_json(description: str, fields: dict[str, dict], required: Sequence[str]) -> dict:
    """An endpoint's request body for the OpenAPI page: the same fields as a form or as JSON (read by
    read_params, not by FastAPI, so that each API answers its own errors)."""
    schema = {"type": "object", "properties": fields, "required": list(required)}
    return {"requestBody": {"description": description, "content": {
        "application/x-www-form-urlencoded": {"schema": schema}, "application/json": {"schema": schema}}}}


def get_and_post(router, path: str, endpoint, name: str) -> None:
    """An endpoint both APIs accept by GET and by POST, with an OpenAPI operation id per method."""
    for method in ("GET", "POST"):
        router.add_api_route(path, endpoint, methods=[method], operation_id=f"{name}_{method.lower()}")


def token_matches(given: str | None, token: str | None) -> bool:
    """No token configured: every key will do; else the given one must be it (compared in constant time)."""
    if not token:
        return True
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


# ---------------------------------------------------------------- translating texts


@dataclass
class TextJob:
    """One text of a request, parsed: its document for the model and how to write the English back."""

    text: str
    markup: Markup
    document: Document | None = None  # None: only white space, nothing to translate
    story: object | None = None  # HTML: translate.app.stories.StoryInput; XML: kernel.formats.XmlText
    lead: str = ""
    trail: str = ""


def _one_sentence(text: str, name: str) -> Document:
    """split_sentences=0: the whole text is one sentence for the model (soft line breaks read as spaces)."""
    flat = text.replace("\n", " ")
    return Document([Paragraph(text, [Segment(flat, start=0, end=len(flat))])], "line", name)


def parse_texts(texts: Sequence[str], markup: Markup, split: Split, term_list) -> list[TextJob]:
    """Each text as a Document ready to translate (`term_list`: a glossary every paragraph uses, or None)."""
    from translate.engine.segment import build_document, document_from_paragraphs
    from translate.kernel.formats import parse_xml_text

    from ..stories import story_from_bytes

    jobs = []
    for number, text in enumerate(texts, start=1):
        name = f"text {number}"
        job = TextJob(text, markup)
        if is_blank(text):
            jobs.append(job)
            continue
        if markup == "html":
            job.story = story_from_bytes(text.encode("utf-8"), name, "html")
            job.document = job.story.document
        elif markup == "xml":
            job.story = parse_xml_text(text, name)
            job.document = document_from_paragraphs([block.text for block in job.story.blocks], "line", name)
        else:
            normalised = normalise_text(text)
            body = normalised.strip()
            job.lead = normalised[: len(normalised) - len(normalised.lstrip())]
            job.trail = normalised[len(normalised.rstrip()):]
            if split == "0":
                job.document = _one_sentence(body, name)
            elif split == "nonewlines":
                job.document = document_from_paragraphs([body], "line", name)
            else:
                job.document = build_document(body, name)
        for paragraph in job.document.paragraphs:
            paragraph.term_list = term_list
        jobs.append(job)
    return jobs


@dataclass
class Translated:
    text: str
    warnings: list[str]


def least_texts(texts: Sequence[str], markup: Markup) -> list[str] | None:
    """The paragraphs the desk can weigh before splitting (plain text only, as for /v1)."""
    if markup != "text":
        return None
    return [p for text in texts for p in split_paragraphs(normalise_text(text)).texts]


async def translate_texts(desk: Desk, texts: Sequence[str], *, markup: Markup, split: Split, term_list,
                          dialect: Dialect) -> list[Translated]:
    """The English of each text, through the desk (queue, limits, deadline); errors in `dialect`'s shape."""
    from fastapi.concurrency import run_in_threadpool

    try:
        jobs = await desk.translate(lambda: parse_texts(texts, markup, split, term_list),
                                    lambda jobs: [job.document for job in jobs if job.document is not None],
                                    least_texts(texts, markup))
    except CompatError:
        raise
    except ApiError as err:
        raise dialect.from_api(err) from None
    return await run_in_threadpool(_write_back, desk, jobs)


def _write_back(desk: Desk, jobs: list[TextJob]) -> list[Translated]:
    from translate.kernel.formats import block_translations

    from ..stories import render

    out = []
    for job in jobs:
        if job.document is None:
            out.append(Translated(job.text, []))
        elif job.markup == "xml":
            warnings: list[str] = []
            english = job.story.render(block_translations(job.document), warnings).decode("utf-8")
            out.append(Translated(english, warnings))
        elif job.story is not None:
            out.append(Translated(render(job.story, "text", desk.translator).decode("utf-8"), job.story.warnings))
        else:
            out.append(Translated(job.lead + job.document.to_text().removesuffix("\n") + job.trail, []))
    return out
