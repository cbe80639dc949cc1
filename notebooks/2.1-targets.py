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
# # 2.1 Targets: what CNIPA promised in numbers, and what was reported
#
# Every quantitative target is found in the text of the task lists and the 2019 work
# guide (`ipanalysis.load_targets()`), matched to an indicator of the codebook
# `data/reference/indicators.csv`. Reported outcomes come from
# `data/external/reported_outcomes.csv`, each with its source address.
#
# **Comparators.** 以内 / 以下 / 不超过 → `<=`; 以上 / 不低于 / 力争不低于 → `>=`;
# 超过 / 超 / 余 / 多 → `>`; 约 → `~`; a bare number (增长20%) → `=`, read as a level to
# reach in the indicator's direction. A relative target (在2018年压减10%的基础上再压减15%以上)
# keeps its baseline and is converted to months only where the baseline level is known.

# %%
import pandas as pd

from ipanalysis.analysis import targets
from ipanalysis.report.charts.targets import CHARTS
from ipanalysis.report.style import use_style

use_style()
pd.set_option("display.max_colwidth", 60)
t = targets.load_targets()
t[["year", "source", "task_no", "item_no", "indicator_zh", "value", "unit", "comparator", "direction", "deadline"]]

# %% [markdown]
# Numbers that look like targets but match no indicator are listed, never dropped:

# %%
targets.unmatched_targets()[["year", "task_no", "number_raw", "sentence"]]

# %% [markdown]
# ## Review cycles
# Targets are bounds (▼: at most); the line is the reported full-year figure. Hollow
# markers are targets stated to the press for years whose documents are not in
# `data/raw`.

# %%
fig, data, _ = CHARTS["targets_review_cycles"]("zh")

# %% [markdown]
# ## IP pledge financing

# %%
fig, data, _ = CHARTS["targets_pledge_financing"]("zh")

# %% [markdown]
# ## Attainment
# A target is *met* or *missed* only against a full-year figure in its unit; an interim
# figure or an unknown baseline leaves it *unknown*, with the reason.

# %%
a = targets.attainment(t)
a[["year", "indicator_zh", "target", "reported_value", "reported_period", "status", "note"]]

# %%
a.groupby("status").size()

# %% [markdown]
# ## What changed
# Which indicators appear, persist or disappear from year to year (the 2018 plan states
# none).

# %%
fig, data, _ = CHARTS["targets_indicator_timeline"]("zh")
