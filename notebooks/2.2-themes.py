# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.2 Themes: how the agenda shifts from list to list
#
# A tokenizer that knows the field (jieba with `data/reference/analysis/lexicon.txt` and
# `stopwords.txt`), term statistics and keyness by year, a versioned codebook
# (`data/reference/analysis/codebook.csv`) that codes every task's stage of the IP chain
# and every measure sentence's policy instrument, the reliability of that coding, topics,
# and the continuity of tasks from list to list.

# %%
import pandas as pd
from IPython.display import Markdown, display

import ipanalysis as ipa
from ipanalysis.analysis import (
    continuity,
    document_scopes,
    emerging_vanishing,
    gaps,
    hand_coded,
    keyness,
    lexicon,
    list_years,
    load_measure_codes,
    load_task_codes,
    reliability,
    segment,
    shared_scope,
    stage_shares,
    stopwords,
    task_documents,
    top_terms,
    topic_stability,
    topics,
    unclassified_shares,
)

pd.set_option("display.max_colwidth", 70)
years = list_years()
print(len(lexicon()), "lexicon terms;", len(stopwords()), "stopwords")
segment("将高价值专利审查周期压减至16个月以内，扩大知识产权质押融资规模，严厉打击非正常专利申请")

# %% [markdown]
# ## How often, per 10,000 characters
# Lists differ in length, so term counts are compared as rates. A few terms of the
# agenda (substring counts in the task titles and measures):

# %%
ipa.term_matrix(["质押", "商标", "地理标志", "数据", "转化", "审查"], rate=True)

# %% [markdown]
# Keyword in context: every place a word is used, with its task (or guide item):

# %%
ipa.kwic("质押", window=15)[["year", "source", "task_no", "item_no", "left", "keyword", "right"]]

# %% [markdown]
# ## Keyness
# Log-likelihood G² of each year against all other years, with the log2 ratio of relative
# frequencies as effect size, in both directions. Only terms used at least three times
# are tested, and each year's tests are corrected together (Benjamini–Hochberg,
# `p_adjusted`).
#
# **Scope.** The documents do not all cover the same IP: the catalog records each one's
# policy scope.

# %%
pd.Series(document_scopes(), name="scope")

# %% [markdown]
# Compared over everything, the patents-only plan "under-uses" trademark words only
# because of its scope:

# %%
k_all = keyness()
k_all[(k_all.year == years[0]) & k_all.term.isin(["商标", "地理标志"])][["term", "freq", "g2", "direction"]]

# %% [markdown]
# So the comparison is made within the scope every list shares: the words of IP types
# outside it are left out of every year.

# %%
note = shared_scope()
k = keyness(scope="shared")
print("shared IP types:", sorted(note.ip_types), "| narrower years:", note.narrow)
k[k.p_adjusted < 0.05].groupby(["year", "direction"]).head(5)[
    ["year", "direction", "term", "freq", "freq_other_years", "g2", "p_adjusted", "log_ratio"]
]

# %%
ipa.show_chart("themes_keyness")

# %%
ev = emerging_vanishing()
ev.groupby(["year", "change"]).head(6)

# %%
top_terms(10).pivot_table(index="rank", columns="year", values="term", aggfunc="first")

# %% [markdown]
# ## Coding: stage of the IP chain and policy instrument
# Keyword rules of the codebook; every code keeps its evidence (the matched words). A unit
# without any keyword is `unclassified`, never given a code by default. Researchers can
# override any code in `data/reference/analysis/code_overrides.csv`; overrides are listed
# in the output (`overridden`, `override_reason`).

# %%
tc = load_task_codes()
tc[["year", "task_no", "title", "chain_stage", "evidence"]].head(12)

# %%
tc[tc.overridden]

# %%
ipa.show_chart("themes_stage_shares")

# %%
mc = load_measure_codes()
unc = unclassified_shares(tc, mc)
unc.pivot_table(index="year", columns="scheme", values="share")

# %%
mc.groupby(["year", "instrument"]).size().unstack()

# %%
ipa.show_chart("themes_stage_instrument")

# %% [markdown]
# ## Reliability
# All 85 tasks were hand-coded from their texts by the codebook's definitions
# (`data/reference/analysis/hand_coded_tasks.csv`) before any rule was written. Cohen's
# kappa of the rules against that coding:

# %%
kappa, cm, n = reliability(tc)
print(f"Cohen's kappa = {kappa:.3f} on n = {n} tasks")
cm

