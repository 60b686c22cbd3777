"""Reading numbers from German and English news text, and the number-mismatch check built on it."""
from decimal import Decimal

import pytest

from eval.checks.number_mismatch import NumberMismatch
from eval.checks.numbers import (
    ClockTime,
    Month,
    NumberMention,
    Score,
    english_decimal,
    english_numbers,
    german_decimal,
    german_numbers,
    unmatched_mentions,
)


def values(mentions):
    return [set(m.values) for m in mentions]


@pytest.mark.parametrize(
    "text, value",
    [("3,5", "3.5"), ("1.000", "1000"), ("1.234.567", "1234567"), ("1.000,50", "1000.5"), ("10 000", "10000"), ("42", "42")],
)
def test_german_decimal_reads_comma_and_thousands_point(text, value):
    assert german_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text, value", [("3.5", "3.5"), ("1,000", "1000"), ("2,500,000.75", "2500000.75")])
def test_english_decimal_reads_point_and_thousands_comma(text, value):
    assert english_decimal(text) == Decimal(value)


def test_german_notation_and_scale_words():
    mentions = german_numbers("Die Regierung stellt 2,5 Milliarden Euro und weitere 1.000 Stellen bereit.")
    assert [m.text for m in mentions] == ["2,5 Milliarden", "1.000"]
    assert values(mentions) == [{Decimal("2500000000")}, {Decimal(1000)}]


def test_german_billion_is_english_trillion():
    assert values(german_numbers("Die Schulden betragen 2 Billionen Euro.")) == [{Decimal(2 * 10**12)}]
    assert Decimal(2 * 10**12) in english_numbers("Debt amounts to 2 trillion euros.")[0].values


def test_a_lone_million_is_one_million_but_millions_are_vague():
    assert values(german_numbers("Der Verein erhielt eine Million Euro.")) == [{Decimal(10**6)}]
    assert german_numbers("Millionen Menschen sahen das Spiel.") == []


def test_spans_point_into_the_sentence():
    sentence = "Der Preis stieg um 3,5 Prozent."
    (mention,) = german_numbers(sentence)
    assert sentence[mention.span[0] : mention.span[1]] == "3,5"


def test_german_date_is_read_as_day_month_and_year():
    assert values(german_numbers("Die Wahl findet am 3. Oktober 2024 statt.")) == [{Decimal(3)}, {Month(10)}, {Decimal(2024)}]
    assert values(german_numbers("aktualisiert am 04.05.2018")) == [{Decimal(4)}, {Month(5)}, {Decimal(2018)}]


def test_english_dates_in_every_order_read_the_same_parts():
    for text in ("on October 3, 2024", "on 3 October 2024", "on Oct. 3rd, 2024"):
        readings = set().union(*(m.values for m in english_numbers(text)))
        assert {Decimal(3), Month(10), Decimal(2024)} <= readings, text


def test_german_times_with_uhr():
    assert values(german_numbers("Um 14.13 Uhr wurde die Feuerwehr alarmiert.")) == [{ClockTime(14, 13)}]
    assert values(german_numbers("Der Anpfiff ist um 20 Uhr.")) == [{ClockTime(20, 0)}]


@pytest.mark.parametrize("text", ["at 2.13 p.m.", "at 2:13 pm", "at 14:13", "at 14.13"])
def test_english_times_offer_the_24_hour_reading(text):
    assert any(ClockTime(14, 13) in m.values for m in english_numbers(text))


def test_a_colon_without_uhr_is_a_score_or_a_time():
    (mention,) = german_numbers("Bayern gewann 3:1 gegen Dortmund.")
    assert mention.values == {Score(3, 1)}
    (mention,) = german_numbers("Der Zug fuhr um 11:11 ab.")
    assert mention.values == {Score(11, 11), ClockTime(11, 11)}


def test_number_words_but_not_the_article():
    assert values(german_numbers("Drei Menschen wurden verletzt, zwei davon schwer.")) == [{Decimal(3)}, {Decimal(2)}]
    assert german_numbers("Ein Mann und eine Frau wurden verletzt.") == []
    assert values(german_numbers("Er wurde zum zweiten Mal gewählt.")) == [{Decimal(2)}]
    assert values(german_numbers("Es waren dreiundzwanzig Teilnehmer.")) == [{Decimal(23)}]


def test_a_capitalised_number_word_mid_sentence_is_a_noun():
    assert german_numbers("Die deutsche Elf verlor in Mexiko.") == []


def test_english_number_words_and_ordinals():
    assert values(english_numbers("twenty-three people")) == [{Decimal(23)}]
    assert values(english_numbers("the third attempt")) == [{Decimal(3)}]
    assert values(english_numbers("two and a half million")) == [{Decimal(2500000)}]


def test_english_m_may_be_million_or_metres():
    assert english_numbers("$5m")[0].values == {Decimal(5), Decimal(5000000)}


def test_decades():
    (mention,) = german_numbers("in den 90er Jahren")
    assert mention.values & english_numbers("in the 1990s")[0].values


