"""Function words of German and English: frequent, name-free evidence of a text's language."""

# Frequent function words of one language that are not also words of the other ("die", "war",
# "will", "also", "was", "an", "in", "so" are both and so are left out).
GERMAN_FUNCTION_WORDS = frozenset(
    """der das dem des und ist sind nicht mit von zu zum zur vom im ins beim sich auf für es sie er
    wir ich du ihm ihn ihr ihre ihren ihnen mich mir uns auch als bei nach aus wie noch wird werden
    wurde wurden haben habe hatte hätte würde sei sein seine seinen dass oder aber nur wenn schon um
    über ein eine einen einem einer eines kein keine doch mehr gegen unter vor durch bis sehr jetzt
    hier dann denn weil ob sondern dieser diese dieses diesem diesen jedoch sowie kann können muss
    soll sollen wollen nichts etwas immer wieder bereits wo wann warum welche welcher dort heute nun
    zwischen seit ohne gibt""".split()
)
ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to is are were be been being it that this these those with for on by from at as but
    not have has had would can could should they he she we you his her their its our your my them him
    me us which who whom what when where why how or if there than then into about after over more
    some any do does did said says only just out up no""".split()
)
# Every German word that is grammar, not content, for `glossary check`: an entry whose source is one of
# these (or a single letter) would match in almost every sentence.
GERMAN_GRAMMAR_WORDS = GERMAN_FUNCTION_WORDS | frozenset(
    """die war in an so was will also den man am ab bin bist seid war waren wäre einem jede jeder jedes
    alle allem allen aller alles kein keinen keinem keiner""".split()
)
