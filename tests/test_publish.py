"""``almen publish``: the publication folder the website mirrors, checked with real tools.

The small report (tests/fixtures/mini) is published once per session and reused; the full
sample report is published once per session too (each render of it costs ~3 s), for the
checks that need its tables, photos and length.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import page
import pypdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from pipeline import danish, load_report
from pipeline.cli import main
from pipeline.markdown import render_markdown
from pipeline.paths import PROJECT_ROOT
from pipeline.publishing import PublishResult, built_time, publish

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
SAMPLE = PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser"
SCHEMA = json.loads((PROJECT_ROOT / "docs" / "catalog.schema.json").read_text("utf-8"))
A4 = (595.28, 841.89)
BLEED_PT = 3 / 25.4 * 72  # 3 mm


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def mini_public(tmp_path_factory: pytest.TempPathFactory) -> PublishResult:
    return publish([MINI], tmp_path_factory.mktemp("site-a") / "public")


@pytest.fixture(scope="session")
def sample_public(tmp_path_factory: pytest.TempPathFactory) -> PublishResult:
    return publish([SAMPLE], tmp_path_factory.mktemp("site-sample") / "public")


@pytest.fixture(scope="session")
def every_pdf(mini_public: PublishResult, sample_public: PublishResult) -> list[Path]:
    return sorted([*mini_public.out_dir.glob("*/*.pdf"), *sample_public.out_dir.glob("*/*.pdf")])


def catalog_of(result: PublishResult) -> dict[str, Any]:
    return json.loads(result.catalog_path.read_text("utf-8"))


def files_of(result: PublishResult, role: str) -> list[Path]:
    return [result.out_dir / f["path"] for p in catalog_of(result)["publications"]
            for f in p["files"] if f["role"] == role]


def folder_snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> sha256)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def struct_elements(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    """Every structure element, in document (reading) order."""
    found: list[pypdf.generic.DictionaryObject] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/Type") in ("/OBJR", "/MCR"):
                return
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def markdown_alts(report_dir: Path) -> set[str]:
    report = load_report(report_dir)
    alts = {i.alt for c in report.chapters for i in render_markdown(c.body).images}
    if report.meta.cover is not None:
        alts.add(report.meta.cover.alt)
    return alts


# ---------------------------------------------------------------------------- the folder


def test_publish_writes_the_promised_folder(mini_public: PublishResult) -> None:
    out = mini_public.out_dir
    assert mini_public.failures == ()
    assert [p.slug for p in mini_public.published] == ["mini"]
    for name in ("mini/mini.pdf", "mini/mini-tryk.pdf", "mini/forside.png",
                 "mini/forside-lille.png", "catalog.json", "index.html",
                 "assets/site.css", "assets/tokens.css", "assets/fonts/Lato-Regular.ttf"):
        assert (out / name).is_file(), name
    # Nothing but the folder and its lock file is left beside it: no staging, no backup.
    assert sorted(p.name for p in out.parent.iterdir()) == [".public.lock", "public"]
    assert out.stat().st_mode & 0o755 == 0o755, "readable by the web server"


def test_catalog_validates_against_its_schema(mini_public: PublishResult,
                                              sample_public: PublishResult) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for result in (mini_public, sample_public):
        jsonschema.validate(catalog_of(result), SCHEMA,
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    broken = catalog_of(mini_public)
    del broken["publications"][0]["files"][0]["sha256"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_catalog_entry_carries_the_fact_panel(mini_public: PublishResult) -> None:
    catalog = catalog_of(mini_public)
    assert catalog["built"] == "2024-03-01T00:00:00Z", "the report's date, not the clock"
    (entry,) = catalog["publications"]
    assert entry["slug"] == "mini"
    assert entry["title"] == "Lille testrapport" and entry["subtitle"] == "Bruges af testene"
    assert (entry["series"], entry["year"], entry["date"]) == ("AlmenRapport", 2024,
                                                               "2024-03-01")
    assert entry["status"] == "I gang" and entry["owner"] == "AlmenNet"
    assert entry["participants"] == ["Testdeltagere"]
    assert entry["contact"] == {"name": "Test Person", "role": "Konsulent",
                                "email": "test@almennet.dk", "phone": "33 76 20 71"}
    assert entry["themes"] == ["Drift og administration › Drift og vedligehold"]
    screen = pypdf.PdfReader(mini_public.out_dir / "mini" / "mini.pdf")
    assert entry["pages"] == len(screen.pages)
    roles = {f["role"]: f for f in entry["files"]}
    assert roles["screen"]["path"] == "mini/mini.pdf"
    assert roles["print"]["path"] == "mini/mini-tryk.pdf"
    assert (roles["cover"]["width"], roles["thumbnail"]["width"]) == (800, 200)
    for f in entry["files"]:
        data = (mini_public.out_dir / f["path"]).read_bytes()
        assert f["bytes"] == len(data)
        assert f["sha256"] == hashlib.sha256(data).hexdigest()


def test_cover_images_show_page_one(mini_public: PublishResult) -> None:
    from PIL import Image

    out = mini_public.out_dir / "mini"
    with Image.open(out / "forside.png") as cover, Image.open(out / "forside-lille.png") as small:
        assert cover.size == (800, 1132) and small.size == (200, 283)
        # The mini cover is the brand green (#0f5c4d) with the title in white.
        r, g, b = small.convert("RGB").getpixel((20, 20))
        assert abs(r - 0x0F) < 12 and abs(g - 0x5C) < 12 and abs(b - 0x4D) < 12
        extrema = small.convert("L").getextrema()
        assert extrema[1] > 240, "the white title is legible on the thumbnail"


# ---------------------------------------------------------------------------- reproducible


def test_same_sources_give_identical_bytes(mini_public: PublishResult,
                                          tmp_path: Path) -> None:
    again = publish([MINI], tmp_path / "elsewhere" / "public")
    first, second = folder_snapshot(mini_public.out_dir), folder_snapshot(again.out_dir)
    assert first == second
    assert {"mini/mini.pdf", "mini/mini-tryk.pdf", "catalog.json"} <= set(first)


def test_parallel_publishing_gives_the_same_folder_as_serial(tmp_path: Path) -> None:
    for name in ("en", "to", "tre"):
        shutil.copytree(MINI, tmp_path / "reports" / name)
    folders = sorted((tmp_path / "reports").iterdir())
    serial = publish(folders, tmp_path / "serial" / "public", jobs=1)
    parallel = publish(folders, tmp_path / "parallel" / "public", jobs=2)
    assert not serial.failures and not parallel.failures
    assert [p.slug for p in parallel.published] == ["en", "to", "tre"]
    assert folder_snapshot(serial.out_dir) == folder_snapshot(parallel.out_dir)


def test_parallel_publishing_reports_each_failure_on_its_own(tmp_path: Path) -> None:
    for name in ("god", "odelagt"):
        shutil.copytree(MINI, tmp_path / "reports" / name)
    (tmp_path / "reports" / "odelagt" / "report.yaml").write_text("title: X\n", "utf-8")
    result = publish(sorted((tmp_path / "reports").iterdir()), tmp_path / "public", jobs=2)
    assert [p.slug for p in result.published] == ["god"]
    [failure] = result.failures
    assert failure.slug == "odelagt" and "required key 'year' is missing" in failure.message


def test_pdf_dates_and_identifier_come_from_the_report(mini_public: PublishResult) -> None:
    for name in ("mini.pdf", "mini-tryk.pdf"):
        reader = pypdf.PdfReader(mini_public.out_dir / "mini" / name)
        info = reader.metadata
        assert info is not None
        assert info["/CreationDate"] == info["/ModDate"] == "D:20240301"
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "<xmp:CreateDate>2024-03-01</xmp:CreateDate>" in xmp
        assert len(reader.trailer["/ID"][0]) == 32


def test_built_time_prefers_source_date_epoch() -> None:
    entries = [{"year": 2023, "date": "2023-07-05"}, {"year": 2021, "date": None}]
    assert built_time(entries, "1700000000") == "2023-11-14T22:13:20Z"
    assert built_time(entries, None) == "2023-07-05T00:00:00Z"
    assert built_time([{"year": 2024, "date": None}], "") == "2024-01-01T00:00:00Z"
    with pytest.raises(Exception, match="SOURCE_DATE_EPOCH"):
        built_time(entries, "yesterday")


def test_source_date_epoch_sets_the_catalogue_time(
        mini_public: PublishResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rebuilding anything (no report given), only catalog.json and index.html
    follow SOURCE_DATE_EPOCH; the carried-over files keep their bytes."""
    out = tmp_path / "public"
    shutil.copytree(mini_public.out_dir, out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = publish([], out)
    assert result.kept == ("mini",)
    assert catalog_of(result)["built"] == "2023-11-14T22:13:20Z"
    assert "14. november 2023" in (out / "index.html").read_text("utf-8")
    before, after = folder_snapshot(mini_public.out_dir), folder_snapshot(out)
    assert {k: v for k, v in after.items() if k.startswith("mini/")} == \
        {k: v for k, v in before.items() if k.startswith("mini/")}


# ---------------------------------------------------------------------------- atomic


def test_failed_report_keeps_its_published_version(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(MINI, reports / "alpha")
    out = tmp_path / "public"
    first = publish([reports / "alpha"], out)
    assert not first.failures
    before = folder_snapshot(out / "alpha")
    entry_before = catalog_of(first)["publications"][0]

    (reports / "alpha" / "report.yaml").write_text("title: [\n", "utf-8")  # broken YAML
    shutil.copytree(MINI, reports / "beta")
    result = CliRunner().invoke(main, ["publish", str(reports / "alpha"),
                                       str(reports / "beta"), "--out", str(out)])
    assert result.exit_code == 1
    assert "alpha: FAILED" in result.output
    assert re.search(r"alpha/report\.yaml:\d+:\d+: error: invalid YAML", result.output)
    assert "failed to publish: alpha" in result.output
    assert "previously published version stays online" in result.output
    # alpha: files and entry as before; beta: published in the same run.
    assert folder_snapshot(out / "alpha") == before
    catalog = json.loads((out / "catalog.json").read_text("utf-8"))
    entries = {p["slug"]: p for p in catalog["publications"]}
    assert entries["alpha"] == entry_before
    assert (out / "beta" / "beta.pdf").is_file() and "beta" in entries
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public", "reports"]


def test_interrupted_publish_leaves_the_old_folder_untouched(
        mini_public: PublishResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "public"
    shutil.copytree(mini_public.out_dir, out)
    before = folder_snapshot(out)

    def explode(_root: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.publishing.run.write_site_assets", explode)
    with pytest.raises(KeyboardInterrupt):
        publish([], out)
    assert folder_snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]


def test_complete_publish_removes_publications_whose_report_is_gone(
        mini_public: PublishResult, tmp_path: Path) -> None:
    out = tmp_path / "public"
    shutil.copytree(mini_public.out_dir, out)
    assert publish([], out).kept == ("mini",), "a partial publish keeps the others"
    result = publish([], out, complete=True)
    assert result.removed == ("mini",)
    assert catalog_of(result)["publications"] == []
    assert not (out / "mini").exists()
    assert "Der er endnu ingen publikationer." in (out / "index.html").read_text("utf-8")


# ---------------------------------------------------------------------------- HTTP


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A real HTTP server for ``folder`` on 127.0.0.1 (a free port), in a thread."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def download(url: str) -> tuple[bytes, str, int]:
    with urllib.request.urlopen(url, timeout=10) as response:
        data = response.read()
        return data, response.headers.get_content_type(), int(response.headers["Content-Length"])


def test_every_catalogued_file_downloads_over_http(mini_public: PublishResult,
                                                  sample_public: PublishResult) -> None:
    for result in (mini_public, sample_public):
        with serve(result.out_dir) as base:
            catalog_data, catalog_type, _ = download(base + "catalog.json")
            assert catalog_type == "application/json"
            catalog = json.loads(catalog_data)
            assert catalog == catalog_of(result)
            count = 0
            for publication in catalog["publications"]:
                for f in publication["files"]:
                    data, media_type, length = download(base + f["path"])
                    assert media_type == f["media_type"], f["path"]
                    assert length == len(data) == f["bytes"], f["path"]
                    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
                    count += 1
                # five roles: web, screen, print, cover, thumbnail
            assert count == 5 * len(catalog["publications"]) >= 5
            index, index_type, _ = download(base)
            assert index_type == "text/html"
            assert index == (result.out_dir / "index.html").read_bytes()


# ---------------------------------------------------------------------------- index.html


class _Index(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_index_lists_every_publication_accessibly(sample_public: PublishResult) -> None:
    out = sample_public.out_dir
    parser = _Index()
    parser.feed((out / "index.html").read_text("utf-8"))
    text = re.sub(r"\s+", " ", "".join(parser.text))
    tags = parser.tags
    assert ("html", {"lang": "da"}) in tags
    assert [t for t, _ in tags].count("h1") == 1 and [t for t, _ in tags].count("main") == 1
    (entry,) = catalog_of(sample_public)["publications"]
    assert entry["title"] in text and str(entry["year"]) in text
    for theme in entry["themes"]:
        assert theme in text
    files = {f["role"]: f for f in entry["files"]}
    assert f"{danish.format_bytes(files['screen']['bytes'])})" in text
    assert f"{danish.format_bytes(files['print']['bytes'])})" in text
    assert "Hent rapporten" in text and "Trykfil" in text
    for tag, attrs in tags:
        if tag == "img":
            assert "alt" in attrs, attrs
        for key in ("href", "src"):
            link = attrs.get(key)
            if link and not link.startswith("#"):
                assert "://" not in link and not link.startswith("/"), link
                assert (out / link).is_file(), f"{link} does not exist"
    hrefs = {attrs.get("href") for tag, attrs in tags if tag == "a"}
    assert {files["screen"]["path"], files["print"]["path"]} <= hrefs
    srcs = {attrs.get("src") for tag, attrs in tags if tag == "img"}
    assert files["thumbnail"]["path"] in srcs


# ---------------------------------------------------------------------------- PDF readers


def test_every_pdf_opens_in_independent_readers(every_pdf: list[Path]) -> None:
    for tool in ("qpdf", "pdfinfo", "pdftotext"):
        assert shutil.which(tool), f"{tool} is missing: run 'make check-system'"
    assert len(every_pdf) == 4
    for path in every_pdf:
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                               check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors found" in check.stdout
        assert "WARNING" not in check.stdout + check.stderr

        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=False)
        assert info.returncode == 0 and info.stderr == "", info.stderr
        fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
        pages = int(fields["Pages"])
        assert fields["Tagged"].strip() == "yes"

        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, text=True, check=False)
        assert text.returncode == 0 and text.stderr == "", text.stderr
        assert text.stdout.count("\f") == pages
        assert fields["Title"].strip().split(":")[0] in text.stdout
        assert "æ" in text.stdout or "ø" in text.stdout

        document = pdfium.PdfDocument(path)
        try:
            assert len(document) == pages
            first = document[0]
            bitmap = first.render(scale=0.2)
            image = bitmap.to_pil().convert("L")
            assert image.getextrema()[0] < image.getextrema()[1], "page 1 is not blank"
            bitmap.close()
            first.close()
        finally:
            document.close()


def test_print_edition_has_a4_trim_and_3mm_bleed(every_pdf: list[Path]) -> None:
    for path in every_pdf:
        reader = pypdf.PdfReader(path)
        for number, pdf_page in enumerate(reader.pages, 1):
            trim, bleed, media = pdf_page.trimbox, pdf_page.bleedbox, pdf_page.mediabox
            assert abs(float(trim.width) - A4[0]) < 0.5, (path.name, number)
            assert abs(float(trim.height) - A4[1]) < 0.5, (path.name, number)
            if path.stem.endswith("-tryk"):
                for edge in ("left", "bottom"):
                    assert abs(float(getattr(trim, edge)) - float(getattr(bleed, edge))
                               - BLEED_PT) < 0.1, (path.name, number, edge)
                for edge in ("right", "top"):
                    assert abs(float(getattr(bleed, edge)) - float(getattr(trim, edge))
                               - BLEED_PT) < 0.1, (path.name, number, edge)
                assert "/TrimBox" in pdf_page and "/BleedBox" in pdf_page
            else:
                assert (float(media.width), float(media.height)) == pytest.approx(A4, abs=0.5)


def test_print_edition_bleeds_the_cover(every_pdf: list[Path]) -> None:
    """The cover and back cover run into the bleed (the bleed continues what is just
    inside the trim edge); ordinary pages leave the bleed white."""
    from PIL import ImageStat

    def row_mean(image: Any, y: int) -> list[float]:
        return ImageStat.Stat(image.crop((0, y, image.width, y + 1))).mean

    for path in every_pdf:
        if not path.stem.endswith("-tryk"):
            continue
        # The print file has a slug around the bleed (crop marks live there): measure
        # from the BleedBox, whatever the MediaBox around it.
        first = pypdf.PdfReader(path).pages[0]
        left = round(float(first.bleedbox.left) - float(first.mediabox.left))
        top = round(float(first.mediabox.top) - float(first.bleedbox.top))
        width = round(float(first.bleedbox.width))
        document = pdfium.PdfDocument(path)
        try:
            rows = []
            for index in (0, len(document) - 1, 2):   # cover, back cover, a text page
                pdf_page = document[index]
                bitmap = pdf_page.render(scale=1)     # 1 px = 1 pt; the bleed is 8.5 px
                image = bitmap.to_pil().convert("RGB")
                # Left to right between the crop marks, in the top bleed and inside the trim.
                strip = image.crop((left + 20, top, left + width - 20, top + 20))
                rows.append((row_mean(strip, 3), row_mean(strip, 12)))
                bitmap.close()
                pdf_page.close()
        finally:
            document.close()
        for bleed, inside in rows[:2]:
            assert min(bleed) < 240, (path.name, bleed)           # not paper white
            assert max(abs(a - b) for a, b in zip(bleed, inside, strict=True)) < 25
        assert min(rows[2][0]) > 254, (path.name, rows[2][0])


def test_image_resolution_per_edition(every_pdf: list[Path]) -> None:
    """Measured by poppler's pdfimages: screen ~150 ppi, print ~300 ppi at printed size."""
    for path in every_pdf:
        listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        ppis = [int(line.split()[12]) for line in listing]
        assert ppis, path.name
        if path.stem.endswith("-tryk"):
            assert min(ppis) >= 280, (path.name, ppis)
        else:
            assert all(140 <= ppi <= 160 for ppi in ppis), (path.name, ppis)
    sizes = {p.name: p.stat().st_size for p in every_pdf}
    assert sizes["vaerdiskabende-gentagelser.pdf"] < sizes["vaerdiskabende-gentagelser-tryk.pdf"]


# ---------------------------------------------------------------------------- accessibility


def test_screen_pdf_structure_is_accessible(mini_public: PublishResult,
                                            sample_public: PublishResult) -> None:
    for result, source in ((mini_public, MINI), (sample_public, SAMPLE)):
        for path in files_of(result, "screen"):
            reader = pypdf.PdfReader(path)
            root = reader.trailer["/Root"]
            assert root["/Lang"] == "da"
            assert root["/MarkInfo"]["/Marked"] in (True, "true")
            assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
            assert reader.outline, "bookmarks"
            elements = struct_elements(reader)
            roles = [str(e["/S"]) for e in elements]

            figures = [e for e in elements if e["/S"] == "/Figure"]
            assert all(str(f.get("/Alt", "")).strip() for f in figures), "every Figure has Alt"
            alts = {str(f["/Alt"]) for f in figures}
            assert markdown_alts(source) <= alts, "each image of the report is a Figure"
            placed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                                    text=True, check=True).stdout.splitlines()[2:]
            assert len(figures) >= len(placed)

            levels = [int(r[2]) for r in roles if re.fullmatch(r"/H[1-6]", r)]
            assert levels[0] == 1
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
            assert "/L" in roles and "/LI" in roles and "/Link" in roles


def test_sample_table_headers_are_tagged(sample_public: PublishResult) -> None:
    (path,) = files_of(sample_public, "screen")
    elements = struct_elements(pypdf.PdfReader(path))
    headers = [e for e in elements if e["/S"] == "/TH"]
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert [e for e in elements if e["/S"] == "/Table"]
    assert headers and cells
    ids = {str(h["/ID"]) for h in headers}
    for cell in cells:
        assert {str(i) for i in cell["/A"]["/Headers"]} <= ids
        assert cell["/A"]["/Headers"], "each data cell names its column header"


def test_pdf_ua1_validation_passes_on_every_screen_pdf(every_pdf: list[Path]) -> None:
    """page-validation's PDF/UA-1 profile (veraPDF's rules): zero failures on every screen
    edition (the print edition is PDF/X-4 for the print shop: tests/test_print.py)."""
    screens = [p for p in every_pdf if not p.stem.endswith("-tryk")]
    assert len(screens) == 2
    for path in screens:
        report = page.validate_pdf(path, profile="ua1")
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and failures == [], (path.name, failures)
        assert report.rules.total > 50


def test_links_with_inline_markup_stay_accessible(tmp_path: Path) -> None:
    """A Markdown link around emphasis: WeasyPrint tags the inner part as NonStruct;
    pdf.py's finisher makes it a Link, so PDF/UA-1 still passes."""
    report = tmp_path / "links"
    shutil.copytree(MINI, report)
    chapter = report / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") +
                       "\nSe [et *godt* eksempel](https://almennet.dk) her.\n", "utf-8")
    result = publish([report], tmp_path / "public")
    assert not result.failures, result.failures
    data = (tmp_path / "public" / "links" / "links.pdf").read_bytes()
    report_ua = page.validate_pdf_bytes(data, profile="ua1")
    assert report_ua.is_compliant, [f.rule_id for f in report_ua.failures]
    reader = pypdf.PdfReader(io.BytesIO(data))
    annotations = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    external = [a for a in annotations if "/URI" in a.get("/A", {})]
    assert len(external) >= 2, "the link and its emphasised part"


