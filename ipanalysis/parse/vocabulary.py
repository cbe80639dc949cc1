"""Reference tables (data files) and the regexes built from them.

Per-year and per-source facts live in ``data/reference/parse/*.csv``; this module only reads
them. Nothing here names a department, an actor or a phrase of any one year.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ipanalysis.config import PARSE_REF
from ipanalysis.errors import ReferenceDataError
from ipanalysis.parse.text import fold

CN_NUMERALS = "〇零一二三四五六七八九十百"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a small UTF-8 CSV (with or without Excel's byte-order mark) as a list of dicts (no pandas)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def cn_to_int(numeral: str) -> int:
    """Chinese numeral (一 … 九百九十九) to int."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if "百" in numeral:
        hundreds, _, rest = numeral.partition("百")
        rest = rest.lstrip("零〇")
        return (digits[hundreds] if hundreds else 1) * 100 + (cn_to_int(rest) if rest else 0)
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
class CentralBody:
    """A central body (ministry, agency, party organ, court …) as written in a 推进计划."""

    name: str
    canonical: str
    full_name: str
    body_type: str
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
    # names of documents before the corpus (2013–2017 plans): read and resolved like the
    # departments, but not part of the published departments table
    earlier_departments: dict[str, Department] = field(default_factory=dict)
    label_roles: dict[str, str] = field(default_factory=dict)  # label -> lead | participant (牵头部门：)
    central_bodies: dict[str, CentralBody] = field(default_factory=dict)  # folded written name -> row
    collective: tuple[re.Pattern[str], ...] = ()  # collective names (相关部门 …)
    collective_suffix: tuple[re.Pattern[str], ...] = ()  # after a name: 等部门
    role_words: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> (kind, role)
    actor_heads: tuple[tuple[str, str], ...] = ()  # (head regex, regex of what follows)
    document_kinds: tuple[tuple[re.Pattern[str], str], ...] = ()
    count_phrases: tuple[tuple[re.Pattern[str], str], ...] = ()

    @property
    def departments_file(self) -> Path:
        return self.folder / "departments.csv"

    @property
    def central_bodies_file(self) -> Path:
        return self.folder / "central_bodies.csv"

    @property
    def department_names(self) -> list[str]:
        """Written department names, longest first (for longest-match scanning)."""
        return sorted(set(self.departments) | set(self.earlier_departments), key=len, reverse=True)

    def labels_of(self, kind: str) -> list[str]:
        return sorted((k for k, (kd, _) in self.labels.items() if kd == kind), key=len, reverse=True)

    def words_of(self, kind: str) -> list[str]:
        """Role words of one kind (suffix, infix, qualifier), longest first."""
        return sorted((w for w, (kd, _) in self.role_words.items() if kd == kind), key=len, reverse=True)

    def actor_level(self, actor: str) -> str:
        """Normalised actor level of an actor as written (see actor_levels.csv)."""
        for pattern, level in self.actor_levels:
            if pattern.search(actor):
                return level
        return "other"

    def department(self, name: str) -> Department | None:
        key = fold(name)
        return self.departments.get(key) or self.earlier_departments.get(key)

    def central_body(self, name: str) -> CentralBody | None:
        return self.central_bodies.get(fold(name))

    def is_collective(self, name: str) -> bool:
        """A collective or open-ended body (相关部门, 联席会议有关成员单位, 等部门 …)."""
        key = fold(name)
        return any(p.fullmatch(key) for p in self.collective + self.collective_suffix)

    def document_kind(self, title: str) -> str | None:
        """Kind of a document from its title (document_kinds.csv), None when no row matches."""
        key = fold(title)
        for pattern, kind in self.document_kinds:
            if pattern.search(key):
                return kind
        return None


