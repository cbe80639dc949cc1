"""Execute the notebooks (kept as jupytext ``py:percent`` files) and render them to HTML.

The ``.py`` files in ``notebooks/`` are the reviewable source; executed ``.ipynb`` and
standalone ``.html`` (figures embedded) go to ``reports/``.
"""

from __future__ import annotations

import html
from pathlib import Path

from ipanalysis.config import NOTEBOOKS, REPORTS


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
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}}
    )
    client.execute()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{source.stem}.ipynb"
    nbformat.write(nb, out)
    return out


def to_html(executed: Path, out_dir: Path = REPORTS) -> Path:
    """Standalone HTML of an executed notebook (images are embedded in its outputs)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{executed.stem}.html"
    out.write_text(body, encoding="utf-8")
    return out


def report(sources: list[Path] | None = None, out_dir: Path = REPORTS) -> list[Path]:
    """Execute every notebook, render each to HTML and write an index page."""
    written: list[Path] = []
    pages = []
    for src in sources if sources is not None else list_notebooks():
        executed = execute(src, out_dir / "notebooks")
        page = to_html(executed, out_dir)
        written += [executed, page]
        pages.append(page)
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages)
    index = out_dir / "index.html"
    index.write_text(
        "<!doctype html><html lang='zh'><meta charset='utf-8'><title>ipanalysis report</title>"
        "<body style='font-family:sans-serif;max-width:48em;margin:2em auto'>"
        "<h1>ipanalysis: CNIPA task lists 2018–2024</h1>"
        f"<p>Executed notebooks, figures embedded; open without Python.</p><ul>{items}</ul></body></html>\n",
        encoding="utf-8",
    )
    written.append(index)
    return written
