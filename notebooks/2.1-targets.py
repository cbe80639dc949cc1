# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.1 Targets: what CNIPA promised in numbers, and what was reported
#
# Every quantitative target is found in the text of the lists and the work guide
# (`ipa.load_targets()`), matched to an indicator of the codebook
# `data/reference/analysis/indicators.csv`. Each target carries the **kind of document**
# it is in (task list, plan, work guide) and the **period** it covers (a full year unless
# its deadline ends earlier). Reported outcomes come from
# `data/external/reported_outcomes.csv`, each with its source address, the sentence as
# published (`quote`) and how close the source is to the publisher (`source_kind`:
# official, official outlet, repost).
#
# **Comparators.** 以内 / 以下 / 不超过 → `<=`; 以上 / 不低于 / 力争不低于 → `>=`;
# 超过 / 超 / 余 / 多 → `>`; 约 → `~`; a bare number (增长20%) → `=`, read as a level to
# reach in the indicator's direction. A relative target (在…年压减10%的基础上再压减15%以上)
# keeps its baseline and is converted to months only where the baseline level is known.

# %%
import pandas as pd
from IPython.display import Markdown, display

import ipanalysis as ipa
from ipanalysis.analysis import gaps, indicators, kinds_by_year

run = ipa.analyses()  # every analysis over the published tables, each computed once
ipa.for_readers()  # tables as readers see them: no index, whole numbers, "—" for nothing
years = run.list_years()
t = ipa.load_targets()
t[["year", "doc_kind", "found_in", "task_no", "item_no", "indicator_zh", "value", "unit", "comparator", "period"]]

# %% [markdown]
# Which documents of each year are in the corpus (a year's work guide may be missing
# while its list is there):

# %%
pd.Series(
    {y: ", ".join(k) for y, k in kinds_by_year(run.documents()).items()}, name="documents in the corpus"
).rename_axis("year")

# %% [markdown]
# Numbers that look like targets but match no indicator are listed, never dropped:

# %%
ipa.unmatched_targets()[["year", "task_no", "number_raw", "sentence"]]

# %% [markdown]
# ## Outcomes and their sources

# %%
o = ipa.load_outcomes()
o.groupby(["outcome_kind", "source_kind"]).size().rename("rows").unstack(fill_value=0)

# %% [markdown]
# ## Review cycles
# Targets are bounds (▼: at most), filled when the document is in the corpus, hollow when
# only a press report of it is known; the line is the reported full-year figure, hollow
# points where the source is a repost. Interim figures are listed under the chart, never
# set against a full-year target.

# %%
ipa.show_chart("targets_review_cycles")

# %% [markdown]
# ## IP pledge financing

# %%
ipa.show_chart("targets_pledge_financing")

# %% [markdown]
# ## Attainment
# A document target is *met* or *missed* only against an outcome of its own period in its
# unit; an interim figure or an unknown baseline leaves it *unknown*, with the reason.
# Press-reported targets of documents not in the corpus are counted only when asked
# (`include_press=True`), and labelled.

# %%
a = ipa.attainment(targets=t)
a[["year", "indicator_zh", "target", "target_kind", "reported_value", "source_kind", "status", "note"]]

# %%
ap = ipa.attainment(targets=t, include_press=True)
ap[ap.target_kind == "press"][["year", "indicator_zh", "target", "reported_value", "source_kind", "status", "note"]]

# %% [markdown]
# ## What changed
# Which indicators each kind of document targets. A target that does not come back is
# "not repeated" only where the next document of the same kind is in the corpus;
# otherwise nothing can be said.

# %%
p = run.indicator_presence(targets=t)
p[p.status == "present"].pivot_table(index="indicator", columns="year", values="document", aggfunc=" ".join)

# %%
ipa.show_chart("targets_indicator_timeline")

# %% [markdown]
# ## Findings
# Every number below is computed in this cell from the tables above.

# %%
by_kind = t.groupby(["year", "doc_kind"]).size()
guide_years = [y for y, k in kinds_by_year(run.documents()).items() if "work_guide" in k]
status = a["status"].value_counts()
met = a[a.status == "met"]
press = ap[ap.target_kind == "press"]
interim_only = a[a.note.fillna("").str.contains("not comparable")]
repost_share = (met["source_kind"] == "repost").mean()
not_repeated = p[p.change == "not_repeated"]
guide = p[p.document == "work_guide"]
last_guide = guide[guide.status == "present"].groupby("indicator")["year"].max()
unknown_guide = sum(
    bool(((guide.indicator == i) & (guide.status == "not_in_corpus") & (guide.year > y)).any())
    for i, y in last_guide.items()
)
name = {i.id: i.en for i in indicators()}
full = o[(o.outcome_kind == "reported") & (o.period == "full_year")]
cycles = o[(o.outcome_kind == "reported") & (o.period == "full_year") & o.indicator.str.contains("review_cycle")]
first_last = (
    cycles.sort_values("year")
    .groupby("indicator")
    .agg(
        first=("year", "first"),
        v0=("value", "first"),
        k0=("source_kind", "first"),
        last=("year", "last"),
        v1=("value", "last"),
        k1=("source_kind", "last"),
    )
)
lines = [
    f"- **{len(t)} targets in the documents of the corpus**: "
    + "; ".join(f"{y} {k.replace('_', ' ')} {n}" for (y, k), n in by_kind.items())
    + f". The plan of {years[0]} states none. Work guides are in the corpus only for "
    f"{', '.join(map(str, guide_years))}, so most indicators appear once.",
    f"- **Attainment of document targets**: {status.get('met', 0)} met, {status.get('missed', 0)} missed, "
    f"{status.get('unknown', 0)} unknown (no outcome of the same period, or a relative target). "
    f"{repost_share:.0%} of the met judgements rest on a repost of the figure.",
    f"- **Periods kept apart**: {len(interim_only)} full-year target(s) have only interim figures "
    f"({', '.join(f'{r.year} {name[r.indicator]}' for r in interim_only.itertuples())}): not judged.",
    f"- **Press-reported targets** (documents not in the corpus): {len(press)}, of which "
    f"{(press.status == 'met').sum()} met and {(press.status == 'unknown').sum()} unknown; they are not counted above.",
    "- **Review cycles** fell on the reported full-year figures: "
    + "; ".join(
        f"{name[i]} {r.v0:g} → {r.v1:g} months ({r.first}: {r.k0.replace('_', ' ')} source; {r.last}: "
        f"{r.k1.replace('_', ' ')} source)"
        for i, r in first_last.iterrows()
    )
    + ". A figure from a repost site is as good as the site's copy: the charts mark them.",
    f"- **Not repeated** by the next list in the corpus: {not_repeated['indicator'].nunique()} indicator(s); "
    f"{unknown_guide} of the {len(last_guide)} guide indicators cannot be followed: no later guide is in the corpus.",
    "",
    "**Caveats.** "
    f"(1) No list is in the corpus for {', '.join(map(str, gaps(years)))}; their targets are known only from the "
    "press, and only where a report was found. "
    f"(2) {(full.source_kind == 'repost').sum()} of {len(full)} full-year outcomes are known only from reposts "
    "(marked on the charts; a repost may lack its quote). "
    "(3) A bare number (增长20%) is read as a level to reach in the indicator's direction. "
    "(4) Targets are found by keyword and unit; unmatched_targets() lists what no indicator matched.",
]
display(Markdown("\n".join(lines)))
