"""The decoder's length bound: at most ceil(ratio × source tokens) + margin target tokens per sentence (never above
the model's limit), on both backends, for whole sentences and for the parts of a long one, flagged when reached."""
from __future__ import annotations

import json

import pytest

from translate import Batch, Translator, load_backend
from translate.app.cli import main
from translate.engine.length_bound import LengthBound, max_target_tokens
from translate.kernel.document import LENGTH_BOUND_FLAG

from pipelines import CountingBackend, backend_for

SENTENCE = "Der Hund schweigt heute."


def test_the_bound_grows_with_the_source_and_stops_at_the_models_limit():
    assert max_target_tokens(7, 510) == 21  # ceil(1.5 × 7) + 10
    assert max_target_tokens(10, 510, ratio=1.2, margin=0) == 12
    assert max_target_tokens(400, 510) == 510
    assert max_target_tokens(0, 510, ratio=1.5, margin=0) == 1  # never nothing at all
    assert LengthBound().signature == "max-length:1.5x+10"
    assert LengthBound(1.25, 4).tokens(8, 64) == 14
    with pytest.raises(ValueError):
        LengthBound(0, 10)
    with pytest.raises(ValueError):
        LengthBound(1.5, -1)


def _written_transformers(backend, monkeypatch) -> list[int]:
    """Spy on the transformers model: how many tokens each output row has after the start token (</s>, pad not)."""
    written, generate = [], backend._model.generate

    def spy(*args, **kwargs):
        output = generate(*args, **kwargs)
        written.extend(backend._written(row) for row in output.tolist())
        return output

    monkeypatch.setattr(backend._model, "generate", spy)
    return written


def test_transformers_honours_each_sentences_bound_in_one_batch(tiny512_model_dir, monkeypatch):
    backend = load_backend(str(tiny512_model_dir), backend="transformers", device="cpu")
    assert backend.max_output_tokens == 510
    written = _written_transformers(backend, monkeypatch)
    results = backend.translate_batch([SENTENCE, "Kiew meldet Schäden.", "Ja."], beam=2, max_lengths=[5, 9, 600])
    assert written == [5, 9, 510]  # the random model never ends by itself: each stops at its own bound, the last at 510
    assert [r.length_bounded for r in results] == [True, True, True]
    alone = backend.translate_batch(["Kiew meldet Schäden."], beam=2, max_lengths=[9])
    assert alone[0].text == results[1].text  # a shorter bound in a batch of longer ones changes nothing


def test_ctranslate2_honours_each_sentences_bound_in_one_batch(tiny512_model_dir, monkeypatch):
    pytest.importorskip("ctranslate2")
    backend = load_backend(str(tiny512_model_dir), backend="ctranslate2", device="cpu", compute_type="float32", threads=1)
    assert backend.max_output_tokens == 510
    written, translation = [], backend._translation
    monkeypatch.setattr(backend, "_translation", lambda result: written.append(len(result.hypotheses[0])) or translation(result))
    batches = [Batch([SENTENCE, "Kiew meldet Schäden."], max_lengths=[5, 9]), Batch(["Ja."], max_lengths=[7])]
    results = [r for batch in backend.translate_batches(batches, beam=2) for r in batch]
    assert written == [5, 9, 7]
    assert all(r.length_bounded for r in results)
    assert backend.translate_batch([SENTENCE], beam=2, max_lengths=[5])[0].text == results[0].text


class Recording(CountingBackend):
    """Records the batches the pipeline asks for, with their bounds."""

    def __init__(self, inner):
        super().__init__(inner)
        self.requests = []

    def translate_batches(self, batches, **options):
        batches = list(batches)
        self.requests.extend(batches)
        return self.inner.translate_batches(batches, **options)


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_the_pipeline_bounds_every_part_of_a_long_sentence_and_flags_it(tiny_model_dir, engine):
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    spy = Recording(backend_for(tiny_model_dir, engine))
    long = ", ".join(["Der Hund schweigt heute im Garten des Nachbarn"] * 60) + "."
    document = Translator(spy).translate_text(f"{SENTENCE}\n\n{long}")
    units = [(s, n) for batch in spy.requests for s, n in zip(batch.sentences, batch.max_lengths, strict=True)]
    assert len(units) > 2  # the long sentence went in parts
    for text, bound in units:
        assert bound == max_target_tokens(spy.count_tokens([text])[0], spy.max_output_tokens)
    short, parted = document.segments
    assert [f.code for f in short.flags] == [LENGTH_BOUND_FLAG]  # the random model always runs to the bound
    assert [f.code for f in parted.flags] == [LENGTH_BOUND_FLAG]
    assert "parts" in parted.flags[0].message and "max-length:1.5x+10" in parted.flags[0].message


