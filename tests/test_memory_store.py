"""The translation memory: reuse by signature, approved translations, story versions, concurrent and killed writers."""
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from translate.kernel.document import Document, Paragraph, Segment
from translate.kernel.errors import InputError
from translate.memory import MemoryLookup, MemoryStore, TranslationMemory

TESTSETS = Path(__file__).parent / "data" / "testsets"
GERMAN = (TESTSETS / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()
ENGLISH = (TESTSETS / "newstest2019.de-en.en").read_text(encoding="utf-8").splitlines()
PAIRS = list(zip(GERMAN, ENGLISH))

OPUS = "model:Helsinki-NLP/opus-mt-de-en|rev:cc3f1b0|beam:4|glossary:news-de-en.tsv@sha256:1a2b3c4d"
OPUS_NO_GLOSSARY = "model:Helsinki-NLP/opus-mt-de-en|rev:cc3f1b0|beam:4"

# A wire story (newstest2019 lines 19-27) and the agency's update: one sentence corrected, a paragraph
# added, and the agency's note. 4 of the 12 sentences of version 2 are new.
LINZ = GERMAN[18:27]
LINZ_CORRECTED = LINZ[1].replace("14.13 Uhr", "14.15 Uhr")
LINZ_UPDATE = [
    LINZ[0],
    LINZ_CORRECTED,
    *LINZ[2:],
    GERMAN[27],
    "Verletzt wurde niemand.",
    "Dieser Bericht wurde um weitere Details ergänzt.",
]


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "newsroom.tm") as memory:
        yield memory


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_translation_is_reused_only_with_the_same_signature(memory):
    memory.store(PAIRS[:50], OPUS)
    hits = memory.lookup(GERMAN[:60], OPUS)
    assert {source: hit.target for source, hit in hits.items()} == dict(PAIRS[:50])
    assert {(hit.kind, hit.signature) for hit in hits.values()} == {("machine", OPUS)}
    # Another glossary (or model, beam, revision) may translate differently: nothing is reused.
    assert memory.lookup(GERMAN[:50], OPUS_NO_GLOSSARY) == {}


def test_the_same_sentence_means_the_same_text(memory):
    source, target = PAIRS[19]  # "Um 14.13 Uhr wurde die Berufsfeuerwehr Linz ... alarmiert."
    memory.store([(source, target)], OPUS)
    assert memory.lookup([source, source], OPUS)[source].target == target
    changed = [source.replace("14.13", "14.15"), source + " ", source.lower()]
    assert memory.lookup(changed, OPUS) == {}


def test_storing_again_replaces_the_machine_translation(memory):
    source, target = PAIRS[10]
    memory.store([(source, "an older translation")], OPUS)
    memory.store([(source, target)], OPUS)
    assert memory.lookup([source], OPUS)[source].target == target
    assert memory.stats().machine == 1


def test_an_approved_translation_wins_for_every_signature(memory):
    source, reference = PAIRS[10]
    memory.store([(source, "DFB boss Grindel sees no basis for Özil comeback")], OPUS)
    memory.store([(source, "DFB chief Grindel sees no basis for an Özil comeback")], OPUS_NO_GLOSSARY)
    memory.approve(source, reference, editor="desk-berlin")
    for signature in (OPUS, OPUS_NO_GLOSSARY, "model:another"):
        hit = memory.lookup([source], signature)[source]
        assert (hit.target, hit.kind, hit.signature, hit.editor) == (reference, "approved", None, "desk-berlin")
    memory.approve(source, "DFB chief sees no basis for Özil comeback")
    assert memory.lookup([source], OPUS)[source].target == "DFB chief sees no basis for Özil comeback"
    stats = memory.stats()
    assert (stats.machine, stats.approved, stats.signatures) == (2, 1, 2)


def test_empty_source_target_or_signature_is_a_programming_error(memory):
    with pytest.raises(ValueError):
        memory.store([(GERMAN[0], "")], OPUS)
    with pytest.raises(ValueError):
        memory.store([PAIRS[0]], "")
    assert memory.stats().machine == 0


def test_an_updated_story_reports_exactly_its_new_sentences(memory):
    first = memory.record_version("dpa:linz-brand", LINZ)
    assert (first.version, first.previous_version, first.new_sentences) == (1, None, len(LINZ))

    update = memory.record_version("dpa:linz-brand", LINZ_UPDATE)
    assert (update.version, update.previous_version) == (2, 1)
    new = [sentence for sentence, is_new in zip(LINZ_UPDATE, update.is_new) if is_new]
    assert new == [LINZ_CORRECTED, GERMAN[27], "Verletzt wurde niemand.", "Dieser Bericht wurde um weitere Details ergänzt."]
    assert update.new_sentences == len(LINZ_UPDATE) // 3
    assert update.removed == (LINZ[1],)

    again = memory.record_version("dpa:linz-brand", LINZ_UPDATE)  # a re-send of the same version
    assert (again.version, again.is_new, again.removed, again.resent) == (2, update.is_new, update.removed, True)
    assert memory.stats().story_versions == 2


