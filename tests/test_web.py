"""The web edition (pipeline/web/): accessible HTML from the same source as the PDFs,
proven in Debian's chromium via Playwright: axe-core (WCAG 2.0/2.1 A + AA), reflow at
320 px, 200 % zoom, keyboard order and focus ring, contrast of every text/background
pair; plus content parity against the Markdown, publishing and reproducibility.

One browser for the whole module; the two sample reports' web editions are built once
(images come from the shared cache, so this costs about a second after the first run).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest

from pipeline import danish
from pipeline.errors import Diagnostics
from pipeline.layout import lint_stylesheet, load_layout
from pipeline.load import load_report
from pipeline.markdown import parse
from pipeline.paths import ASSETS_DIR, BRAND_DIR, LAYOUTS_DIR, PROJECT_ROOT
from pipeline.publishing import PublishResult, publish
from pipeline.web import WebEdition, build_web, render_web
from pipeline.web.build import render_chapters
from pipeline.web.check import CHROMIUM, WCAG_TAGS, axe_violations, open_page
from pipeline.web.contrast import contrast, required

SAMPLES = {"vaerdiskabende-gentagelser": PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser",
           "strategiproces": PROJECT_ROOT / "reports" / "strategiproces"}
MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
SCHEMA = json.loads((PROJECT_ROOT / "docs" / "catalog.schema.json").read_text("utf-8"))

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                  "(make test installs it: apt-get install chromium)")


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, WebEdition]:
    out = tmp_path_factory.mktemp("web")
    return {slug: build_web(folder, out) for slug, folder in SAMPLES.items()}


@pytest.fixture(scope="module")
def mini_public(tmp_path_factory: pytest.TempPathFactory) -> PublishResult:
    return publish([MINI], tmp_path_factory.mktemp("web-site") / "public")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    from pipeline.web.check import browser as launch

    with launch() as instance:
        yield instance


def pages(editions: dict[str, WebEdition], mini_public: PublishResult) -> list[Path]:
    return [*(e.page for e in editions.values()), mini_public.index_path.absolute()]


def folder_snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- structure


class _Tree(HTMLParser):
    """A tiny DOM: (tag, attrs, text, ancestors) for every element, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []

    VOID: ClassVar[set[str]] = {"img", "br", "meta", "link", "hr", "input", "source"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": "",
                   "ancestors": [(e["tag"], e["attrs"].get("class", "")) for e in self.stack]}
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element["text"] += data


def tree(page: Path) -> list[dict[str, Any]]:
    parser = _Tree()
    parser.feed(page.read_text("utf-8"))
    for element in parser.elements:
        element["text"] = " ".join(element["text"].split())
    return parser.elements


def squash(text: str) -> str:
    return " ".join(text.split())


def inline_text(token: Any) -> str:
    return squash("".join(c.content if c.type != "softbreak" else " "
                          for c in (token.children or [])
                          if c.type in ("text", "code_inline", "softbreak")))


def test_semantic_skeleton(editions: dict[str, WebEdition]) -> None:
    for slug, edition in editions.items():
        html = edition.page.read_text("utf-8")
        elements = tree(edition.page)
        tags = [e["tag"] for e in elements]
        assert elements[0]["tag"] == "html" and elements[0]["attrs"]["lang"] == "da"
        body = tags.index("body")
        first = elements[body + 1]
        assert first["tag"] == "a" and first["attrs"]["class"] == "skip"
        assert first["attrs"]["href"] == "#indhold" and first["text"] == "Gå til indholdet"
        assert [e["attrs"].get("id") for e in elements if e["tag"] == "main"] == ["indhold"]
        assert tags.count("h1") == 1 and tags.count("header") >= 1 and "footer" in tags
        report = load_report(SAMPLES[slug])
        assert report.meta.title in next(e["text"] for e in elements if e["tag"] == "h1")
        # The fact panel is a description list; cover image with its alt text.
        facts = [e for e in elements if e["tag"] == "dt" and any(
            "fact-panel" in c for _, c in e["ancestors"])]
        assert {"Udgivelsesår", "Kontaktperson"} <= {e["text"] for e in facts}
        if report.meta.cover is not None:
            hero = [e for e in elements if e["tag"] == "img"
                    and any("hero-image" in c for _, c in e["ancestors"])]
            assert hero[0]["attrs"]["alt"] == squash(report.meta.cover.alt)
            assert re.search(r" 1920w$", hero[0]["attrs"]["srcset"])
        # Chapters and cases are sections with kicker and organisation/place.
        for chapter in report.chapters:
            (section,) = [e for e in elements if e["attrs"].get("id") == chapter.slug]
            assert section["tag"] == "section" and chapter.title in section["text"]
            if chapter.kind == "case":
                assert "Eksempel" in section["text"]
                for value in (chapter.organisation, chapter.place):
                    if value:
                        assert value in section["text"]
        if slug == "vaerdiskabende-gentagelser":
            navs = [e for e in elements if e["tag"] == "nav"]
            assert navs and all(f'href="#{c.slug}"' in html for c in report.chapters)
        # Nothing from outside the folder; no absolute file paths.
        assert "file:" not in html and "http://" not in html.replace("http://www.w3", "")
        for element in elements:
            for name in ("src", "href"):
                value = element["attrs"].get(name) or ""
                if value and not value.startswith(("#", "mailto:", "tel:", "https://")):
                    assert (edition.folder / value).resolve().is_file(), value
        # Danish text everywhere on the page.
        for label in ("Indhold", "Kolofon", "Fakta om projektet"):
            if slug == "vaerdiskabende-gentagelser" or label != "Indhold":
                assert label in html


