"""Terms editors keep fixing: German words whose English an editor changed the same way in several approved
sentences, as glossary rows (`newsmt tm terms`).

How (pure functions, no model):

1. English side: a word-level diff (difflib on word tokens) of the machine output and the approved text of each
   sentence; every replaced run of at most MAX_WORDS words on both sides is a change "old → new" (case kept in
   the new text, compared case-insensitively in the old); a dropped or added word is read together with the word
   after it ("Federal Chancellor" → "Chancellor"); a run of several words also gives its first words and its
   last words as changes of their own (two edits side by side make one run).
2. Changes with the same (old, new) are grouped; a group seen in at least `min_count` sentences is a candidate.
3. German side (a cheap alignment): among the German words and two-word phrases of the group's sentences, the
   one found in the most of them, provided at least SPECIFICITY of all approved sentences that contain it carry
   the change (so a word in every sentence, like "der", never wins); ties go to the phrase found in fewer
   sentences overall, then to the longer one.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .store import EDITED_SIGNATURE_PREFIX

MAX_WORDS = 3
SPECIFICITY = 0.6
MIN_PHRASE_WORD = 4  # letters of each word of a two-word phrase
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Edited:
    source: str  # German sentence
    machine: str  # newsmt's translation
    approved: str  # the editor's


@dataclass(frozen=True)
class TermSuggestion:
    source: str  # German word or phrase
    target: str  # the editors' English
    count: int  # approved sentences with this change and this German
    replaced: str  # the machine English it replaced (most common)
    example: Edited

    def note(self) -> str:
        text = (f"{self.count} approved sentences changed \"{self.replaced}\" to \"{self.target}\"; e.g. "
                f"{self.example.source} → {self.example.approved}")
        return " ".join(text.split())  # one TSV cell: no tab, no line break


def word_changes(machine: str, approved: str) -> list[tuple[str, str]]:
    """(old, new) word runs the editor replaced, each at most MAX_WORDS words long on both sides."""
    from difflib import SequenceMatcher

    old_words, new_words = _WORD.findall(machine), _WORD.findall(approved)
    matcher = SequenceMatcher(None, [w.casefold() for w in old_words], [w.casefold() for w in new_words],
                              autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "insert"):
            # A word dropped or added ("Federal Chancellor" → "Chancellor") is read with the word after it (or,
            # at the end, before it) as a replacement of the phrase.
            if i2 < len(old_words) and j2 < len(new_words):
                i2, j2 = i2 + 1, j2 + 1
            elif i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                continue
        elif tag != "replace":
            continue
        if 0 < i2 - i1 <= MAX_WORDS and 0 < j2 - j1 <= MAX_WORDS:
            changes.append((" ".join(old_words[i1:i2]), " ".join(new_words[j1:j2])))
            if tag == "replace" and (i2 - i1 > 1 or j2 - j1 > 1):
                # Two edits side by side are one run: its first and last words are candidates on their own too
                # ("business is shrinking" → "economy shrinks" also gives "business" → "economy").
                changes += [(old_words[i1], new_words[j1]), (old_words[i2 - 1], new_words[j2 - 1])]
    return changes


def _german_phrases(sentence: str) -> set[str]:
    words = [w for w in _WORD.findall(sentence) if len(w) > 1]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def suggest_terms(sentences: Iterable[Edited], *, min_count: int = 3) -> list[TermSuggestion]:
    """Glossary rows, most frequent first."""
    sentences = list(sentences)
    phrases = [_german_phrases(s.source) for s in sentences]
    document_frequency = Counter(p for found in phrases for p in found)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    surface: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for index, sentence in enumerate(sentences):
        for old, new in set(word_changes(sentence.machine, sentence.approved)):
            key = (old.casefold(), new)
            if not groups[key] or groups[key][-1] != index:
                groups[key].append(index)
            surface[key][old] += 1
    best: dict[tuple[str, str], TermSuggestion] = {}
    for key, members in groups.items():
        if len(members) < min_count:
            continue
        support = Counter(p for m in members for p in phrases[m])
        specific = {p for p, count in support.items()
                    if count >= min_count and count / document_frequency[p] >= SPECIFICITY}
        # A two-word phrase only where each of its words is specific on its own and not a short grammar word
        # ("Vereinten Nationen", not "in Libyen" or "Die Wirtschaft").
        candidates = [(support[p], p.count(" "), -document_frequency[p], p) for p in specific
                      if " " not in p or all(w in specific and len(w) >= MIN_PHRASE_WORD for w in p.split(" "))]
        if not candidates:
            continue
        count, _, _, german = max(candidates)
        example = next(sentences[m] for m in members if german in phrases[m])
        suggestion = TermSuggestion(german, key[1], count, surface[key].most_common(1)[0][0], example)
        # One row per German phrase and English: the strongest group wins.
        row = (german, key[1])
        if row not in best or best[row].count < count:
            best[row] = suggestion
    return sorted(best.values(), key=lambda s: (-s.count, s.source.casefold(), s.target))


def glossary_tsv(suggestions: Iterable[TermSuggestion]) -> str:
    """The rows as a glossary TSV with header `source	target	note`."""
    lines = ["source\ttarget\tnote"]
    lines += [f"{s.source}\t{s.target}\t{s.note()}" for s in suggestions]
    return "\n".join(lines) + "\n"


def edited_sentences(entries: Iterable) -> list[Edited]:
    """The memory's approved translations that differ from a machine translation of the same sentence (the latest
    one where several translators made one), from TranslationMemory.entries()."""
    approved: dict[str, str] = {}
    machine: dict[str, tuple[str, str]] = {}
    for entry in entries:
        if entry.kind == "approved":
            approved[entry.source] = entry.target
        elif entry.signature and entry.signature.startswith(EDITED_SIGNATURE_PREFIX):
            continue  # an editor's unapproved text (newsmt merge), not machine output
        elif entry.source not in machine or (entry.updated_at or "") >= machine[entry.source][0]:
            machine[entry.source] = (entry.updated_at or "", entry.target)
    return [
        Edited(source, machine[source][1], target)
        for source, target in sorted(approved.items())
        if source in machine and machine[source][1] != target
    ]
