"""Quantitative targets: found in the text, put on one scale, set beside reported outcomes.

A target is a number with a unit (``16个月``, ``20%``, ``500亿元``) in a sentence of a
measure or a guide item, matched to an indicator of ``data/reference/analysis/indicators.csv``
by a keyword in its clause and by its unit. Its comparator and direction come from the
words around it (``data/reference/analysis/target_words.csv``). Numbers that are not targets stay
out by structure: years (``2019年``), ordinals (``第13次``), document numbers
(``〔2016〕106号``), standards (``GB/T29490-2013``), anniversaries (``30周年``) and dates
(``6月底前``, a deadline) never carry a target unit or are excluded below. A number with
a target unit that matches no indicator is reported by :func:`unmatched_targets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ipanalysis import schema
from ipanalysis.config import ANALYSIS_REF, EXTERNAL
from ipanalysis.errors import ReferenceDataError
from ipanalysis.parse.task_list import DEADLINE
from ipanalysis.parse.text import clean_text
from ipanalysis.parse.vocabulary import read_csv

SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
CLAUSE_BOUNDARY = "，,；;：:——"
BASELINE = re.compile(r"在(?P<year>\d{4})年(?P<verb>压减|减少|缩短|增长|提高)(?P<val>\d+(?:\.\d+)?)[%％]的基础上")


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    unit: str
    family: str
    keyword: re.Pattern[str]
    units: tuple[str, ...]
    default_direction: str


@dataclass(frozen=True)
class Words:
    before: tuple[tuple[str, str], ...]
    after: tuple[tuple[str, str], ...]
    inner: tuple[tuple[str, str], ...]
    direction: tuple[tuple[str, str], ...]
    units: dict[str, str]


@lru_cache(maxsize=1)
def codebook() -> tuple[Indicator, ...]:
    """The indicator codebook (data/reference/analysis/indicators.csv)."""
    return tuple(
        Indicator(
            r["id"],
            r["zh"],
            r["en"],
            r["unit"],
            r["family"],
            re.compile(r["keyword"]),
            tuple(r["units"].split(";")),
            r["default_direction"],
        )
        for r in read_csv(ANALYSIS_REF / "indicators.csv")
    )


@lru_cache(maxsize=1)
def words() -> Words:
    rows = read_csv(ANALYSIS_REF / "target_words.csv")

    def of(kind: str) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(((r["word"], r["value"]) for r in rows if r["kind"] == kind), key=lambda x: -len(x[0])))

    return Words(
        of("comparator_before"),
        of("comparator_after"),
        of("comparator_inner"),
        of("direction"),
        {r["word"]: r["value"] for r in rows if r["kind"] == "unit"},
    )


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern[str]:
    w = words()
    units = "|".join(re.escape(u) for u in sorted(w.units, key=len, reverse=True))
    inner = "|".join(re.escape(x) for x, _ in w.inner)
    return re.compile(rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?(?P<inner>{inner})?(?P<unit>{units})")


def _excluded(text: str, m: re.Match[str]) -> str | None:
    """Why a number with a unit is no target (None: it may be one)."""
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 3]
    if before.endswith("第"):
        return "ordinal"
    if after.startswith("周年"):
        return "anniversary"
    if re.search(r"[〔\[]\d{4}[〕\]]\d*$", text[max(0, m.start() - 8) : m.start()]) or after.startswith("号"):
        return "document number"
    if re.search(r"GB/?T?\s*\d*-?$", text[max(0, m.start() - 6) : m.start()]):
        return "standard"
    return None


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence, split at ，；： (not at 、)."""
    spans, start = [], 0
    for i, ch in enumerate(sentence):
        if ch in "，,；;：:":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(sentence)))
    return spans


