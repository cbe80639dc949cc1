"""Small generated inputs for the fault tests: a sandbox with its own raw folder, catalog and references.

The raw documents here are generated (a three-task list in the 2020 layout), not copies
of the corpus, so that each fault is one small edit of a known-good sandbox.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ipanalysis.config import PARSE_REF

MINI_LIST = """{year}年推动知识产权高质量发展任务清单

一、全面强化知识产权保护

1.高标准落实保护意见
国家知识产权局：加快制定实施落实意见的推进计划。
各地区要认真落实保护意见。
局内：保护司
省份：各类省份必做
年内完成

2.加快构建大保护工作格局
国家知识产权局：优化保护中心建设布局。
局内：保护司、运用促进司
年内有阶段性成果

二、提升知识产权运用效益

3.推进专利转化
国家知识产权局：推动高校专利转化。
局内：运用促进司
年内完成
"""

CATALOG_HEADER = "doc_id,file,original_name,sha256,year,kind,layout,role,part,note"


@dataclass
class Sandbox:
    """A complete, buildable set of inputs in a temporary folder."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.csv"

    @property
    def reference(self) -> Path:
        return self.root / "reference" / "parse"

    @property
    def checks(self) -> Path:
        return self.root / "reference" / "corpus"

    @property
    def counts(self) -> Path:
        return self.checks / "expected_counts.csv"

    def add_list(self, year: int, doc_id: str, role: str = "primary", text: str | None = None) -> str:
        """A generated list as a raw file with its catalog and expected-count rows; returns the file name."""
        name = f"{doc_id}.txt"
        data = (text if text is not None else MINI_LIST.format(year=year)).encode("utf-8")
        (self.raw / name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        with self.catalog.open("a", encoding="utf-8") as fh:
            fh.write(f"{doc_id},{name},{name},{digest},{year},task_list,pdf_text,{role},1,generated\n")
        with self.counts.open("a", encoding="utf-8") as fh:
            fh.write(f"{doc_id},sections,2,\n{doc_id},tasks,3,\n")
        return name

    def build(self):
        from ipanalysis.corpus.assemble import build_corpus

        return build_corpus(self.raw, self.catalog, self.reference, self.checks)

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    """Two generated yearly lists (2021, 2022), buildable as they are."""
    box = Sandbox(tmp_path / "inputs")
    box.raw.mkdir(parents=True)
    shutil.copytree(PARSE_REF, box.reference)
    box.checks.mkdir(parents=True)
    box.catalog.write_text(CATALOG_HEADER + "\n", encoding="utf-8")
    box.counts.write_text("doc_id,table,count,note\n", encoding="utf-8")
    box.add_list(2021, "list_2021")
    box.add_list(2022, "list_2022")
    return box
