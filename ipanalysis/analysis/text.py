"""Text helpers every analysis shares: one sentence splitter, one deadline grammar.

Kept here (not in the parser) because they read the published tables, not raw files:
targets, themes and actors must cut sentences and read deadlines the same way.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from ipanalysis.config import ANALYSIS_REF
from ipanalysis.parse.vocabulary import read_csv

# a sentence ends at 。；！？ (a clause list joined by ； is cut at each ；)
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
# deadlines inside a measure: 3月底前, 年底前, 上半年, 下半年
DEADLINE = re.compile(r"(?:(?P<month>\d{1,2})\s*月底前|(?P<yearend>年底前)|(?P<h1>上半年)|(?P<h2>下半年))")
# months of a year: a deadline or a period ends in one of them
YEAR_END_MONTH = 12
HALF_YEAR_MONTH = 6


def sentences(text: str | None) -> list[str]:
    """The sentences of a text, empty pieces (bare punctuation) left out."""
    return [s for s in SENTENCE.findall(text or "") if s.strip("。；！？ \n")]


def deadline_month(m: re.Match[str]) -> int:
    """The month a deadline match ends in (年底前, 下半年 → the year's last month)."""
    if m.group("month"):
        return int(m.group("month"))
    return HALF_YEAR_MONTH if m.group("h1") else YEAR_END_MONTH


@dataclass(frozen=True)
class Period:
    period: str
    end_month: int
    label_zh: str
    label_en: str


@lru_cache(maxsize=1)
def periods() -> tuple[Period, ...]:
    """Reporting periods (data/reference/analysis/periods.csv): full year, H1, Jan–Sep …"""
    return tuple(
        Period(r["period"], int(r["end_month"]), r["label_zh"], r["label_en"])
        for r in read_csv(ANALYSIS_REF / "periods.csv")
    )


def period_of_month(month: int) -> str:
    """The reporting period that ends in ``month`` (``by_month_N`` where none is defined)."""
    for p in periods():
        if p.end_month == month:
            return p.period
    return f"by_month_{month}"


def period_of_deadline(deadline: str | None) -> str:
    """The period a target covers: its deadline's, or the full year when it states none."""
    m = DEADLINE.search(deadline or "")
    return period_of_month(deadline_month(m) if m else YEAR_END_MONTH)


def period_label(period: str, lang: str) -> str:
    """A period in the chart language (``H1 (Jan–Jun)``, ``1–9月`` …)."""
    for p in periods():
        if p.period == period:
            return p.label_zh if lang == "zh" else p.label_en
    month = int(period.rsplit("_", 1)[-1])
    return f"{month}月底前" if lang == "zh" else f"by end of {calendar.month_name[month]}"


def deadline_label(deadline: str, lang: str) -> str:
    """A deadline as written (zh) or in English: 3月底前 → by end of March, 上半年 → in H1."""
    m = DEADLINE.fullmatch(re.sub(r"\s+", "", deadline or ""))
    if lang == "zh" or not m:
        return deadline
    if m.group("month"):
        return f"by end of {calendar.month_name[int(m.group('month'))]}"
    return "by year end" if m.group("yearend") else "in H1" if m.group("h1") else "in H2"
