"""Themes: a field-aware tokenizer, term statistics, codebook coding, topics and continuity.

Everything is a pure function of the published tables (defaults: ``ipa.load_*()``) and
of data files in ``data/reference`` (lexicon, stopwords, codebook, hand-coded sample,
overrides); randomness has fixed seeds, so the output is deterministic.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ipanalysis import schema
from ipanalysis.config import ANALYSIS_REF, ROOT
from ipanalysis.parse.vocabulary import read_csv

CACHE = ROOT / ".cache" / "jieba"
SEED = 20240101
STAGES = ("creation", "utilization", "protection", "administration", "service", "international", "foundation")
INSTRUMENTS = ("supply", "environment", "demand")
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def _lines(path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def lexicon() -> list[str]:
    """Domain terms (data/reference/analysis/lexicon.txt)."""
    return [ln.split()[0] for ln in _lines(ANALYSIS_REF / "lexicon.txt")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(_lines(ANALYSIS_REF / "stopwords.txt"))


@lru_cache(maxsize=1)
def _jieba():
    """A jieba tokenizer of our own, its cache in a folder the project controls."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    CACHE.mkdir(parents=True, exist_ok=True)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(CACHE)
    tk.cache_file = "jieba.dict.cache"
    tk.initialize()
    for ln in _lines(ANALYSIS_REF / "lexicon.txt"):
        parts = ln.split()
        tk.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    return tk


def segment(text: str) -> list[str]:
    """All jieba tokens of a text (no filtering), HMM off for determinism of new words."""
    return [t for t in _jieba().lcut(text or "", HMM=False) if t.strip()]


def tokenize(text: str) -> list[str]:
    """Content tokens: segmented, stopwords, punctuation, numbers and single characters removed."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Tokens of one text, cached: every term statistic re-reads the same task texts."""
    stop = stopwords()
    out = []
    for t in segment(text):
        if t in stop or len(t) < 2 or re.fullmatch(r"[\d.%％]+", t) or not re.search(r"[\u4e00-\u9fffA-Za-z]", t):
            continue
        out.append(t)
    return tuple(out)


def _identity(x):
    return x


