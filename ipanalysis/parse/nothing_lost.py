"""Nothing lost: every sentence of a raw file is in some table or in the dropped list.

A reader keeps source pieces (cell paragraphs, lines) and drops boilerplate with a rule.
Here every kept piece is cut into sentence fragments (at 。；！？, colons and line
ends), its leading structure marker removed (``1.``, ``一、``, ``(一)``), folded to the
compare form, and looked up in the text of the file's tables. A fragment found nowhere
is reported with its line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ipanalysis.parse.document import TABLES, Document
from ipanalysis.parse.text import fold, has_cjk
from ipanalysis.parse.vocabulary import load_vocabulary

SPLIT = re.compile(r"[。；;！？!?：:【】\n]")
LABEL_AFTER_SPACE = re.compile(r"\s+(?=[\u4e00-\u9fff]{2,8}[：:])")
# a title line written in book-title marks (《2014年…计划》): the title column holds it without them
BOOK_TITLE = re.compile(r"^《([^《》]+)》$")
LEADING_MARKER = re.compile(r"^(?:\d{1,3}[.．、]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")


def table_text(doc: Document) -> str:
    """Every string cell of the file's tables, folded, plus the guide's (…负责) markers."""
    parts: list[str] = []
    for name in TABLES:
        df = doc.table(name)
        for col in df.columns:
            if df[col].dtype == object or str(df[col].dtype).startswith("str"):
                parts.extend(str(v) for v in df[col].dropna())
    for raw in doc.guideline_items["departments_raw"].dropna():
        parts.extend(f"（{x}负责）" for x in str(raw).split(";"))
    # a responsibility clause is stored without its brackets: （国家知识产权局、司法部负责）
    a = doc.assignments
    parts.extend(f"（{x}）" for x in a.loc[a.level.isin(("bureau", "ministry")), "text"].dropna().unique())
    return "\u0000".join(fold(p) for p in parts)


@lru_cache(maxsize=1)
def _responsibility_clause() -> re.Pattern[str]:
    """A responsibility clause （…负责）: a fragment of its own (the assignments hold it)."""
    vocab = load_vocabulary()
    words = vocab.labels_of("responsibility") + vocab.words_of("suffix")
    alt = "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"
    return re.compile(rf"[（(](?:[^（）()。]|[（(][^（）()]{{1,12}}[)）])+?(?:{alt})[)）]")


def fragments(text: str) -> list[str]:
    """Sentence fragments of a kept piece in compare form."""
    out = []
    text = _responsibility_clause().sub(lambda m: f"\n{m.group()}\n", text)
    text = LABEL_AFTER_SPACE.sub("\n", text)
    for frag in SPLIT.split(text):
        f = fold(frag)
        f = LEADING_MARKER.sub("", f)
        f = BOOK_TITLE.sub(r"\1", f)
        if f and has_cjk(f):
            out.append(f)
    return out


def uncovered(doc: Document) -> list[tuple[int, str]]:
    """(line, fragment) of every kept source fragment that no table holds."""
    corpus = table_text(doc)
    labels = {fold(x) for x in load_vocabulary().labels}  # 完成时间, 工作目标 …: structure words
    missing = []
    for marked in doc.marked:
        for piece in marked.kept:
            for f in fragments(piece.text):
                if f not in corpus and f not in labels:
                    missing.append((piece.line, f))
    return missing
