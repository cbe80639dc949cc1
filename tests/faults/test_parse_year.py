"""A year given to the parser that differs from the year the document states is warned about."""

from __future__ import annotations

import pytest

import ipanalysis as ipa
from ipanalysis.config import RAW

NAME = "2020_task_list_pdf_text.txt"


@pytest.mark.parametrize("year", [2021, 1800, 99999])
def test_a_year_other_than_the_stated_one(year):
    doc = ipa.parse_file(RAW / NAME, year)
    assert doc.documents["year"].tolist() == [year]  # the tables carry the year given …
    assert doc.documents["stated_year"].tolist() == [2020]  # … and say what the document states
    assert list(doc.stated_years.values()) == [2020]
    warned = [w for w in doc.warnings if "states 2020" in w]
    assert len(warned) == 1 and f"year {year} was given" in warned[0]


def test_the_stated_year_gives_no_warning():
    doc = ipa.parse_file(RAW / NAME, 2020)
    assert not any("was given" in w for w in doc.warnings)
    assert ipa.parse_file(RAW / NAME).documents["year"].item() == 2020


def test_every_document_of_a_file_has_its_stated_year():
    doc = ipa.parse_file(RAW / "2019_task_list_web_and_work_guide.txt", 2019)
    assert sorted(doc.stated_years.values()) == [2019, 2019]
    doc = ipa.parse_file(RAW / "2019_task_list_web_and_work_guide.txt", 2018)
    assert sum("states 2019" in w for w in doc.warnings) == 2
