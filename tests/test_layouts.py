"""The layout system: manifests, layout selection, brand tokens, and the faktaark layout.

Renders real PDFs and looks at them: text with pypdf, pixels with pypdfium2.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml

from pipeline import BuildResult, build, load_report
from pipeline.check import check_report
from pipeline.errors import Diagnostic, ReportError
from pipeline.html import render_html
from pipeline.layout import Layout, load_layout
from pipeline.load import overridable_tokens
from pipeline.paths import ASSETS_DIR, BRAND_DIR, LAYOUTS_DIR, PROJECT_ROOT, available_layouts
from pipeline.pdf import render_pdf

STRATEGI = PROJECT_ROOT / "reports" / "strategiproces"
MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
DEFAULT_PRIMARY = "#0f5c4d"  # --color-primary in layouts/_brand/tokens.css
OVERRIDE = "#b00040"

# Where each layout paints --color-primary over a flat area (x mm, y mm on page 1):
# almenrapport: the cover's colour field, left of the title; faktaark: the title band.
PRIMARY_SPOT = {"almenrapport": (8.0, 280.0), "faktaark": (5.0, 40.0)}

EXTRA_CHAPTER = """---
title: Alle elementer
kind: meeting
date: 2024-02-01
place: Vejle
---

Tekst før citatet med endnu en fodnote.[^b]

::: citat
Driften kender både bygninger og beboere bedre end nogen anden.
— Driftschef, boligorganisation på Fyn
:::

## Deltagere

| Sted | Deltagere |
|---|---:|
| Odense | 29 |
| Vejle | 27 |

::: fakta Projektet indeholder
- En rapport
- En eksempelsamling
:::

[^b]: Den anden fodnotes tekst.
"""


# --------------------------------------------------------------------------------------
# helpers


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def pixel(pdf_path: Path, x_mm: float, y_mm: float, page: int = 0) -> tuple[int, int, int]:
    """The colour of the rendered page at (x, y) millimetres from the top left."""
    scale = 0.5
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        image = pdf[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    to_px = 72 / 25.4 * scale
    return image.getpixel((round(x_mm * to_px), round(y_mm * to_px)))


def assert_colour(actual: tuple[int, int, int], expected: str) -> None:
    want = hex_rgb(expected)
    assert all(abs(a - w) <= 3 for a, w in zip(actual, want, strict=True)), (
        f"expected {expected} {want}, found {actual}")


def texts(pdf_path: Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[-\u00ad]\n", "", text))


def set_yaml(report_dir: Path, **values: object) -> None:
    """Rewrite keys of report.yaml (tests only: comments are dropped)."""
    path = report_dir / "report.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(values)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def copy_report(source: Path, target: Path, **values: object) -> Path:
    shutil.copytree(source, target)
    if values:
        set_yaml(target, **values)
    return target


def render_with(report_dir: Path, layout: Layout, out: Path) -> Path:
    """Render a report with an explicitly loaded layout (e.g. from a copied layouts/)."""
    report = load_report(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    rendered = render_html(report, layout, out, cache_dir=out / "cache")
    path = out / f"{report.slug}.pdf"
    path.write_bytes(render_pdf(rendered).data)
    return path


@pytest.fixture
def layouts_copy(tmp_path: Path) -> Path:
    """A writable copy of layouts/ (assets/ linked beside it, as in the project)."""
    shutil.copytree(LAYOUTS_DIR, tmp_path / "layouts")
    (tmp_path / "assets").symlink_to(ASSETS_DIR, target_is_directory=True)
    return tmp_path / "layouts"


# --------------------------------------------------------------------------------------
# builds shared by several tests (each rendered once per module)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layouts")


@pytest.fixture(scope="module")
def fakta_build(out_dir: Path) -> BuildResult:
    """The sample fact sheet, reports/strategiproces (layout faktaark)."""
    return build(STRATEGI, out_dir / "dist", html=True)


@pytest.fixture(scope="module")
def mini_build(out_dir: Path) -> BuildResult:
    """The small test report in its default layout, almenrapport."""
    return build(MINI, out_dir / "dist")


@pytest.fixture(scope="module")
def mini_fakta_build(out_dir: Path) -> BuildResult:
    """The small test report as a fact sheet, with every Markdown feature."""
    folder = copy_report(MINI, out_dir / "mini-faktaark", layout="faktaark", key_figures=[
        {"value": "12", "label": "boligafdelinger"},
        {"value": "3,5 mio. kr.", "label": "projektøkonomi"}])
    (folder / "03-alt.md").write_text(EXTRA_CHAPTER, "utf-8")
    return build(folder, out_dir / "dist")


# --------------------------------------------------------------------------------------
# the layouts themselves


def test_both_layouts_exist_and_load_cleanly() -> None:
    assert {"almenrapport", "faktaark"} <= set(available_layouts())
    for name in available_layouts():
        layout = load_layout(name)
        assert layout.name == name and layout.description
        assert layout.page_size == "A4"
        assert set(layout.fonts) == {"Lato", "Noto Serif"}
        assert layout.font_files and all(p.is_file() and p.is_relative_to(ASSETS_DIR)
                                         for p in layout.font_files)
        sheets = [p.name for p in layout.stylesheets]
        assert sheets[:2] == ["fonts.css", "tokens.css"], "both layouts share the brand"
        assert layout.stylesheets[1] == (BRAND_DIR / "tokens.css").resolve()


def test_faktaark_css_uses_tokens_only() -> None:
    """No colour or font is written in the layout's CSS: all come from the brand tokens."""
    css = (LAYOUTS_DIR / "faktaark" / "style.css").read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", css)
    assert re.findall(r"font-family:\s*([^;]+);", css) and all(
        value.strip().startswith("var(--font-")
        for value in re.findall(r"font-family:\s*([^;]+);", css))
    assert "var(--color-primary)" in css and "var(--font-sans)" in css


