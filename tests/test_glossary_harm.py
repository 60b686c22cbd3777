"""benchmarks/glossary_harm.py: what it counts (on hand-made pairs), and the shape and counts of its report on the
tiny model in quick mode (and on the copy model, which trains: slow). Never its figures: those are measured."""
from __future__ import annotations

import pytest

from glossaries import load_glossaries, match_terms
from translate.kernel.document import TermMatch

from glossary_harm import FLAG_CODES, SETS, SentencePair, measure, to_markdown

SOURCE = "Der Kreml schweigt."
KREML = TermMatch("Kreml", "Kremlin", 4, 9)


def pair(without: str, with_terms: str, *, flags_without=(), flags_with=()) -> SentencePair:
    return SentencePair("news", 1, SOURCE, without, with_terms, [KREML], ["injected"], set(flags_without), set(flags_with))


def test_longer_means_more_than_the_terms_words_and_three_more():
    # Without: 3 words; the term adds 1; 3 more are allowed: 7 words pass, 8 do not.
    assert not pair("Der Kreml schweigt.", "Der Kremlin schweigt heute am Abend wieder.").longer
    assert pair("Der Kreml schweigt.", "Der Kremlin schweigt heute am Abend wieder lange.").longer


def test_new_flags_are_those_only_the_glossary_run_has():
    assert pair("x", "y", flags_without={"repetition"}, flags_with={"repetition", "truncated"}).new_flags == {"truncated"}
    assert pair("x", "y", flags_with={"length-ratio"}, flags_without={"length-ratio"}).new_flags == set()


def test_copyable_means_the_model_copied_the_sentence_exactly_without_the_glossary():
    assert pair(SOURCE, "Der Kremlin schweigt.").copyable
    assert not pair("Der Kreml schweigt", "Der Kremlin schweigt.").copyable


def _check_shape(report: dict, backends: tuple[str, ...], lines: int) -> None:
    assert [run["backend"] for run in report["backends"]] == list(backends)
    glossary = load_glossaries([])
    for run in report["backends"]:
        assert f"|backend:{run['backend']}|" in run["signature"]
        assert list(run["sets"]) == list(SETS)
        for name, summary in run["sets"].items():
            assert summary["lines"] == lines
            assert 0 <= summary["longer_with_glossary"] <= summary["sentences_with_terms"] <= summary["terms"]
            assert set(summary["new_flags"]) == set(FLAG_CODES)
            assert all(0 <= n <= summary["sentences_with_terms"] for n in summary["new_flags"].values())
            assert sum(summary["placements"].values()) == summary["terms"]
        news = run["sets"]["news"]  # every news line has glossary terms (the suite's own test says so)
        assert news["sentences_with_terms"] >= lines
        from eval.suite import find_suite, load_suite

        sources = load_suite(find_suite("news")).testsets[0].sources[:lines]
        assert news["terms"] == sum(len(match_terms(s, glossary)) for s in sources)
        total = run["total"]
        for key in ("lines", "sentences_with_terms", "terms", "longer_with_glossary"):
            assert total[key] == sum(s[key] for s in run["sets"].values())


@pytest.mark.slow
def test_quick_report_on_the_tiny_model_has_the_right_shape_and_counts(tiny_model_dir):
    report = measure(str(tiny_model_dir), backends=("transformers", "ctranslate2"), lines=3)
    assert report["copy_model"] is False
    _check_shape(report, ("transformers", "ctranslate2"), 3)
    for run in report["backends"]:  # not a copy model: nothing is "copyable"
        assert run["total"]["copyable_sentences"] is None and run["total"]["copyable_in_place_rate"] is None
    markdown = to_markdown(report)
    assert "| backend | set | lines | sentences with terms | terms | longer with glossary | new repetition " in markdown
    table = [line for line in markdown.splitlines() if line.startswith(("| transformers", "| ctranslate2"))]
    assert len(table) == 2 * (len(SETS) + 1) and all(line.endswith("| n/a (not a copy model) |") for line in table)


@pytest.mark.slow
def test_on_the_copy_model_the_copyable_sentences_are_counted(copy_model_dir):
    report = measure(str(copy_model_dir), backends=("ctranslate2",), lines=6)
    assert report["copy_model"] is True
    _check_shape(report, ("ctranslate2",), 6)
    total = report["backends"][0]["total"]
    assert 0 < total["copyable_sentences"] <= total["sentences_with_terms"]
    assert 0 < total["copyable_in_place"] <= total["copyable_terms"] <= total["terms"]
    all_row = next(line for line in to_markdown(report).splitlines() if line.startswith("| ctranslate2 | **all** |"))
    assert all_row.endswith(f"| {total['copyable_in_place']}/{total['copyable_terms']} "
                            f"({100 * total['copyable_in_place_rate']:.1f}%) in {total['copyable_sentences']} sentences |")