def task_documents(tasks: pd.DataFrame | None = None, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One document per task: its title and measure texts (without actor labels), tokenized."""
    from ipanalysis import api

    t = tasks if tasks is not None else api.load_tasks()
    m = measures if measures is not None else api.load_measures()
    body = m.groupby(["year", "task_no"])["text"].apply(lambda s: "\n".join(s.fillna("")))
    d = t[["year", "task_no", "section_no", "section", "title"]].copy()
    d["text"] = [body.get((y, n), "") for y, n in zip(d["year"], d["task_no"], strict=True)]
    d["doc"] = d["title"].fillna("") + "。" + d["text"]
    d["tokens"] = d["doc"].map(tokenize)
    return d.reset_index(drop=True)


def document_term_matrix(level: str = "year", tasks: pd.DataFrame | None = None, tfidf: bool = True):
    """(matrix, terms, index) of TF-IDF (or counts) by ``year``, ``section`` or ``task``."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    d = task_documents(tasks)
    keys = {"year": ["year"], "section": ["year", "section_no", "section"], "task": ["year", "task_no"]}[level]
    g = d.groupby(keys, sort=True)["tokens"].sum().reset_index()
    vec_cls = TfidfVectorizer if tfidf else CountVectorizer
    vec = vec_cls(tokenizer=_identity, preprocessor=_identity, lowercase=False, token_pattern=None)
    m = vec.fit_transform(g["tokens"])
    return m, np.array(vec.get_feature_names_out()), g.drop(columns="tokens")


def top_terms(n: int = 15, tasks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Highest TF-IDF terms of each year."""
    m, terms, idx = document_term_matrix("year", tasks)
    rows = []
    for i, year in enumerate(idx["year"]):
        row = m[i].toarray().ravel()
        order = np.lexsort((terms, -row))[:n]
        rows += [
            {"year": year, "rank": r + 1, "term": terms[j], "tfidf": round(float(row[j]), 4)}
            for r, j in enumerate(order)
        ]
    return pd.DataFrame(rows)


def keyness(tasks: pd.DataFrame | None = None, min_freq: int = 3) -> pd.DataFrame:
    """Log-likelihood G² of every term of every year against all other years, both directions.

    Effect size: log2 ratio of relative frequencies (0.5 added to both counts).
    ``direction`` is ``over`` where the year uses the term more than the others.
    """
    from scipy.stats import chi2

    m, terms, idx = document_term_matrix("year", tasks, tfidf=False)
    counts = m.toarray()
    totals = counts.sum(axis=1)
    rows = []
    for i, year in enumerate(idx["year"]):
        a = counts[i]
        b = counts.sum(axis=0) - a
        c, d = totals[i], totals.sum() - totals[i]
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
        lr = np.log2(((a + 0.5) / c) / ((b + 0.5) / d))
        for j in np.flatnonzero(a + b >= min_freq):
            rows.append(
                {
                    "year": year,
                    "term": terms[j],
                    "freq": int(a[j]),
                    "freq_other_years": int(b[j]),
                    "g2": round(float(g2[j]), 3),
                    "p_value": float(chi2.sf(g2[j], 1)),
                    "log_ratio": round(float(lr[j]), 3),
                    "direction": "over" if lr[j] > 0 else "under",
                }
            )
    out = pd.DataFrame(rows)
    return out.sort_values(["year", "g2", "term"], ascending=[True, False, True]).reset_index(drop=True)


def emerging_vanishing(tasks: pd.DataFrame | None = None, min_freq: int = 2) -> pd.DataFrame:
    """Terms used (≥ min_freq) in a year and in no earlier year (emerge) or no later year (vanish)."""
    m, terms, idx = document_term_matrix("year", tasks, tfidf=False)
    counts = m.toarray()
    years = list(idx["year"])
    rows = []
    for i, year in enumerate(years):
        for j in np.flatnonzero(counts[i] >= min_freq):
            if i > 0 and counts[:i, j].sum() == 0:
                rows.append({"year": year, "term": terms[j], "freq": int(counts[i, j]), "change": "emerges"})
            if i < len(years) - 1 and counts[i + 1 :, j].sum() == 0:
                rows.append({"year": year, "term": terms[j], "freq": int(counts[i, j]), "change": "vanishes"})
    out = pd.DataFrame(rows, columns=["year", "term", "freq", "change"])
    return out.sort_values(["year", "change", "freq", "term"], ascending=[True, True, False, True]).reset_index(
        drop=True
    )


@dataclass(frozen=True)
class Code:
    scheme: str
    code: str
    label_zh: str
    label_en: str
    order: int
    definition: str
    pattern: re.Pattern[str]
    version: str


@lru_cache(maxsize=1)
def codebook() -> tuple[Code, ...]:
    """The versioned coding scheme (data/reference/analysis/codebook.csv)."""
    return tuple(
        Code(
            r["scheme"],
            r["code"],
            r["label_zh"],
            r["label_en"],
            int(r["order"]),
            r["definition"],
            re.compile(r["keywords"]),
            r["version"],
        )
        for r in read_csv(ANALYSIS_REF / "codebook.csv")
    )


def _score(text: str, scheme: str, weight: int = 1) -> dict[str, tuple[int, list[str]]]:
    out = {}
    for c in codebook():
        if c.scheme != scheme:
            continue
        hits = c.pattern.findall(text or "")
        out[c.code] = (weight * len(hits), hits)
    return out


def _best(scores: dict[str, tuple[int, list[str]]], scheme: str) -> tuple[str | None, list[str]]:
    order = {c.code: c.order for c in codebook() if c.scheme == scheme}
    best = max(scores, key=lambda k: (scores[k][0], -order[k]))
    return (best, scores[best][1]) if scores[best][0] > 0 else (None, [])


def _overrides(scheme: str) -> pd.DataFrame:
    rows = [r for r in read_csv(ANALYSIS_REF / "code_overrides.csv") if r["scheme"] == scheme]
    return pd.DataFrame(rows, columns=["scheme", "year", "task_no", "seq", "sentence_no", "code", "reason"])


def load_task_codes(tasks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chain stage of every task by the codebook's keyword rules, with evidence and overrides.

    A title keyword counts three times a text keyword; ties go to the stage listed first
    in the codebook. ``evidence`` lists the matched words (title first).
    """
    from ipanalysis import api

    t = tasks if tasks is not None else api.load_tasks()
    ov = _overrides("chain_stage")
    rows = []
    for r in t.itertuples():
        st = _score(r.title, "chain_stage", 3)
        sx = _score(r.text, "chain_stage", 1)
        total = {k: (st[k][0] + sx[k][0], st[k][1] + sx[k][1]) for k in st}
        code, hits = _best(total, "chain_stage")
        rule = code or "administration"
        evidence = "、".join(dict.fromkeys(hits)) if hits else "(no keyword: default)"
        o = ov[(ov.year.astype(int) == r.year) & (ov.task_no.astype(int) == r.task_no)] if len(ov) else ov
        final = o["code"].iloc[0] if len(o) else rule
        rows.append(
            {
                "year": r.year,
                "task_no": r.task_no,
                "title": r.title,
                "chain_stage": final,
                "chain_stage_rule": rule,
                "evidence": evidence,
                "score": total[rule][0] if code else 0,
                "overridden": bool(len(o)),
                "override_reason": o["reason"].iloc[0] if len(o) else None,
                "codebook_version": codebook()[0].version,
            }
        )
    return schema.conform("task_codes", schema.frame("task_codes", rows), sort=False)


def load_measure_codes(measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Policy instrument (Rothwell & Zegveld) of every measure sentence, with evidence and overrides."""
    from ipanalysis import api

    m = measures if measures is not None else api.load_measures()
    ov = _overrides("instrument")
    rows = []
    for r in m.itertuples():
        for k, s in enumerate(SENTENCE.findall(r.text or ""), start=1):
            if not s.strip("。；！？ "):
                continue
            code, hits = _best(_score(s, "instrument"), "instrument")
            rule = code or "environment"
            o = (
                ov[
                    (ov.year.astype(int) == r.year)
                    & (ov.task_no.astype(int) == r.task_no)
                    & (ov.seq.astype(int) == r.seq)
                    & (ov.sentence_no.astype(int) == k)
                ]
                if len(ov)
                else ov
            )
            rows.append(
                {
                    "year": r.year,
                    "task_no": r.task_no,
                    "seq": r.seq,
                    "sentence_no": k,
                    "actor_level": r.actor_level,
                    "sentence": s,
                    "instrument": o["code"].iloc[0] if len(o) else rule,
                    "instrument_rule": rule,
                    "evidence": "、".join(dict.fromkeys(hits)) if hits else "(no keyword: default)",
                    "overridden": bool(len(o)),
                    "override_reason": o["reason"].iloc[0] if len(o) else None,
                }
            )
    return schema.conform("measure_codes", schema.frame("measure_codes", rows), sort=False)


def hand_coded() -> pd.DataFrame:
    """The hand-coded sample (data/reference/analysis/hand_coded_tasks.csv)."""
    return pd.read_csv(ANALYSIS_REF / "hand_coded_tasks.csv")


def reliability(codes: pd.DataFrame | None = None) -> tuple[float, pd.DataFrame, int]:
    """(Cohen's kappa, confusion matrix hand × rule, n) of the rules against the hand coding."""
    from sklearn.metrics import cohen_kappa_score, confusion_matrix

    c = codes if codes is not None else load_task_codes()
    h = hand_coded().merge(c, on=["year", "task_no"], suffixes=("_hand", ""))
    kappa = float(cohen_kappa_score(h["chain_stage_hand"], h["chain_stage_rule"], labels=list(STAGES)))
    cm = confusion_matrix(h["chain_stage_hand"], h["chain_stage_rule"], labels=list(STAGES))
    return kappa, pd.DataFrame(cm, index=pd.Index(STAGES, name="hand"), columns=pd.Index(STAGES, name="rule")), len(h)


def stage_shares(codes: pd.DataFrame | None = None) -> pd.DataFrame:
    c = codes if codes is not None else load_task_codes()
    n = c.groupby(["year", "chain_stage"]).size().unstack(fill_value=0).reindex(columns=STAGES, fill_value=0)
    long = n.stack().rename("n_tasks").reset_index()
    long["share"] = (long["n_tasks"] / long["year"].map(c.groupby("year").size())).round(4)
    return long


def stage_instrument(task_codes: pd.DataFrame | None = None, measure_codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences per chain stage (of their task) × instrument, by year."""
    t = task_codes if task_codes is not None else load_task_codes()
    m = measure_codes if measure_codes is not None else load_measure_codes()
    j = m.merge(t[["year", "task_no", "chain_stage"]], on=["year", "task_no"])
    return j.groupby(["year", "chain_stage", "instrument"]).size().rename("n_sentences").reset_index()


# ---------------------------------------------------------------- topics


def _nmf(m, k: int, seed: int):
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
    w = model.fit_transform(m)
    return w, model.components_


def topic_stability(ks: range = range(4, 13), seeds: tuple[int, ...] = (0, 1, 2, 3, 4), tasks=None) -> pd.DataFrame:
    """Mean best-match cosine similarity of topics across seeds, per number of topics.

    Each seed starts NMF from a different random matrix (init='random'); a number of
    topics whose topics come back alike from every start is a stable choice.
    """
    from scipy.optimize import linear_sum_assignment
    from sklearn.decomposition import NMF

    m, _, _ = document_term_matrix("task", tasks)
    rows = []
    for k in ks:
        comps = []
        for s in seeds:
            model = NMF(n_components=k, init="random", random_state=s, max_iter=2000)
            model.fit(m)
            h = model.components_
            comps.append(h / np.linalg.norm(h, axis=1, keepdims=True).clip(1e-12))
        sims = []
        for a in range(len(comps)):
            for b in range(a + 1, len(comps)):
                c = comps[a] @ comps[b].T
                r, cidx = linear_sum_assignment(-c)
                sims.append(float(c[r, cidx].mean()))
        rows.append({"k": k, "stability": round(float(np.mean(sims)), 4), "min_pair": round(float(np.min(sims)), 4)})
    return pd.DataFrame(rows)


def choose_k(stability: pd.DataFrame) -> int:
    """The most stable number of topics (ties: the smaller)."""
    best = stability.sort_values(["stability", "k"], ascending=[False, True]).iloc[0]
    return int(best["k"])


def topics(k: int | None = None, n_terms: int = 10, tasks=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topic terms, task topic weights) of NMF with a fixed seed."""
    m, terms, idx = document_term_matrix("task", tasks)
    if k is None:
        k = choose_k(topic_stability(tasks=tasks))
    w, h = _nmf(m, k, SEED)
    tt = []
    for t in range(k):
        order = np.lexsort((terms, -h[t]))[:n_terms]
        tt.append({"topic": t + 1, "terms": " ".join(terms[order]), "top_term": terms[order[0]]})
    doc = idx.copy()
    doc["topic"] = w.argmax(axis=1) + 1
    doc["weight"] = w.max(axis=1).round(4)
    return pd.DataFrame(tt), doc


def topic_shares(doc_topics: pd.DataFrame) -> pd.DataFrame:
    n = doc_topics.groupby(["year", "topic"]).size().rename("n_tasks").reset_index()
    n["share"] = (n["n_tasks"] / n["year"].map(doc_topics.groupby("year").size())).round(4)
    return n


# ---------------------------------------------------------------- continuity


def similarities(tasks: pd.DataFrame | None = None) -> pd.DataFrame:
    """TF-IDF cosine similarity of every pair of tasks of consecutive years."""
    from sklearn.metrics.pairwise import cosine_similarity

    m, _, idx = document_term_matrix("task", tasks)
    years = sorted(idx["year"].unique())
    sim = cosine_similarity(m)
    rows = []
    for y0, y1 in itertools.pairwise(years):
        i0 = np.flatnonzero(idx["year"].values == y0)
        i1 = np.flatnonzero(idx["year"].values == y1)
        for a in i0:
            for b in i1:
                rows.append(
                    {
                        "year_from": y0,
                        "task_from": int(idx["task_no"].iloc[a]),
                        "year_to": y1,
                        "task_to": int(idx["task_no"].iloc[b]),
                        "similarity": round(float(sim[a, b]), 4),
                    }
                )
    return pd.DataFrame(rows)


def continuity_threshold(sims: pd.DataFrame, quantile: float = 0.95) -> float:
    """A best match must be more similar than ``quantile`` of all cross-year pairs.

    Most pairs of tasks of two years are unrelated, so the bulk of the similarity
    distribution is the noise floor; a match above its 95th percentile is unlikely to be
    chance.
    """
    return round(float(sims["similarity"].quantile(quantile)), 4)


def continuity(tasks: pd.DataFrame | None = None, threshold: float | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(best matches, summary): each task's most similar task of the previous year.

    A task is *persistent* when its best match reaches the threshold, *new* otherwise;
    a task of the earlier year that is no later task's match is *dropped*.
    """
    s = similarities(tasks)
    thr = threshold if threshold is not None else continuity_threshold(s)
    best = s.sort_values(
        ["year_to", "task_to", "similarity", "task_from"], ascending=[True, True, False, True]
    ).drop_duplicates(["year_to", "task_to"])
    best["status"] = np.where(best["similarity"] >= thr, "persistent", "new")
    best["threshold"] = thr
    rows = []
    for (y0, y1), g in best.groupby(["year_from", "year_to"]):
        matched_from = set(g[g.status == "persistent"]["task_from"])
        n_from = s[(s.year_from == y0)]["task_from"].nunique()
        rows.append(
            {
                "year_from": y0,
                "year_to": y1,
                "persistent": int((g.status == "persistent").sum()),
                "new": int((g.status == "new").sum()),
                "dropped": n_from - len(matched_from),
                "threshold": thr,
            }
        )
    return best.reset_index(drop=True), pd.DataFrame(rows)


def stage_flows(codes: pd.DataFrame | None = None, matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """Chain stage of each persistent task's match in the previous year → its own stage."""
    c = codes if codes is not None else load_task_codes()
    b = matches if matches is not None else continuity()[0]
    b = b[b.status == "persistent"]
    st = c.set_index(["year", "task_no"])["chain_stage"]
    b = b.assign(
        stage_from=[st[(y, t)] for y, t in zip(b.year_from, b.task_from, strict=True)],
        stage_to=[st[(y, t)] for y, t in zip(b.year_to, b.task_to, strict=True)],
    )
    return b.groupby(["year_from", "year_to", "stage_from", "stage_to"]).size().rename("n_tasks").reset_index()


def log_likelihood_check(a: int, b: int, c: int, d: int) -> float:
    """G² of one term (a in c tokens vs b in d tokens): for tests against hand arithmetic."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))