def _comparator(sentence: str, m: re.Match[str], clause_start: int) -> tuple[str, str]:
    w = words()
    if m.group("inner"):
        return dict(w.inner)[m.group("inner")], m.group("inner")
    after = sentence[m.end() : m.end() + 3]
    for word, comp in w.after:
        if after.startswith(word):
            return comp, word
    before = sentence[clause_start : m.start()]
    for word, comp in w.before:
        if before.endswith(word) or re.search(re.escape(word) + r"[\u4e00-\u9fff]{0,2}$", before):
            return comp, word
    return "=", ""


def _direction(before: str, default: str) -> str:
    last = None
    for word, d in words().direction:
        i = before.rfind(word)
        if i >= 0 and (last is None or i > last[0]):
            last = (i, d)
    return last[1] if last else default


def find_targets(text: str) -> tuple[list[dict], list[dict]]:
    """Targets and unmatched number-with-unit candidates of one text."""
    text = clean_text(text or "")
    found, unmatched = [], []
    pat = _number_pattern()
    for s in SENTENCE.finditer(text):
        sentence = s.group()
        baselines = [(b.start(), b.end(), b) for b in BASELINE.finditer(sentence)]
        deadline = DEADLINE.search(sentence)
        prev_end = 0
        clauses = _clauses(sentence)
        for m in pat.finditer(sentence):
            if any(a <= m.start() < b for a, b, _ in baselines):
                continue  # the baseline of a relative target, not a target
            unit = words().units[m.group("unit")]
            if m.group("wan"):
                unit = "万" + unit
            raw = m.group()
            why = _excluded(sentence, m)
            if why:
                continue
            ci = next(i for i, (a, b) in enumerate(clauses) if a <= m.start() <= b)
            matched: list[Indicator] = []
            # the clause of the number, then earlier clauses (the subject may be elided: "…增长10%，超过500亿元")
            for j in range(ci, -1, -1):
                a, b = clauses[j]
                a = max(a, prev_end) if j == ci else a
                ctx = sentence[a:b]
                matched = [ind for ind in codebook() if unit in ind.units and ind.keyword.search(ctx)]
                if matched:
                    break
            clause_start = max(clauses[ci][0], prev_end)
            prev_end = m.end()
            if not matched:
                unmatched.append({"number_raw": raw, "unit": unit, "reason": "no indicator", "sentence": sentence})
                continue
            comp, comp_raw = _comparator(sentence, m, clause_start)
            base = next((b for a, e, b in baselines if e <= m.start() and a >= clauses[ci][0]), None)
            for ind in matched:
                found.append(
                    {
                        "indicator": ind.id,
                        "indicator_zh": ind.zh,
                        "family": ind.family,
                        "value": float(m.group("num")),
                        "unit": unit,
                        "unit_raw": m.group("unit"),
                        "comparator": comp,
                        "comparator_raw": comp_raw or None,
                        "direction": _direction(sentence[clauses[ci][0] : m.start()], ind.default_direction),
                        "is_relative": bool(base) or (unit == "%" and ind.unit != "%"),
                        "baseline_year": int(base.group("year")) if base else None,
                        "baseline_change_pct": (
                            (-1 if base.group("verb") in ("压减", "减少", "缩短") else 1) * float(base.group("val"))
                            if base
                            else None
                        ),
                        "deadline": deadline.group() if deadline and deadline.start() < m.start() else None,
                        "number_raw": raw,
                        "sentence": sentence,
                    }
                )
    return found, unmatched


