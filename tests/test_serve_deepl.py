"""DeepL's API v2 on `newsmt serve` (tiny model, loopback), spoken to by DeepL's official Python client: text, HTML, XML,
glossaries made, used (the term enforced), listed and deleted, usage, languages; what newsmt cannot honour is
refused in DeepL's error shape; glossaries outlive the server in its memory file; the token as DeepL's key."""
from __future__ import annotations

import pytest

deepl = pytest.importorskip("deepl")
from fastapi.testclient import TestClient  # noqa: E402
from test_serve_browser import start_server  # noqa: E402

from translate.app.serve.app import create_app  # noqa: E402
from translate.memory import TranslationMemory  # noqa: E402

SHELTER = "Die Bewohner blieben im Schutzraum."


@pytest.fixture(scope="module")
def desk(tiny_model_dir, tmp_path_factory):
    process, url = start_server(tiny_model_dir, tmp_path_factory.mktemp("deepl") / "desk.sqlite")
    client = deepl.Translator("any-key", server_url=url)
    client.url = url
    yield client
    client.close()
    process.terminate()
    process.wait(timeout=30)


def test_text_is_translated_one_result_per_text(desk):
    one = desk.translate_text("Der Kreml schweigt.", target_lang="EN-GB")
    assert one.detected_source_lang == "DE" and one.text.strip() and one.billed_characters == len("Der Kreml schweigt.")
    many = desk.translate_text(["Der Kreml schweigt.", "Zwei Sätze. Hier.", "   "], source_lang="DE",
                                     target_lang="EN-US")
    assert len(many) == 3 and many[0].text == one.text and many[2].text == "   "


def test_an_html_snippet_keeps_its_markup(desk):
    from translate.kernel.formats import read_story

    html = '<p>Der <a href="https://example.org/kreml">Kreml</a> schweigt.</p><p>Die Lage bleibt angespannt.</p>'
    english = desk.translate_text(html, target_lang="EN-US", tag_handling="html").text
    assert english.startswith("<p>") and english.count("<p>") == 2 and "Der Kreml" not in english
    assert [b.kind for b in read_story(english.encode(), "en.html").blocks] == ["p", "p"]


