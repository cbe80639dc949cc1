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
# # 2.2 Themes: how the agenda shifts, 2018–2024
#
# A tokenizer that knows the field (jieba with `data/reference/lexicon.txt` and
# `stopwords.txt`), term statistics and keyness by year, a versioned codebook
# (`data/reference/codebook.csv`) that codes every task's stage of the IP chain and every
# measure sentence's policy instrument, the reliability of that coding, topics, and the
# continuity of tasks from list to list.

# %%
import pandas as pd

from ipanalysis.analysis import themes as th
from ipanalysis.report.charts.themes import CHARTS
from ipanalysis.report.style import use_style

use_style()
pd.set_option("display.max_colwidth", 70)
print(len(th.lexicon()), "lexicon terms;", len(th.stopwords()), "stopwords")
th.segment("将高价值专利审查周期压减至16个月以内，扩大知识产权质押融资规模，严厉打击非正常专利申请")

# %% [markdown]
# ## Terms
# Top TF-IDF terms per year, and keyness: log-likelihood G² of each year against all
# other years, with the log2 ratio of relative frequencies as effect size, in both
# directions.

# %%
th.top_terms(10).pivot_table(index="rank", columns="year", values="term", aggfunc="first")

# %%
k = th.keyness()
k[k.p_value < 0.05].groupby(["year", "direction"]).head(5)[
    ["year", "direction", "term", "freq", "freq_other_years", "g2", "log_ratio"]
]

# %%
fig, data, _ = CHARTS["themes_keyness"]("zh")

# %%
ev = th.emerging_vanishing()
ev.groupby(["year", "change"]).head(6)

# %% [markdown]
# ## Coding: stage of the IP chain and policy instrument
# Keyword rules of the codebook; every code keeps its evidence (the matched words).
# Researchers can override any code in `data/reference/code_overrides.csv`; overrides
# are listed in the output (`overridden`, `override_reason`).

# %%
tc = th.load_task_codes()
tc[["year", "task_no", "title", "chain_stage", "evidence"]].head(12)

# %%
tc[tc.overridden]

# %%
fig, data, _ = CHARTS["themes_stage_shares"]("zh")

# %%
mc = th.load_measure_codes()
print(
    len(mc),
    "measure sentences;",
    (mc.evidence.str.startswith("(no keyword")).sum(),
    "coded by the default (no keyword)",
)
mc.groupby(["year", "instrument"]).size().unstack()

# %%
fig, data, _ = CHARTS["themes_stage_instrument"]("zh")

# %% [markdown]
# ## Reliability
# All 85 tasks were hand-coded from their texts by the codebook's definitions
# (`data/reference/hand_coded_tasks.csv`) before any rule was written. Cohen's kappa of
# the rules against that coding:

# %%
kappa, cm, n = th.reliability(tc)
print(f"Cohen's kappa = {kappa:.3f} on n = {n} tasks")
cm

# %% [markdown]
# **How to read this kappa honestly.** The hand coding and the keyword lists come from
# the same person, who wrote the keywords after reading the same titles; some keywords
# (军民融合, 权益分配, 官方标志, 示范引领) name single tasks. The figure is therefore an
# in-sample, single-coder estimate and surely optimistic. A second, blind coder on a
# fresh sample (and a later year's list) is the test that counts. The disagreements:

# %%
h = th.hand_coded().merge(tc, on=["year", "task_no"], suffixes=("_hand", ""))
h[h.chain_stage_hand != h.chain_stage_rule][
    ["year", "task_no", "title", "chain_stage_hand", "chain_stage_rule", "evidence"]
]

# %% [markdown]
# ## Topics
# NMF on TF-IDF of the tasks. The number of topics is the one whose topics come back most
# alike from five random starts (mean best-match cosine of topic-term vectors).

# %%
stab = th.topic_stability()
stab

# %%
k_best = th.choose_k(stab)
topics, doc_topics = th.topics(k_best)
topics

# %%
fig, data, _ = CHARTS["themes_topic_shares"]("zh")

# %% [markdown]
# ## Continuity
# Each task is matched to its most similar task of the previous list (TF-IDF cosine of
# title and measures). The threshold is the 95th percentile of the similarity of all
# cross-year pairs: most pairs are unrelated, so a best match above that floor is
# unlikely to be chance.

# %%
best, summary = th.continuity()
summary

# %%
best[(best.year_to == 2024) & (best.status == "new")].merge(
    th.task_documents()[["year", "task_no", "title"]], left_on=["year_to", "task_to"], right_on=["year", "task_no"]
)[["task_to", "title", "similarity"]]

# %%
fig, data, _ = CHARTS["themes_continuity"]("zh")