def test_only_the_new_sentences_of_an_update_need_the_model(memory):
    memory.store([(source, f"translation of line {i}") for i, source in enumerate(LINZ)], OPUS)
    hits = memory.lookup(LINZ_UPDATE, OPUS)
    untranslated = [s for s in LINZ_UPDATE if s not in hits]
    memory.record_version("dpa:linz-brand", LINZ)
    diff = memory.record_version("dpa:linz-brand", LINZ_UPDATE)
    assert untranslated == [s for s, is_new in zip(LINZ_UPDATE, diff.is_new) if is_new]


def test_a_repeated_sentence_is_new_only_beyond_its_earlier_count(memory):
    credit = "Das romantische Shooting gibt's im Video:"
    memory.record_version("az:muenchnerin", [GERMAN[0], credit, GERMAN[5]])
    diff = memory.record_version("az:muenchnerin", [GERMAN[0], credit, GERMAN[5], credit])
    assert diff.is_new == (False, False, False, True)
    diff = memory.record_version("az:muenchnerin", [GERMAN[0], GERMAN[5]])
    assert diff.is_new == (False, False) and diff.removed == (credit, credit)


def test_versions_are_counted_per_story(memory):
    assert memory.record_version("story-a", GERMAN[9:12]).version == 1
    assert memory.record_version("story-b", GERMAN[9:12]).version == 1
    assert memory.record_version("story-a", GERMAN[9:13]).version == 2
    assert (memory.stats().stories, memory.stats().story_versions) == (2, 3)
    with pytest.raises(ValueError):
        memory.record_version("", GERMAN[9:12])


def test_the_memory_is_kept_in_its_file(tmp_path):
    path = tmp_path / "newsroom.tm"
    with TranslationMemory(path) as memory:
        memory.store(PAIRS[:20], OPUS)
        memory.approve(*PAIRS[0])
        memory.record_version("dpa:linz-brand", LINZ)
    with TranslationMemory(path) as memory:
        assert len(memory.lookup(GERMAN[:20], OPUS)) == 20
        assert memory.record_version("dpa:linz-brand", LINZ_UPDATE).previous_version == 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert dict(db.execute("SELECT key, value FROM newsmt_memory"))["schema_version"] == "1"