def test_content_parity_with_the_markdown(editions: dict[str, WebEdition]) -> None:
    """Every chapter title, fact box, quote, table, footnote and figure of the Markdown
    source is on the page, in the right element."""
    for slug, edition in editions.items():
        report = load_report(SAMPLES[slug])
        elements = tree(edition.page)

        def texts(tag: str, klass: str | None = None,
                  elements: list[dict[str, Any]] = elements) -> list[str]:
            return [e["text"] for e in elements if e["tag"] == tag
                    and (klass is None or klass in (e["attrs"].get("class") or "").split())]

        headings = " | ".join(texts("h2") + texts("h3"))
        asides, quotes = texts("aside", "fakta"), texts("figure", "citat")
        tables = [e for e in elements if e["tag"] == "table"]
        notes = [e["text"] for e in elements if e["tag"] == "li"
                 and (e["attrs"].get("id") or "").startswith("fn-")]
        images = [e for e in elements if e["tag"] == "img"
                  and any("figur" in c.split() for _, c in e["ancestors"])]
        captions = texts("figcaption")
        counts = {"fakta": 0, "citat": 0, "table": 0, "footnote": 0, "figure": 0}
        for chapter in report.chapters:
            assert chapter.title in headings
            tokens = parse(chapter.body)
            for index, token in enumerate(tokens):
                if token.type == "container_fakta_open":
                    counts["fakta"] += 1
                    title = token.info.strip()[len("fakta"):].strip() or "Vidste du …"
                    body = inline_text(next(t for t in tokens[index:] if t.type == "inline"))
                    body = body.split("[^")[0]
                    assert any(a.startswith(title) and squash(body)[:60] in a for a in asides), \
                        (chapter.path, title)
                elif token.type == "container_citat_open":
                    counts["citat"] += 1
                    quote = inline_text(next(t for t in tokens[index:] if t.type == "inline"))
                    assert any(quote[:50] in q for q in quotes), (chapter.path, quote)
                elif token.type == "table_open":
                    counts["table"] += 1
                    close = next(i for i in range(index, len(tokens))
                                 if tokens[i].type == "thead_close")
                    header = [inline_text(t) for t in tokens[index:close] if t.type == "inline"]
                    assert any(all(h in t["text"] for h in header) for t in tables), header
                elif token.type == "footnote_reference_open":
                    counts["footnote"] += 1
                    note = inline_text(next(t for t in tokens[index:] if t.type == "inline"))
                    assert any(note[:60] in n for n in notes), (chapter.path, note)
                elif token.type == "inline":
                    for child in token.children or []:
                        if child.type == "image" and child.attrGet("title"):
                            counts["figure"] += 1
                            alt = squash("".join(c.content for c in child.children or []))
                            caption = str(child.attrGet("title")).split(" Illustration:")[0]
                            assert any(i["attrs"].get("alt") == alt for i in images), alt
                            assert any(caption[:50] in c for c in captions), caption
        # As many of each on the page as in the source (footnote calls = notes).
        assert len(asides) == counts["fakta"] and len(quotes) == counts["citat"]
        assert len(tables) == counts["table"] == edition.tables
        assert len(notes) == counts["footnote"] == edition.footnotes
        assert len(images) == counts["figure"] == edition.figures
        refs = [e for e in elements if e["tag"] == "a"
                and (e["attrs"].get("id") or "").startswith("fnref-")]
        assert len(refs) == len(notes)
        backs = [e["attrs"]["href"] for e in elements if e["tag"] == "a"
                 and "fn-back" in (e["attrs"].get("class") or "")]
        assert backs == [f"#{r['attrs']['id']}" for r in refs], "every note links back"
        for table in tables:
            assert "Tabel" in table["text"]
        assert [e["attrs"].get("scope") for e in elements if e["tag"] == "th"] \
            == ["col"] * len([e for e in elements if e["tag"] == "th"])
    sample = editions["vaerdiskabende-gentagelser"]
    assert (sample.tables, sample.figures) == (4, 10) and sample.footnotes >= 9


