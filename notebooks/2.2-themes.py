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
    agreement,
    document_scopes,
    gaps,
    hand_coded,
    instrument_shares,
    lexicon,
    reliability,
    segment,
    stage_shares,
    stopwords,
    unclassified_shares,
)

run = ipa.analyses()  # every analysis over the published tables, each computed once
ipa.for_readers()  # tables as readers see them: no index, whole numbers, "—" for nothing
years = run.list_years()
sample = "将高价值专利审查周期压减至16个月以内，扩大知识产权质押融资规模，严厉打击非正常专利申请"
pd.DataFrame(
    {
        "what": [
            "terms of the field's lexicon (lexicon.txt)",
            "stopwords (stopwords.txt)",
            "a sentence of a task list",
            "its words, as the tokenizer cuts them",
        ],
        "here": [
            str(len(lexicon())),
            str(len(stopwords())),
            sample,
            " | ".join(w for w in segment(sample) if w.strip("，,。")),
        ],
    }
)

# %% [markdown]
# ## How often, per 10,000 characters
# Lists differ in length, so term counts are compared as rates. A few terms of the
# agenda (substring counts in the task titles and measures). These are descriptions of
# each list, with no interval: a list has about 20 tasks, so one task more or less that
# uses a word can move its rate a lot; the keyness test below says which differences
# are more than chance.

# %%
ipa.term_matrix(["质押", "商标", "地理标志", "数据", "转化", "审查"], rate=True)

# %% [markdown]
# Keyword in context: every place a word is used, with its task (or guide item):

# %%
ipa.kwic("质押", window=15)[["year", "found_in", "task_no", "item_no", "left", "keyword", "right"]]

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
pd.Series(document_scopes(run.documents()), name="scope")

# %% [markdown]
# Compared over everything, the patents-only plan "under-uses" trademark words only
# because of its scope:

# %%
k_all = run.keyness()
k_all[(k_all.year == years[0]) & k_all.term.isin(["商标", "地理标志"])][["term", "freq", "g2", "direction"]]

# %% [markdown]
# So the comparison is made within the scope every list shares: the words of IP types
# outside it are left out of every year.

# %%
note = run.shared_scope()
k = run.keyness(scope="shared")
print("shared IP types:", sorted(note.ip_types), "| narrower years:", note.narrow)
k[k.p_adjusted < 0.05].groupby(["year", "direction"]).head(5)[
    ["year", "direction", "term", "freq", "freq_other_years", "g2", "p_adjusted", "log_ratio"]
]

# %%
ipa.show_chart("themes_keyness")

# %%
ev = run.emerging_vanishing()
ev.groupby(["year", "change"]).head(6)

# %%
run.top_terms(n=10).pivot_table(index="rank", columns="year", values="term", aggfunc="first")

# %% [markdown]
# ## Coding: stage of the IP chain and policy instrument
# Every task's stage comes from `ipa.code_tasks`, the same public function that codes any
# table with `title` and `text`: weighted keyword classes built from the codebook's
# definitions (laws and rules read by their form, `公平竞争审查` read before `审查`,
# the whole chain named together read as coordination) blended with a logistic
# regression trained on blind-coded units. A corpus task is coded by a model trained
# without its own document, so no task is coded from its own label. Each code keeps its
# evidence (`stage:word`), a probability per stage and a flag for review. A unit with no
# evidence at all is `unclassified`. Researchers can override any code in
# `data/reference/analysis/code_overrides.csv` (`overridden`, `override_reason`).

# %%
tc = run.task_codes()
tc[["year", "task_no", "title", "chain_stage", "confidence", "needs_review", "evidence"]].head(12)

# %%
tc[tc.overridden | tc.needs_review][["year", "task_no", "title", "chain_stage", "confidence", "evidence"]]

# %% [markdown]
# Shares of 18–25 tasks are uncertain by about ±20 points: each share has its `n` and
# a 95 % Wilson interval.

# %%
stage_shares(tc)[lambda d: d.chain_stage != "unclassified"].pivot_table(
    index="chain_stage", columns="year", values=["share", "share_low", "share_high"]
).round(2)

# %%
ipa.show_chart("themes_stage_shares")

# %%
mc = run.measure_codes()
unc = unclassified_shares(tc, mc)
unc.pivot_table(index="year", columns="scheme", values="share")

# %% [markdown]
# Instrument shares count measure sentences, which cluster in tasks: their interval
# resamples whole tasks.

# %%
instrument_shares(mc).pivot_table(index="instrument", columns="year", values=["share", "share_low", "share_high"])

# %%
ipa.show_chart("themes_stage_instrument")

# %% [markdown]
# ## Reliability: the coder against blind human coding
# Two coders who saw only the codebook's definitions and decision rules
# (`data/reference/analysis/codebook.csv`, `codebook_rules.csv`) and the texts, never
# the keywords or the code, coded 174 units: the 85 corpus tasks, 78 items of about 17
# other national, provincial and municipal IP documents, and 11 items of other years'
# plans. A third blind coder decided their disagreements. All of it is kept in
# `data/reference/analysis/validation/`. κ with a 95 % bootstrap interval; the humans'
# own agreement is the ceiling; `kappa_rules_v1` is the keyword rules of codebook 1.0
# on the same texts, before this coder (`ipanalysis validate-coding` prints the full report).

