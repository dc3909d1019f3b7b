"""Markdown as other people write it: Obsidian, Typora, Quarto and pandoc's Word reader put
the title as a '# Title' line, with or without front matter (issue 11, item 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from pipeline import build
from pipeline.check import check_report
from pipeline.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
BODY = "Beboerne i Ådalen har anlagt et regnbed bag blok 3.\n\n## Sådan gjorde de\n\nDe gravede.\n"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "min rapport"
    shutil.copytree(MINI, folder)
    return folder


def chapter(report: Path, text: str) -> Path:
    path = report / "02-case.md"
    path.write_text(text, "utf-8")
    return path


def findings(report: Path) -> list[str]:
    """Every finding but the folder-name warning (the folder is named with a space on
    purpose: it builds, only publish needs a web-safe name)."""
    return [d.format(report) for d in check_report(report).diagnostics
            if d.code != "bad-folder-name"]


def test_check_warns_about_a_folder_name_publish_would_refuse(report: Path) -> None:
    [warning] = [d for d in check_report(report).diagnostics if d.code == "bad-folder-name"]
    assert str(warning.severity) == "warning" and "fx til 'min-rapport'" in warning.message


def pdf_text(report: Path, out: Path) -> str:
    result = build(report, out, force=True)
    return " ".join(p.extract_text() for p in pypdf.PdfReader(result.pdf_path).pages)


@pytest.mark.parametrize("heading", ["# Regnbede i Ådalen", "Regnbede i Ådalen\n==="])
def test_a_leading_title_equal_to_the_front_matter_is_the_title(
        report: Path, tmp_path: Path, heading: str) -> None:
    chapter(report, f"---\ntitle: Regnbede i Ådalen\nkind: case\norganisation: Ådalen\n---\n\n"
                    f"{heading}\n\n{BODY}")
    assert findings(report) == []
    loaded = check_report(report).report
    assert loaded is not None
    case = next(c for c in loaded.chapters if c.path.name == "02-case.md")
    assert case.title == "Regnbede i Ådalen"
    assert case.body.lstrip().startswith("Beboerne")
    # its line numbers still point into the file: the first text line is line 8 or 9
    assert case.body_line == (8 if heading.startswith("#") else 9)
    text = pdf_text(report, tmp_path / "out")
    # once on the chapter opener, once in the contents and the running head: never twice
    # in a row as a second title
    assert "Regnbede i Ådalen Regnbede i Ådalen" not in " ".join(text.split())
    assert "Beboerne i Ådalen har anlagt et regnbed" in text


def test_without_a_title_key_the_leading_heading_is_the_title(report: Path) -> None:
    chapter(report, f"---\nkind: chapter\n---\n# Grønne gårde\n\n{BODY}")
    assert findings(report) == []
    loaded = check_report(report).report
    assert loaded is not None and "Grønne gårde" in [c.title for c in loaded.chapters]


def test_a_file_without_front_matter_takes_its_title_from_the_heading(report: Path,
                                                                      tmp_path: Path) -> None:
    """What Typora and Obsidian save: no front matter, a '# Title' line, the text."""
    chapter(report, f"# Grønne gårde i Ørestad\n\n{BODY}")
    assert findings(report) == []
    assert "Grønne gårde i Ørestad" in pdf_text(report, tmp_path / "out")


def test_a_different_leading_heading_is_a_located_error(report: Path) -> None:
    chapter(report, f"---\ntitle: Regnbede\n---\n\n# Noget andet\n\n{BODY}")
    [message] = [m for m in findings(report) if "heading-level-1" in m or "'#'" in m]
    assert message.startswith("02-case.md:5:1: error: a '#' heading in the text competes "
                              "with the chapter title 'Regnbede'")
    assert "start the headings in the text at '##'" in message


def test_a_later_level_one_heading_is_a_located_error(report: Path) -> None:
    chapter(report, f"# Regnbede\n\n{BODY}\n# Endnu en titel\n\nMere tekst.\n")
    [message] = [m for m in findings(report) if "competes" in m]
    assert message.startswith("02-case.md:9:1: error:")


def test_every_independent_mistake_in_one_run(report: Path) -> None:
    """A broken report.yaml does not hide the chapters' mistakes, and a broken front
    matter does not hide the mistakes in that chapter's text (issue 11, item 2)."""
    config = report / "report.yaml"
    config.write_text(config.read_text("utf-8").replace("year: 2024", "year: tyve"), "utf-8")
    (report / "01-indledning.md").write_text(
        (report / "01-indledning.md").read_text("utf-8") + "\n::: faktaa\nx\n:::\n", "utf-8")
    (report / "03-ny.md").write_text("---\ntitle: [uafsluttet\n---\n\n![Foto](mangler.png)\n",
                                     "utf-8")
    found = {(d.file.name, d.line, d.code) for d in check_report(report).diagnostics}
    assert ("report.yaml", 3, "wrong-type") in found
    assert ("01-indledning.md", 11, "unknown-directive") in {
        (f, line, c) for f, line, c in found if c == "unknown-directive"}
    assert ("03-ny.md", 2, "yaml-syntax") in found
    assert ("03-ny.md", 5, "missing-image") in found


def test_a_word_longer_than_the_line_is_broken_not_lost(report: Path, tmp_path: Path) -> None:
    """Pasted text with a 5,000-character 'word': check warns, and the PDF keeps every
    character inside the page instead of running off its edge (issue 9, class 7)."""
    import re
    import subprocess

    chapter(report, f"# Lang streng\n\n{'q' * 5000} slut.\n")
    assert any(d.code == "long-word" for d in check_report(report).diagnostics)
    pdf = build(report, tmp_path / "out", force=True).pdf_path
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count("q") == 5000
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)) < width
