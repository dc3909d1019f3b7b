"""`almen proof`, `almen diff` and the reference renders that guard against upgrades.

Proof and diff run on the tiny fixture report (tests/fixtures/mini); the reference test
renders every report under reports/ that has renders in tests/reference/SLUG/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline import BuildResult, build, discover_reports
from pipeline.cli import main
from pipeline.paths import ASSETS_DIR, LAYOUTS_DIR, PROJECT_ROOT
from pipeline.proof import SHEET_BACKGROUND, SheetLayout, render_pages, spread_slots
from pipeline.visualdiff import (
    REFERENCE_TOLERANCE,
    DiffError,
    compare_pages,
    describe,
    diff_report,
    load_references,
    write_diff,
)

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
REFERENCES = Path(__file__).parent / "reference"
A4_MM = (210, 297)


def a4_pixels(dpi: int) -> tuple[float, float]:
    return A4_MM[0] / 25.4 * dpi, A4_MM[1] / 25.4 * dpi


def outline_pages(pdf: Path) -> dict[str, int]:
    """Bookmark title -> 1-based page number, from the PDF's own outline."""
    reader = pypdf.PdfReader(pdf)
    found: dict[str, int] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return found


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(MINI, tmp_path_factory.mktemp("mini-dist"))


@pytest.fixture
def other_root(tmp_path: Path) -> Path:
    """A writable copy of the current layouts/ and assets/: another 'tree' to diff against."""
    root = tmp_path / "other"
    shutil.copytree(LAYOUTS_DIR, root / "layouts")
    shutil.copytree(ASSETS_DIR, root / "assets")
    return root


# --- proof ---------------------------------------------------------------------------------

def test_spreads_put_the_cover_alone_on_the_right() -> None:
    assert spread_slots(1) == [(None, 1)]
    assert spread_slots(2) == [(None, 1), (2, None)]
    assert spread_slots(7) == [(None, 1), (2, 3), (4, 5), (6, 7)]
    assert spread_slots(8) == [(None, 1), (2, 3), (4, 5), (6, 7), (8, None)]


