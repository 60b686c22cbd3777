"""What stands between the network and the translator: JSON errors for every failure, the one JSON reader of
every body, the request-body limits (size and time), the bearer token, and the page's security headers."""
from __future__ import annotations

import asyncio
import email.message
import hmac
import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from translate.kernel.errors import InputError
from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.textio import decode_text

ERROR_CODES = {400: "bad-request", 401: "unauthorized", 404: "not-found", 405: "method-not-allowed",
               408: "request-timeout", 409: "conflict", 413: "request-too-large", 422: "invalid-request",
               503: "busy", 504: "timeout"}

# The page loads only its own files: even a story's text that slipped into the page as markup could not run.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                               "form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class ApiError(Exception):
    """An answer other than 2xx, always as `{"error": {"code", "message", ...}}`."""

    def __init__(self, status: int, message: str, *, code: str | None = None, headers: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.message, self.headers, self.extra = status, message, headers, extra
        self.code = code or ERROR_CODES.get(status, "error")

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.headers, **self.extra)


def error_response(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers)


def _validation_message(err: RequestValidationError) -> tuple[int, str, str]:
    errors = err.errors()
    broken_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if broken_json is not None:
        position = broken_json["loc"][-1] if len(broken_json["loc"]) > 1 else "?"
        return 400, "malformed-json", f"the body is not valid JSON (at character {position})"
    details = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg'].removeprefix('Value error, ')}"
                        for e in errors)
    return 422, "invalid-request", details


def install_error_handlers(app: FastAPI) -> None:
    """Every failure answers JSON: ours, the router's (404, 405), validation's (400, 422), and crashes (500)."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, err: ApiError):
        return err.response()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        return error_response(err.status_code, ERROR_CODES.get(err.status_code, "error"), str(err.detail),
                              getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        status, code, message = _validation_message(err)
        return error_response(status, code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, err: Exception):
        # The traceback goes to the server's log (Starlette re-raises after this answer), not to the client.
        return error_response(500, "internal-error", f"the server failed on this request ({type(err).__name__})")


def _bad_string_path(value) -> str:
    """Where in a parsed body the first string lies that the JSON reader refuses (as `terms.0.1.de`), found by
    giving each string, in the body's order, to that reader again: its rules, not a copy of them."""
    pending = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            try:
                parse_json(json.dumps(item))
            except JsonInputError:
                return ".".join(map(str, path)) or "body"
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                pending += [(path + (key,), child), (path + (f"{key} (a key)",), key)]
        elif isinstance(item, list):
            pending += reversed([(path + (index,), child) for index, child in enumerate(item)])
    return "body"


def read_json_body(body: bytes):
    """A request body, read as the command line reads a JSON file (kernel.jsonio): UTF-8, nesting at most
    MAX_JSON_DEPTH deep, no NUL characters or lone surrogates in its strings; else an ApiError in one line."""
    try:
        text = decode_text(body, "the body")
    except InputError as err:
        raise ApiError(400, str(err), code="malformed-json") from None
    try:
        return parse_json(text)
    except JsonInputError as err:
        where = f"line {err.line}, column {err.column}"
        if err.reason.startswith("not valid JSON"):
            raise ApiError(400, f"the body is {err.reason} ({where})", code="malformed-json") from None
        if err.reason.startswith("nested"):
            raise ApiError(400, f"the body is {err.reason} ({where})") from None
        # A refused character in a string (NUL, a lone surrogate): the JSON itself was read, so name the field.
        raise ApiError(422, f"{_bad_string_path(json.loads(text))}: {err.reason} ({where} of the body)") from None


def _is_json(content_type: str | None) -> bool:
    """FastAPI's own rule for a JSON body: application/json or application/*+json."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


class _ReadJsonRequest(Request):
    async def json(self):
        if not hasattr(self, "_json"):
            self._json = read_json_body(await self.body())
        return self._json


class JsonRoute(APIRoute):
    """A route whose JSON body is read by read_json_body before FastAPI validates it against the model."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def read_first(request: Request):
            request = _ReadJsonRequest(request.scope, request.receive)
            if _is_json(request.headers.get("content-type")) and await request.body():
                await request.json()  # an ApiError here is answered by the error handlers, in one line
            return await handler(request)

        return read_first


def _bearer_credentials(header: str) -> bytes:
    """The token of `Authorization: Bearer TOKEN`; the scheme is case-insensitive (RFC 7235)."""
    scheme, _, credentials = header.strip().partition(" ")
    return credentials.strip().encode() if scheme.lower() == "bearer" else b""


def install_token_guard(app: FastAPI, token: str) -> None:
    """The API (not the page, its static files or /v1/health) needs `Authorization: Bearer TOKEN`."""
    expected = token.encode()

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        path = request.url.path
        if path.startswith("/v1/") and path != "/v1/health":
            given = _bearer_credentials(request.headers.get("authorization", ""))
            if not hmac.compare_digest(given, expected):  # constant time: the comparison leaks no prefix
                return error_response(401, "unauthorized", "a bearer token is required: Authorization: Bearer <token>",
                                      {"WWW-Authenticate": "Bearer"})
        return await call_next(request)


def install_page_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def page_headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path == "/" or request.url.path.startswith("/static/"):
            response.headers.update(PAGE_HEADERS)
        else:
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


class BodyLimit:
    """Refuse a request body over the limit with 413 — by its Content-Length, and while it streams in (a chunked
    body has none), before the application has read more than the limit — and one that takes longer than
    `timeout_s` to arrive (counted from the end of its headers) with 408, closing the connection."""

    def __init__(self, app, max_bytes: int, timeout_s: float | None = None):
        self.app, self.max_bytes, self.timeout_s = app, max_bytes, timeout_s

    def _too_large(self) -> JSONResponse:
        return error_response(413, "request-too-large", f"the request body is larger than {self.max_bytes} bytes")

    def _too_slow(self) -> JSONResponse:
        return error_response(408, "request-timeout", f"the request body took longer than {self.timeout_s:g} s",
                              {"Connection": "close"})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large()(scope, receive, send)
        loop = asyncio.get_running_loop()
        deadline = None if self.timeout_s is None else loop.time() + self.timeout_s
        received, complete, refusal = 0, False, None

        async def guarded_receive():
            nonlocal received, complete, refusal
            if complete:
                return await receive()  # after the body: e.g. waiting for the client to disconnect
            try:
                waiting = None if deadline is None else max(deadline - loop.time(), 0)
                message = await asyncio.wait_for(receive(), waiting)
            except TimeoutError:
                refusal = self._too_slow()
                return {"type": "http.disconnect"}  # the app stops reading; the answer is ours
            complete = not message.get("more_body", False)
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                refusal = self._too_large()
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if refusal is None:
                await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if refusal is None:
                raise
        if refusal is not None:
            await refusal(scope, receive, send)
