"""The FastAPI application of `newsmt serve`: typed requests and answers, limits and errors as status codes with
JSON bodies, the editors' page as plain HTML/CSS/JS shipped in the package.

The event loop only waits: parsing, segmenting, checking and memory writes run in worker threads, the model in
the batcher's one thread, so a long story never stalls the other editors' requests.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from glossaries import Glossary, GlossaryEntry, combine_glossaries
from translate.kernel.document import Document
from translate.kernel.errors import InputError
from translate.kernel.paragraphs import split_paragraphs
from translate.kernel.report import document_json
from translate.kernel.textio import normalise_text

from .batcher import SharedBatcher
from .deepl_api import deepl_router
from .desk import Desk
from .guards import (
    ApiError,
    BodyLimit,
    JsonRoute,
    install_error_handlers,
    install_page_headers,
    install_token_guard,
)
from .libre_api import libre_router
from .limits import (
    BODY_TIMEOUT_S,
    HEADER_TIMEOUT_S,
    KEEP_ALIVE_S,
    MAX_BODY_BYTES,
    MAX_QUEUED_SENTENCES,
    REQUEST_TIMEOUT_S,
)
from .models import (
    Approval,
    Approved,
    CheckRequest,
    CheckResponse,
    GlossaryList,
    GlossaryUpload,
    GlossaryUploaded,
    Health,
    Term,
    TranslateRequest,
    TranslateResponse,
    error_responses,
)

STATIC = Path(__file__).with_name("static")
GRACEFUL_SHUTDOWN_S = 30  # how long running requests may take to finish once a shutdown begins


@dataclass
class _Parsed:
    document: Document
    story: object | None = None  # the agency story (translate.app.stories.StoryInput) when `format` was given


class _Glossaries:
    """Glossaries uploaded while the server runs, by file name; a request names the ones it wants."""

    def __init__(self):
        self.by_name: dict[str, Glossary] = {}

    def term_lists(self, names: list[str], terms: list[list[Term]] | None, paragraphs: int) -> list[Glossary | None]:
        """One term list per paragraph: the named glossaries, then the paragraph's own terms (which win)."""
        missing = [name for name in names if name not in self.by_name]
        if missing:
            raise ApiError(404, f"no uploaded glossary named {missing[0]!r}; GET /v1/glossaries lists them")
        if terms is not None and len(terms) != paragraphs:
            raise ApiError(422, f"{len(terms)} term lists for {paragraphs} paragraphs; give one list per paragraph")
        chosen = [self.by_name[name] for name in names]
        shared = combine_glossaries(chosen) if chosen else None  # one index for every paragraph without own terms
        if not terms:
            return [shared] * paragraphs
        return [
            combine_glossaries(chosen + [Glossary.from_entries(
                [GlossaryEntry(t.de, t.en, origin=f"request:paragraph {number}") for t in own], "request")])
            if own else shared
            for number, own in enumerate(terms, start=1)
        ]


