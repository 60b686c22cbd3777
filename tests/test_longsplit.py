"""Over-long sentences are cut into parts that fit, never truncated (no model)."""
from translate.engine.longsplit import split_to_fit


def words(text: str) -> int:
    return len(text.split())


def test_a_sentence_that_fits_comes_back_whole():
    sentence = "Der Kreml wies die Vorwürfe zurück."
    assert split_to_fit(sentence, words, 10) == [sentence]


def test_clause_boundaries_are_preferred_over_word_boundaries():
    sentence = "Der Minister sagte, die Lage sei ernst, man werde aber handeln; die Opposition widersprach."
    parts = split_to_fit(sentence, words, 8)
    assert parts == ["Der Minister sagte, die Lage sei ernst,", "man werde aber handeln;", "die Opposition widersprach."]


def test_parts_fit_and_rejoin_to_the_sentence():
    clause = "und die Soldaten zogen weiter nach Osten, "
    sentence = ("Am Morgen begann der Vormarsch " + clause * 40).strip()
    for limit in (3, 7, 20, 100):
        parts = split_to_fit(sentence, words, limit)
        assert all(words(p) <= limit for p in parts)
        assert " ".join(parts) == " ".join(sentence.split())


def test_a_single_clause_is_cut_between_words():
    sentence = " ".join(f"Wort{i}" for i in range(25))
    parts = split_to_fit(sentence, words, 10)
    assert [words(p) for p in parts] == [10, 10, 5]
    assert " ".join(parts) == sentence


def test_a_single_overlong_word_is_cut_between_characters():
    def chars(text: str) -> int:
        return len(text)

    word = "x" * 95
    parts = split_to_fit(word, chars, 20)
    assert all(len(p) <= 20 for p in parts)
    assert "".join(parts) == word