def _compile(path: Path, row: int, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A regex of a reference file; a bad one names the file and row."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ReferenceDataError(path, row, "a valid regular expression", f"{pattern!r} ({exc})") from exc


COUNTED = ("tasks", "sections", "groups")  # what a document's count words may count (checks.counts_differ)


def _count_phrase(path: Path, row: int, r: dict[str, str]) -> tuple[re.Pattern[str], str]:
    """A row of count_phrases.csv: its pattern must capture the number as ``n``, and count a known table.

    Else a count would be read as nothing (a misspelt table) or fail mid-parse (no ``n``).
    """
    pattern = _compile(path, row, r["pattern"])
    if "n" not in pattern.groupindex:
        raise ReferenceDataError(
            path,
            row,
            "a pattern with a group named n",
            r["pattern"],
            column="pattern",
            fix="write the number as (?P<n>…)",
        )
    if r["table"] not in COUNTED:
        raise ReferenceDataError(path, row, " or ".join(COUNTED), r["table"], column="table")
    return pattern, r["table"]


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(file line, row) of a reference CSV; an optional file that is absent gives no rows."""
    if not path.exists():
        return []
    return list(enumerate(read_csv(path), start=2))


@lru_cache(maxsize=4)
def load_vocabulary(reference: Path = PARSE_REF) -> Vocabulary:
    """Load every reference table once."""
    deps: dict[str, Department] = {}
    for row in read_csv(reference / "departments.csv"):
        dep = Department(**{k: row[k] for k in Department.__dataclass_fields__})
        deps[fold(dep.name)] = dep
    earlier: dict[str, Department] = {}
    for _, row in _rows(reference / "departments_pre2018.csv"):
        dep = Department(**{k: row[k] for k in Department.__dataclass_fields__})
        earlier[fold(dep.name)] = dep
    label_rows = read_csv(reference / "labels.csv")
    labels = {row["label"]: (row["kind"], row["level"]) for row in label_rows}
    label_roles = {row["label"]: row["role"] for row in label_rows if row.get("role")}
    actor_levels = tuple((re.compile(r["pattern"]), r["actor_level"]) for r in read_csv(reference / "actor_levels.csv"))
    completions = {fold(r["phrase"]): r["category"] for r in read_csv(reference / "completion_phrases.csv")}
    boiler = tuple(
        (r["rule"], re.compile(r["pattern"], re.MULTILINE), r["what"])
        for r in read_csv(reference / "boilerplate.csv")
        if r["scope"] == "text"
    )
    central: dict[str, CentralBody] = {}
    rows = [
        CentralBody(**{k: r[k] for k in CentralBody.__dataclass_fields__})
        for _, r in _rows(reference / "central_bodies.csv")
    ]
    for body in rows:
        central[fold(body.name)] = body
    for body in rows:  # the full name of a body is one more way to write it
        if body.full_name and fold(body.full_name) not in central:
            central[fold(body.full_name)] = replace(body, name=body.full_name, note=f"Full name of {body.canonical}.")
    p = reference / "collective_bodies.csv"
    collective = tuple(_compile(p, i, r["pattern"]) for i, r in _rows(p) if r["position"] == "name")
    etc = tuple(_compile(p, i, r["pattern"]) for i, r in _rows(p) if r["position"] == "suffix")
    role_words = {r["word"]: (r["kind"], r["role"]) for _, r in _rows(reference / "role_words.csv")}
    p = reference / "actor_heads.csv"
    heads = tuple((_compile(p, i, r["head"]).pattern, _compile(p, i, r["follows"]).pattern) for i, r in _rows(p))
    p = reference / "document_kinds.csv"
    kinds = tuple((_compile(p, i, r["pattern"]), r["kind"]) for i, r in _rows(p))
    p = reference / "count_phrases.csv"
    counts = tuple(_count_phrase(p, i, r) for i, r in _rows(p))
    return Vocabulary(
        deps,
        labels,
        actor_levels,
        completions,
        boiler,
        reference,
        earlier_departments=earlier,
        label_roles=label_roles,
        central_bodies=central,
        collective=collective,
        collective_suffix=etc,
        role_words=role_words,
        actor_heads=heads,
        document_kinds=kinds,
        count_phrases=counts,
    )
