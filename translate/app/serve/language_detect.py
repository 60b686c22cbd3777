"""Which language a text is in, for LibreTranslate's /detect and `source=auto`: German or English by the quality
checks' own two-language detector (lingua restricted to German and English, eval.checks.untranslated) when the text
has German or English function words (two at least) or lingua's detector of all languages (low-accuracy mode: 100 MB, not 900)
puts German or English first; else the language that detector names. Built only when first needed."""
from __future__ import annotations

from functools import cache

from eval.checks.untranslated import function_word_counts, german_confidence

# Two German or English function words say German or English (low-accuracy lingua took "The situation in the capital
# remains tense." for French); one may be a word another language shares (French "a", Dutch "in").
FUNCTION_WORDS = 2


@cache
def _any_language():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0–1); ("und", 0.0) when lingua cannot tell (no letters, say)."""
    from lingua import Language

    values = _any_language().compute_language_confidence_values(text)
    if not values or values[0].value == 0:
        return "und", 0.0
    top = values[0]
    if sum(function_word_counts(text)) >= FUNCTION_WORDS or top.language in (Language.GERMAN, Language.ENGLISH):
        german = german_confidence(text)
        return ("de", german) if german >= 0.5 else ("en", 1 - german)
    return top.language.iso_code_639_1.name.lower(), top.value


SURE = 0.9  # how sure the detection must be that a text is not German before `source=auto` refuses it


def german_or_refusal(text: str) -> tuple[str, float]:
    """For `source=auto`: ("de", German confidence) unless the text is surely another language (its code and
    confidence then): short German texts ("Es regnet.") are often taken for another language, unsurely."""
    code, confidence = detect_language(text)
    if code != "de" and confidence >= SURE:
        return code, confidence
    return "de", german_confidence(text)
