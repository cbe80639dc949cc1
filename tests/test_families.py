"""The documents before and after the corpus: 推进计划 (2021–), the 2013–2017 plans, notices.

The five openings in tests/fixtures/ (see its README) are real web pages of these
families; each has a truth table written by reading the text. Every task, title,
responsible body, province clause and completion must come out as the truth says, and
no task may be invented.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import ipanalysis as ipa
from ipanalysis.parse.text import fold

FIXTURES = Path(__file__).parent / "fixtures"
EXCERPTS = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _truth(name: str) -> list[dict[str, str]]:
    with (FIXTURES / f"truth_{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _parsed_rows(doc) -> list[dict[str, str]]:
    """The parsed tables in the truth table's shape (bodies as written, named ones only)."""
    rows = []
    a = doc.assignments
    for _, t in doc.tasks.iterrows():
        mine = a[a.task_no == t.task_no]
        bodies = mine[mine.level.isin(["bureau", "ministry"]) & (mine.is_collective != True)]  # noqa: E712
        prov = mine[mine.level == "province"]
        rows.append(
            {
                "year": str(t.year),
                "task_no": str(t.task_no),
                "title": fold(t.title),
                "bureau": "|".join(bodies.assignee_raw),
                "province": "|".join(f"{u}:{o}" for u, o in zip(prov.assignee_raw, prov.obligation_raw, strict=True)),
                "completion": t.completion if isinstance(t.completion, str) else "",
            }
        )
    return rows


@pytest.mark.parametrize("name", EXCERPTS)
def test_excerpt_parses_to_its_truth_table(name):
    doc = ipa.parse_file(FIXTURES / f"{name}.txt")
    want = [{**r, "title": fold(r["title"])} for r in _truth(name)]
    got = _parsed_rows(doc)
    assert [r["task_no"] for r in got] == [r["task_no"] for r in want]  # every task, none invented
    for g, w in zip(got, want, strict=True):
        assert g == w, (name, w["task_no"])


def test_the_truth_tables_are_not_empty():
    # the check above compares real rows: 11 tasks in the five truth tables
    assert sum(len(_truth(n)) for n in EXCERPTS) == 11
    assert len(EXCERPTS) == 5


@pytest.mark.parametrize(
    "name,kind,title,issuer,date,doc_number",
    [
        ("2014_patent_strategy_plan_cnipa", "plan", "2014年全国专利事业发展战略推进计划", None, None, None),
        (
            "2016_patent_strategy_plan_nmips",
            "plan",
            "2016年全国专利事业发展战略推进计划",
            "国家知识产权局",
            "2016-01-06",
            "国知发管字〔2016〕2号",
        ),
        (
            "2021_ip_power_plan_cnipa",
            "ip_power_plan",
            "知识产权强国建设纲要和“十四五”规划实施年度推进计划",
            "国务院知识产权战略实施工作部际联席会议办公室",
            "2021-12-27",
            "国知战联办〔2021〕16号",
        ),
        (
            "2023_work_guide_sme-s",
            "work_guide",
            "推动知识产权高质量发展年度工作指引（2023）",
            "国家知识产权局",
            "2023-03-23",
            "国知发运字〔2023〕7号",
        ),
        (
            "2025_ip_power_plan_gbicom_with_notice",
            "ip_power_plan",
            "2025年知识产权强国建设推进计划",
            "国家知识产权强国建设工作部际联席会议办公室",
            "2025-04-29",
            None,
        ),
    ],
)
def test_a_notice_and_its_plan_are_one_document(name, kind, title, issuer, date, doc_number):
    doc = ipa.parse_file(FIXTURES / f"{name}.txt")
    d = doc.documents
    assert len(d) == 1  # never an empty document split off above the notice (部门规定, 当前位置)
    row = d.iloc[0]
    assert (row.doc_kind, row.title) == (kind, title)
    assert (row.issuer, row.date, row.doc_number) == (issuer, date, doc_number)
    assert row.year == int(name[:4]) == row.stated_year
    # the notice is kept, the web chrome is dropped with its rule
    if doc_number:
        assert doc_number in row.preamble
    assert "当前位置" not in (row.preamble or "")
    dropped = {x.rule for m in doc.marked for x in m.dropped}
    if "当前位置" in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8"):
        assert "web_breadcrumb" in dropped


