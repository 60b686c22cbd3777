"""The checks against real translations and their own corruptions: the numbers README reports.

Each check must catch at least 95% of the damage it exists for (over the lines the damage applies
to) while flagging at most 5% of the real opus-mt output of WMT newstest2019.
"""
import pytest

from eval.checks import CHECKS
from eval.checks.length_ratio import LONGEST_RATIO, SHORTEST_RATIO
from eval.checks.terms import term_matcher

from corrupt import CORRUPTIONS
from measure_checks import (
    MT_SYSTEM,
    corruption_catches,
    flagged_lines,
    length_ratio_quantiles,
    name_coverage,
    newstest,
    term_catch,
)

MIN_CAUGHT = 0.95
MAX_CLEAN_FLAGGED = 0.05


@pytest.fixture(scope="module")
def newstest2019():
    sources, outputs = newstest(2019, "de"), newstest(2019, f"{MT_SYSTEM}.en")
    flagged = flagged_lines(sources, outputs, term_matcher())
    catches = {c.check: c for c in corruption_catches(sources, outputs, flagged)}
    catches["missing-term"] = term_catch()
    return sources, outputs, flagged, catches


def test_every_check_has_a_corruption_to_catch():
    assert {c.check for c in CORRUPTIONS} | {"missing-term"} == set(CHECKS)


@pytest.mark.parametrize("code", list(CHECKS))
def test_check_catches_its_own_corruption(newstest2019, code):
    catch = newstest2019[3][code]
    assert catch.applicable >= 100, f"{catch.corruption}: too few lines to measure"
    assert catch.recall >= MIN_CAUGHT, f"{code} caught {catch.caught} of {catch.applicable} ({catch.corruption})"


@pytest.mark.parametrize("code", list(CHECKS))
def test_check_flags_few_clean_lines(newstest2019, code):
    catch = newstest2019[3][code]
    assert catch.clean_rate <= MAX_CLEAN_FLAGGED, f"{code} flags {catch.clean_flagged} of {catch.clean_total} clean lines"


def test_all_checks_together_flag_few_clean_lines(newstest2019):
    sources, _, flagged, _ = newstest2019
    assert len(set().union(*flagged.values())) <= 0.06 * len(sources)


def test_known_real_errors_of_the_mt_output_are_flagged(newstest2019):
    _, outputs, flagged, _ = newstest2019
    # Line 1107 is a hallucinated Wikipedia footer for a football report.
    assert outputs[1107].startswith("==References==")
    assert 1107 in flagged["repetition"] and 1107 in flagged["truncated"] and 1107 in flagged["missing-name"]


def test_missing_name_watches_most_names(newstest2019):
    # The name corruption drops only names the check watches; this keeps the watched share honest.
    sources, outputs, _, _ = newstest2019
    watched, total = name_coverage(sources, outputs, newstest(2019, "en"))
    assert watched >= 0.8 * total


def test_corruptions_are_deterministic():
    source, output = "Am 3. Oktober 2024 kamen 60.000 Fans.", "On 3 October 2024, 60,000 fans came."
    for corruption in CORRUPTIONS:
        assert corruption.apply(7, source, output) == corruption.apply(7, source, output)


def test_length_ratio_bounds_are_the_reference_quantiles():
    assert length_ratio_quantiles() == pytest.approx((SHORTEST_RATIO, LONGEST_RATIO), abs=0.006)
