"""The print edition (PDF/X-4, CMYK, FOGRA39, marks in a slug), checked with pikepdf and
the independent readers qpdf, pdfinfo and pdfimages; built once per session from a copy
of the mini fixture whose cover has enough pixels for 300 ppi across 216 mm."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from pipeline import recipe
from pipeline.editions import EDITIONS
from pipeline.paths import PROJECT_ROOT
from pipeline.printing.postprocess import MM
from pipeline.printing.preflight import preflight

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


def render_edition(folder: Path, edition: str) -> bytes:
    """One edition's PDF, through the recipe ``almen publish`` runs."""
    return recipe.render_report(recipe.check(folder), EDITIONS[edition], folder).data


@pytest.fixture(scope="session")
def print_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print") / "mini"
    shutil.copytree(MINI, folder)
    cover = folder / "images" / "forside.png"
    with Image.open(cover) as img:  # 2480 px: 292 ppi across the 216 mm of the bleed
        img.resize((2640, round(img.height * 2640 / img.width))).save(cover)
    return folder


@pytest.fixture(scope="session")
def print_pdf(print_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print-pdf") / "mini-tryk.pdf"
    path.write_bytes(render_edition(print_report, "print"))
    return path


def test_print_file_passes_qpdf_check(print_pdf: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(print_pdf)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_boxes_trim_inside_bleed_inside_media_with_a_slug(print_pdf: Path) -> None:
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "99", str(print_pdf)],
                         check=True, capture_output=True, text=True).stdout
    boxes: dict[str, set[tuple[float, ...]]] = {}
    for name, values in re.findall(r"Page\s+\d+\s+(MediaBox|BleedBox|TrimBox):\s+(.+)", out):
        boxes.setdefault(name, set()).add(tuple(float(v) for v in values.split()))
    assert all(len(v) == 1 for v in boxes.values()), "all pages have the same boxes"
    (media,), (bleed,), (trim,) = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
    assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=0.1)   # A4 trim
    for i, sign in enumerate((-1, -1, 1, 1)):
        assert (bleed[i] - trim[i]) * sign == pytest.approx(3 * MM, abs=0.05)
        assert (media[i] - trim[i]) * sign == pytest.approx(13 * MM, abs=0.05)  # + slug


def test_images_are_cmyk(print_pdf: Path) -> None:
    out = subprocess.run(["pdfimages", "-list", str(print_pdf)], check=True,
                         capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "the mini report has a cover and a figure"
    assert {row[5] for row in rows if row[2] == "image"} == {"cmyk"}


def test_pdfx4_output_intent_fogra39_and_stable_ids(print_pdf: Path) -> None:
    with pikepdf.open(print_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.N == 4
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    ids = re.findall(r"<xmpMM:(DocumentID|InstanceID)>([^<]+)<", xmp)
    assert [k for k, _ in ids] == ["DocumentID", "InstanceID"]


def test_print_file_is_reproducible(print_report: Path, print_pdf: Path) -> None:
    assert render_edition(print_report, "print") == print_pdf.read_bytes()


def test_crop_marks_outside_the_bleed_in_registration_colour(print_pdf: Path) -> None:
    with pikepdf.open(print_pdf) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        space = page.obj.Resources.ColorSpace.AlmenReg
        assert str(space[0]) == "/Separation" and str(space[1]) == "/All"
        ops = list(pikepdf.parse_content_stream(page))
    # the marks are the last thing drawn (on top of the artwork)
    tail = ops[[str(o.operator) for o in ops].index("CS", len(ops) - 40):]
    lines = [[float(v) for v in o.operands] for o in tail if str(o.operator) in ("m", "l")]
    assert len(lines) == 16  # 8 marks, from m to l
    for x, y in lines:
        outside_x = x <= trim[0] - 3 * MM + 0.01 or x >= trim[2] + 3 * MM - 0.01
        outside_y = y <= trim[1] - 3 * MM + 0.01 or y >= trim[3] + 3 * MM - 0.01
        assert outside_x or outside_y, "each mark lies outside the bleed"


def test_preflight_passes_the_print_file(print_pdf: Path) -> None:
    report = preflight(print_pdf)
    assert report.errors == [], [f.message for f in report.errors]


def test_screen_edition_stays_rgb_pdf_ua(print_report: Path) -> None:
    data = render_edition(print_report, "screen")
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "/StructTreeRoot" in pdf.Root
        assert "pdfuaid:part" in pdf.Root.Metadata.read_bytes().decode()
    assert any(f.code == "no-output-intent" for f in preflight(data).errors)


def test_a_reports_own_colour_reaches_the_print_file_in_cmyk(print_report: Path,
                                                             tmp_path: Path) -> None:
    """A report's token override (tokens: color-accent: "#c0392b") is an sRGB colour; the
    print edition writes it as CMYK through the profile, so preflight still passes and the
    screen edition keeps the RGB value."""
    folder = tmp_path / "mini"
    shutil.copytree(print_report, folder)
    config = folder / "report.yaml"
    config.write_text(config.read_text("utf-8") + '\ntokens:\n  color-accent: "#c0392b"\n',
                      "utf-8")
    checked = recipe.check(folder)
    html = recipe.render_html(checked, EDITIONS["print"], tmp_path).html
    assert re.search(r"--color-accent: device-cmyk\([\d.]+ [\d.]+ [\d.]+ [\d.]+\)", html)
    screen = recipe.render_html(checked, EDITIONS["screen"], tmp_path).html
    assert "--color-accent: #c0392b" in screen
    report = preflight(render_edition(folder, "print"))
    assert report.errors == [], [f.message for f in report.errors]


def test_publish_takes_a_print_shops_own_profile(print_report: Path, tmp_path: Path) -> None:
    """Many portals check the output intent's profile: `publish --print-profile FILE` puts
    the printer's own profile in the print file (and refuses a file that is not one)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    own = tmp_path / "trykkeriets profil.icc"
    data = bytearray((PROJECT_ROOT / "assets" / "profiles" / "almen-fogra39.icc").read_bytes())
    data[-1] ^= 1   # a profile whose bytes differ from the shipped one
    own.write_bytes(bytes(data))
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["publish", str(print_report), "--out", str(out),
                                       "--print-profile", str(own)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out / "mini" / "mini-tryk.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes() == own.read_bytes()
    not_icc = tmp_path / "forkert.icc"
    not_icc.write_text("ikke en profil", "utf-8")
    refused = CliRunner().invoke(main, ["publish", str(print_report), "--out", str(out),
                                        "--print-profile", str(not_icc)])
    assert refused.exit_code == 1 and "er ikke en ICC-profil" in refused.output
    assert "Traceback" not in refused.output
