"""What makes a cold build start fast, and stays correct: verdicts remembered across runs
(images found whole, the validated layout, the fonts' characters) and the renderer
process started before the pipeline's imports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from pipeline import images, paths, renderer, verdicts
from pipeline.errors import ReportError
from pipeline.launch import command_of
from pipeline.layout import manifest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE_DIR", folder)
    images._checked.clear()
    return folder


def test_a_whole_image_is_decoded_once_across_runs(tmp_path: Path, cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (640, 480), (15, 92, 77)).save(photo, quality=90)
    first = images.inspect(photo)
    assert (first.width, first.height, first.format) == (640, 480, "JPEG")
    assert list((cache / "verdicts").glob("image-*.json"))
    images._checked.clear()  # a new run: only the verdict on disk is left

    def no_decoding(data: bytes) -> images.ImageInfo:
        raise AssertionError("decoded again")

    monkeypatch.setattr(images, "_inspect_raster", no_decoding)
    assert images.inspect(photo) == first


def test_a_damaged_image_is_never_remembered_and_always_refused(tmp_path: Path,
                                                                cache: Path) -> None:
    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (640, 480), (200, 30, 30)).save(photo, quality=90)
    whole = photo.read_bytes()
    photo.write_bytes(whole[: len(whole) // 2])  # truncated: half the photo
    for _run in range(2):
        images._checked.clear()
        with pytest.raises(images.ImageProblem, match="damaged or incomplete"):
            images.inspect(photo)
    assert not list((cache / "verdicts").glob("*.json"))


def test_a_damaged_verdict_is_ignored(tmp_path: Path, cache: Path) -> None:
    photo = tmp_path / "foto.png"
    Image.new("RGB", (300, 200)).save(photo)
    images.inspect(photo)
    for entry in (cache / "verdicts").glob("image-*.json"):
        entry.write_text('{"width": "bred"', "utf-8")
    images._checked.clear()
    assert images.inspect(photo).width == 300


def test_a_layout_broken_after_it_was_remembered_is_still_refused(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    shutil.copytree(ROOT / "assets" / "fonts", tmp_path / "assets" / "fonts")
    monkeypatch.setattr(paths, "ASSETS_DIR", tmp_path / "assets")
    good = manifest.load_layout("almenrapport", layouts_dir=layouts)
    assert list((cache / "verdicts").glob("layout-*.json"))
    manifest._CACHE.clear()
    assert manifest.load_layout("almenrapport", layouts_dir=layouts) == good
    sheet = layouts / "almenrapport" / "style.css"
    sheet.write_text(sheet.read_text("utf-8") + "\n.x { color: #ff00ff; }\n", "utf-8")
    manifest._CACHE.clear()
    with pytest.raises(ReportError) as caught:
        manifest.load_layout("almenrapport", layouts_dir=layouts)
    assert any(d.file.name == "style.css" for d in caught.value.diagnostics)


def test_verdict_keys_follow_the_bytes_and_the_code(tmp_path: Path) -> None:
    file = tmp_path / "a.css"
    file.write_text("a {}", "utf-8")
    before = verdicts.key("layout", "x", files=[file])
    assert verdicts.key("layout", "x", files=[file]) == before
    file.write_text("a { }", "utf-8")
    assert verdicts.key("layout", "x", files=[file]) != before
    assert verdicts.code_version("layout") != verdicts.code_version("images.py")


@pytest.mark.parametrize(("args", "command"), [
    (["build", "reports/x"], "build"),
    (["--project", "build", "build"], "build"),   # a project folder called 'build'
    (["--lang", "en", "--debug", "check"], "check"),
    (["--project=/tmp/p", "build"], "build"),
    (["--help"], None),
    ([], None),
])
def test_the_launcher_finds_the_subcommand(args: list[str], command: str | None) -> None:
    assert command_of(args) == command


def test_a_prestarted_renderer_is_taken_by_the_build_or_ended() -> None:
    renderer.prestart()
    taken = renderer.Renderer(fork=False)
    assert taken.process is not None and taken.process.is_alive()
    taken.close()
    assert taken.process is None
    renderer.prestart()
    waiting = renderer._waiting
    assert waiting is not None
    renderer.discard()
    assert renderer._waiting is None and not waiting[0].is_alive()


def test_almen_build_with_the_early_renderer_builds_then_skips(
        report_copy: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "build", str(report_copy), "--out", str(out)]
    built = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    pdf = out / report_copy.name / f"{report_copy.name}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    before = pdf.read_bytes()
    # up to date: the renderer started for it is ended at once, the PDF untouched
    again = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0 and "up to date" in out + err
    assert pdf.read_bytes() == before
