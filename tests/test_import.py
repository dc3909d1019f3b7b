"""almen import: Word and PowerPoint material into draft chapters that check and build."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from office_files import MEETING_DATE, make_docx, make_pptx

from pipeline import build
from pipeline.check import check_report
from pipeline.cli import main
from pipeline.importing import ImportFailed, import_files
from pipeline.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("import")
    report = root / "mini"
    shutil.copytree(MINI, report)
    docx_file = make_docx(root / "sag.docx")
    pptx_file = make_pptx(root / "oplæg.pptx")
    return report, import_files([docx_file, pptx_file], report)


def test_docx_becomes_our_markdown(imported: tuple[Path, object]) -> None:
    report, _ = imported
    text = (report / "03-regnbede-i-aaparken.md").read_text("utf-8")
    assert "title: Regnbede i Åparken\nkind: case\n" in text
    body = text.split("\n---\n", 1)[1]
    assert "\n# " not in body and "Regnbede i Åparken" not in body  # heading = title
    assert "## Baggrund" in text
    assert "Beboerne ønskede mere **grøn** natur" in text
    assert "- Planter i bedene\n- Sten og grus i bunden" in text
    assert "::: fakta\nEt regnbed kan tage imod vand fra 100 m² tag.\n:::" in text
    assert "::: citat\nVi kan se, at børnene leger ved bedene.\n:::" in text
    assert "| År | Antal bede |\n|---|---|\n| 2022 | 1 |\n| 2023 | 3 |" in text
    assert "på grunden.[^1]" in text and "[^1]: Tallene er fra afdelingens driftsplan." in text
    assert ('![Et regnbed med græsser foran en gul boligblok](images/regnbede-i-aaparken-1.png'
            ' "Det første regnbed. Foto: Åparkens drift")') in text
    assert "![](images/regnbede-i-aaparken-2.png)" in text
    assert "Og det bliver dyrt" not in text  # a tracked deletion stays deleted


def test_images_keep_their_original_pixels(imported: tuple[Path, object]) -> None:
    from PIL import Image

    report, _ = imported
    with Image.open(report / "images" / "regnbede-i-aaparken-1.png") as image:
        assert image.size == (1200, 800)
    with Image.open(report / "images" / "regnbede-i-aaparken-2.png") as image:
        assert image.size == (900, 600)


def test_loss_report_names_comments_changes_and_missing_alt(
        imported: tuple[Path, object]) -> None:
    _, result = imported
    lines = "\n".join(result.summary())  # type: ignore[attr-defined]
    assert ("sag.docx, afsnit 4: kommentar fra Mette Jensen: »Tjek årstallet med "
            "driftslederen«") in lines
    assert "sag.docx, afsnit 18: sporet ændring: slettet tekst »Og det bliver dyrt.«" in lines
    assert ("sag.docx, afsnit 17: billedet images/regnbede-i-aaparken-2.png har ingen "
            "alt-tekst") in lines
    assert "oplæg.pptx, dias 2: talernoterne er sat ind som kladdetekst" in lines
    assert "oplæg.pptx, dias 4: diaset er skjult" in lines


def test_pptx_becomes_a_meeting(imported: tuple[Path, object]) -> None:
    report, _ = imported
    text = (report / "04-groenne-tage-paa-oesterbro.md").read_text("utf-8")
    assert "title: Grønne tage på Østerbro\nkind: meeting\n" in text
    assert f"date: {MEETING_DATE.isoformat()}\nplace: København\n" in text
    assert "## Hvorfor grønne tage?\n\n- Mindre regnvand i kloakken\n" \
           "  - Op til halvdelen af årsnedbøren\n- Flere bier og sommerfugle" in text
    assert "Her fortalte hun om de første målinger." in text
    assert ("## Sådan ser det ud\n\n![Sedumtag med gule blomster på en carport]"
            "(images/groenne-tage-paa-oesterbro-1.png)") in text
    assert "Ekstra dias" not in text


def test_check_finds_only_what_the_editor_must_supply(imported: tuple[Path, object]) -> None:
    report, _ = imported
    errors = check_report(report).errors
    assert [(d.file.name, d.code) for d in errors] == [
        ("03-regnbede-i-aaparken.md", "missing-alt")]


def test_imported_chapters_build_into_the_pdf(imported: tuple[Path, object],
                                              tmp_path: Path) -> None:
    source, _ = imported
    report = tmp_path / "mini"
    shutil.copytree(source, report)
    chapter = report / "03-regnbede-i-aaparken.md"
    chapter.write_text(chapter.read_text("utf-8").replace(
        "![](images/", "![En gul flade](images/"), "utf-8")
    result = build(report, tmp_path / "dist")
    reader = pypdf.PdfReader(io.BytesIO(result.pdf_path.read_bytes()))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for expected in ("Regnbede i Åparken", "Et regnbed kan tage imod vand", "Antal bede",
                     "Tallene er fra afdelingens driftsplan", "Grønne tage på Østerbro",
                     "Op til halvdelen af årsnedbøren", "23. maj 2023"):
        assert expected in text, expected


def test_never_overwrites_without_force(imported: tuple[Path, object], tmp_path: Path) -> None:
    source, _ = imported
    report = tmp_path / "mini"
    shutil.copytree(source, report)
    chapter = report / "03-regnbede-i-aaparken.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nRettet af redaktøren.\n", "utf-8")
    before = {p: p.read_bytes() for p in report.rglob("*") if p.is_file()}
    docx_file = make_docx(tmp_path / "sag.docx")
    runner = CliRunner()
    refused = runner.invoke(main, ["import", str(docx_file), "--into", str(report)])
    assert refused.exit_code == 1
    assert "03-regnbede-i-aaparken.md: findes allerede" in refused.output
    assert "intet blev skrevet" in refused.output and "Traceback" not in refused.output
    assert {p: p.read_bytes() for p in report.rglob("*") if p.is_file()} == before
    forced = runner.invoke(main, ["import", str(docx_file), "--into", str(report), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Rettet af redaktøren" not in chapter.read_text("utf-8")
    assert not list(report.glob(".*")) and not list((report / "images").glob(".*"))


def test_refuses_unknown_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "noter.txt").write_text("x", "utf-8")
    with pytest.raises(ImportFailed, match="kan kun importere Word"):
        import_files([tmp_path / "noter.txt"], MINI)
    with pytest.raises(ImportFailed, match=r"ingen report\.yaml"):
        import_files([tmp_path / "noter.txt"], tmp_path)
    (tmp_path / "i-stykker.docx").write_bytes(b"not a zip")
    with pytest.raises(ImportFailed, match="kan ikke læses som et Word-dokument"):
        import_files([tmp_path / "i-stykker.docx"], MINI)


def test_a_slide_without_a_title_gets_one_and_is_reported(tmp_path: Path) -> None:
    """A presenter's slide with only a picture or bullets and no title: the chapter gets a
    "Dias N" heading and the loss report says so (this once crashed the import)."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = "Grønne gårde"
    blank = deck.slides.add_slide(deck.slide_layouts[6])   # a layout with no title
    box = blank.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    box.text_frame.text = "Beboerne plantede 40 træer i gården."
    path = tmp_path / "uden titel.pptx"
    deck.save(path)
    report = tmp_path / "rapport"
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "mini", report)
    result = import_files([path], report)
    markdown = next(p for p in report.glob("*.md") if "groenne" in p.name).read_text("utf-8")
    assert "## Dias 2" in markdown and "Beboerne plantede 40 træer i gården." in markdown
    assert any("dias 2" in line for line in result.summary())
