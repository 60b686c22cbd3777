"""The FastAPI application of `newsmt serve`: typed requests and responses, limits and errors as status codes with
JSON bodies, the editors' page as plain HTML/CSS/JS shipped in the package."""
from __future__ import annotations

import asyncio
import hmac
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

from glossaries import Glossary, GlossaryEntry, combine_glossaries
from translate.kernel.errors import InputError
from translate.kernel.report import document_json

from .batcher import QueueFull, SharedBatcher

STATIC = Path(__file__).with_name("static")


class Term(BaseModel):
    de: str = Field(min_length=1)
    en: str = Field(min_length=1)


class TranslateRequest(BaseModel):
    text: str | None = Field(None, description="German text; paragraphs by the blank-line or one-per-line rule")
    format: str | None = Field(None, description="the format of `text`: text (default), ninjs, html, nitf or newsml; "
                               "the answer then also has the story in English in that format, as `rendered`")
    paragraphs: list[str] | None = Field(None, description="German paragraphs, one translation each")
    glossaries: list[str] = Field(default_factory=list, description="names of uploaded glossaries to use as well")
    terms: list[list[Term]] | None = Field(None, description="per-paragraph term lists (WMT 2023 style)")
    story_id: str | None = Field(None, description="marks the sentences that are new since this story's last version")

    @model_validator(mode="after")
    def one_input(self):
        if (self.text is None) == (self.paragraphs is None):
            raise ValueError('give either "text" or "paragraphs"')
        if self.text is not None and not self.text.strip():
            raise ValueError('"text" is empty: nothing to translate')
        return self


class CheckRequest(BaseModel):
    source: list[str] = Field(description="German sentences")
    translation: list[str] = Field(description="their English translations, line-aligned")


class GlossaryUpload(BaseModel):
    name: str = Field(min_length=1, description="file name; its extension says the format (.tsv, .csv, .tbx)")
    content: str = Field(description="the file's text")


class Approval(BaseModel):
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    editor: str | None = None


def _error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


