"""Themes: a field-aware tokenizer, term statistics, codebook coding, topics and continuity.

Everything is a pure function of the frames it is given (parameters named after the
tables and results of :mod:`ipanalysis.analysis.registry`, which fills them) and of data
files in ``data/reference`` (lexicon, stopwords, codebook, blind coding, overrides);
randomness has fixed seeds, so the output is deterministic.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ipanalysis import schema
from ipanalysis.analysis.text import sentences
from ipanalysis.analysis.uncertainty import add_interval, bootstrap_share, compare
from ipanalysis.config import ANALYSIS_REF, CACHE
from ipanalysis.parse.vocabulary import read_csv

JIEBA_CACHE = CACHE / "jieba"
SEED = 1_000_003  # any fixed number: NMF starts from the same matrix on every run
UNCLASSIFIED = "unclassified"  # the code of a unit with no keyword evidence (codebook.csv)


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
    JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(JIEBA_CACHE)
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


def task_documents(tasks: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """One document per task: its title and measure texts (without actor labels), tokenized."""
    t, m = tasks, measures
    body = m.groupby(["year", "task_no"])["text"].apply(lambda s: "\n".join(s.fillna("")))
    d = t[["year", "task_no", "section_no", "section", "title"]].copy()
    d["text"] = [body.get((y, n), "") for y, n in zip(d["year"], d["task_no"], strict=True)]
    d["doc"] = d["title"].fillna("") + "。" + d["text"]
    d["tokens"] = d["doc"].map(tokenize)
    return d.reset_index(drop=True)


def document_term_matrix(task_documents: pd.DataFrame, level: str = "year", tfidf: bool = True):
    """(matrix, terms, index) of TF-IDF (or counts) by ``year``, ``section`` or ``task``."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    d = task_documents
    keys = {"year": ["year"], "section": ["year", "section_no", "section"], "task": ["year", "task_no"]}[level]
    g = d.groupby(keys, sort=True)["tokens"].sum().reset_index()
    vec_cls = TfidfVectorizer if tfidf else CountVectorizer
    vec = vec_cls(tokenizer=_identity, preprocessor=_identity, lowercase=False, token_pattern=None)
    m = vec.fit_transform(g["tokens"])
    return m, np.array(vec.get_feature_names_out()), g.drop(columns="tokens")


