"""The image pipeline: resized once to the printed size, cached, never enlarged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from pipeline.images import prepare, target_pixels


def test_large_images_are_downscaled_and_cached(tmp_path: Path) -> None:
    source = tmp_path / "foto.jpg"
    Image.new("RGB", (4000, 3000), (15, 92, 77)).save(source, quality=95)
    cache = tmp_path / "cache"
    width = target_pixels(170, 300)
    assert width == 2008
    first = prepare(source, width, cache)
    assert first.parent == cache
    with Image.open(first) as img:
        assert img.size == (2008, 1506)
    stamp = first.stat().st_mtime_ns
    second = prepare(source, width, cache)
    assert second == first and second.stat().st_mtime_ns == stamp, "served from the cache"
    screen = prepare(source, target_pixels(170, 150), cache)
    with Image.open(screen) as img:
        assert screen != first and img.size[0] == 1004
    # the key is the content: a changed image gets a new cached file
    Image.new("RGB", (4000, 3000), (200, 10, 10)).save(source, quality=95)
    assert prepare(source, width, cache) != first


def test_small_images_and_svg_are_used_as_they_are(tmp_path: Path) -> None:
    small = tmp_path / "lille.png"
    Image.new("RGB", (800, 600)).save(small)
    assert prepare(small, 2008, tmp_path / "cache") == small
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    assert prepare(svg, 10, tmp_path / "cache") == svg
    assert not (tmp_path / "cache").exists()


def test_png_with_transparency_stays_png(tmp_path: Path) -> None:
    source = tmp_path / "grafik.png"
    Image.new("RGBA", (3000, 1000), (0, 0, 0, 0)).save(source)
    result = prepare(source, 1000, tmp_path / "cache")
    with Image.open(result) as img:
        assert (img.format, img.mode, img.size) == ("PNG", "RGBA", (1000, 333))


def test_check_and_noop_builds_never_import_weasyprint(report_copy: Path,
                                                       tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from pipeline.cli import main\n"
        "from pipeline import build\n"
        f"build({str(report_copy)!r}, {str(tmp_path / 'out')!r}, prewarm=False)\n"
        "for name in [m for m in sys.modules if m.startswith('weasyprint')]:\n"
        "    del sys.modules[name]\n"
        f"r = CliRunner().invoke(main, ['check', {str(report_copy)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        f"r = CliRunner().invoke(main, ['build', {str(report_copy)!r}, '--out', "
        f"{str(tmp_path / 'out')!r}])\n"
        "assert 'up to date' in r.output, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('weasyprint')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_16_bit_grey_png_is_scaled_to_8_bits(tmp_path: Path) -> None:
    source = tmp_path / "gråtone.png"
    Image.new("I;16", (400, 100), 32768).save(source)  # half-way grey, 16 bits
    prepared = prepare(source, 2000, tmp_path / "cache")
    with Image.open(prepared) as img:
        assert img.mode == "L" and img.size == (400, 100)
        assert img.getpixel((10, 10)) == 128  # scaled, not clipped to 255


def test_damaged_images_are_refused_by_inspect(tmp_path: Path) -> None:
    import io

    import pytest

    from pipeline.images import ImageProblem, inspect

    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buffer, "JPEG")
    source = tmp_path / "halv.jpg"
    source.write_bytes(buffer.getvalue()[:2000])
    with pytest.raises(ImageProblem, match="damaged or incomplete"):
        inspect(source)
    import weasyprint  # noqa: F401  (it makes Pillow lenient with truncated files)

    source.write_bytes(buffer.getvalue()[:2001])
    with pytest.raises(ImageProblem, match="damaged or incomplete"):
        inspect(source)  # refused all the same, in a build's process
    source.write_bytes(buffer.getvalue())
    assert inspect(source).width == 300  # the same path, repaired: checked again


def test_aeoeaa_names_and_16_bit_png_build_into_the_pdf(report_copy: Path,
                                                         tmp_path: Path) -> None:
    from pypdf import PdfReader

    from pipeline import build

    Image.new("I;16", (600, 200), 16384).save(report_copy / "images" / "grå bær.png")
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8")
                       + "\n![Grå bær](<images/grå bær.png> \"Grå bær\")\n", "utf-8")
    result = build(report_copy, tmp_path / "out")
    images = [image.image for page in PdfReader(result.pdf_path).pages
              for image in page.images]
    greys = [image for image in images if image is not None and image.size == (600, 200)]
    assert greys, "the image with æøå and a space in its name is in the PDF"
    for grey in greys:  # pages may share the resource
        assert grey.mode == "L"  # 8 bits a pixel in the PDF
        assert grey.getpixel((5, 5)) == 64  # 16384 / 256: the grey survives, scaled


def test_an_image_name_saved_decomposed_is_found(report_copy: Path, tmp_path: Path) -> None:
    """macOS saves 'år-ø.png' with 'å' decomposed (a + ring); the editor types it composed:
    the same name, so the image is found and printed."""
    import unicodedata

    from PIL import Image

    from pipeline import build
    from pipeline.check import check_report

    name = unicodedata.normalize("NFD", "år-ø.png")
    Image.new("RGB", (2100, 1400), (30, 90, 60)).save(report_copy / "images" / name)
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\n![Et grønt billede](images/år-ø.png "
                       '"Grønt")\n', "utf-8")
    assert [d.code for d in check_report(report_copy).errors] == []
    result = build(report_copy, tmp_path / "out")
    assert result.pages >= 2