def test_ip_power_plan_bodies_are_ministry_rows_with_roles():
    doc = ipa.parse_file(FIXTURES / "2025_ip_power_plan_gbicom_with_notice.txt")
    a = doc.assignments
    t3 = a[a.task_no == 3]
    assert t3[["level", "label", "assignee", "assignee_raw", "role", "role_basis"]].values.tolist() == [
        ["ministry", "负责", "农业农村部", "农业农村部", "lead", "first_named"],
        ["ministry", "负责", "国家林草局", "国家林草局", "participant", "first_named"],
        ["ministry", "负责", "司法部", "司法部", "participant", "first_named"],
    ]
    assert t3["text"].tolist()[0] == "农业农村部、国家林草局、司法部负责"
    # the clause is not measure text, and the task is not short of its bodies
    assert not doc.measures["text"].str.contains("负责").any()
    assert not any("has no" in w for w in doc.warnings)
    # sections, work items
    assert doc.sections["section"].tolist() == ["完善知识产权制度"]
    assert doc.tasks["group"].unique().tolist() == ["完善知识产权法律法规规章"]


def test_the_notice_count_words_say_the_opening_is_cut_off():
    doc = ipa.parse_file(FIXTURES / "2025_ip_power_plan_gbicom_with_notice.txt")
    assert any("5 tasks found, 118 expected" in w and "部署118项重点任务" in w and "cut off" in w for w in doc.warnings)
    assert any("1 sections found, 7 expected" in w and "围绕七个方面" in w for w in doc.warnings)


def test_2014_explicit_roles_and_the_completion_after_them():
    doc = ipa.parse_file(FIXTURES / "2014_patent_strategy_plan_cnipa.txt")
    a = doc.assignments
    t1 = a[a.task_no == 1]
    assert t1[["level", "assignee", "assignee_raw", "role", "role_basis", "is_collective"]].values.tolist() == [
        ["bureau", "条法司", "条法司", "lead", "explicit", False],
        ["bureau", "相关部门", "相关部门", "participant", "explicit", True],
    ]
    t = doc.tasks.set_index("task_no")
    assert t.loc[1, "completion"] == "年内有阶段性成果"
    assert not any("task 1 has no completion" in w for w in doc.warnings)
    # 管理司 is the 2013–2017 short form of 专利管理司 (departments_pre2018.csv)
    assert a[(a.task_no == 2) & (a.level == "bureau")]["assignee"].tolist() == ["专利管理司"]
    assert not any("unknown department" in w for w in doc.warnings)


def test_2014_groups_run_on_across_sections_with_their_goals():
    doc = ipa.parse_file(FIXTURES / "2014_patent_strategy_plan_cnipa.txt")
    t = doc.tasks.set_index("task_no")
    assert t.loc[1, "group"] == "完善专利法规政策"
    assert t.loc[1, "goal"].startswith("强化专利立法前瞻性研究") and t.loc[1, "goal"].endswith("专利政策体系。")
    # (二) continues the numbering in section 二: a work item, never glued onto the section title
    assert (t.loc[4, "section_no"], t.loc[4, "group_no"], t.loc[4, "group"]) == (2, 2, "专利质量保障体系建设")
    assert t.loc[4, "goal"] == "着力提升专利申请质量和审查质量，进一步提升我国专利总体质量。"
    assert doc.sections["section"].tolist() == ["“专利制度创新”主体任务", "“专利制度运行保障体系建设”主体任务"]
    # a class of provinces opening a sentence is a measure of its own
    m = doc.measures
    assert m[m.task_no == 2]["actor"].fillna("").tolist() == ["", "一类省份"]
    assert m[m.task_no == 3]["actor"].fillna("").tolist() == ["", "一类、二类省份", "三类省份"]
    assert set(m[m.actor.notna()]["actor_level"]) == {"provinces"}
    # the flattened table header is boilerplate, the title line is the title
    assert doc.documents["preamble"].isna().all()


def test_2016_group_heading_and_goal_and_the_notice():
    doc = ipa.parse_file(FIXTURES / "2016_patent_strategy_plan_nmips.txt")
    t = doc.tasks.iloc[0]
    assert t.group == "落实加快知识产权强国建设任务，推进专利制度改革"
    assert t.goal == "落实好国务院强国建设文件，推进重点环节改革，为实施创新驱动发展战略提供支撑。"
    pre = doc.documents["preamble"].item()
    assert pre.startswith("关于印发《2016年全国专利事业发展战略推进计划》的通知")
    assert "特此通知。" in pre and "部门规定" not in pre


def test_work_guide_with_notice_has_no_task():
    doc = ipa.parse_file(FIXTURES / "2023_work_guide_sme-s.txt")
    assert doc.tasks.empty and doc.documents["doc_kind"].item() == "work_guide"
    assert doc.guideline_items["title"].tolist() == ["指导思想"]


@pytest.mark.parametrize("name", EXCERPTS)
def test_nothing_of_an_excerpt_is_lost(name):
    from ipanalysis.parse.nothing_lost import uncovered

    doc = ipa.parse_file(FIXTURES / f"{name}.txt")
    assert uncovered(doc) == []


