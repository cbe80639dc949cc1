"""What a policy reader sees: calendars with gaps, shares beside counts, colour bars, like with like."""

from __future__ import annotations

import pytest

from ipanalysis.analysis.years import gaps
from ipanalysis.report.charts import REGISTRY
from ipanalysis.report.render import figure_texts

HEAT_MAPS = ["departments_workload_heatmap", "themes_stage_instrument", "themes_continuity"]


@pytest.fixture(scope="module")
def drawn(charts):
    """Every chart in English: name → (texts on the figure, data, source, colour bars)."""
    out = {}
    for name in sorted(REGISTRY):
        fig, data, source = charts[name, "en"]
        bars = [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]
        out[name] = ("\n".join(figure_texts(fig)), data, source, bars)
    return out


def test_the_corpus_has_years_without_a_list(run):
    assert gaps(run.list_years()) == [2021, 2022, 2023]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_chart_shows_the_years_without_a_list(run, drawn, name):
    text, *_ = drawn[name]
    missing = gaps(run.list_years())
    span = f"{missing[0]}–{missing[-1]}"
    for y in missing:
        assert str(y) in text or span in text, f"{name}: {y} is not shown"
    assert "no list in" in text or "without a list in" in text, f"{name}: the gap is not labelled"


@pytest.mark.parametrize("name", HEAT_MAPS)
def test_every_heat_map_has_a_colour_bar_with_its_unit(drawn, name):
    *_, bars = drawn[name]
    assert bars, f"{name}: no colour bar"
    assert all(b.get_ylabel() for b in bars), f"{name}: a colour bar without a unit"


def test_workload_shows_led_and_named_side_by_side_with_shares(drawn):
    text, data, *_ = drawn["departments_workload_heatmap"]
    assert "Led" in text and "Named" in text and "% of the year's tasks" in text
    assert {"n_led", "n_tasks", "share_led", "share", "n_tasks_year", "is_top_lead"} <= set(data.columns)
    # the 2019 and 2020 ties are said in words
    assert "Tied for most leads: 2019" in text.replace("\n", " ")


def test_continuity_says_how_far_apart_the_lists_are(drawn):
    text, data, *_ = drawn["themes_continuity"]
    assert "3 years without a list between" in text and "adjacent" not in text.split("2020 → 2024")[1][:40]
    s = data[data.kind == "summary"]
    assert (s.from_continued + s.from_dropped == s.n_from).all() and (s.to_continued + s.to_new == s.n_to).all()


def test_pledge_chart_sets_full_year_targets_beside_full_year_outcomes_only(drawn):
    text, data, *_ = drawn["targets_pledge_financing"]
    growth = data[data.indicator.str.startswith("growth of IP pledge")] if data.indicator.dtype == object else data
    y24 = data[(data.year == 2024) & (data.series == "reported")]
    assert len(y24) and (y24.period != "full_year").all()  # 2024: interim figures only
    assert "n/a" in text and "not comparable with a full-year target" in text
    assert set(data[data.series == "target"]["period"]) == {"full_year"}
    assert len(growth)
    assert {"official", "official_outlet", "repost"} >= set(data["source_kind"].dropna())


def test_targets_are_drawn_with_their_kind_of_document(drawn):
    text, data, *_ = drawn["targets_indicator_timeline"]
    assert set(data["document"]) == {"list", "work_guide", "press"}
    assert "guide not\nin corpus" in text or "guide not in corpus" in text.replace("\n", " ")
    assert "dropped" not in text.lower().replace("not a target dropped", "")


def test_keyness_notes_scope_minimum_frequency_and_correction(drawn):
    text, data, source, _ = drawn["themes_keyness"]
    flat = text.replace("\n", " ")
    assert "patents only" in flat and "≥3" in flat and "Benjamini–Hochberg" in flat
    assert {"p_adjusted", "significant", "scope"} <= set(data.columns) and set(data["scope"]) == {"shared"}
    assert "G²" in source


