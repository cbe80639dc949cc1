"""How well the stage coder agrees with blind human coding, on text it was and was not written on.

Reliability before validity (the Comparative Agendas Project's rule): first how well two
blind human coders agree with each other (the ceiling), then how well
:func:`ipanalysis.analysis.coding.code_tasks` agrees with their adjudicated codes.

The gold standard is data, not code: ``data/reference/analysis/validation/`` holds the
units (``units.csv``: the 85 corpus tasks, 78 development items of other national,
provincial and municipal documents, 11 items of excerpts of other years' plans), the
opaque packet key the coders saw, each coder's codes with their certainty and reason,
the blind adjudication of their disagreements and the resulting ``adjudicated.csv``.

Every figure is out of sample for the model: a unit is coded by a model trained without
its whole document (leave-one-document-out). The keyword classes are not re-fitted per
fold: they were written by hand from the codebook's definitions, then revised once after
the development items' errors were seen (``stage_lexicon.csv`` rows of version 2.1), so
the development figure is optimistic, and the excerpts and the corpus are the fairer test
of the keywords; texts kept aside by others judge the result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipanalysis.analysis.coding import UNCLASSIFIED, VALIDATION, code_tasks, gold_units

SEED = 20261206
FIRST_LEXICON = "2.0"  # the keyword classes as written from the definitions, before any blind code was seen
N_BOOT = 2000
SETS = {
    "corpus": "the tasks of the corpus (each coded by a model trained without its document)",
    "dev": "items of other IP documents, national, provincial and municipal (../shared/validation)",
    "excerpt": "items of the excerpts of other years' plans and 推进计划 (../shared/excerpts)",
}


def kappa_interval(
    a, b, labels=None, n_boot: int = N_BOOT, seed: int = SEED, groups=None
) -> tuple[float, float, float]:
    """(Cohen's κ, 2.5th and 97.5th percentile of κ over ``n_boot`` bootstrap resamples).

    With ``groups`` (each unit's document) whole documents are resampled: units of one
    document are not independent, and resampling units alone makes the interval too narrow.
    """
    a, b = np.asarray(a, dtype=str), np.asarray(b, dtype=str)
    cats = sorted(set(a) | set(b) | set(labels or []))
    ia = np.searchsorted(cats, a)
    ib = np.searchsorted(cats, b)
    k = _kappa(ia[None, :], ib[None, :], len(cats))[0]
    rng = np.random.default_rng(seed)
    if groups is None:
        i = rng.integers(0, len(a), (n_boot, len(a)))
        boots = _kappa(ia[i], ib[i], len(cats))
    else:
        g = np.asarray(groups)
        members = [np.flatnonzero(g == d) for d in sorted(set(g))]
        draws: list[float] = []
        for _ in range(n_boot):
            i = np.concatenate([members[j] for j in rng.integers(0, len(members), len(members))])
            draws.append(_kappa(ia[i][None, :], ib[i][None, :], len(cats))[0])
        boots = np.asarray(draws)
    lo, hi = np.nanpercentile(boots, [2.5, 97.5])
    return round(float(k), 3), round(float(lo), 3), round(float(hi), 3)


def _kappa(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Cohen's κ of each row pair of two integer-coded arrays (rows: resamples); 1 where both agree on one code."""
    n = a.shape[1]
    po = (a == b).mean(axis=1)
    pa = np.stack([(a == c).sum(axis=1) for c in range(k)], axis=1) / n
    pb = np.stack([(b == c).sum(axis=1) for c in range(k)], axis=1) / n
    pe = (pa * pb).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pe < 1, (po - pe) / (1 - pe), 1.0)


def coder_codes() -> pd.DataFrame:
    """Both blind coders' codes side by side, one row per unit, with the unit's set and document."""
    a = pd.read_csv(VALIDATION / "coder_a.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(VALIDATION / "coder_b.csv", dtype=str, keep_default_na=False)
    m = a.merge(b, on=["unit_id", "packet_id"], suffixes=("_a", "_b"), validate="one_to_one")
    return m.merge(gold_units()[["unit_id", "set", "doc", "chain_stage"]], on="unit_id")


def coded_gold() -> pd.DataFrame:
    """Every gold unit with the coder's stage (out of sample) beside the adjudicated human stage."""
    g = gold_units().reset_index(drop=True)
    out = code_tasks(g)
    from ipanalysis.analysis.coding import _first_sentence

    return g.assign(
        rules_v1=[_rules_v1(t, x) for t, x in zip(g["title"], g["text"], strict=True)],
        title=[t or _first_sentence(x) for t, x in zip(g["title"], g["text"], strict=True)],
        coder=out["chain_stage"].to_numpy(),
        confidence=out["confidence"].to_numpy(),
        needs_review=out["needs_review"].to_numpy(),
        evidence=out["evidence"].to_numpy(),
    )


def _rules_v1(title: str, text: str) -> str:
    """The keyword rules of codebook 1.0 (the ``keywords`` column), as they coded the corpus before: the baseline."""
    from ipanalysis.analysis.coding import _first_sentence
    from ipanalysis.analysis.themes import _best, _score

    st, sx = _score(title or _first_sentence(text), "chain_stage", 3), _score(text, "chain_stage", 1)
    code, _ = _best({k: (st[k][0] + sx[k][0], st[k][1] + sx[k][1]) for k in st}, "chain_stage")
    return code or UNCLASSIFIED


def agreement(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per set: n, human–human κ (the ceiling) and coder–human κ, each with a 95 % bootstrap interval.

    Also the coder's accuracy, its ``unclassified`` rate and the share it flags for review.
    """
    c = coded if coded is not None else coded_gold()
    h = coder_codes()
    rows = []
    for name in [*SETS, "all new text"]:
        sel = c[c["set"] != "corpus"] if name == "all new text" else c[c["set"] == name]
        hs = h[h["unit_id"].isin(sel["unit_id"])]
        kh = kappa_interval(hs["chain_stage_a"], hs["chain_stage_b"], groups=hs["doc"])
        kc = kappa_interval(sel["chain_stage"], sel["coder"], groups=sel["doc"])
        k1 = kappa_interval(sel["chain_stage"], sel["rules_v1"], groups=sel["doc"])
        rows.append(
            {
                "set": name,
                "n": len(sel),
                "n_documents": sel["doc"].nunique(),
                "kappa_humans": kh[0],
                "kappa_humans_low": kh[1],
                "kappa_humans_high": kh[2],
                "kappa_coder": kc[0],
                "kappa_coder_low": kc[1],
                "kappa_coder_high": kc[2],
                "accuracy": round(float((sel["chain_stage"] == sel["coder"]).mean()), 3),
                "unclassified": round(float((sel["coder"] == UNCLASSIFIED).mean()), 3),
                "needs_review": round(float(sel["needs_review"].mean()), 3),
                "kappa_rules_v1": k1[0],
                "kappa_rules_v1_low": k1[1],
                "kappa_rules_v1_high": k1[2],
                "unclassified_rules_v1": round(float((sel["rules_v1"] == UNCLASSIFIED).mean()), 3),
            }
        )
    return pd.DataFrame(rows)


def per_stage(coded: pd.DataFrame | None = None, sets: tuple[str, ...] = ("dev", "excerpt")) -> pd.DataFrame:
    """Precision, recall, F1 and support of each stage (coder against the adjudicated human code)."""
    from sklearn.metrics import precision_recall_fscore_support

    from ipanalysis.analysis.themes import stages

    c = coded if coded is not None else coded_gold()
    c = c[c["set"].isin(sets)]
    labels = [s for s in stages() if s != UNCLASSIFIED]
    p, r, f, n = precision_recall_fscore_support(c["chain_stage"], c["coder"], labels=labels, zero_division=0)
    return pd.DataFrame(
        {"stage": labels, "precision": p.round(3), "recall": r.round(3), "f1": f.round(3), "support": n}
    )


def confusion(coded: pd.DataFrame | None = None, sets: tuple[str, ...] = ("dev", "excerpt")) -> pd.DataFrame:
    """Confusion matrix: adjudicated human stage (rows) × coder stage (columns)."""
    from ipanalysis.analysis.themes import stages

    c = coded if coded is not None else coded_gold()
    c = c[c["set"].isin(sets)]
    labels = list(stages())
    return pd.crosstab(
        pd.Categorical(c["chain_stage"], categories=labels),
        pd.Categorical(c["coder"], categories=labels),
        rownames=["human"],
        colnames=["coder"],
        dropna=False,
    )


def disagreements(coded: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units where the coder and the adjudicated human code differ, with the coder's evidence."""
    c = coded if coded is not None else coded_gold()
    d = c[c["chain_stage"] != c["coder"]]
    return d[["unit_id", "set", "doc", "title", "chain_stage", "coder", "confidence", "evidence"]].reset_index(
        drop=True
    )


def report(coded: pd.DataFrame | None = None) -> str:
    """The evaluation as Markdown: agreement with intervals, per-stage F1, confusion, disagreements."""
    c = coded if coded is not None else coded_gold()
    ag = agreement(c)
    lines = [
        "# Stage coder against blind human coding",
        "",
        "Written by `ipanalysis validate-coding` from `data/reference/analysis/validation/`. κ is Cohen's kappa with",
        f"a 95 % bootstrap interval that resamples whole documents ({N_BOOT} resamples, seed {SEED}): units of one",
        "document are not independent. Every unit is coded by a model trained without its whole document",
        "(leave-one-document-out). The keyword classes are not: they were written from the codebook's definitions",
        "by someone who had read the corpus (some words occur only there), then revised once after the development",
        "items' errors were seen. So the `corpus` row is in-sample for the keywords and the `dev` row optimistic;",
        "the `excerpt` row was never tuned on but is small, and texts kept aside by others are the real test.",
        "",
        "Sets: " + "; ".join(f"`{k}`: {v}" for k, v in SETS.items()) + ".",
        "",
        "| set | n | documents | κ humans (ceiling) | κ coder | accuracy | unclassified | flagged for review "
        "| κ keyword rules 1.0 (before) | unclassified 1.0 |",
        "|---|---:|---:|---|---|---:|---:|---:|---|---:|",
    ]
    for r in ag.itertuples():
        lines.append(
            f"| {r.set} | {r.n} | {r.n_documents} | {r.kappa_humans:.2f} [{r.kappa_humans_low:.2f}, {r.kappa_humans_high:.2f}] "
            f"| {r.kappa_coder:.2f} [{r.kappa_coder_low:.2f}, {r.kappa_coder_high:.2f}] | {r.accuracy:.0%} "
            f"| {r.unclassified:.0%} | {r.needs_review:.0%} "
            f"| {r.kappa_rules_v1:.2f} [{r.kappa_rules_v1_low:.2f}, {r.kappa_rules_v1_high:.2f}] | {r.unclassified_rules_v1:.0%} |"
        )
    from ipanalysis.analysis.coding import lexicon_as_of

    with lexicon_as_of(FIRST_LEXICON):
        before = agreement(coded_gold()).set_index("set")
    lines += [
        "",
        f"The same, with the keyword classes as written before any blind code was seen (lexicon rows of version "
        f"{FIRST_LEXICON}): "
        + "; ".join(
            f"{s} κ {r.kappa_coder:.2f} [{r.kappa_coder_low:.2f}, {r.kappa_coder_high:.2f}], unclassified {r.unclassified:.0%}"
            for s, r in before.iterrows()
        )
        + ". The difference is what looking at the development items' errors bought.",
    ]
    ps = per_stage(c)
    lines += ["", "Per stage, on the texts the coder was not written on (dev and excerpts):", ""]
    lines += ["| stage | precision | recall | F1 | n |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r.stage} | {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} | {r.support} |" for r in ps.itertuples()]
    cm = confusion(c)
    lines += ["", "Confusion (rows: human, columns: coder), dev and excerpts:", ""]
    lines += ["| human \\ coder | " + " | ".join(cm.columns) + " |", "|---|" + "---:|" * len(cm.columns)]
    lines += [f"| {i} | " + " | ".join(str(v) for v in row) + " |" for i, row in zip(cm.index, cm.values, strict=True)]
    d = disagreements(c)
    lines += [
        "",
        f"Disagreements ({len(d)}):",
        "",
        "| unit | set | human | coder | p | title |",
        "|---|---|---|---|---:|---|",
    ]
    lines += [
        f"| {r.unit_id} | {r.set} | {r.chain_stage} | {r.coder} | {r.confidence:.2f} | {str(r.title)[:40]} |"
        for r in d.itertuples()
    ]
    return "\n".join(lines) + "\n"
