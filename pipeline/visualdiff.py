"""Visual diff: how a change to the layouts or the brand changes a report, page by page.

``almen diff REPORT_DIR --against REF`` renders the report twice: with the current tree,
and with the ``layouts/`` and ``assets/`` of REF (a git revision, or a folder holding a
``layouts/`` folder and optionally ``assets/``). The report's content and the pipeline's
code are the current ones on both sides; only the look differs. The other side is built in
a subprocess whose ``ALMEN_ROOT`` points at a temporary root that holds REF's folders (see
:mod:`pipeline.paths`), so the confined URL fetcher allows exactly REF's layout and assets.

Both PDFs are rendered at the same resolution and compared page by page (page N with
page N): a pixel counts as changed when one of its colour channels differs by more than a
small threshold, which absorbs anti-aliasing noise. Every changed page gets an image
(before | after | changes highlighted) in ``dist/SLUG/diff/``, beside ``summary.json``.

The same comparison guards against WeasyPrint upgrades: ``tests/reference/SLUG/`` holds
low-resolution renders of the sample reports that the test suite compares against.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from pipeline import paths
from pipeline.errors import PipelineError
from pipeline.proof import label_font, page_name, render_pages, replacing_dir, save_png
from pipeline.settings import DIFF_DPI, DIFF_THRESHOLD

DEFAULT_DIFF_DPI = DIFF_DPI
# A pixel has changed when a colour channel differs by more than this (0-255): enough to
# ignore anti-aliasing noise, far too little to hide a change of colour, text or position.
DEFAULT_THRESHOLD = DIFF_THRESHOLD
SUMMARY_NAME = "summary.json"

HIGHLIGHT = (230, 0, 126)       # strong magenta: not a brand colour, stands out on any page
PANEL_BACKGROUND = (150, 150, 150)
PANEL_TEXT = (25, 25, 25)


class DiffError(PipelineError):
    """The comparison could not be made (bad REF, the other render failed, …).

    Exit status 2: ``almen diff`` keeps 1 for "pages changed"."""

    exit_code = 2


# --- comparing images --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PageChange:
    page: int                 # 1-based
    pixels: int               # pixels that differ beyond the threshold
    total: int                # pixels on the page
    image: str | None = None  # the diff image's file name, once written

    @property
    def fraction(self) -> float:
        return self.pixels / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        return 100 * self.fraction


@dataclass(slots=True)
class Comparison:
    pages_before: int
    pages_after: int
    changed: list[PageChange] = field(default_factory=list)
    added: list[int] = field(default_factory=list)      # pages only in the new render
    removed: list[int] = field(default_factory=list)    # pages only in the old render

    @property
    def identical(self) -> bool:
        return not (self.changed or self.added or self.removed)

    @property
    def unchanged(self) -> list[int]:
        changed = {c.page for c in self.changed}
        return [n for n in range(1, min(self.pages_before, self.pages_after) + 1)
                if n not in changed]


def change_mask(before: Image.Image, after: Image.Image,
                threshold: int = DEFAULT_THRESHOLD) -> Image.Image:
    """An ``L`` image: 255 where a colour channel differs by more than ``threshold``.

    Pages of different sizes differ everywhere.
    """
    if before.size != after.size:
        return Image.new("L", after.size, 255)
    difference = ImageChops.difference(before.convert("RGB"), after.convert("RGB"))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return largest.point(lambda value: 255 if value > threshold else 0)


def count_changed(mask: Image.Image) -> int:
    return mask.histogram()[255]


def compare_pages(before: list[Image.Image], after: list[Image.Image],
                  threshold: int = DEFAULT_THRESHOLD, tolerance: float = 0.0,
                  ) -> tuple[Comparison, dict[int, Image.Image]]:
    """Compare page N with page N; a page has changed when more than ``tolerance`` (a
    fraction) of its pixels differ beyond ``threshold``. Returns the comparison and the
    change masks of the changed pages."""
    comparison = Comparison(pages_before=len(before), pages_after=len(after))
    masks: dict[int, Image.Image] = {}
    for number, (old, new) in enumerate(zip(before, after, strict=False), 1):
        mask = change_mask(old, new, threshold)
        pixels = count_changed(mask)
        total = new.width * new.height
        if pixels and pixels > tolerance * total:
            comparison.changed.append(PageChange(number, pixels, total))
            masks[number] = mask
    comparison.added = list(range(len(before) + 1, len(after) + 1))
    comparison.removed = list(range(len(after) + 1, len(before) + 1))
    return comparison, masks


# --- diff images -------------------------------------------------------------------------

def highlight(page: Image.Image, mask: Image.Image) -> Image.Image:
    """The page greyed out and faded, with the changed pixels in a strong colour."""
    faded = page.convert("L").point(lambda value: 170 + value * 85 // 255).convert("RGB")
    grown = mask.filter(ImageFilter.MaxFilter(3))   # make single-pixel changes visible
    faded.paste(Image.new("RGB", page.size, HIGHLIGHT), (0, 0), grown)
    return faded


def diff_image(before: Image.Image | None, after: Image.Image | None,
               mask: Image.Image | None, labels: tuple[str, str, str]) -> Image.Image:
    """Side by side: before | after | changes, each panel labelled (Danish: it is output)."""
    panels: list[tuple[str, Image.Image | None]] = [(labels[0], before), (labels[1], after)]
    if before is not None and after is not None and mask is not None:
        panels.append((labels[2], highlight(after, mask)))
    sample = after or before
    assert sample is not None
    width, height = sample.size
    margin, gap, header = 16, 16, 28
    sheet = Image.new("RGB", (2 * margin + len(panels) * width + (len(panels) - 1) * gap,
                              2 * margin + header + height), PANEL_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = label_font(14)
    for index, (label, image) in enumerate(panels):
        x = margin + index * (width + gap)
        while len(label) > 1 and font.getlength(label) > width:   # a long REF path
            label = label[:-2] + "…"
        draw.text((x, margin + header // 2), label, fill=PANEL_TEXT, font=font, anchor="lm")
        if image is None:
            draw.text((x + width // 2, margin + header + height // 2), "(ingen side)",
                      fill=PANEL_TEXT, font=font, anchor="mm")
        else:
            sheet.paste(image, (x, margin + header))
    return sheet


# --- the other tree ----------------------------------------------------------------------

def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; pass a folder as --against instead") from None


def _link(root: Path, name: str, target: Path) -> None:
    (root / name).symlink_to(target.resolve(), target_is_directory=True)


@dataclass(frozen=True, slots=True)
class OtherTree:
    root: Path          # the temporary project root (ALMEN_ROOT of the other render)
    description: str    # "git revision main (1a2b3c4d5e)", "folder /path"
    shown_as: str       # how the root's files are named in messages: "main:", "/path/"


@contextlib.contextmanager
def reference_root(ref: str, repo: Path | None = None) -> Iterator[OtherTree]:
    """A temporary project root holding REF's ``layouts/`` and ``assets/``.

    A folder REF's ``layouts/`` is copied (its stylesheets reach ``assets/`` by relative
    links, so it must sit beside the ``assets/`` used); a git revision's folders are
    exported with ``git archive`` (which changes nothing in the repository). Where REF has
    no ``assets/``, the current ones are used. The image cache is shared with the current
    tree (its files are named by content, so both sides may use it).
    """
    repo = repo or paths.PROJECT_ROOT
    with tempfile.TemporaryDirectory(prefix="almen-diff-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        folder = Path(ref).expanduser()
        if folder.is_dir():
            if not (folder / "layouts").is_dir():
                raise DiffError(f"folder '{ref}' has no layouts/ folder; --against takes a "
                                "git revision or a folder that contains layouts/")
            shutil.copytree(folder / "layouts", root / "layouts")
            _link(root, "assets", folder / "assets" if (folder / "assets").is_dir()
                  else paths.ASSETS_DIR)
            description = f"folder {folder.resolve()}"
            shown_as = f"{folder.resolve()}{os.sep}"
        else:
            commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                          repo)
            if commit.returncode != 0:
                raise DiffError(f"'{ref}' is neither a folder nor a git revision (commit, "
                                f"branch or tag) of {repo}")
            sha = commit.stdout.decode().strip()
            listing = _git(["ls-tree", "--name-only", sha], repo)
            present = set(listing.stdout.decode().split())
            if "layouts" not in present:
                raise DiffError(f"revision '{ref}' ({sha[:10]}) has no layouts/ folder")
            wanted = [name for name in ("layouts", "assets") if name in present]
            archive = _git(["archive", "--format=tar", sha, "--", *wanted], repo)
            if archive.returncode != 0:
                raise DiffError(f"git archive {ref} failed: "
                                f"{archive.stderr.decode(errors='replace').strip()}")
            tar_path = Path(tmp) / "ref.tar"
            tar_path.write_bytes(archive.stdout)
            with tarfile.open(tar_path) as tar:
                tar.extractall(root, filter="data")
            tar_path.unlink()
            if "assets" not in present:
                _link(root, "assets", paths.ASSETS_DIR)
            description = f"git revision {ref} ({sha[:10]})"
            shown_as = f"{ref}:"
        paths.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        _link(root, ".cache", paths.CACHE_DIR)
        yield OtherTree(root, description, shown_as)


def build_with_root(report_dir: Path, root: Path, out_dir: Path) -> subprocess.Popen[bytes]:
    """Start building ``report_dir`` with the layouts/assets of ``root``, in a subprocess.

    The subprocess runs this very pipeline code (same interpreter, same package); only
    ``ALMEN_ROOT`` differs. Its output goes to ``out_dir/log.txt``.
    """
    env = dict(os.environ)
    env["ALMEN_ROOT"] = str(root)
    package_parent = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH"))
                                        if p)
    out_dir.mkdir(parents=True, exist_ok=True)
    log = (out_dir / "log.txt").open("wb")
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "pipeline", "build", str(report_dir.resolve()),
             "--out", str(out_dir.resolve())],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    finally:
        log.close()


# --- the whole diff ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DiffResult:
    slug: str
    against: str
    description: str
    dpi: int
    threshold: int
    comparison: Comparison
    folder: Path
    summary_path: Path

    def to_dict(self) -> dict[str, object]:
        c = self.comparison
        return {
            "report": self.slug,
            "against": self.against,
            "against_description": self.description,
            "dpi": self.dpi,
            "threshold": self.threshold,
            "pages_before": c.pages_before,
            "pages_after": c.pages_after,
            "identical": c.identical,
            "changed": [dict(asdict(p), percent=round(p.percent, 3)) for p in c.changed],
            "added": c.added,
            "removed": c.removed,
            "unchanged": c.unchanged,
        }


def write_diff(folder: Path, before: list[Image.Image], after: list[Image.Image],
               comparison: Comparison, masks: dict[int, Image.Image],
               labels: tuple[str, str, str] = ("Før", "Nu", "Ændringer")) -> Comparison:
    """Write one image per changed, added or removed page into ``folder`` (already made).

    Returns the comparison with each change's image name filled in.
    """
    changed = []
    for change in comparison.changed:
        name = page_name(change.page)
        save_png(diff_image(before[change.page - 1], after[change.page - 1],
                            masks[change.page], labels), folder / name)
        changed.append(PageChange(change.page, change.pixels, change.total, name))
    for number in comparison.added:
        save_png(diff_image(None, after[number - 1], None, labels), folder / page_name(number))
    for number in comparison.removed:
        save_png(diff_image(before[number - 1], None, None, labels),
                 folder / page_name(number))
    comparison.changed = changed
    return comparison


def diff_report(report_dir: Path, against: str, out_dir: Path, *,
                dpi: int = DEFAULT_DIFF_DPI, threshold: int = DEFAULT_THRESHOLD,
                repo: Path | None = None, progress: Callable[[str], None] | None = None,
                ) -> DiffResult:
    """Compare ``report_dir`` rendered with the current tree and with ``against``.

    Writes ``out_dir/SLUG/diff/`` (replaced as a whole). Raises :class:`DiffError` when the
    other side cannot be rendered, and the pipeline's own errors for the current side.
    """
    from pipeline.builder import build

    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="almen-diff-out-") as tmp_out, \
            reference_root(against, repo) as other_tree:
        description = other_tree.description
        say(f"rendering with {description}")
        other = build_with_root(report_dir, other_tree.root, Path(tmp_out) / "before")
        try:
            say("rendering with the current tree")
            current = build(report_dir, Path(tmp_out) / "after")
        except BaseException:
            other.kill()
            other.wait()
            raise
        returncode = other.wait()
        log = (Path(tmp_out) / "before" / "log.txt").read_text("utf-8", errors="replace")
        slug = current.pdf_path.stem
        old_pdf = Path(tmp_out) / "before" / slug / f"{slug}.pdf"
        if returncode != 0 or not old_pdf.is_file():
            # name REF's files as REF's, not by the temporary folder they were in
            log = log.replace(f"{other_tree.root}{os.sep}", other_tree.shown_as)
            lines = [line for line in log.splitlines() if ": " in line and
                     not line.startswith(("[", "Error: "))] or log.splitlines()[-5:]
            raise DiffError(f"rendering {report_dir} with {description} failed:\n  " +
                            "\n  ".join(lines))
        say("comparing pages")
        before = render_pages(old_pdf, dpi)
        after = render_pages(current.pdf_path, dpi)
    comparison, masks = compare_pages(before, after, threshold)
    folder = Path(out_dir) / slug / "diff"
    with replacing_dir(folder) as new_folder:
        write_diff(new_folder, before, after, comparison, masks,
                   labels=(f"Før ({against})", "Nu", "Ændringer"))
        result = DiffResult(slug=slug, against=against, description=description, dpi=dpi,
                            threshold=threshold, comparison=comparison, folder=folder,
                            summary_path=folder / SUMMARY_NAME)
        (new_folder / SUMMARY_NAME).write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return result


# --- reference renders -------------------------------------------------------------------
# Low-resolution renders of the sample reports, kept under tests/reference/SLUG/, guard
# against a WeasyPrint (or pdfium) upgrade changing our reports unnoticed.

REFERENCE_DPI = 36            # 298x421 px per A4 page: small files, layout shifts still show
REFERENCE_TOLERANCE = 0.00004  # a page may differ in 0.004 % of its pixels (5 at 36 dpi):
                               # stray anti-aliasing, never a changed word or a shift
REFERENCE_META = "reference.json"


def write_references(pdf: Path, folder: Path, dpi: int = REFERENCE_DPI) -> list[Path]:
    """Replace ``folder`` with ``side-NN.png`` renders of ``pdf`` and ``reference.json``."""
    from importlib.metadata import version

    with replacing_dir(folder) as tmp:
        pages = render_pages(pdf, dpi)
        for number, image in enumerate(pages, 1):
            save_png(image, tmp / page_name(number), optimize=True)
        meta = {"dpi": dpi, "pages": len(pages), "weasyprint": version("weasyprint"),
                "pypdfium2": version("pypdfium2")}
        (tmp / REFERENCE_META).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return [folder / page_name(n) for n in range(1, len(pages) + 1)]


def load_references(folder: Path) -> tuple[list[Image.Image], dict[str, object]]:
    """The reference pages in ``folder`` and what ``reference.json`` says about them."""
    meta = json.loads((folder / REFERENCE_META).read_text("utf-8"))
    pages = []
    for number in range(1, int(meta["pages"]) + 1):
        with Image.open(folder / page_name(number)) as image:
            pages.append(image.convert("RGB"))
    return pages, meta


def describe(comparison: Comparison) -> str:
    """One line per difference, for a test failure or a log."""
    lines = [f"page {c.page}: {c.percent:.3f} % of pixels differ ({c.pixels} px)"
             for c in comparison.changed]
    lines += [f"page {n}: added" for n in comparison.added]
    lines += [f"page {n}: removed" for n in comparison.removed]
    return "\n".join(lines) or "no differences"
