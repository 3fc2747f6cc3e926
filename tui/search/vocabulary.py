"""Word ids while the index is built: each distinct spelling is folded once, each folded
word gets an id in order of appearance, and Japanese words also get the ids of their
character pairs."""

from __future__ import annotations

from tui.search.fold import TOKEN_RE, cjk_grams, fold_token, is_cjk


class Vocabulary:
    """Word ids while building: raw token → id in one dictionary look-up per token (the
    folding runs once per distinct spelling), ids for folded words in order of appearance."""

    def __init__(self) -> None:
        self.word_ids: dict[str, int] = {"": -1}
        self.display: list[str] = []
        self.folded: list[str] = []
        """Each word id's folded word (the keys of `word_ids`, by id)."""
        self.raw: dict[str, int] = RawIds(self)
        self.short: dict[str, tuple[int, ...]] = {}
        self.gram_ids: dict[str, int] = {}
        self.grams_of: dict[int, tuple[int, ...]] = {}
        """CJK word id → ids of its characters and character pairs."""
        self.cjk_words: set[int] = set()

    def add_grams(self, wid: int, word: str) -> None:
        if is_cjk(word):
            self.cjk_words.add(wid)
            ids = self.gram_ids
            self.grams_of[wid] = tuple(
                ids.setdefault(gram, len(ids)) for gram in dict.fromkeys(cjk_grams(word))
            )

    def ids(self, text: str) -> tuple[int, ...]:
        """The word ids of a text in order (-1 for a token that folds to nothing)."""
        if len(text) > 40:
            return tuple(map(self.raw.__getitem__, TOKEN_RE.findall(text)))
        # short texts (kinds, roles, names) repeat across thousands of entities
        ids = self.short.get(text)
        if ids is None:
            ids = tuple(map(self.raw.__getitem__, TOKEN_RE.findall(text)))
            if len(self.short) < 200_000:
                self.short[text] = ids
        return ids

    def ids_of(self, text: str, into: set[int]) -> None:
        into.update(self.ids(text))
        into.discard(-1)


class RawIds(dict[str, int]):
    """Raw token → word id; a token seen for the first time is folded and given one."""

    def __init__(self, owner: Vocabulary) -> None:
        super().__init__()
        self.owner = owner

    def __missing__(self, raw: str) -> int:
        folded = fold_token(raw)
        word_ids = self.owner.word_ids
        wid = word_ids.get(folded)
        if wid is None:
            wid = word_ids[folded] = len(self.owner.display)
            self.owner.display.append(raw.lower())
            self.owner.folded.append(folded)
            self.owner.add_grams(wid, folded)
        self[raw] = wid
        return wid
