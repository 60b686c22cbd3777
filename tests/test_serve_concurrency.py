"""48 concurrent requests to a running `newsmt serve` (tiny model, loopback) are split into exactly the
sentences the same request gets alone: the desk parses requests in a thread pool, and a segmenter shared
between threads merged and mixed up sentences (issue 18, item 1). Bounded: 48 requests, 120 s each at most."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_serve_browser import server  # noqa: F401  (the fixture: `newsmt serve` on a loopback port)

REQUESTS, CLIENTS = 48, 8
MAX_TRIES = 100  # a clean 503 is tried again, within a bound


def _stories(newstest2019_de: list[str]) -> list[str]:
    """48 different stories of real German news: a paragraph of four to seven newstest2019 lines, and one line."""
    stories = []
    for number in range(REQUESTS):
        first = 30 * number
        lines = newstest2019_de[first : first + 4 + number % 4], newstest2019_de[first + 10 : first + 11]
        stories.append("\n\n".join(" ".join(paragraph) for paragraph in lines))
    return stories


def _sentences(url: str, story: str) -> list[list[str]]:
    body = json.dumps({"text": story}).encode()
    for _ in range(MAX_TRIES):
        request = urllib.request.Request(f"{url}/v1/translate", body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                answer = json.loads(response.read())
            return [[sentence["source"] for sentence in paragraph["sentences"]] for paragraph in answer["paragraphs"]]
        except urllib.error.HTTPError as err:
            if err.code != 503:
                raise
            time.sleep(0.05)
    pytest.fail(f"still busy after {MAX_TRIES} tries")


@pytest.mark.slow
def test_concurrent_requests_are_split_as_each_alone(server, newstest2019_de):  # noqa: F811  (the fixture)
    stories = _stories(newstest2019_de)
    # Alone first: the server's memory then serves the concurrent requests, so that they spend their time
    # being parsed at the same moment, not waiting for the model.
    alone = [_sentences(server, story) for story in stories]
    with ThreadPoolExecutor(CLIENTS) as pool:
        together = list(pool.map(lambda story: _sentences(server, story), stories))
    differences = [number for number, (a, b) in enumerate(zip(together, alone)) if a != b]
    assert differences == [], f"{len(differences)} of {REQUESTS} concurrent answers were split differently"
    assert sum(len(p) for story in alone for p in story) > 3 * REQUESTS  # several sentences per story
