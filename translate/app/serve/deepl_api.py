"""DeepL's API v2, as far as newsmt can honour it: German to English, text or HTML, with DeepL glossaries.

Clients written for DeepL (its official libraries, CMS plugins, CAT connectors) point their server URL here. The
texts go through the same desk as /v1/translate (model, queue, limits, memory, glossary guarantee). What newsmt
cannot do — another language, a formality, context, documents — is refused in DeepL's error
shape (`{"message": …}`, 400), never answered with something else; so is a parameter newsmt does not know.
"""
from __future__ import annotations

import threading

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from .compat import (
    DEEPL,
    DEEPL_TARGET_CODES,
    DEEPL_TARGETS,
    SOURCE_CODE,
    SOURCE_NAME,
    TARGET_CODE,
    Params,
    form_or_json,
    get_and_post,
    read_params,
    token_matches,
    translate_texts,
)
from .deepl_glossaries import DeepLGlossaries, entries_text, glossary_json, parse_entries
from .desk import Desk

UNLIMITED = 10**12  # what DeepL reports as the character limit of an account without one
AUTH_SCHEMES = ("deepl-auth-key", "bearer")  # DeepL's, and /v1's

# /v2/translate's parameters: those newsmt honours, and those it refuses whatever their value (with the reason).
TRANSLATE_PARAMETERS = frozenset({
    "text", "source_lang", "target_lang", "tag_handling", "tag_handling_version", "glossary_id", "split_sentences",
    "preserve_formatting", "formality", "show_billed_characters", "outline_detection", "auth_key",
})
REFUSED = {
    "context": "newsmt translates each text on its own and cannot use context",
    "glossary_ids": "give one glossary as glossary_id",
    "model_type": "newsmt has one model",
    "custom_instructions": "newsmt's model takes no instructions",
    "style_id": "newsmt has no style rules",
    "translation_memory_id": "newsmt uses its own translation memory (newsmt serve --tm)",
    "translation_memory_threshold": "newsmt uses its own translation memory (newsmt serve --tm)",
    "non_splitting_tags": "newsmt splits HTML by its block elements and XML by its text (translate/kernel/formats)",
    "splitting_tags": "newsmt splits HTML by its block elements and XML by its text (translate/kernel/formats)",
    "ignore_tags": "newsmt keeps translate=\"no\" elements (and HTML's script, style, pre) untranslated; no others",
}
_STRING, _STRINGS = {"type": "string"}, {"type": "array", "items": {"type": "string"}}
TRANSLATE_BODY = form_or_json("DeepL's translate parameters (a form repeats `text`)", {
    "text": _STRINGS, "source_lang": {"type": "string", "enum": ["DE"]},
    "target_lang": {"type": "string", "enum": ["EN", "EN-GB", "EN-US"]},
    "tag_handling": {"type": "string", "enum": ["html", "xml"]}, "glossary_id": _STRING,
    "split_sentences": {"type": "string", "enum": ["0", "1", "nonewlines"]}, "preserve_formatting": _STRING,
    "formality": {"type": "string", "enum": ["default", "prefer_less", "prefer_more"]},
    "show_billed_characters": _STRING, "outline_detection": _STRING, "auth_key": _STRING,
}, ["text", "target_lang"])
GLOSSARY_BODY = form_or_json("A DeepL glossary", {
    "name": _STRING, "source_lang": {"type": "string", "enum": ["de"]}, "target_lang": {"type": "string", "enum": ["en"]},
    "entries": _STRING, "entries_format": {"type": "string", "enum": ["tsv", "csv"]},
}, ["name", "source_lang", "target_lang", "entries"])
FORMALITIES = frozenset({"default", "prefer_less", "prefer_more"})  # prefer_*: DeepL's own fallback is the default
SPLITS = {"1": "1", "0": "0", "nonewlines": "nonewlines"}


def _credentials(request: Request, params: Params) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() in AUTH_SCHEMES:
        return credentials.strip()
    return params.text("auth_key")


def _language(value: str | None) -> str | None:
    return value.upper() if isinstance(value, str) else value


