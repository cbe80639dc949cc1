"""The corpus calendar: which years have a list, which kinds of document each year has.

Every fact comes from the documents table it is given and ``data/catalog.csv``; nothing here knows
a year. Charts draw every calendar year from the first to the last year they show, so a
year without a list in the corpus is a visible gap, never a neighbour of the next list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis.config import ANALYSIS_REF, CATALOG
from ipanalysis.errors import ReferenceDataError
from ipanalysis.parse.vocabulary import read_csv
from ipanalysis.schema import document_kinds, list_kinds  # one home: data/reference/vocabularies/document_kinds.csv


def years_with(kinds: Iterable[str] | None, documents: pd.DataFrame) -> list[int]:
    """Years that have a document of one of ``kinds`` (all kinds: None)."""
    d = documents
    if kinds is not None:
        d = d[d["doc_kind"].isin(list(kinds))]
    return sorted({int(y) for y in d["year"]})


def list_years(documents: pd.DataFrame) -> list[int]:
    """Years with a list in the corpus: a document of any kind data/reference/vocabularies/document_kinds.csv calls one."""
    return years_with(list_kinds(), documents)


def span(*years: Iterable[int]) -> list[int]:
    """Every calendar year from the first to the last of the given years."""
    every = {int(y) for ys in years for y in ys}
    return list(range(min(every), max(every) + 1)) if every else []


def gaps(present: Iterable[int], within: Iterable[int] | None = None) -> list[int]:
    """Years of the span (or of ``within``) that are not in ``present``."""
    have = {int(y) for y in present}
    return [y for y in (list(within) if within is not None else span(have)) if y not in have]


def kinds_by_year(documents: pd.DataFrame) -> dict[int, tuple[str, ...]]:
    """Year → the kinds of document the corpus holds for it, in codebook order."""
    d = documents
    order = {k.kind: k.order for k in document_kinds()}
    out: dict[int, tuple[str, ...]] = {}
    for y, g in d.groupby("year"):
        out[int(y)] = tuple(sorted(set(g["doc_kind"]), key=lambda k: order.get(k, len(order))))
    return out


@dataclass(frozen=True)
class Calendar:
    """The corpus calendar a chart needs: the years with a list and the kinds of document of every year."""

    present: tuple[int, ...]
    kinds: dict[int, tuple[str, ...]]

    @property
    def gaps(self) -> list[int]:
        """Years between the first and last list without one."""
        return gaps(self.present)


def calendar(documents: pd.DataFrame) -> Calendar:
    """The corpus calendar of a documents table."""
    return Calendar(tuple(list_years(documents)), kinds_by_year(documents))


def year_range_label(years: Iterable[int], lang: str) -> str:
    """``first–last年`` (zh) / ``first–last`` (en) of the years shown (one year: that year)."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    text = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"
    return f"{text}年" if lang == "zh" else text


def document_scopes(documents: pd.DataFrame, catalog: Path | None = None) -> dict[str, str]:
    """doc_id → policy scope (``patents`` / ``all_ip``) from the catalog's ``scope`` column.

    Stops naming the catalog row where a document of the corpus has no scope.
    """
    path = catalog if catalog is not None else CATALOG
    rows = read_csv(path)
    scopes = {r["doc_id"]: r.get("scope", "") for r in rows}
    known = {s.scope for s in scope_types()}
    for line, r in enumerate(rows, start=2):
        if r.get("scope", "") not in known:
            raise ReferenceDataError(
                path, line, f"a scope of {ANALYSIS_REF / 'scopes.csv'} {sorted(known)}", r.get("scope", "")
            )
    d = documents
    missing = sorted(set(d["doc_id"]) - set(scopes))
    if missing:
        raise ReferenceDataError(path, None, "a catalog row (with its scope) for every document", ", ".join(missing))
    return {k: v for k, v in scopes.items() if k in set(d["doc_id"])}


@dataclass(frozen=True)
class Scope:
    scope: str
    ip_types: frozenset[str]
    label_zh: str
    label_en: str


@lru_cache(maxsize=1)
def scope_types() -> tuple[Scope, ...]:
    """Policy scopes and the IP types each covers (data/reference/analysis/scopes.csv)."""
    return tuple(
        Scope(r["scope"], frozenset(r["ip_types"].split(";")), r["label_zh"], r["label_en"])
        for r in read_csv(ANALYSIS_REF / "scopes.csv")
    )
