"""Quantitative targets: found in the text, put on one scale, set beside reported outcomes.

A target is a number with a unit (``16个月``, ``20%``, ``500亿元``) in a sentence of a
measure or a guide item, matched to an indicator of ``data/reference/analysis/indicators.csv``
by a keyword in its clause and by its unit. Its comparator and direction come from the
words around it (``data/reference/analysis/target_words.csv``). Numbers that are not targets stay
out by structure: years (``NNNN年``), ordinals (``第13次``), document numbers
(``〔NNNN〕106号``), standards (``GB/T29490-NNNN``), anniversaries (``30周年``) and dates
(``6月底前``, a deadline) never carry a target unit or are excluded below. A number with
a target unit that matches no indicator is reported by :func:`unmatched_targets`.

Every target carries the kind of document it is in (task list, work guide, plan; press
for targets known only from press reports) and the period it covers, so that it is
compared only with the same kind of document and judged only against an outcome of the
same period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.analysis.text import DEADLINE, SENTENCE, period_label, period_of_deadline
from ipanalysis.analysis.years import document_kinds, kinds_by_year, span
from ipanalysis.config import ANALYSIS_REF, EXTERNAL
from ipanalysis.corpus.inputs import Table, check_table
from ipanalysis.errors import NameNotFoundError, ReferenceDataError, close_names
from ipanalysis.parse.text import clean_text
from ipanalysis.parse.vocabulary import read_csv

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


def _scan(
    measures: pd.DataFrame, guideline_items: pd.DataFrame, documents: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    kind_of = dict(zip(documents["doc_id"], documents["doc_kind"], strict=True))
    rows, un = [], []
    for source, frame in (("task", measures), ("guide", guideline_items)):
        for r in frame.itertuples():
            base = {
                "year": r.year,
                "doc_id": r.doc_id,
                "doc_kind": kind_of.get(r.doc_id),
                "found_in": source,
                "task_no": r.task_no if source == "task" else None,
                "part_no": r.part_no if source == "guide" else None,
                "item_no": r.item_no if source == "guide" else None,
            }
            t, u = find_targets(r.text)
            rows += [{**base, **x, "period": period_of_deadline(x["deadline"])} for x in t]
            un += [{**base, **x} for x in u]
    missing = sorted({r["doc_id"] for r in rows + un if r["doc_kind"] is None})
    if missing:
        raise ReferenceDataError(
            "load_documents()", None, "every document of a target in the documents table", ", ".join(missing)
        )
    t = schema.conform("targets", schema.frame("targets", rows), sort=False)
    u = schema.conform("unmatched_targets", schema.frame("unmatched_targets", un), sort=False)
    return t, u


def load_targets(measures: pd.DataFrame, guideline_items: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per quantitative target in any document (task lists, plans, work guides)."""
    return _scan(measures, guideline_items, documents)[0]