def test_kind_comes_from_the_title_not_the_year(tmp_path):
    text = (FIXTURES / "2025_ip_power_plan_gbicom_with_notice.txt").read_text(encoding="utf-8")
    p = tmp_path / "plan.txt"
    p.write_text(text.replace("2025年", "2031年"), encoding="utf-8")
    doc = ipa.parse_file(p)
    assert doc.documents[["year", "doc_kind"]].values.tolist() == [[2031, "ip_power_plan"]]
    p.write_text(
        text.replace("2025年知识产权强国建设推进计划", "2019年推动知识产权高质量发展任务清单"), encoding="utf-8"
    )
    assert ipa.parse_file(p).documents["doc_kind"].item() == "task_list"


HALF = str.maketrans("：，；（）", ":,;()")
FULL = str.maketrans(":,;()", "：，；（）")
RELAID = {
    "one_line": lambda s: s.replace("\r", "").replace("\n", ""),
    "one_line_spaced": lambda s: re.sub(r"\s+", " ", s),
    "full_width": lambda s: s.translate(FULL),
    "half_width": lambda s: s.translate(HALF),
    "crlf": lambda s: s.replace("\n", "\r\n"),
    "rebroken_every_7": lambda s: re.sub(r"(.{7})", r"\1\n", s.replace("\n", "")),
}


def _summary(doc) -> tuple:
    a = doc.assignments
    return (
        [fold(x) for x in doc.tasks["title"]],
        doc.tasks[["task_no", "completion"]].fillna("").values.tolist(),
        a[["task_no", "level", "assignee", "role", "obligation"]].fillna("").values.tolist(),
        doc.documents[["doc_kind", "title", "year", "issuer", "date", "doc_number"]].fillna("").values.tolist(),
    )


@pytest.mark.parametrize("variant", sorted(RELAID))
@pytest.mark.parametrize("name", EXCERPTS)
def test_an_excerpt_relaid_reads_the_same(tmp_path, name, variant):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    p = tmp_path / f"{variant}.txt"
    p.write_text(RELAID[variant](text), encoding="utf-8")
    assert _summary(ipa.parse_file(p)) == _summary(ipa.parse_file(FIXTURES / f"{name}.txt"))


def _write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


PLAN_2026 = """国家知识产权强国建设工作部际联席会议办公室关于印发《2026年知识产权强国建设推进计划》的通知
国知强联办〔2026〕3号
各成员单位：
现将《2026年知识产权强国建设推进计划》印发给你们，请认真组织实施。
国家知识产权强国建设工作部际联席会议办公室
（国家知识产权局代章）
2026年3月2日
2026年知识产权强国建设推进计划
为深入实施知识产权强国战略，围绕两个方面部署8项重点任务，制定本计划。
一、完善知识产权制度
（一）完善法律法规
1.推进《中华人民共和国著作权法》修改。（中央宣传部（国家版权局）、司法部负责）
2.推进专利法实施细则配套规章制定。（国家知识产权局等按职责分工负责）
（二）健全政策体系
3.完善知识产权强国建设政策体系。（国家发展改革委、国家知识产权局牵头，各有关部门按职责分工负责）
4.加强知识产权司法保护。（最高人民法院、最高人民检察院、公安部按职责分工负责）
二、强化知识产权保护
（一）加强行政保护
5.开展知识产权执法专项行动。（国家知识产权局会同有关部门负责）
6.加强商标执法。（工商总局负责）打击侵权假冒。（市场监管总局、海关总署负责）
7.推进地理标志保护工程。（国家未来局、农业农村部负责）
8.加强联席会议统筹。（联席会议有关成员单位按职责分工负责）
"""