def test_an_unchanged_report_is_not_rebuilt_and_a_changed_one_is(tmp_path: Path) -> None:
    """publish skips an unchanged report as build does: same bytes, nothing rendered;
    an edit, a file added by hand to its folder, or --force rebuilds it."""
    report = tmp_path / "mini"
    shutil.copytree(MINI, report)
    out = tmp_path / "public"
    first = publish([report], out)
    assert [p.slug for p in first.published] == ["mini"] and not first.up_to_date
    before = folder_snapshot(out)
    again = publish([report], out)
    assert again.up_to_date == ("mini",) and not again.published
    assert folder_snapshot(out) == before

    (out / "mini" / "noter.txt").write_text("lagt her i hånden", "utf-8")
    by_hand = publish([report], out)
    assert [p.slug for p in by_hand.published] == ["mini"]
    assert not (out / "mini" / "noter.txt").exists() and folder_snapshot(out) == before

    forced = publish([report], out, force=True)
    assert [p.slug for p in forced.published] == ["mini"] and folder_snapshot(out) == before

    chapter = report / "01-indledning.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nEt nyt afsnit om engen.\n", "utf-8")
    edited = publish([report], out)
    assert [p.slug for p in edited.published] == ["mini"] and not edited.up_to_date
    pdf = out / "mini" / "mini.pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Et nyt afsnit om engen." in text
