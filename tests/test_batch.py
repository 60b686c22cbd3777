"""`newsmt batch`: a folder of agency formats in one run, a job killed mid-way resumed without translating a
finished story twice, failures reported and skipped, and Ray giving the same files as the local engine."""
from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.app import batch as batch_module
from translate.app.batch import JOURNAL, Journal, collect_stories, local_engine, run_batch
from translate.app.cli import main
from translate.engine.pipeline import Translator
from translate.kernel.errors import InputError
from translate.kernel.formats import read_story

from pipelines import CountingBackend, backend_for

FORMATS = Path(__file__).parent / "data" / "formats"
WIRE = [
    "Russland hat in der Nacht erneut Kiew mit Drohnen angegriffen.", "Die Luftabwehr schoss 20 Drohnen ab.",
    "Verletzt wurde niemand.", "Der Bürgermeister rief die Bewohner auf, in den Schutzräumen zu bleiben.",
]


def _folder(tmp_path: Path, stories: int = 0) -> Path:
    folder = tmp_path / "in"
    (folder / "agencies").mkdir(parents=True)
    for sample in ("nato-ninjs1.json", "bundestag.html", "nato-nitf.xml"):
        shutil.copy(FORMATS / sample, folder / "agencies" / sample)
    (folder / "meldung.txt").write_text("\n\n".join(WIRE) + "\n", encoding="utf-8")
    for number in range(stories):
        (folder / f"story-{number:03d}.txt").write_text(f"Meldung {number}.\n\n" + "\n\n".join(WIRE) + "\n", encoding="utf-8")
    return folder


def test_a_folder_of_agency_formats_in_one_run(tiny_model_dir, tmp_path, capsys):
    folder, out = _folder(tmp_path), tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tiny_model_dir), "--xliff"]) == 0
    for sample, output in (("nato-ninjs1.json", "agencies/nato-ninjs1.en.json"), ("bundestag.html", "agencies/bundestag.en.html"),
                           ("nato-nitf.xml", "agencies/nato-nitf.en.xml")):
        source = read_story((FORMATS / sample).read_bytes(), sample)
        translated = read_story((out / output).read_bytes(), output)
        assert [b.kind for b in translated.blocks] == [b.kind for b in source.blocks]
    assert len((out / "meldung.en.txt").read_text(encoding="utf-8").strip().split("\n\n")) == len(WIRE)
    assert (out / "meldung.en.xlf").read_bytes().count(b"<segment") == len(WIRE)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["stories"], summary["translated"], summary["failed"]) == (4, 4, 0)
    assert summary["sentences"] > len(WIRE) and "truncated" in summary["flags"]
    assert "4 stories translated (0 already done, 0 failed)" in capsys.readouterr().err


