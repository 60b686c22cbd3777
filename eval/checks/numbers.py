"""Numbers in German and English text, read into comparable values.

A mention is a number as written ("2,5 Milliarden", "14.13 Uhr", "3.", "Oktober", "third") with the
set of values it may stand for. German is read by German rules (decimal comma, thousands point,
"Milliarde" = 10⁹, "Billion" = 10¹²) and precisely, because it is the yardstick. English is read by
English rules and generously: every reading an English writer could mean is offered, and ambiguous
notations also yield their parts as mentions of their own ("2-1" is a score and also 2 and 1), so
that only a number that is really absent or different goes unmatched. A German notation copied into
the English ("3,5", "1.000") is read the English way, so it shows up as a mismatch, as it should.

Dates are compared by parts: a day or ordinal is a number, a month is a Month, a year is a number,
so "3. Oktober 2024", "October 3, 2024" and "3 October 2024" all read 3, Month(10), 2024.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Month:
    number: int


@dataclass(frozen=True)
class ClockTime:
    hour: int  # 0–23
    minute: int


@dataclass(frozen=True)
class Score:
    """Two numbers joined by a colon or dash: a result (2:1), a ratio, or a clock time."""

    left: int
    right: int


Value = Decimal | Month | ClockTime | Score


@dataclass(frozen=True)
class NumberMention:
    text: str
    span: tuple[int, int]
    values: frozenset[Value]


def _number_words(words: str, start: int = 0) -> dict[str, int]:
    return {word: value for value, word in enumerate(words.split(), start) if word != "-"}


GERMAN_UNITS = _number_words("- eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf", 0)
GERMAN_TEENS = _number_words("dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn", 13)
def _tens(words: str) -> dict[str, int]:
    return {word: 10 * value for word, value in _number_words(words, 2).items()}


GERMAN_TENS = _tens("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig")
# "ein/eine/einer…" is left out on purpose: it is the indefinite article far more often than "one".
GERMAN_CARDINALS = {**GERMAN_UNITS, **GERMAN_TEENS, **GERMAN_TENS, "hundert": 100, "tausend": 1000}
GERMAN_ORDINAL_STEMS = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "neunt": 9,
    "zehnt": 10, "elft": 11, "zwölft": 12,
}  # "acht-" is left out: "achten" is also the verb "to respect"
GERMAN_SCALES = {
    "tausend": 10**3, "tsd.": 10**3, "million": 10**6, "millionen": 10**6, "mio.": 10**6,
    "milliarde": 10**9, "milliarden": 10**9, "mrd.": 10**9, "billion": 10**12, "billionen": 10**12,
}
GERMAN_MONTHS = {
    "januar": 1, "jänner": 1, "jan.": 1, "februar": 2, "feber": 2, "feb.": 2, "febr.": 2, "märz": 3,
    "april": 4, "apr.": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "aug.": 8, "september": 9,
    "sept.": 9, "sep.": 9, "oktober": 10, "okt.": 10, "november": 11, "nov.": 11, "dezember": 12, "dez.": 12,
}

ENGLISH_UNITS = _number_words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
ENGLISH_TENS = _tens("twenty thirty forty fifty sixty seventy eighty ninety")
ENGLISH_ORDINALS = {
    **_number_words(
        "- first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
    ),
    **{word.replace("ty", "tieth"): value for word, value in ENGLISH_TENS.items()},
}
ENGLISH_CARDINALS = {**ENGLISH_UNITS, **ENGLISH_TENS, "hundred": 100, "thousand": 1000, "twice": 2, "thrice": 3}
ENGLISH_SCALES = {"thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12}
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",),
            ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"),
            ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ],
        1,
    )
    for name in names
}


def _alternation(words) -> str:
    # Longest first, so that "Millionen" wins over "Million".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


DAY = r"0?[1-9]|[12]\d|3[01]"
GERMAN_NUMBER = r"\d{1,3}(?:[. \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?|\d+,\d+|\d+"
GERMAN_SCALE = rf"(?:{_alternation(GERMAN_SCALES)})(?![^\W\d_])"
GERMAN_NUMBER_WORD = (
    rf"(?:{_alternation(GERMAN_UNITS)})und(?:{_alternation(GERMAN_TENS)})"
    rf"|(?:{_alternation(GERMAN_ORDINAL_STEMS)})(?:e[mnrs]?)"
    rf"|{_alternation(GERMAN_CARDINALS)}"
)
GERMAN_PATTERN = re.compile(
    rf"""(?P<time>(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?\s*Uhr(?!\w))
    |(?P<score>(?P<left>\d{{1,3}}):(?P<right>\d{{1,3}})(?![\d:]))
    |(?P<date>(?P<day>{DAY})\.(?P<month>0?[1-9]|1[0-2])\.(?P<year>\d{{4}}|\d{{2}}(?!\d))?)
    |(?P<number>{GERMAN_NUMBER})(?:\s*(?P<scale>{GERMAN_SCALE}))?(?![.,]?\d)
    |(?P<dotted>(?P<whole>\d+)\.(?P<fraction>\d{{1,2}}))(?![.\d])
    |(?<![^\W\d_])(?P<word>{GERMAN_NUMBER_WORD})(?![^\W\d_])(?:\s+(?P<word_scale>{GERMAN_SCALE}))?
    |(?<![^\W\d_])(?P<lone_scale>Million|Milliarde|Billion)(?![^\W\d_])
    |(?<![^\W\d_])(?P<month_name>{_alternation(m.capitalize() for m in GERMAN_MONTHS)})(?![^\W\d_])
    """,
    re.VERBOSE | re.IGNORECASE,
)

ENGLISH_NUMBER = r"\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?!\d)(?:\.\d+)?|\d+\.\d+|\d+"
ENGLISH_NUMBER_WORD = (
    rf"(?:{_alternation(ENGLISH_TENS)})-(?:{_alternation(ENGLISH_UNITS)})"
    rf"|{_alternation(ENGLISH_ORDINALS)}|{_alternation(ENGLISH_CARDINALS)}"
)
ENGLISH_PATTERN = re.compile(
    rf"""(?P<clock>(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?\s*(?P<half>[ap])\.?\s?m(?![^\W\d_])\.?)
    |(?P<oclock>(?P<oclock_hour>\d{{1,2}})\s*o['’]clock)
    |(?P<noon>noon|midday)|(?P<midnight>midnight)
    |(?P<iso>(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}}))
    |(?<![\d.])(?P<date>(?P<first>{DAY})(?P<date_separator>[./])(?P<second>{DAY})(?P=date_separator)(?P<year>\d{{4}}|\d{{2}})(?!\d))
    |(?P<score>(?P<left>\d{{1,4}})\s?(?P<separator>[:–-])\s?(?P<right>\d{{1,4}})(?![\d.,]\d))
    |(?P<number>{ENGLISH_NUMBER})(?P<decade>s(?![^\W\d_]))?(?:\s*(?P<scale>{_alternation(ENGLISH_SCALES)}|m)(?![^\W\d_]))?
    |(?<![^\W\d_])(?P<word>{ENGLISH_NUMBER_WORD})(?![^\W\d_])
        (?P<and_a_half>\s+and\s+a\s+half)?(?:\s+(?P<word_scale>{_alternation(ENGLISH_SCALES)})(?![^\W\d_]))?
    |(?<![^\W\d_])(?P<lone_scale>{_alternation(ENGLISH_SCALES)})(?![^\W\d_])
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Case matters here: "May" is a month, "may" is not.
ENGLISH_MONTH_PATTERN = re.compile(rf"(?<![^\W\d_])(?:{_alternation(ENGLISH_MONTHS)})(?![^\W\d_])")


def german_decimal(text: str) -> Decimal:
    """ "1.000,5" → 1000.5; thousands are separated by points or spaces."""
    return Decimal(re.sub(r"[. \u00a0\u202f]", "", text).replace(",", "."))


def english_decimal(text: str) -> Decimal:
    """ "1,000.5" → 1000.5; thousands are separated by commas or spaces."""
    return Decimal(re.sub(r"[, \u00a0\u202f]", "", text))


def german_word_value(word: str) -> int:
    word = word.lower()
    if "und" in word and word not in GERMAN_CARDINALS:
        units, tens = word.split("und")
        return GERMAN_UNITS[units] + GERMAN_TENS[tens]
    if word in GERMAN_CARDINALS:
        return GERMAN_CARDINALS[word]
    return GERMAN_ORDINAL_STEMS[word.rstrip("mnrs")[:-1]]


def english_word_value(word: str) -> int:
    word = word.lower()
    if "-" in word:
        tens, units = word.split("-")
        return ENGLISH_TENS[tens] + ENGLISH_UNITS[units]
    return ENGLISH_CARDINALS[word] if word in ENGLISH_CARDINALS else ENGLISH_ORDINALS[word]


def starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \"'„“”‚‘’»«([-–")
    return not before or before[-1] in ".!?:"


def clock_readings(hour: int, minute: int) -> set[Value]:
    """A 12-hour-ambiguous time ("2:13", "11.15") may be morning or afternoon."""
    readings: set[Value] = {ClockTime(hour % 24, minute)}
    if hour <= 12:
        readings.add(ClockTime((hour + 12) % 24, minute))
    return readings


def decimal_or_clock_readings(whole: str, fraction: str) -> set[Value]:
    """ "14.13" is a decimal, or a time written the British way (or the German way without "Uhr")."""
    readings: set[Value] = {Decimal(f"{whole}.{fraction}")}
    if len(fraction) == 2 and int(whole) <= 24 and int(fraction) < 60:
        readings |= clock_readings(int(whole), int(fraction))
    return readings


def year_readings(year: str) -> set[Value]:
    """A two-digit year ("04.05.18") may be written out in full in the other language."""
    value = int(year)
    return {Decimal(value)} if len(year) == 4 else {Decimal(value), Decimal(2000 + value), Decimal(1900 + value)}


def german_numbers(text: str) -> list[NumberMention]:
    return list(_german_mentions(text))


def _german_mentions(text: str) -> Iterator[NumberMention]:
    for match in GERMAN_PATTERN.finditer(text):
        group = match.group
        span = match.span()

        def mention(values, part: str | None = None) -> NumberMention:
            start, end = match.span(part) if part else span
            return NumberMention(text[start:end], (start, end), frozenset(values))

        if group("time"):
            yield mention({ClockTime(int(group("hour")) % 24, int(group("minute") or 0))})
        elif group("score"):
            left, right = int(group("left")), int(group("right"))
            readings: set[Value] = {Score(left, right)}
            if left <= 24 and right < 60 and len(group("right")) == 2:
                readings.add(ClockTime(left % 24, right))
            yield mention(readings)
        elif group("date"):
            yield mention({Decimal(int(group("day")))}, "day")
            yield mention({Month(int(group("month")))}, "month")
            if group("year"):
                yield mention(year_readings(group("year")), "year")
        elif group("number"):
            value = german_decimal(group("number"))
            scale = GERMAN_SCALES[group("scale").lower()] if group("scale") else 1
            yield mention({value * scale})
        elif group("dotted"):
            # Not German notation; an English-style decimal or a time without "Uhr".
            yield mention(decimal_or_clock_readings(group("whole"), group("fraction")))
        elif group("word"):
            # Number words are lower case; a capitalised one mid-sentence is a noun ("die Elf", "Acht geben").
            if group("word")[0].isupper() and not starts_sentence(text, match.start()):
                continue
            scale = GERMAN_SCALES[group("word_scale").lower()] if group("word_scale") else 1
            yield mention({Decimal(german_word_value(group("word")) * scale)})
        elif group("lone_scale"):
            if group("lone_scale")[0].isupper():  # "eine Million" is a number, "million" is not German
                yield mention({Decimal(GERMAN_SCALES[group("lone_scale").lower()])})
        elif group("month_name"):
            if group("month_name")[0].isupper():
                yield mention({Month(GERMAN_MONTHS[group("month_name").lower()])})


def english_numbers(text: str) -> list[NumberMention]:
    mentions = list(_english_mentions(text))
    mentions += [
        NumberMention(m.group(), m.span(), frozenset({Month(ENGLISH_MONTHS[m.group()])}))
        for m in ENGLISH_MONTH_PATTERN.finditer(text)
    ]
    return mentions


def _english_mentions(text: str) -> Iterator[NumberMention]:
    for match in ENGLISH_PATTERN.finditer(text):
        group = match.group

        def mention(values, part: str | None = None) -> NumberMention:
            start, end = match.span(part) if part else match.span()
            return NumberMention(text[start:end], (start, end), frozenset(values))

        if group("clock"):
            hour, minute = int(group("hour")), int(group("minute") or 0)
            hour24 = hour % 12 + (12 if group("half").lower() == "p" else 0)
            # The bare hour too, for a German "zwei Uhr" written as a word.
            yield mention({ClockTime(hour24, minute), Decimal(hour)})
        elif group("oclock"):
            hour = int(group("oclock_hour"))
            yield mention(clock_readings(hour, 0) | {Decimal(hour)})
        elif group("noon"):
            yield mention({ClockTime(12, 0)})
        elif group("midnight"):
            yield mention({ClockTime(0, 0)})
        elif group("iso"):
            yield mention({Decimal(int(group("iso_year")))}, "iso_year")
            yield mention({Month(int(group("iso_month"))), Decimal(int(group("iso_month")))}, "iso_month")
            yield mention({Decimal(int(group("iso_day")))}, "iso_day")
        elif group("date"):
            # Day and month order differ between British, American and German habits: offer both.
            for part in ("first", "second"):
                value = int(group(part))
                yield mention({Decimal(value), Month(value)}, part)
            yield mention(year_readings(group("year")), "year")
        elif group("score"):
            left, right = int(group("left")), int(group("right"))
            readings = {Score(left, right)}
            if group("separator") == ":" and right < 60:
                readings |= clock_readings(left, right)
            yield mention(readings)
            yield mention({Decimal(left)}, "left")
            yield mention({Decimal(right)}, "right")
        elif group("number"):
            yield mention(_english_number_readings(group("number"), group("decade"), group("scale")))
        elif group("word"):
            value = Decimal(english_word_value(group("word")))
            if group("and_a_half"):
                value += Decimal("0.5")
            scale = ENGLISH_SCALES[group("word_scale").lower()] if group("word_scale") else 1
            yield mention({value * scale})
        elif group("lone_scale"):
            yield mention({Decimal(ENGLISH_SCALES[group("lone_scale").lower()])})


def _english_number_readings(number: str, decade: str | None, scale: str | None) -> set[Value]:
    value = english_decimal(number)
    readings: set[Value] = {value}
    if scale:
        scale = scale.lower()
        if scale == "m":  # "$5m" is five million, "100m" may be metres
            readings.add(value * 10**6)
        else:
            readings = {value * ENGLISH_SCALES[scale]}
    if decade:  # "1990s" ↔ "90er", "90s" ↔ "1990er"
        readings |= {value % 100} if value >= 100 else {value + 1900, value + 2000}
    whole, _, fraction = number.partition(".")
    return readings | decimal_or_clock_readings(whole, fraction) if fraction else readings


def unmatched_mentions(source: list[NumberMention], target: list[NumberMention]) -> list[NumberMention]:
    """Source mentions left over by a largest one-to-one pairing with target mentions that share a value.

    One-to-one, so that a number written twice in the source must be there twice in the output.
    """
    partner_of_target: dict[int, int] = {}

    def pair(s: int, visited: set[int]) -> bool:
        # Kuhn's augmenting path: take a free target mention, or move the one holding it elsewhere.
        for t, candidate in enumerate(target):
            if t in visited or not (source[s].values & candidate.values):
                continue
            visited.add(t)
            if t not in partner_of_target or pair(partner_of_target[t], visited):
                partner_of_target[t] = s
                return True
        return False

    paired = {s for s in range(len(source)) if pair(s, set())}
    return [mention for s, mention in enumerate(source) if s not in paired]
