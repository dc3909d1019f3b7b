"""One recipe for every edition: each chapter's Markdown is parsed once per build, per
publish and per preview render, counted through the public API (issue 10)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import build, load_report, recipe
from pipeline.editions import EDITIONS, PUBLISHED_EDITIONS, WEB, Medium
from pipeline.markdown import parse_count
from pipeline.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def parses(action: object) -> int:
    before = parse_count()
    action()  # type: ignore[operator]
    return parse_count() - before


def test_a_build_parses_each_chapter_once(report: Path, tmp_path: Path) -> None:
    chapters = len(load_report(report).chapters)
    assert parses(lambda: build(report, tmp_path / "out", force=True, prewarm=False)) \
        == chapters
    assert parses(lambda: build(report, tmp_path / "out", force=True, html=True)) == chapters
    # an unchanged report is not rebuilt, so nothing is parsed at all
    assert parses(lambda: build(report, tmp_path / "out", html=True)) == 0


def test_a_publish_parses_each_chapter_once_for_every_edition(report: Path,
                                                               tmp_path: Path) -> None:
    from pipeline.publishing import publish

    chapters = len(load_report(report).chapters)
    assert parses(lambda: publish([report], tmp_path / "public", jobs=1)) == chapters


def test_a_preview_render_parses_each_chapter_once(report: Path, tmp_path: Path) -> None:
    from pipeline.preview.relayout import IncrementalRenderer

    chapters = len(load_report(report).chapters)
    renderer = IncrementalRenderer(report, tmp_path / "preview")
    assert parses(renderer.render) == chapters
    chapter = report / "01-indledning.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nEt nyt afsnit.\n", "utf-8")
    assert parses(renderer.render) == chapters


def test_every_edition_is_data_through_the_same_recipe(report: Path, tmp_path: Path) -> None:
    """The editions differ only in their values; render_report makes each one's PDF from
    the same parsed chapters, and the web edition renders from them too."""
    checked = recipe.check(report)
    assert set(EDITIONS) == {"standard", "screen", "print", "web"}
    assert WEB.medium is Medium.HTML and all(e.medium is Medium.PDF
                                             for e in PUBLISHED_EDITIONS)
    before = parse_count()
    pages = {name: recipe.render_report(checked, EDITIONS[name], tmp_path).pages
             for name in ("standard", "screen", "print")}
    assert len(set(pages.values())) == 1
    web = recipe.render_web(checked, tmp_path / "web")
    assert web.page.is_file() and "Lille testrapport" in web.page.read_text("utf-8")
    assert parse_count() == before, "rendering never parses again"