@pytest.mark.slow
def test_xml_keeps_its_elements_and_attributes(desk):
    from lxml import etree

    xml = ('<doc id="7"><title>Der Kreml schweigt.</title><p xml:lang="de">Die <b>Lage</b> bleibt angespannt.</p>'
           '<!-- Stand: Montag --><p translate="no">Nicht übersetzen.</p></doc>')
    english = desk.translate_text(xml, target_lang="EN-GB", tag_handling="xml").text
    root = etree.fromstring(english)
    assert [e.tag for e in root] == ["title", "p", etree.Comment, "p"] and root.get("id") == "7"
    assert root[0].text != "Der Kreml schweigt." and root[3].text == "Nicht übersetzen."
    assert root[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    with pytest.raises(deepl.DeepLException, match="line 1"):
        desk.translate_text("<p>offen", target_lang="EN-GB", tag_handling="xml")


def test_a_glossary_is_made_used_listed_and_deleted(desk):
    glossary = desk.create_glossary("desk", "DE", "EN", {"Schutzraum": "shelter", "Kreml": "Kremlin"})
    assert glossary.entry_count == 2 and glossary.ready
    assert glossary.glossary_id in [g.glossary_id for g in desk.list_glossaries()]
    assert desk.get_glossary_entries(glossary) == {"Schutzraum": "shelter", "Kreml": "Kremlin"}
    assert [(p.source_lang, p.target_lang) for p in desk.get_glossary_languages()] == [("de", "en")]
    enforced = desk.translate_text(SHELTER, source_lang="DE", target_lang="EN-GB", glossary=glossary)
    assert "shelter" in enforced.text
    from_csv = desk.create_glossary_from_csv("desk csv", "DE", "EN", "Schutzraum,shelter\n")
    assert from_csv.entry_count == 1
    for made in (glossary, from_csv):
        desk.delete_glossary(made)
    with pytest.raises(deepl.GlossaryNotFoundException):
        desk.get_glossary(glossary.glossary_id)
    assert desk.list_glossaries() == []


def test_usage_and_languages(desk):
    desk.translate_text("Der Kreml schweigt.", target_lang="EN-GB")
    usage = desk.get_usage()
    assert usage.character.count >= len("Der Kreml schweigt.") and not usage.any_limit_reached
    assert [(lang.code, lang.name) for lang in desk.get_source_languages()] == [("DE", "German")]
    assert {lang.code for lang in desk.get_target_languages()} == {"EN-GB", "EN-US"}


@pytest.mark.parametrize("options, message", [
    ({"target_lang": "FR"}, "target_lang"),
    ({"target_lang": "EN-US", "source_lang": "EN"}, "source_lang"),
    ({"target_lang": "EN-US", "formality": "more"}, "formality"),
    ({"target_lang": "EN-US", "context": "Ukraine"}, "context"),
    ({"target_lang": "EN-US", "tag_handling": "xml", "outline_detection": False}, "outline_detection"),
    ({"target_lang": "EN-US", "tag_handling": "html", "split_sentences": "0"}, "split_sentences"),
    ({"target_lang": "EN-US", "extra_body_parameters": {"no_such_option": "1"}}, "no_such_option"),
])
def test_what_newsmt_cannot_honour_is_refused_in_deepls_shape(desk, options, message):
    with pytest.raises(deepl.DeepLException, match=message) as refused:
        desk.translate_text("Der Kreml schweigt.", **options)
    assert refused.value.http_status_code == 400


def test_a_form_body_and_an_unknown_glossary(desk):
    import requests

    form = requests.post(f"{desk.url}/v2/translate", timeout=60,
                         data={"text": ["Der Kreml schweigt.", "Es regnet."], "target_lang": "EN"})
    assert form.status_code == 200 and len(form.json()["translations"]) == 2
    missing = requests.post(f"{desk.url}/v2/translate", timeout=60,
                            data={"text": "Es regnet.", "target_lang": "EN", "glossary_id": "nope"})
    assert missing.status_code == 404 and missing.json() == {"message": "Glossary not found"}


def test_glossaries_are_kept_in_the_memory_file(tiny_model_dir, tmp_path):
    from test_serve_api import _translator

    path = tmp_path / "desk.sqlite"
    with TranslationMemory(path) as memory, TestClient(create_app(_translator(tiny_model_dir, memory),
                                                                  memory=memory)) as client:
        made = client.post("/v2/glossaries", json={"name": "desk", "source_lang": "de", "target_lang": "en",
                                                   "entries": "Schutzraum\tshelter", "entries_format": "tsv"})
        assert made.status_code == 201
        bad = client.post("/v2/glossaries", data={"name": "x", "source_lang": "de", "target_lang": "en",
                                                  "entries": "Schutzraum\tshelter\nSchutzraum\tbunker"})
        assert bad.status_code == 400 and "line 2" in bad.json()["message"]
    with TranslationMemory(path) as memory, TestClient(create_app(_translator(tiny_model_dir, memory),
                                                                  memory=memory)) as client:
        kept = client.get("/v2/glossaries").json()["glossaries"]
        assert [g["glossary_id"] for g in kept] == [made.json()["glossary_id"]]
        assert client.get(f"/v2/glossaries/{kept[0]['glossary_id']}/entries").text == "Schutzraum\tshelter\n"
        assert client.get("/openapi.json").status_code == 200


def test_the_servers_token_is_deepls_auth_key(tiny_model_dir):
    from test_serve_api import _translator

    with TestClient(create_app(_translator(tiny_model_dir), token="s3cret")) as client:
        wrong = client.post("/v2/translate", json={"text": ["Es regnet."], "target_lang": "EN-GB"},
                            headers={"Authorization": "DeepL-Auth-Key other"})
        assert wrong.status_code == 403 and "message" in wrong.json()
        right = client.post("/v2/translate", json={"text": ["Es regnet."], "target_lang": "EN-GB"},
                            headers={"Authorization": "DeepL-Auth-Key s3cret"})
        assert right.status_code == 200
        as_field = client.post("/v2/usage", data={"auth_key": "s3cret"})
        assert as_field.status_code == 200
        assert client.get("/v2/usage", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_the_shared_queue_says_busy_as_each_api_does(tiny_model_dir):
    import threading
    import time

    from test_serve_api import _translator

    release = threading.Event()
    translator = _translator(tiny_model_dir)
    original = translator.translate
    translator.translate = lambda documents: (release.wait(30), original(documents))[1]
    with TestClient(create_app(translator, max_queued_sentences=2, max_request_sentences=2)) as client:
        first = threading.Thread(target=client.post, args=("/v1/translate",), kwargs={"json": {"text": "Eins. Zwei."}})
        first.start()
        time.sleep(0.3)
        deepl_busy = client.post("/v2/translate", data={"text": "Drei.", "target_lang": "EN-GB"})
        libre_busy = client.post("/translate", data={"q": "Drei.", "source": "de", "target": "en"})
        release.set()
        first.join()
    assert deepl_busy.status_code == 429 and deepl_busy.headers["retry-after"] == "5" and "message" in deepl_busy.json()
    assert libre_busy.status_code == 429 and "error" in libre_busy.json()
