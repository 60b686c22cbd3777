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
MAX_TRIES = 200  # per request: a bound, so a server that never recovers fails the test instead of hanging it


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
    """A server that takes at most 15 waiting sentences (5 requests), so that 8 busy clients meet its limit."""
    process, url = start_server(tiny_model_dir, tmp_path / "desk.sqlite", "--max-queued-sentences", "15")
    yield url
    process.terminate()
    process.wait(timeout=30)


def _post_until_served(url: str, number: int) -> tuple[int, dict, int]:
    """A client that tries again after a clean 503 (sooner than Retry-After says, to keep the test short)."""
    refused = 0
    for _ in range(MAX_TRIES):
        status, body = _post(url, number)
        if status != 503:
            break
        assert body["error"]["code"] == "busy"
        refused += 1
        time.sleep(0.05)
    return status, body, refused


@pytest.mark.slow
def test_concurrent_clients_get_complete_answers_or_a_clean_503(server, capsys, tmp_path):
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(lambda n: (n, *_post_until_served(server, n)), range(REQUESTS)))
    shared_s = time.perf_counter() - started
    assert [status for _, status, _, _ in answers] == [200] * REQUESTS
    for number, _, body, _ in answers:
        sources = [p["source"] for p in body["paragraphs"]]
        assert sources == _story(number).split("\n\n")  # every paragraph, in order, none twice
        assert all(p["target"] for p in body["paragraphs"])
    refused = sum(r for _, _, _, r in answers)
    started = time.perf_counter()
    for number in range(REQUESTS, REQUESTS + CLIENTS):  # new stories, one client at a time
        assert _post(server, number)[0] == 200
    one_by_one_s = time.perf_counter() - started
    figures = {"requests": REQUESTS, "clients": CLIENTS, "ok": REQUESTS, "busy_503": refused,
               "shared_batches_req_per_s": round(REQUESTS / shared_s, 1),
               "one_client_req_per_s": round(CLIENTS / one_by_one_s, 1)}
    (tmp_path / "load.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    with capsys.disabled():
        print(f"\nload: {REQUESTS} requests from {CLIENTS} clients, all answered completely (200) after "
              f"{refused} clean 503s, in {shared_s:.1f} s: {figures['shared_batches_req_per_s']} req/s with shared "
              f"batches; one client at a time: {figures['one_client_req_per_s']} req/s")


@pytest.mark.slow
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


@pytest.mark.slow
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
