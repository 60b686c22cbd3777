"""TMX terminology (Amazon Translate's custom terminology in TMX): each <tu> is a term, its German <tuv>
the source and its English <tuv> the target; units in other languages only are skipped with a warning."""
from __future__ import annotations

from translate.kernel.errors import InputError
from translate.kernel.textio import is_blank
from translate.kernel.tmx import read_tmx_units

from .entry import GlossaryEntry
from .problems import ParsedFile, Problem, problem_from_input_error


def parse_tmx(text: str, name: str) -> ParsedFile:
    parsed = ParsedFile(format="TMX terminology (Amazon)")
    try:
        units = read_tmx_units(text, name)
    except InputError as err:
        problem = problem_from_input_error(err, name)
        parsed.problems.append(Problem("error", name, problem.line, problem.message))
        return parsed
    for unit in units:
        german, english = (" ".join(unit.sides.get(language, "").split()) for language in ("de", "en"))
        missing = [language for language, term in (("German", german), ("English", english)) if is_blank(term)]
        if missing:
            message = f"translation unit has no {' or '.join(missing)} term; skipped"
            parsed.problems.append(Problem("warning", name, unit.line, message))
            continue
        parsed.entries.append(GlossaryEntry(source=german, target=english, origin=f"{name}:{unit.line}"))
    if not units:
        parsed.problems.append(Problem("error", name, 1, "no <tu> translation unit in the file"))
    return parsed