def test_unknown_layout_is_an_error_at_its_line(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") + "layout: faktark\n", "utf-8")
    line = config.read_text("utf-8").split("\n").index("layout: faktark") + 1
    result = check_report(report_copy)
    found = [d for d in result.errors if d.code == "unknown-layout"]
    assert found, result.diagnostics
    assert found[0].file == config and found[0].line == line and found[0].column == 9
    assert "did you mean 'faktaark'?" in (found[0].hint or "")
    with pytest.raises(ReportError, match=r"unknown layout 'faktark'.*did you mean 'faktaark'"):
        load_layout("faktark")


# --------------------------------------------------------------------------------------
# manifest validation: every problem with its file and line


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


MANIFEST_CASES = [
    # (file in layouts/faktaark/, text to replace, replacement, error code, text on its line)
    ("layout.yaml", "page_size: A4", "page_size: A4\ncolour: red", "unknown-key", "colour:"),
    ("layout.yaml", "name: faktaark", "name: fakta", "bad-name", "name: fakta"),
    ("layout.yaml", "page_size: A4", "page_size: A44", "bad-page-size", "page_size"),
    ("layout.yaml", "  - style.css", "  - stil.css", "missing-stylesheet", "stil.css"),
    ("layout.yaml", "  - ../_brand/tokens.css\n", "", "missing-brand", "../_brand/fonts.css"),
    ("layout.yaml", "  - Noto Serif ", "  - Noto Sans ", "unknown-font", "Noto Sans"),
    ("layout.yaml", "template: faktaark.html.j2", "template: fakta.html.j2",
     "missing-template", "template:"),
    ("layout.yaml", "  figure_width_mm: 112", "  figure_width_mm: bred", "bad-value",
     "figure_width_mm"),
    ("style.css", "body { margin: 0; }", "body { margin: 0; color: #ff0000; }",
     "hard-coded-colour", "#ff0000"),
    ("style.css", "body { margin: 0; }", "body { margin: 0; background: white; }",
     "hard-coded-colour", "background: white"),
    ("style.css", "body { margin: 0; }", "body { margin: var(--space-mm); }", "unknown-token",
     "--space-mm"),
    ("style.css", "body { margin: 0; }", "body { margin: 0; font-family: Arial; }",
     "not-a-brand-font", "Arial"),
    ("style.css", "body { margin: 0; }",
     "body { margin: 0; }\n@font-face { font-family: X; src: url(x.ttf); }", "font-face",
     "@font-face"),
    ("faktaark.html.j2", "{% block back %}", "{% block bak %}", "unknown-block",
     "{% block bak %}"),
    ("faktaark.html.j2", "{% block toc %}{% endblock %}", "{% block toc %}{% endblok %}",
     "template-syntax", "endblok"),
    ("faktaark.html.j2", '{% extends "base.html.j2" %}', "", "template-not-based", ""),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "needle"), MANIFEST_CASES,
                         ids=[f"{c[0]}:{c[3]}" for c in MANIFEST_CASES])