def test_topic_labels_are_distinct_and_the_source_names_the_method(drawn):
    _, data, source, _ = drawn["themes_topic_shares"]
    labels = data.drop_duplicates("topic")["label"]
    assert labels.is_unique
    assert "NMF" in source and "codebook" not in source


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_target_label_hides_an_outcome_value(charts, lang):
    """The 2019 pledge amount (1515) is the basis of a 'met': its label is never under the target's."""
    fig, *_ = charts["targets_pledge_financing", lang]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        values = [t for t in ax.texts if t.get_gid() == "outcome_value"]
        targets = [t for t in ax.texts if t.get_gid() == "target_label"]
        for v in values:
            for t in targets:
                overlap = v.get_window_extent(renderer).overlaps(t.get_window_extent(renderer))
                assert not overlap, (ax.get_title(), v.get_text(), t.get_text())
    assert any(t.get_text() == "1515" for ax in fig.axes for t in ax.texts)


def _overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts (notes, labels, titles) whose boxes cover each other by more than 2 px each way."""
    import itertools

    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in (*ax.texts, ax.title) if t.get_visible() and t.get_text().strip()]
    texts += [t for t in fig.texts if t.get_visible() and t.get_text().strip()]
    out = []
    for a, b in itertools.combinations(texts, 2):
        ea, eb = a.get_window_extent(renderer), b.get_window_extent(renderer)
        w, h = min(ea.x1, eb.x1) - max(ea.x0, eb.x0), min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
        if w > 2 and h > 2:
            out.append((a.get_text()[:40], b.get_text()[:40]))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_no_text_hides_another_as_exported(charts, name, lang):
    fig, *_ = charts[name, lang]  # laid out as the export lays it out, source line included
    assert _overlaps(fig) == [], name


def _is_count(axis_label: str) -> bool:
    """An axis label that names a count (tasks, occurrences …), not a share."""
    return (
        bool(axis_label)
        and "%" not in axis_label
        and (axis_label in ("tasks", "Occurrences") or axis_label.endswith("数"))
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_count_axis_has_whole_numbers_only(charts, name, lang):
    """Counts have whole-number ticks on every chart, colour bars included (never 0.5 of a task)."""
    fig, *_ = charts[name, lang]
    for ax in fig.axes:
        for axis, axis_label in ((ax.xaxis, ax.get_xlabel()), (ax.yaxis, ax.get_ylabel())):
            if _is_count(axis_label):
                lo, hi = sorted(axis.get_view_interval())
                ticks = [t for t in axis.get_majorticklocs() if lo <= t <= hi]
                assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), (name, axis_label, ticks)


def test_the_count_axes_are_found(charts):
    """The deadlines' occurrences and the continuity's tasks are count axes the test above checks."""
    for name in ("completion_and_deadlines", "themes_continuity"):
        fig, *_ = charts[name, "en"]
        assert any(_is_count(ax.get_xlabel()) or _is_count(ax.get_ylabel()) for ax in fig.axes), name


def _markers(ax) -> list:
    """The single-point markers plotted on an axes (targets, outcomes, presences)."""
    return [ln for ln in ax.lines if len(ln.get_xdata()) == 1 and ln.get_marker() not in (None, "", "None")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_timeline_markers_sit_on_their_year_tick(charts, lang):
    """Each target's marker is exactly at the x of its year's tick, in its indicator's row."""
    fig, data, _ = charts["targets_indicator_timeline", lang]
    ax = fig.axes[0]
    year_at = {float(x): t.get_text() for x, t in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)}
    rows = {float(y): t.get_text() for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    present = data[data["status"] == "present"]
    markers = _markers(ax)
    assert len(markers) == len(present)
    for m in markers:
        x, y = float(m.get_xdata()[0]), float(m.get_ydata()[0])
        assert x in year_at, f"marker at x={x}, not on a year's tick {sorted(year_at)}"
        indicator = rows[min(rows, key=lambda r: abs(r - y))]
        hit = present[(present["year"] == int(year_at[x])) & (present["indicator_label"] == indicator)]
        assert len(hit), (year_at[x], indicator)


@pytest.mark.parametrize("name", ["targets_review_cycles", "targets_pledge_financing"])
def test_target_and_outcome_markers_sit_on_year_ticks(charts, name):
    fig, *_ = charts[name, "en"]
    for ax in fig.axes:
        ticks = {float(t) for t in ax.get_xticks()}
        for m in _markers(ax):
            assert float(m.get_xdata()[0]) in ticks, (ax.get_title(), m.get_xdata())