def unmatched_targets(measures: pd.DataFrame, guideline_items: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Numbers with a target unit that match no indicator: never silently dropped."""
    return _scan(measures, guideline_items, documents)[1]


OUTCOMES = "external/reported_outcomes.csv"  # its rules in data/schema/inputs.csv


def load_outcomes(path=EXTERNAL / "reported_outcomes.csv") -> pd.DataFrame:
    """Reported outcomes (and press-stated targets of documents not in data/raw), validated.

    The file goes through the input checker of the catalog (rules ``external/reported_outcomes.csv``
    of data/schema/inputs.csv: indicator, year, period, outcome kind and source kind are known values, one
    row per indicator, year, period and kind), then :func:`outcome_problems`; every problem
    names the file, line and column.
    """
    table = check_table(Path(path), OUTCOMES)
    problems = outcome_problems(table)
    if problems:
        raise ReferenceDataError.combine(problems)
    df = pd.read_csv(path, dtype={"year": "Int64"})
    known = {i.id: i for i in codebook()}
    df["indicator_zh"] = df["indicator"].map(lambda x: known[x].zh)
    return schema.conform("outcomes", df)


def outcome_problems(table: Table) -> list[ReferenceDataError]:
    """Rules across a row's columns: a unit of its indicator, and a quote where its source kind requires one.

    A repost may lack its quote; its ``source_kind`` says how far it is from the source
    (data/reference/vocabularies/source_kinds.csv).
    """
    known = {i.id: i for i in codebook()}
    quote_required = schema.source_kinds()
    problems = []
    for line, r in zip(table.lines, table.rows, strict=True):
        units = known[r["indicator"]].units
        if r["unit"] not in units:
            expected = f"a unit of {r['indicator']} ({', '.join(units)})"
            problems.append(ReferenceDataError(table.path, line, expected, r["unit"], column="unit"))
        if quote_required[r["source_kind"]] and not r["quote"].strip():
            expected = f"the sentence as published (source_kinds.csv requires it of an {r['source_kind']} source)"
            problems.append(ReferenceDataError(table.path, line, expected, "an empty cell", column="quote"))
    return problems


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


def _document_targets(t: pd.DataFrame) -> list[dict]:
    return [
        {
            "year": r.year,
            "indicator": r.indicator,
            "value": r.value,
            "unit": r.unit,
            "comparator": r.comparator,
            "direction": r.direction,
            "is_relative": r.is_relative,
            "target_kind": r.doc_kind,
            "target_period": r.period,
            "target_source": f"{r.doc_id} task {r.task_no}" if r.found_in == "task" else f"{r.doc_id} item {r.item_no}",
            "baseline": f"{r.baseline_year}: {r.baseline_change_pct:+g}%" if pd.notna(r.baseline_year) else None,
            "target_url": None,
        }
        for r in t.itertuples()
    ]


def _press_targets(o: pd.DataFrame) -> list[dict]:
    """Targets known from the press: a level stated as a bound in the indicator's direction."""
    known = {i.id: i for i in codebook()}
    out = []
    for r in o[o.outcome_kind == "target_press"].itertuples():
        direction = known[r.indicator].default_direction
        out.append(
            {
                "year": r.year,
                "indicator": r.indicator,
                "value": r.value,
                "unit": r.unit,
                "comparator": "<=" if direction == "reduce" else ">=",
                "direction": direction,
                "is_relative": False,
                "target_kind": "press",
                "target_period": r.period,
                "target_source": f"press: {r.outlet}",
                "baseline": None,
                "target_url": r.source_url,
            }
        )
    return out


def attainment(
    targets: pd.DataFrame, outcomes: pd.DataFrame, include_press: bool = False, indicator: str | None = None
) -> pd.DataFrame:
    """Every document target beside the reported outcome of its indicator, year and period.

    ``indicator`` keeps one indicator's rows, named by id, Chinese or English name
    (``发明专利审查周期``, ``invention patent review cycle``); a misspelt name is a
    :class:`~ipanalysis.errors.NameNotFoundError` with the closest names.

    Only an outcome of the target's own period (a full-year target: a full-year figure)
    in its unit decides met / missed; an interim figure, another unit or a relative
    target whose baseline level is unknown leaves the status ``unknown`` with a note.
    Targets known only from press reports of documents not in data/raw are left out
    unless ``include_press=True``; they are then labelled ``target_kind == press``.
    """
    t, o = targets, outcomes
    rep = o[o.outcome_kind == "reported"]
    known = {i.id: i for i in codebook()}
    rows = []
    for tg in _document_targets(t) + (_press_targets(o) if include_press else []):
        same = rep[(rep.indicator == tg["indicator"]) & (rep.year == tg["year"])]
        match = same[same.period == tg["target_period"]]
        other = same[same.period != tg["target_period"]]
        status, note, f = "unknown", "", None
        if tg["is_relative"]:
            note = "relative target; the baseline level is not known"
        elif len(match) and match["unit"].iloc[0] != tg["unit"]:
            note = f"reported in {match['unit'].iloc[0]}, target in {tg['unit']}"
        elif len(match):
            f = match.iloc[0]
            status = "met" if _met(tg["value"], tg["comparator"], tg["direction"], float(f["value"])) else "missed"
        elif len(other):
            got = "; ".join(
                f"{period_label(p, 'en')} {v:g}" for p, v in zip(other["period"], other["value"], strict=True)
            )
            note = f"no {period_label(tg['target_period'], 'en')} figure; only {got}: not comparable"
        else:
            note = f"no reported {period_label(tg['target_period'], 'en')} outcome"
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
                "target_kind": tg["target_kind"],
                "target_period": tg["target_period"],
                "target_source": tg["target_source"],
                "target_url": tg["target_url"],
                "reported_value": float(f["value"]) if f is not None else None,
                "reported_period": f["period"] if f is not None else None,
                "status": status,
                "note": note or None,
                "source_url": f["source_url"] if f is not None else None,
                "outlet": f["outlet"] if f is not None else None,
                "source_kind": f["source_kind"] if f is not None else None,
                "quote": f["quote"] if f is not None else None,
            }
        )
    out = schema.conform("attainment", schema.frame("attainment", rows))
    if indicator is not None:
        out = out[out["indicator"] == resolve_indicator(indicator)].reset_index(drop=True)
    return out