def _scan(measures: pd.DataFrame, guide: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, un = [], []
    for r in measures.itertuples():
        base = {
            "year": r.year,
            "doc_id": r.doc_id,
            "source": "task",
            "task_no": r.task_no,
            "part_no": None,
            "item_no": None,
        }
        t, u = find_targets(r.text)
        rows += [{**base, **x} for x in t]
        un += [{**base, **x} for x in u]
    for r in guide.itertuples():
        base = {
            "year": r.year,
            "doc_id": r.doc_id,
            "source": "guide",
            "task_no": None,
            "part_no": r.part_no,
            "item_no": r.item_no,
        }
        t, u = find_targets(r.text)
        rows += [{**base, **x} for x in t]
        un += [{**base, **x} for x in u]
    t = schema.conform("targets", schema.frame("targets", rows), sort=False)
    u = schema.conform("unmatched_targets", schema.frame("unmatched_targets", un), sort=False)
    return t, u


def load_targets(measures: pd.DataFrame | None = None, guide: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quantitative target in any document (task lists and the 2019 work guide)."""
    from ipanalysis import api

    m = measures if measures is not None else api.load_measures()
    g = guide if guide is not None else api.load_guideline_items()
    return _scan(m, g)[0]


def unmatched_targets(measures: pd.DataFrame | None = None, guide: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numbers with a target unit that match no indicator: never silently dropped."""
    from ipanalysis import api

    m = measures if measures is not None else api.load_measures()
    g = guide if guide is not None else api.load_guideline_items()
    return _scan(m, g)[1]


OUTCOME_UNITS = {"month", "%", "亿元", "万件", "件", "分", "家", "个"}
OUTCOME_KINDS = {"reported", "target_press"}
OUTCOME_PERIODS = {"full_year", "interim_h1", "interim_jan_sep"}


def load_outcomes(path=EXTERNAL / "reported_outcomes.csv") -> pd.DataFrame:
    """Reported outcomes (and press-stated targets of years not in data/raw), validated.

    Stops naming the row when an indicator is not in the codebook, a unit does not match
    the indicator's, or a year, kind or period is not one of the known values.
    """
    df = pd.read_csv(path, dtype={"year": "Int64"})
    known = {i.id: i for i in codebook()}
    problems = []
    for i, r in df.iterrows():
        where = f"{path}:{i + 2}"
        if r["indicator"] not in known:
            problems.append(f"{where}: indicator {r['indicator']!r} is not in {ANALYSIS_REF / 'indicators.csv'}")
            continue
        if r["unit"] not in known[r["indicator"]].units:
            problems.append(f"{where}: unit {r['unit']!r} is not a unit of {r['indicator']}")
        if pd.isna(r["year"]) or not 2000 <= int(r["year"]) <= 2100:
            problems.append(f"{where}: year {r['year']!r} is not a year")
        if r["kind"] not in OUTCOME_KINDS:
            problems.append(f"{where}: kind {r['kind']!r} is not one of {sorted(OUTCOME_KINDS)}")
        if r["period"] not in OUTCOME_PERIODS:
            problems.append(f"{where}: period {r['period']!r} is not one of {sorted(OUTCOME_PERIODS)}")
        if not str(r["source_url"]).startswith("http"):
            problems.append(f"{where}: no source address")
    if problems:
        raise ReferenceDataError(path, None, "outcomes that validate", "\n".join(problems))
    df["indicator_zh"] = df["indicator"].map(lambda x: known[x].zh)
    return schema.conform("outcomes", df)


def _met(value: float, comparator: str, direction: str, reported: float) -> bool:
    if comparator == "<=":
        return reported <= value
    if comparator == ">=":
        return reported >= value
    if comparator == ">":
        return reported > value
    if comparator == "<":
        return reported < value
    if comparator == "~":
        return abs(reported - value) <= 0.1 * abs(value)
    return reported <= value if direction == "reduce" else reported >= value  # a bare number is a level to reach


def attainment(targets: pd.DataFrame | None = None, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every target beside the reported outcome of its indicator and year: met / missed / unknown.

    Targets come from the documents and, for years whose documents are not in data/raw,
    from the press (``kind == target_press`` in the outcomes file). Only a full-year
    figure in the target's unit decides; an interim figure or a relative target whose
    baseline is unknown leaves the status ``unknown`` with a note saying why.
    """
    t = targets if targets is not None else load_targets()
    o = outcomes if outcomes is not None else load_outcomes()
    rep = o[o.kind == "reported"]
    rows = []
    doc_targets = [
        {
            "year": r.year,
            "indicator": r.indicator,
            "value": r.value,
            "unit": r.unit,
            "comparator": r.comparator,
            "direction": r.direction,
            "is_relative": r.is_relative,
            "target_source": f"{r.doc_id} task {r.task_no}" if r.source == "task" else f"{r.doc_id} item {r.item_no}",
            "baseline": f"{r.baseline_year}年{r.baseline_change_pct:+g}%" if pd.notna(r.baseline_year) else None,
            "target_url": None,
        }
        for r in t.itertuples()
    ]
    press = [
        {
            "year": r.year,
            "indicator": r.indicator,
            "value": r.value,
            "unit": r.unit,
            "comparator": "<=",
            "direction": "reduce" if r.unit == "month" else "increase",
            "is_relative": False,
            "target_source": f"press: {r.outlet}",
            "baseline": None,
            "target_url": r.source_url,
        }
        for r in o[o.kind == "target_press"].itertuples()
    ]
    known = {i.id: i for i in codebook()}
    for tg in doc_targets + press:
        full = rep[(rep.indicator == tg["indicator"]) & (rep.year == tg["year"]) & (rep.period == "full_year")]
        interim = rep[(rep.indicator == tg["indicator"]) & (rep.year == tg["year"]) & (rep.period != "full_year")]
        status, note, reported, src, outlet, period = "unknown", "", None, None, None, None
        if tg["is_relative"]:
            note = "relative target; the baseline level is not known"
        elif len(full) and full["unit"].iloc[0] != tg["unit"]:
            note = f"reported in {full['unit'].iloc[0]}, target in {tg['unit']}"
        elif len(full):
            f = full.iloc[0]
            reported, src, outlet, period = float(f["value"]), f["source_url"], f["outlet"], f["period"]
            status = "met" if _met(tg["value"], tg["comparator"], tg["direction"], reported) else "missed"
        elif len(interim):
            f = interim.iloc[0]
            reported, src, outlet, period = float(f["value"]), f["source_url"], f["outlet"], f["period"]
            note = f"only an interim figure ({f['period']})"
        else:
            note = "no reported outcome"
        rows.append(
            {
                "year": tg["year"],
                "indicator": tg["indicator"],
                "indicator_zh": known[tg["indicator"]].zh,
                "target": f"{tg['comparator']} {tg['value']:g} {tg['unit']}"
                if not tg["is_relative"]
                else f"{tg['comparator']} {tg['value']:g}% (relative, base {tg['baseline']})",
                "target_value": tg["value"],
                "comparator": tg["comparator"],
                "unit": tg["unit"],
                "target_source": tg["target_source"],
                "target_url": tg["target_url"],
                "reported_value": reported,
                "reported_period": period,
                "status": status,
                "note": note or None,
                "source_url": src,
                "outlet": outlet,
            }
        )
    out = pd.DataFrame(rows)
    return schema.conform("attainment", out)


def indicator_presence(targets: pd.DataFrame | None = None, years: list[int] | None = None) -> pd.DataFrame:
    """Which indicators each year's documents target: appear, persist or disappear."""
    t = targets if targets is not None else load_targets()
    if years is None:
        from ipanalysis import api

        years = sorted(set(api.load_documents()["year"].astype(int)) | set(t["year"].astype(int)))
    pres = t.groupby(["indicator", "year"]).size().unstack(fill_value=0).reindex(columns=years, fill_value=0) > 0
    rows = []
    for ind, r in pres.iterrows():
        for i, y in enumerate(years):
            prev = bool(r.iloc[i - 1]) if i else False
            now = bool(r.iloc[i])
            status = ("persists" if prev else "appears") if now else ("disappears" if prev else "absent")
            rows.append({"indicator": ind, "year": y, "present": now, "status": status})
    return pd.DataFrame(rows)
