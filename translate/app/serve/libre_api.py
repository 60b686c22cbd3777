"""LibreTranslate's API, as far as newsmt can honour it: German (or `auto`, unless the text is surely another
language) to English,
text or HTML. Clients written for LibreTranslate (libretranslatepy, browser extensions, Weblate) point here; the
texts go through the same desk as /v1/translate. Anything else is refused in LibreTranslate's error shape
(`{"error": …}`, 400; a wrong api_key 403; a busy queue 429).
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from .compat import (
    LIBRE,
    SOURCE_CODE,
    SOURCE_NAME,
    TARGET_CODE,
    TARGET_NAME,
    Params,
    form_or_json,
    get_and_post,
    read_params,
    token_matches,
    translate_texts,
)
from .desk import Desk

FORMATS = ("text", "html")
_Q = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
TRANSLATE_BODY = form_or_json("LibreTranslate's translate parameters", {
    "q": _Q, "source": {"type": "string", "enum": ["de", "auto"]}, "target": {"type": "string", "enum": ["en"]},
    "format": {"type": "string", "enum": list(FORMATS)}, "alternatives": {"type": "integer"},
    "api_key": {"type": "string"}}, ["q", "source", "target"])
DETECT_BODY = form_or_json("A text", {"q": {"type": "string"}, "api_key": {"type": "string"}}, ["q"])


def _detected(code: str, confidence: float) -> dict:
    return {"confidence": round(confidence * 100, 1), "language": code}  # LibreTranslate's confidence: 0-100


def libre_router(desk: Desk, token: str | None) -> APIRouter:
    router = APIRouter(tags=["LibreTranslate API"])

    async def authorised(request: Request) -> Params:
        params = await read_params(request, LIBRE)
        if not token_matches(params.text("api_key"), token):
            raise LIBRE.error(403, "Invalid API key")
        return params

    @router.post("/translate", openapi_extra=TRANSLATE_BODY)
    async def translate(request: Request):
        """`q` (a string or a list), `source` de or auto, `target` en, `format` text or html, `alternatives`."""
        params = await authorised(request)
        raw_q = params.is_list("q")
        texts = params.strings("q")
        if not texts:
            raise LIBRE.error(400, "Invalid request: missing q parameter")
        source, target = params.text("source"), params.text("target")
        if not source:
            raise LIBRE.error(400, "Invalid request: missing source parameter")
        if not target:
            raise LIBRE.error(400, "Invalid request: missing target parameter")
        if source not in (SOURCE_CODE, "auto"):
            raise LIBRE.error(400, f"{source} is not supported: newsmt translates {SOURCE_NAME} ({SOURCE_CODE}) only")
        if target != TARGET_CODE:
            raise LIBRE.error(400, f"{target} is not supported: newsmt translates into {TARGET_NAME} "
                                   f"({TARGET_CODE}) only")
        text_format = params.text("format", "text")
        if text_format not in FORMATS:
            raise LIBRE.error(400, f"{text_format} format is not supported: give text or html")
        alternatives = params.text("alternatives", "0")
        if not alternatives.isdigit():
            raise LIBRE.error(400, "Invalid request: alternatives must be a number from 0")
        detected = None
        if source == "auto":
            from .language_detect import german_or_refusal

            detected = await run_in_threadpool(lambda: [german_or_refusal(text) for text in texts])
            foreign = next(((n, code) for n, (code, _) in enumerate(detected, 1) if code != SOURCE_CODE), None)
            if foreign is not None:
                raise LIBRE.error(400, f"text {foreign[0]} is detected as {foreign[1]!r}, not {SOURCE_CODE}: newsmt "
                                       f"translates {SOURCE_NAME} only")
        results = await translate_texts(desk, texts, markup=text_format, split="1", term_list=None, dialect=LIBRE)
        english = [result.text for result in results]
        answer: dict = {"translatedText": english if raw_q else english[0]}
        if detected is not None:
            found = [_detected(code, confidence) for code, confidence in detected]
            answer["detectedLanguage"] = found if raw_q else found[0]
        if int(alternatives):  # newsmt gives one translation per text: there are no alternatives to list
            answer["alternatives"] = [[] for _ in texts] if raw_q else []
        return answer

    @router.post("/detect", openapi_extra=DETECT_BODY)
    async def detect(request: Request):
        """`q`: `[{"confidence": 0-100, "language": code}]` — de, en, or another language's ISO 639-1 code."""
        params = await authorised(request)
        texts = params.strings("q")
        if len(texts) != 1:
            raise LIBRE.error(400, "Invalid request: missing q parameter" if not texts else "give one q")
        from .language_detect import detect_language

        code, confidence = await run_in_threadpool(detect_language, texts[0])
        return [_detected(code, confidence)]

    async def languages():
        return [{"code": SOURCE_CODE, "name": SOURCE_NAME, "targets": [TARGET_CODE]},
                {"code": TARGET_CODE, "name": TARGET_NAME, "targets": []}]

    get_and_post(router, "/languages", languages, "libre_languages")

    @router.get("/frontend/settings")
    async def frontend_settings():
        return {"charLimit": -1, "frontendTimeout": 500, "apiKeys": bool(token), "keyRequired": bool(token),
                "suggestions": False, "filesTranslation": False, "supportedFilesFormat": [],
                "language": {"source": {"code": SOURCE_CODE, "name": SOURCE_NAME},
                             "target": {"code": TARGET_CODE, "name": TARGET_NAME}}}

    return router

