"""Execute the notebooks (kept as jupytext ``py:percent`` files) and render them to HTML.

The ``.py`` files in ``notebooks/`` are the reviewable source; executed ``.ipynb`` and
standalone ``.html`` pages go to ``reports/``. A page is written for readers who do not
read code: the code cells are left out (the executed ``.ipynb`` keeps them), its
``<title>`` is the notebook's first heading, every chart has its title as alt text, and
nothing is fetched from a network (no require.js, MathJax or mermaid from a CDN).

Same notebook, same bytes: cell ids are numbered, no execution timestamps are recorded.
"""

from __future__ import annotations

import base64
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ipanalysis.config import NOTEBOOKS, REPORTS

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "ipanalysis_page"


def list_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """Notebook sources, in phase order (``1.0-…``, ``2.0-…``)."""
    return sorted(p for p in folder.glob("*.py") if p.name[0].isdigit())


def execute(source: Path, out_dir: Path = REPORTS / "notebooks", timeout: int = 600) -> Path:
    """Run a notebook top to bottom in a fresh kernel; write and return the executed ``.ipynb``."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"  # not random: same notebook, same bytes
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(source.parent)}},
    )
    with tempfile.TemporaryDirectory(prefix="ipanalysis-ipython-") as tmp:
        client.execute(env={**os.environ, "IPYTHONDIR": tmp})  # no user profile or startup file runs
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{source.stem}.ipynb"
    nbformat.write(nb, out)
    return out


def page_title(nb) -> str:
    """The first markdown heading of a notebook, without its ``#``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#+\s*(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return "ipanalysis"


def _images(nb) -> list[dict]:
    """Every image output in order, with its metadata; ``alt`` is the chart title, else the nearest heading above it."""
    images, heading = [], page_title(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.findall(r"^#+\s*(.+)$", cell.source, re.M)
            heading = m[-1].strip() if m else heading
            continue
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                meta = {**out.get("metadata", {}), **out.get("metadata", {}).get("image/png", {})}
                meta.pop("image/png", None)
                images.append({**meta, "alt": meta.get("alt") or f"Chart: {heading}", "png": out["data"]["image/png"]})
    return images


def _link_chart(soup, img, meta: dict, out_dir: Path) -> None:
    """A chart of the registry: its PNG as a file beside the page (``figures/``), the English one folded."""
    name = Path(meta["ipanalysis_figure"]).name
    target = out_dir / "figures" / name
    blob = base64.b64decode(meta["png"])
    if not target.exists() or target.read_bytes() != blob:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
    img["src"] = f"figures/{name}"
    img["style"] = "max-width: 100%; height: auto;"
    if meta.get("ipanalysis_lang", "zh") != "zh":
        details = soup.new_tag("details", attrs={"class": "ipa-other-language"})
        summary = soup.new_tag("summary")
        summary.string = "English version of this chart · 本图英文版"
        img.wrap(details)
        details.insert(0, summary)


def to_html(executed: Path, out_dir: Path = REPORTS) -> Path:
    """A standalone page for readers: no code, a real title, alt texts, nothing from a network.

    Charts shown by ``ipa.show_chart`` become files in ``figures/`` beside the page (the
    gallery's folder) instead of inline data; the English version of each is folded
    under the Chinese one.
    """
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from ipanalysis.release import version

    nb = nbformat.read(executed, as_version=4)
    title = f"{page_title(nb)} · ipanalysis {version()}"
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title}, "ipanalysis_version": f"ipanalysis {version()}"}
    )
    soup = BeautifulSoup(body, "html.parser")
    by_payload = {"".join(m["png"].split()): m for m in _images(nb)}
    for img in soup.find_all("img"):
        src = str(img.get("src") or "")
        meta = (
            by_payload.get("".join(src.partition("base64,")[2].split())) if src.startswith("data:image/png") else None
        )
        if meta is None:
            continue  # not an image output of a code cell
        img["alt"] = meta["alt"]
        if meta.get("ipanalysis_figure"):
            _link_chart(soup, img, meta, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{executed.stem}.html"
    out.write_text(str(soup), encoding="utf-8")
    return out


def render(source: Path, out_dir: Path = REPORTS) -> list[Path]:
    """Execute one notebook and render its page."""
    executed = execute(source, out_dir / "notebooks")
    return [executed, to_html(executed, out_dir)]


def render_all(sources: list[Path] | None = None, out_dir: Path = REPORTS, workers: int | None = None) -> list[Path]:
    """Execute every notebook (in parallel, one kernel a core) and render its page: ``[ipynb, html, …]`` in source order."""
    sources = sources if sources is not None else list_notebooks()
    workers = workers or max(1, min(len(sources), os.cpu_count() or 1))
    # longest first (by source size), so the last kernel to start is a short one
    longest_first = sorted(sources, key=lambda p: (-p.stat().st_size, p.name))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # kernels are processes: threads only wait
        done = dict(zip(longest_first, pool.map(lambda s: render(s, out_dir), longest_first), strict=True))
    return [p for s in sources for p in done[s]]