def test_a_bad_story_is_reported_and_the_rest_go_on(tiny_model_dir, tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "kaputt.xml").write_text("<nitf><body><p>offen</body></nitf>", encoding="utf-8")
    (folder / "stories.jsonl").write_text('{"id": "a1", "text": "Der Kreml schweigt."}\n{"id": \n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tiny_model_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'kaputt.xml'}: line 1" in err and f"{folder / 'stories.jsonl'}: line 2, column 8: not valid JSON" in err
    assert (out / "stories" / "a1.en.txt").is_file() and (out / "meldung.en.txt").is_file()


def test_an_earlier_job_is_not_overwritten_without_resume(tiny_model_dir, tmp_path, capsys):
    folder, out = _folder(tmp_path), tmp_path / "out"
    assert main(["batch", str(folder / "meldung.txt"), "-o", str(out), "--model", str(tiny_model_dir)]) == 0
    assert main(["batch", str(folder / "meldung.txt"), "-o", str(out), "--model", str(tiny_model_dir)]) == 2
    assert "add --resume" in capsys.readouterr().err


def _run(folder: Path, out: Path, backend, *, resume: bool):
    translator = Translator(backend)
    return run_batch(collect_stories([str(folder)]), out, translate_stories=local_engine(translator, "text", False, 40),
                     resume=resume)


def test_a_job_that_failed_mid_way_resumes_without_translating_a_finished_story_again(tiny_model_dir, tmp_path, monkeypatch):
    folder, out = _folder(tmp_path, stories=6), tmp_path / "out"
    original, written = batch_module.write_atomically, []

    def dies_after_three_stories(path, data):
        if len(written) == 3:
            raise KeyboardInterrupt  # the job is stopped here
        original(path, data)
        if path.name != "summary.json":
            written.append(path)

    monkeypatch.setattr(batch_module, "write_atomically", dies_after_three_stories)
    with pytest.raises(KeyboardInterrupt):
        _run(folder, out, CountingBackend(backend_for(tiny_model_dir)), resume=False)
    monkeypatch.setattr(batch_module, "write_atomically", original)
    finished = set(Journal(out).done)
    assert len(finished) == 3
    counting = CountingBackend(backend_for(tiny_model_dir))
    summary = _run(folder, out, counting, resume=True)
    assert (summary.already_done, summary.translated) == (3, 7)
    # Each story-N.txt opens with its own sentence "Meldung N.": none of a finished story reached the model again.
    finished_numbers = {int(Path(key).stem.split("-")[1]) for key in finished if Path(key).name.startswith("story-")}
    unfinished_numbers = set(range(6)) - finished_numbers
    assert {f"Meldung {n}." for n in unfinished_numbers} <= set(counting.translated)
    assert not {f"Meldung {n}." for n in finished_numbers} & set(counting.translated)
    assert len(Journal(out).done) == 10


@pytest.mark.slow
def test_kill_9_mid_job_then_resume(tiny_model_dir, tmp_path):
    folder, out = _folder(tmp_path, stories=60), tmp_path / "out"
    job = subprocess.Popen(
        [sys.executable, "-m", "translate.app.cli", "batch", str(folder), "-o", str(out), "--model", str(tiny_model_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    journal = out / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not journal.exists() or not journal.read_text(encoding="utf-8").strip()):
        time.sleep(0.05)
    job.send_signal(signal.SIGKILL)
    job.wait(timeout=30)
    done = Journal(out).done
    assert done, "the job finished no story before the kill"
    for entry in done.values():  # the journal never claims a story that is not on disk
        assert all((out / output).is_file() for output in entry["outputs"])
    counting = CountingBackend(backend_for(tiny_model_dir))
    summary = _run(folder, out, counting, resume=True)
    assert summary.already_done == len(done) and summary.already_done + summary.translated == 64
    # Each story-N.txt opens with its own sentence "Meldung N.": only the unfinished ones reached the model.
    finished = {int(Path(key).stem.split("-")[1]) for key in done if Path(key).name.startswith("story-")}
    assert {s for s in counting.translated if s.startswith("Meldung ")} == {
        f"Meldung {n}." for n in range(60) if n not in finished
    }


@pytest.mark.slow
@given(st.integers(min_value=0, max_value=9))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_the_journal_never_claims_a_story_that_is_not_on_disk(tiny_model_dir, tmp_path, crash_after):
    import tempfile

    with tempfile.TemporaryDirectory(dir=tmp_path) as work:
        folder, out = _folder(Path(work), stories=5), Path(work) / "out"
        original, calls = batch_module.write_atomically, []

        def crashes(path, data):
            calls.append(path)
            if len(calls) > crash_after:
                raise OSError(28, "No space left on device")
            original(path, data)

        batch_module.write_atomically = crashes
        try:
            with pytest.raises(OSError):
                _run(folder, out, backend_for(tiny_model_dir), resume=False)
        finally:
            batch_module.write_atomically = original
        for entry in Journal(out).done.values():
            assert all((out / output).is_file() for output in entry["outputs"])
        summary = _run(folder, out, backend_for(tiny_model_dir), resume=True)
        assert summary.already_done + summary.translated == 9


@pytest.mark.slow
def test_ray_gives_the_same_files_as_the_local_engine(tiny_model_dir, tmp_path):
    pytest.importorskip("ray")
    folder = _folder(tmp_path)
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    common = ["--model", str(tiny_model_dir), "--threads", "1"]
    assert main(["batch", str(folder), "-o", str(local), *common]) == 0
    result = subprocess.run(  # its own process: Ray starts worker processes of its own
        [sys.executable, "-m", "translate.app.cli", "batch", str(folder), "-o", str(on_ray), "--engine", "ray",
         "--workers", "1", *common], capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file() and p.name not in (JOURNAL, "summary.json"))
    assert len(files) == 4
    for relative in files:
        assert (on_ray / relative).read_bytes() == (local / relative).read_bytes(), relative


def test_ray_reserves_for_each_actor_the_cpus_its_threads_use():
    """A model's threads beyond what Ray reserved would oversubscribe a node shared with other actors."""
    from translate.app.batch_ray import actor_threads

    assert actor_threads({"threads": None, "model": "m"}) == ({"threads": 1, "model": "m"}, 1)
    assert actor_threads({"threads": 4, "model": "m"}) == ({"threads": 4, "model": "m"}, 4)


# --- Outputs that collide are refused before anything is translated -------------------------------------------------

def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


NINJS = '{"uri": "x", "headline": "Kiew", "body_text": "Russland hat Kiew angegriffen."}'
COLLIDING = {  # input files → the two story names the error must give, and extra options
    "a .de tag": ({"bericht.txt": WIRE[0], "bericht.de.txt": WIRE[1]}, ("bericht.txt", "bericht.de.txt"), []),
    "formats, as JSON": ({"bericht.txt": WIRE[0], "bericht.json": NINJS}, ("bericht.txt", "bericht.json"), ["--format", "json"]),
    "formats, as XLIFF": ({"bericht.txt": WIRE[0], "bericht.json": NINJS}, ("bericht.txt", "bericht.json"), ["--xliff"]),
    "ids after cleaning": ({"feed.jsonl": '{"id": "a/b", "text": "Eins."}\n{"id": "a_b", "text": "Zwei."}\n'},
                           ("feed.jsonl:2", "feed.jsonl:1"), []),
    "a repeated id": ({"feed.jsonl": '{"id": "a1", "text": "Eins."}\n\n{"id": "a1", "text": "Zwei."}\n'},
                      ("feed.jsonl:3", "feed.jsonl:1"), []),
    "a line number and an id": ({"feed.jsonl": '{"text": "Eins."}\n{"id": "1", "text": "Zwei."}\n'},
                                ("feed.jsonl:2", "feed.jsonl:1"), []),
    "a story file and a JSON-lines story": ({"feed.jsonl": '{"id": "a1", "text": "Eins."}\n', "feed/a1.txt": WIRE[0]},
                                            ("feed.jsonl:1", "feed/a1.txt"), []),
}


@pytest.mark.parametrize("case", COLLIDING)
def test_colliding_outputs_are_refused_before_anything_is_translated(case, tmp_path, capsys):
    files, (second, first), options = COLLIDING[case]
    folder, out = _write(tmp_path / "in", files), tmp_path / "out"
    # No model is loaded: the refusal comes first (a missing model would exit 3).
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tmp_path / "no-model"), *options]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{folder / second}: " in err and str(folder / first) in err
    assert not out.exists()


def test_the_same_name_in_two_input_folders_is_refused(tmp_path, capsys):
    one, two = _write(tmp_path / "one", {"meldung.txt": WIRE[0]}), _write(tmp_path / "two", {"meldung.txt": WIRE[1]})
    assert main(["batch", str(one), str(two), "-o", str(tmp_path / "out"), "--model", str(tmp_path / "no-model")]) == 2
    err = capsys.readouterr().err
    assert str(one / "meldung.txt") in err and str(two / "meldung.txt") in err and "would overwrite" in err


def test_a_file_given_alone_and_in_its_folder_is_refused(tmp_path, capsys):
    folder = _write(tmp_path / "in", {"meldung.txt": WIRE[0]})
    assert main(["batch", str(folder), str(folder / "meldung.txt"), "-o", str(tmp_path / "out"),
                 "--model", str(tmp_path / "no-model")]) == 2
    assert "the same story as" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["in/english", "in"])