def test_layout_problems_are_reported_with_file_and_line(
        layouts_copy: Path, name: str, old: str, new: str, code: str, needle: str) -> None:
    path = layouts_copy / "faktaark" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ReportError) as caught:
        load_layout("faktaark", layouts_dir=layouts_copy)
    found: list[Diagnostic] = [d for d in caught.value.diagnostics if d.code == code]
    assert found, caught.value.format_message()
    diagnostic = found[0]
    assert diagnostic.file.resolve() == path.resolve()
    expected = _line_of(path, needle) if needle else 1
    assert diagnostic.line == expected, caught.value.format_message()
    assert f"{name}:{expected}" in caught.value.format_message()
    assert diagnostic.hint, "every layout error says how to fix it"


def test_all_layout_problems_are_reported_at_once(layouts_copy: Path) -> None:
    folder = layouts_copy / "faktaark"
    manifest = folder / "layout.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("page_size: A4", "page_size: A44")
                        .replace("  - Lato ", "  - Lato Sans "), "utf-8")
    css = folder / "style.css"
    css.write_text(css.read_text("utf-8") + "\n.x { color: #123456; }\n", "utf-8")
    with pytest.raises(ReportError) as caught:
        load_layout("faktaark", layouts_dir=layouts_copy)
    codes = {d.code for d in caught.value.diagnostics}
    assert {"bad-page-size", "unknown-font", "hard-coded-colour"} <= codes


def test_a_template_error_while_rendering_points_at_the_template(
        layouts_copy: Path, tmp_path: Path) -> None:
    template = layouts_copy / "faktaark" / "faktaark.html.j2"
    text = template.read_text("utf-8")
    template.write_text(text.replace('{{ meta.year }}</p>', '{{ meta.yaer.x }}</p>', 1), "utf-8")
    layout = load_layout("faktaark", layouts_dir=layouts_copy)  # syntax is fine
    with pytest.raises(ReportError) as caught:
        render_html(load_report(MINI), layout, tmp_path, cache_dir=tmp_path / "cache")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "template-error"
    assert diagnostic.file.resolve() == template.resolve()
    assert diagnostic.line == _line_of(template, "meta.yaer")


def test_page_size_comes_from_the_manifest(layouts_copy: Path, tmp_path: Path) -> None:
    manifest = layouts_copy / "faktaark" / "layout.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("page_size: A4", "page_size: A5"),
                        "utf-8")
    pdf = render_with(STRATEGI, load_layout("faktaark", layouts_dir=layouts_copy), tmp_path)
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    to_mm = 25.4 / 72
    assert round(float(box.width) * to_mm) == 148 and round(float(box.height) * to_mm) == 210


# --------------------------------------------------------------------------------------
# layout selection and the faktaark sample


def test_the_sample_fact_sheet_passes_check_without_warnings() -> None:
    result = check_report(STRATEGI)
    assert result.report is not None and result.report.meta.layout == "faktaark"
    assert result.diagnostics == []
    assert len(result.report.chapters) in (1, 2)


def test_report_with_layout_faktaark_renders_as_a_fact_sheet(fakta_build: BuildResult) -> None:
    assert 2 <= fakta_build.pages <= 4
    pages = texts(fakta_build.pdf_path)
    first, everything = flat(pages[0]), flat(" ".join(pages))
    for label in ("FAKTAARK", "NØGLETAL", "FAKTA OM PROJEKTET", "STATUS", "I gang",
                  "PROJEKTØKONOMI", "492.000 kr.", "Realdania", "STØTTET AF"):
        assert label in first, label
    assert f"SIDE 1 AF {fakta_build.pages}" in first
    for text in ("Kigge Hvid", "JA Studio", "Steen Ejsing", "Eva Seyffert", "advisory board",
                 "Vil du vide mere?", "Astrid Bering Fonsbøl", "abf@almennet.dk"):
        assert text in everything, text
    assert "Tlf." not in everything, "no invented phone number"
    assert "INDHOLD" not in everything.upper(), "a fact sheet has no table of contents"
    html = fakta_build.html_path.read_text("utf-8") if fakta_build.html_path else ""
    assert "layouts/faktaark/style.css" in html and "layouts/_brand/tokens.css" in html


