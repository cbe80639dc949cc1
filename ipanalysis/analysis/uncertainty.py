"""Shares of small lists with their uncertainty, and changes called changes only when they survive it.

A list has 18–25 tasks: one task moves a share by 4–5 points, and a 95 % interval of a
share of 20 tasks spans about ±20 points. So every share across years carries ``n`` and
a Wilson score interval (good at small ``n`` and near 0 or 1), and a difference between
two lists carries Newcombe's hybrid score interval (method 10 of Newcombe 1998, built
from the two Wilson intervals). A change is called a ``rise`` or a ``fall`` only when
that interval excludes zero **and**, where a second coding exists (the blind human coding
of the stages), the difference has the same sign under it; otherwise ``no clear change``.
Shares of sentences are clustered in tasks, so their interval is a bootstrap over tasks.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

Z = 1.959963984540054  # two-sided 95 %
SEED = 20_181_224  # bootstrap over tasks: any fixed number, so intervals are the same bytes every run
N_BOOT = 2000
RISE, FALL, NO_CLEAR = "rise", "fall", "no clear change"


def wilson(k, n, z: float = Z) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``k`` successes in ``n`` (arrays or numbers); ``nan`` where ``n`` is 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def add_interval(df: pd.DataFrame, k: str, n: str, share: str = "share") -> pd.DataFrame:
    """``df`` with ``<share>_low`` and ``<share>_high``: the 95 % Wilson interval of ``k`` of ``n`` (4 decimals)."""
    lo, hi = wilson(df[k].to_numpy(), df[n].to_numpy())
    return df.assign(**{f"{share}_low": np.round(lo, 4), f"{share}_high": np.round(hi, 4)})


def diff_interval(k1, n1, k2, n2, z: float = Z) -> tuple[float, float, float]:
    """(p2 − p1, low, high): Newcombe's hybrid score interval of the difference of two independent shares."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p2 - p1
    low = d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return float(d), float(low), float(high)


def verdict(low: float, high: float, sign_holds: bool = True) -> str:
    """``rise`` / ``fall`` when the interval of the difference excludes zero and the sign holds, else no clear change."""
    if low > 0 and sign_holds:
        return RISE
    if high < 0 and sign_holds:
        return FALL
    return NO_CLEAR


def compare(
    counts: pd.DataFrame,
    category: str,
    k: str = "n_tasks",
    n: str = "n_tasks_year",
    check: pd.DataFrame | None = None,
    flags: dict[int, str] | None = None,
) -> pd.DataFrame:
    """Every category's share between consecutive lists and first → last, with interval and verdict.

    ``counts`` has one row per ``year`` × ``category`` with the count ``k`` of ``n``.
    ``check`` (same shape, e.g. the human coding) must show a difference of the same sign
    for a change to be called. ``flags`` names years whose document is not like the
    others (the 2018 plan covers patents only): a comparison with such a year says so in
    ``note`` and its verdict is never more than ``no clear change``.
    """
    flags = flags or {}
    years = sorted(counts["year"].unique())
    pairs = list(itertools.pairwise(years))
    if len(years) > 2:
        pairs.append((years[0], years[-1]))
    size = counts.groupby("year")[n].first()
    table = counts.pivot_table(index="year", columns=category, values=k, fill_value=0, aggfunc="sum")
    other = None
    if check is not None:
        other = check.pivot_table(index="year", columns=category, values=k, fill_value=0, aggfunc="sum")
        other_size = check.groupby("year")[n].first()
    rows = []
    for (a, b), c in itertools.product(pairs, table.columns):
        k1, k2, n1, n2 = int(table.at[a, c]), int(table.at[b, c]), int(size[a]), int(size[b])
        if not n1 or not n2:  # a list with no units: nothing to compare
            continue
        d, lo, hi = diff_interval(k1, n1, k2, n2)
        holds, d_check, unchecked = True, np.nan, ""
        if other is not None and a in other_size.index and b in other_size.index:
            h1 = other.at[a, c] if c in other.columns else 0
            h2 = other.at[b, c] if c in other.columns else 0
            d_check = h2 / other_size[b] - h1 / other_size[a]
            holds = bool(np.sign(d_check) == np.sign(d) and d != 0)
        elif other is not None:  # a year the second coding does not cover (a list added later): never called
            unchecked = "not checked against the human coding"
            holds = False
        note = "; ".join(f"{y}: {flags[y]}" for y in (a, b) if y in flags)
        v = verdict(lo, hi, holds)
        rows.append(
            {
                "year_from": a,
                "year_to": b,
                "pair": "consecutive" if years.index(b) == years.index(a) + 1 else "first_last",
                category: c,
                "k_from": k1,
                "n_from": n1,
                "share_from": round(k1 / n1, 4),
                "k_to": k2,
                "n_to": n2,
                "share_to": round(k2 / n2, 4),
                "diff": round(d, 4),
                "diff_low": round(lo, 4),
                "diff_high": round(hi, 4),
                "diff_check": round(float(d_check), 4) if other is not None else np.nan,
                "verdict": NO_CLEAR if note else v,
                "verdict_without_flag": v,
                "note": note,
                "check_note": unchecked,
            }
        )
    return pd.DataFrame(rows)


def bootstrap_share(
    units: pd.DataFrame, cluster: str, category: str, n_boot: int = N_BOOT, seed: int = SEED
) -> pd.DataFrame:
    """Per year and category: count, share and a 95 % interval from resampling whole ``cluster`` s (tasks).

    Sentences of one task are not independent; resampling tasks keeps them together.
    """
    rng = np.random.default_rng(seed)
    rows = []
    every = sorted(units[category].unique())  # a category absent from a year is a share of 0, with its interval
    for y, g in units.groupby("year"):
        cats = every
        per = g.groupby([cluster, category]).size().unstack(fill_value=0).reindex(columns=cats, fill_value=0)
        m = per.to_numpy()
        pick = rng.integers(0, len(m), (n_boot, len(m)))
        sums = m[pick].sum(axis=1)  # n_boot × categories
        shares = sums / sums.sum(axis=1, keepdims=True)
        lo, hi = np.percentile(shares, [2.5, 97.5], axis=0)
        total = int(m.sum())
        for j, c in enumerate(cats):
            rows.append(
                {
                    "year": y,
                    category: c,
                    "n": int(m[:, j].sum()),
                    "n_year": total,
                    "n_clusters_year": len(m),
                    "share": round(m[:, j].sum() / total, 4),
                    "share_low": round(float(lo[j]), 4),
                    "share_high": round(float(hi[j]), 4),
                }
            )
    return pd.DataFrame(rows)
