"""`newsmt serve`'s API on the tiny model: every endpoint, every limit and error status, the token, the memory."""
from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from glossaries import GlossaryMatcher, load_glossaries  # noqa: E402
from translate.app.serve.app import create_app  # noqa: E402
from translate.app.serve.batcher import QueueFull, RequestTooLarge, SharedBatcher  # noqa: E402
from translate.engine.pipeline import Translator  # noqa: E402
from translate.memory import TranslationMemory  # noqa: E402

from pipelines import CountingBackend, backend_for  # noqa: E402

STORY = ("Der Kreml hat neue Angriffe auf Kiew bestätigt. Selenskyj bat um Flugabwehr.\n\n"
         "Die NATO-Verteidigungsminister beraten in Brüssel.\n\nDie Lage bleibt angespannt.")


def _translator(tiny_model_dir, memory=None, backend=None):
    from eval.checks import run_checks

    return Translator(backend or backend_for(tiny_model_dir), term_matcher=GlossaryMatcher([load_glossaries([])]),
                      checks=run_checks, memory=memory)


@pytest.fixture()
def client(tiny_model_dir):
    with TestClient(create_app(_translator(tiny_model_dir))) as client:
        yield client


def test_health_and_openapi(client):
    health = client.get("/v1/health").json()
    assert health["status"] == "ok" and "|glossary:news-de-en.tsv" in health["signature"]
    assert "/v1/translate" in client.get("/openapi.json").json()["paths"]


def test_translate_gives_the_documents_json(client):
    response = client.post("/v1/translate", json={"text": STORY})
    assert response.status_code == 200
    body = response.json()
    assert len(body["paragraphs"]) == 3 and body["convention"] == "blank-line"
    sentences = [s for p in body["paragraphs"] for s in p["sentences"]]
    assert {t["target"] for s in sentences for t in s["terms"]} >= {"Kremlin", "Kyiv", "Zelensky", "NATO"}
    assert all(s["flags"] for s in sentences)  # the random model's output is always flagged
    assert all(s["memory"] is None for s in sentences)


def test_paragraphs_in_paragraphs_out(client):
    body = client.post("/v1/translate", json={"paragraphs": ["Erster Absatz.", "", "Dritter <script>alert(1)</script>."]}).json()
    assert [p["source"] for p in body["paragraphs"]] == ["Erster Absatz.", "", "Dritter <script>alert(1)</script>."]
    assert body["paragraphs"][1]["target"] == ""


