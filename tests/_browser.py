"""A real headless browser for the page tests: Debian's chromium driven by playwright.

No browser is downloaded: playwright launches the system ``chromium``
(``scripts/setup.sh`` installs it with apt-get when run as root, as CI is). The tests
skip, saying why, only where chromium is missing and cannot be installed (not root);
as root a missing chromium is a failure, so CI never passes without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("file:", "blob:", "data:", "about:")


def chromium_path() -> str:
    """The system chromium, or skip/fail as the module docstring says."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright  # noqa: F401
    except ImportError:
        found = None
        missing = "the playwright package (pip install -e '.[dev]')"
    else:
        missing = "chromium (Debian: apt-get install chromium; scripts/test.sh installs it as root)"
    if found:
        return found
    if os.geteuid() == 0:
        pytest.fail(f"browser tests need {missing}; running as root, so it should have been installed")
    pytest.skip(f"browser tests need {missing}, not installed and not root to install it")


@dataclass
class Visit:
    """What a page did: every request's URL, console errors and uncaught exceptions."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL)]


@contextmanager
def open_page(path: Path, width: int = 1400, height: int = 1000) -> Iterator[Visit]:
    """Open a local file in headless chromium; any request off the machine is recorded and blocked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            visit = Visit(page)
            page.on("request", lambda r: visit.requests.append(r.url))
            page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: visit.errors.append(str(e)))
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL) else route.abort()
            )
            page.goto(path.resolve().as_uri())
            yield visit
        finally:
            browser.close()
