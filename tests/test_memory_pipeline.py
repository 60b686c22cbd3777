"""The translation memory in the pipeline and on the command line: a sentence translated before is not
translated again, an editor's approved translation wins, and an updated story costs only its new sentences."""
from __future__ import annotations

import json

from translate.app.cli import main
from translate.engine.pipeline import Translator
from translate.memory import TranslationMemory

from pipelines import CountingBackend, backend_for

STORY = [
    "Russland hat in der Nacht erneut Kiew mit Drohnen angegriffen.",
    "Die Luftabwehr schoss nach eigenen Angaben 20 Drohnen ab.",
    "Verletzt wurde niemand.",
    "Der Bürgermeister rief die Bewohner auf, in den Schutzräumen zu bleiben.",
    "Die Angriffe dauern seit Wochen an.",
    "In der Hauptstadt fiel zeitweise der Strom aus.",
]
NEW = ["Dieser Bericht wurde um weitere Details ergänzt.", "Am Morgen gab es erneut Luftalarm.",
       "Die Regierung kündigte Hilfen an."]


def test_a_story_translated_before_comes_from_memory(tiny_model_dir, tmp_path):
    backend = CountingBackend(backend_for(tiny_model_dir))
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        first = Translator(backend, memory=memory).translate_lines(STORY)
        assert len(backend.translated) == len(STORY)
        again = Translator(backend, memory=memory).translate_lines(STORY)
    assert len(backend.translated) == len(STORY)  # nothing translated the second time
    assert [s.memory for s in again.segments] == ["machine"] * len(STORY)
    assert again.to_text() == first.to_text()


def test_other_settings_do_not_reuse_the_memory(tiny_model_dir, tmp_path):
    backend = CountingBackend(backend_for(tiny_model_dir))
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        Translator(backend, memory=memory).translate_lines(STORY[:2])
        Translator(backend, memory=memory, beam=2).translate_lines(STORY[:2])
    assert len(backend.translated) == 4


def test_an_updated_story_translates_only_its_new_sentences(tiny_model_dir, tmp_path):
    backend = CountingBackend(backend_for(tiny_model_dir))
    update = STORY[:3] + NEW + STORY[3:]
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        Translator(backend, memory=memory).translate_lines(STORY)
        backend.batches.clear()
        document = Translator(backend, memory=memory).translate_lines(update)
    assert sorted(backend.translated) == sorted(NEW)  # 3 of 9 sentences translated
    assert [s.memory is None for s in document.segments] == [s in NEW for s in update]


def test_an_approved_translation_wins_and_is_not_changed(tiny_model_dir, tmp_path):
    from glossaries import DEFAULT_GLOSSARY_PATH, GlossaryMatcher, load_glossary

    sentence = "Der Kreml schweigt."
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.approve(sentence, "The Russian leadership is silent.", editor="desk")
        translator = Translator(
            backend_for(tiny_model_dir), memory=memory, term_matcher=GlossaryMatcher([load_glossary(DEFAULT_GLOSSARY_PATH)])
        )
        segment = translator.translate_text(sentence).segments[0]
    assert (segment.target, segment.memory) == ("The Russian leadership is silent.", "approved")
    assert segment.terms[0].placement is None  # "Kremlin" is not forced into an editor's text …


def test_translate_with_tm_marks_memory_and_new_sentences(tiny_model_dir, tmp_path, capsys):
    story = tmp_path / "meldung.txt"
    tm = tmp_path / "desk.sqlite"
    story.write_text("\n".join(STORY) + "\n", encoding="utf-8")
    args = ["translate", "--model", str(tiny_model_dir), "--tm", str(tm), "--format", "json", str(story)]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert all(s["memory"] is None and s["new"] is None for p in first["paragraphs"] for s in p["sentences"])
    story.write_text("\n".join(STORY[:3] + NEW + STORY[3:]) + "\n", encoding="utf-8")
    assert main(args) == 0
    captured = capsys.readouterr()
    sentences = [s for p in json.loads(captured.out)["paragraphs"] for s in p["sentences"]]
    assert [s["new"] for s in sentences] == [s["source"] in NEW for s in sentences]
    assert [s["memory"] for s in sentences] == [None if s["source"] in NEW else "machine" for s in sentences]
    assert "6 of 9 sentences from memory" in captured.err


