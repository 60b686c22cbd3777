"""The one JSON reader of every entry point: what json.loads lets through and later stages cannot handle."""
import json

import pytest

from translate.kernel.jsonio import MAX_JSON_DEPTH, JsonInputError, parse_json


def test_plain_json_comes_back_as_json_loads_reads_it():
    text = '{"headline": "Kontaktgruppe berät in Ramstein", "body": ["a", {"b": [1, 2.5, null, true]}], "ö": "\\ud83d\\ude00"}'
    assert parse_json(text) == json.loads(text)


def test_malformed_json_names_line_and_column():
    with pytest.raises(JsonInputError) as err:
        parse_json('{\n  "headline": "x",\n}')
    assert (err.value.line, err.value.column) == (3, 1)
    assert str(err.value).startswith("line 3, column 1: not valid JSON")


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 100_000])
def test_deep_nesting_is_refused_at_the_first_bracket_too_deep(depth):
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(JsonInputError) as err:
        parse_json(text)
    assert err.value.reason == f"nested deeper than {MAX_JSON_DEPTH} levels"
    assert err.value.line == 1 and err.value.column == len('{"a": ') + MAX_JSON_DEPTH


def test_brackets_inside_strings_do_not_count():
    text = '{"a": "' + "[" * 10_000 + '", "b": ' + "[" * 70 + "]" * 70 + "}"
    with pytest.raises(JsonInputError) as err:
        parse_json(text)
    assert err.value.column == len('{"a": "' + "[" * 10_000 + '", "b": ') + MAX_JSON_DEPTH


def test_nesting_at_the_limit_is_read():
    depth = MAX_JSON_DEPTH
    assert parse_json("[" * depth + "]" * depth) is not None


@pytest.mark.parametrize("text, code", [('{"body_text": "Text \\ud800 mehr"}', "d800"),
                                        ('{"\\uDFFF": "x"}', "dfff"),
                                        ('["ok",\n "x\\udc00"]', "dc00")])
def test_lone_surrogates_are_refused_with_their_place(text, code):
    with pytest.raises(JsonInputError) as err:
        parse_json(text)
    assert f"lone UTF-16 surrogate (\\u{code}" in err.value.reason
    assert err.value.line == text.count("\n", 0, text.lower().index(f"\\u{code}")) + 1


def test_nul_characters_are_refused():
    with pytest.raises(JsonInputError, match=r"NUL character"):
        parse_json('{"headline": "a\\u0000b"}')
