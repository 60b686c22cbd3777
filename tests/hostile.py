"""Hypothesis strategies of hostile input for the fuzz harness (tests/test_fuzz.py): text, JSON, file contents
and file names a careless or malicious user may give any entry point."""
from __future__ import annotations

import json
import os

from hypothesis import strategies as st

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e"
CONTROL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029]))
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)

# Short German so that what reaches the tiny model costs little.
WORDS = st.sampled_from(["Der Kreml", "Kiew", "NATO", "bestätigt", "100", "„Hallo“", "<b>", "&amp;", "\\", "{", "["])


def deep_json(depth: int, *, kind: str = "list") -> str:
    """A JSON text nested `depth` levels deep (far past any recursion limit for large depths)."""
    if kind == "dict":
        return '{"a":' * depth + "1" + "}" * depth
    return "[" * depth + "]" * depth


@st.composite
def hostile_text(draw, *, max_words: int = 4) -> str:
    """Text with a little German in it and hostile characters mixed in: NUL and controls, lone surrogates,
    invisible characters, blank lines."""
    parts = draw(st.lists(st.one_of(
        WORDS,
        st.sampled_from(list(CONTROL)),
        st.sampled_from(list(INVISIBLE)),
        SURROGATES,
        st.sampled_from(["\n", "\n\n", "\r\n", " ", "\t"]),
    ), min_size=1, max_size=max_words * 2))
    return "".join(parts)


invisible_only = st.text(alphabet=INVISIBLE + " \t\n", min_size=1, max_size=6).filter(lambda t: t.strip(" \t\n"))


def hostile_strings() -> st.SearchStrategy[str]:
    return st.one_of(hostile_text(), invisible_only, st.just(""), st.just("x" * 5000),
                     st.text(max_size=8))


def json_values(max_leaves: int = 6) -> st.SearchStrategy:
    """Any JSON value (wrong types for every field), strings hostile."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_strings())
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["text", "de", "en", "x", ""]), inner, max_size=3)
    ), max_leaves=max_leaves)


@st.composite
def file_contents(draw) -> bytes:
    """What a user may give as a text or JSON file: binary, other encodings, invalid UTF-8, NUL, deep JSON, hostile
    text (lone surrogates written with surrogatepass, as another program might)."""
    return draw(st.one_of(
        st.binary(max_size=64),
        st.just(b""),
        st.just(b"\xff\xfeD\x00e\x00r\x00"),
        st.just(b"\xef\xbb\xbf\x00\x00\x00"),
        st.just("Der Kreml.\n".encode("latin-1") + b"\xe4\xf6\xfc\n"),
        st.builds(lambda d: deep_json(d).encode(), st.sampled_from([1000, 100_000])),
        st.builds(lambda d: deep_json(d, kind="dict").encode(), st.sampled_from([1000, 100_000])),
        hostile_text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        json_values().map(lambda v: json.dumps(v).encode()),
    ))


@st.composite
def odd_names(draw) -> str:
    """File names no one should have to think of: longer than 255 bytes, non-UTF-8 bytes (surrogateescape),
    `.`/`..`, a trailing slash, control characters, a name of only invisible characters."""
    name = draw(st.one_of(
        st.integers(256, 600).map(lambda n: "n" * n + ".txt"),
        st.integers(256, 400).map(lambda n: "ä" * (n // 2) + ".txt"),
        st.binary(min_size=1, max_size=8).map(lambda b: os.fsdecode(b"\xff" + b.replace(b"/", b"").replace(b"\0", b""))),
        st.sampled_from([".", "..", "x/..", "missing.txt/", "\u00ad", "\u200b.txt", "a\nb.txt", "a\tb"]),
    ))
    return name