def test_tm_export_and_import_round_trip(tiny_model_dir, tmp_path, capsys):
    tm, tmx, copy = tmp_path / "desk.sqlite", tmp_path / "desk.tmx", tmp_path / "copy.sqlite"
    with TranslationMemory(tm) as memory:
        memory.approve(STORY[0], "Russia attacked Kyiv with drones again overnight.", editor="desk")
        memory.store([(STORY[1], "Air defence shot down 20 drones.")], "model:x|rev:1")
    assert main(["tm", "export", str(tm), str(tmx)]) == 0
    assert main(["tm", "import", str(copy), str(tmx)]) == 0
    assert "imported 1 approved and 1 machine translations" in capsys.readouterr().err
    with TranslationMemory(copy) as memory:
        assert memory.lookup([STORY[0]], "any")[STORY[0]].target.startswith("Russia attacked Kyiv")
        assert memory.lookup([STORY[1]], "model:x|rev:1")[STORY[1]].kind == "machine"


def test_a_file_that_is_not_a_memory_stops_translate_before_the_model(tmp_path, capsys):
    story = tmp_path / "meldung.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    not_a_memory = tmp_path / "notes.txt"
    not_a_memory.write_text("just notes\n" * 100, encoding="utf-8")
    assert main(["translate", "--model", "/nonexistent", "--tm", str(not_a_memory), str(story)]) == 2
    err = capsys.readouterr().err
    assert str(not_a_memory) in err and err.count("\n") == 1


# --- issue 18: the paragraph rule holds for translations from the memory; tm commands never create by mistake ----


def test_an_approved_translation_with_blank_lines_cannot_add_paragraphs(tiny_model_dir, tmp_path, capsys):
    story, out, tm = tmp_path / "meldung.txt", tmp_path / "meldung.en.txt", tmp_path / "desk.sqlite"
    story.write_text(f"{STORY[0]}\n\n{STORY[1]}\n", encoding="utf-8")
    with TranslationMemory(tm) as memory:
        memory.approve(STORY[0], "Russia attacked Kyiv.\n\nWith drones,\r\n\n  again.", editor="desk")
    tmx = tmp_path / "vendor.tmx"
    tmx.write_text(
        '<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>' + STORY[1] + "</seg></tuv>"
        '<tuv xml:lang="en"><seg>Air defence\n\n\nshot down 20 drones.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert main(["tm", "import", str(tm), str(tmx)]) == 0
    assert main(["translate", "--model", str(tiny_model_dir), "--tm", str(tm), "-o", str(out), str(story)]) == 0
    assert out.read_text(encoding="utf-8") == (
        "Russia attacked Kyiv. With drones, again.\n\nAir defence shot down 20 drones.\n"
    )


def test_tm_stats_and_export_of_a_missing_memory_fail_and_create_nothing(tmp_path, capsys):
    missing = tmp_path / "dsek.sqlite"  # a typo of desk.sqlite
    for args in (["tm", "stats", str(missing)], ["tm", "export", str(missing), str(tmp_path / "out.tmx")]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{missing}: no such translation memory" in err
    assert list(tmp_path.iterdir()) == []


def test_tm_import_that_fails_leaves_no_memory_behind(tmp_path, capsys):
    new = tmp_path / "new.sqlite"
    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>Kiew', encoding="utf-8")
    assert main(["tm", "import", str(new), str(broken)]) == 2
    assert f"{broken}: line 1: not well-formed XML" in capsys.readouterr().err
    nothing = tmp_path / "nothing.tmx"
    nothing.write_text('<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>Kiew</seg></tuv></tu></body></tmx>')
    assert main(["tm", "import", str(new), str(nothing)]) == 1
    assert "1 units skipped" in capsys.readouterr().err
    assert main(["tm", "import", str(new), str(tmp_path / "missing.tmx")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.tmx", "nothing.tmx"]
