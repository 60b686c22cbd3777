"""A bounded loopback load test of `newsmt serve` on the tiny model: concurrent clients get complete answers or
a clean 503, nothing lost or duplicated; the memory survives a kill -9 of the server."""
from __future__ import annotations

import json
import signal
import sqlite3
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_serve_browser import start_server

from translate.memory import TranslationMemory

REQUESTS, CLIENTS = 40, 8


def _story(number: int) -> str:
    return "\n\n".join([f"Meldung {number}: Der Kreml hat neue Angriffe bestätigt.", "Kiew meldet Schäden.",
                        f"Die Lage in Region {number} bleibt angespannt."])


def _post(url: str, number: int) -> tuple[int, dict]:
    return _post_json(url, {"text": _story(number), "story_id": f"story-{number}"})


def _post_json(url: str, payload: dict) -> tuple[int, dict]:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(f"{url}/v1/translate", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture()
def server(tiny_model_dir, tmp_path):
    """A server that takes at most 24 waiting sentences (8 requests), so that 8 busy clients meet its limit."""
    process, url = start_server(tiny_model_dir, tmp_path / "desk.sqlite", "--max-queued-sentences", "24")
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_concurrent_clients_get_complete_answers_or_a_clean_503(server, capsys):
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(lambda n: (n, *_post(server, n)), range(REQUESTS)))
    shared_s = time.perf_counter() - started
    statuses = [status for _, status, _ in answers]
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 1
    for number, status, body in answers:
        if status == 503:
            assert body["error"]["code"] == "busy"
            continue
        sources = [p["source"] for p in body["paragraphs"]]
        assert sources == _story(number).split("\n\n")  # every paragraph, in order, none twice
        assert all(p["target"] for p in body["paragraphs"])
    started = time.perf_counter()
    for number in range(REQUESTS, REQUESTS + CLIENTS):  # new stories, one client at a time
        assert _post(server, number)[0] == 200
    one_by_one_s = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nload: {REQUESTS} requests from {CLIENTS} clients: {statuses.count(200)} x 200, "
              f"{statuses.count(503)} x 503 in {shared_s:.1f} s ({statuses.count(200) / shared_s:.1f} req/s); "
              f"one client at a time: {CLIENTS / one_by_one_s:.1f} req/s")


def test_the_memory_survives_a_kill_9(tiny_model_dir, tmp_path):
    memory_file = tmp_path / "desk.sqlite"
    process, url = start_server(tiny_model_dir, memory_file)
    assert _post(url, 1)[0] == 200
    with ThreadPoolExecutor(4) as pool:  # kill it while requests are under way
        futures = [pool.submit(_post, url, n) for n in range(2, 10)]
        time.sleep(0.3)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        for future in futures:
            try:
                future.result()
            except OSError:
                pass  # the connection died with the server
    assert sqlite3.connect(memory_file).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    process, url = start_server(tiny_model_dir, memory_file)
    try:
        status, body = _post(url, 1)
        assert status == 200
        assert all(s["memory"] == "machine" for p in body["paragraphs"] for s in p["sentences"])
    finally:
        process.terminate()
        process.wait(timeout=30)
    with TranslationMemory(memory_file) as memory:
        assert memory.stats().machine >= 3


def test_shutdown_finishes_the_running_request(tiny_model_dir, tmp_path):
    process, url = start_server(tiny_model_dir, tmp_path / "desk.sqlite")
    paragraphs = [f"Meldung {n}: Der Kreml hat neue Angriffe auf die Region {n} bestätigt." for n in range(120)]
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(_post_json, url, {"paragraphs": paragraphs})
        deadline = time.monotonic() + 30
        while _health(url)["queued_sentences"] == 0 and time.monotonic() < deadline and not answer.done():
            time.sleep(0.02)
        in_flight = not answer.done()
        process.send_signal(signal.SIGTERM)  # Ctrl-C / systemd stop while the story is being translated
        status, body = answer.result(timeout=60)
    # uvicorn re-raises the signal once it has shut down gracefully: the exit status says "ended by SIGTERM".
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert in_flight and status == 200 and [p["source"] for p in body["paragraphs"]] == paragraphs
    assert all(p["target"] for p in body["paragraphs"])


def _health(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/v1/health", timeout=10) as response:
        return json.loads(response.read())
