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
# # 2.0 Departments and actors: who is in charge, who must act, 2018–2024
#
# The lists name the CNIPA departments in charge of each task (局内), the provinces that
# must (必做) or may (选做) act, and from 2024 cities (地市) and other localities (涉及地方).
#
# **Assumptions of the lineage.** CNIPA was reorganised in 2018, between the 2018 plan
# and the 2019 list. 2018 names are compared with later years through
# `data/reference/departments.csv`: each pre-reform name points to its successor(s), with
# the basis in its `note`. Where functions were split (专利管理司 → 运用促进司 and 保护司;
# 规划发展司 → 战略规划司 and 运用促进司) the 2018 count stays with the predecessor and is
# shown against both successors together, never given to one. Units that only changed
# their name (审查业务管理部 → 专利局审业部) are mapped one to one.

# %%
import pandas as pd

from ipanalysis.analysis import actors
from ipanalysis.report.charts.actors import CHARTS
from ipanalysis.report.style import use_style

use_style()
pd.set_option("display.max_colwidth", 50)

# %% [markdown]
# ## Workload by department and year
# Tasks led, alone or jointly, and share of the year's tasks, as written:

# %%
w = actors.department_workload()
w.pivot_table(index="unit", columns="year", values="n_tasks", fill_value=0).sort_values(2024, ascending=False)

# %% [markdown]
# The same through the reform lineage (2018 in successor terms):

# %%
wl = actors.department_workload(lineage=True)
wl[wl.year == 2018][["unit", "n_tasks", "n_alone", "n_joint", "share", "is_split", "units_as_written"]]

# %%
fig, data, _ = CHARTS["departments_workload_heatmap"]("zh")

# %% [markdown]
# ## Departments that share tasks
# Edges join departments named together under one task (weight: shared tasks).

# %%
nm = actors.network_measures()
nm[nm.is_most_central][["year", "unit", "n_tasks", "degree", "weighted_degree"]]

# %%
fig, data, _ = CHARTS["departments_network_by_year"]("zh")

# %% [markdown]
# ## Provincial obligations
# Every 省份 / 地市 / 涉及地方 clause, classified by scope (`data/reference/obligation_scopes.csv`):

# %%
c = actors.obligation_clauses()
c.groupby(["year", "level", "scope", "obligation"]).size().rename("clauses").reset_index()

# %% [markdown]
# Per task: binding on all provinces (a 必做 clause for every province), on some, optional
# only, or no provincial line at all.

# %%
p = actors.obligation_profile()
shares = actors.obligation_shares(p)
shares.pivot_table(index="year", columns="profile", values="n_tasks")[list(actors.PROFILES)]

# %%
fig, data, _ = CHARTS["obligations_by_year"]("zh")

# %% [markdown]
# City and locality obligations arrive in 2024:

# %%
p.groupby("year")[["has_city", "has_locality"]].sum()

# %% [markdown]
# ## Whom the measure text addresses
# Share of the measure text (characters) per actor level.

# %%
actors.actor_shares().pivot_table(index="year", columns="actor_level", values="share_chars", fill_value=0)

# %%
fig, data, _ = CHARTS["actors_by_year"]("zh")

# %% [markdown]
# ## Time: completion categories and deadlines in the text

# %%
actors.completion_categories().pivot_table(index="year", columns="completion", values="n_tasks", fill_value=0)

# %%
actors.deadlines()[["year", "task_no", "deadline", "context"]]

# %%
fig, data, _ = CHARTS["completion_and_deadlines"]("zh")
