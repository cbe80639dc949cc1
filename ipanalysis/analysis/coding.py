"""Code any task's stage of the IP chain: weighted keyword classes plus a model trained on blind-coded units.

Why two parts. Keyword rules written on four lists fit their wording and little else
(issue 17: κ 0.68 and 15 % unclassified on documents they never saw). So the evidence is
read in two ways and combined:

* **keyword classes** (``data/reference/analysis/stage_lexicon.csv``): weighted patterns
  built from the codebook's definitions and the field's vocabulary, laws and rules found
  by their *form* (``《…条例》``, ``修订…办法``) rather than by a name that happens to contain
  保护. All patterns run as one longest-first alternation, so ``公平竞争审查`` is read as
  competition law before ``审查`` can be read as examination. Title hits weigh more than
  text hits, and the heading a task stands under adds a little.
* **a logistic regression** (scikit-learn) over character n-grams of the title and text
  and the keyword scores, trained on the adjudicated blind coding
  (``data/reference/analysis/validation/``). A unit that is itself in the training data is
  coded by a model trained without its whole document (cross-fitting), so no task is coded
  from its own gold label.

Ties are broken by the weight of evidence, never by codebook order. ``unclassified`` is
kept for a unit with no evidence at all (no keyword and no character the model knows),
and such units, like every unit whose top probability is low, are flagged
``needs_review``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ipanalysis.config import ANALYSIS_REF
from ipanalysis.errors import ReferenceDataError, SchemaError

VALIDATION = ANALYSIS_REF / "validation"
UNCLASSIFIED = "unclassified"
CJK = re.compile(r"[\u4e00-\u9fff]")  # a unit without a Chinese character has nothing for the model to read
NO_STAGE = "-"  # lexicon phrases that are no evidence of any stage (read so that their words are not)
TITLE_WEIGHT = 3.0  # a keyword of the title counts three times one of the text: the title states the aim
CONTEXT_WEIGHT = 0.5  # the heading above a task is context, not the task's own aim
REVIEW_BELOW = 0.5  # a top probability under this flags the unit for a person to read
C = 1.0  # inverse regularisation of the logistic regression (leave-one-document-out κ is flat over 1–4)
SEED = 0
KEYWORD_WEIGHT = 0.5  # the keyword classes' share of the blend; the model's is the rest
MAX_FEATURES = 3000  # the most frequent character n-grams: enough for ~170 training units, and fast to fit


@dataclass(frozen=True)
class Lexicon:
    """The keyword classes, indexed for a longest-first scan: by first character, and the few regular expressions."""

    version: str
    literals: dict[str, tuple[tuple[str, str, float], ...]]  # first character → (word, stage, weight), longest first
    patterns: tuple[tuple[re.Pattern[str], str, float], ...]  # forms (a law in 《》, 修订…条例): tried before literals


_AS_OF: str | None = None  # a lexicon version to read the keywords as of (None: every row)


@contextmanager
def lexicon_as_of(version: str) -> Iterator[None]:
    """Code with the lexicon rows of ``version`` and before only: how the keywords did before a revision."""
    global _AS_OF
    old, _AS_OF = _AS_OF, version
    keyword_hits.cache_clear()
    try:
        yield
    finally:
        _AS_OF = old
        keyword_hits.cache_clear()


@lru_cache(maxsize=4)
def stage_lexicon(as_of: str | None = None) -> Lexicon:
    """Read ``stage_lexicon.csv``. A stage of ``-`` marks a phrase that is no evidence (an event's name).

    ``as_of`` keeps the rows of that version and earlier (each row says the version that added it).
    """
    path = ANALYSIS_REF / "stage_lexicon.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if as_of is not None:
        df = df[[_version_key(v) <= _version_key(as_of) for v in df["version"]]]
    need = {"version", "stage", "pattern", "weight"}
    if missing := need - set(df.columns):
        raise ReferenceDataError(path, 1, f"columns {sorted(need)}", f"missing {sorted(missing)}")
    from ipanalysis.analysis.themes import stages

    known = (set(stages()) - {UNCLASSIFIED}) | {NO_STAGE}
    literals: dict[str, list[tuple[str, str, float]]] = {}
    patterns = []
    for i, r in enumerate(df.itertuples(), start=2):
        if r.stage not in known:
            raise ReferenceDataError(
                path, i, f"a stage of the codebook or '-' ({', '.join(sorted(known))})", r.stage, column="stage"
            )
        try:
            w = float(r.weight)
            rx = re.compile(r.pattern) if _is_regex(r.pattern) else None
        except (re.error, ValueError) as e:
            raise ReferenceDataError(path, i, "a regular expression and a number as weight", str(e)) from e
        if not r.pattern:
            raise ReferenceDataError(path, i, "a word or pattern", "", column="pattern")
        if rx is not None:
            patterns.append((rx, r.stage, w))
        else:
            literals.setdefault(r.pattern[0], []).append((r.pattern, r.stage, w))
    ordered = {k: tuple(sorted(v, key=lambda e: (-len(e[0]), e[0]))) for k, v in literals.items()}
    version = max(df["version"], key=_version_key) if len(df) else ""
    return Lexicon(version, ordered, tuple(patterns))


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def _is_regex(p: str) -> bool:
    return bool(re.search(r"[\[\](){}|*+?]", p))


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The one form keywords are matched on: simplified characters, ASCII punctuation, upper-case Latin."""
    from ipanalysis.parse.text import to_simplified, width_fold

    return width_fold(to_simplified(text or "")).upper()


@lru_cache(maxsize=8192)
def keyword_hits(text: str) -> tuple[tuple[str, str, float], ...]:
    """Every keyword of ``text`` as (stage, matched words, weight), left to right.

    At each position the forms (regular expressions) are tried first, then the words
    starting with that character, longest first; a match consumes its characters, so
    ``公平竞争审查`` is never also read as ``审查``. Phrases of stage ``-`` consume without
    counting.
    """
    lex = stage_lexicon(_AS_OF)
    out = []
    i, n = 0, len(text)
    while i < n:
        hit = None
        for rx, stage, w in lex.patterns:
            m = rx.match(text, i)
            if m and m.end() > i:
                hit = (stage, m.group(0), w)
                break
        if hit is None:
            for word, stage, w in lex.literals.get(text[i], ()):
                if text.startswith(word, i):
                    hit = (stage, word, w)
                    break
        if hit is None:
            i += 1
            continue
        if hit[0] != NO_STAGE:
            out.append(hit)
        i += len(hit[1])
    return tuple(out)


def keyword_scores(title: str, text: str, context: str = "") -> tuple[dict[str, float], list[str]]:
    """Weighted evidence per stage of one unit, and the evidence as ``stage:word`` (title first)."""
    scores: dict[str, float] = {}
    evidence: list[str] = []
    for part, weight in ((title, TITLE_WEIGHT), (text, 1.0), (context, CONTEXT_WEIGHT)):
        for stage, word, w in keyword_hits(normalise(part)):
            scores[stage] = scores.get(stage, 0.0) + w * weight
            evidence.append(f"{stage}:{word}")
    return scores, list(dict.fromkeys(evidence))


def unit_scores(title: str, text: str, context: str = "") -> tuple[dict[str, float], list[str]]:
    """:func:`keyword_scores` of a unit whose text may repeat its title: the title's words are counted once, as title."""
    rest = text[len(title) :] if title and text.startswith(title) else text
    return keyword_scores(title, rest, context)


def _body(title: str, text: str) -> str:
    """Title and text once each: many texts start with their title sentence."""
    title, text = (title or "").strip(), (text or "").strip()
    if title and text.startswith(title):
        return text
    return f"{title}。{text}" if title else text


def _frame(tasks: pd.DataFrame) -> pd.DataFrame:
    """The columns the coder reads, with missing optional ones empty; checks the required ones."""
    missing = {"title", "text"} - set(tasks.columns)
    if missing:
        raise SchemaError(None, None, "a table with columns 'title' and 'text' to code", f"missing {sorted(missing)}")
    f = pd.DataFrame(index=range(len(tasks)))
    for c in ("title", "text"):
        f[c] = [without_bodies(x) for x in tasks[c].astype("object").where(tasks[c].notna(), "").astype(str)]
    ctx = tasks["section"] if "section" in tasks.columns else pd.Series([""] * len(tasks))
    f["context"] = ctx.astype("object").where(ctx.notna(), "").astype(str).to_numpy()
    f["title"] = [t if t else _first_sentence(x) for t, x in zip(f["title"], f["text"], strict=True)]
    return f


# the bodies in charge, e.g. （国家知识产权局、中央宣传部负责）: who acts is not what the task is for
# (中央宣传部 would read as publicity, 市场监管总局 as supervision)
IN_CHARGE = re.compile(r"[（(][^（）()]{1,400}?(负责|牵头|参与|配合)[^（）()]{0,20}[）)]")


def without_bodies(text: str) -> str:
    """The text without its clauses naming the bodies in charge."""
    return IN_CHARGE.sub("", text or "")


def _first_sentence(text: str) -> str:
    """The title of an item without one: its first sentence (an item's heading is its first sentence)."""
    return re.split(r"[。；;\n]", text.strip(), maxsplit=1)[0][:80] if text else ""


# ---------------------------------------------------------------- training data


@lru_cache(maxsize=1)
def gold_units() -> pd.DataFrame:
    """The blind-coded units with their adjudicated stage (``validation/units.csv`` + ``adjudicated.csv``)."""
    u = pd.read_csv(VALIDATION / "units.csv", dtype=str, keep_default_na=False)
    a = pd.read_csv(VALIDATION / "adjudicated.csv", dtype=str, keep_default_na=False)
    from ipanalysis.analysis.themes import stages

    path = VALIDATION / "adjudicated.csv"
    for i, r in enumerate(a.itertuples(), start=2):
        if r.chain_stage not in stages():
            raise ReferenceDataError(
                path, i, f"a stage of the codebook ({', '.join(stages())})", r.chain_stage, column="chain_stage"
            )
    dup = a["unit_id"].duplicated()
    if dup.any():
        raise ReferenceDataError(
            path, int(dup.idxmax()) + 2, "each unit_id once", a["unit_id"][dup].iloc[0], column="unit_id"
        )
    unknown = sorted(set(a["unit_id"]) - set(u["unit_id"]))
    if unknown:
        line = int(a.index[a["unit_id"] == unknown[0]][0]) + 2
        raise ReferenceDataError(path, line, "a unit_id of units.csv", unknown[0], column="unit_id")
    u = u.assign(section=u["context"])  # the heading, read as context when training as when coding
    g = u.merge(a[["unit_id", "chain_stage", "decided_by"]], on="unit_id", how="inner", validate="one_to_one")
    if len(g) != len(a):
        raise ReferenceDataError(
            VALIDATION / "adjudicated.csv", None, "unit ids of units.csv", f"{len(a) - len(g)} unknown"
        )
    return g


def _features(frame: pd.DataFrame):
    """Keyword scores per stage (log-scaled) for the model, beside the character n-grams."""
    from ipanalysis.analysis.themes import stages

    st = [s for s in stages() if s != UNCLASSIFIED]
    rows = []
    for t, x, c in zip(frame["title"], frame["text"], frame["context"], strict=True):
        sc, _ = unit_scores(t, x, c)
        tot = sum(sc.values()) or 1.0
        rows.append([sc.get(s, 0.0) / tot for s in st] + [np.log1p(sc.get(s, 0.0)) for s in st])
    return np.asarray(rows)


class StageModel:
    """Character n-grams of title (twice: it states the aim) and text, plus keyword scores → stage."""

    def __init__(self, c: float = C):
        self.c = c

    @staticmethod
    def _docs(frame: pd.DataFrame) -> list[str]:
        return [f"{t} {t} {_body(t, x)}" for t, x in zip(frame["title"], frame["text"], strict=True)]

    def fit(self, frame: pd.DataFrame, y) -> StageModel:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vec = TfidfVectorizer(
            analyzer="char", ngram_range=(2, 3), min_df=2, max_features=MAX_FEATURES, sublinear_tf=True
        )
        xt = self.vec.fit_transform(self._docs(frame))
        x = hstack([xt, csr_matrix(_features(frame))]).tocsr()
        self.clf = LogisticRegression(C=self.c, max_iter=5000, class_weight="balanced", random_state=SEED)
        self.clf.fit(x, list(y))
        return self

    def predict_proba(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities per class in ``self.classes``, number of known n-grams per unit)."""
        from scipy.sparse import csr_matrix, hstack

        xt = self.vec.transform(self._docs(frame))
        x = hstack([xt, csr_matrix(_features(frame))]).tocsr()
        return self.clf.predict_proba(x), np.asarray((xt > 0).sum(axis=1)).ravel()

    @property
    def classes(self) -> list[str]:
        return list(self.clf.classes_)


def _near(key: str, doc_of: dict[str, str]) -> str:
    """The document of a training unit whose wording this one contains or is contained in (a cut or extended copy)."""
    if len(key) < 20:
        return ""
    for k, doc in doc_of.items():
        if len(k) >= 20 and (key in k or k in key):
            return doc
    return ""


def _key(title: str, text: str) -> str:
    """The identity of a unit's wording: simplified, width-folded, punctuation, spaces and numbering removed.

    A unit of the training data whose text was re-punctuated, re-spaced or converted is
    still recognised, so it is still coded without its own document.
    """
    return re.sub(r"[^\u4e00-\u9fffA-Z]", "", normalise(_body(title, text)))


def code_tasks(tasks: pd.DataFrame, train: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stage of the IP chain of every row of ``tasks``: one row per input row, same order.

    ``tasks`` needs ``title`` and ``text``; ``year``, ``task_no`` and ``section`` (the
    heading, read as context) are used when present. Returns ``chain_stage``, a
    probability per stage (``p_<stage>``), ``confidence`` (the top probability),
    ``evidence`` (the keywords, ``stage:word``), ``needs_review`` and ``method``.

    ``train`` (default: the adjudicated blind coding) is the hand-coded data the model
    learns from. A row whose text is itself in ``train`` is coded by a model trained
    without its whole document, so its own label never codes it.
    """
    from ipanalysis.analysis.themes import stages

    f = _frame(tasks)
    g = gold_units() if train is None else train
    gframe = _frame(g)
    gkeys = [_key(t, x) for t, x in zip(gframe["title"], gframe["text"], strict=True)]
    doc_of = dict(zip(gkeys, g["doc"], strict=False))
    keys = [_key(t, x) for t, x in zip(f["title"], f["text"], strict=True)]
    held = [doc_of.get(k) or _near(k, doc_of) for k in keys]  # "" → not in training: the model of all gold
    st = [s for s in stages() if s != UNCLASSIFIED]
    probs = np.zeros((len(f), len(st)))
    known = np.zeros(len(f))
    methods = [""] * len(f)
    for doc in sorted(set(held)):
        rows = [i for i, h in enumerate(held) if h == doc]
        keep = (g["doc"] != doc).to_numpy() if doc else np.ones(len(g), bool)
        model = _fitted(g, tuple(np.flatnonzero(keep)))
        p, k = model.predict_proba(f.iloc[rows])
        for j, cls in enumerate(model.classes):
            probs[rows, st.index(cls)] = p[:, j]
        known[rows] = k
        n_train = int(keep.sum())
        why = f"; its document ({doc}) left out of training" if doc else ""
        for i in rows:
            methods[i] = (
                f"keywords {stage_lexicon(_AS_OF).version} + logistic regression on {n_train} blind-coded units{why}"
            )
    out_rows = []
    for i, (t, x, c) in enumerate(zip(f["title"], f["text"], f["context"], strict=True)):
        sc, ev = unit_scores(t, x, c)
        p = blend(sc, probs[i], st)
        no_evidence = not sc and (known[i] == 0 or not CJK.search(t + x))
        best = int(np.argmax(p))
        stage = UNCLASSIFIED if no_evidence else st[best]
        conf = 0.0 if no_evidence else float(p[best])
        out_rows.append(
            {
                "chain_stage": stage,
                **{f"p_{s}": round(float(p[j]), 4) for j, s in enumerate(st)},
                "confidence": round(conf, 4),
                "evidence": "、".join(ev) if ev else "(no keyword)",
                "needs_review": bool(no_evidence or not sc or conf < REVIEW_BELOW),
                "method": methods[i],
            }
        )
    columns = ["chain_stage", *(f"p_{s}" for s in st), "confidence", "evidence", "needs_review", "method"]
    out = pd.DataFrame(out_rows, index=tasks.index, columns=columns)
    for c in ("year", "task_no"):
        if c in tasks.columns:
            out.insert(0 if c == "year" else 1, c, tasks[c].to_numpy())
    return out


def blend(scores: dict[str, float], model_p: np.ndarray, st: list[str]) -> np.ndarray:
    """Equal weight to the keyword shares and the model's probabilities (the model alone where no keyword).

    Equal weights, not tuned: leave-one-document-out κ on the development items is
    0.86–0.87 for any keyword weight from 0.3 to 0.85 (validation report).
    """
    tot = sum(scores.values())
    if not tot:
        return model_p / (model_p.sum() or 1.0)
    kw = np.array([scores.get(s, 0.0) / tot for s in st])
    p = KEYWORD_WEIGHT * kw + (1 - KEYWORD_WEIGHT) * model_p
    return p / p.sum()


_MODELS: dict[tuple, StageModel] = {}


def _fitted(g: pd.DataFrame, rows: tuple[int, ...]) -> StageModel:
    """A model trained on rows ``rows`` of ``g``, kept for the life of the process (training is deterministic)."""
    sub = g.iloc[list(rows)]
    digest = hashlib.sha256(
        "\x1f".join(
            f"{a}\x1e{b}\x1e{c}" for a, b, c in zip(sub["title"], sub["text"], sub["chain_stage"], strict=True)
        ).encode()
    ).hexdigest()
    key = (digest, C, _AS_OF, stage_lexicon(_AS_OF).version)
    if key not in _MODELS:
        _MODELS[key] = StageModel().fit(_frame(sub), sub["chain_stage"])
    return _MODELS[key]