def test_stylesheet_uses_only_brand_tokens_and_fonts(editions: dict[str, WebEdition]) -> None:
    """The layouts' CSS rules hold for web.css too: colours only as tokens, only the brand
    fonts, nothing from outside the page's folder (its @font-face are its own)."""
    folder = editions["vaerdiskabende-gentagelser"].folder / "web"
    tokens = set(re.findall(r"--([a-z0-9-]+)\s*:", (BRAND_DIR / "tokens.css").read_text()))
    diags = Diagnostics()
    lint_stylesheet(folder / "web.css", ["Lato", "Noto Serif"], {f"--{t}" for t in tokens}
                    | tokens, (folder,), diags)
    problems = [d for d in diags.items if d.code != "font-face"]
    assert problems == [], [d.format() for d in problems]
    assert (folder / "web.css").read_bytes() == (BRAND_DIR / "web.css").read_bytes()


def test_publish_links_the_web_edition(mini_public: PublishResult) -> None:
    out = mini_public.out_dir
    catalog = json.loads(mini_public.catalog_path.read_text("utf-8"))
    jsonschema.validate(catalog, SCHEMA)
    (entry,) = catalog["publications"]
    files = {f["role"]: f for f in entry["files"]}
    assert files["web"]["path"] == "mini/index.html"
    assert files["web"]["media_type"] == "text/html"
    page = (out / "mini" / "index.html").read_text("utf-8")
    for role in ("screen", "print"):
        name = Path(files[role]["path"]).name
        size = danish.format_bytes(files[role]["bytes"]).replace(" ", "\u00a0")
        assert re.search(rf'href="{re.escape(name)}"[^>]*>[^<]+<span[^>]*> \(PDF, '
                         rf"[^)]*{re.escape(size)}\)", page), (role, size)
    assert 'href="../index.html"' in page
    # The list links the web edition first.
    index = mini_public.index_path.read_text("utf-8")
    links = re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)"', index.split("<main")[1])
    assert links[0] == "mini/index.html"
    assert links[1:3] == ["mini/mini.pdf", "mini/mini-tryk.pdf"]


def test_two_publishes_are_byte_identical(mini_public: PublishResult,
                                          tmp_path: Path) -> None:
    again = publish([MINI], tmp_path / "elsewhere" / "public")
    first, second = folder_snapshot(mini_public.out_dir), folder_snapshot(again.out_dir)
    assert [n for n in first if n.startswith("mini/web/")], "the web folder is published"
    assert first == second


def test_token_change_reaches_the_web_edition(browser: Any, tmp_path: Path) -> None:
    """A designer changes a colour once in tokens.css: the web edition follows."""
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS_DIR, layouts)
    (tmp_path / "assets").symlink_to(ASSETS_DIR, target_is_directory=True)
    tokens = layouts / "_brand" / "tokens.css"
    tokens.write_text(tokens.read_text("utf-8").replace(
        "--color-primary: #0f5c4d", "--color-primary: #6a1b4d"), "utf-8")
    report = load_report(MINI)
    layout = load_layout(report.meta.layout, layouts_dir=layouts)
    edition = render_web(report, layout, render_chapters(report), tmp_path / "out")
    tab = open_page(browser, edition.page)
    try:
        colours = tab.evaluate("""() => ({
            title: getComputedStyle(document.querySelector('.opener h2')).color,
            hero: getComputedStyle(document.querySelector('.hero')).backgroundColor})""")
    finally:
        tab.close()
    assert colours == {"title": "rgb(106, 27, 77)", "hero": "rgb(106, 27, 77)"}