def test_layout_selection_changes_the_document(mini_build: BuildResult,
                                              mini_fakta_build: BuildResult) -> None:
    report = flat(" ".join(texts(mini_build.pdf_path)))
    sheet = flat(" ".join(texts(mini_fakta_build.pdf_path)))
    assert "INDHOLD" in report.upper() and "KOLOFON" in report.upper()
    assert "FAKTAARK" not in report.upper()
    assert "FAKTAARK" in sheet and "NØGLETAL" in sheet and "INDHOLD" not in sheet.upper()
    assert mini_fakta_build.pages < mini_build.pages


def test_faktaark_handles_every_markdown_feature(mini_fakta_build: BuildResult) -> None:
    pages = [flat(t) for t in texts(mini_fakta_build.pdf_path)]
    everything = " ".join(pages)
    for text in ("Driften kender både bygninger og beboere",           # citat
                 "Driftschef, boligorganisation på Fyn",               # its attribution
                 "PROJEKTET INDEHOLDER", "En eksempelsamling",         # fakta box
                 "Odense 29", "Vejle 27",                              # table
                 "Et grønt billede",                                   # figure caption
                 "12", "boligafdelinger", "3,5 mio. kr.",              # key figures
                 "EKSEMPEL", "Boligselskabet Test"):                   # a case
        assert text in everything, text
    for call, note in (("med æøå og en fodnote.1", "1. Fodnotens tekst."),
                       ("med endnu en fodnote.1", "1. Den anden fodnotes tekst.")):
        on_page = [i for i, p in enumerate(pages) if note in p]
        assert on_page and call in pages[on_page[0]], f"{note!r} is not on its call's page"
    kicker = next(i for i, p in enumerate(pages) if "EKSEMPEL" in p)
    assert "Et eksempel" in pages[kicker], "a kicker stays with its heading"
    reader = pypdf.PdfReader(mini_fakta_build.pdf_path)
    assert any(page.images for page in reader.pages), "the figure and the cover image"


def test_faktaark_pdf_is_tagged_and_danish(fakta_build: BuildResult) -> None:
    reader = pypdf.PdfReader(fakta_build.pdf_path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("AlmenNets strategiproces")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [c.title for c in load_report(STRATEGI).chapters]


def test_faktaark_passes_pdf_ua1(fakta_build: BuildResult,
                                 mini_fakta_build: BuildResult) -> None:
    """page-validation's PDF/UA-1 profile (veraPDF's rules): heading order, tags, alt."""
    page_validation = pytest.importorskip("page")
    for path in (fakta_build.pdf_path, mini_fakta_build.pdf_path):
        report = page_validation.validate_pdf(path, profile="ua1")
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and failures == [], (path.name, failures)


def test_faktaark_embeds_only_its_manifest_fonts(fakta_build: BuildResult) -> None:
    allowed = {re.sub(r"\W", "", f).lower() for f in load_layout("faktaark").fonts}
    reader = pypdf.PdfReader(fakta_build.pdf_path)
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    assert names
    for name in names:
        assert re.sub(r"\W", "", name).lower().startswith(tuple(allowed)), name


def test_preview_of_a_fact_sheet_keeps_page_one_after_an_edit(tmp_path: Path) -> None:
    """In faktaark the chapters flow on from the front matter, so the preview's partial
    re-layout (one chapter alone) must not be used: page 1 would lose the key figures."""
    from pipeline.preview.relayout import IncrementalRenderer

    folder = copy_report(STRATEGI, tmp_path / "sheet")
    renderer = IncrementalRenderer(folder, tmp_path / "out")
    renderer.render()
    chapter = folder / "01-projektet.md"
    chapter.write_text(chapter.read_text("utf-8").replace(
        "De almene boliger har", "De almene boliger (rettet) har"), "utf-8")
    result = renderer.render()
    text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(result.pdf)).pages))
    assert "(rettet)" in text
    assert "NØGLETAL" in text and "FAKTA OM PROJEKTET" in text and "Vil du vide mere?" in text


# --------------------------------------------------------------------------------------
# brand tokens: a report may override a few; changing one changes every layout


def test_default_primary_colour_in_both_layouts(mini_build: BuildResult,
                                                fakta_build: BuildResult) -> None:
    assert_colour(pixel(mini_build.pdf_path, *PRIMARY_SPOT["almenrapport"]), DEFAULT_PRIMARY)
    assert_colour(pixel(fakta_build.pdf_path, *PRIMARY_SPOT["faktaark"]), DEFAULT_PRIMARY)


