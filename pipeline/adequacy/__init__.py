"""Adequacy: whether an English text renders every clause of its Chinese, and says nothing more.

    from pipeline.adequacy import lexical
    coverage = lexical.assess(zh, en, terms, words, names, release_date)
    coverage.missing   # (ClauseCoverage(clause=Clause(text, start, end), units=(Unit(zh, kind, gloss, rendered), ...)), ...)
    coverage.added     # ("The meeting was held in the United Kingdom.", ...): English sentences nothing licenses

`clauses.split(zh, protected)` cuts a sentence at ，；：、 and quotes, never inside a protected span
(names, figures) or a title; `english` lemmatises English (lemminflect); `relations.swaps(zh, en, terms)`
finds places the English puts in another than the Chinese does ("Mukono in South Korea"). The checks that
turn these into findings (clause_missing, sentence_added, entity_swapped) live with the other checks.
"""