# %%
agreement()[
    [
        "set",
        "n",
        "n_documents",
        "kappa_humans",
        "kappa_coder",
        "kappa_coder_low",
        "kappa_coder_high",
        "unclassified",
        "kappa_rules_v1",
        "unclassified_rules_v1",
    ]
]

# %%
kappa, cm, n = reliability(tc)
print(f"corpus: Cohen's kappa = {kappa:.3f} on n = {n} tasks (each coded without its own document)")
cm

# %% [markdown]
# The corpus tasks where the coder and the blind humans differ:

# %%
h = hand_coded().merge(tc, on=["year", "task_no"], suffixes=("_hand", ""))
h[h.chain_stage_hand != h.chain_stage_rule][
    ["year", "task_no", "title", "chain_stage_hand", "chain_stage_rule", "confidence", "evidence"]
]

# %% [markdown]
# ## Topics
# NMF on TF-IDF of the tasks. The number of topics is the one whose topics come back most
# alike from five random starts (mean best-match cosine of topic-term vectors). Each
# topic is named by its two most distinctive words (heavy in it, light in the others);
# no two names share a word.

# %%
stab = run.topic_stability()
stab

# %%
tt, doc_topics = run.topics()  # k: the most stable, as chosen from `stab` above
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
best, summary = run.continuity()
summary

# %% [markdown]
# One threshold is not exact. The same counts over a band of thresholds (90th to 99th
# percentile) show how much the numbers of dropped and new tasks depend on it:

# %%
run.continuity_sensitivity().pivot_table(
    index=["year_from", "year_to"], columns="quantile", values=["from_dropped", "to_new"]
)

# %% [markdown]
# The matches nearest the threshold (`margin`: similarity minus the 95th-percentile
# threshold; `stable`: same status over the whole band). Read them before citing a
# count; the stage-flow panel counts only links at or above the 97.5th percentile.

# %%
run.near_threshold()

# %%
best[(best.side == "later") & (best.year_to == years[-1]) & (best.status == "new")].merge(
    run.task_documents()[["year", "task_no", "title"]], left_on=["year_to", "task_to"], right_on=["year", "task_no"]
)[["task_to", "title", "similarity"]]

# %%
ipa.show_chart("themes_continuity")

# %% [markdown]
# ## Findings
# Every sentence below is computed in this cell. A share's change between two lists is
# called a rise or a fall only when the 95 % interval of the difference excludes zero
# and the blind human coding moves the same way; comparisons with the 2018 plan (patents
# only) are flagged and not counted.

# %%
from ipanalysis.report.findings import theme_finding  # noqa: E402

shifts = run.stage_shifts(task_codes=tc)
sens = run.continuity_sensitivity()
first, last = years[0], years[-1]
sig = k[k.p_adjusted < 0.05]
over = sig[sig.direction == "over"].groupby("year")["term"].apply(lambda s: "、".join(s.head(4)))
n_sig = sig.groupby("year").size().reindex(years, fill_value=0)
ins = unc[unc.scheme == "instrument"].set_index("year")["share"]
ag = agreement().set_index("set")
band = sens.groupby(["year_from", "year_to"]).agg(lo=("from_dropped", "min"), hi=("from_dropped", "max"))
lines = [
    "- **Distinctive words** (within the shared scope, BH-adjusted q < 0.05): "
    + "; ".join(f"{y}: {over.get(y, '—')} ({n_sig[y]} significant)" for y in years)
    + ".",
    f"- **Stages of the IP chain**: {theme_finding(shifts).en}",
    "- **Unclassified measure sentences** (no instrument keyword): "
    + ", ".join(f"{y} {v:.0%}" for y, v in ins.items())
    + "; shifts between instruments smaller than these shares are within the coding's blind spot.",
    "- **Continuity** (at the 95th-percentile similarity threshold; the counts move with the threshold, so read "
    "them as rough: in brackets the tasks not continued over the 90th–99th band): "
    + "; ".join(
        f"{r.year_from} → {r.year_to}: {r.from_continued} of {r.n_from} tasks continued "
        f"({band.loc[(r.year_from, r.year_to), 'lo']}–{band.loc[(r.year_from, r.year_to), 'hi']} not continued), "
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
    "keyness is compared within the shared scope, and stage shares of that year are not compared with the lists. "
    f"(2) No list is in the corpus for {', '.join(map(str, gaps(years)))}. "
    f"(3) The coder agrees with blind human coding at κ {ag.loc['all new text', 'kappa_coder']:.2f} "
    f"[{ag.loc['all new text', 'kappa_coder_low']:.2f}, {ag.loc['all new text', 'kappa_coder_high']:.2f}] on "
    f"{ag.loc['all new text', 'n']} items of documents it was not written on, and κ {kappa:.2f} on the corpus "
    "(each task coded without its own document). "
    "(4) The continuity counts depend on the threshold (see the band above); a match near it is weak evidence.",
]
display(Markdown("\n".join(lines)))
