"""Fast scanning: literal tables compiled for the standard library's ``re``, with ``regex``'s meaning.

The third-party ``regex`` engine, which the rules are written for, tries a pattern that opens
on a look-behind at every position of the text; ``re`` scans a trie of literal phrases about
five times faster. The two engines differ only in what ``\\w`` means (``regex`` counts marks,
``re`` counts superscript digits), so a pattern moved to ``re`` spells ``\\w`` as the exact
class ``regex`` uses, read from ``regex`` itself: the same text gives the same matches.
"""

from __future__ import annotations

import functools
import re

import regex

#: Patterns that may move to ``re``: escaped literals, ``(?:...)`` groups, ``|``, ``?`` and
#: ``(?<!\w)``/``(?!\w)`` word edges (what :func:`metrics.engine.cues.trie_pattern` builds).
_PLAIN = regex.compile(r"(?:\\.|[^\\\[\]{}*+.^$]|\(\?:|\(\?<!\\w\)|\(\?!\\w\)|[()|?])*", regex.S)


@functools.lru_cache(maxsize=None)
def word_class() -> str:
    """``regex``'s ``\\w`` as a character class for ``re`` (built once, from ``regex`` itself)."""
    everything = "".join(map(chr, range(0x110000)))
    spans = [m.span() for m in regex.finditer(r"\w+", everything)]
    return "[" + "".join(f"\\U{a:08x}" if b - a == 1 else f"\\U{a:08x}-\\U{b - 1:08x}" for a, b in spans) + "]"


def compile_plain(pattern: str):
    """``pattern`` (no flags) compiled for ``re`` when it is plain literals and word edges, else for ``regex``;
    either way it finds the same matches as ``regex.compile(pattern)``."""
    if _PLAIN.fullmatch(pattern) is None:
        return regex.compile(pattern)
    w = word_class()
    return re.compile(pattern.replace(r"(?<!\w)", f"(?<!{w})").replace(r"(?!\w)", f"(?!{w})"))
