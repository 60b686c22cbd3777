"""Each check on hand-written German news sentences and translations, good and bad."""
import pytest

from eval.checks import CHECKS, run_checks
from eval.checks.repetition import longest_loop
from translate.kernel.document import TermMatch


def codes(flags):
    return [flag.code for flag in flags]


def check(code, source, target, terms=()):
    return CHECKS[code].run(source, target, terms)


# empty

def test_empty_output_for_a_real_sentence_is_an_error():
    (flag,) = check("empty", "Die Polizei ermittelt.", "  ")
    assert (flag.code, flag.severity) == ("empty", "error")


def test_empty_source_and_output_is_fine():
    assert check("empty", "", "") == []


def test_run_checks_reports_an_empty_output_alone():
    assert codes(run_checks("Um 14.13 Uhr brannte die Hütte von Herrn Grindel.", "")) == ["empty"]


# untranslated

GERMAN = "Die Berufsfeuerwehr rückte aus und fand beim Eintreffen die Hütte in Vollbrand vor."


def test_a_copied_source_is_an_error():
    (flag,) = check("untranslated", GERMAN, GERMAN)
    assert flag.severity == "error"
    assert "copied" in flag.message


def test_a_largely_german_output_is_flagged():
    (flag,) = check("untranslated", GERMAN, "The minister said, dass die Regierung die Steuern nicht erhöhen wird.")
    assert "looks German" in flag.message


@pytest.mark.parametrize(
    "target",
    [
        "The professional fire brigade moved out and found the hut in full fire when it arrived.",
        "Mesut Özil was born in Gelsenkirchen.",  # German names do not make English German
        "ASG: Buschkötter, Bolte - Bruland (2), Pump, Exner, Klement (5)",  # a line-up has no language
    ],
)
def test_english_output_is_not_flagged(target):
    assert check("untranslated", GERMAN, target) == []


def test_a_name_only_line_may_stay_as_it_is():
    assert check("untranslated", "Bruchsal.", "Bruchsal.") == []


# repetition

def test_a_word_loop_is_flagged():
    (flag,) = check("repetition", "Die Polizei sperrte die Straße.", "The police closed the road the road the road the road.")
    assert flag.message == 'the output repeats "the road" 4 times in a row'


def test_a_sentence_written_twice_is_flagged():
    target = "The police closed the road on Monday. The police closed the road on Monday."
    assert codes(check("repetition", "Die Polizei sperrte am Montag die Straße.", target)) == ["repetition"]


def test_a_short_sentence_said_twice_is_flagged():
    assert codes(check("repetition", "Die Autos prallten zusammen.", "The cars collided. The cars collided.")) == ["repetition"]


def test_a_small_repeat_in_the_source_does_not_excuse_a_doubled_output():
    source = "Von az, aktualisiert am 04.05.2018 um 11:11"  # "11:11" repeats a word
    target = "By az, updated on 04.05.2018 at 11:11 By az, updated on 04.05.2018 at 11:11"
    assert codes(check("repetition", source, target)) == ["repetition"]


def test_natural_doubling_is_not_a_loop():
    assert check("repetition", "Das war sehr, sehr knapp.", "That was very, very close.") == []


def test_a_repetition_the_source_has_is_not_a_loop():
    assert check("repetition", "Nein, nein, nein, sagte der Trainer.", "No, no, no, said the coach.") == []


def test_longest_loop_prefers_the_repeat_covering_most_words():
    loop = longest_loop("and the city and the city and the city")
    assert (loop.words, loop.times) == (("and", "the", "city"), 3)


# length-ratio

LONG_SOURCE = "Die Bundesregierung hat am Mittwoch ein umfangreiches Paket zur Entlastung der Bürger beschlossen."


def test_an_output_much_shorter_than_its_source_is_flagged():
    (flag,) = check("length-ratio", LONG_SOURCE, "The government decided.")
    assert "short" in flag.message


def test_an_output_much_longer_than_its_source_is_flagged():
    target = "The government adopted a package. " * 4
    assert "long" in check("length-ratio", "Die Regierung beschloss ein Paket.", target)[0].message


def test_a_normal_translation_and_a_short_line_pass():
    assert check("length-ratio", LONG_SOURCE, "On Wednesday, the federal government adopted an extensive package to relieve citizens.") == []
    assert check("length-ratio", "Okay?", "All right?") == []  # twice the characters, but few of them


# missing-name

GRINDEL = "DFB-Präsident Reinhard Grindel sieht keine Grundlage für eine Rückkehr von Mesut Özil."


def test_a_dropped_name_is_flagged_with_its_span():
    (flag,) = check("missing-name", GRINDEL, "DFB President Reinhard Grindel sees no basis for Özil's return.")
    assert flag.message == 'the name "Mesut" is not in the output'
    assert GRINDEL[flag.span[0] : flag.span[1]] == "Mesut"


def test_adjacent_missing_names_are_one_flag():
    flags = check("missing-name", GRINDEL, "The DFB president sees no basis for Mesut Özil's return.")
    assert [f.message for f in flags] == ['the name "Reinhard Grindel" is not in the output']