@pytest.mark.parametrize(("layout", "source"), [("almenrapport", MINI),
                                                ("faktaark", STRATEGI)])
def test_report_token_override_recolours_the_page(tmp_path: Path, layout: str,
                                                  source: Path) -> None:
    folder = copy_report(source, tmp_path / "report", tokens={"color-primary": OVERRIDE})
    result = build(folder, tmp_path / "dist")
    assert result.report.meta.layout == layout
    assert_colour(pixel(result.pdf_path, *PRIMARY_SPOT[layout]), OVERRIDE)


def test_changing_one_brand_token_changes_both_layouts(layouts_copy: Path,
                                                       tmp_path: Path) -> None:
    tokens = layouts_copy / "_brand" / "tokens.css"
    text = tokens.read_text("utf-8")
    assert f"--color-primary: {DEFAULT_PRIMARY};" in text
    tokens.write_text(text.replace(f"--color-primary: {DEFAULT_PRIMARY};",
                                   f"--color-primary: {OVERRIDE};"), "utf-8")
    for name, source in (("almenrapport", MINI), ("faktaark", STRATEGI)):
        layout = load_layout(name, layouts_dir=layouts_copy)
        pdf = render_with(source, layout, tmp_path / name)
        assert_colour(pixel(pdf, *PRIMARY_SPOT[name]), OVERRIDE)


def test_overridable_tokens_exist_and_are_documented() -> None:
    defined = set(re.findall(r"--([a-z0-9-]+)\s*:", (BRAND_DIR / "tokens.css").read_text()))
    guide = (PROJECT_ROOT / "docs" / "designer.md").read_text("utf-8")
    allowed = overridable_tokens()
    assert "color-primary" in allowed and "color-accent" in allowed
    for name in allowed:
        assert name in defined, f"overridable token {name} is not in tokens.css"
        assert f"`{name}`" in guide, f"overridable token {name} is not in docs/designer.md"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_faktaark_text_colours_meet_wcag_aa() -> None:
    """Every text/background pair the fact sheet uses has a contrast of at least 4.5:1."""
    tokens = dict(re.findall(r"--([a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{6})",
                             (BRAND_DIR / "tokens.css").read_text()))
    pairs = [("color-text", "color-paper"), ("color-muted", "color-paper"),
             ("color-primary", "color-paper"), ("color-paper", "color-primary"),
             ("color-primary-dark", "color-paper"), ("color-accent-text", "color-paper"),
             ("color-primary-dark", "color-primary-tint"), ("color-primary", "color-primary-tint"),
             ("color-muted", "color-primary-tint"), ("color-text", "color-primary-tint")]
    css = (LAYOUTS_DIR / "faktaark" / "style.css").read_text("utf-8")
    for text, background in pairs:
        assert f"var(--{text})" in css and f"var(--{background})" in css
        high, low = sorted((_luminance(tokens[text]), _luminance(tokens[background])),
                           reverse=True)
        ratio = (high + 0.05) / (low + 0.05)
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


# --------------------------------------------------------------------------------------
# key figures in report.yaml


def test_key_figures_are_kept_as_written() -> None:
    figures = load_report(STRATEGI).meta.key_figures
    assert [f.value for f in figures] == ["492.000 kr.", "6", "9", "2030"]
    assert all(f.label for f in figures)


@pytest.mark.parametrize(("value", "code", "needle"), [
    ("key_figures: 12\n", "wrong-type", "key_figures"),
    ("key_figures:\n  - value: 12\n", "missing-key", "- value: 12"),
    ("key_figures:\n  - value: 12\n    label: x\n    labl: y\n", "unknown-key", "labl"),
    ("key_figures:\n  - just text\n", "wrong-type", "just text"),
    ("key_figures: [" + ", ".join(["{value: 1, label: x}"] * 7) + "]\n", "too-many",
     "key_figures"),
])
def test_bad_key_figures_are_reported_at_their_line(report_copy: Path, value: str, code: str,
                                                    needle: str) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") + value, "utf-8")
    result = check_report(report_copy)
    found = [d for d in result.errors if d.code == code]
    assert found, result.diagnostics
    assert found[0].file == config and found[0].line == _line_of(config, needle)