class BodyLimit:
    """Refuse a request body over the limit with 413 — by its Content-Length, and while it streams in."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_large = _error(413, "request-too-large", f"the request body is larger than {self.max_bytes} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await too_large(scope, receive, send)
        received, exceeded = 0, False

        async def counting_receive():
            nonlocal received, exceeded
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                exceeded = True
                return {"type": "http.disconnect"}  # the app stops reading; the answer is ours
            return message

        async def guarded_send(message):
            if not exceeded:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await too_large(scope, receive, send)




def create_app(
    translator, *, checks=None, memory=None, token: str | None = None, max_body_bytes: int = 1 << 20,
    max_queued_sentences: int = 2000, request_timeout_s: float = 120.0,
) -> FastAPI:
    """The app over one loaded Translator (the model loads once, before the first request)."""
    from translate.engine.segment import build_document, document_from_paragraphs

    uploaded: dict[str, Glossary] = {}
    batcher = SharedBatcher(translator.translate, max_queued_sentences=max_queued_sentences)

    async def lifespan(app):
        yield
        batcher.close()  # graceful shutdown: every accepted request is finished first

    app = FastAPI(title="newsmt", version=version("newsmt"), lifespan=lifespan,
                  description="German→English news translation with enforced glossaries, checks and memory.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        code = {400: "bad-request", 401: "unauthorized", 404: "not-found", 409: "conflict", 422: "invalid"}
        return _error(err.status_code, code.get(err.status_code, "error"), str(err.detail), getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        details = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg']}" for e in err.errors())
        return _error(422, "invalid-request", details)

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        if token and request.url.path.startswith("/v1/") and request.url.path != "/v1/health":
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return _error(401, "unauthorized", "a bearer token is required: Authorization: Bearer <token>")
        return await call_next(request)

    def term_list(glossary_names: list[str], terms: list[Term] | None) -> Glossary | None:
        chosen = []
        for name in glossary_names:
            if name not in uploaded:
                raise HTTPException(404, f"no uploaded glossary named {name!r}; GET /v1/glossaries lists them")
            chosen.append(uploaded[name])
        if terms:
            chosen.append(Glossary.from_entries([GlossaryEntry(t.de, t.en, origin="request") for t in terms], "request"))
        return combine_glossaries(chosen) if chosen else None

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/v1/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "newsmt": version("newsmt"), "signature": translator.signature,
                "queued_sentences": batcher.queued_sentences,
                "memory": memory.stats().to_json() if memory is not None else None}

    @app.post("/v1/translate")
    async def translate(request: TranslateRequest) -> dict[str, Any]:
        name = request.story_id or "request"
        story = None
        try:
            if request.format not in (None, "text"):
                from ..stories import story_from_bytes

                story = story_from_bytes(request.text.encode("utf-8"), name, request.format)
                document = story.document
            elif request.text is not None:
                document = build_document(request.text, name)
            else:
                document = document_from_paragraphs(request.paragraphs, "line", name)
        except InputError as err:
            raise HTTPException(400, str(err)) from None
        if request.terms is not None and len(request.terms) != len(document.paragraphs):
            raise HTTPException(422, f"{len(request.terms)} term lists for {len(document.paragraphs)} paragraphs")
        for index, paragraph in enumerate(document.paragraphs):
            paragraph.term_list = term_list(request.glossaries, request.terms[index] if request.terms else None)
        try:
            done = batcher.submit([document])
        except QueueFull as err:
            return _error(503, "busy", str(err), {"Retry-After": "5"})
        try:
            await asyncio.wait_for(asyncio.wrap_future(done), request_timeout_s)
        except asyncio.TimeoutError:
            return _error(504, "timeout", f"the translation took longer than {request_timeout_s:g} s")
        versions = None
        if memory is not None and request.story_id:
            from translate.app.wiring import mark_new_sentences

            versions = mark_new_sentences(memory, [document])[0]
        payload = document_json(
            document, newsmt_version=version("newsmt"), model=translator.backend.model_id,
            signature=translator.signature,
            glossary=translator.term_matcher.signature if translator.term_matcher else None,
        )
        payload["story"] = versions
        if story is not None:
            from ..stories import render

            payload["rendered"] = render(story, "text", translator).decode("utf-8")
            payload["warnings"] = story.warnings
        return payload

    @app.post("/v1/check")
    async def check(request: CheckRequest) -> dict[str, Any]:
        from eval.checks import run_checks

        from ..check_cmd import json_report

        if len(request.source) != len(request.translation):
            raise HTTPException(422, f"{len(request.source)} source lines but {len(request.translation)} translations")
        match = translator.term_matcher.match if translator.term_matcher else (lambda sentence: [])
        flags = [run_checks(s, t, match(s)) for s, t in zip(request.source, request.translation, strict=True)]
        return json_report(flags)

    @app.get("/v1/glossaries")
    async def list_glossaries() -> dict[str, Any]:
        return {"glossaries": [{"name": name, "signature": g.signature, "entries": len(g.entries)}
                               for name, g in uploaded.items()],
                "default": translator.term_matcher.signature if translator.term_matcher else None}

    @app.post("/v1/glossaries", status_code=201)
    async def upload_glossary(upload: GlossaryUpload) -> dict[str, Any]:
        from glossaries.glossary_file import read_glossary_file

        safe_name = Path(upload.name).name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / safe_name
            path.write_text(upload.content, encoding="utf-8")
            try:
                parsed = read_glossary_file(path)
            except InputError as err:
                raise HTTPException(422, str(err).replace(str(path), safe_name)) from None
        problems = [{"line": p.line, "severity": p.severity, "message": p.message} for p in parsed.problems]
        if any(p["severity"] == "error" for p in problems):
            return JSONResponse({"error": {"code": "invalid-glossary", "message": f"{safe_name} has errors",
                                           "problems": problems}}, status_code=422)
        uploaded[safe_name] = Glossary.from_entries(parsed.entries, safe_name)
        return {"name": safe_name, "entries": len(parsed.entries), "signature": uploaded[safe_name].signature,
                "warnings": problems}

    @app.post("/v1/approve")
    async def approve(approval: Approval) -> dict[str, Any]:
        if memory is None:
            raise HTTPException(409, "this server has no translation memory (start it with --tm PATH)")
        memory.approve(approval.source, approval.target, editor=approval.editor)
        return {"approved": True, "source": approval.source}

    app.state.batcher = batcher
    return BodyLimit(app, max_body_bytes) if max_body_bytes else app