def test_unmatched_mentions_finds_a_pairing_when_a_greedy_one_fails():
    either = NumberMention("x", (0, 1), frozenset({Decimal(1), Decimal(2)}))
    only_one = NumberMention("y", (2, 3), frozenset({Decimal(1)}))
    one = NumberMention("1", (0, 1), frozenset({Decimal(1)}))
    two = NumberMention("2", (2, 3), frozenset({Decimal(2)}))
    assert unmatched_mentions([either, only_one], [one, two]) == []
    assert unmatched_mentions([only_one, only_one], [one]) == [only_one]


CHECK = NumberMismatch()

AGREEING = [
    ("Die Regierung stellt 2,5 Milliarden Euro bereit.", "The government is providing 2.5 billion euros."),
    ("Die Regierung stellt 2,5 Milliarden Euro bereit.", "The government is providing €2,500 million."),
    ("Rund 60.000 Zuschauer kamen ins Stadion.", "Around 60,000 spectators came to the stadium."),
    ("Die Arbeitslosenquote sank auf 5 Prozent.", "The unemployment rate fell to 5%."),
    ("Die Arbeitslosenquote sank auf 5,3 Prozent.", "The unemployment rate fell to 5.3 per cent."),
    ("Die Wahl findet am 3. Oktober 2024 statt.", "The election will take place on October 3, 2024."),
    ("Die Wahl findet am 3. Oktober 2024 statt.", "The election will take place on 3 October 2024."),
    ("Von az, aktualisiert am 04.05.2018 um 11:11", "By az, updated on May 4, 2018 at 11:11"),
    ("Von az, aktualisiert am 04.05.2018 um 11:11", "By az, updated on 04.05.2018 at 11:11"),
    ("Um 14.13 Uhr wurde die Berufsfeuerwehr Linz alarmiert.", "At 2.13 p.m., the fire brigade in Linz was alerted."),
    ("Um 14.13 Uhr wurde die Berufsfeuerwehr Linz alarmiert.", "At 14:13, the fire brigade in Linz was alerted."),
    ("Der Anpfiff ist um 15 Uhr.", "Kick-off is at 3pm."),
    ("Kerber belegte im Finale den 3. Platz.", "Kerber finished 3rd in the final."),
    ("Kerber belegte im Finale den 3. Platz.", "Kerber finished third in the final."),
    ("Drei Menschen wurden bei dem Unfall verletzt.", "Three people were injured in the accident."),
    ("Drei Menschen wurden bei dem Unfall verletzt.", "3 people were injured in the accident."),
    ("Bayern gewann 3:1 gegen Dortmund.", "Bayern won 3-1 against Dortmund."),
    ("Der 29-Jährige hatte im Juli seinen Rücktritt erklärt.", "The 29-year-old had announced his resignation in July."),
    ("Die Stadt hat 1,5 Millionen Einwohner.", "The city has 1,500,000 inhabitants."),
    ("Ein Mann wurde festgenommen.", "A man was arrested."),
]


@pytest.mark.parametrize("source, target", AGREEING)
def test_same_numbers_in_other_notation_pass(source, target):
    assert CHECK.run(source, target) == []


DISAGREEING = [
    ("Die Regierung stellt 2,5 Milliarden Euro bereit.", "The government is providing 2.5 million euros.", "2,5 Milliarden"),
    ("Die Arbeitslosenquote sank auf 5 Prozent.", "The unemployment rate fell to 6%.", "5"),
    ("Die Wahl findet am 3. Oktober 2024 statt.", "The election will take place on November 3, 2024.", "Oktober"),
    ("Um 20.30 Uhr beginnt das Spiel.", "The game starts at 20.30 a.m.", "20.30 Uhr"),
    ("Drei Menschen wurden bei dem Unfall verletzt.", "Two people were injured in the accident.", "Drei"),
    ("Bayern gewann 3:1 gegen Dortmund.", "Bayern won 2-1 against Dortmund.", "3:1"),
    ("Die Schulden betragen 2 Billionen Euro.", "Debt amounts to 2 billion euros.", "2 Billionen"),
    ("Rund 60.000 Zuschauer kamen ins Stadion.", "Around 60.000 spectators came to the stadium.", "60.000"),  # German notation
    ("Der Preis stieg um 3,5 Prozent.", "The price rose by 3,5 percent.", "3,5"),
    ("Der Zug hatte 5 Minuten Verspätung, der Bus 5 Minuten.", "The train was 5 minutes late, the bus too.", "5"),
]


@pytest.mark.parametrize("source, target, missing", DISAGREEING)
def test_a_missing_or_different_number_is_flagged_with_its_span(source, target, missing):
    flags = CHECK.run(source, target)
    assert len(flags) == 1
    assert flags[0].code == "number-mismatch" and flags[0].severity == "warning"
    start, end = flags[0].span
    assert source[start:end] == missing
    assert f'"{missing}"' in flags[0].message


def test_the_flag_names_what_the_output_has_instead():
    (flag,) = CHECK.run("Der Preis stieg um 3,5 Prozent.", "The price rose by 4.5 percent.")
    assert flag.message == '"3,5" is not in the output (the output has "4.5")'
