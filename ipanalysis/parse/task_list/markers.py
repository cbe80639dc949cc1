"""The one regex of every structure marker, built from the vocabulary.

The lexer scans with it; the sub-grammars use it to know where a list of names ends
(the next marker), so both must share the very same pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipanalysis.parse.vocabulary import CN_NUMERALS, Vocabulary

CN = f"[{CN_NUMERALS}]{{1,3}}"
GENERIC_ACTOR = r"(?:有关|各)(?:[^\s：:。；，、（）()国]|[（(][^）)]{0,8}[)）]){0,6}?(?:省份|地市|地方|地区|城市|知识产权局|知识产权管理部门)"
# what may stand in a responsibility clause: no sentence end, one level of brackets (中央宣传部（国家版权局）).
# No length cap: a clause naming 35 bodies runs past 200 characters. The scan from an opening
# bracket stops at the next unpaired bracket or sentence end, so it stays linear in the text.
RESP_BODY = r"(?:[^（）()。：:]|[（(][^（）()]{1,12}[)）])+?"
# the outer named groups, in the order the pattern tries them
KINDS = ("resp", "label", "actor", "actor_s", "section", "group", "number")


def _either(words: list[str]) -> str:
    return "|".join(map(re.escape, words))


def _pattern(vocab: Vocabulary) -> re.Pattern[str]:
    labels = _either(
        vocab.labels_of("assignment")
        + vocab.labels_of("goal")
        + vocab.labels_of("completion")
        + vocab.labels_of("measures")
    )
    actors = _either(vocab.labels_of("actor"))
    heads = "|".join(f"(?:{head})(?={follows})" for head, follows in vocab.actor_heads) or "(?!)"
    closing = vocab.labels_of("responsibility") + vocab.words_of("suffix")
    resp_words = _either(sorted(closing, key=len, reverse=True)) or "(?!)"
    return re.compile(
        rf"(?P<resp>[（(](?P<resp_body>{RESP_BODY})(?P<resp_word>{resp_words})[)）])"
        rf"|(?P<label>(?P<label_name>{labels})[：:])"
        rf"|(?P<actor>(?P<actor_name>{actors}|{GENERIC_ACTOR})[：:])"
        rf"|(?P<actor_s>(?<=[。；;])(?P<actor_s_name>{heads}))"
        rf"|(?P<section>(?P<sec_n>{CN})、)"
        rf"|(?P<group>[（(](?P<grp_n>{CN})[)）])"
        rf"|(?P<number>(?<![0-9.．])(?P<num_n>\d{{1,3}})[.．、](?![0-9])|[（(](?P<num_p>\d{{1,3}})[)）])"
    )


@dataclass(frozen=True)
class Markers:
    """The marker pattern and the completion phrases (longest first) of one vocabulary."""

    pattern: re.Pattern[str]
    completions: list[str]

    @classmethod
    def of(cls, vocab: Vocabulary) -> Markers:
        return cls(_pattern(vocab), sorted(vocab.completions, key=len, reverse=True))

    def kind(self, m: re.Match[str]) -> str:
        """The outer group a match belongs to (``lastgroup`` names the innermost one)."""
        return next((k for k in KINDS if m.group(k) is not None), m.lastgroup or "")

    def completion_at(self, c: str, pos: int) -> str | None:
        """The completion phrase starting at ``pos``, if any."""
        return next((phrase for phrase in self.completions if c.startswith(phrase, pos)), None)

    def label_or_actor_at(self, c: str, pos: int) -> bool:
        """A label (局内：) or an actor (各地区：) starts at ``pos``: no name can start there."""
        m = self.pattern.match(c, pos)
        return bool(m and (m.group("label") or m.group("actor")))
