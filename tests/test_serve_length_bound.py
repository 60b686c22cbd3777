"""24 concurrent two-paragraph requests with glossary terms to `newsmt serve`, default limits, on a model that never
ends a sentence (the tiny random model with opus-mt's 512-token limit): the length bound keeps the shared batches
short, so every request comes back (200, or a clean 503 when the queue is full) and none times out (504). Without
the bound each sentence decoded 510 tokens and 23 of 24 requests timed out (issue 17)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_serve_browser import start_server

from translate.kernel.document import LENGTH_BOUND_FLAG
from translate.kernel.presence import term_present

REQUESTS = 24
# Every sentence different, so that each is decoded (none comes from the desk's translation memory).
STORY = ("Der Kreml hat {n} neue Angriffe im Osten bestätigt. Selenskyj reiste mit {n} Beratern nach Kiew.\n\n"
         "Die NATO berät mit {n} Staaten über die Lage im Osten. Die Vereinten Nationen fordern {n} Tage Waffenruhe.")


def _post(url: str, number: int) -> tuple[int, dict]:
    body = json.dumps({"text": STORY.format(n=number)}).encode()
    request = urllib.request.Request(f"{url}/v1/translate", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # above the server's own 120 s
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.mark.slow
def test_concurrent_requests_with_terms_come_back_none_timed_out(tiny512_model_dir, tmp_path):
    process, url = start_server(tiny512_model_dir, tmp_path / "desk.sqlite")  # default limits and timeout
    try:
        with ThreadPoolExecutor(REQUESTS) as pool:
            answers = list(pool.map(lambda n: _post(url, n), range(REQUESTS)))
    finally:
        process.terminate()
        process.wait(timeout=30)
    statuses = [status for status, _ in answers]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= REQUESTS // 2, statuses
    for number, (status, body) in enumerate(answers):
        if status == 503:
            assert body["error"]["code"] == "busy"
            continue
        assert [p["source"] for p in body["paragraphs"]] == STORY.format(n=number).split("\n\n")
        sentences = [s for p in body["paragraphs"] for s in p["sentences"]]
        assert len(sentences) == 4
        for sentence in sentences:
            assert sentence["terms"], sentence["source"]
            assert all(term_present(t["target"], sentence["target"]) for t in sentence["terms"])
            assert sentence["memory"] is None
            assert LENGTH_BOUND_FLAG in [f["code"] for f in sentence["flags"]]  # the random model runs to the bound