def test_translate_decodes_at_most_the_bound_and_says_so(tiny512_model_dir, tmp_path, capsys, monkeypatch):
    """`newsmt translate` of a 4-word sentence on a model limited only at 512 tokens: the default bound holds, the
    sentence is flagged, and the bound is in the signature."""
    from translate.engine.marian import MarianBackend

    source = tmp_path / "hund.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    asked, translate_batch = [], MarianBackend.translate_batch
    monkeypatch.setattr(MarianBackend, "translate_batch",
                        lambda self, s, **o: asked.append(o["max_lengths"]) or translate_batch(self, s, **o))
    assert main(["translate", "--model", str(tiny512_model_dir), "--backend", "transformers", "--format", "json",
                 "--no-default-glossary", str(source)]) == 0
    payload = json.loads(capsys.readouterr().out)
    tokens = load_backend(str(tiny512_model_dir), device="cpu").count_tokens([SENTENCE])[0]
    assert asked == [[max_target_tokens(tokens, 510)]] and asked[0][0] < 30
    assert "|max-length:1.5x+10" in payload["signature"]
    [sentence] = payload["paragraphs"][0]["sentences"]
    assert LENGTH_BOUND_FLAG in [f["code"] for f in sentence["flags"]]
    assert len(sentence["target"].split()) <= asked[0][0]

    assert main(["translate", "--model", str(tiny512_model_dir), "--backend", "transformers", "--format", "json",
                 "--no-default-glossary", "--max-length-ratio", "1", "--max-length-margin", "2", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["signature"].count("|max-length:1x+2") == 1
    assert asked[-1] == [tokens + 2]


def test_the_default_engine_decodes_at_most_the_bound(tiny512_model_dir, tmp_path, capsys, monkeypatch):
    """The same sentence with no --backend: CTranslate2 (the default) asked for the bound, flagged when it hits it."""
    pytest.importorskip("ctranslate2")
    from translate.engine.ctranslate2_backend import CTranslate2Backend

    source = tmp_path / "hund.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    asked, submit = [], CTranslate2Backend._submit
    monkeypatch.setattr(CTranslate2Backend, "_submit",
                        lambda self, s, beam, fixed, limits, **o: asked.append(limits) or submit(self, s, beam, fixed,
                                                                                                  limits, **o))
    assert main(["translate", "--model", str(tiny512_model_dir), "--format", "json", "--no-default-glossary",
                 str(source)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "|backend:ctranslate2|" in payload["signature"] and "|max-length:1.5x+10" in payload["signature"]
    tokens = load_backend(str(tiny512_model_dir), device="cpu").count_tokens([SENTENCE])[0]
    assert asked and all(limits == [max_target_tokens(tokens, 510)] for limits in asked)
    [sentence] = payload["paragraphs"][0]["sentences"]
    assert len(sentence["target"].split()) <= max_target_tokens(tokens, 510)
    assert LENGTH_BOUND_FLAG in [f["code"] for f in sentence["flags"]]  # the random model never ends by itself


@pytest.mark.parametrize("option", [["--max-length-ratio", "0"], ["--max-length-ratio", "x"],
                                    ["--max-length-margin", "-1"]])
def test_an_impossible_bound_is_exit_2(tiny_model_dir, tmp_path, capsys, option):
    source = tmp_path / "hund.txt"
    source.write_text(SENTENCE + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["translate", "--model", str(tiny_model_dir), *option, str(source)])
    assert stopped.value.code == 2
    assert option[0] in capsys.readouterr().err
