"""The part-of-speech tags the missing-name check needs are kept between runs: a later run reads them."""
from __future__ import annotations

import threading

from eval.checks.tag_store import TagStore

SENTENCE = "Bundeskanzler Scholz traf in Berlin den französischen Präsidenten Macron .".split()


class CountingTagger:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, tokens):
        self.calls += 1
        return ["NE" if token[0].isupper() else "ADJA" for token in tokens]


def test_tags_are_computed_once_and_read_back_by_a_later_run(tmp_path):
    path = tmp_path / "tags.sqlite"
    tagger = CountingTagger()
    first = TagStore(path)
    tags = first.tags(SENTENCE, tagger)
    assert first.tags(SENTENCE, tagger) == tags and tagger.calls == 1
    first.flush()
    later_run = TagStore(path)
    assert later_run.tags(SENTENCE, tagger) == tags and tagger.calls == 1
    assert later_run.tags(["Essen", "ist", "fertig"], tagger) and tagger.calls == 2


def test_tags_not_yet_flushed_are_lost_without_harm(tmp_path):
    tagger = CountingTagger()
    TagStore(tmp_path / "tags.sqlite").tags(SENTENCE, tagger)
    assert TagStore(tmp_path / "tags.sqlite").tags(SENTENCE, tagger) and tagger.calls == 2


def test_an_unwritable_cache_still_tags(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = TagStore(blocker / "tags.sqlite")
    tagger = CountingTagger()
    assert store.tags(SENTENCE, tagger) == tagger(SENTENCE)
    store.flush()


def test_threads_share_one_store(tmp_path):
    store, tagger = TagStore(tmp_path / "tags.sqlite"), CountingTagger()
    sentences = [[f"Wort{i}", "und", f"Name{j}"] for i in range(20) for j in range(20)]
    results: list[list[str]] = []

    def work():
        results.extend(store.tags(tokens, tagger) for tokens in sentences)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.flush()
    assert len(results) == 4 * len(sentences) and all(len(tags) == 3 for tags in results)
    reread = TagStore(tmp_path / "tags.sqlite")
    before = tagger.calls
    assert [reread.tags(tokens, tagger) for tokens in sentences] == [tagger(tokens) for tokens in sentences]
    assert tagger.calls == before + len(sentences)  # only the direct calls above: every sentence was read back