def top_terms(task_documents: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """Highest TF-IDF terms of each year."""
    m, terms, idx = document_term_matrix(task_documents, "year")
    rows = []
    for i, year in enumerate(idx["year"]):
        row = m[i].toarray().ravel()
        order = np.lexsort((terms, -row))[:n]
        rows += [
            {"year": year, "rank": r + 1, "term": terms[j], "tfidf": round(float(row[j]), 4)}
            for r, j in enumerate(order)
        ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ScopeNote:
    """What a keyness restricted to the shared policy scope leaves out, and why."""

    ip_types: frozenset[str]  # IP types every compared document covers
    narrow: dict[int, str]  # year → scope of a year whose documents cover fewer types
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (ip type, pattern) of the types outside

    def outside(self, term: str) -> bool:
        """The term names an IP type not every document covers (商标 when one list is patents only)."""
        return any(p.search(term) for _, p in self.patterns)


def shared_scope(tasks: pd.DataFrame, documents: pd.DataFrame, catalog=None) -> ScopeNote:
    """The IP types that every year's list covers (catalog ``scope``, data/reference/analysis/scopes.csv)."""
    from ipanalysis.analysis.years import document_scopes, scope_types

    t = tasks
    of_doc = document_scopes(documents, catalog)
    types = {sc.scope: sc.ip_types for sc in scope_types()}
    year_scope = {int(y): of_doc[d] for y, d in t[["year", "doc_id"]].drop_duplicates().itertuples(index=False)}
    shared = frozenset.intersection(*(types[sc] for sc in year_scope.values()))
    widest = max((len(types[sc]) for sc in year_scope.values()), default=0)
    narrow = {y: sc for y, sc in sorted(year_scope.items()) if len(types[sc]) < widest}
    pats = tuple(
        (r["ip_type"], re.compile(r["pattern"]))
        for r in read_csv(ANALYSIS_REF / "scope_terms.csv")
        if r["ip_type"] not in shared
    )
    return ScopeNote(shared, narrow, pats)


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (the false discovery rate of each test's rank)."""
    n = len(p)
    if not n:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * n / np.arange(1, n + 1)
    adj = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)
    out = np.empty(n)
    out[order] = adj
    return out


def keyness(
    task_documents: pd.DataFrame, shared_scope: ScopeNote | None = None, min_freq: int = 3, scope: str = "all"
) -> pd.DataFrame:
    """Log-likelihood G² of every term of every year against all other years, both directions.

    Effect size: log2 ratio of relative frequencies (0.5 added to both counts).
    ``direction`` is ``over`` where the year uses the term more than the others. Only
    terms used at least ``min_freq`` times in all years together are tested; each
    year's tests are one family, and ``p_adjusted`` is its Benjamini–Hochberg adjusted
    p-value (read significance from it, not from ``p_value``).

    ``scope="shared"`` drops the terms of IP types that not every list covers (商标,
    地理标志 … where one list is a patents-only plan, see :func:`shared_scope`), so that a
    year is not "key" only because its document covered more kinds of IP; it needs
    ``shared_scope``.
    """
    from scipy.stats import chi2

    if scope not in ("all", "shared"):
        raise ValueError(f"scope must be 'all' or 'shared', not {scope!r}")
    m, terms, idx = document_term_matrix(task_documents, "year", tfidf=False)
    counts = m.toarray()
    if scope == "shared":
        if shared_scope is None:
            raise ValueError("keyness(scope='shared') needs shared_scope (see themes.shared_scope)")
        note = shared_scope
        keep = np.array([not note.outside(t) for t in terms], dtype=bool)
        counts, terms = counts[:, keep], terms[keep]
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
        tested = np.flatnonzero(a + b >= min_freq)
        p = chi2.sf(g2[tested], 1)
        adj = _bh(p)
        for j, pv, pa in zip(tested, p, adj, strict=True):
            rows.append(
                {
                    "year": year,
                    "term": terms[j],
                    "freq": int(a[j]),
                    "freq_other_years": int(b[j]),
                    "g2": round(float(g2[j]), 3),
                    "p_value": float(pv),
                    "p_adjusted": float(pa),
                    "log_ratio": round(float(lr[j]), 3),
                    "direction": "over" if lr[j] > 0 else "under",
                    "scope": scope,
                    "min_freq": min_freq,
                }
            )
    out = pd.DataFrame(rows)
    return out.sort_values(["year", "g2", "term"], ascending=[True, False, True]).reset_index(drop=True)


def emerging_vanishing(task_documents: pd.DataFrame, min_freq: int = 2) -> pd.DataFrame:
    """Terms used (≥ min_freq) in a year and in no earlier year (emerge) or no later year (vanish)."""
    m, terms, idx = document_term_matrix(task_documents, "year", tfidf=False)
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
    pattern: re.Pattern[str] | None  # None: no keywords (the unclassified code)
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
            re.compile(r["keywords"]) if r["keywords"] else None,
            r["version"],
        )
        for r in read_csv(ANALYSIS_REF / "codebook.csv")
    )


def codes(scheme: str) -> tuple[str, ...]:
    """The codes of a scheme in codebook order (``unclassified`` last)."""
    return tuple(c.code for c in sorted((c for c in codebook() if c.scheme == scheme), key=lambda c: c.order))


def stages() -> tuple[str, ...]:
    """Stages of the IP chain in codebook order, ``unclassified`` last."""
    return codes("chain_stage")


def instruments() -> tuple[str, ...]:
    """Policy instruments in codebook order, ``unclassified`` last."""
    return codes("instrument")


def _score(text: str, scheme: str, weight: int = 1) -> dict[str, tuple[int, list[str]]]:
    out = {}
    for c in codebook():
        if c.scheme != scheme or c.pattern is None:
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


