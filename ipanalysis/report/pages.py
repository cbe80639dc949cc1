"""The report's HTML pages from their Jinja2 templates (``report/templates/<page>/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")


def render_page(page: str, **values: Any) -> str:
    """``templates/<page>/<page>.html.j2`` filled with ``values``, every value escaped unless marked safe."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / page),
        autoescape=True,
        trim_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(f"{page}.html.j2").render(**values)
