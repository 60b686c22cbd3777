"""`newsmt serve`: the translation service and the editors' page (FastAPI + uvicorn; the model loads once)."""
from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys

from translate.kernel.errors import InputError

from .argtypes import add_model_options, positive_int
from .serve.batcher import CHARACTERS_PER_SENTENCE
from .serve.limits import (
    BODY_TIMEOUT_S,
    HEADER_TIMEOUT_S,
    KEEP_ALIVE_S,
    MAX_BODY_BYTES,
    MAX_QUEUED_SENTENCES,
    REQUEST_TIMEOUT_S,
)


def tcp_port(value: str) -> int:
    number = positive_int(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"a TCP port is at most 65535: {value}")
    return number


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the translation service and the editors' web page",
        description="Serve the JSON API under /v1/ (OpenAPI docs at /docs), DeepL's API v2 under /v2/ and "
                    "LibreTranslate's at /translate, /languages, /detect, and the editors' page at /. Binding to "
                    "anything but loopback needs --token (a bearer token), unless --insecure.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    parser.add_argument("--port", type=tcp_port, default=8000, help="1-65535 (default 8000)")
    parser.add_argument("--token", default=os.environ.get("NEWSMT_TOKEN") or None,
                        help="require 'Authorization: Bearer TOKEN' on the API (default: $NEWSMT_TOKEN, which, unlike "
                             "an argument, other users cannot read with ps)")
    parser.add_argument("--insecure", action="store_true", help="allow a non-loopback --host without --token")
    parser.add_argument("--tm", metavar="PATH", help="translation memory (SQLite): reuse, approvals, story versions")
    parser.add_argument("--glossary", action="append", default=[], metavar="FILE", help="glossary; repeatable")
    parser.add_argument("--no-default-glossary", action="store_true")
    parser.add_argument("--max-body-bytes", type=positive_int, default=MAX_BODY_BYTES, help="default 1 MiB (413 above)")
    parser.add_argument("--max-queued-sentences", type=positive_int, default=MAX_QUEUED_SENTENCES,
                        help=f"sentences waiting for the model, all requests together (default {MAX_QUEUED_SENTENCES}; "
                             "503 above); a "
                             f"sentence counts once per {CHARACTERS_PER_SENTENCE} characters begun")
    parser.add_argument("--max-request-sentences", type=positive_int, metavar="N",
                        help="sentences one request may hold (default: half of --max-queued-sentences; 413 above)")
    parser.add_argument("--timeout", type=positive_int, default=REQUEST_TIMEOUT_S,
                        help="seconds per request, parsing, queue and translation together "
                             f"(default {REQUEST_TIMEOUT_S}; 504 after)")
    parser.add_argument("--header-timeout", type=positive_int, default=HEADER_TIMEOUT_S, metavar="S",
                        help="seconds for a request's line and headers, from the connection's opening or the previous "
                             f"answer (default {HEADER_TIMEOUT_S}; then 408 and the connection is closed)")
    parser.add_argument("--body-timeout", type=positive_int, default=BODY_TIMEOUT_S, metavar="S",
                        help=f"seconds for a request's body, from the end of its headers (default {BODY_TIMEOUT_S}; "
                             "then 408 and the connection is closed)")
    parser.add_argument("--keep-alive-timeout", type=positive_int, default=KEEP_ALIVE_S, metavar="S",
                        help=f"seconds an idle connection stays open after an answer (default {KEEP_ALIVE_S})")
    add_model_options(parser)
    parser.set_defaults(func=run)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Fail in a second, before the model loads, when the address cannot be served."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as err:
        raise InputError(f"--host {host} --port {port}: cannot serve there: {err.strerror}") from None


def run(args: argparse.Namespace) -> int:
    from glossaries import load_glossaries

    from .serve.app import create_app, serve
    from .wiring import open_memory, translator_from_args

    if not _loopback(args.host) and not args.token and not args.insecure:
        raise InputError(f"--host {args.host}: other machines could reach the service; give --token (or --insecure)")
    _check_port(args.host, args.port)
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    memory = open_memory(args.tm)
    translator = translator_from_args(args, glossary=glossary, memory=memory)
    app = create_app(translator, memory=memory, token=args.token, max_body_bytes=args.max_body_bytes,
                     max_queued_sentences=args.max_queued_sentences, max_request_sentences=args.max_request_sentences,
                     request_timeout_s=args.timeout, body_timeout_s=args.body_timeout)
    print(f"newsmt: serving {translator.signature} on http://{args.host}:{args.port}/", file=sys.stderr)
    serve(app, host=args.host, port=args.port, header_timeout_s=args.header_timeout,
          keep_alive_s=args.keep_alive_timeout)
    return 0
