"""The traps of each raw file in data/raw (listed in the catalog notes), one assertion each."""

from __future__ import annotations

from conftest import assignment_summary as summary


def test_2018_department_cell_split_mid_word_across_pages(tables):
    a = tables["assignments"]
    # "…专利文献部、专利" | page break | "复审委员会"
    assert summary(a, 2018, 2, "bureau") == ["办公室", "条法司", "初审及流程管理部", "专利文献部", "专利复审委员会"]
    assert summary(a, 2018, 2, "province") == [("一、二类省份", "必做"), ("三类省份", "选做")]
    # one cell holds the lines of measures 2 (end) and 3
    assert summary(a, 2018, 3, "bureau") == ["条法司", "专利管理司"]
    assert summary(a, 2018, 3, "province") == [("一类省份", "必做"), ("二类、三类省份", "选做")]
    # "条法" | "司"
    assert summary(a, 2018, 9, "bureau") == ["专利管理司", "条法司", "审查业务管理部", "初审及流程管理部"]
    # "省份: 一、二" | "类省份必做， 三类省份选做"
    assert summary(a, 2018, 18, "province") == [("一、二类省份", "必做"), ("三类省份", "选做")]
    assert len(summary(a, 2018, 18, "bureau")) == 8
    # "各类省" | "份选做"
    assert summary(a, 2018, 24, "province") == [("各类省份", "选做")]
    # department line and province line of measure 7 on different pages
    assert summary(a, 2018, 7, "bureau") == ["保护协调司", "规划发展司", "专利管理司"]
    assert summary(a, 2018, 7, "province") == [("一类省份", "必做"), ("二类、三类省份", "选做")]


def test_2018_every_measure_has_departments_and_typo_obligation(tables):
    a = tables["assignments"][tables["assignments"].year == 2018]
    assert sorted(a[a.level == "bureau"].task_no.unique()) == list(range(1, 26))
    row = a[(a.task_no == 5) & (a.level == "province") & (a.assignee == "其他省份")]
    assert row["obligation"].item() == "选做" and row["obligation_raw"].item() == "选作"


def test_2018_completion_split_across_pages(tables):
    t = tables["tasks"].set_index(["year", "task_no"])
    # "年内有阶" | page break | "阶段性成果": the repeated character at the join is dropped
    assert t.loc[(2018, 9), "completion"] == "年内有阶段性成果"
    assert t.loc[(2018, 9), "completion_raw"] == "年内有阶阶段性成果"
    # one completion cell beside two measures that start in its row
    assert t.loc[(2018, 6), "completion"] == t.loc[(2018, 7), "completion"] == "年内有阶段性成果"


def test_2018_measure_text_continues_across_pages(tables):
    m = tables["measures"]
    text = m[(m.year == 2018) & (m.task_no == 5) & (m.seq == 1)]["text"].item()
    assert "允许符合条件的优质专利代理机构服务国防建设。" in text
    assert m[(m.year == 2018) & (m.task_no == 5)]["actor"].tolist()[1] == "有关省份"


def test_2020_interleaved_columns(tables):
    a = tables["assignments"]
    assert summary(a, 2020, 6, "bureau") == ["条法司", "国际合作司", "专利局审业部", "专利局自动化部"]
    assert summary(a, 2020, 11, "bureau") == ["运用促进司", "战略规划司"]
    assert summary(a, 2020, 11, "province") == [
        ("各类省份", "必做"),
        ("引领型、支撑型知识产权强省试点省", "必做"),
        ("其他省份", "选做"),
    ]
    # second 省份 line after the page break and the measure text that continues there
    assert summary(a, 2020, 12, "province") == [
        ("各类省份", "必做"),
        ("第一批地理标志运用促进工作项目涉及省份", "必做"),
    ]
    assert summary(a, 2020, 13, "bureau") == ["公共服务司", "运用促进司", "专利局初审流程部", "商标局"]
    assert summary(a, 2020, 15, "province") == []
    m = tables["measures"]
    national = m[(m.year == 2020) & (m.task_no == 11) & (m.seq == 1)]["text"].item()
    # "深入推进知" | 局内 … 年内有阶段性成果 | page header | "识产权军民融合试点工作。"
    assert national.endswith("深入推进知识产权军民融合试点工作。")
    local = m[(m.year == 2020) & (m.task_no == 12) & (m.seq == 2)]["text"].item()
    assert "加强区域商标品牌培育的服务体系建设，打造一批特色鲜明" in local
    assert "局内" not in national and "任务清单" not in local


def test_2020_numbers_broken_by_spaces_survive_in_text(tables):
    m = tables["measures"]
    text = m[(m.year == 2020) & (m.task_no == 6) & (m.seq == 1)]["text"].item()
    assert "高价值专利审查周期压减至16个月以内" in text
    assert "满意度指数在85分以上" in text


