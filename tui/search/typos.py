"""Typo tolerance: which known words a misspelt query word could have meant.

Used only when a word matches nothing as typed (or the whole query finds nothing), so its
cost is never paid while people type correctly.  One typo — a letter wrong, missing, extra
or two letters swapped — for words of 5+ letters, two for words of 9+ letters ("Symphonie"
for "Symphony"); a did-you-mean suggestion may look two typos away for 5+ letters.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from tui.search.fold import is_cjk

MIN_TYPO_LENGTH = 5
TWO_TYPOS_LENGTH = 9
MAX_TYPO_LENGTH = 40
"""Longer "words" are pasted noise; looking for their typos would only cost time."""


def allowed_typos(word: str) -> int:
    if not word.isalpha() or is_cjk(word) or not MIN_TYPO_LENGTH <= len(word) <= MAX_TYPO_LENGTH:
        return 0
    return 2 if len(word) >= TWO_TYPOS_LENGTH else 1


def one_edit(word: str, alphabet: Iterable[str]) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away."""
    letters = tuple(alphabet)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or limit + 1 once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def candidates(
    word: str,
    max_edits: int,
    vocabulary: Collection[str],
    alphabet: Iterable[str],
    same_start: Callable[[str, int, int], Iterable[str]],
) -> dict[str, int]:
    """Known words within `max_edits` of `word`, with their distance.

    One edit is found exactly by generating every variant; two edits search the known words
    of similar length that start with the same letter (`same_start(letter, min, max)`), a
    bounded scan instead of the millions of two-edit variants."""
    found: dict[str, int] = {}
    if max_edits <= 0:
        return found
    for variant in one_edit(word, alphabet):
        if variant in vocabulary:
            found[variant] = 1
    if max_edits >= 2:
        letters = set(word)
        for known in same_start(word[0], len(word) - 2, len(word) + 2):
            # two edits change at most four letters of the set: a cheap test first
            if len(letters.symmetric_difference(known)) > 4 or known in found or known == word:
                continue
            if distance(word, known, 2) <= 2:
                found[known] = 2
    return found