def test_a_file_that_is_not_a_memory_is_refused_in_one_line(tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("\n".join(LINZ), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE articles (id INTEGER)")
    newer = tmp_path / "newer.tm"
    TranslationMemory(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE newsmt_memory SET value = '7' WHERE key = 'schema_version'")
    for path, reason in [
        (text, "not a newsmt translation memory"),
        (other, "not a newsmt translation memory"),
        (newer, "translation memory schema version 7 is newer than this newsmt reads (1)"),
        (tmp_path, "cannot open translation memory"),
        (tmp_path / "missing-dir" / "x.tm", "cannot open translation memory"),
    ]:
        with pytest.raises(InputError) as caught:
            TranslationMemory(path)
        assert str(caught.value).startswith(f"{path}: {reason}")
        assert "\n" not in str(caught.value)
    assert text.read_text(encoding="utf-8") == "\n".join(LINZ)  # left as it was


def test_threads_share_one_memory(tmp_path):
    path = tmp_path / "newsroom.tm"
    errors = []
    with TranslationMemory(path) as memory:

        def work(part: int):
            try:
                pairs = PAIRS[part * 100 : (part + 1) * 100]
                for start in range(0, 100, 10):
                    memory.store(pairs[start : start + 10], OPUS)
                    memory.lookup([s for s, _ in pairs[: start + 10]], OPUS)
                    memory.approve(*pairs[start])
                memory.record_version("shared-story", [s for s, _ in pairs])
            except Exception as err:  # noqa: BLE001 - reported to the test below
                errors.append(err)

        threads = [threading.Thread(target=work, args=(part,)) for part in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(memory.lookup(GERMAN[:400], OPUS)) == len(set(GERMAN[:400]))
        stats = memory.stats()
        approved = {PAIRS[part * 100 + start][0] for part in range(4) for start in range(0, 100, 10)}
        assert (stats.approved, stats.story_versions) == (len(approved), 4)
    assert integrity(path) == "ok"


def _write_from_process(path: str, part: int) -> None:
    with TranslationMemory(path, timeout=60) as memory:
        pairs = PAIRS[part * 300 : (part + 1) * 300]
        for start in range(0, len(pairs), 5):  # many short transactions, to interleave with the others
            memory.store(pairs[start : start + 5], OPUS)
            memory.record_version("shared-story", [s for s, _ in pairs[: start + 5]])


def test_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "newsroom.tm"
    TranslationMemory(path).close()
    context = multiprocessing.get_context("fork")  # each child opens its own connection
    processes = [context.Process(target=_write_from_process, args=(str(path), part)) for part in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    assert [p.exitcode for p in processes] == [0, 0, 0]
    assert integrity(path) == "ok"
    assert count(path, "machine_translations") == len(set(GERMAN[:900]))
    with sqlite3.connect(path) as db:
        versions = [v for (v,) in db.execute("SELECT version FROM story_versions ORDER BY version")]
    assert versions == list(range(1, 3 * 60 + 1))  # each read-and-append was one transaction


KILLED_WRITER = """
import sys
from pathlib import Path
from translate.memory import TranslationMemory
german = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()[:200]
memory = TranslationMemory(sys.argv[1])
batch = 0
while True:
    memory.store([(f"{line} [{batch}]", f"translation {batch}") for line in german], "sig")
    batch += 1
    print(batch, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_an_intact_memory(tmp_path):
    path = tmp_path / "newsroom.tm"
    root = Path(__file__).resolve().parents[1]
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path), str(TESTSETS / "newstest2019.de-en.de")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    committed = 0
    try:
        while committed < 5:  # it keeps writing while the signal is on its way
            committed = int(writer.stdout.readline())
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    with TranslationMemory(path) as memory:  # opens, recovering from the write-ahead log
        assert memory.stats().machine >= committed * len(set(GERMAN[:200]))
    assert integrity(path) == "ok"


def test_pipeline_components_reuse_and_remember(memory):
    memory.store(PAIRS[18:21], OPUS)
    memory.approve(GERMAN[21], ENGLISH[21], editor="desk-linz")
    segments = [Segment(source) for source in GERMAN[18:24]]
    documents = [Document([Paragraph(s.source, [s]) for s in segments])]

    MemoryLookup(memory, OPUS)(documents)
    assert [s.memory for s in segments] == ["machine"] * 3 + ["approved", None, None]
    assert [s.target for s in segments[:4]] == ENGLISH[18:22]
    assert segments[4].to_json()["memory"] is None and segments[0].to_json()["memory"] == "machine"

    for segment in segments[4:]:  # what the model stage would do with the rest
        segment.target = f"model output for: {segment.source}"
    MemoryStore(memory, OPUS)(documents)
    stored = memory.lookup(GERMAN[18:24], OPUS)
    assert {s: stored[s].kind for s in GERMAN[22:24]} == {GERMAN[22]: "machine", GERMAN[23]: "machine"}
    assert stored[GERMAN[21]].kind == "approved"  # an approved sentence is not stored as machine output
    assert memory.stats().machine == 5


def test_targets_are_stored_and_read_on_one_line(memory):
    memory.store([(GERMAN[0], "First line.\n\nSecond\tline.\u2028 ")], OPUS)
    memory.approve(GERMAN[1], "  An editor's\r\n\r\ntext. ")
    hits = memory.lookup(GERMAN[:2], OPUS)
    assert hits[GERMAN[0]].target == "First line. Second line."
    assert hits[GERMAN[1]].target == "An editor's text."
    assert {entry.target for entry in memory.entries()} == {"First line. Second line.", "An editor's text."}


def test_a_blank_approved_translation_is_refused(memory):
    for target in (" \n\n ", "\u200b", "\u00ad\ufeff "):
        with pytest.raises(InputError, match="not blank ones"):
            memory.approve(GERMAN[0], target)
    assert memory.stats().approved == 0


def test_a_missing_memory_is_not_created_when_only_reading(tmp_path):
    with pytest.raises(InputError, match=r"missing.tm: no such translation memory"):
        TranslationMemory(tmp_path / "missing.tm", create=False)
    assert not (tmp_path / "missing.tm").exists()


def test_the_pipeline_does_not_keep_a_translation_that_shows_nothing(memory):
    segments = [Segment(source) for source in GERMAN[:3]]
    for segment, target in zip(segments, [" ", "\u200b\n", "A translation."]):
        segment.target = target  # a model can write nothing but white space
    MemoryStore(memory, OPUS)([Document([Paragraph(s.source, [s]) for s in segments])])
    assert [entry.target for entry in memory.entries()] == ["A translation."]