def test_2024_continuation_rows(tables):
    a = tables["assignments"]
    assert summary(a, 2024, 4, "bureau") == ["条法司", "战略规划司"]
    assert summary(a, 2024, 4, "province") == [("各省", "必做"), ("数据知识产权试点省份", "必做")]
    assert summary(a, 2024, 4, "city") == [("强市建设示范城市", "选做")]
    assert summary(a, 2024, 8, "locality") == [("建立强省共建机制的省份、专项计划奖补省份、强市建设城市", "必做")]
    assert summary(a, 2024, 11, "locality") == [("第四批重点城市", "必做")]
    assert summary(a, 2024, 20, "province") == [("各省", "选做")]
    assert summary(a, 2024, 5, "bureau") == ["条法司", "专利局审业部", "专利局自动化部", "商标局"]
    m = tables["measures"]
    t4 = m[(m.year == 2024) & (m.task_no == 4)]
    assert t4["actor"].tolist() == ["国家知识产权局", "各地区", "有关省份", "有关地市"]
    assert (
        t4["text"]
        .iloc[0]
        .endswith("研究制定数据知识产权相关政策文件。深入推进数据知识产权地方试点工作，形成试点工作年度总结报告。")
    )
    t17 = m[(m.year == 2024) & (m.task_no == 17) & (m.seq == 2)]["text"].item()
    assert "助力知识产权高效能转化运用，做好信用信息采集" in t17


def test_2024_city_and_locality_levels_are_new(tables):
    a = tables["assignments"]
    levels = a.groupby("year")["level"].apply(lambda s: sorted(set(s))).to_dict()
    assert levels[2018] == levels[2019] == levels[2020] == ["bureau", "province"]
    assert levels[2024] == ["bureau", "city", "locality", "province"]


def test_2019_merge_fills_province_lines_from_the_web_page(tables):
    a = tables["assignments"]
    for n in (17, 18):
        rows = a[(a.year == 2019) & (a.task_no == n) & (a.level == "province")]
        assert list(zip(rows.assignee, rows.obligation, strict=True)) == [("各省份", "必做")]
        assert rows["source_file"].item() == "2019_task_list_web_and_work_guide.txt"
    primary = a[(a.year == 2019) & (a.task_no == 5)]
    assert set(primary["source_file"]) == {"2019_task_list_attachment_docx.txt"}
    assert summary(a, 2019, 1, "bureau") == ["条法司", "专利局审业部", "专利局自动化部", "商标局"]
    assert summary(a, 2019, 8, "province") == [
        ("知识产权强省建设试点省", "必做"),
        ("其他省份", "选做"),
        ("涉及省份", "必做"),
        ("其他省份", "选做"),
    ]


def test_2019_discrepancies(tables):
    d = tables["discrepancies"]
    titles = d[d.field == "title"].set_index("task_no")
    assert titles.loc[5, ["primary", "secondary"]].tolist() == ["完善快速协同保护体系", "完善快速协同保护"]
    assert titles.loc[7, ["primary", "secondary"]].tolist() == ["完善知识产权运营服务体系", "完善知识产权运营"]
    prov = d[d.field == "assignments:省份"]
    assert prov["task_no"].tolist() == [17, 18]
    assert set(prov["difference"]) == {"missing_in_primary"} and set(prov["resolution"]) == {"secondary"}
    text = d[d.field == "text"]
    assert text["task_no"].tolist() == [17]
    assert "习近平总书记" in text["primary"].item() and "习**总书记" in text["secondary"].item()
    comp = d[d.field == "completion"]
    assert len(comp) == 16 and set(comp["difference"]) == {"missing_in_secondary"}
    assert len(d) == 21


def test_2019_actors(tables):
    m = tables["measures"]
    t8 = m[(m.year == 2019) & (m.task_no == 8)]
    assert t8["actor"].tolist() == ["国家知识产权局", "各地", "各地相关试点省份", "有关省份"]
    assert t8["actor_level"].tolist() == ["national", "all_localities", "provinces", "provinces"]
    t16 = m[(m.year == 2019) & (m.task_no == 16)]
    assert t16["actor"].tolist() == ["国家知识产权局", "各地", "获批TISC的地方"]
    assert "[bookmark" not in " ".join(m["text"])


def test_2019_work_guide(tables):
    g = tables["guideline_items"]
    assert len(g) == 17
    assert g.groupby("part_no").size().tolist() == [3, 3, 4, 2, 5]
    assert g[g.part_no == 3]["item_no"].tolist() == [4, 5, 6, 7]  # numbering continues across parts
    it = g[(g.part_no == 3) & (g.item_no == 4)]
    assert it["departments"].item() == "联席办;战略规划司;运用促进司"
    assert it["title"].item() == "强化知识产权战略谋划与顶层设计"
    assert "负责" not in it["text"].item()
    assert g[(g.part_no == 2) & (g.item_no == 3)]["departments"].item() == "各地方知识产权局"
    assert g[(g.part_no == 3) & (g.item_no == 5)]["departments"].item() == "办公室;条法司;公共服务司;人事司;国际合作司"
    goals = g[(g.part_no == 1) & (g.item_no == 3)]["text"].item()
    assert "超过1350亿元" in goals and "压缩至5个月以内" in goals
