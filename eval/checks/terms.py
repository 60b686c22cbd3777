"""The glossary terms of each source sentence, for `missing-term`."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from translate.kernel.document import TermMatch

TermMatcher = Callable[[str], list[TermMatch]]


def term_matcher(glossary_paths: Sequence[str] = (), *, include_default: bool = True) -> TermMatcher:
    """A function from a German sentence to the glossary terms in it; no terms when no glossary is used."""
    if not glossary_paths and not include_default:
        return lambda sentence: []
    from glossaries import GlossaryMatcher, load_glossaries  # loaded only when a glossary is in use

    return GlossaryMatcher([load_glossaries(glossary_paths, include_default=include_default)]).match