def load_task_codes(tasks: pd.DataFrame) -> pd.DataFrame:
    """Chain stage of every task by :func:`ipanalysis.analysis.coding.code_tasks`, with overrides.

    The corpus is coded by the same public function as any other text: keyword classes
    and a model trained on the blind-coded units, each corpus task coded by a model that
    never saw its own document. ``chain_stage_rule`` is the coder's stage,
    ``chain_stage`` the stage after researcher overrides (``code_overrides.csv``).
    """
    from ipanalysis.analysis.coding import code_tasks

    t = tasks
    coded = code_tasks(t.reset_index(drop=True))
    ov = _overrides("chain_stage")
    rows = []
    for r, c in zip(t.itertuples(), coded.to_dict("records"), strict=True):
        o = ov[(ov.year.astype(int) == r.year) & (ov.task_no.astype(int) == r.task_no)] if len(ov) else ov
        rows.append(
            {
                "year": r.year,
                "task_no": r.task_no,
                "title": r.title,
                "chain_stage": o["code"].iloc[0] if len(o) else c["chain_stage"],
                "chain_stage_rule": c["chain_stage"],
                "evidence": c["evidence"],
                "confidence": c["confidence"],
                **{k: v for k, v in c.items() if k.startswith("p_")},
                "needs_review": c["needs_review"],
                "method": c["method"],
                "overridden": bool(len(o)),
                "override_reason": o["reason"].iloc[0] if len(o) else None,
                "codebook_version": _version("chain_stage"),
            }
        )
    return schema.conform("task_codes", schema.frame("task_codes", rows), sort=False)


def _version(scheme: str) -> str:
    return next(c.version for c in codebook() if c.scheme == scheme)


def load_measure_codes(measures: pd.DataFrame) -> pd.DataFrame:
    """Policy instrument (Rothwell & Zegveld) of every measure sentence, with evidence and overrides.

    A sentence with no keyword of any instrument is ``unclassified``, never given an
    instrument by default.
    """
    m = measures
    ov = _overrides("instrument")
    rows = []
    for r in m.itertuples():
        for k, s in enumerate(sentences(r.text), start=1):
            code, hits = _best(_score(s, "instrument"), "instrument")
            rule = code or UNCLASSIFIED
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
                    "evidence": "、".join(dict.fromkeys(hits)) if hits else "(no keyword)",
                    "overridden": bool(len(o)),
                    "override_reason": o["reason"].iloc[0] if len(o) else None,
                }
            )
    return schema.conform("measure_codes", schema.frame("measure_codes", rows), sort=False)


def hand_coded() -> pd.DataFrame:
    """The blind human coding of the corpus tasks: adjudicated stage per (year, task_no).

    Two coders who saw only the codebook's definitions and the texts coded every task
    (``data/reference/analysis/validation/``); where they differed a third, also blind,
    decided. Columns ``year``, ``task_no``, ``chain_stage``, ``decided_by``.
    """
    from ipanalysis.analysis.coding import gold_units

    g = gold_units()
    g = g[g["set"] == "corpus"]
    out = pd.DataFrame(
        {
            "year": g["year"].astype(int).to_numpy(),
            "task_no": g["task_no"].astype(int).to_numpy(),
            "chain_stage": g["chain_stage"].to_numpy(),
            "decided_by": g["decided_by"].to_numpy(),
        }
    )
    return out.sort_values(["year", "task_no"]).reset_index(drop=True)


def reliability(task_codes: pd.DataFrame) -> tuple[float, pd.DataFrame, int]:
    """(Cohen's kappa, confusion matrix human × coder, n) of the coder against the blind human coding.

    Each corpus task is coded by a model trained without its own document, so this is a
    leave-one-document-out figure (see :mod:`ipanalysis.analysis.validation` for its
    interval and the other documents).
    """
    from sklearn.metrics import cohen_kappa_score, confusion_matrix

    c = task_codes
    h = hand_coded().merge(c, on=["year", "task_no"], suffixes=("_hand", ""))
    labels = list(stages())
    kappa = float(cohen_kappa_score(h["chain_stage_hand"], h["chain_stage_rule"], labels=labels))
    cm = confusion_matrix(h["chain_stage_hand"], h["chain_stage_rule"], labels=labels)
    return kappa, pd.DataFrame(cm, index=pd.Index(labels, name="human"), columns=pd.Index(labels, name="coder")), len(h)


def stage_shares(task_codes: pd.DataFrame) -> pd.DataFrame:
    """Tasks per chain stage and year, with the share of the year's tasks (unclassified included)."""
    c = task_codes
    n = c.groupby(["year", "chain_stage"]).size().unstack(fill_value=0).reindex(columns=stages(), fill_value=0)
    long = n.stack().rename("n_tasks").reset_index()
    long["n_tasks_year"] = long["year"].map(c.groupby("year").size())
    long["share"] = (long["n_tasks"] / long["n_tasks_year"]).round(4)
    return add_interval(long, "n_tasks", "n_tasks_year")


