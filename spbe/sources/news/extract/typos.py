"""Stage 3a (mentions): region names misspelt by one letter ("Kabupaten Tanggumus", "Kota Bandar
Lampug"), read as the one official name they miss.

Real local news misspells names (a letter swapped, doubled, dropped or replaced); the gazetteer
then finds nothing and the figure is lost or, worse, goes to the previous body in the sentence.
A correction is only made where a wrong one is unlikely (R-NAME-TYPO):

* the written form is no name the gazetteer knows in any spelling (a real other name is never
  "corrected": "Badung" stays Badung though Bandung is one letter away);
* it has at least `MIN_LETTERS` letters (short names sit one edit from many words and names);
* exactly one official name of the type in question is one edit away (an insertion, deletion,
  substitution or a swap of two adjacent letters); two candidates ("Bandun": Bandung, Badung)
  leave it unknown;
* only official names are targets, not press acronyms ("Jatim", "Kaltim" are one letter from
  each other) or central bodies.

Where the correction may fire (an explicit government prefix, or a name-value list slot next to a
neighbour of the same province) is decided by the scanner in mentions.py.
"""

from __future__ import annotations

from collections import defaultdict

MIN_LETTERS = 5


def within_one_edit(a: str, b: str) -> bool:
    """Are two different strings one insertion, deletion, substitution or adjacent swap apart?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


class NearNames:
    """Official names by group (e.g. a region type), indexed by their one-letter deletions, so a
    look-up touches only the few names that share a deletion with the written form (no scan)."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, group: str, key: str) -> None:
        if len(key) >= MIN_LETTERS:
            for d in _deletions(key):
                self._index[(group, d)].add(key)

    def near(self, group: str, written: str) -> set[str]:
        """Names of the group one edit away from `written` (empty when it is too short)."""
        if len(written) < MIN_LETTERS:
            return set()
        found: set[str] = set()
        for d in _deletions(written):
            found |= self._index.get((group, d), set())
        return {k for k in found if within_one_edit(written, k)}
