"""The sample report, built once, checked on the real PDF."""

from __future__ import annotations

import re
from collections import Counter

import pypdf
import pypdfium2 as pdfium
import pytest

from pipeline import BuildResult, danish, load_report
from pipeline.layout import load_layout
from pipeline.markdown import render_markdown
from pipeline.model import Kind
from pipeline.paths import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser"

REPORT = load_report(SAMPLE)
CHAPTERS = REPORT.chapters


def squash(text: str) -> str:
    """Normalise whitespace and undo hyphenation for text comparisons."""
    text = re.sub(r"[-\u00ad\u2010]\n", "", text)
    return re.sub(r"\s+", " ", text)


def outline_entries(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark."""
    entries: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return entries


def test_report_has_the_promised_size_and_content() -> None:
    kinds = Counter(c.kind for c in CHAPTERS)
    assert kinds[Kind.MEETING] == 4
    assert kinds[Kind.CASE] >= 6
    bodies = "\n".join(c.body for c in CHAPTERS)
    assert bodies.count("::: fakta") >= 2 and bodies.count("::: citat") >= 2
    assert re.search(r"^\|.*\|\s*$", bodies, re.M), "a table"
    assert re.search(r"\[\^[^\]]+\]:", bodies), "footnotes"
    figures = [i for c in CHAPTERS for i in render_markdown(c.body).images if i.figure]
    assert len(figures) >= 6


def test_page_count_is_in_range(sample_build: BuildResult, sample_pdf: pypdf.PdfReader) -> None:
    # 42 since every chapter opens with the large number on a right-hand page (issue 12)
    assert 24 <= len(sample_pdf.pages) <= 44
    assert sample_build.pages == len(sample_pdf.pages)
    assert len(sample_pdf.pages) % 2 == 0, "the back cover is a left-hand page"


def test_every_chapter_title_is_in_the_text(sample_texts: list[str]) -> None:
    text = squash(" ".join(sample_texts))
    for chapter in CHAPTERS:
        assert squash(chapter.title) in text, chapter.title


def test_danish_letters_survive_text_extraction(sample_texts: list[str]) -> None:
    text = " ".join(sample_texts)
    for word in ("Værdiskabende", "Udgivelsesår", "Kontaktperson", "KOLOFON", "Indhold"):
        assert word in text
    assert all(letter in text for letter in "æøåÆØÅ" if letter.islower())
    assert "”" in text and "’" in text, "Danish typographic quotes"


def test_outline_matches_the_chapters(sample_pdf: pypdf.PdfReader) -> None:
    entries = outline_entries(sample_pdf)
    levels = [1 if c.kind is not Kind.CASE else 2 for c in CHAPTERS]
    assert [(level, title) for level, title, _ in entries] == [
        (level, chapter.title) for level, chapter in zip(levels, CHAPTERS, strict=True)]


def test_outline_points_at_the_pages_where_chapters_start(
        sample_pdf: pypdf.PdfReader, sample_texts: list[str]) -> None:
    for _, title, page in outline_entries(sample_pdf):
        assert squash(title) in squash(sample_texts[page - 1]), (title, page)


def test_toc_page_numbers_equal_the_chapter_start_pages(
        sample_pdf: pypdf.PdfReader, sample_texts: list[str]) -> None:
    toc_index = next(i for i, t in enumerate(sample_texts) if t.lstrip().startswith("Indhold"))
    toc = squash(" ".join(sample_texts[toc_index:toc_index + 2]))
    starts = {title: page for _, title, page in outline_entries(sample_pdf)}
    for chapter in CHAPTERS:
        match = re.search(re.escape(squash(chapter.title)) + r"(?:, [^\d]+?)? (\d+)", toc)
        assert match, f"{chapter.title!r} not in the table of contents"
        assert int(match.group(1)) == starts[chapter.title], chapter.title
        # the printed folio on that page is the same number
        page_text = sample_texts[starts[chapter.title] - 1]
        assert re.search(rf"(^|\s){starts[chapter.title]}\s*$", page_text) or \
            page_text.lstrip().startswith(str(starts[chapter.title]))


def test_metadata_and_language(sample_pdf: pypdf.PdfReader) -> None:
    info = sample_pdf.metadata
    assert info is not None
    assert info.title and info.title.startswith("Værdiskabende gentagelser")
    assert info.author == "AlmenNet"
    assert info.subject
    keywords = str(info.get("/Keywords"))
    for theme in REPORT.meta.themes:
        assert theme in keywords
    root = sample_pdf.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/Metadata" in root, "XMP metadata"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "Værdiskabende gentagelser" in xmp


def test_pdf_is_tagged_for_accessibility(sample_pdf: pypdf.PdfReader) -> None:
    root = sample_pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    roles: Counter[str] = Counter()
    alts: list[str] = []

    def walk(node: object, depth: int = 0) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                roles[str(node["/S"])] += 1
                if node["/S"] == "/Figure" and "/Alt" in node:
                    alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids, depth + 1)
        elif isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    assert roles["/H1"] >= len(CHAPTERS)
    assert roles["/Table"] >= 1 and roles["/TH"] >= 1
    assert roles["/L"] >= 1 and roles["/LI"] >= 1
    images = [i for c in CHAPTERS for i in render_markdown(c.body).images]
    for image in images:
        assert image.alt in alts, f"figure {image.src} has no /Alt in the structure tree"


def _fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """BaseFont name (without subset prefix) -> embedded?"""
    found: dict[str, bool] = {}

    def visit(resources: object) -> None:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(resources, pypdf.generic.DictionaryObject):
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts = [font]
            if font.get("/Subtype") == "/Type0":
                fonts = [f.get_object() for f in font["/DescendantFonts"]]
            for f in fonts:
                name = str(f["/BaseFont"]).lstrip("/").split("+")[-1]
                descriptor = f.get("/FontDescriptor")
                embedded = bool(descriptor) and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2",
                                                           "/FontFile3"))
                found[name] = found.get(name, True) and embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def test_only_brand_fonts_are_used_and_all_are_embedded(sample_pdf: pypdf.PdfReader) -> None:
    fonts = _fonts(sample_pdf)
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert re.match(r"(Lato|Noto-Serif)(-|$)", name), f"non-brand font {name}"
        assert embedded, f"font {name} is not embedded"
    assert any(n.startswith("Lato") for n in fonts)
    assert any(n.startswith("Noto-Serif") for n in fonts)


def test_pdffonts_agrees_only_brand_fonts_are_embedded(sample_build: BuildResult) -> None:
    """poppler's pdffonts, an independent reader, lists every font as embedded + subset."""
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    lines = subprocess.run(["pdffonts", str(sample_build.pdf_path)], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, *_, emb, sub, _uni, _object, _id = line.split()
        assert re.match(r"[A-Z]{6}\+(Lato|Noto-Serif)", name), line
        assert (emb, sub) == ("yes", "yes"), line


def _image_sizes(reader: pypdf.PdfReader) -> set[tuple[int, int, int]]:
    seen: set[tuple[int, int, int]] = set()

    def visit(resources: object) -> None:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(resources, pypdf.generic.DictionaryObject):
            return
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                seen.add((ref.idnum, int(xobject["/Width"]), int(xobject["/Height"])))
            elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page.get("/Resources"))
    return seen


def test_every_image_is_embedded_at_print_size(sample_pdf: pypdf.PdfReader) -> None:
    sources = {i.src for c in CHAPTERS for i in render_markdown(c.body).images}
    assert REPORT.meta.cover is not None
    sources.add(REPORT.meta.cover.image)
    images = _image_sizes(sample_pdf)
    # SMasks (alpha) are not XObjects of pages, so each source image is one XObject
    assert len(images) >= len(sources)
    # the widest printed image is the cover, 216 mm with its bleed: 2551 px at 300 dpi
    widest = round(load_layout(REPORT.meta.layout).cover_width_mm / 25.4 * 300)
    for _, width, _ in images:
        assert width <= widest, "images are downsampled to 300 dpi at their printed width"


def _plain(markdown: str) -> str:
    """Markdown inline text as it reads in the PDF (links, emphasis and quotes resolved)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return squash(danish.typography(text))


def test_footnotes_sit_on_the_page_of_their_call(sample_texts: list[str]) -> None:
    pages = [squash(t) for t in sample_texts]
    checked = 0
    for chapter in CHAPTERS:
        notes = dict(re.findall(r"^\[\^([^\]]+)\]:\s*(.+)$", chapter.body, re.M))
        for line in chapter.body.splitlines():
            if re.match(r"^\[\^[^\]]+\]:", line):
                continue
            for ref in re.finditer(r"\[\^([^\]]+)\]", line):
                before = _plain(re.sub(r"\[\^[^\]]+\]", "", line[:ref.start()])).split()
                call = " ".join(before[-4:-1])  # the last word carries the call number
                note = " ".join(_plain(notes[ref.group(1)]).split()[:5])
                call_pages = [i + 1 for i, p in enumerate(pages) if call in p]
                note_pages = [i + 1 for i, p in enumerate(pages) if note in p]
                assert call_pages, f"{chapter.path.name}: text {call!r} not found"
                assert note_pages, f"{chapter.path.name}: footnote {note!r} not found"
                assert note_pages[0] in call_pages, (
                    f"footnote {note!r} is on page {note_pages[0]}, its call on {call_pages}")
                checked += 1
    assert checked >= 4


def test_cover_renders_as_a_cover(sample_build: BuildResult) -> None:
    pdf = pdfium.PdfDocument(str(sample_build.pdf_path))
    try:
        image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    finally:
        pdf.close()
    width, height = image.size
    colours = Counter(image.get_flattened_data())
    white = sum(n for c, n in colours.items() if min(c) > 245)
    assert white / (width * height) < 0.2, "the cover is not blank"
    # the lower part is the solid brand field with the title on it
    field = image.crop((0, int(height * 0.62), width, int(height * 0.7))).resize((1, 1))
    r, g, b = field.getpixel((0, 0))
    assert g > r and g > b and g < 140, f"expected the deep green field, got {(r, g, b)}"


def test_file_size_is_sensible(sample_build: BuildResult) -> None:
    assert sample_build.bytes < 12 * 1024 * 1024


@pytest.mark.parametrize("label", ["Status", "Udgivelsesår", "Projektejer", "Projektdeltagere",
                                   "Kontaktperson", "Kolofon"])
def test_fact_panel_and_colophon_labels(sample_texts: list[str], label: str) -> None:
    assert label.upper() in sample_texts[1].upper()