# ---------------------------------------------------------------------------- in chromium


@needs_chromium
def test_axe_finds_no_wcag_violations(browser: Any, editions: dict[str, WebEdition],
                                      mini_public: PublishResult) -> None:
    found = []
    for page in [*pages(editions, mini_public), mini_public.out_dir.absolute()
                 / "mini" / "index.html"]:
        outside: list[str] = []
        tab = open_page(browser, page, outside=outside)
        try:
            violations = axe_violations(tab, page)
            rules = tab.evaluate(f"axe.getRules({WCAG_TAGS}).length")
        finally:
            tab.close()
        assert rules > 30, "axe-core really has its WCAG A and AA rules"
        found.extend(v.format() for v in violations)
        assert outside == [], f"{page} loads files from outside its folder"
    assert found == []


REFLOW_JS = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (el.closest('.visually-hidden') || style.display === 'none') continue;
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden on purpose
    const clips = ['hidden', 'clip'].includes(style.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(el.tagName + '.' + el.className);
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > window.innerWidth + 1 && !el.closest('.tabel'))
      cut.push('beyond the viewport: ' + el.tagName + '.' + el.className);
  }
  return {width: document.documentElement.scrollWidth, viewport: window.innerWidth, cut};
}"""


@needs_chromium
def test_reflow_at_320px_and_200_percent_zoom(browser: Any, editions: dict[str, WebEdition],
                                              mini_public: PublishResult,
                                              tmp_path: Path) -> None:
    for page in pages(editions, mini_public):
        # 320 CSS px (WCAG 1.4.10) and 1280 px at 200 % zoom (= 640 CSS px).
        for width, height in ((320, 640), (640, 450)):
            tab = open_page(browser, page, width=width, height=height)
            try:
                result = tab.evaluate(REFLOW_JS)
            finally:
                tab.close()
            assert result["width"] <= result["viewport"] == width, (page, result)
            assert result["cut"] == [], (page, width, result["cut"][:5])
        # Text alone at 200 % (WCAG 1.4.4): nothing cut off or pushed out sideways.
        tab = open_page(browser, page, width=1280)
        try:
            tab.add_style_tag(content="html { font-size: 200% !important; }")
            result = tab.evaluate(REFLOW_JS)
        finally:
            tab.close()
        assert result["width"] <= 1280 and result["cut"] == [], (page, result["cut"][:5])


@needs_chromium
def test_screenshots_at_320_and_1280(browser: Any, editions: dict[str, WebEdition],
                                     tmp_path: Path) -> None:
    from PIL import Image

    for slug, edition in editions.items():
        for width in (320, 1280):
            tab = open_page(browser, edition.page, width=width, height=900)
            try:
                tab.wait_for_function("[...document.querySelectorAll('.hero img')]"
                                      ".every(img => img.complete)")
                shot = tmp_path / f"{slug}-{width}.png"
                tab.screenshot(path=str(shot))
            finally:
                tab.close()
            with Image.open(shot) as image:
                assert image.size == (width, 900)
                colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
                # The brand's dark green masthead and the green hero field are on screen.
                top = image.convert("RGB").getpixel((2, 2))
                assert top == (10, 64, 54), top
                assert len(colours) > 50, "a real page, not a blank one"


TAB_JS = """() => {
  const focusable = [...document.querySelectorAll('a[href], [tabindex="0"], button, input')]
    .filter(el => el.getClientRects().length > 0 || el.classList.contains('skip'));
  focusable.forEach((el, i) => el.dataset.order = String(i));
  return focusable.length;
}"""
FOCUSED_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {order: el.dataset.order ?? null, tag: el.tagName, text: el.textContent.trim(),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          visible: rect.bottom > 0 && rect.top < window.innerHeight && rect.width > 0};
}"""


