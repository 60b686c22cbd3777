"""Very long sentences (a 1M-character "sentence" is a wrong file, a table, a feed without full stops) and
checks whose library fails: every check ends in time bounded by the text's length and never raises; what a
check cannot judge gets a `check-skipped` warning naming the check and why (issue 18, item 5)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.checks import CHECK_SKIPPED, CHECKS, FLAG_CODES, run_checks
from eval.checks import names as names_check
from eval.checks.tag_store import TagStore
from translate.app.cli import main

DATA = Path(__file__).parent / "data" / "testsets"


def _long_pair(size: int) -> tuple[str, str]:
    """One German "sentence" of `size` characters (newstest2019 lines joined by commas) and its reference."""
    german = (DATA / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()
    english = (DATA / "newstest2019.de-en.en").read_text(encoding="utf-8").splitlines()
    source = ", ".join(line.rstrip(".") for line in german)
    target = ", ".join(line.rstrip(".") for line in english)
    source = (source + ", ") * (size // len(source) + 1)
    target = (target + ", ") * (size // len(target) + 1)
    return source[: size - 1] + ".", target[: size - 1] + "."


@pytest.fixture()
def hanta_fails(monkeypatch, tmp_path):
    """HanTa as it behaved on an 850k-1M-character sentence: a KeyError. Records how long a text it got."""
    calls: list[int] = []

    class FailingTagger:
        def tag_sent(self, tokens, taglevel=0):
            calls.append(len(tokens))
            raise KeyError("NE")

    monkeypatch.setattr(names_check, "tagger", lambda: FailingTagger())
    empty_store = TagStore(tmp_path / "tags.sqlite")  # tags kept by earlier tests would spare HanTa the sentence
    monkeypatch.setattr(names_check, "hanta_tag_store", lambda: empty_store)
    names_check.source_names.cache_clear()
    yield calls
    names_check.source_names.cache_clear()


def skipped(flags, code):
    return [f for f in flags if f.code == CHECK_SKIPPED and f'"{code}"' in f.message]


def test_check_skipped_is_one_code_beside_the_checks_own():
    assert CHECK_SKIPPED not in CHECKS
    assert list(FLAG_CODES) == [*CHECKS, CHECK_SKIPPED]


def test_a_million_character_sentence_is_flagged_not_crashed(hanta_fails):
    source, target = _long_pair(1_000_000)
    flags = run_checks(source, target)
    # The checks whose time grows faster than the text do not run on it, and say so.
    for code in ("missing-name", "repetition", "number-mismatch"):
        (flag,) = skipped(flags, code)
        assert flag.severity == "warning" and "1,000,000 characters" in flag.message
    assert hanta_fails == []  # HanTa was never given the million characters
    assert all(check.max_chars is None or check.max_chars <= 10_000 for check in CHECKS.values())


def test_a_check_that_fails_gives_a_flag_and_the_other_checks_still_run(hanta_fails):
    flags = run_checks("Angela Merkel traf Emmanuel Macron in Paris.", "Merkel met in.")
    (flag,) = skipped(flags, "missing-name")
    assert "KeyError" in flag.message and hanta_fails == [8]  # HanTa got the sentence's 8 tokens, and failed
    assert "length-ratio" in {f.code for f in flags}  # the other checks' findings are kept


def test_check_command_and_api_report_a_long_line_instead_of_a_traceback(tmp_path, capsys, hanta_fails):
    source, target = _long_pair(20_000)
    (tmp_path / "src.de").write_text(f"Der Kreml schweigt.\n{source}\n", encoding="utf-8")
    (tmp_path / "out.en").write_text(f"The Kremlin is silent.\n{target}\n", encoding="utf-8")
    assert main(["check", "--src", str(tmp_path / "src.de"), "--hyp", str(tmp_path / "out.en"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["by_code"][CHECK_SKIPPED] == 2  # both lines: HanTa fails on the short one
    short, long = (segment["flags"] for segment in report["segments"])
    assert [f["message"] for f in short if f["code"] == CHECK_SKIPPED] == [
        'the "missing-name" check was not run: it failed on this sentence (KeyError: \'NE\')']
    assert sum("20,000 characters" in f["message"] for f in long if f["code"] == CHECK_SKIPPED) == 3
    assert hanta_fails == [4]  # only the short line reached HanTa


def test_check_endpoint_answers_a_long_sentence_with_a_flag(tiny_model_dir, hanta_fails):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from translate.app.serve.app import create_app

    from pipelines import translator_for

    source, target = _long_pair(200_000)
    with TestClient(create_app(translator_for(tiny_model_dir))) as client:
        response = client.post("/v1/check", json={"source": [source], "translation": [target]})
    assert response.status_code == 200
    (segment,) = response.json()["segments"]
    assert sum(f["code"] == CHECK_SKIPPED for f in segment["flags"]) == 3
