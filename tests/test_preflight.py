"""``almen preflight``: files broken on purpose fail with the right Danish finding; a
minimal good file passes. The files are made with pikepdf (milliseconds each)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.printing.postprocess import MM, PrintSettings, finish_print_pdf
from pipeline.printing.preflight import preflight
from pipeline.printing.profile import load_profile

A4 = (595.28, 841.89)


def make_pdf(content: bytes, *, image: tuple[str, int, int] | None = None,
             font: str | None = None, pages: int = 4, bleed: float = 3.0,
             fonts_embedded: bool = True) -> bytes:
    """Pages with boxes (trim A4 + bleed), an output intent and ``content``."""
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    if image is not None:
        space, width, height = image
        n = {"/DeviceRGB": 3, "/DeviceCMYK": 4}[space]
        stream = pikepdf.Stream(pdf, zlib.compress(b"\x80" * (width * height * n)))
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = width, height, 8
        stream.ColorSpace, stream.Filter = pikepdf.Name(space), pikepdf.Name.FlateDecode
        resources.XObject = pikepdf.Dictionary(Im1=stream)
    if font is not None:
        descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor,
                                        FontName=pikepdf.Name("/" + font), Flags=32)
        if fonts_embedded:
            descriptor.FontFile2 = pikepdf.Stream(pdf, b"\0")
        resources.Font = pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/" + font), FontDescriptor=descriptor))
    b = bleed * MM
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=A4)
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(content)
        page.obj.TrimBox = [0, 0, *A4]
        page.obj.BleedBox = [-b, -b, A4[0] + b, A4[1] + b]
    out = io.BytesIO()
    pdf.save(out)
    return finish_print_pdf(out.getvalue(), load_profile(), PrintSettings(bleed_mm=bleed))


def codes(data: bytes) -> set[str]:
    return {f.code for f in preflight(data).errors}


GOOD = b"0 0 0 1 k 50 50 100 100 re f"


def test_a_good_file_passes() -> None:
    report = preflight(make_pdf(GOOD))
    assert report.errors == [] and report.warnings == []


def test_rgb_colour_fails() -> None:
    report = preflight(make_pdf(b"1 0 0 rg 50 50 100 100 re f"))
    assert {f.code for f in report.errors} == {"rgb-colour"}
    assert "DeviceRGB" in report.errors[0].message and report.errors[0].page == 1


def test_rgb_colour_set_but_never_painted_passes() -> None:
    assert codes(make_pdf(b"1 0 0 rg 0 0 0 1 K 0 0 m 10 10 l S")) == set()


def test_rgb_image_fails() -> None:
    # 900 px across 72 mm = 317 ppi: only the colour is wrong
    data = make_pdf(b"q 204.1 0 0 204.1 50 50 cm /Im1 Do Q", image=("/DeviceRGB", 900, 900))
    assert codes(data) == {"rgb-image"}


def test_a_72_ppi_image_fails() -> None:
    data = make_pdf(b"q 200 0 0 200 50 50 cm /Im1 Do Q", image=("/DeviceCMYK", 200, 200))
    errors = preflight(data).errors
    assert {f.page for f in errors} == {1, 2, 3, 4}, "reported on every page"
    finding = errors[0]
    assert finding.code == "low-resolution"
    assert "72 ppi" in finding.message and "250 ppi" in finding.message


def test_fonts_not_embedded_fail() -> None:
    content = b"BT /F1 12 Tf 0 0 0 1 k 72 72 Td (Hej) Tj ET"
    assert codes(make_pdf(content, font="Helvetica", fonts_embedded=False)) == {
        "font-not-embedded"}
    assert codes(make_pdf(content, font="Lato", fonts_embedded=True)) == set()


def test_total_ink_over_300_percent_fails() -> None:
    assert codes(make_pdf(b"1 1 1 1 k 50 50 100 100 re f")) == {"ink-limit"}


def test_wrong_boxes_fail() -> None:
    data = make_pdf(GOOD)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.pages[1].obj.TrimBox = [-20, -20, 620, 860]     # trim outside the bleed
        del pdf.pages[2].obj["/BleedBox"]
        out = io.BytesIO()
        pdf.save(out)
    found = preflight(out.getvalue())
    assert {f.code for f in found.errors} >= {"boxes", "missing-box"}
    assert {f.page for f in found.errors if f.code == "missing-box"} == {3}


def test_small_bleed_and_missing_output_intent_fail() -> None:
    assert "bleed" in codes(make_pdf(GOOD, bleed=1.0))
    data = make_pdf(GOOD)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.Root["/OutputIntents"]
        out = io.BytesIO()
        pdf.save(out)
    assert codes(out.getvalue()) == {"no-output-intent"}


def test_page_count_warns_and_pad_fixes_it(tmp_path: Path) -> None:
    path = tmp_path / "tryk.pdf"
    path.write_bytes(make_pdf(GOOD, pages=6))
    runner = CliRunner()
    result = runner.invoke(main, ["preflight", str(path)])
    assert result.exit_code == 0
    assert "6 sider er ikke et multiplum af 4" in result.output
    result = runner.invoke(main, ["preflight", "--pad", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 blanke sider tilføjet" in result.output
    assert preflight(path).pages == 8 and preflight(path).warnings == []


def test_cli_exits_1_with_danish_errors(tmp_path: Path) -> None:
    path = tmp_path / "rgb.pdf"
    path.write_bytes(make_pdf(b"0 0 1 rg 0 0 10 10 re f"))
    result = CliRunner().invoke(main, ["preflight", str(path)])
    assert result.exit_code == 1
    assert "side 1: fejl: farve i DeviceRGB, ikke CMYK" in result.output
    assert "4 sider, 4 fejl" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ["not a pdf"])
def test_not_a_pdf(tmp_path: Path, name: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_text(name)
    assert codes(path.read_bytes()) == {"not-pdf"}