def test_proof_writes_every_page_and_a_contact_sheet(tmp_path: Path) -> None:
    out, dpi = tmp_path / "dist", 50
    stale = out / "mini" / "proof" / "side-40.png"   # from an earlier, longer version
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    result = CliRunner().invoke(main, ["proof", str(MINI), "--out", str(out),
                                       "--dpi", str(dpi)])
    assert result.exit_code == 0, result.output
    folder = out / "mini" / "proof"
    pages = len(pypdf.PdfReader(out / "mini" / "mini.pdf").pages)
    assert pages >= 4
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"side-{n:02d}.png" for n in range(1, pages + 1)]
                           + ["kontaktark.png"]), "stale pages must be gone"
    assert not [p for p in (out / "mini").iterdir() if p.name.startswith(".proof")], \
        "no temporary folders left behind"
    assert f"wrote {pages} page images" in result.output and "kontaktark.png" in result.output

    width, height = a4_pixels(dpi)
    for n in range(1, pages + 1):
        with Image.open(folder / f"side-{n:02d}.png") as image:
            assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1, image.size

    layout = SheetLayout()
    aspect = A4_MM[1] / A4_MM[0]
    with Image.open(folder / "kontaktark.png") as opened:
        sheet = opened.convert("RGB")
    with Image.open(folder / "side-01.png") as cover_page:
        cover = cover_page.convert("RGB")
    assert sheet.size == layout.size(pages, aspect)
    rows = -(-(pages // 2 + 1) // layout.spreads_per_row)
    assert sheet.height > rows * layout.thumb_height(aspect)

    def slot_centre(spread: int, side: int) -> tuple[int, int, int]:
        x, y = layout.slot_origin(spread, side, aspect)
        return sheet.getpixel((x + layout.thumb_width // 2, y + layout.thumb_height(aspect) // 2))

    # the cover alone on the right of the first spread
    assert slot_centre(0, 0) == SHEET_BACKGROUND
    cover_centre = cover.getpixel((cover.width // 2, cover.height // 2))
    assert max(abs(a - b) for a, b in zip(slot_centre(0, 1), cover_centre, strict=True)) < 12
    # every later page in its slot, the last spread half empty when the count is even
    for spread, (left, right) in enumerate(spread_slots(pages)):
        for side, number in enumerate((left, right)):
            if number is None:
                assert slot_centre(spread, side) == SHEET_BACKGROUND, (spread, side)
            else:
                assert slot_centre(spread, side) != SHEET_BACKGROUND, (spread, side)


def test_proof_of_a_broken_report_fails_and_keeps_the_old_proof(report_copy: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert CliRunner().invoke(main, ["proof", str(report_copy), "--out", str(out),
                                     "--dpi", "20"]).exit_code == 0
    before = sorted(p.name for p in (out / "mini" / "proof").iterdir())
    (report_copy / "report.yaml").write_text("title: X\nyear: 20x3\n", "utf-8")
    result = CliRunner().invoke(main, ["proof", str(report_copy), "--out", str(out)])
    assert result.exit_code != 0
    assert "report.yaml:2:7: error:" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in (out / "mini" / "proof").iterdir()) == before


# --- diff: comparing pages ----------------------------------------------------------------

def page(colour: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    return Image.new("RGB", (60, 80), colour)


def test_compare_counts_pixels_beyond_the_threshold_and_pages_added_or_removed() -> None:
    changed = page()
    changed.paste((250, 250, 250), (0, 0, 60, 40))   # anti-aliasing-sized noise: ignored
    changed.paste((0, 0, 0), (10, 10, 20, 14))       # a real change: 40 pixels
    comparison, masks = compare_pages([page(), page()], [page(), changed, page()])
    assert [(c.page, c.pixels) for c in comparison.changed] == [(2, 40)]
    assert comparison.changed[0].percent == pytest.approx(100 * 40 / (60 * 80))
    assert comparison.added == [3] and comparison.removed == [] and set(masks) == {2}
    assert comparison.unchanged == [1]
    fewer, _ = compare_pages([page(), page(), page()], [page()])
    assert fewer.removed == [2, 3] and fewer.added == [] and not fewer.identical
    assert compare_pages([page()], [page()])[0].identical


def test_diff_images_highlight_the_change(tmp_path: Path) -> None:
    changed = page()
    changed.paste((0, 0, 0), (10, 10, 20, 14))
    comparison, masks = compare_pages([page()], [changed, page()])
    write_diff(tmp_path, [page()], [changed, page()], comparison, masks)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["side-01.png", "side-02.png"]
    with Image.open(tmp_path / "side-01.png") as image:
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 16)}
    assert (230, 0, 126) in colours, "changed pixels are shown in the highlight colour"


# --- diff: whole reports ------------------------------------------------------------------

def run_diff(against: Path | str, out: Path):
    result = CliRunner().invoke(main, ["diff", str(MINI), "--against", str(against),
                                       "--out", str(out)])
    summary_path = out / "mini" / "diff" / "summary.json"
    summary = json.loads(summary_path.read_text("utf-8")) if summary_path.is_file() else None
    return result, summary


def test_diff_of_the_same_tree_reports_nothing(tmp_path: Path) -> None:
    result, summary = run_diff(PROJECT_ROOT, tmp_path / "dist")
    assert result.exit_code == 0, result.output
    assert "no visual changes" in result.output
    assert summary["identical"] is True and summary["changed"] == []
    assert summary["added"] == summary["removed"] == []
    assert summary["pages_before"] == summary["pages_after"] >= 4
    assert sorted(p.name for p in (tmp_path / "dist" / "mini" / "diff").iterdir()) == \
        ["summary.json"]


def test_diff_against_a_git_revision_of_the_same_files_reports_nothing(
        tmp_path: Path, other_root: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                        "-c", "commit.gpgsign=false", *args], cwd=other_root, check=True,
                       capture_output=True)

    git("init", "-q")
    git("add", "layouts", "assets")
    git("commit", "-q", "-m", "the current look")
    result = diff_report(MINI, "HEAD", tmp_path / "dist", repo=other_root)
    assert result.comparison.identical, describe(result.comparison)
    assert result.description.startswith("git revision HEAD (")
    with pytest.raises(DiffError, match="neither a folder nor a git revision"):
        diff_report(MINI, "no-such-branch", tmp_path / "dist", repo=other_root)


def test_diff_finds_a_case_opener_change_on_the_case_page_only(
        tmp_path: Path, other_root: Path, mini_build: BuildResult) -> None:
    style = other_root / "layouts" / "almenrapport" / "style.css"
    style.write_text(style.read_text("utf-8") + "\narticle.kind-case h1 { "
                     "text-decoration: underline; }\n", "utf-8")
    case_page = outline_pages(mini_build.pdf_path)["Et eksempel"]
    out = tmp_path / "dist"
    result, summary = run_diff(other_root, out)
    assert result.exit_code == 1, result.output
    assert [c["page"] for c in summary["changed"]] == [case_page]
    assert summary["added"] == summary["removed"] == []
    assert 0 < summary["changed"][0]["percent"] < 5
    assert f"page {case_page:>3}:" in result.output
    assert sorted(p.name for p in (out / "mini" / "diff").iterdir()) == \
        sorted([f"side-{case_page:02d}.png", "summary.json"])


def test_diff_finds_an_accent_token_change_exactly_where_the_accent_is_used(
        tmp_path: Path, other_root: Path, mini_build: BuildResult) -> None:
    tokens = other_root / "layouts" / "_brand" / "tokens.css"
    text = tokens.read_text("utf-8")
    match = re.search(r"--color-accent:\s*#([0-9a-fA-F]{6})\s*;", text)
    assert match, "layouts/_brand/tokens.css no longer defines --color-accent as #rrggbb"
    accent = tuple(int(match[1][i:i + 2], 16) for i in (0, 2, 4))
    tokens.write_text(text.replace(match[0], "--color-accent: #ff00ff;"), "utf-8")
    # independently of the diff: the pages of the current render that show the accent
    uses_accent = []
    for number, image in enumerate(render_pages(mini_build.pdf_path, 72), 1):
        close = sum(n for n, c in image.getcolors(1 << 20)
                    if max(abs(a - b) for a, b in zip(c, accent, strict=True)) <= 4)
        if close >= 3:
            uses_accent.append(number)
    assert uses_accent, "the accent colour appears on no page of the fixture report"
    result, summary = run_diff(other_root, tmp_path / "dist")
    assert result.exit_code == 1, result.output
    assert [c["page"] for c in summary["changed"]] == uses_accent
    assert summary["pages_before"] == summary["pages_after"]


def test_diff_with_a_bad_ref_exits_2(tmp_path: Path) -> None:
    result, _ = run_diff("no-such-revision-at-all", tmp_path / "dist")
    assert result.exit_code == 2
    assert "neither a folder nor a git revision" in result.output
    (tmp_path / "empty").mkdir()
    result, _ = run_diff(tmp_path / "empty", tmp_path / "dist")
    assert result.exit_code == 2 and "has no layouts/ folder" in result.output


def test_diff_names_the_file_when_the_other_tree_fails(tmp_path: Path,
                                                      other_root: Path) -> None:
    (other_root / "layouts" / "almenrapport" / "layout.yaml").write_text(
        "name: almenrapport\ncolour: red\n", "utf-8")
    result, _ = run_diff(other_root, tmp_path / "dist")
    assert result.exit_code == 2, result.output
    assert "layout.yaml" in result.output and "error" in result.output
    assert "Traceback" not in result.output


# --- reference renders ------------------------------------------------------------------

REPORTS = discover_reports(PROJECT_ROOT / "reports")


@pytest.mark.parametrize("report_dir", REPORTS, ids=[p.name for p in REPORTS])
def test_report_matches_its_reference_renders(report_dir: Path, request: pytest.FixtureRequest,
                                             tmp_path: Path) -> None:
    """Guards against a WeasyPrint/pdfium upgrade (or an unnoticed CSS side effect).

    After a deliberate change, refresh the renders with `make refresh-references`.
    """
    folder = REFERENCES / report_dir.name
    if not (folder / "reference.json").is_file():
        pytest.skip(f"no reference renders in tests/reference/{report_dir.name}/ "
                    "(make refresh-references creates them)")
    if report_dir.name == "vaerdiskabende-gentagelser":
        built: BuildResult = request.getfixturevalue("sample_build")   # built once per session
    else:
        built = build(report_dir, tmp_path / "dist")
    expected, meta = load_references(folder)
    actual = render_pages(built.pdf_path, int(meta["dpi"]))
    comparison, masks = compare_pages(expected, actual, tolerance=REFERENCE_TOLERANCE)
    if not comparison.identical:
        write_diff(tmp_path, expected, actual, comparison, masks,
                   labels=("Reference", "Nu", "Ændringer"))
    versions = {name: version(name) for name in ("weasyprint", "pypdfium2")}
    upgraded = ", ".join(f"{name} {meta.get(name)} -> {now}" for name, now in versions.items()
                         if meta.get(name) != now)
    assert comparison.identical, (
        f"{report_dir.name} no longer looks like tests/reference/{report_dir.name}/:\n"
        f"{describe(comparison)}\ndiff images: {tmp_path}\n"
        + (f"versions changed since the references were made: {upgraded}\n" if upgraded
           else "") +
        "if the change is intended: make refresh-references")
