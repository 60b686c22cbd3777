"""`newsmt bench`: its arguments and the shape of what it reports (never its speed: no timed assertions)."""
from __future__ import annotations

import json
import re

import pytest

from translate.app.cli import main


def test_json_report_has_every_engine_and_the_settings(tiny_model_dir, capsys):
    code = main(["bench", "--model", str(tiny_model_dir), "--sentences", "3", "--engines",
                 "naive,transformers,ctranslate2-float32", "--threads", "1", "--format", "json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in report["engines"]] == ["naive", "transformers", "ctranslate2-float32"]
    for engine in report["engines"]:
        assert set(engine) >= {"name", "sentences_per_s", "tokens_per_s", "vs_naive", "peak_rss_mib", "stages_s"}
        assert engine["sentences_per_s"] > 0 and engine["tokens_per_s"] > 0 and engine["peak_rss_mib"] > 0
    assert report["engines"][0]["vs_naive"] == 1.0
    assert set(report["engines"][1]["stages_s"]) == {"segment", "terms", "model", "term-check", "quality"}
    assert report["settings"]["sentences"] == 3 and report["settings"]["threads"] == 1
    assert report["settings"]["random_model"] is False and report["settings"]["parameters"] > 10_000
    for engine in report["engines"]:  # the worst case: every sentence timed on its own
        worst = engine["per_sentence"]
        assert worst["sentences"] == 3 and 0 <= worst["slowest_sentence"] < 3
        assert 0 < worst["min_s"] <= worst["median_s"] <= worst["p90_s"] <= worst["max_s"]
        assert worst["slowest_vs_median"] == pytest.approx(worst["max_s"] / worst["median_s"], rel=0.15)  # times rounded to ms
        assert engine["default"] is False  # the default is the pipeline on CTranslate2 int8, not run here
    update = report["wire_update"]
    assert update["engine"] == "ctranslate2-float32" and update["new_sentences"] >= 1
    assert update["with_memory"]["update_vs_first"] > 0 and update["without_memory"]["update_vs_first"] > 0


def test_text_report_is_a_table(tiny_model_dir, capsys):
    assert main(["bench", "--model", str(tiny_model_dir), "--sentences", "2", "--engines", "transformers,ctranslate2",
                 "--threads", "1"]) == 0
    out = capsys.readouterr().out
    assert "| engine | sentences/s | target tokens/s | vs naive | slowest sentence / median |" in out
    assert "| transformers |" in out and "| ctranslate2 (default) |" in out and "wire update" in out
    rows = [line for line in out.splitlines() if line.startswith(("| transformers", "| ctranslate2"))]
    assert len(rows) == 2 and all(re.search(r"\| \d+\.\dx \(line [12]: \d+\.\d\d / \d+\.\d\d s\) \|", r) for r in rows)


def test_the_spread_names_the_slowest_sentence_against_the_median():
    from translate.app.benchmark import spread

    worst = spread([0.2, 0.1, 4.0, 0.3])  # one runaway among four sentences
    assert worst["slowest_sentence"] == 2 and worst["max_s"] == 4.0 and worst["median_s"] == 0.25
    assert worst["slowest_vs_median"] == 16.0 and worst["min_s"] == 0.1 and worst["p90_s"] == 4.0
    assert spread([0.5])["slowest_vs_median"] == 1.0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["bench"], "one of the arguments --model --random-model is required"),
        (["bench", "--random-model", "--engines", "naive,fast"], "unknown engine 'fast'"),
        (["bench", "--random-model", "--sentences", "0"], "must be at least 1"),
        (["bench", "--random-model", "--model", "x"], "not allowed with argument"),
    ],
)
def test_bad_arguments_are_usage_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_fixed_output_lengths_decode_as_many_tokens_as_the_source_has(tiny_model_dir, monkeypatch):
    """What makes a random-weight benchmark honest: each sentence costs its source's length in decoder steps,
    and the sentences still share one batch."""
    from pipelines import backend_for

    backend = backend_for(tiny_model_dir)
    sentences = ["Der Kreml schweigt.", "Kiew meldet am Abend neue Angriffe auf die Hauptstadt.", "Nein."]
    lengths = backend.count_tokens(sentences)
    generate, outputs = backend._model.generate, []
    monkeypatch.setattr(backend._model, "generate", lambda *a, **k: outputs.append(generate(*a, **k)) or outputs[-1])
    results = backend.translate_batch(sentences, beam=2, output_lengths=lengths)
    assert len(results) == 3 and all(r.text for r in results)
    output, = outputs  # one call for the whole batch
    eos, pad = backend._eos_token_id, backend._model.generation_config.pad_token_id
    written = [[t for t in row[1:] if t not in (eos, pad)] for row in output.tolist()]
    assert [len(row) for row in written] == lengths
