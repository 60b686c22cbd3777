"""What stands between the network and the translator: JSON errors for every failure, the request-body limit, the
bearer token, and the page's security headers."""
from __future__ import annotations

import hmac

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

ERROR_CODES = {400: "bad-request", 401: "unauthorized", 404: "not-found", 405: "method-not-allowed",
               409: "conflict", 413: "request-too-large", 422: "invalid-request", 503: "busy", 504: "timeout"}

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
    details = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg']}" for e in errors)
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


def install_token_guard(app: FastAPI, token: str) -> None:
    """The API (not the page, its static files or /v1/health) needs `Authorization: Bearer TOKEN`."""
    expected = f"Bearer {token}".encode()

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        path = request.url.path
        if path.startswith("/v1/") and path != "/v1/health":
            given = request.headers.get("authorization", "").encode()
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
    body has none), before the application has read more than the limit."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    def _too_large(self) -> JSONResponse:
        return error_response(413, "request-too-large", f"the request body is larger than {self.max_bytes} bytes")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._too_large()(scope, receive, send)
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
            await self._too_large()(scope, receive, send)
