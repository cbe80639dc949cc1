"""Reference tables (data files) and the regexes built from them.

Per-year and per-source facts live in ``data/reference/parse/*.csv``; this module only reads
them. Nothing here names a department, an actor or a phrase of any one year.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ipanalysis.config import PARSE_REF
from ipanalysis.parse.text import fold

CN_NUMERALS = "〇零一二三四五六七八九十百"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a small UTF-8 CSV as a list of dicts (no pandas: keeps parsing fast)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def cn_to_int(numeral: str) -> int:
    """Chinese numeral (一 … 九十九) to int."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    value = 0
    for ch in numeral:
        value = value * 10 + digits[ch]
    return value


@dataclass(frozen=True)
class Department:
    name: str
    canonical: str
    full_name: str
    unit_type: str
    era: str
    successor: str
    note: str


@dataclass(frozen=True)
class Vocabulary:
    departments: dict[str, Department]  # folded written name -> row
    labels: dict[str, tuple[str, str]]  # label -> (kind, level)
    actor_levels: tuple[tuple[re.Pattern[str], str], ...]
    completions: dict[str, str]  # folded phrase -> category
    boilerplate: tuple[tuple[str, re.Pattern[str], str], ...]
    folder: Path = PARSE_REF  # where these facts were read (named in errors)

    @property
    def departments_file(self) -> Path:
        return self.folder / "departments.csv"

    @property
    def department_names(self) -> list[str]:
        """Written department names, longest first (for longest-match scanning)."""
        return sorted(self.departments, key=len, reverse=True)

    def labels_of(self, kind: str) -> list[str]:
        return sorted((k for k, (kd, _) in self.labels.items() if kd == kind), key=len, reverse=True)

    def actor_level(self, actor: str) -> str:
        """Normalised actor level of an actor as written (see actor_levels.csv)."""
        for pattern, level in self.actor_levels:
            if pattern.search(actor):
                return level
        return "other"

    def department(self, name: str) -> Department | None:
        return self.departments.get(fold(name))


@lru_cache(maxsize=4)
def load_vocabulary(reference: Path = PARSE_REF) -> Vocabulary:
    """Load every reference table once."""
    deps: dict[str, Department] = {}
    for row in read_csv(reference / "departments.csv"):
        dep = Department(**{k: row[k] for k in Department.__dataclass_fields__})
        deps[fold(dep.name)] = dep
    labels = {row["label"]: (row["kind"], row["level"]) for row in read_csv(reference / "labels.csv")}
    actor_levels = tuple((re.compile(r["pattern"]), r["actor_level"]) for r in read_csv(reference / "actor_levels.csv"))
    completions = {fold(r["phrase"]): r["category"] for r in read_csv(reference / "completion_phrases.csv")}
    boiler = tuple(
        (r["rule"], re.compile(r["pattern"], re.MULTILINE), r["what"])
        for r in read_csv(reference / "boilerplate.csv")
        if r["scope"] == "text"
    )
    return Vocabulary(deps, labels, actor_levels, completions, boiler, reference)