def scope_flags(shared_scope: ScopeNote, documents: pd.DataFrame) -> dict[int, str]:
    """Years whose document covers less than the others (the 2018 plan: patents only), as a note."""
    note, d = shared_scope, documents
    kinds = d.groupby("year")["doc_kind"].agg(lambda s: ", ".join(sorted(set(s))))
    return {int(y): f"its {kinds.get(y, 'document')} covers {s} only" for y, s in note.narrow.items()}


def stage_shifts(task_codes: pd.DataFrame, scope_flags: dict[int, str]) -> pd.DataFrame:
    """Each stage's share between consecutive lists and first → last: difference, 95 % interval, verdict.

    A change is a ``rise`` or ``fall`` only when the interval of the difference (Newcombe)
    excludes zero and the blind human coding of the same tasks moves the same way
    (``diff_check``); a comparison with a list of narrower scope (the 2018 plan) is
    flagged and never called a change.
    """
    c = task_codes
    auto = stage_shares(c)
    h = hand_coded()
    # the human coding covers the corpus tasks: it checks a table of exactly those tasks
    same = set(zip(c["year"], c["task_no"], strict=True)) == set(zip(h["year"], h["task_no"], strict=True))
    check = stage_shares(h) if same else None
    out = compare(auto[auto.chain_stage != UNCLASSIFIED], "chain_stage", check=check, flags=scope_flags)
    return out


def stage_instrument(task_codes: pd.DataFrame, measure_codes: pd.DataFrame) -> pd.DataFrame:
    """Sentences per chain stage (of their task) × instrument, by year, with the share of the year's sentences."""
    t, m = task_codes, measure_codes
    j = m.merge(t[["year", "task_no", "chain_stage"]], on=["year", "task_no"])
    out = j.groupby(["year", "chain_stage", "instrument"]).size().rename("n_sentences").reset_index()
    out["n_sentences_year"] = out["year"].map(j.groupby("year").size())
    out["share"] = (out["n_sentences"] / out["n_sentences_year"]).round(4)
    # sentences cluster in tasks: the interval resamples whole tasks
    cell = j.assign(cell=j["chain_stage"] + "|" + j["instrument"])
    b = bootstrap_share(cell, "task_no", "cell")
    b[["chain_stage", "instrument"]] = b["cell"].str.split("|", expand=True)
    return out.merge(b[["year", "chain_stage", "instrument", "share_low", "share_high"]], how="left")


