"""What recurs across regions: themes of different sessions whose words overlap. A suggestion, never a finding.

Deterministic and offline: no model, no service, the same answer on every laptop. Each theme becomes two sets of
word stems, from its name and from the words its contributions use most. Words are folded so that related words
of the partners' languages can meet (accents dropped, ``k``/``c``, ``y``/``i``, ``ph``/``f`` and ``th``/``t``
made one, then cut to their first letters: "industry", "Industrie", "industrija" and "industria" all become
``indus``). Two themes of different sessions are alike when the sets share enough (Jaccard); alike themes form a
group, at most one theme per session, the most alike joined first.

Names are short ("Industry opens its doors"), so two names are alike when they share a word that is not common
to most themes (at least a quarter of the shorter name); contributions are many, so their word sets must share a
quarter (Jaccard). A word found in more than half of all themes (a "creative" in a creative-industries project)
says nothing and is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ai_toolkit.reports.stopwords import RAW

MIN_LETTERS = 4
STEM_LETTERS = 5
TOP_WORDS = 15
"""How many of a theme's most used contribution words speak for it."""
COMMON_SHARE = 0.5
"""A stem found in the contributions of more than this share of all themes says nothing about any one of them."""
NAME_ALIKE = 0.25
WORDS_ALIKE = 0.25
MAX_GROUPS = 15

_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = str.maketrans({"ß": "ss", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"})
_FOLDS = (("ph", "f"), ("th", "t"), ("k", "c"), ("y", "i"), ("w", "v"))


def fold(word: str) -> str:
    """Lower case, no accents, the partners' spellings of one sound made one ("Kreativität" -> "creativitat")."""
    plain = unicodedata.normalize("NFKD", word.casefold().translate(_LETTERS))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    for a, b in _FOLDS:
        plain = plain.replace(a, b)
    return plain


STOP: frozenset[str] = frozenset(fold(w) for words in RAW.values() for w in words)

_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """The folded stem of a word, or "" for a word too short or too common to mean anything."""
    found = _cache.get(word)
    if found is None:
        folded = fold(word)
        found = "" if len(folded) < MIN_LETTERS or folded in STOP else folded[:STEM_LETTERS]
        if len(_cache) < 200_000:  # bounded: an import of hostile text cannot grow it without end
            _cache[word] = found
    return found


def stems(text: str) -> list[str]:
    return [s for s in (stem(w) for w in _WORD.findall(text)) if s]


@dataclass
class ThemeWords:
    """One theme of one session, as the comparison sees it."""

    session: int
    """Index of the session (its column in the synthesis)."""
    key: str
    """The caller's handle on the theme (returned in the groups)."""
    name: str
    texts: Iterable[str]
    name_stems: set[str] = field(default_factory=set)
    word_stems: set[str] = field(default_factory=set)
    shapes: dict[str, Counter[str]] = field(default_factory=dict)
    """For each stem, the words it was found as: what the reader is shown ("industry/Industrie")."""

    def read(self) -> Counter[str]:
        """How often each stem occurs in the theme's contributions (and, by the way, how it was written)."""
        for word in _WORD.findall(self.name):
            s = stem(word)
            if s:
                self.name_stems.add(s)
                self.shapes.setdefault(s, Counter())[word.casefold()] += 3  # the name's spelling is shown first
        words: Counter[str] = Counter()
        for text in self.texts:
            words.update(_WORD.findall(text))  # counted in C; a theme has thousands of words but few distinct ones
        counts: Counter[str] = Counter()
        for word, n in words.items():
            s = stem(word)
            if s:
                counts[s] += n
                self.shapes.setdefault(s, Counter())[word.casefold()] += n
        return counts


@dataclass(frozen=True)
class Recurrence:
    keys: list[str]
    """The themes (callers' keys), in session order."""
    words: list[str]
    """The words they share, as written ("industry/Industrie"), the most shared first."""
    score: float


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def recurring(themes: list[ThemeWords]) -> list[Recurrence]:
    """Groups of alike themes from at least two sessions, the widest first."""
    counts = [t.read() for t in themes]
    spread: Counter[str] = Counter()
    for t, c in zip(themes, counts, strict=True):
        spread.update(set(c) | t.name_stems)
    common = {s for s, n in spread.items() if len(themes) > 3 and n > COMMON_SHARE * len(themes)}
    for t, c in zip(themes, counts, strict=True):
        ranked = sorted((s for s in c if s not in common), key=lambda s: (-c[s], s))
        t.word_stems = set(ranked[:TOP_WORDS])
        t.name_stems -= common
    edges: list[tuple[float, int, int]] = []
    for i, a in enumerate(themes):
        for j in range(i + 1, len(themes)):
            b = themes[j]
            if a.session == b.session:
                continue
            by_name, by_words = _overlap(a.name_stems, b.name_stems), _jaccard(a.word_stems, b.word_stems)
            if by_name >= NAME_ALIKE or by_words >= WORDS_ALIKE:
                edges.append((max(by_name, by_words), i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    group_of = list(range(len(themes)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(themes))}
    best: dict[int, float] = {}
    for score, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if {themes[k].session for k in members[gi]} & {themes[k].session for k in members[gj]}:
            continue  # one theme per session: a group says "this recurs elsewhere", not "these are alike"
        for k in members[gj]:
            group_of[k] = gi
        members[gi] += members.pop(gj)
        best[gi] = max(best.get(gi, 0.0), best.pop(gj, 0.0), score)
    out = []
    for g, idx in members.items():
        if len(idx) < 2:
            continue
        idx.sort(key=lambda k: (themes[k].session, k))
        out.append(Recurrence([themes[k].key for k in idx], _shared_words([themes[k] for k in idx]), best[g]))
    out.sort(key=lambda r: (-len(r.keys), -r.score, r.keys))
    return out[:MAX_GROUPS]


def _shared_words(group: list[ThemeWords]) -> list[str]:
    held: Counter[str] = Counter()
    for t in group:
        held.update(t.name_stems | t.word_stems)
    shared = sorted((s for s, n in held.items() if n >= 2), key=lambda s: (-held[s], s))[:6]
    words = []
    for s in shared:
        shapes: Counter[str] = Counter()
        for t in group:
            shapes.update(t.shapes.get(s, Counter()))
        words.append("/".join(w for w, _ in sorted(shapes.items(), key=lambda it: (-it[1], it[0]))[:3]))
    return words
