"""Slow and silent clients against a running `newsmt serve` on loopback (raw sockets): a connection that sends no
headers, trickles them, trickles its body or idles after an answer is closed within the configured timeouts.

The timeouts are set short here (2 s, 2 s, 1 s); each wait is bounded, so a server that keeps the connection
open fails the test instead of hanging it."""
from __future__ import annotations

import select
import socket
import time

import pytest
from test_serve_browser import start_server

HEADER_S, BODY_S, KEEP_ALIVE_S = 2, 2, 1
SLACK_S = 5  # for a loaded machine: the bound is the timeout plus this, never less than the timeout
TRICKLE_S = 0.3  # a byte every 0.3 s: far slower than any real client


@pytest.fixture(scope="module")
def address(tiny_model_dir, tmp_path_factory):
    process, url = start_server(tiny_model_dir, tmp_path_factory.mktemp("desk") / "desk.sqlite",
                                "--header-timeout", str(HEADER_S), "--body-timeout", str(BODY_S),
                                "--keep-alive-timeout", str(KEEP_ALIVE_S))
    host, port = url.removeprefix("http://").split(":")
    yield host, int(port)
    process.terminate()
    process.wait(timeout=30)


def _trickle_until_closed(connection: socket.socket, data: bytes, bound_s: float) -> tuple[bytes, float]:
    """Send `data` a byte at a time until the server answers and closes; what it said, and after how long."""
    started = time.monotonic()
    answer = b""
    for byte in data:
        readable, _, _ = select.select([connection], [], [], TRICKLE_S)
        if readable:
            break
        try:
            connection.send(bytes([byte]))
        except OSError:
            break
        assert time.monotonic() - started < bound_s, "the server still reads the trickle"
    connection.settimeout(max(bound_s - (time.monotonic() - started), 0.1))
    while chunk := _recv(connection):
        answer += chunk
    return answer, time.monotonic() - started


def _recv(connection: socket.socket) -> bytes:
    try:
        return connection.recv(65536)
    except ConnectionResetError:
        return b""


def _read_answer(connection: socket.socket) -> bytes:
    """One HTTP answer with a Content-Length (what /v1/health sends), head and body."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += connection.recv(65536)
    return head


@pytest.mark.slow
def test_a_silent_connection_is_closed_after_the_header_timeout(address):
    with socket.create_connection(address, timeout=HEADER_S + SLACK_S) as connection:
        started = time.monotonic()
        answer = b""
        while chunk := _recv(connection):  # a socket.timeout here: the server kept it open
            answer += chunk
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ") and b'"request-timeout"' in answer
    assert HEADER_S - 0.5 <= elapsed <= HEADER_S + SLACK_S


@pytest.mark.slow
def test_trickled_headers_are_cut_off_after_the_header_timeout(address):
    headers = b"POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Padding: " + b"a" * 200 + b"\r\n\r\n"
    with socket.create_connection(address) as connection:
        answer, elapsed = _trickle_until_closed(connection, headers, HEADER_S + SLACK_S)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"headers took longer than 2 s" in answer
    assert elapsed <= HEADER_S + SLACK_S


@pytest.mark.slow
def test_a_trickled_body_is_cut_off_after_the_body_timeout(address):
    body = b'{"text": "' + b"Der Kreml schweigt. " * 20 + b'"}'
    head = (b"POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    with socket.create_connection(address) as connection:
        connection.sendall(head)
        answer, elapsed = _trickle_until_closed(connection, body, BODY_S + SLACK_S)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"body took longer than 2 s" in answer
    assert b"connection: close" in answer.lower()
    assert elapsed <= BODY_S + SLACK_S


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(address):
    with socket.create_connection(address, timeout=KEEP_ALIVE_S + SLACK_S) as connection:
        connection.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = _recv(connection)
        assert answer.startswith(b"HTTP/1.1 200 ")
        started = time.monotonic()
        while _recv(connection):  # the rest of the answer, then the close
            pass
        elapsed = time.monotonic() - started
    assert elapsed <= KEEP_ALIVE_S + SLACK_S


def test_a_connection_used_again_in_time_is_served_again(address):
    """The timers are per request: a keep-alive connection that sends its next request promptly is answered."""
    with socket.create_connection(address, timeout=10) as connection:
        for _ in range(3):
            connection.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _read_answer(connection).startswith(b"HTTP/1.1 200 ")
            time.sleep(KEEP_ALIVE_S / 4)