def test_every_form_of_a_responsibility_clause(tmp_path):
    """A made-up plan (not a real document) with each clause form a 推进计划 may use."""
    doc = ipa.parse_file(_write(tmp_path, "plan.txt", PLAN_2026))
    d = doc.documents.iloc[0]
    assert (d.doc_kind, d.year, d.issuer, d.date, d.doc_number) == (
        "ip_power_plan",
        2026,
        "国家知识产权强国建设工作部际联席会议办公室",
        "2026-03-02",
        "国知强联办〔2026〕3号",
    )
    a = doc.assignments
    rows = {
        n: a[a.task_no == n][["assignee", "assignee_raw", "role", "role_basis", "is_collective"]].values.tolist()
        for n in a.task_no.unique()
    }
    assert rows[1] == [
        ["中央宣传部", "中央宣传部（国家版权局）", "lead", "first_named", False],
        ["司法部", "司法部", "participant", "first_named", False],
    ]
    # 等 kept as a collective row, never dropped
    assert rows[2] == [
        ["国家知识产权局", "国家知识产权局", "lead", "first_named", False],
        ["等", "等", "participant", "first_named", True],
    ]
    # 牵头 names two leads; the others take part, explicitly
    assert rows[3] == [
        ["国家发展改革委", "国家发展改革委", "lead", "explicit", False],
        ["国家知识产权局", "国家知识产权局", "lead", "explicit", False],
        ["各有关部门", "各有关部门", "participant", "explicit", True],
    ]
    assert rows[5] == [
        ["国家知识产权局", "国家知识产权局", "lead", "explicit", False],
        ["有关部门", "有关部门", "participant", "explicit", True],
    ]
    # two clauses in one task; a pre-reform name keeps its wording (lineage in central_bodies.csv)
    assert [r[0] for r in rows[6]] == ["工商总局", "市场监管总局", "海关总署"]
    assert doc.measures[doc.measures.task_no == 6]["text"].item() == "加强商标执法。打击侵权假冒。"
    # an unknown body: its own row as written, unit empty, a warning naming the file to edit
    assert rows[7][0][:2] == [None, "国家未来局"] or (pd.isna(rows[7][0][0]) and rows[7][0][1] == "国家未来局")
    assert any("国家未来局" in w and "central_bodies.csv" in w for w in doc.warnings)
    assert rows[8] == [["联席会议有关成员单位", "联席会议有关成员单位", "lead", "first_named", True]]
    assert set(a.level) == {"ministry"}
    assert not any("expected" in w for w in doc.warnings)  # 两个方面, 8项: the counts the notice states
    from ipanalysis.parse.nothing_lost import uncovered

    assert uncovered(doc) == []


def test_central_bodies_lineage_is_consistent():
    from ipanalysis.parse.vocabulary import load_vocabulary

    bodies = load_vocabulary().central_bodies
    canon = {b.canonical for b in bodies.values()}
    for b in bodies.values():
        assert b.era in ("pre_reform", "post_reform", "both"), b
        for s in filter(None, b.successor.split(";")):
            assert s in canon, (b.name, s)  # every successor is itself a canonical body
        if b.era == "pre_reform":
            assert b.successor and b.note, b.name
    assert bodies["工商总局"].successor == "市场监管总局"
    assert bodies["质检总局"].successor == "市场监管总局;海关总署"


PLAN_2013 = """2013年全国专利事业发展战略推进计划
一、专利创造
（一）提升专利质量
工作目标：专利申请质量稳步提高，审查质量保持稳定。
工作措施：
1.完善专利审查标准。修订专利审查指南。
局内：条法司、审业部
完成时间：年底前完成
2.加强专利代理监管。各省知识产权局要开展专利代理机构检查。
责任部门：管理司
省份：各类省份必做
完成时间：年内有阶段性成果
二、专利运用
（二）促进专利运用
工作目标：专利运用能力明显增强。
工作措施：
3.推进专利导航工程。开展专利导航试点。一类省份根据试点方案，建设导航中心。
牵头部门：管理司
参与部门：规划司、协调司
省份：一类省份必做，二类、三类省份选做
完成时间：年内完成
"""


def test_a_pre_2018_plan_in_prose(tmp_path):
    """A made-up plan in the prose layout (工作目标 / 工作措施 / labelled departments)."""
    doc = ipa.parse_file(_write(tmp_path, "plan2013.txt", PLAN_2013))
    t = doc.tasks
    assert t[["task_no", "section_no", "group_no", "group", "title", "completion"]].values.tolist() == [
        [1, 1, 1, "提升专利质量", "完善专利审查标准", "年底前完成"],
        [2, 1, 1, "提升专利质量", "加强专利代理监管", "年内有阶段性成果"],
        [3, 2, 2, "促进专利运用", "推进专利导航工程", "年内完成"],
    ]
    assert t["goal"].tolist()[2] == "专利运用能力明显增强。"
    a = doc.assignments
    bureau = a[a.level == "bureau"]
    assert bureau[["task_no", "label", "assignee", "assignee_raw", "role", "role_basis"]].values.tolist() == [
        [1, "局内", "条法司", "条法司", "lead", "first_named"],
        [1, "局内", "审查业务管理部", "审业部", "participant", "first_named"],
        [2, "责任部门", "专利管理司", "管理司", "lead", "first_named"],
        [3, "牵头部门", "专利管理司", "管理司", "lead", "explicit"],
        [3, "参与部门", "规划发展司", "规划司", "participant", "explicit"],
        [3, "参与部门", "保护协调司", "协调司", "participant", "explicit"],
    ]
    m = doc.measures
    assert m[["task_no", "actor"]].fillna("").values.tolist() == [
        [1, ""],
        [2, ""],
        [2, "各省知识产权局"],
        [3, ""],
        [3, "一类省份"],
    ]
    assert doc.warnings == []
    from ipanalysis.parse.nothing_lost import uncovered

    assert uncovered(doc) == []