def test_an_output_directory_inside_an_input_folder_is_refused(where, tmp_path, capsys):
    folder = _write(tmp_path / "in", {"meldung.txt": WIRE[0]})
    out = tmp_path / where
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tmp_path / "no-model")]) == 2
    err = capsys.readouterr().err
    assert "is inside the input folder" in err and err.count("\n") == 1
    assert sorted(p.name for p in folder.rglob("*")) == ["meldung.txt"]


def test_an_output_that_would_overwrite_an_input_file_is_refused(tmp_path, capsys):
    folder = _write(tmp_path / "in", {"bericht.de.txt": WIRE[0], "bericht.en.txt": "Schon übersetzt."})
    assert main(["batch", str(folder / "bericht.de.txt"), str(folder / "bericht.en.txt"), "-o", str(folder),
                 "--model", str(tmp_path / "no-model")]) == 2
    assert "would overwrite an input" in capsys.readouterr().err
    assert (folder / "bericht.en.txt").read_text(encoding="utf-8") == "Schon übersetzt."


def test_distinct_names_are_not_refused(tiny_model_dir, tmp_path):
    """The same stem in two formats has two outputs in text; JSON-lines ids that stay distinct are fine."""
    folder = _write(tmp_path / "in", {"bericht.txt": WIRE[0], "bericht.json": NINJS,
                                      "feed.jsonl": '{"id": "a/b", "text": "Eins."}\n{"id": "a-b", "text": "Zwei."}\n'})
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tiny_model_dir)]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert written == ["bericht.en.json", "bericht.en.txt", "feed/a-b.en.txt", "feed/a_b.en.txt", "summary.json"]


