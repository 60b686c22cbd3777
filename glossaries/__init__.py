"""Glossaries: newsroom terms that must come out the same in every translation.

Formats: TSV/CSV with a header, TBX (ISO 30042), and per-sentence term lists (JSON lines, the
WMT 2023 terminology format). Matching finds German terms in their inflected forms; what the
model does with a match is decided elsewhere.
"""
from .entry import Glossary, GlossaryEntry
from .glossary_file import check_glossary_file
from .loading import DEFAULT_GLOSSARY_PATH, combine_glossaries, load_glossaries, load_glossary
from .matching import GlossaryMatcher, match_glossaries, match_terms
from .problems import Problem
from .term_lists import load_term_lists

__all__ = [
    "DEFAULT_GLOSSARY_PATH",
    "Glossary",
    "GlossaryEntry",
    "GlossaryMatcher",
    "Problem",
    "check_glossary_file",
    "combine_glossaries",
    "load_glossaries",
    "load_glossary",
    "load_term_lists",
    "match_glossaries",
    "match_terms",
]
