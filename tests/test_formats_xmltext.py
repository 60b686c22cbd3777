"""Any XML text (DeepL's tag_handling=xml): which elements are blocks and which inline is read from the text itself,
and the English goes back with every element, attribute and comment in place."""
from __future__ import annotations

import pytest

from translate.kernel.errors import InputError
from translate.kernel.formats import BlockTranslation, parse_xml_text


def test_elements_inside_text_are_inline_the_others_blocks():
    story = parse_xml_text('<doc><head><title>Der Kreml.</title></head><p>Die <b>Lage</b> ist <i a="1">ernst</i>.'
                           '</p><list><item>Eins</item><item>Zwei <b>drei</b></item></list></doc>', "t")
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("title", "Der Kreml."), ("p", "Die Lage ist ernst."), ("item", "Eins"), ("item", "Zwei drei")]


def test_the_english_goes_back_with_its_markup():
    story = parse_xml_text('Die <b>Lage</b> ist <!-- x --> ernst.', "t")
    assert [b.text for b in story.blocks] == ["Die Lage ist ernst."]
    warnings: list[str] = []
    english = story.render([BlockTranslation("The situation is serious.")], warnings).decode()
    assert english.startswith("The situation is ") and "<!-- x -->" in english
    # <b> is placed around its English, or a warning names it (its text is kept, translated): never lost silently
    assert ("<b>" in english) != any("<b>" in warning and "Lage" in warning for warning in warnings)


def test_a_document_keeps_its_declaration_and_untranslatable_parts():
    story = parse_xml_text('<?xml version="1.0"?>\n<a lang="de"><b translate="no">Nein.</b><c>Ja.</c></a>', "t")
    assert [b.text for b in story.blocks] == ["Ja."]
    english = story.render([BlockTranslation("Yes.")], []).decode()
    assert english.startswith("<?xml") and '<b translate="no">Nein.</b><c>Yes.</c>' in english and 'lang="en"' in english


@pytest.mark.parametrize("text, message", [("<p>offen", "line 1"), ("", "empty"),
                                           ('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "refused")])
def test_bad_xml_is_an_input_error_naming_the_line(text, message):
    with pytest.raises(InputError, match=message):
        parse_xml_text(text, "text 1")
