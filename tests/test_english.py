"""English for real: no ``_en`` chart or CSV holds a Chinese-only value.

Chinese terms may appear beside their English gloss (``pledge financing (质押融资)``),
never alone: every piece of every CSV cell and of every text on the figure that holds
Chinese must hold an English word too.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ipanalysis.report.charts import REGISTRY
from ipanalysis.report.render import figure_texts
from ipanalysis.report.words import chinese_only, gloss, localize, tr


def test_chinese_only_finds_what_it_should():
    assert chinese_only("运用促进司") == ["运用促进司"]
    assert chinese_only("Dept. of IP Protection (保护司)") == []
    assert chinese_only("patent (专利); 商标") == ["商标"]
    assert chinese_only("专利 (patent)") == ["专利"]  # the gloss comes first, the Chinese in brackets
    assert chinese_only("2024 by end of June") == [] and chinese_only(3.5) == []


def test_glossary_glosses_terms_departments_and_phrases():
    assert tr("运用促进司", "en") == "Dept. of IP Utilization Promotion"
    assert gloss("质押融资", "en") == "pledge financing (质押融资)"
    assert gloss("质押融资", "zh") == "质押融资"
    df = pd.DataFrame({"assignee": ["运用促进司/保护司"], "n": [3]})
    assert localize(df, "en")["assignee"].item() == (
        "Dept. of IP Utilization Promotion (运用促进司)/Dept. of IP Protection (保护司)"
    )
    assert localize(df, "zh").equals(df)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_english_chart_and_csv_hold_no_chinese_only_value(name, charts):
    fig, data, source = charts[name, "en"]
    texts = [*figure_texts(fig), source]
    bad_text = sorted({p for t in texts for p in chinese_only(t)})
    bad_cells = sorted({p for c in data.columns for v in data[c] for p in chinese_only(v)})
    bad_cols = [c for c in data.columns if chinese_only(c)]
    assert not bad_text, f"{name}: chart text without English: {bad_text[:20]}"
    assert not bad_cells, f"{name}: CSV values without English: {bad_cells[:20]}"
    assert not bad_cols, f"{name}: CSV headers without English: {bad_cols}"
