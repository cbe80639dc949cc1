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
# # 1.0 The corpus: CNIPA task lists 2018–2024 as tables
#
# What the tables hold, how many tasks each year has, where the two 2019 sources differ,
# and what the readers dropped. Every number here comes from `ipanalysis`, which reads
# the raw files in `data/raw/` (see the README for how).

# %%
import pandas as pd
from IPython.display import display

import ipanalysis as ipa

pd.set_option("display.max_colwidth", 60)
docs = ipa.load_documents()
docs[["year", "doc_id", "kind", "title", "role", "n_sections", "n_tasks"]]

# %% [markdown]
# ## Tasks and sections per year
# 2018 is a plan of 25 numbered measures under 9 work items; the other years are task
# lists. 2019 merges the attachment (primary) with the web page (secondary).

# %%
tasks = ipa.load_tasks()
sections = ipa.load_sections()
counts = tasks.groupby("year").agg(tasks=("task_no", "size"), sections=("section_no", "nunique"))
counts

# %%
tasks.groupby(["year", "section_no", "section"]).size().rename("tasks").reset_index()

# %% [markdown]
# ## One task, all its tables
# Task 6 of 2020: its title, its measures by actor, and who is in charge or must act.

# %%
t = tasks[(tasks.year == 2020) & (tasks.task_no == 6)]
print(t["title"].item(), "|", t["completion"].item())
m = ipa.load_measures()
display(m[(m.year == 2020) & (m.task_no == 6)][["seq", "actor", "actor_level", "text"]])
a = ipa.load_assignments()
a[(a.year == 2020) & (a.task_no == 6)][["level", "label", "unit", "unit_raw", "obligation"]]

# %% [markdown]
# ## Two sources of 2019
# Where the attachment and the web page differ, and which value the merged tables hold.

# %%
d = ipa.load_discrepancies()
d.groupby(["field", "kind", "resolution"]).size().rename("fields").reset_index()

# %%
d[d.field.isin(["title", "assignments:省份"])][["task_no", "field", "primary", "secondary", "resolution"]]

# %% [markdown]
# ## What the readers dropped, and what they noticed

# %%
ipa.load_dropped().groupby(["source_file", "rule"]).size().rename("pieces").reset_index()

# %%
ipa.load_warnings()[["year", "message"]]
