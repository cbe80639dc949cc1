"""The documentation site (mkdocs.yml): every published table and column documented, built offline and strict.

The table pages are generated at build time from data/schema (scripts/make_docs.py), so
they cannot go stale; these tests fail when a table or a column of ``tables.csv`` has no
page or no entry, when the strict build warns about anything (a broken link, a docstring
mkdocstrings cannot read), or when a page fetches anything from the network.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES_CSV = ROOT / "data" / "schema" / "tables.csv"


def _schema() -> dict[str, list[str]]:
    """Table → its fields in order, read from tables.csv itself (not through the code that writes the pages)."""
    out: dict[str, list[tuple[int, str]]] = {}
    with TABLES_CSV.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["table"], []).append((int(row["order"]), row["field"]))
    return {t: [f for _, f in sorted(fields)] for t, fields in out.items()}


@pytest.fixture(scope="module")
def make_docs():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_docs

        yield make_docs
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_every_table_has_a_page_listing_each_of_its_columns_in_order(make_docs):
    pages = make_docs.table_pages()
    schema = _schema()
    assert schema, TABLES_CSV
    assert set(pages) == {"tables/index.md", *(f"tables/{t}.md" for t in schema)}
    for table, fields in schema.items():
        page = pages[f"tables/{table}.md"]
        headed = re.findall(r"^### \d+\. `([^`]+)` \{#", page, flags=re.M)
        assert headed == fields, table
        assert f"[{table}]({table}.md)" in pages["tables/index.md"]


def test_every_column_says_its_type_meaning_in_both_languages_and_values(make_docs):
    for path, page in make_docs.table_pages().items():
        if path.endswith("index.md"):
            continue
        for block in page.split("\n### ")[1:]:
            for label in ("**type**", "**meaning**", "**含义**", "**allowed values**"):
                assert label in block, (path, block[:60], label)


def test_every_public_name_has_an_api_entry(make_docs):
    import ipanalysis as ipa

    pages = make_docs.api_pages()
    documented = set(re.findall(r'heading: "ipa\.(\w+)"', "\n".join(pages.values())))
    assert documented == set(ipa.__all__)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site as scripts/test.sh and scripts/reproduce.sh build it: mkdocs build --strict, no network."""
    out = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_strict_build_has_a_page_per_table_with_an_anchor_per_column(site):
    assert (site / "index.html").is_file()
    for table, fields in _schema().items():
        html = (site / "tables" / f"{table}.html").read_text(encoding="utf-8")
        for field in fields:
            assert f'id="{field}"' in html, (table, field)


def test_the_site_fetches_nothing_from_the_network(site):
    fetched = re.compile(r"<(?:script|img|iframe)[^>]*\ssrc=\"https?:|<link[^>]*\shref=\"https?:", re.I)
    for page in site.rglob("*.html"):
        assert not fetched.search(page.read_text(encoding="utf-8")), page
    for css in site.rglob("*.css"):
        assert "@import url(http" not in css.read_text(encoding="utf-8"), css


@pytest.mark.parametrize("page", ["index.html", "tables/tasks.html", "api/analyses.html"])
def test_site_pages_fit_a_phone_and_stay_offline(site, page):
    from _browser import open_page

    with open_page(site / page, width=390, height=844) as visit:
        visit.page.wait_for_load_state("load")
        visit.page.wait_for_timeout(300)  # scripts that run after load have run
        width = visit.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], (page, width)
        assert visit.outside() == [], visit.outside()
        missing = [u for u in visit.requests if u.startswith("file:") and not Path(unquote(urlparse(u).path)).exists()]
        assert missing == [] and visit.errors == [], (missing, visit.errors)
