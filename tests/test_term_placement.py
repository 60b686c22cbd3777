"""The placement measure's verdicts on real German news sentences and hand-written outputs (no model)."""
import pytest
from term_placement import classify, expected_copy

from translate.kernel.document import TermMatch

SOURCE = "Der ukrainische Präsident Selenskyj hat die Partner um weitere Flugabwehr gebeten."
TERM = TermMatch("Selenskyj", "Zelensky", 26, 35)


def test_expected_copy_replaces_every_span():
    terms = [TERM, TermMatch("Flugabwehr", "air defense", 63, 73)]
    assert SOURCE[63:73] == "Flugabwehr"
    assert expected_copy(SOURCE, terms) == "Der ukrainische Präsident Zelensky hat die Partner um weitere air defense gebeten."


@pytest.mark.parametrize(
    "output, verdict",
    [
        ("Der ukrainische Präsident Zelensky hat die Partner um weitere Flugabwehr gebeten.", "in place"),
        ("Der ukrainische Präsident Selenskyj hat die Partner um weitere Flugabwehr gebeten Zelensky.", "duplicated"),
        ("Der ukrainische Präsident hat die Partner um weitere Flugabwehr gebeten Zelensky.", "appended"),
        ("Der ukrainische Zelensky Präsident hat die Partner um weitere Flugabwehr gebeten.", "misplaced"),
        ("Der ukrainische Präsident hat die Partner um weitere Flugabwehr gebeten.", "missing"),
        ("Der ukrainische Präsident Zelenskyx hat die Partner gebeten.", "missing"),  # glued: not the term
    ],
)
def test_verdicts_on_a_copy_model(output, verdict):
    assert classify(SOURCE, TERM, output, expected_copy(SOURCE, [TERM])) == verdict


@pytest.mark.parametrize(
    "output, verdict",
    [
        ("Ukrainian President Zelensky asked the partners for more air defence.", "in place"),
        ("Ukrainian President Selenskyj asked the partners for more air defence Zelensky.", "duplicated"),
        ("Ukrainian President asked the partners for more air defence, Zelensky.", "appended"),
        ("Ukrainian President Volodymyr Selensky asked the partners for more air defence.", "missing"),
    ],
)
def test_verdicts_without_an_expected_output(output, verdict):
    assert classify(SOURCE, TERM, output) == verdict


def test_a_term_that_ends_the_german_sentence_may_end_the_english_one():
    source = "Das sagte Selenskyj."
    term = TermMatch("Selenskyj", "Zelensky", 10, 19)
    assert classify(source, term, "So said Zelensky.") == "in place"