def deepl_router(desk: Desk, token: str | None) -> APIRouter:
    router = APIRouter(prefix="/v2", tags=["DeepL API v2"])
    glossaries = DeepLGlossaries(desk.memory)
    usage = {"characters": 0}
    usage_lock = threading.Lock()

    async def authorised(request: Request) -> Params:
        params = await read_params(request, DEEPL)
        if not token_matches(_credentials(request, params), token):
            raise DEEPL.error(403, "Authorization failed: give the server's token as "
                                   "'Authorization: DeepL-Auth-Key TOKEN' (or auth_key).")
        return params

    @router.post("/translate", openapi_extra=TRANSLATE_BODY)
    async def translate(request: Request):
        """DeepL's `POST /v2/translate` (form or JSON): `{"translations": [{"detected_source_language", "text"}]}`."""
        params = await authorised(request)
        for name in params.values:
            if name in REFUSED:
                raise DEEPL.error(400, f"Parameter '{name}' is not supported by newsmt: {REFUSED[name]}.")
            if name not in TRANSLATE_PARAMETERS:
                raise DEEPL.error(400, f"Parameter '{name}' is not supported by newsmt.")
        texts = params.strings("text")
        if not texts:
            raise DEEPL.error(400, "Parameter 'text' not specified.")
        source = _language(params.text("source_lang"))
        if source not in (None, SOURCE_CODE.upper()):
            raise DEEPL.error(400, f"Value for 'source_lang' not supported: newsmt translates from "
                                   f"{SOURCE_CODE.upper()} ({SOURCE_NAME}) only.")
        target = _language(params.text("target_lang"))
        if target is None:
            raise DEEPL.error(400, "Parameter 'target_lang' not specified.")
        if target not in DEEPL_TARGET_CODES:
            raise DEEPL.error(400, f"Value for 'target_lang' not supported: newsmt translates into "
                                   f"{', '.join(sorted(DEEPL_TARGET_CODES))} only.")
        formality = params.text("formality", "default")
        if formality not in FORMALITIES:
            raise DEEPL.error(400, f"'formality' {formality!r} is not supported for the target language: "
                                   f"give one of {', '.join(sorted(FORMALITIES))}.")
        tag_handling = params.text("tag_handling")
        if tag_handling not in (None, "html", "xml"):
            raise DEEPL.error(400, f"Value for 'tag_handling' not supported: {tag_handling!r} (give html or xml).")
        markup = tag_handling or "text"
        split = SPLITS.get(params.text("split_sentences", "1" if markup == "text" else "nonewlines"))
        if split is None or (split == "0" and markup != "text"):
            raise DEEPL.error(400, "Value for 'split_sentences' not supported: give 1 or nonewlines"
                                   + ("" if markup != "text" else ", or 0") + ".")
        params.flag("preserve_formatting")  # newsmt never corrects formatting: 1 is what it does anyway, 0 allows it
        if not params.flag("outline_detection", True) and markup == "xml":
            raise DEEPL.error(400, "outline_detection=0 is not supported by newsmt: it needs splitting_tags, which "
                                   "it does not take; newsmt tells blocks from inline elements by the text itself.")
        show_billed = params.flag("show_billed_characters")
        glossary_id = params.text("glossary_id")
        term_list = glossaries.term_list(glossary_id) if glossary_id else None

        results = await translate_texts(desk, texts, markup=markup, split=split, term_list=term_list, dialect=DEEPL)
        billed = [len(text) for text in texts]
        with usage_lock:
            usage["characters"] += sum(billed)
        translations = []
        for result, characters in zip(results, billed, strict=True):
            item = {"detected_source_language": SOURCE_CODE.upper(), "text": result.text}
            if show_billed:
                item["billed_characters"] = characters
            if result.warnings:
                item["newsmt_warnings"] = result.warnings  # inline markup that could not be placed (text kept)
            translations.append(item)
        return {"translations": translations}

    async def languages(request: Request):
        """`type=source` (default): DE; `type=target`: EN-GB, EN-US."""
        kind = (await authorised(request)).text("type", "source")
        if kind == "source":
            return [{"language": SOURCE_CODE.upper(), "name": SOURCE_NAME}]
        if kind == "target":
            return [{"language": code, "name": name, "supports_formality": False}
                    for code, name in DEEPL_TARGETS.items()]
        raise DEEPL.error(400, f"Value for 'type' not supported: {kind!r} (give source or target).")

    async def get_usage(request: Request):
        """Characters translated through this API since the server started; newsmt sets no limit."""
        await authorised(request)
        with usage_lock:
            return {"character_count": usage["characters"], "character_limit": UNLIMITED}

    @router.get("/glossary-language-pairs")
    async def glossary_language_pairs(request: Request):
        await authorised(request)
        return {"supported_languages": [{"source_lang": SOURCE_CODE, "target_lang": TARGET_CODE}]}

    @router.post("/glossaries", status_code=201, openapi_extra=GLOSSARY_BODY)
    async def create_glossary(request: Request):
        """DeepL's glossary creation: `name`, `source_lang` de, `target_lang` en, `entries`, `entries_format`."""
        params = await authorised(request)
        name = params.text("name")
        if not name or not name.strip():
            raise DEEPL.error(400, "Parameter 'name' not specified.")
        languages = (_language(params.text("source_lang")), _language(params.text("target_lang")))
        if None in languages:
            raise DEEPL.error(400, "Parameters 'source_lang' and 'target_lang' must be specified.")
        if languages != (SOURCE_CODE.upper(), TARGET_CODE.upper()):
            raise DEEPL.error(400, f"Unsupported glossary source and target language pair: newsmt has "
                                   f"{SOURCE_CODE}→{TARGET_CODE} only.")
        entries = params.text("entries")
        if entries is None:
            raise DEEPL.error(400, "Parameter 'entries' not specified.")
        pairs = parse_entries(entries, params.text("entries_format", "tsv"))
        return glossary_json(await run_in_threadpool(glossaries.create, name, pairs))

    @router.get("/glossaries")
    async def list_glossaries(request: Request):
        await authorised(request)
        return {"glossaries": [glossary_json(g) for g in glossaries.all()]}

    @router.get("/glossaries/{glossary_id}")
    async def get_glossary(glossary_id: str, request: Request):
        await authorised(request)
        return glossary_json(glossaries.get(glossary_id))

    @router.get("/glossaries/{glossary_id}/entries")
    async def glossary_entries(glossary_id: str, request: Request):
        """The entries as TSV (DeepL's format; `Accept: text/csv` gives CSV)."""
        await authorised(request)
        glossary = glossaries.get(glossary_id)
        if "text/csv" in request.headers.get("accept", ""):
            return Response(entries_text(glossary, "csv"), media_type="text/csv")
        return Response(entries_text(glossary, "tsv"), media_type="text/tab-separated-values")

    @router.delete("/glossaries/{glossary_id}", status_code=204)
    async def delete_glossary(glossary_id: str, request: Request):
        await authorised(request)
        await run_in_threadpool(glossaries.delete, glossary_id)
        return Response(status_code=204)

    get_and_post(router, "/languages", languages, "deepl_languages")
    get_and_post(router, "/usage", get_usage, "deepl_usage")

    @router.api_route("/document{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    async def document(request: Request):
        await authorised(request)
        raise DEEPL.error(400, "Document translation is not supported by newsmt: send the text to /v2/translate "
                               "(tag_handling=html for HTML), or agency files to /v1/translate.")

    return router