@pytest.mark.parametrize(
    "payload, message",
    [({}, 'give either "text" or "paragraphs"'), ({"text": "a", "paragraphs": ["b"]}, 'give either'),
     ({"text": "  \n "}, "is empty"), ({"text": 5}, "text")],
)
def test_bad_requests_are_json_errors(client, payload, message):
    response = client.post("/v1/translate", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid-request" and message in response.json()["error"]["message"]


def test_an_oversized_body_is_413(tiny_model_dir):
    with TestClient(create_app(_translator(tiny_model_dir), max_body_bytes=1000)) as client:
        response = client.post("/v1/translate", json={"text": "Der Kreml schweigt. " * 100})
        assert response.status_code == 413 and response.json()["error"]["code"] == "request-too-large"
        chunked = client.post("/v1/translate", content=iter([b'{"text": "', b"x" * 2000, b'"}']),
                              headers={"content-type": "application/json"})
        assert chunked.status_code == 413


def test_a_full_queue_is_503_with_retry_after_and_a_slow_translation_504(tiny_model_dir):
    release = threading.Event()
    translator = _translator(tiny_model_dir)
    original = translator.translate

    def slow(documents):
        release.wait(30)
        return original(documents)

    translator.translate = slow
    app = create_app(translator, max_queued_sentences=2, max_request_sentences=2, request_timeout_s=0.5)
    with TestClient(app) as client:
        first = threading.Thread(target=client.post, args=("/v1/translate",), kwargs={"json": {"text": "Eins. Zwei."}})
        first.start()
        time.sleep(0.3)
        busy = client.post("/v1/translate", json={"text": "Drei."})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
        assert busy.json()["error"]["code"] == "busy"
        release.set()
        first.join()
    release.clear()
    with TestClient(create_app(translator, request_timeout_s=0.2)) as client:
        late = client.post("/v1/translate", json={"text": "Vier."})
        assert late.status_code == 504 and late.json()["error"]["code"] == "timeout"
        release.set()


def test_the_batcher_refuses_beyond_its_limit_and_finishes_what_it_accepted():
    release, done = threading.Event(), []

    def translate(documents):
        release.wait(10)
        done.extend(documents)

    from translate.engine.segment import build_document

    batcher = SharedBatcher(translate, max_queued_sentences=3)
    first = batcher.submit([build_document("Eins. Zwei.")])
    with pytest.raises(QueueFull):
        batcher.submit([build_document("Drei. Vier.")])
    release.set()
    batcher.close()
    assert first.done() and len(done) == 1


@pytest.mark.slow
def test_concurrent_requests_share_model_batches(tiny_model_dir):
    counting = CountingBackend(backend_for(tiny_model_dir))
    translator = _translator(tiny_model_dir, backend=counting)
    original, entered = translator.translate, threading.Event()

    def gathers(documents):  # hold the first call a moment, so the other requests queue up behind it
        entered.set()
        time.sleep(0.5)
        return original(documents)

    translator.translate = gathers
    with TestClient(create_app(translator)) as client:
        threads = [threading.Thread(target=client.post, args=("/v1/translate",),
                                    kwargs={"json": {"text": f"Meldung {i}: Der Kreml schweigt."}}) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(counting.translated) == 8 and len(counting.batches) <= 3  # 8 requests, at most 3 model calls


def test_the_token_guards_the_api(tiny_model_dir):
    with TestClient(create_app(_translator(tiny_model_dir), token="s3cret")) as client:
        assert client.get("/v1/health").status_code == 200
        refused = client.post("/v1/translate", json={"text": "Der Kreml schweigt."})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        wrong = client.post("/v1/translate", json={"text": "x."}, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        ok = client.post("/v1/translate", json={"text": "Der Kreml schweigt."}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200


def test_glossary_upload_is_validated_and_used(client):
    bad = client.post("/v1/glossaries", json={"name": "desk.tsv", "content": "source\ttarget\nKreml\t\n"})
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["line"] == 2
    good = client.post("/v1/glossaries", json={"name": "desk.tsv", "content": "source\ttarget\nSchutzraum\tshelter\n"})
    assert good.status_code == 201 and good.json()["entries"] == 1
    assert client.get("/v1/glossaries").json()["glossaries"][0]["name"] == "desk.tsv"
    body = client.post("/v1/translate", json={"text": "Die Bewohner blieben im Schutzraum.", "glossaries": ["desk.tsv"]}).json()
    assert [t["target"] for t in body["paragraphs"][0]["sentences"][0]["terms"]] == ["shelter"]
    missing = client.post("/v1/translate", json={"text": "Text.", "glossaries": ["nope.tsv"]})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not-found"


def test_check_endpoint_is_newsmt_checks_json(client):
    body = client.post("/v1/check", json={"source": ["Der Kreml schweigt.", "Es regnet."],
                                          "translation": ["The Kremlin is silent.", ""]}).json()
    assert body["summary"]["n_segments"] == 2 and body["segments"][0]["index"] == 1
    assert client.post("/v1/check", json={"source": ["a"], "translation": []}).status_code == 422


def test_memory_reuse_approval_and_updated_stories(tiny_model_dir, tmp_path):
    counting = CountingBackend(backend_for(tiny_model_dir))
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        app = create_app(_translator(tiny_model_dir, memory=memory, backend=counting), memory=memory)
        with TestClient(app) as client:
            first = client.post("/v1/translate", json={"text": STORY, "story_id": "ukraine-1"}).json()
            translated = len(counting.translated)
            again = client.post("/v1/translate", json={"text": STORY, "story_id": "ukraine-1"}).json()
            assert len(counting.translated) == translated  # nothing translated again
            assert all(s["memory"] == "machine" for p in again["paragraphs"] for s in p["sentences"])
            sentence = first["paragraphs"][2]["sentences"][0]["source"]
            assert client.post("/v1/approve", json={"source": sentence, "target": "The situation remains tense."}).json()["approved"]
            update = STORY + "\n\nDieser Bericht wurde um weitere Details ergänzt."
            body = client.post("/v1/translate", json={"text": update, "story_id": "ukraine-1"}).json()
    sentences = [s for p in body["paragraphs"] for s in p["sentences"]]
    assert [s["new"] for s in sentences] == [False] * (len(sentences) - 1) + [True]
    assert counting.translated[translated:] == ["Dieser Bericht wurde um weitere Details ergänzt."]
    assert body["paragraphs"][2]["target"] == "The situation remains tense." and body["story"]["new_sentences"] == 1


def test_approval_without_memory_is_409(client):
    assert client.post("/v1/approve", json={"source": "a", "target": "b"}).status_code == 409


def test_agency_formats_through_the_api(client):
    from pathlib import Path

    from translate.kernel.formats import read_story

    html = (Path(__file__).parent / "data" / "formats" / "bundestag.html").read_text(encoding="utf-8")
    body = client.post("/v1/translate", json={"text": html, "format": "html"}).json()
    source = read_story(html.encode(), "bundestag.html")
    english = read_story(body["rendered"].encode(), "bundestag.en.html")
    assert [b.kind for b in english.blocks] == [b.kind for b in source.blocks]
    assert len(body["paragraphs"]) == len(source.blocks)
    broken = client.post("/v1/translate", json={"text": "<nitf><body><p>offen</body></nitf>", "format": "nitf"})
    assert broken.status_code == 400 and "line 1" in broken.json()["error"]["message"]


def test_every_failure_is_a_json_error(tiny_model_dir):
    translator = _translator(tiny_model_dir)
    with TestClient(create_app(translator), raise_server_exceptions=False) as client:
        unknown = client.get("/v1/nothing-here")
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not-found"
        wrong_method = client.get("/v1/translate")
        assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "method-not-allowed"
        broken = client.post("/v1/translate", content=b'{"text": "Der Kreml', headers={"content-type": "application/json"})
        assert broken.status_code == 400 and broken.json()["error"]["code"] == "malformed-json"

        def crash(documents):
            raise RuntimeError("the model fell over")

        translator.translate = crash
    with TestClient(create_app(translator), raise_server_exceptions=False) as client:
        failed = client.post("/v1/translate", json={"text": "Der Kreml schweigt."})
        assert failed.status_code == 500 and failed.json()["error"]["code"] == "internal-error"
        assert "fell over" not in failed.text  # the details stay in the server's log


def test_answers_are_typed_and_are_the_command_lines_json(client, tiny_model_dir):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"TranslateResponse", "SentenceOut", "CheckResponse", "GlossaryList", "Health", "ErrorBody"} <= set(schemas)
    body = client.post("/v1/translate", json={"text": STORY}).json()
    from importlib.metadata import version

    from translate.engine.segment import build_document
    from translate.kernel.report import document_json

    translator = _translator(tiny_model_dir)
    document = translator.translate([build_document(STORY, "request")])[0]
    expected = document_json(document, newsmt_version=version("newsmt"), model=translator.backend.model_id,
                              signature=translator.signature, glossary=translator.term_matcher.signature)
    assert set(body) - {"story", "rendered", "warnings"} == set(expected)
    assert [[s["source"] for s in p["sentences"]] for p in body["paragraphs"]] == \
        [[s["source"] for s in p["sentences"]] for p in expected["paragraphs"]]
    assert set(body["paragraphs"][0]["sentences"][0]) == set(expected["paragraphs"][0]["sentences"][0])


def test_markup_in_a_story_is_data_and_the_page_never_parses_text_as_html(client):
    hostile = 'Der Kreml <script>alert("x")</script> schweigt. <img src=x onerror=alert(1)>'
    response = client.post("/v1/translate", json={"text": hostile})
    assert response.headers["content-type"] == "application/json"
    assert response.json()["paragraphs"][0]["source"] == hostile  # returned as the text it is
    page = client.get("/")
    assert "default-src 'self'" in page.headers["content-security-policy"]  # no inline or foreign script runs
    assert page.headers["x-content-type-options"] == "nosniff"
    script = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_a_request_that_timed_out_in_the_queue_costs_no_model_time():
    from translate.engine.segment import build_document

    release, translated = threading.Event(), []

    def translate(documents):
        release.wait(10)
        translated.extend(documents)

    batcher = SharedBatcher(translate, max_queued_sentences=100)
    running = batcher.submit([build_document("Eins.")])
    time.sleep(0.2)  # the worker holds the first job
    waiting = batcher.submit([build_document("Zwei.")])
    assert waiting.cancel()  # what the server does when the request times out
    release.set()
    batcher.close()
    assert running.result() and [d.paragraphs[0].source for d in translated] == ["Eins."]
    assert batcher.queued_sentences == 0
    with pytest.raises(QueueFull, match="shutting down"):
        batcher.submit([build_document("Drei.")])


UPDATE_BASE = [
    "Der Kreml hat neue Angriffe auf Kiew bestätigt.", "Selenskyj bat die Partner um mehr Flugabwehr.",
    "Die NATO-Verteidigungsminister beraten am Donnerstag in Brüssel.", "Die Lage im Osten bleibt angespannt.",
    "In Charkiw fiel am Abend der Strom aus.", "Die Bundesregierung kündigte weitere Hilfen an.",
]


def test_an_updated_story_translates_only_its_new_third(tiny_model_dir, tmp_path, capsys):
    counting = CountingBackend(backend_for(tiny_model_dir))
    update = UPDATE_BASE[:2] + ["Am Morgen meldete die Armee neue Drohnenangriffe.", UPDATE_BASE[3],
                                "Die Reparaturen sollen bis Freitag dauern.", UPDATE_BASE[5]]
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        app = create_app(_translator(tiny_model_dir, memory=memory, backend=counting), memory=memory)
        with TestClient(app) as client:
            client.post("/v1/translate", json={"text": "\n\n".join(UPDATE_BASE), "story_id": "dpa-0412"})
            before = len(counting.translated)
            body = client.post("/v1/translate", json={"text": "\n\n".join(update), "story_id": "dpa-0412"}).json()
    sentences = [s for p in body["paragraphs"] for s in p["sentences"]]
    new = [s["source"] for s in sentences if s["new"]]
    assert new == [update[2], update[4]] and body["story"] == {
        "id": "dpa-0412", "version": 2, "previous_version": 1, "new_sentences": 2}
    assert counting.translated[before:] == new  # only the new third reached the model
    assert [s["memory"] for s in sentences] == ["machine", "machine", None, "machine", None, "machine"]
    with capsys.disabled():
        print(f"\nmemory: updated story, {len(counting.translated) - before} of {len(sentences)} sentences re-translated")


def test_a_requests_own_terms_neither_come_from_nor_go_to_the_memory(tiny_model_dir, tmp_path):
    counting = CountingBackend(backend_for(tiny_model_dir))
    text = "Die Bewohner blieben im Schutzraum."
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        app = create_app(_translator(tiny_model_dir, memory=memory, backend=counting), memory=memory)
        with TestClient(app) as client:
            with_terms = {"text": text, "terms": [[{"de": "Schutzraum", "en": "shelter"}]]}
            for _ in range(2):
                body = client.post("/v1/translate", json=with_terms).json()
                assert body["paragraphs"][0]["sentences"][0]["memory"] is None
            assert len(counting.translated) == 2  # (the model sees the term injected: "im shelter")
            assert memory.stats().machine == 0  # a translation made for one desk's terms is not everyone's
            plain = client.post("/v1/translate", json={"text": text}).json()
    assert plain["paragraphs"][0]["sentences"][0]["memory"] is None and len(counting.translated) == 3


def test_serving_beyond_this_machine_needs_a_token(tiny_model_dir, capsys, monkeypatch):
    from translate.app.cli import main

    monkeypatch.delenv("NEWSMT_TOKEN", raising=False)

    assert main(["serve", "--host", "0.0.0.0", "--model", str(tiny_model_dir)]) == 2
    assert "--token" in capsys.readouterr().err


def test_the_token_can_come_from_the_environment(monkeypatch):
    from translate.app.cli import build_parser

    monkeypatch.setenv("NEWSMT_TOKEN", "from-env")
    assert build_parser().parse_args(["serve"]).token == "from-env"
    assert build_parser().parse_args(["serve", "--token", "given"]).token == "given"


def test_a_port_in_use_stops_serve_before_the_model_loads(capsys, monkeypatch):
    import socket

    from translate.app.cli import main

    monkeypatch.delenv("NEWSMT_TOKEN", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--model", "/no/such/model"]) == 2
    assert f"--port {port}: cannot serve there" in capsys.readouterr().err


# ---------------------------------------------------------------- fair admission (issue 18, item 3)


class _Gate:
    """A translate function that holds every model call until the test lets it through, recording each call's
    sentences: the order of the work is then the test's to see, not a matter of timing."""

    def __init__(self, translate=None):
        self.translate, self.calls, self.entered = translate, [], threading.Semaphore(0)
        self.open = threading.Semaphore(0)

    def __call__(self, documents):
        self.calls.append([s.source for d in documents for s in d.segments])
        self.entered.release()
        assert self.open.acquire(timeout=30), "the test never let the model call through"
        if self.translate is not None:
            return self.translate(documents)
        for document in documents:
            for segment in document.segments:
                segment.target = f"EN {segment.source}"
        return documents

    def next_call(self) -> list[str]:
        assert self.entered.acquire(timeout=30), "no model call came"
        return self.calls[-1]


def test_a_small_request_is_done_while_a_large_one_is_still_translated():
    from translate.engine.segment import build_document

    gate = _Gate()
    batcher = SharedBatcher(gate, max_queued_sentences=2000, max_request_sentences=500, slice_sentences=32)
    with pytest.raises(RequestTooLarge, match=r"has 501 sentences \(.*at most 500 per request"):
        batcher.submit([build_document(" ".join(["Der Kreml schweigt."] * 500) + " " + "Wort " * 80)])
    assert batcher.queued_sentences == 0
    large = build_document("\n\n".join(f"Meldung {n}: Der Kreml schweigt." for n in range(200)))
    large_done = batcher.submit([large])
    assert len(gate.next_call()) == 32  # the first slice of the large request is with the model
    small_done = batcher.submit([build_document("Kiew meldet Angriffe. Die Lage bleibt angespannt.")])
    gate.open.release()
    assert gate.next_call()[-2:] == ["Kiew meldet Angriffe.", "Die Lage bleibt angespannt."]  # the next round
    gate.open.release()
    small_done.result(timeout=30)
    assert not large_done.done() and batcher.queued_sentences == 200 - 64  # the large one: 64 of 200 so far
    for _ in range(5):  # the large request's remaining slices
        gate.next_call()
        gate.open.release()
    assert [s.target for s in large_done.result(timeout=30).__getitem__(0).segments] == \
        [f"EN Meldung {n}: Der Kreml schweigt." for n in range(200)]
    assert [len(call) for call in gate.calls] == [32, 34, 32, 32, 32, 32, 8]
    batcher.close()


def test_a_request_that_gives_up_while_translated_costs_no_more_model_time():
    from translate.engine.segment import build_document

    gate = _Gate()
    batcher = SharedBatcher(gate, max_queued_sentences=2000, slice_sentences=10)
    running = batcher.submit([build_document("\n\n".join(f"Satz {n}." for n in range(100)))])
    gate.next_call()
    assert running.cancel()  # what the server does at the request's deadline
    assert batcher.queued_sentences == 10  # only the slice with the model is left
    gate.open.release()
    small = batcher.submit([build_document("Eins.")])
    assert gate.next_call() == ["Eins."]
    gate.open.release()
    small.result(timeout=30)
    batcher.close()
    assert len(gate.calls) == 2 and batcher.queued_sentences == 0


def test_a_request_over_its_share_is_refused_up_front(client):
    from translate.app.serve.batcher import CHARACTERS_PER_SENTENCE

    # 10,000 short paragraphs (the audit's 282 KB request): more than half the queue of 2000, refused at once.
    response = client.post("/v1/translate", json={"paragraphs": [f"Kurz {n}." for n in range(10_000)]})
    assert response.status_code == 413 and response.json()["error"]["code"] == "request-too-large"
    assert "has at least 10000 sentences" in response.json()["error"]["message"]  # known before it was split
    assert "at most 1000 per request" in response.json()["error"]["message"]
    # One sentence of 600,000 characters weighs what the model needs for it, not one sentence.
    long_one = client.post("/v1/translate", json={"text": "Wort " * 120_000})
    assert long_one.status_code == 413
    assert f"at least {480_000 // CHARACTERS_PER_SENTENCE} sentences" in long_one.json()["error"]["message"]
    assert client.get("/v1/health").json()["queued_sentences"] == 0
    assert client.post("/v1/translate", json={"text": "Der Kreml schweigt."}).status_code == 200


@pytest.mark.slow
def test_the_small_request_is_answered_while_the_large_one_waits(tiny_model_dir):
    translator = _translator(tiny_model_dir)
    gate = _Gate(translator.translate)
    translator.translate = gate
    large = [f"Meldung {n}: Der Kreml hat neue Angriffe bestätigt." for n in range(100)]
    with TestClient(create_app(translator)) as client:
        answers = {}
        large_thread = threading.Thread(target=lambda: answers.setdefault(
            "large", client.post("/v1/translate", json={"paragraphs": large})))
        large_thread.start()
        assert len(gate.next_call()) == 16
        small_thread = threading.Thread(target=lambda: answers.setdefault(
            "small", client.post("/v1/translate", json={"text": "Kiew meldet Angriffe."})))
        small_thread.start()
        while client.get("/v1/health").json()["queued_sentences"] < 101:  # bounded: the gate's calls time out
            time.sleep(0.01)
        gate.open.release()
        assert gate.next_call()[-1] == "Kiew meldet Angriffe."
        gate.open.release()
        small_thread.join(timeout=60)
        assert answers["small"].status_code == 200 and "large" not in answers and large_thread.is_alive()
        while large_thread.is_alive():
            gate.open.release()
            large_thread.join(timeout=0.5)
    assert answers["large"].status_code == 200
    assert [p["source"] for p in answers["large"].json()["paragraphs"]] == large


@pytest.mark.slow
def test_the_timeout_covers_parsing_and_a_late_parse_is_never_translated(tiny_model_dir, monkeypatch):
    import translate.engine.segment as segment

    counting = CountingBackend(backend_for(tiny_model_dir))
    parsing, finish = threading.Event(), threading.Event()
    build = segment.build_document

    def slow_build(text, name=None, *args, **kwargs):  # a parse that takes longer than the request may
        parsing.set()
        finish.wait(30)
        return build(text, name, *args, **kwargs)

    monkeypatch.setattr(segment, "build_document", slow_build)
    with TestClient(create_app(_translator(tiny_model_dir, backend=counting), request_timeout_s=5)) as client:
        response = client.post("/v1/translate", json={"text": "Der Kreml schweigt."})
        assert response.status_code == 504 and "while its text was parsed" in response.json()["error"]["message"]
        assert parsing.is_set() and not finish.is_set()  # answered while the parse was still running
        finish.set()  # the abandoned parse ends; a later request is translated as usual
        assert client.post("/v1/translate", json={"text": "Es regnet heute."}).status_code == 200
    assert counting.translated == ["Es regnet heute."]  # the abandoned parse's sentence never reached the model


# ---------------------------------------------------------------- hostile bodies (issue 18, item 9)


def _raw_post(client, path: str, body: str | bytes):
    return client.post(path, content=body if isinstance(body, bytes) else body.encode(),
                       headers={"content-type": "application/json"})


@pytest.mark.parametrize("path, body, field", [
    ("/v1/translate", '{"text": "Der Kreml \\ud800 schweigt."}', "text"),
    ("/v1/translate", '{"paragraphs": ["gut", "Der Kreml\\u0000"]}', "paragraphs.1"),
    ("/v1/translate", '{"text": "x", "terms": [[{"de": "Kreml", "en": "\\udfff"}]]}', "terms.0.0.en"),
    ("/v1/glossaries", '{"name": "desk.tsv", "content": "source\\ttarget\\nKreml\\t\\ud83d\\n"}', "content"),
    ("/v1/glossaries", '{"name": "desk\\u0000.tsv", "content": "source\\ttarget\\n"}', "name"),
    ("/v1/approve", '{"source": "Der Kreml.", "target": "The \\u0000 Kremlin."}', "target"),
    ("/v1/check", '{"source": ["a"], "translation": ["\\ud800"]}', "translation.0"),
])
def test_nul_and_lone_surrogates_are_refused_naming_the_field(client, path, body, field):
    response = _raw_post(client, path, body)
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert message.startswith(f"{field}: contains a ") and "\n" not in message
    assert ("NUL" in message) == ("u0000" in body)


@pytest.mark.parametrize("name", [".", "..", "x/..", "../..", "a\\..", "", "desk\x01.tsv"])
def test_glossary_names_that_are_no_file_names_are_422(client, name):
    response = client.post("/v1/glossaries", json={"name": name, "content": "source\ttarget\nKreml\tKremlin\n"})
    assert response.status_code == 422 and response.json()["error"]["message"].startswith("name: ")


def test_a_glossary_name_is_its_last_part(client):
    response = client.post("/v1/glossaries", json={"name": "../../etc/desk.tsv", "content": "source\ttarget\nKreml\tKremlin\n"})
    assert response.status_code == 201 and response.json()["name"] == "desk.tsv"


@pytest.mark.parametrize("path", ["/v1/translate", "/v1/glossaries", "/v1/check", "/v1/approve"])
def test_deeply_nested_bodies_are_400_in_one_line(client, path):
    from translate.kernel.jsonio import MAX_JSON_DEPTH

    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        response = _raw_post(client, path, '{"text": ' + "[" * depth + "]" * depth + "}")
        assert response.status_code == 400, response.text
        message = response.json()["error"]["message"]
        assert f"nested deeper than {MAX_JSON_DEPTH} levels" in message and "\n" not in message


def test_a_body_that_is_not_utf8_is_400(client):
    response = _raw_post(client, "/v1/translate", b'{"text": "Der Kreml \xed\xa0\x80 schweigt."}')
    assert response.status_code == 400 and "not valid UTF-8" in response.json()["error"]["message"]


def test_the_bearer_scheme_is_case_insensitive(tiny_model_dir):
    with TestClient(create_app(_translator(tiny_model_dir), token="s3cret")) as client:
        for scheme in ("bearer", "BEARER", "Bearer"):
            answer = client.post("/v1/translate", json={"text": "Der Kreml schweigt."},
                                 headers={"Authorization": f"{scheme} s3cret"})
            assert answer.status_code == 200, scheme
        for header in ("Basic s3cret", "bearer", "s3cret", "bearers3cret"):
            assert client.post("/v1/check", json={"source": [], "translation": []},
                               headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize("port", ["99999", "65536", "0", "-1", "http"])
def test_a_port_out_of_range_is_one_line_and_exit_2(port, capsys):
    from translate.app.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "--port" in error and "Traceback" not in error