def create_app(
    translator, *, memory=None, token: str | None = None, max_body_bytes: int = MAX_BODY_BYTES,
    max_queued_sentences: int = MAX_QUEUED_SENTENCES, max_request_sentences: int | None = None,
    request_timeout_s: float = REQUEST_TIMEOUT_S, body_timeout_s: float | None = BODY_TIMEOUT_S,
):
    """The service over one loaded Translator (the model loads once, before the first request).

    `memory` is the TranslationMemory the translator's memory stages use (for approvals and story versions).
    A request may hold at most `max_request_sentences` (default: half the queue), so that no one request can
    take the desk from everyone; `request_timeout_s` covers its parsing, its wait in the queue and its
    translation.
    """
    from translate.engine.segment import build_document, document_from_paragraphs

    newsmt_version = version("newsmt")
    glossaries = _Glossaries()
    batcher = SharedBatcher(translator.translate, max_queued_sentences=max_queued_sentences,
                            max_request_sentences=max_request_sentences or max(1, max_queued_sentences // 2))
    desk = Desk(translator, batcher, request_timeout_s, memory)

    async def lifespan(app):
        yield
        # uvicorn has let the running requests finish (timeout_graceful_shutdown); finish what is still queued.
        await run_in_threadpool(batcher.close)

    app = FastAPI(title="newsmt", version=newsmt_version, lifespan=lifespan,
                  description="German→English news translation with enforced glossaries, checks and memory.")
    app.router.route_class = JsonRoute  # every body read by the kernel's JSON reader
    install_error_handlers(app)
    install_page_headers(app)
    if token:
        install_token_guard(app, token)

    def parse(request: TranslateRequest) -> _Parsed:
        name = request.story_id or "request"
        if request.format not in (None, "text"):
            from ..stories import story_from_bytes

            story = story_from_bytes(request.text.encode("utf-8"), name, request.format)
            parsed = _Parsed(story.document, story)
        elif request.text is not None:
            parsed = _Parsed(build_document(request.text, name))
        else:
            parsed = _Parsed(document_from_paragraphs(request.paragraphs, "line", name))
        paragraphs = parsed.document.paragraphs
        for paragraph, term_list in zip(
            paragraphs, glossaries.term_lists(request.glossaries, request.terms, len(paragraphs)), strict=True
        ):
            paragraph.term_list = term_list
        return parsed

    def answer(parsed: _Parsed, story_id: str | None) -> dict:
        story = None
        if memory is not None and story_id:
            from translate.app.wiring import mark_new_sentences

            story = mark_new_sentences(memory, [parsed.document])[0]
        payload = document_json(
            parsed.document, newsmt_version=newsmt_version, model=translator.backend.model_id,
            signature=translator.signature,
            glossary=translator.term_matcher.signature if translator.term_matcher else None,
        )
        payload["story"] = story
        if parsed.story is not None:
            from ..stories import render

            payload["rendered"] = render(parsed.story, "text", translator).decode("utf-8")
            payload["warnings"] = parsed.story.warnings
        return payload

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/v1/health", response_model=Health)
    def health():
        return {"status": "ok", "newsmt": newsmt_version, "signature": translator.signature,
                "queued_sentences": batcher.queued_sentences,
                "memory": memory.stats().to_json() if memory is not None else None}

    @app.post("/v1/translate", response_model=TranslateResponse,
              responses=error_responses(400, 401, 404, 413, 422, 503, 504))
    async def translate(request: TranslateRequest):
        """Translate a story; concurrent requests share the model's batches, round-robin by request."""
        texts = None
        if request.format in (None, "text"):  # too large for certain: refused before the text is split
            texts = request.paragraphs if request.text is None else split_paragraphs(normalise_text(request.text)).texts
        parsed = await desk.translate(lambda: parse(request), lambda parsed: [parsed.document], texts)
        return await run_in_threadpool(answer, parsed, request.story_id)

    @app.post("/v1/check", response_model=CheckResponse, responses=error_responses(401, 413, 422))
    def check(request: CheckRequest):
        """`newsmt check`: flag the sentence pairs an editor must look at."""
        from eval.checks import run_checks

        from ..check_cmd import json_report

        if len(request.source) != len(request.translation):
            raise ApiError(422, f"{len(request.source)} source lines but {len(request.translation)} translations")
        match = translator.term_matcher.match if translator.term_matcher else (lambda sentence: [])
        return json_report([run_checks(s, t, match(s)) for s, t in zip(request.source, request.translation)])

    @app.get("/v1/glossaries", response_model=GlossaryList)
    def list_glossaries():
        return {"glossaries": [{"name": name, "signature": g.signature, "entries": len(g.entries)}
                               for name, g in glossaries.by_name.items()],
                "default": translator.term_matcher.signature if translator.term_matcher else None}

    @app.post("/v1/glossaries", status_code=201, response_model=GlossaryUploaded,
              responses=error_responses(401, 413, 422))
    def upload_glossary(upload: GlossaryUpload):
        """A TSV, CSV (newsmt, DeepL, Google, Amazon), TBX or TMX glossary, checked like `newsmt glossary check` (422 with each problem's line)."""
        from glossaries.glossary_file import read_glossary_file

        safe_name = upload.name  # a file name, never a path (the model checks it)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / safe_name
            path.write_text(upload.content, encoding="utf-8")
            try:
                parsed = read_glossary_file(path)
            except InputError as err:
                raise ApiError(422, str(err).replace(str(path), safe_name), code="invalid-glossary") from None
        problems = [{"line": p.line, "severity": p.severity, "message": p.message} for p in parsed.problems]
        if any(p["severity"] == "error" for p in problems):
            raise ApiError(422, f"{safe_name} has errors", code="invalid-glossary", problems=problems)
        glossary = Glossary.from_entries(parsed.entries, safe_name)
        glossaries.by_name[safe_name] = glossary
        return {"name": safe_name, "entries": len(glossary.entries), "signature": glossary.signature,
                "warnings": problems}

    @app.post("/v1/approve", response_model=Approved, responses=error_responses(401, 409, 413, 422))
    def approve(approval: Approval):
        """Store an editor's translation of a sentence: it wins over the model's from now on."""
        if memory is None:
            raise ApiError(409, "this server has no translation memory (start it with --tm PATH)")
        try:
            memory.approve(approval.source, approval.target, editor=approval.editor)
        except InputError as err:  # e.g. a target of invisible characters only
            raise ApiError(422, str(err)) from None
        return {"approved": True, "source": approval.source}

    app.include_router(deepl_router(desk, token))
    app.include_router(libre_router(desk, token))
    app.state.batcher = batcher
    return BodyLimit(app, max_body_bytes, body_timeout_s)


def serve(app, *, host: str, port: int, header_timeout_s: float = HEADER_TIMEOUT_S,
          keep_alive_s: float = KEEP_ALIVE_S) -> None:
    """Run the app until Ctrl-C or SIGTERM; then the running requests finish and the queue drains."""
    import uvicorn

    from .connections import protocol_with_header_timeout

    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
                http=protocol_with_header_timeout(header_timeout_s), timeout_keep_alive=keep_alive_s)
