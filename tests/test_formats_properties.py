"""Invariants of the HTML and ninjs formats for any input (hypothesis):
one output block per input block, in order; no text dropped; identity rendering gives back an equivalent document."""

import json
from collections import Counter
from html import escape

from formats_helpers import canonical, html_tree, squeeze
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.kernel.formats import BlockTranslation, read_story, render_story

# German-wire letters, punctuation and markup-significant characters; whitespace the parser collapses.
# What parse_json accepts in strings: no NUL, no lone surrogates (tests/test_jsonio.py shows those refused).
_JSON_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\0")
TEXT = st.text(alphabet="NatoBundeswhrÄäößü0123456789 .,-–„“&<>\"'\n\t\xa0", min_size=0, max_size=25)
INLINE_TAGS = ["em", "strong", "b", "span", "a"]
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def inline_content(draw, depth=0) -> str:
    """Text with inline elements (no <a> inside <a>), comments and <br>s."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 9))
        if choice < 5 or depth >= 2:
            parts.append(escape(draw(TEXT)))
        elif choice < 8:
            tag = draw(st.sampled_from(INLINE_TAGS if depth == 0 else INLINE_TAGS[:-1]))
            attribute = ' href="https://example.org/?q=1&amp;r=2"' if tag == "a" else ' class="x"'
            parts.append(f"<{tag}{attribute}>{draw(inline_content(depth + 1))}</{tag}>")
        elif choice < 9:
            parts.append("<br>")
        else:
            parts.append("<!-- Notiz -->")
    return "".join(parts)


@st.composite
def block_content(draw, depth=0) -> str:
    kind = draw(st.integers(0, 6 if depth < 2 else 2))
    inline = inline_content()
    if kind <= 1:
        return f"<p>{draw(inline)}</p>"
    if kind == 2:
        level = draw(st.integers(1, 6))
        return f"<h{level}>{draw(inline)}</h{level}>"
    if kind == 3:
        items = draw(st.lists(inline, min_size=1, max_size=3))
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    if kind == 4:
        cells = draw(st.lists(inline, min_size=1, max_size=3))
        return "<table><tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr></table>"
    if kind == 5:
        return f'<figure><img src="a.jpg"><figcaption>{draw(inline)}</figcaption></figure>'
    # a container with loose text between blocks, as agency CMSs produce
    inner = draw(st.lists(block_content(depth + 1), max_size=3))
    return (
        f"<div>{draw(inline)}" + f"{draw(inline)}".join(inner) + "</div>"
        if inner
        else f"<blockquote>{draw(inline)}</blockquote>"
    )


fragments = st.lists(block_content(), min_size=1, max_size=4).map("\n".join)


def visible_characters(html: str) -> Counter:
    body = html_tree(html).find("body")
    text = "".join(body.xpath(".//text()")) if body is not None else ""  # comments are not text nodes
    return Counter(squeeze(text))


def page(fragment: str) -> str:
    return f"<!DOCTYPE html>\n<html><head><title>Nato</title></head><body>\n{fragment}\n</body></html>\n"


@PROPERTY_SETTINGS
@given(fragments)
def test_html_identity_round_trip_and_no_text_dropped(fragment):
    html = page(fragment)
    story = read_story(html.encode(), "p.html")
    # no text dropped: every visible character of the body is in exactly one block
    body_blocks = story.blocks[1:]  # the <title> comes first
    assert story.blocks[0].kind == "title"
    assert Counter(squeeze("".join(b.text for b in body_blocks))) == visible_characters(html)
    rendered = render_story(story, [BlockTranslation(b.text) for b in story.blocks])
    assert rendered.warnings == []
    assert canonical(html_tree(rendered.data.decode()).find("body")) == canonical(html_tree(html).find("body"))


@PROPERTY_SETTINGS
@given(fragments)
def test_html_one_output_block_per_input_block_in_order(fragment):
    story = read_story(page(fragment).encode(), "p.html")
    english = [f"EN{i} {b.text[::-1]}" for i, b in enumerate(story.blocks)]  # reversed: no element can be placed
    rendered = render_story(story, [BlockTranslation(t) for t in english])
    again = read_story(rendered.data, "p.html")
    assert [squeeze(b.text) for b in again.blocks] == [squeeze(t) for t in english]
    assert [b.kind for b in again.blocks] == [b.kind for b in story.blocks]


PLAIN = st.lists(
    st.text(alphabet='NatoBundeswhrÄäß0123 .,-„“"\\{}', min_size=1, max_size=20)
    .map(lambda t: " ".join(t.split()))
    .filter(bool),
    min_size=1,
    max_size=3,
)
OTHER_FIELDS = st.dictionaries(
    st.sampled_from(["uri", "type", "urgency", "byline", "subject", "version"]),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(_JSON_SAFE, max_size=8),
        lambda c: st.lists(c, max_size=2) | st.dictionaries(st.text(_JSON_SAFE, max_size=4), c, max_size=2),
        max_leaves=4,
    ),
)


@st.composite
def ninjs_stories(draw) -> dict:
    story = dict(draw(OTHER_FIELDS))
    if draw(st.booleans()):  # 1.x
        story["headline"] = draw(PLAIN)[0]
        story["body_text"] = "\n\n".join(draw(PLAIN))
        story["body_html"] = draw(fragments)
    else:  # 2.x / 3.x
        story["headlines"] = [{"role": "main", "value": v, "contenttype": "text/plain"} for v in draw(PLAIN)]
        story["bodies"] = [
            {"role": "main", "contenttype": "text/html", "value": draw(fragments)},
            {"role": "plain", "contenttype": "text/plain", "value": "\n".join(draw(PLAIN))},
        ]
    story["language"] = "de"
    return story


def _equivalent(english: dict, german: dict) -> None:
    assert english.keys() == german.keys()
    for key, value in german.items():
        if key == "language":
            assert english[key] == "en"
        elif key == "body_html":
            assert canonical(html_tree(english[key]).find("body")) == canonical(html_tree(value).find("body"))
        elif key == "bodies":
            assert canonical(html_tree(english[key][0]["value"]).find("body")) == canonical(
                html_tree(value[0]["value"]).find("body")
            )
            assert english[key][1:] == value[1:]
        else:
            assert english[key] == value


@PROPERTY_SETTINGS
@given(ninjs_stories(), st.sampled_from([None, 2]))
def test_ninjs_identity_round_trip_and_block_order(document, indent):
    data = json.dumps(document, ensure_ascii=False, indent=indent).encode()
    story = read_story(data, "s.json")
    rendered = render_story(story, [BlockTranslation(b.text) for b in story.blocks])
    assert rendered.warnings == []
    _equivalent(json.loads(rendered.data), document)
    english = [f"EN{i}" for i in range(len(story.blocks))]
    again = read_story(render_story(story, [BlockTranslation(t) for t in english]).data, "s.json")
    assert [b.text for b in again.blocks] == english