# %% [markdown]
# **How to read this kappa honestly.** The hand coding and the keyword lists come from
# the same person, who wrote the keywords after reading the same titles; some keywords
# (军民融合, 权益分配, 官方标志, 示范引领) name single tasks. The figure is therefore an
# in-sample, single-coder estimate and surely optimistic. A second, blind coder on a
# fresh sample (and a later year's list) is the test that counts. The disagreements:

# %%
h = hand_coded().merge(tc, on=["year", "task_no"], suffixes=("_hand", ""))
h[h.chain_stage_hand != h.chain_stage_rule][
    ["year", "task_no", "title", "chain_stage_hand", "chain_stage_rule", "evidence"]
]

# %% [markdown]
# ## Topics
# NMF on TF-IDF of the tasks. The number of topics is the one whose topics come back most
# alike from five random starts (mean best-match cosine of topic-term vectors). Each
# topic is named by its two most distinctive words (heavy in it, light in the others);
# no two names share a word.

# %%
stab = topic_stability()
stab

# %%
tt, doc_topics = topics()  # k: the most stable, as chosen from `stab` above
tt

# %%
ipa.show_chart("themes_topic_shares")

# %% [markdown]
# ## Continuity
# Consecutive lists of the corpus are compared task by task (TF-IDF cosine of title and
# measures). The threshold is the 95th percentile of the similarity of all cross-list
# pairs: most pairs are unrelated, so a match above that floor is unlikely to be chance.
# Each list is counted on its own: a task of the earlier list is continued or dropped, a
# task of the later list continued or new, and the parts sum to each list's size.

# %%
best, summary = continuity()
summary

# %%
best[(best.side == "later") & (best.year_to == years[-1]) & (best.status == "new")].merge(
    task_documents()[["year", "task_no", "title"]], left_on=["year_to", "task_to"], right_on=["year", "task_no"]
)[["task_to", "title", "similarity"]]

# %%
ipa.show_chart("themes_continuity")

# %% [markdown]
# ## Findings
# Every number below is computed in this cell from the tables above.

# %%
first, last = years[0], years[-1]
sig = k[k.p_adjusted < 0.05]
over = sig[sig.direction == "over"].groupby("year")["term"].apply(lambda s: "、".join(s.head(4)))
n_sig = sig.groupby("year").size().reindex(years, fill_value=0)
st = stage_shares(tc).pivot_table(index="year", columns="chain_stage", values="share")
moves = (st.loc[last] - st.loc[first]).sort_values()
ins = unc[unc.scheme == "instrument"].set_index("year")["share"]
gap_pairs = summary[summary.years_between > 0]
lines = [
    "- **Distinctive words** (within the shared scope, BH-adjusted q < 0.05): "
    + "; ".join(f"{y}: {over.get(y, '—')} ({n_sig[y]} significant)" for y in years)
    + ".",
    f"- **Stages of the IP chain**, {first} → {last}: the largest rise is {moves.index[-1]} "
    f"({st.loc[first, moves.index[-1]]:.0%} → {st.loc[last, moves.index[-1]]:.0%} of the tasks), the largest fall "
    f"{moves.index[0]} ({st.loc[first, moves.index[0]]:.0%} → {st.loc[last, moves.index[0]]:.0%}).",
    "- **Unclassified measure sentences** (no instrument keyword): "
    + ", ".join(f"{y} {v:.0%}" for y, v in ins.items())
    + "; shifts between instruments smaller than these shares are within the coding's blind spot.",
    "- **Continuity**: "
    + "; ".join(
        f"{r.year_from} → {r.year_to}: {r.from_continued} of {r.n_from} tasks continued, "
        f"{r.to_new} of {r.n_to} new"
        + (f" ({r.years_between} years without a list between)" if r.years_between else "")
        for r in summary.itertuples()
    )
    + ".",
    f"- **Topics**: {len(tt)} topics (most stable over random starts, stability "
    f"{stab.set_index('k').loc[len(tt), 'stability']:.2f}).",
    "",
    "**Caveats.** "
    f"(1) The {', '.join(map(str, note.narrow))} document covers {', '.join(sorted(set(note.narrow.values())))} only; "
    "keyness is compared within the shared scope, so words of trademarks or geographical indications cannot be "
    "distinctive in any year. "
    f"(2) No list is in the corpus for {', '.join(map(str, gaps(years)))}; "
    + (
        f"{len(gap_pairs)} comparison(s) ({', '.join(f'{a}→{b}' for a, b in zip(gap_pairs.year_from, gap_pairs.year_to, strict=True))})"
        " span several years."
        if len(gap_pairs)
        else ""
    )
    + f" (3) Kappa {kappa:.2f} is in-sample and single-coder. "
    "(4) The continuity threshold is relative to this corpus; a match near it is weak evidence.",
]
display(Markdown("\n".join(lines)))