def resolve_indicator(name: str) -> str:
    """An indicator's id from its id, Chinese or English name (any case); else the closest names suggested."""
    forms = {}
    for i in codebook():
        forms.update({i.id: i.id, i.zh: i.id, i.en.lower(): i.id})
    key = name.strip()
    found = forms.get(key) or forms.get(key.lower())
    if found:
        return found
    names = [n for i in codebook() for n in (i.id, i.zh, i.en)]
    raise NameNotFoundError("indicator", name, close_names(key, names, cutoff=0.5), ANALYSIS_REF / "indicators.csv")


LIST_LANE = "list"


def _lane(kind: str) -> str:
    """The lane a kind of document is compared in: every list kind (plan, task list) is one."""
    return LIST_LANE if kind in schema.list_kinds() else kind


def indicator_presence(
    targets: pd.DataFrame,
    outcomes: pd.DataFrame,
    documents: pd.DataFrame,
) -> pd.DataFrame:
    """Which indicators each kind of document targets, year by year, on a calendar.

    One row per indicator, calendar year and ``document`` (``list``: the year's task
    list or plan; ``work_guide``; ``press``: a press report of a document not in the
    corpus): ``present`` (the document states a target on it), ``absent`` (the document
    is in the corpus and states none) or ``not_in_corpus`` (no such document of that
    year in the corpus: nothing can be said, never "dropped"). ``change`` compares a
    document with the previous one of the same kind in the corpus: new / repeated /
    not_repeated (None for the first, and for press reports).
    """
    t, o, d = targets, outcomes, documents
    press = o[o.outcome_kind == "target_press"]
    have = {y: {_lane(k) for k in ks} for y, ks in kinds_by_year(d).items()}
    found = {(r.indicator, int(r.year), _lane(r.doc_kind)): r.doc_id for r in t.itertuples()}
    found.update({(r.indicator, int(r.year), "press"): None for r in press.itertuples()})
    years = span(have, t["year"], press["year"])
    lanes = list(dict.fromkeys(_lane(k.kind) for k in document_kinds()))
    rows = []
    for ind in sorted({k[0] for k in found}):
        for lane in lanes:
            last = None  # presence in the previous document of this lane
            for y in years:
                present = (ind, y, lane) in found
                if lane == "press":
                    status = "present" if present else "not_in_corpus"
                else:
                    status = "present" if present else "absent" if lane in have.get(y, ()) else "not_in_corpus"
                change = None
                if status != "not_in_corpus" and lane != "press":
                    if last is not None:
                        change = ("repeated" if last else "new") if present else ("not_repeated" if last else None)
                    elif present:
                        change = "new"
                    last = present
                rows.append(
                    {
                        "indicator": ind,
                        "year": y,
                        "document": lane,
                        "status": status,
                        "change": change,
                        "doc_id": found.get((ind, y, lane)),
                    }
                )
    return pd.DataFrame(rows, columns=["indicator", "year", "document", "status", "change", "doc_id"])
