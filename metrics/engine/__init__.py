"""The clause engine: small finite-state steps that turn a paragraph's words into rows.

    cues     the catalogue's phrase tables compiled as trie-shaped regexes
    tokens   words -> phrases: numbers with units, metric and part cues, places, periods,
             comparators, status words, found once per paragraph
    license  may this clause speak of this metric? (closed world: only known words between
             a metric's head and its figure)
    resolve  clause patterns: each figure's metric, part, place, period, measure and status,
             against the state a paragraph carries from one sentence to the next

The rules live in :mod:`metrics.catalogue`, :mod:`metrics.places` and :mod:`metrics.periods`
as tables; nothing here names a Vietnamese word that a table could hold instead.
"""
