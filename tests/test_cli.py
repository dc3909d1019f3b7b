"""The command line, through click's CliRunner, and the build's safety guarantees."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from pipeline import BuildError, ReportError, build
from pipeline.cli import main
from pipeline.paths import PROJECT_ROOT


def test_list_shows_every_report() -> None:
    result = CliRunner().invoke(main, ["list", str(PROJECT_ROOT / "reports" /
                                                   "vaerdiskabende-gentagelser")])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[:2]
    assert header.split() == ["REPORT", "TITLE", "YEAR", "LAYOUT", "CHAPTERS"]
    assert row.startswith("vaerdiskabende-gentagelser")
    assert "Værdiskabende gentagelser" in row and "2023" in row and "almenrapport" in row


def test_list_without_arguments_finds_reports_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_ROOT)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert "vaerdiskabende-gentagelser" in result.output


def test_build_writes_pdf_and_html(report_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(report_copy), "--out", str(out), "--html"])
    assert result.exit_code == 0, result.output
    pdf = out / "mini" / "mini.pdf"
    assert pdf.is_file() and (out / "mini" / "mini.html").is_file()
    assert "built" in result.output and "pages" in result.output
    reader = pypdf.PdfReader(pdf)
    assert "Lille testrapport" in reader.pages[0].extract_text()
    assert not list((out / "mini").glob(".*.tmp")), "no temporary files left behind"


def test_build_failure_exits_nonzero_with_file_and_line(report_copy: Path,
                                                        tmp_path: Path) -> None:
    (report_copy / "report.yaml").write_text("title: X\nyear: 20x3\n", "utf-8")
    result = CliRunner().invoke(main, ["build", str(report_copy), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "report.yaml:2:7: error: 'year' must be a whole number" in result.output
    assert "Traceback" not in result.output


def test_failed_build_keeps_the_previous_pdf(report_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(report_copy, out)
    before = first.pdf_path.read_bytes()
    (report_copy / "01-indledning.md").write_text(
        "---\ntitle: Indledning\n---\n![Mangler](images/findes-ikke.png \"x\")\n", "utf-8")
    with pytest.raises(ReportError) as info:
        build(report_copy, out)
    assert "mini/01-indledning.md:4:1: error: image 'images/findes-ikke.png' not found" in str(
        info.value.format_message())
    assert first.pdf_path.read_bytes() == before
    assert sorted(p.name for p in first.pdf_path.parent.iterdir()) == [".mini.build.json",
                                                                       "mini.pdf"]


def test_missing_font_in_stylesheet_fails_the_build(report_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A resource that cannot be loaded fails the build instead of a silent gap."""
    import pipeline.recipe as recipe

    original = recipe.render_html

    def broken(*args, **kwargs):
        rendered = original(*args, **kwargs)
        rendered.html = rendered.html.replace(
            "</head>", '<style>@font-face{font-family:X;src:url(nope.ttf)}'
            'p{font-family:X}</style></head>')
        return rendered

    monkeypatch.setattr("pipeline.recipe.render_html", broken)
    with pytest.raises(BuildError, match=r"nope\.ttf.*does not exist"):
        build(report_copy, tmp_path)


def test_html_output_renders_with_plain_weasyprint(report_copy: Path, tmp_path: Path) -> None:
    result = build(report_copy, tmp_path, html=True)
    assert result.html_path is not None
    html = result.html_path.read_text("utf-8")
    # every local link resolves relative to the HTML file
    for href in __import__("re").findall(r'(?:href|src)="([^"#][^"]*)"', html):
        assert (result.html_path.parent / href.replace("%20", " ")).resolve().exists(), href
    plain = tmp_path / "plain.pdf"
    weasyprint = Path(sys.executable).parent / "weasyprint"
    subprocess.run([str(weasyprint), "--pdf-variant", "pdf/ua-1", str(result.html_path),
                    str(plain)], check=True, capture_output=True)
    ours = pypdf.PdfReader(io.BytesIO(result.pdf_path.read_bytes()))
    theirs = pypdf.PdfReader(plain)
    assert len(ours.pages) == len(theirs.pages)
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in theirs.pages]


def test_python_dash_m_pipeline_works(report_copy: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", "list", str(report_copy)],
                          capture_output=True, text=True, check=True)
    assert "Lille testrapport" in done.stdout


def test_build_without_reports_folder_says_so(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "reports"
    empty.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("pipeline.paths.REPORTS_DIR", empty)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code != 0 and "no report folders found" in result.output


def test_copy_helper_is_isolated(report_copy: Path) -> None:
    assert report_copy.name == "mini" and shutil.which("true")


def test_unchanged_report_is_skipped_and_any_input_change_rebuilds(
        report_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(report_copy, out)
    assert not first.skipped
    again = build(report_copy, out)
    assert again.skipped and again.pages == first.pages
    assert again.pdf_path.read_bytes() == first.pdf_path.read_bytes()
    assert not build(report_copy, out, force=True).skipped
    # a change to a chapter rebuilds
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nNy sætning.\n", "utf-8")
    assert not build(report_copy, out).skipped
    # a PDF changed by hand is rebuilt, not trusted
    first.pdf_path.write_bytes(b"%PDF-1.7 broken")
    rebuilt = build(report_copy, out)
    assert not rebuilt.skipped and rebuilt.pdf_path.read_bytes().startswith(b"%PDF")
    # asking for HTML too is a different build
    assert not build(report_copy, out, html=True).skipped


def test_cli_reports_up_to_date_and_builds_several_in_parallel(report_copy: Path,
                                                              tmp_path: Path) -> None:
    second = tmp_path / "anden"
    shutil.copytree(report_copy, second)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(report_copy), str(second), "--out", str(out),
                                  "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and (out / "anden" / "anden.pdf").is_file()
    again = runner.invoke(main, ["build", str(report_copy), str(second), "--out", str(out),
                                 "--jobs", "2"])
    assert again.output.count("up to date") == 2
    # one broken report fails on its own; the other is still built
    (second / "report.yaml").write_text("title: X\n", "utf-8")
    mixed = runner.invoke(main, ["build", str(report_copy), str(second), "--out", str(out),
                                 "--force", "--jobs", "2"])
    assert mixed.exit_code == 1
    assert "anden: FAILED" in mixed.output and "required key 'year' is missing" in mixed.output
    assert "mini: built" in mixed.output
