"""The preview's warm renderer: partial re-layout gives the same PDF text as a full build."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from pipeline import ReportError, build
from pipeline.paths import PROJECT_ROOT
from pipeline.preview.relayout import IncrementalRenderer, split_parts


def texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def outline(data: bytes) -> list[tuple[str, int]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def assert_same_as_full_build(folder: Path, data: bytes, tmp_path: Path) -> None:
    full = build(folder, tmp_path / "full", force=True).pdf_path.read_bytes()
    assert texts(data) == texts(full)
    assert outline(data) == outline(full)
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "da"


def test_the_template_marks_its_parts(report_copy: Path, tmp_path: Path) -> None:
    result = build(report_copy, tmp_path, html=True)
    assert result.html_path is not None
    split = split_parts(result.html_path.read_text("utf-8"))
    assert split is not None
    _, parts, tail = split
    assert [name for name, _ in parts] == ["front", "kap-01-indledning", "kap-02-case", "back"]
    assert tail.strip().startswith("</body>")


def test_a_text_edit_relays_out_only_that_chapter(report_copy: Path, tmp_path: Path) -> None:
    renderer = IncrementalRenderer(report_copy, tmp_path / "preview")
    first = renderer.render()
    assert first.full
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8").replace("Tekst om eksemplet.",
                                                          "Ny tekst om eksemplet."), "utf-8")
    second = renderer.render()
    assert not second.full and second.reused_chapters == 1
    assert any("Ny tekst om eksemplet." in t for t in texts(second.pdf))
    assert_same_as_full_build(report_copy, second.pdf, tmp_path)


def test_a_longer_chapter_falls_back_to_a_full_layout(report_copy: Path,
                                                      tmp_path: Path) -> None:
    renderer = IncrementalRenderer(report_copy, tmp_path / "preview")
    before = renderer.render()
    chapter = report_copy / "01-indledning.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nMere tekst. " * 400, "utf-8")
    after = renderer.render()
    assert after.full and after.pages > before.pages
    assert_same_as_full_build(report_copy, after.pdf, tmp_path)


def test_a_stylesheet_change_lays_out_everything(report_copy: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = IncrementalRenderer(report_copy, tmp_path / "preview")
    renderer.render()
    monkeypatch.setattr("pipeline.preview.relayout._tree_stamp", lambda: "changed")
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nEn sætning mere.\n", "utf-8")
    assert renderer.render().full


def test_errors_are_reported_and_the_next_good_render_recovers(report_copy: Path,
                                                               tmp_path: Path) -> None:
    renderer = IncrementalRenderer(report_copy, tmp_path / "preview")
    renderer.render()
    config = report_copy / "report.yaml"
    good = config.read_text("utf-8")
    config.write_text(good.replace("year: 2024", "year: tyve"), "utf-8")
    with pytest.raises(ReportError, match="'year' must be a whole number"):
        renderer.render()
    config.write_text(good, "utf-8")
    assert renderer.render().pages >= 6


def test_sample_report_chapter_edit_matches_a_full_build(tmp_path: Path) -> None:
    folder = tmp_path / "vaerdiskabende-gentagelser"
    shutil.copytree(PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser", folder)
    renderer = IncrementalRenderer(folder, tmp_path / "preview")
    renderer.render()
    chapter = sorted(folder.glob("*-erfa-*.md"))[0]
    front, body = chapter.read_text("utf-8").split("\n---\n", 1)
    word = next(w for w in body.split() if w.isalpha() and w.islower() and len(w) > 6)
    body = body.replace(f" {word} ", f" {word.capitalize()} ", 1)
    chapter.write_text(f"{front}\n---\n{body}", "utf-8")
    result = renderer.render()
    assert not result.full and result.reused_chapters >= 10
    assert_same_as_full_build(folder, result.pdf, tmp_path)


def test_a_chapter_edit_names_its_changed_pages_and_writes_them_alone(
        tmp_path: Path) -> None:
    """The preview shows the pages that changed before it writes the whole PDF: the
    result names exactly the edited chapter's pages, and writes them as a PDF of their
    own with the same text as those pages of the whole PDF."""
    folder = tmp_path / "vaerdiskabende-gentagelser"
    shutil.copytree(PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser", folder)
    renderer = IncrementalRenderer(folder, tmp_path / "preview")
    first = renderer.render()
    assert first.changed is None  # a full layout: any page may have changed
    before = texts(first.pdf)
    chapter = sorted(folder.glob("*-erfa-*.md"))[1]
    front, body = chapter.read_text("utf-8").split("\n---\n", 1)
    word = next(w for w in body.split() if w.isalpha() and w.islower() and len(w) > 6)
    chapter.write_text(f"{front}\n---\n{body.replace(f' {word} ', ' Zebuflokken ', 1)}",
                       "utf-8")
    result = renderer.render()
    assert not result.full and result.changed
    after = texts(result.pdf)
    differing = {i for i, (old, new) in enumerate(zip(before, after, strict=True))
                 if old != new}
    assert differing and differing <= result.changed
    assert any("Zebuflokken" in after[i] for i in result.changed)
    assert all("Zebuflokken" not in after[i] for i in set(range(len(after))) - result.changed)
    pages = sorted(result.changed)
    assert texts(result.write(pages)) == [after[i] for i in pages]
