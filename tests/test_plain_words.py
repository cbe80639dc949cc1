"""Outputs a policy officer can read (issue #21): every method in plain words, every code beside its words.

Each chart is drawn in both languages and laid out as the export lays it out; the notes
in plain words are the figure's texts with the gid ``plain_words``.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from ipanalysis.errors import ChartError
from ipanalysis.report.charts import LANGS, REGISTRY
from ipanalysis.report.render import PLAIN_WORDS
from ipanalysis.report.words import (
    chinese_only,
    has_cjk,
    method_notes,
    method_notes_table,
    short_label,
    short_labels,
    tr,
)
from ipanalysis.schema import document_kinds

# what each chart rests on, at the least (the mentions of method_notes.csv may ask for more)
RESTS_ON = {
    "actors_by_year": {"text_share"},
    "departments_workload_heatmap": {"wilson"},
    "departments_network_by_year": {"weighted_degree"},
    "obligations_by_year": {"wilson", "newcombe"},
    "themes_stage_shares": {"wilson", "newcombe", "coding"},
    "themes_stage_instrument": {"bootstrap", "coding"},
    "themes_keyness": {"g2", "bh"},
    "themes_topic_shares": {"wilson", "newcombe", "nmf", "tfidf"},
    "themes_continuity": {"tfidf"},
}


def _flat(text: str) -> str:
    """A text without its line breaks and spaces (a note is wrapped to the figure's width)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def drawn(charts) -> dict[tuple[str, str], dict]:
    """(chart, language) → its texts (notes apart), its notes in plain words, its legend entries, its data."""
    out = {}
    for name in sorted(REGISTRY):
        for lang in LANGS:
            fig, data, source = charts[name, lang]  # laid out as exported
            texts = [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]
            legends = [leg for leg in (*fig.legends, *(ax.get_legend() for ax in fig.axes)) if leg is not None]
            out[name, lang] = {
                "texts": [t.get_text() for t in texts if t.get_gid() != PLAIN_WORDS] + [source],
                "notes": _flat(" ".join(t.get_text() for t in texts if t.get_gid() == PLAIN_WORDS)),
                "legend": [t.get_text() for leg in legends for t in leg.get_texts() if t.get_text().strip()],
                "data": data,
            }
    return out


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_method_a_chart_names_is_explained_in_plain_words_in_both_languages(drawn, name):
    """A note is due wherever its method is named on the chart or in its source line, in either language."""
    table = method_notes_table()
    said = "\n".join(t for lang in LANGS for t in drawn[name, lang]["texts"])
    due = {code for code, note in table.items() if re.search(note["mentions"], said)} | RESTS_ON.get(name, set())
    for lang in LANGS:
        missing = [code for code in sorted(due) if _flat(table[code][lang]) not in drawn[name, lang]["notes"]]
        assert not missing, f"{name} ({lang}): no note in plain words for {missing}"


def test_the_keyness_chart_explains_the_abbreviations_it_shows(drawn):
    for lang in LANGS:
        assert "TISC" in "\n".join(drawn["themes_keyness", lang]["texts"])  # the corpus's keyness shows TISC
        assert _flat(method_notes(["tisc"], lang)[0]) in drawn["themes_keyness", lang]["notes"]


def test_the_notes_are_in_their_language_and_name_what_they_explain():
    for code, note in method_notes_table().items():
        assert note["kind"] in ("method", "term") and note["mentions"], code
        assert has_cjk(note["zh"]) and not chinese_only(note["en"]), code
        re.compile(note["mentions"])
    with pytest.raises(ChartError, match=r"method_notes\.csv"):
        method_notes(["no_such_method"], "en")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_legend_entry_is_in_the_chart_data(drawn, name, lang):
    """What the legend names, the CSV beside the chart holds in the same words (a label column beside the code)."""
    d = drawn[name, lang]
    values = {str(v) for c in d["data"].columns for v in d["data"][c].dropna()}
    missing = [t for t in d["legend"] if t not in values]
    assert not missing, f"{name} ({lang}): legend entries not in the data: {missing}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_label_column_sits_beside_its_code_column_in_the_chart_language(drawn, name, lang):
    data: pd.DataFrame = drawn[name, lang]["data"]
    columns = list(data.columns)
    for c in [c for c in columns if c.endswith("_label")]:
        code = c.removesuffix("_label")
        assert code in columns and columns.index(c) == columns.index(code) + 1, f"{name}: {c} is not beside {code}"
        labels = data[c].dropna().astype(str)
        if lang == "zh":
            assert all(has_cjk(v) for v in labels), f"{name}: {c} holds labels without Chinese: {set(labels)}"
        # a code left as its own label (``not_in_corpus``) is a label missing from the data
        assert not [v for v in labels if re.fullmatch(r"[a-z]+(_[a-z]+)+", v)], f"{name}: {c} holds codes"


def test_coded_columns_carry_their_labels(drawn):
    expected = {
        "actors_by_year": {"actor_level"},
        "obligations_by_year": {"profile", "verdict"},
        "themes_stage_shares": {"chain_stage", "verdict"},
        "themes_stage_instrument": {"chain_stage", "instrument"},
        "themes_continuity": {"kind", "part", "stage_from", "stage_to"},
        "targets_indicator_timeline": {"indicator", "document", "status"},
        "targets_review_cycles": {"indicator", "series", "period", "source_kind"},
        "targets_pledge_financing": {"indicator", "series", "period", "source_kind"},
        "completion_and_deadlines": {"value"},
    }
    for name, codes in expected.items():
        for lang in LANGS:
            columns = set(drawn[name, lang]["data"].columns)
            assert {f"{c}_label" for c in codes} <= columns, (name, lang, sorted(columns))


def test_every_kind_of_document_has_a_short_label():
    """The word written beside a target comes from data: a new kind of document cannot be left without one."""
    kinds = {d.kind for d in document_kinds()}
    assert kinds <= set(short_labels()), sorted(kinds - set(short_labels()))
    for kind in kinds:
        assert has_cjk(short_label(kind, "zh")) and not has_cjk(short_label(kind, "en")), kind
        assert has_cjk(tr(kind, "zh")), f"{kind}: no label in code_labels.csv"
    assert short_label("ip_power_plan", "en")
    with pytest.raises(ChartError, match=r"short_labels\.csv"):
        short_label("no_such_kind", "zh")


def test_a_chinese_note_wraps_between_characters_not_at_its_one_space():
    from ipanalysis.report.words import wrap

    note = "点：占比；竖线：95% Wilson区间；数字：任务数/当年任务数。上方为最近两份清单之差（及此前的明确变化，百分点）"
    lines = wrap(note, 30)
    assert "".join(lines).replace(" ", "") == note.replace(" ", "")  # nothing lost
    assert all(len(line) <= 31 for line in lines) and len(lines[0]) >= 25  # not cut at "95%"
    assert not any(line[0] in "，。；）" for line in lines[1:])  # no line starts with closing punctuation
    assert wrap("dot: share; bar: 95% Wilson interval", 20) == ["dot: share; bar: 95%", "Wilson interval"]
