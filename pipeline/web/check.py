"""Checking web pages in a real browser: axe-core for WCAG 2.0/2.1 A and AA.

Drives Debian's chromium (``/usr/bin/chromium``) through Playwright and runs axe-core
(bundled by the ``axe-playwright-python`` package) on each page, opened from disk with
``file://`` and the network blocked, so the check also proves the page needs nothing from
outside its folder. ``almen publish --check-web`` and tests/test_web.py use it.
Both packages come with the test extra (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import BuildError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One axe-core rule a page breaks, with the elements that break it."""

    page: Path
    rule: str
    impact: str | None
    help: str
    targets: tuple[str, ...]

    def format(self) -> str:
        where = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"{self.page}: {self.rule} ({self.impact}): {self.help}: {where}"


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless Debian chromium (a Playwright ``Browser``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BuildError("checking the web edition needs Playwright: "
                         "pip install -e '.[test]'") from None
    if not CHROMIUM.exists():
        raise BuildError(f"checking the web edition needs chromium at {CHROMIUM}: "
                         "apt-get install chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def open_page(browser: Any, page: Path, *, width: int = 1280, height: int = 900,
              outside: list[str] | None = None) -> Any:
    """``page`` in a new tab; requests that leave its publication folder are aborted
    (and, when ``outside`` is given, recorded there). The publication folder is the one
    holding the list (``index.html`` beside ``catalog.json``), else the page's parent's
    parent (a web edition ``SLUG/index.html`` links ``../index.html``)."""
    here = page.resolve().parent
    folder = (here if (here / "catalog.json").is_file() else here.parent).as_uri()
    tab = browser.new_page(viewport={"width": width, "height": height})

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(folder + "/") or url.startswith("data:"):
            request_route.continue_()
        else:
            if outside is not None:
                outside.append(url)
            request_route.abort()

    tab.route("**/*", route)
    tab.goto(page.resolve().as_uri(), wait_until="load")
    tab.evaluate("document.fonts.ready.then(() => true)")
    return tab


def axe_violations(tab: Any, page: Path) -> list[Violation]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on an open tab."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        raise BuildError("checking the web edition needs axe-playwright-python: "
                         "pip install -e '.[test]'") from None
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
               "resultTypes": ["violations"]}
    results = Axe().run(tab, options=options)
    return [Violation(page, v["id"], v.get("impact"), v["help"],
                      tuple(", ".join(n["target"]) for n in v["nodes"]))
            for v in results.response["violations"]]


def check_web(pages: Sequence[Path]) -> list[Violation]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on each page (none: an empty list).
    A request for anything outside a page's publication folder counts as a violation."""
    found: list[Violation] = []
    with browser() as instance:
        for page in pages:
            outside: list[str] = []
            tab = open_page(instance, page, outside=outside)
            try:
                found.extend(axe_violations(tab, page))
            finally:
                tab.close()
            if outside:
                found.append(Violation(page, "outside-resource", "serious",
                                       "the page loads files from outside its folder",
                                       tuple(outside)))
    return found