@needs_chromium
def test_keyboard_order_skip_link_and_focus_ring(browser: Any,
                                                 editions: dict[str, WebEdition]) -> None:
    for edition in editions.values():
        tab = open_page(browser, edition.page, width=1280, height=900)
        try:
            count = tab.evaluate(TAB_JS)
            seen = []
            for _ in range(count):
                tab.keyboard.press("Tab")
                seen.append(tab.evaluate(FOCUSED_JS))
            # The skip link first, visible, and it moves the focus to the main content.
            assert seen[0]["text"] == "Gå til indholdet" and seen[0]["visible"]
        finally:
            tab.close()
        assert [s["order"] for s in seen] == [str(i) for i in range(count)], \
            "every link is reached with Tab, in reading order"
        for stop in seen:
            assert stop["outline"] != "none" and stop["width"] >= 2, stop
            assert stop["visible"], f"focused but not on screen: {stop}"
        assert count > (20 if edition.chapters > 5 else 5)
    # Activating the skip link lands in <main>.
    tab = open_page(browser, editions["vaerdiskabende-gentagelser"].page)
    try:
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "indhold"
    finally:
        tab.close()


CONTRAST_JS = """() => {
  const opaque = c => c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent';
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (opaque(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const pairs = {};
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('.visually-hidden') || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const key = [style.color, background(el), parseFloat(style.fontSize),
                 parseInt(style.fontWeight)].join('|');
    pairs[key] = pairs[key] || (el.tagName.toLowerCase() + '.' + el.className);
  }
  return pairs;
}"""


@needs_chromium
def test_contrast_of_every_text_and_background_pair(browser: Any,
                                                    editions: dict[str, WebEdition],
                                                    mini_public: PublishResult) -> None:
    pairs: dict[tuple[str, str], float] = {}
    for page in pages(editions, mini_public):
        tab = open_page(browser, page)
        try:
            found = tab.evaluate(CONTRAST_JS)
        finally:
            tab.close()
        for key, where in found.items():
            colour, background, size, weight = key.split("|")
            ratio = contrast(colour, background)
            need = required(float(size), int(weight))
            assert ratio >= need, f"{page.name}: {where}: {colour} on {background} " \
                                  f"is {ratio:.2f}:1, needs {need}:1"
            pairs[colour, background] = ratio
    # The pairs the stylesheet promises (web.css header) are all really used.
    assert len(pairs) >= 8, pairs


# ---------------------------------------------------------------------------- command line


def test_build_web_writes_the_page_beside_the_pdf(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["build", str(MINI), "--out", str(tmp_path), "--web"])
    assert result.exit_code == 0, result.output
    page = tmp_path / "mini" / "index.html"
    assert f"web edition {page}" in result.output
    html = page.read_text("utf-8")
    size = danish.format_bytes((tmp_path / "mini" / "mini.pdf").stat().st_size)
    assert 'href="mini.pdf"' in html and size.replace(" ", "\u00a0") in html
    assert (tmp_path / "mini" / "web" / "web.css").is_file()
    assert not [p for p in (tmp_path / "mini").iterdir() if p.name.startswith((".web", ".index"))]


@needs_chromium
def test_publish_check_web_refuses_a_page_with_poor_contrast(report_copy: Path,
                                                             tmp_path: Path) -> None:
    """A token override that makes the brand colour too light: axe finds it, the publish
    fails with the rule and the element, and the published folder stays as it was."""
    # The real command in its own process (this module's browser already runs Playwright
    # in this one).
    out = tmp_path / "public"
    publish([report_copy], out)
    before = folder_snapshot(out)
    command = [sys.executable, "-m", "pipeline", "publish", str(report_copy), "--out",
               str(out), "--check-web"]
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") + 'tokens:\n  color-primary: "#8fc9b5"\n',
                      "utf-8")
    bad = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert bad.returncode == 1
    assert "fails the accessibility check" in bad.stderr and "color-contrast" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert folder_snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "mini", "public"]


def test_font_subsetting_is_deterministic(tmp_path: Path) -> None:
    """Reproducible without the cache: the same font and text give the same WOFF2 bytes,
    which hold the page's characters (æøå, ”, –, …) and no timestamp."""
    import io

    from fontTools.ttLib import TTFont

    from pipeline.web.assets import FONTS_DIR, subset_font

    source = FONTS_DIR / "lato" / "Lato-Regular.ttf"
    text = "Værdiskabende gentagelser – ”Vidste du …” Ærø Åbenrå"
    first = subset_font(source, text, cache_dir=tmp_path / "a")
    assert first == subset_font(source, text, cache_dir=tmp_path / "b")
    font = TTFont(io.BytesIO(first))
    assert font.flavor == "woff2"
    assert {ord(c) for c in text} <= set(font.getBestCmap())
    assert font["head"].modified == TTFont(source)["head"].modified
