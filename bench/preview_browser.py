"""Benchmark helper: what the editor waits for in ``almen preview``, measured in Chromium.

From the moment a file is saved to the moment the edited page's new image has loaded in
the preview page (Debian's chromium driven by Playwright), for a one-chapter edit and for
a stylesheet edit. Runs with ALMEN_ROOT pointing at a scratch copy of layouts/ and assets/
so the stylesheet edits never touch the real project. Prints JSON.

Usage: ALMEN_ROOT=... python bench/preview_browser.py REPORT_DIR OUT_DIR REPEAT
"""

from __future__ import annotations

import io
import json
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 60_000

#: true when the ``index``-th page image shows page version ``after`` or newer, and is loaded
#: (the page reloads an image only when its page changed: status ``page_versions``)
LOADED = """([index, after]) => {
  const img = document.querySelectorAll("#pages figure img")[index];
  if (!img || !img.src) return false;
  const version = Number(new URL(img.src).searchParams.get("v"));
  return version >= after && img.complete && img.naturalWidth > 0;
}"""


def status(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "status", timeout=30) as response:
        data: dict[str, object] = json.loads(response.read())
        return data


def wait_idle(url: str, version: int) -> int:
    """Wait until a render newer than ``version`` is out, nothing is building and its
    whole PDF is written (each edit starts from a quiet preview)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        current = status(url)
        if int(current["version"]) > version and not current["building"] \
                and not current["writing"]:  # type: ignore[call-overload]
            return int(current["version"])  # type: ignore[call-overload]
        time.sleep(0.05)
    raise SystemExit(f"no new render after version {version}")


def page_texts(url: str) -> list[str]:
    """The text of each page of the preview's PDF."""
    import pypdf

    with urllib.request.urlopen(url + "report.pdf", timeout=30) as response:
        reader = pypdf.PdfReader(io.BytesIO(response.read()))
    return [page.extract_text() or "" for page in reader.pages]


def page_of(texts: list[str], needle: str) -> int | None:
    """The 0-based page whose text holds ``needle``, if it is on one page only, once."""
    pages = [i for i, text in enumerate(texts) if needle in text]
    return pages[0] if len(pages) == 1 and texts[pages[0]].count(needle) == 1 else None


def main() -> None:
    report_dir, out_dir, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    from playwright.sync_api import sync_playwright

    from pipeline.paths import BRAND_DIR
    from pipeline.preview import PreviewServer

    chapter = sorted(report_dir.glob("*.md"))[2]
    original = chapter.read_text("utf-8")
    front, body = original.split("\n---\n", 1)
    words = [w for w in body.split() if w.isalpha() and w.islower() and len(w) > 5]
    tokens = BRAND_DIR / "tokens.css"
    css = tokens.read_text("utf-8")
    chapter_times: list[float] = []
    css_times: list[float] = []
    with PreviewServer(report_dir, port=0, out_dir=out_dir) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        version = wait_idle(server.url, 0)
        page.goto(server.url)
        page.wait_for_function(LOADED, arg=[0, 1], timeout=WAIT_MS)

        def measure(edit: object, index: int) -> float:
            nonlocal version
            page.locator("#pages figure").nth(index).scroll_into_view_if_needed()
            shown = int(status(server.url)["page_versions"][index])  # type: ignore[index]
            page.wait_for_function(LOADED, arg=[index, shown], timeout=WAIT_MS)
            time.sleep(0.3)   # the page has told the server which pages are in view
            started = time.perf_counter()
            edit()  # type: ignore[operator]
            page.wait_for_function(LOADED, arg=[index, version + 1], timeout=WAIT_MS,
                                   polling=10)
            seconds = time.perf_counter() - started
            version = wait_idle(server.url, version)
            return seconds

        # Words that occur once in the chapter and on one page of the PDF, once: the page
        # whose image must change is then known before the edit.
        texts = page_texts(server.url)
        targets = [(w, found) for w in dict.fromkeys(words)
                   if body.count(f" {w} ") == 1 and (found := page_of(texts, w)) is not None]
        for index in range(repeat):
            word, target = targets[index % len(targets)]

            def edit_chapter(word: str = word) -> None:
                chapter.write_text(f"{front}\n---\n"
                                   f"{body.replace(f' {word} ', f' {word.capitalize()} ', 1)}",
                                   "utf-8")
            chapter_times.append(measure(edit_chapter, target))
            chapter.write_text(original, "utf-8")
            version = wait_idle(server.url, version)

        target = targets[0][1]
        for index in range(repeat):
            def edit_css(index: int = index) -> None:
                tokens.write_text(css.replace("--color-rule: #c5d2cd",
                                              f"--color-rule: #c5d2c{index % 10}"), "utf-8")
            css_times.append(measure(edit_css, target))
        tokens.write_text(css, "utf-8")
        browser.close()
    print(json.dumps({"chapter": chapter_times, "css": css_times}))


if __name__ == "__main__":
    main()
