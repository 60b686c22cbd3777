"""LibreTranslate's API on `newsmt serve` (tiny model, loopback), spoken to by libretranslatepy: translate, list
languages, detect; JSON lists, HTML, `source=auto`, and refusals in LibreTranslate's `{"error": …}` shape."""
from __future__ import annotations

import json
import urllib.error

import pytest

libretranslatepy = pytest.importorskip("libretranslatepy")
from fastapi.testclient import TestClient  # noqa: E402
from test_serve_browser import start_server  # noqa: E402

from translate.app.serve.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def libre(tiny_model_dir, tmp_path_factory):
    process, url = start_server(tiny_model_dir, tmp_path_factory.mktemp("libre") / "desk.sqlite")
    yield libretranslatepy.LibreTranslateAPI(url + "/")
    process.terminate()
    process.wait(timeout=30)


def test_translate_languages_and_detect(libre):
    english = libre.translate("Der Kreml hat neue Angriffe auf Kiew bestätigt.", "de", "en")
    assert isinstance(english, str) and english.strip() and english != "Der Kreml hat neue Angriffe auf Kiew bestätigt."
    assert "Kyiv" in english  # the desk's default glossary holds on this path too
    assert libre.translate("Der Kreml schweigt.", "auto", "en").strip()
    assert {language["code"]: language["targets"] for language in libre.languages()} == {"de": ["en"], "en": []}
    assert libre.detect("Die Lage in der Hauptstadt bleibt angespannt.")[0]["language"] == "de"
    assert libre.detect("The situation in the capital remains tense.")[0]["language"] == "en"
    assert libre.detect("La situation dans la capitale reste tendue.")[0]["language"] == "fr"


@pytest.mark.parametrize("source, target, text", [("fr", "en", "Bonjour."), ("de", "fr", "Hallo."),
                                                  ("auto", "en", "The situation in the capital remains tense.")])
def test_other_languages_are_refused_in_libretranslates_shape(libre, source, target, text):
    with pytest.raises(urllib.error.HTTPError) as refused:
        libre.translate(text, source, target)
    assert refused.value.code == 400 and list(json.loads(refused.value.read())) == ["error"]


def test_json_lists_html_alternatives_settings_and_the_api_key(tiny_model_dir):
    from test_serve_api import _translator

    with TestClient(create_app(_translator(tiny_model_dir), token="s3cret")) as client:
        assert client.post("/translate", data={"q": "Es regnet.", "source": "de", "target": "en"}).status_code == 403
        body = client.post("/translate", json={"q": ["Es regnet.", "<p>Der <b>Kreml</b> schweigt.</p>"],
                                               "source": "auto", "target": "en", "format": "html",
                                               "alternatives": 2, "api_key": "s3cret"}).json()
        assert len(body["translatedText"]) == 2 and body["translatedText"][1].startswith("<p>")
        assert [d["language"] for d in body["detectedLanguage"]] == ["de", "de"] and body["alternatives"] == [[], []]
        settings = client.get("/frontend/settings").json()
        assert settings["keyRequired"] and settings["language"]["target"]["code"] == "en"
        assert client.post("/translate", data={"source": "de", "target": "en", "api_key": "s3cret"}).json() == {
            "error": "Invalid request: missing q parameter"}
        assert client.get("/openapi.json").status_code == 200
