"""Markdown fixtures: input -> expected HTML (tests/fixtures/markdown.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.markdown import render_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "markdown.txt"


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    """Parse blocks of: title line, '.', input, '.', expected output, '.'."""
    cases, lines, i = [], path.read_text("utf-8").split("\n"), 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"fixture {title!r}: expected '.' after the title"
        j = i + 2
        source: list[str] = []
        while lines[j] != ".":
            source.append(lines[j])
            j += 1
        k = j + 1
        expected: list[str] = []
        while lines[k] != ".":
            expected.append(lines[k])
            k += 1
        cases.append((title, "\n".join(source) + "\n", "\n".join(expected) + "\n"))
        i = k + 1
    return cases


CASES = read_fixtures(FIXTURES)


def test_fixture_file_is_not_empty() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_markdown_fixture(title: str, source: str, expected: str) -> None:
    assert render_markdown(source, id_prefix="kap").html == expected


def test_image_references_and_credits_are_collected() -> None:
    result = render_markdown(
        "Tekst.\n\n![Alt](images/a.jpg \"Tekst. Foto: Jens Hansen\")\n", id_prefix="k")
    [image] = result.images
    assert (image.src, image.alt, image.caption, image.credit, image.figure, image.line) == (
        "images/a.jpg", "Alt", "Tekst.", "Foto: Jens Hansen", True, 2)
    assert result.credits == ["Foto: Jens Hansen"]


def test_raw_html_passes_only_when_the_report_opts_in() -> None:
    assert "<b>fed</b>" in render_markdown("<b>fed</b>\n", allow_html=True).html
    assert "<b>" not in render_markdown("<b>fed</b>\n").html


def test_deep_nesting_is_cut_off_before_it_reaches_weasyprint() -> None:
    html = render_markdown("> " * 400 + "dybt\n").html
    assert html.count("<blockquote>") <= 25
