"""`newsmt tm terms`: German terms whose English editors changed the same way, from the memory, as glossary rows."""
from translate.app.cli import main
from translate.memory import TranslationMemory
from translate.memory.term_suggestions import Edited, suggest_terms, word_changes

# (German, machine output, approved): "Bundeskanzler" fixed the same way 3 times, "Wirtschaft" twice only,
# other edits all different.
DESK = [
    ("Der Bundeskanzler reist morgen nach Paris.", "The Federal Chancellor travels to Paris tomorrow.",
     "The Chancellor travels to Paris tomorrow."),
    ("Gestern sprach der Bundeskanzler im Bundestag.", "Yesterday the Federal Chancellor spoke in the Bundestag.",
     "Yesterday the Chancellor spoke in parliament."),
    ("Der Bundeskanzler schweigt.", "The Federal Chancellor is silent.", "The Chancellor says nothing."),
    ("Die Wirtschaft wächst langsam.", "The business is growing slowly.", "The economy is growing slowly."),
    ("Die Wirtschaft schrumpft.", "The business is shrinking.", "The economy shrinks."),
    ("Der Zug kam spät an.", "The train came late.", "The train arrived late."),
]


def test_word_changes_read_a_dropped_word_with_its_neighbour():
    assert word_changes("The Federal Chancellor is silent.", "The Chancellor says nothing.") == [
        ("Federal Chancellor", "Chancellor"), ("is silent", "says nothing"), ("is", "says"), ("silent", "nothing")]


def test_suggestions_need_min_count_sentences_and_a_specific_german_word():
    edited = [Edited(*row) for row in DESK]
    assert [(s.source, s.target, s.count) for s in suggest_terms(edited)] == [("Bundeskanzler", "Chancellor", 3)]
    assert {(s.source, s.target) for s in suggest_terms(edited, min_count=2)} == {
        ("Bundeskanzler", "Chancellor"), ("Wirtschaft", "economy")}


def test_tm_terms_prints_glossary_rows_from_the_memory(tmp_path, capsys):
    db = tmp_path / "desk.sqlite"
    with TranslationMemory(db) as memory:
        memory.store([(de, mt) for de, mt, _ in DESK], "sig")
        for de, _, approved in DESK:
            memory.approve(de, approved, editor="jd")
    capsys.readouterr()
    assert main(["tm", "terms", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "source\ttarget\tnote"
    source, target, note = lines[1].split("\t")
    assert (source, target, len(lines)) == ("Bundeskanzler", "Chancellor", 2)
    assert note.startswith('3 approved sentences changed "Federal Chancellor" to "Chancellor"; e.g. ')
    assert main(["tm", "terms", str(db), "--min-count", "0"]) == 2