@pytest.mark.parametrize(
    "source, target",
    [
        (GRINDEL, "DFB President Reinhard Grindel sees no basis for a return of Mesut Ozil."),  # accents
        ("Özils Rücktritt hat die Debatte neu entfacht.", "Özil's resignation has reignited the debate."),  # genitive
        ("Die Spieler kehrten nach Deutschland zurück.", "The players returned to Germany."),  # CLDR country name
        ("Angela Merkel reiste am Montag nach München.", "Angela Merkel travelled to Munich on Monday."),  # exonym
        ("Die USA und Mexiko einigten sich im August.", "The U.S. and Mexico agreed in August."),  # acronym
        ("Die Feuerwehr löschte den Brand in der Gartenhütte.", "The fire brigade put out the fire in the garden shed."),
    ],
)
def test_names_in_their_english_form_and_common_nouns_pass(source, target):
    assert check("missing-name", source, target) == []


def test_a_name_covered_by_a_glossary_term_is_left_to_missing_term():
    source = "Präsident Selensky besuchte am Dienstag die Front."
    term = TermMatch("Selensky", "Zelensky", 10, 18)
    assert check("missing-name", source, "The president visited the front on Tuesday.", [term]) == []
    assert codes(check("missing-name", source, "The president visited the front on Tuesday.")) == ["missing-name"]


# missing-term

SELENSKY = "Präsident Selensky besuchte am Dienstag die Front."
SELENSKY_TERM = TermMatch("Selensky", "Zelensky", 10, 18)


def test_a_term_whose_target_is_missing_is_an_error_with_its_span():
    (flag,) = check("missing-term", SELENSKY, "President Selensky visited the front on Tuesday.", [SELENSKY_TERM])
    assert (flag.severity, flag.span) == ("error", (10, 18))
    assert flag.message == 'glossary term "Selensky" must be rendered "Zelensky"'


def test_a_term_present_also_as_plural_or_possessive_passes():
    assert check("missing-term", SELENSKY, "Zelensky's visit to the front.", [SELENSKY_TERM]) == []
    missiles = TermMatch("Kurzstreckenraketen", "short-range missile", 4, 23)
    assert check("missing-term", "Die Kurzstreckenraketen flogen.", "The short-range missiles flew.", [missiles]) == []


# unbalanced-quotes

@pytest.mark.parametrize(
    "source, target",
    [
        ("„Wir schaffen das“, sagte Merkel.", '"We can do it," said Merkel.'),
        ("»Das ist ein Skandal«, sagte er.", "“That is a scandal,” he said."),
        ("Der Verein (gegründet 1900) feiert.", "The club (founded 1900) is celebrating."),
        # The quote goes on in the next sentence: the source is no yardstick.
        ("„Ich hätte mich gefreut, wenn er weiter gespielt hätte.", '"I would have been happy if he had kept playing.'),
    ],
)
def test_paired_or_unjudgeable_marks_pass(source, target):
    assert check("unbalanced-quotes", source, target) == []


def test_a_dropped_quotation_mark_is_flagged():
    (flag,) = check("unbalanced-quotes", "„Wir schaffen das“, sagte Merkel.", '"We can do it, said Merkel.')
    assert "quotation mark" in flag.message and flag.severity == "warning"


def test_a_dropped_bracket_is_flagged():
    (flag,) = check("unbalanced-quotes", "Der Verein (gegründet 1900) feiert.", "The club (founded 1900 is celebrating.")
    assert "bracket" in flag.message


# truncated

@pytest.mark.parametrize(
    "source, target",
    [
        ("Die Polizei ermittelt wegen fahrlässiger Tötung.", "The police are investigating for negligent"),
        ("„Das ist gut.“", '"That is'),
        ("Was ist Österreich?", "What is"),
    ],
)
def test_an_output_that_stops_mid_sentence_is_flagged(source, target):
    (flag,) = check("truncated", source, target)
    assert flag.code == "truncated"


@pytest.mark.parametrize(
    "source, target",
    [
        ("Die Polizei ermittelt wegen fahrlässiger Tötung.", "The police are investigating negligent homicide."),
        ("„Das ist gut.“", '"That is good."'),
        ("Was ist Österreich?", "What is Austria?"),
        ("Linz: Gartenhütte in Schrebergartensiedlung brannte", "Linz: Garden hut burnt"),  # a headline
    ],
)
def test_a_finished_output_or_an_unfinished_source_passes(source, target):
    assert check("truncated", source, target) == []


# all together

def test_run_checks_puts_errors_first_and_passes_a_good_translation():
    source = "Trainer Joachim Löw nominierte am 3. Oktober 23 Spieler."
    assert run_checks(source, "Coach Joachim Löw nominated 23 players on October 3.") == []
    flags = run_checks(source, "Coach Löw nominated 32 players", [TermMatch("Trainer", "head coach", 0, 7)])
    assert codes(flags)[0] == "missing-term"
    assert set(codes(flags)) == {"missing-term", "number-mismatch", "missing-name", "length-ratio", "truncated"}
    assert [f.message for f in flags if f.code == "number-mismatch"] == [
        f'"{number}" is not in the output (the output has "32")' for number in ("3", "Oktober", "23")
    ]


def test_the_empty_check_runs_once(monkeypatch):
    from eval.checks import CHECKS

    calls = []
    original = type(CHECKS["empty"]).run
    monkeypatch.setattr(type(CHECKS["empty"]), "run", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    run_checks("Der Kreml schweigt.", "The Kremlin is silent.")
    assert len(calls) == 1
