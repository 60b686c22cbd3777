"""Connections that cannot be held open by a slow or silent client.

uvicorn closes a connection idle after an answer (`timeout_keep_alive`) but has no limit on how long the request
line and headers may take: a client that never sends them, or trickles them a byte at a time, holds a connection
(and a file descriptor) for ever. This protocol closes such a connection once its headers have taken longer than
the header timeout, counted from the connection's opening or the end of the previous answer. The body has its own
limit in the application (guards.BodyLimit), which can still answer with JSON.
"""
from __future__ import annotations

import json

from uvicorn.protocols.http.h11_impl import H11Protocol


def _timeout_answer(seconds: float) -> bytes:
    body = json.dumps({"error": {"code": "request-timeout",
                                 "message": f"the request's headers took longer than {seconds:g} s"}}).encode()
    return (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
            b"content-length: %d\r\n\r\n%s" % (len(body), body))


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a timer on every request's headers."""

    header_timeout_s: float = 10.0
    _header_timer = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request's headers are complete: the application has it now
            self._cancel_header_timer()

    def on_response_complete(self) -> None:
        self._arm_header_timer()  # before uvicorn starts a pipelined request, which cancels it again
        super().on_response_complete()

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return  # closed already, or a request is being answered
        self.transport.write(_timeout_answer(self.header_timeout_s))
        self.transport.close()


def protocol_with_header_timeout(seconds: float) -> type[HeaderTimeoutProtocol]:
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout_s": seconds})