# --- One bad story is reported and skipped; JSON lines are split on "\n" only ---------------------------------------

def test_bad_json_lines_are_reported_by_line_and_the_rest_are_translated(tiny_model_dir, tmp_path, capsys):
    lines = [
        '{"id": "gut-1", "text": "Der Kreml schweigt."}'.encode(),
        b'{"id": "kaputt-1", "text": "Stra\xdfe gesperrt."}',  # Latin-1, not UTF-8
        b'{"id": "tief", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        '{"id": "trenner", "text": "Erster Satz.\u2028Noch im Absatz.\u0085Immer noch."}'.encode(),
        b'{"id": "nul", "text": "a\\u0000b"}',
        b'{"id": "surrogat", "text": "a\\ud800b"}',
        b'["keine", "Meldung"]',
        '{"id": "gut-2", "text": "Die Luftabwehr schoss 20 Drohnen ab."}'.encode(),
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out"
    assert main(["batch", str(feed), "-o", str(out), "--model", str(tiny_model_dir)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{feed}: line 2: not valid UTF-8" in err
    deep_at = len(b'{"id": "tief", "text": ') + 64
    assert f"{feed}: line 3, column {deep_at}: nested deeper than 64 levels" in err
    assert f"{feed}: line 5, column " in err and "NUL" in err
    assert f"{feed}: line 6, column " in err and "surrogate" in err
    assert f"{feed}: line 7: expected a JSON object" in err
    translated = sorted(p.name for p in (out / "feed").iterdir())
    assert translated == ["gut-1.en.txt", "gut-2.en.txt", "trenner.en.txt"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["stories"], summary["translated"], summary["failed"]) == (8, 3, 5)
    assert "3 stories translated (0 already done, 5 failed)" in err


def test_a_line_separator_inside_a_json_string_does_not_end_the_line(tiny_model_dir, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Erster Satz.\u2028Zweiter Satz."}\n{"id": "b", "text": "Dritter\u0085Satz."}\n',
                    encoding="utf-8")
    stories = list(collect_stories([str(feed)]))
    assert [story.name for story in stories] == [f"{feed}:1", f"{feed}:2"]
    assert stories[0].read() == "Erster Satz.\u2028Zweiter Satz.".encode()


@pytest.mark.parametrize("name, content", [
    ("tief.json", b'{"headline": "x", "body_text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("latin1.txt", "Straße gesperrt.".encode("latin-1")),
    ("leer.txt", b"\n\n"),
    ("binaer.txt", b"Text\x00mehr"),
])
def test_a_bad_story_file_of_any_format_is_skipped_and_the_rest_go_on(name, content, tiny_model_dir, tmp_path, capsys):
    folder = _write(tmp_path / "in", {"meldung.txt": WIRE[0], name: content})
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--model", str(tiny_model_dir)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"newsmt: error: {folder / name}" in err
    assert (out / "meldung.en.txt").is_file()
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["failed"] == 1


# --- Outputs get the umask's permissions; stories are read when they are translated ----------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_outputs_get_the_permissions_the_umask_gives(umask, mode, tiny_model_dir, tmp_path):
    import os

    folder, out = _write(tmp_path / "in", {"meldung.txt": WIRE[0]}), tmp_path / "out"
    previous = os.umask(umask)
    try:
        run_batch(collect_stories([str(folder)]), out, translate_stories=local_engine(Translator(backend_for(tiny_model_dir)),
                  "text", True), resume=False)
    finally:
        os.umask(previous)
    for output in ("meldung.en.txt", "meldung.en.xlf", "summary.json"):
        assert (out / output).stat().st_mode & 0o777 == mode, output


def test_stories_are_read_when_they_are_translated_not_all_first(tiny_model_dir, tmp_path, monkeypatch):
    folder = _folder(tmp_path, stories=4)
    planned = list(collect_stories([str(folder)]))
    assert all(not hasattr(story, "data") for story in planned)  # the plan holds where stories are, not their text
    events: list[str] = []
    read = batch_module.StoryRef.read
    monkeypatch.setattr(batch_module.StoryRef, "read", lambda story: events.append("read") or read(story))
    backend = CountingBackend(backend_for(tiny_model_dir))
    original = backend.translate_batches
    backend.translate_batches = lambda batches, **options: events.append("translate") or original(batches, **options)
    run_batch(planned, tmp_path / "out", translate_stories=local_engine(Translator(backend), "text", False, 1),
              resume=False)
    # A group of one story at a time (sentence budget 1): each is read just before it is translated.
    assert events[:6] == ["read", "translate", "read", "translate", "read", "translate"]


def test_a_story_that_changed_after_planning_is_journaled_with_what_was_translated(tiny_model_dir, tmp_path):
    folder = _write(tmp_path / "in", {"meldung.txt": WIRE[0]})
    planned = list(collect_stories([str(folder)]))
    (folder / "meldung.txt").write_text(WIRE[1], encoding="utf-8")
    out = tmp_path / "out"
    run_batch(planned, out, translate_stories=local_engine(Translator(backend_for(tiny_model_dir)), "text", False),
              resume=False)
    (entry,) = Journal(out).done.values()
    assert entry["sha256"] == hashlib.sha256(WIRE[1].encode()).hexdigest()


def test_an_overlong_json_line_is_skipped_without_being_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "MAX_INPUT_BYTES", 100)
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Eins."}\n{"id": "lang", "text": "' + "Wort " * 100 + '"}\n'
                    '{"id": "b", "text": "Zwei."}\n', encoding="utf-8")
    planned = list(collect_stories([str(feed)]))
    assert isinstance(planned[1], InputError) and str(planned[1]).startswith(f"{feed}: line 2: longer than")
    assert [story.name for story in (planned[0], planned[2])] == [f"{feed}:1", f"{feed}:3"]
    assert planned[2].read() == "Zwei.".encode()


def test_a_json_line_that_changed_after_planning_is_reported_not_taken_for_another_story(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Eins."}\n{"id": "b", "text": "Zwei."}\n', encoding="utf-8")
    planned = list(collect_stories([str(feed)]))
    feed.write_text('{"id": "b", "text": "Zwei."}\n{"id": "a", "text": "Eins."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: changed while the job ran"):
        planned[0].read()