def unclassified_shares(task_codes: pd.DataFrame, measure_codes: pd.DataFrame) -> pd.DataFrame:
    """Per year and scheme: units left ``unclassified`` (no keyword evidence) and their share."""
    t, m = task_codes, measure_codes
    rows = []
    for scheme, df, col, unit in (
        ("chain_stage", t, "chain_stage", "task"),
        ("instrument", m, "instrument", "sentence"),
    ):
        for y, g in df.groupby("year"):
            n = int((g[col] == UNCLASSIFIED).sum())
            rows.append(
                {
                    "year": y,
                    "scheme": scheme,
                    "coded_per": unit,
                    "n_unclassified": n,
                    "n": len(g),
                    "share": round(n / len(g), 4),
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- topics


def _nmf(m, k: int, seed: int):
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
    w = model.fit_transform(m)
    return w, model.components_


def topic_stability(
    task_documents: pd.DataFrame, ks: range = range(4, 13), seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
) -> pd.DataFrame:
    """Mean best-match cosine similarity of topics across seeds, per number of topics.

    Each seed starts NMF from a different random matrix (init='random'); a number of
    topics whose topics come back alike from every start is a stable choice.
    """
    from scipy.optimize import linear_sum_assignment
    from sklearn.decomposition import NMF

    m, _, _ = document_term_matrix(task_documents, "task")
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


def _stability(task_documents: pd.DataFrame) -> pd.DataFrame:
    return topic_stability(task_documents)


def choose_k(stability: pd.DataFrame) -> int:
    """The most stable number of topics (ties: the smaller)."""
    best = stability.sort_values(["stability", "k"], ascending=[False, True]).iloc[0]
    return int(best["k"])


def topic_labels(h: np.ndarray, terms: np.ndarray, n: int = 2) -> list[list[str]]:
    """For each topic, its ``n`` most distinctive terms, no term in two labels.

    A term's score for topic t is its weight in t times the square of the share of its
    total weight (over all topics) that t holds: a word that loads on every topic
    (知识产权) has a small share everywhere and loses to the heavy words that set one
    topic apart. Topics pick in turn, so no two labels share a term or are alike.
    """
    share = h / h.sum(axis=0, keepdims=True).clip(1e-12)
    score = h * share**2
    taken: set[str] = set()
    labels: list[list[str]] = [[] for _ in range(len(h))]
    for _ in range(n):
        for t in range(len(h)):
            for j in np.lexsort((terms, -score[t])):
                if terms[j] not in taken:
                    labels[t].append(str(terms[j]))
                    taken.add(str(terms[j]))
                    break
    return labels


def topics(
    task_documents: pd.DataFrame, topic_stability: pd.DataFrame | None = None, k: int | None = None, n_terms: int = 10
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topic terms, task topic weights) of NMF on the tasks' TF-IDF, with a fixed seed.

    ``k`` defaults to the most stable number of topics of ``topic_stability`` (computed
    here when not given). ``terms`` are the topic's top terms by weight; ``label`` its
    distinctive terms (:func:`topic_labels`), unique across topics.
    """
    m, terms, idx = document_term_matrix(task_documents, "task")
    if k is None:
        stability = topic_stability if topic_stability is not None else _stability(task_documents)
        k = choose_k(stability)
    w, h = _nmf(m, k, SEED)
    labels = topic_labels(h, terms)
    tt = []
    for t in range(k):
        order = np.lexsort((terms, -h[t]))[:n_terms]
        tt.append(
            {
                "topic": t + 1,
                "label": " · ".join(labels[t]),
                "terms": " ".join(terms[order]),
                "top_term": terms[order[0]],
            }
        )
    doc = idx.copy()
    doc["topic"] = w.argmax(axis=1) + 1
    doc["weight"] = w.max(axis=1).round(4)
    return pd.DataFrame(tt), doc


def topic_shares(doc_topics: pd.DataFrame) -> pd.DataFrame:
    """Tasks per main topic and year, with the share of the year's tasks."""
    n = doc_topics.groupby(["year", "topic"]).size().rename("n_tasks").reset_index()
    n["n_tasks_year"] = n["year"].map(doc_topics.groupby("year").size())
    n["share"] = (n["n_tasks"] / n["n_tasks_year"]).round(4)
    return add_interval(n, "n_tasks", "n_tasks_year")


def instrument_shares(measure_codes: pd.DataFrame) -> pd.DataFrame:
    """Measure sentences per instrument and year, with a 95 % interval from resampling whole tasks."""
    return bootstrap_share(measure_codes, "task_no", "instrument")


# ---------------------------------------------------------------- continuity


def similarities(task_documents: pd.DataFrame) -> pd.DataFrame:
    """TF-IDF cosine similarity of every pair of tasks of consecutive lists in the corpus."""
    from sklearn.metrics.pairwise import cosine_similarity

    m, _, idx = document_term_matrix(task_documents, "task")
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


def continuity(similarities: pd.DataFrame, threshold: float | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(best matches, summary) of consecutive lists in the corpus.

    Each pair of consecutive lists is counted on one basis per list, so the parts sum to
    each list's size: a task of the **earlier** list is *continued* when some task of
    the later list reaches the threshold with it, else *dropped*; a task of the
    **later** list is *continued* when some task of the earlier list reaches it, else
    *new*. ``years_between`` says how many calendar years without a list lie between
    the two (lists of the corpus are not always adjacent years).

    ``best`` has one row per task and side: ``side == "later"`` rows hold a later
    task's best match in the earlier list (status continued / new), ``side ==
    "earlier"`` rows an earlier task's best match in the later list (continued / dropped).
    """
    s = similarities
    thr = threshold if threshold is not None else continuity_threshold(s)
    later = s.sort_values(
        ["year_to", "task_to", "similarity", "task_from"], ascending=[True, True, False, True]
    ).drop_duplicates(["year_to", "task_to"])
    later = later.assign(side="later", status=np.where(later["similarity"] >= thr, "continued", "new"))
    earlier = s.sort_values(
        ["year_from", "task_from", "similarity", "task_to"], ascending=[True, True, False, True]
    ).drop_duplicates(["year_from", "task_from"])
    earlier = earlier.assign(side="earlier", status=np.where(earlier["similarity"] >= thr, "continued", "dropped"))
    best = pd.concat([later, earlier], ignore_index=True).assign(threshold=thr)
    rows = []
    for (y0, y1), g in best.groupby(["year_from", "year_to"]):
        e, la = g[g.side == "earlier"], g[g.side == "later"]
        rows.append(
            {
                "year_from": y0,
                "year_to": y1,
                "years_between": int(y1) - int(y0) - 1,
                "n_from": len(e),
                "from_continued": int((e.status == "continued").sum()),
                "from_dropped": int((e.status == "dropped").sum()),
                "n_to": len(la),
                "to_continued": int((la.status == "continued").sum()),
                "to_new": int((la.status == "new").sum()),
                "threshold": thr,
            }
        )
    return best, pd.DataFrame(rows)


BAND = (0.90, 0.95, 0.975, 0.99)  # percentiles of the cross-list similarities tried as thresholds
CONFIDENT = 0.975  # a link counted in the stage flows must clear this percentile, not just the 95th


def continuity_sensitivity(similarities: pd.DataFrame, quantiles: tuple[float, ...] = BAND) -> pd.DataFrame:
    """The continuity summary at every threshold of a band of percentiles (``quantile`` column).

    One threshold makes continued / dropped / new look exact; against blind links the
    95th percentile found every clear link but added wrong ones, and counts of dropped
    tasks move several-fold across 90th–99th. This table shows how much.
    """
    s = similarities
    rows = []
    for q in quantiles:
        _, summary = continuity(s, threshold=continuity_threshold(s, q))
        rows.append(summary.assign(quantile=q))
    return pd.concat(rows, ignore_index=True)


def near_threshold(similarities: pd.DataFrame, task_documents: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """The best matches of later tasks nearest the 95th-percentile threshold, with the band they fall in.

    ``margin`` is similarity minus the threshold; ``stable`` says whether the match keeps
    its status over the whole band (90th–99th percentile).
    """
    s = similarities
    thr = {q: continuity_threshold(s, q) for q in BAND}
    best, _ = continuity(s)
    later = best[best.side == "later"].copy()
    later["margin"] = (later["similarity"] - thr[0.95]).round(4)
    later["continued_at"] = [
        ", ".join(f"{q * 100:g}th" for q in BAND if sim >= thr[q]) or "none" for sim in later["similarity"]
    ]
    later["stable"] = [(sim >= thr[BAND[-1]]) or (sim < thr[BAND[0]]) for sim in later["similarity"]]
    d = task_documents[["year", "task_no", "title"]]
    later = later.merge(
        d.rename(columns={"year": "year_from", "task_no": "task_from", "title": "title_from"}),
        on=["year_from", "task_from"],
    ).merge(d.rename(columns={"year": "year_to", "task_no": "task_to", "title": "title_to"}), on=["year_to", "task_to"])
    later = later.assign(abs_margin=later["margin"].abs()).sort_values(["abs_margin", "year_to", "task_to"])
    cols = ["year_from", "task_from", "title_from", "year_to", "task_to", "title_to", "similarity", "margin"]
    return later.head(n)[[*cols, "continued_at", "stable"]].reset_index(drop=True)


def stage_flows(
    task_codes: pd.DataFrame,
    similarities: pd.DataFrame,
    matches: pd.DataFrame | None = None,
    min_similarity: float | None = None,
) -> pd.DataFrame:
    """Chain stage of each continued task's best match in the earlier list → its own stage.

    ``matches`` defaults to the best matches of :func:`continuity`; ``min_similarity``
    (default: the ``CONFIDENT`` percentile of the cross-list similarities) keeps only
    links clear of the threshold band, so a doubtful link does not make a flow between stages.
    """
    c = task_codes
    b = matches if matches is not None else continuity(similarities)[0]
    if min_similarity is None:
        min_similarity = continuity_threshold(similarities, CONFIDENT)
    b = b[(b.side == "later") & (b.status == "continued") & (b.similarity >= min_similarity)]
    st = c.set_index(["year", "task_no"])["chain_stage"]
    b = b.assign(
        stage_from=[st[(y, t)] for y, t in zip(b.year_from, b.task_from, strict=True)],
        stage_to=[st[(y, t)] for y, t in zip(b.year_to, b.task_to, strict=True)],
    )
    return b.groupby(["year_from", "year_to", "stage_from", "stage_to"]).size().rename("n_tasks").reset_index()
