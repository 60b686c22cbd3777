"""`newsmt batch`: a folder of agency formats in one run, a job killed mid-way resumed without translating a
finished story twice, failures reported and skipped, and Ray giving the same files as the local engine."""
from __future__ import annotations

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
    assert f"{folder / 'kaputt.xml'}: line 1" in err and f"{folder / 'stories.jsonl'}: line 2: malformed JSON" in err
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
