"""Fast cue matching: the catalogue's cue patterns, expanded to literal phrases and
compiled as one trie-shaped regex over lower-cased text.

An alternation of 150 patterns is tried at every position of the text; a trie of
their literal expansions ("tổng thu ngân sách", "tổng thu ngân sách nhà nước", ...)
is tried once, an order of magnitude faster. The few patterns that are not plain
phrases (look-arounds, character classes) stay regexes and are merged in; at any
position the longest cue wins.
"""

from __future__ import annotations

import regex

#: Cap on the literal phrases one pattern may expand to.
MAX_EXPANSION = 500

#: Where a word starts: the same as ``(?<!\w)`` before a pattern whose every match starts with a word character,
#: and `regex` finds it a third faster (tests/test_speed_patterns.py checks both give the same matches).
WORD_START = r"\m"


def expand(pattern: str) -> list[str] | None:
    """The literal phrases ``pattern`` matches, or None if it uses syntax beyond
    literals, ``(?:a|b)``, ``?`` and ``\\s*``/``\\s+``."""
    out, i = _seq(pattern, 0)
    return out if out is not None and i == len(pattern) else None


def _seq(p: str, i: int):
    res = [""]
    while i < len(p):
        c = p[i]
        if c in "|)":
            return res, i
        if p.startswith("(?:", i):
            alts, i = [], i + 3
            while True:
                sub, i = _seq(p, i)
                if sub is None or i >= len(p):
                    return None, i
                alts += sub
                i += 1
                if p[i - 1] == ")":
                    break
            if i < len(p) and p[i] == "?":
                i += 1
                alts.append("")
            res = [a + b for a in res for b in alts]
        elif p.startswith(("\\s*", "\\s+"), i):
            res = [a + x for a in res for x in (("", " ") if p[i + 2] == "*" else (" ",))]
            i += 3
        elif c == "\\" and i + 1 < len(p) and not p[i + 1].isalnum():  # an escaped literal: "\ ", "\."
            res, i = _char(p, i + 2, res, p[i + 1])
        elif c in "\\[(^$*+{.":
            return None, i
        else:
            res, i = _char(p, i + 1, res, c)
        if len(res) > MAX_EXPANSION:
            return None, i
    return res, i


def _char(p, i, res, ch):
    if i < len(p) and p[i] == "?":
        return [a + x for a in res for x in ("", ch)], i + 1
    return [a + ch for a in res], i


def trie_pattern(phrases) -> str:
    """A regex matching any of ``phrases``, shaped as a trie (longest first at each branch)."""
    trie: dict = {}
    for w in phrases:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        branches = [regex.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


#: Characters that stand for a class in :func:`openings`: a letter and a mark no pattern spells (``\\w``, ``.``,
#: ``[^...]``), a digit no pattern spells (``\\d``), a space no pattern spells (``\\s``).
_ANY_LETTER, _ANY_DIGIT, _ANY_SPACE = ("ж", "Ж", "¤"), "٣", "\u2003"
_LEADING_LOOK_BEHIND = regex.compile(r"\(\?<[=!](?:[^()]|\([^()]*\))*\)")


def openings(patterns, flags: int = 0, size: int = 3) -> str:
    """A look-ahead that every match of every one of ``patterns`` passes: the first ``size`` characters a match can
    start with, read from each pattern by partial matching over the characters it spells; "" (no look-ahead) when
    a pattern opens on a class of letters that cannot be listed, or after a look-behind. Put after :data:`WORD_START`,
    it lets `regex` drop most word starts of a text at their first letters instead of trying every pattern there."""
    heads: set[tuple[str, str]] = set()
    for p in patterns:
        while (m := _LEADING_LOOK_BEHIND.match(p)) is not None:
            p = p[m.end():]  # a look-behind only narrows what follows: read without it
        if "(?<=" in p:
            return ""
        rx = regex.compile(p, flags)
        chars = set(p) | {c.upper() for c in p} | {c.lower() for c in p}
        for a, b in regex.findall(r"(\w)-(\w)", p):  # the letters of a range "[1-4]"
            chars.update(map(chr, range(ord(a), ord(b) + 1)))
        chars = sorted(chars - {"\n"})
        found = []
        todo = [""]
        while todo:
            w = todo.pop()
            if any(rx.fullmatch(w + c, partial=True) for c in _ANY_LETTER):
                return ""
            m = rx.fullmatch(w, partial=True)
            if len(w) == size or (m is not None and not m.partial):
                found.append((w, ""))
                continue
            listed, classes = chars, []
            for c, cls, members in ((_ANY_DIGIT, r"\d", "0123456789"), (_ANY_SPACE, r"\s", " \t")):
                if rx.fullmatch(w + c, partial=True):  # a class: it stands for all of its members
                    classes.append((w, cls))
                    listed = [c for c in listed if c not in members]
            more = [w + c for c in listed if rx.fullmatch(w + c, partial=True)]
            # "ba(?=\\s)": what follows is no character the reading lists; the look-ahead stops at "ba"
            found += classes or ([] if more else [(w, "")])
            todo += more
        if not found:
            return ""
        heads.update((w.lower(), cls) if flags & regex.I else (w, cls) for w, cls in found)
    literal = trie_pattern(w for w, cls in heads if not cls)  # as a trie: a flat alternation is slower
    classes = sorted(regex.escape(w) + cls for w, cls in heads if cls)
    return "(?=" + "|".join(([literal] if literal else []) + classes) + ")"


class CueMatcher:
    """Finds cues in text. ``cues`` is a list of (key, pattern); earlier keys win ties."""

    def __init__(self, cues, *, case_sensitive: bool = False):
        self.case_sensitive = case_sensitive
        self.by_phrase: dict[str, object] = {}
        rest = []
        for key, pattern in cues:
            phrases = expand(pattern)
            if phrases is None:
                rest.append((key, pattern))
                continue
            for ph in phrases:
                if ph:
                    ph = ph if case_sensitive else ph.lower()
                    self.by_phrase.setdefault(" ".join(ph.split()), key)
        start = WORD_START if all(regex.match(r"\w", ph) for ph in self.by_phrase) else r"(?<!\w)"
        self.trie = regex.compile(start + trie_pattern(self.by_phrase) + r"(?!\w)")
        self.rest_keys = [k for k, _ in rest]
        self.rest = regex.compile(
            r"(?<!\w)(?:" + "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(rest)) + r")(?!\w)",
            regex.V1 | (0 if case_sensitive else regex.I)) if rest else None

    def find(self, text: str, lower: str, start: int, end: int) -> list[tuple[int, int, object]]:
        """(start, end, key) of the cues in ``text[start:end]``; ``lower`` is ``text.lower()``."""
        found = [(m.start(), m.end(), self.by_phrase[" ".join(m.group().split())])
                 for m in self.trie.finditer(text if self.case_sensitive else lower, start, end)]
        if self.rest is not None:
            found += [(m.start(), m.end(), self.rest_keys[int(m.lastgroup[1:])])
                      for m in self.rest.finditer(text, start, end)]
            found.sort(key=lambda f: (f[0], f[0] - f[1]))
            kept, reach = [], -1
            for f in found:
                if f[0] >= reach:
                    kept.append(f)
                    reach = f[1]
            found = kept
        return found
