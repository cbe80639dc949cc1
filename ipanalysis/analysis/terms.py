"""Researcher helpers on the text: term × year frequencies and keyword in context.

What comparable tools (quanteda, AntConc) give first: how often a term is used each
year, per 10,000 characters so that lists of different length compare, and every place
it occurs with its context.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

PER = 10_000  # rates per 10,000 characters of the year's text


def _chars(text: str) -> int:
    return len(re.sub(r"\s+", "", text or ""))


def term_frequencies(task_documents: pd.DataFrame, terms: list[str] | None = None) -> pd.DataFrame:
    """Term × year counts and rates per 10,000 characters of the year's task text (long format).

    The text of a year is its tasks' titles and measures (what the theme analyses read).
    Without ``terms`` every content token counts (``basis == token``, the tokenizer of
    :mod:`themes`); with ``terms`` each is counted as a substring of the text
    (``basis == substring``), so ``质押`` also counts inside ``质押融资``. Every
    requested term has a row for every year, 0 where it does not occur.
    """
    d = task_documents
    n_chars = d.groupby("year")["doc"].apply(lambda s: sum(_chars(x) for x in s))
    rows = []
    for year, g in d.groupby("year"):
        if terms is None:
            counts = Counter(t for toks in g["tokens"] for t in toks)
            basis = "token"
        else:
            text = "\n".join(g["doc"])
            counts = Counter({t: len(re.findall(re.escape(t), text)) for t in terms})
            basis = "substring"
        for term, n in counts.items():
            rows.append({"term": term, "year": int(year), "count": int(n), "basis": basis})
    out = pd.DataFrame(rows, columns=["term", "year", "count", "basis"])
    out["n_chars_year"] = out["year"].map(n_chars).astype(int)
    out[f"per_{PER}_chars"] = (out["count"] / out["n_chars_year"] * PER).round(3)
    if terms is None:  # tokens absent from a year: 0, so every term has every year
        full = pd.MultiIndex.from_product([sorted(out["term"].unique()), sorted(n_chars.index)], names=["term", "year"])
        out = out.set_index(["term", "year"]).reindex(full).reset_index()
        out["count"] = out["count"].fillna(0).astype(int)
        out["basis"] = "token"
        out["n_chars_year"] = out["year"].map(n_chars).astype(int)
        out[f"per_{PER}_chars"] = (out["count"] / out["n_chars_year"] * PER).round(3)
    return out.sort_values(["term", "year"]).reset_index(drop=True)


def term_matrix(task_documents: pd.DataFrame, terms: list[str] | None = None, rate: bool = False) -> pd.DataFrame:
    """The term × year matrix: counts, or (``rate=True``) uses per 10,000 characters."""
    f = term_frequencies(task_documents, terms)
    value = f"per_{PER}_chars" if rate else "count"
    m = f.pivot_table(index="term", columns="year", values=value, fill_value=0, aggfunc="sum")
    m = m.loc[m.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    m.columns.name = "year"
    return m


def kwic(
    tasks: pd.DataFrame,
    measures: pd.DataFrame,
    guideline_items: pd.DataFrame,
    pattern: str,
    window: int = 20,
    regex: bool = False,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``pattern`` with ``window`` characters each side.

    Searches task titles, measures (with their actor) and work guide items; one row per
    occurrence with year, document, where it is (task and measure, or guide item) and
    the left context, the match and the right context. ``regex=True`` reads the
    pattern as a regular expression.
    """
    if not pattern:
        raise ValueError("kwic() needs a word or pattern to look for (an empty one would match everywhere)")
    rx = re.compile(pattern if regex else re.escape(pattern))
    t, m, g = tasks, measures, guideline_items
    places = [
        *(
            {
                "year": r.year,
                "doc_id": r.doc_id,
                "found_in": "task_title",
                "task_no": r.task_no,
                "seq": None,
                "item_no": None,
                "text": r.title,
            }
            for r in t.itertuples()
        ),
        *(
            {
                "year": r.year,
                "doc_id": r.doc_id,
                "found_in": "measure",
                "task_no": r.task_no,
                "seq": r.seq,
                "item_no": None,
                "text": r.text,
            }
            for r in m.itertuples()
        ),
        *(
            {
                "year": r.year,
                "doc_id": r.doc_id,
                "found_in": "guide_item",
                "task_no": None,
                "seq": None,
                "item_no": r.item_no,
                "text": r.text,
            }
            for r in g.itertuples()
        ),
    ]
    rows = []
    for p in places:
        text = re.sub(r"\s+", "", p["text"] or "")
        for x in rx.finditer(text):
            rows.append(
                {
                    **{k: v for k, v in p.items() if k != "text"},
                    "left": text[max(0, x.start() - window) : x.start()],
                    "keyword": x.group(),
                    "right": text[x.end() : x.end() + window],
                }
            )
    cols = ["year", "doc_id", "found_in", "task_no", "seq", "item_no", "left", "keyword", "right"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("task_no", "seq", "item_no"):
        out[c] = out[c].astype("Int64")
    return out.sort_values(["year", "doc_id", "found_in", "task_no", "seq", "item_no"], kind="stable").reset_index(
        drop=True
    )
