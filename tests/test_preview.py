"""``almen preview``: the server API over HTTP, the file watcher, Ctrl-C, and the page in a
real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main
from pipeline.paths import PROJECT_ROOT
from pipeline.preview import ChangeFilter, PreviewServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAIT_S = 30.0   # upper bound for one render to show up; renders of the mini report take ~1 s
BROKEN_YEAR = ("year: 2024", "year: tyvetyve")   # report.yaml line 3, column 7


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url``: status, content type, body (also for 4xx answers)."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get_content_type(), exc.read()


def status(server: PreviewServer) -> dict:
    code, kind, body = fetch(server.url + "status")
    assert code == 200 and kind == "application/json"
    return json.loads(body)


def wait_for(server: PreviewServer, what: str, ok: Callable[[dict], bool]) -> dict:
    """Poll /status until ``ok`` holds (bounded by WAIT_S)."""
    deadline = time.monotonic() + WAIT_S
    current = status(server)
    while not ok(current):
        if time.monotonic() > deadline:
            pytest.fail(f"preview never reached '{what}' within {WAIT_S:.0f} s; "
                        f"last status: {current}")
        time.sleep(0.1)
        current = status(server)
    return current


def pdf_text(data: bytes) -> str:
    """The PDF's text with line-end hyphenation undone, on one line."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    text = re.sub(r"[-\u00ad]\s*\n\s*", "", text.replace("\u00ad", ""))
    return re.sub(r"\s+", " ", text)


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def append(file: Path, text: str) -> None:
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def preview(report_copy: Path, tmp_path: Path) -> Iterator[PreviewServer]:
    with PreviewServer(report_copy, port=0, out_dir=tmp_path / "out") as server:
        yield server


def test_serves_pages_follows_edits_and_keeps_last_good_pages_on_error(
        preview: PreviewServer, report_copy: Path) -> None:
    first = wait_for(preview, "first render", lambda s: s["version"] >= 1)
    assert first["error"] is None and first["title"] == "Lille testrapport"
    assert first["pages"] == len(first["page_sizes"]) >= 2

    code, kind, page = fetch(preview.url)
    assert code == 200 and kind == "text/html"
    html = page.decode()
    assert '<html lang="da">' in html and "Forhåndsvisning · Lille testrapport" in html
    assert '<script src="/preview/preview.js"' in html
    code, kind, script = fetch(preview.url + "preview/preview.js")
    assert code == 200 and kind == "text/javascript"
    assert 'new EventSource("/events")' in script.decode()
    code, kind, _ = fetch(preview.url + "assets/fonts/lato/Lato-Bold.ttf")
    assert code == 200 and kind == "font/ttf"

    code, kind, pdf = fetch(preview.url + "report.pdf")
    assert code == 200 and kind == "application/pdf"
    assert pdf_pages(pdf) == first["pages"]
    assert "Lille testrapport" in pdf_text(pdf)

    code, kind, png = fetch(preview.url + f"pages/1.png?v={first['version']}")
    assert code == 200 and kind == "image/png"
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == tuple(first["page_sizes"][0]) == (794, 1123)   # A4 at 96 dpi
        # The cover: mostly the brand's deep green field, not a blank page.
        assert image.convert("RGB").getpixel((400, 1000)) != (255, 255, 255)
    assert fetch(preview.url + f"pages/{first['pages'] + 1}.png")[0] == 404
    assert fetch(preview.url + "nothing-here")[0] == 404
    assert fetch(preview.url + "assets/../pyproject.toml")[0] == 404

    # The event stream starts with the current status.
    with urllib.request.urlopen(preview.url + "events", timeout=20) as events:
        assert events.headers.get_content_type() == "text/event-stream"
        lines = []
        while not (lines and lines[-1].startswith("data: ")):
            lines.append(events.readline().decode().strip())
        assert json.loads(lines[-1].removeprefix("data: "))["version"] == first["version"]

    # An edit to a chapter: a new version with the new text and more pages.
    chapter = report_copy / "01-indledning.md"
    append(chapter, "\n\n## Zebuflokken på engen\n\n" + "\n\n".join(
        f"Afsnit {n} om zebuflokken, der græsser på engen bag blok {n}. " * 6
        for n in range(1, 25)) + "\n")
    edited = wait_for(preview, "a render with the edit",
                      lambda s: s["version"] > first["version"] and s["error"] is None
                      and "Zebuflokken" in pdf_text(fetch(preview.url + "report.pdf")[2]))
    assert edited["pages"] > first["pages"]
    pdf = fetch(preview.url + "report.pdf")[2]
    assert pdf_pages(pdf) == edited["pages"]
    assert fetch(preview.url + f"pages/{edited['pages']}.png")[0] == 200

    # A broken report: the error with file:line:col, the last good pages still served.
    config = report_copy / "report.yaml"
    good_yaml = config.read_text(encoding="utf-8")
    config.write_text(good_yaml.replace(*BROKEN_YEAR), encoding="utf-8")
    broken = wait_for(preview, "the error", lambda s: s["error"] is not None)
    assert re.search(r"report\.yaml:3:7: error: 'year' must be a whole number", broken["error"])
    assert broken["diagnostics"][0]["line"] == 3
    assert broken["version"] >= edited["version"] and broken["pages"] >= edited["pages"]
    assert fetch(preview.url + "pages/1.png")[0] == 200
    assert "Zebuflokken" in pdf_text(fetch(preview.url + "report.pdf")[2])

    # Fixed again: the error is gone and a new version is out.
    config.write_text(good_yaml, encoding="utf-8")
    fixed = wait_for(preview, "the fix", lambda s: s["error"] is None
                     and s["version"] > broken["version"])
    assert fixed["pages"] == edited["pages"]

    # The port is taken now: a clear message, not a traceback.
    with pytest.raises(click.ClickException, match=r"cannot listen on .*--port 0"):
        PreviewServer(report_copy, port=preview.port).start()


def test_watch_filter_ignores_temp_files_dist_and_other_layouts(tmp_path: Path) -> None:
    report, layouts, assets = tmp_path / "r", tmp_path / "layouts", tmp_path / "assets"
    for folder in (report, layouts, assets):
        folder.mkdir()
    relevant = ChangeFilter(report, "almenrapport", layouts_dir=layouts,
                            assets_dir=assets).relevant
    assert ChangeFilter(report, layouts_dir=layouts, assets_dir=assets).roots() == [
        report.resolve(), layouts.resolve(), assets.resolve()]
    for path in (report / "01-indledning.md", report / "report.yaml",
                 report / "images" / "forside.jpg", layouts / "almenrapport" / "style.css",
                 layouts / "_brand" / "tokens.css", layouts / "_base" / "base.html.j2",
                 assets / "fonts" / "lato" / "Lato-Bold.ttf"):
        assert relevant(path), path
    for path in (report / ".01-indledning.md.swp", report / "01-indledning.md~",
                 report / "4913", report / ".#01-indledning.md", report / "#notes.md#",
                 report / ".report.yaml.tmp", report / "dist" / "r.pdf",
                 report / "dist", report / ".git" / "index",
                 layouts / "faktaark" / "style.css", layouts / "README.md",
                 tmp_path / "elsewhere.md"):
        assert not relevant(path), path


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # as a background job without a terminal


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_sigint_and_sigterm_stop_the_command_cleanly_without_a_terminal(
        report_copy: Path, sig: signal.Signals, code: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "preview", str(report_copy), "--port", "0",
         "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL, cwd=PROJECT_ROOT, preexec_fn=_ignore_sigint,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        line = ""
        while not (match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line)):
            more = process.stdout.readline()
            assert more, "the command ended without printing its address"
            line += more
        url = match.group(1)
        deadline = time.monotonic() + WAIT_S
        while json.loads(fetch(url + "status")[2])["version"] < 1:
            assert time.monotonic() < deadline, "no first render"
            time.sleep(0.1)
        process.send_signal(sig)
        out, err = process.communicate(timeout=WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == code, err
    assert "Traceback" not in err and "forhåndsvisningen er stoppet" in err
    assert "version 1:" in line + out


def request(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=20) as response:
            return response.status, response.read(200)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


def test_foreign_host_and_origin_are_refused(preview: PreviewServer) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends
    ``Host: evil.example:PORT``; it must not read the draft PDF, /status or the events."""
    port = preview.port
    wait_for(preview, "first render", lambda s: s["version"] >= 1)
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                 f"localhost.evil.example:{port}", ""):
        for path in ("", "status", "report.pdf", "pages/1.png", "events"):
            code, body = request(preview.url + path, {"Host": host})
            assert code == 403, (host, path, code)
            assert "Adgang nægtet" in body.decode()
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert request(preview.url + "status", {"Host": host})[0] == 200
    code, _ = request(preview.url + "events", {"Origin": "http://evil.example"})
    assert code == 403
    code, _ = request(preview.url + "events", {"Origin": f"http://localhost:{port}"})
    assert code == 200


def test_an_exception_in_the_render_thread_shows_and_rendering_resumes(
        preview: PreviewServer, report_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = wait_for(preview, "first render", lambda s: s["version"] >= 1)
    import pipeline.preview.server as module

    original = module._report_yaml
    calls = []

    def raise_once(folder: Path) -> dict:
        calls.append(folder)
        if len(calls) == 1:
            raise ValueError("day is out of range for month")
        return original(folder)

    monkeypatch.setattr(module, "_report_yaml", raise_once)
    append(report_copy / "02-case.md", "\nEn ny sætning.\n")
    broken = wait_for(preview, "error banner", lambda s: s["error"] is not None)
    assert "ValueError" in broken["error"] and broken["version"] == first["version"]
    # A real impossible date in report.yaml (the loader's ValueError path), then fixed.
    yaml_file = report_copy / "report.yaml"
    good = yaml_file.read_text("utf-8")
    yaml_file.write_text(good + "date: 2024-02-31\n" if "date:" not in good
                         else re.sub(r"date: .*", "date: 2024-02-31", good), "utf-8")
    wait_for(preview, "error for the bad date",
             lambda s: s["error"] is not None and not s["building"] and len(calls) >= 2)
    yaml_file.write_text(good, "utf-8")
    fixed = wait_for(preview, "render after the fix", lambda s: s["version"] > first["version"]
                     and s["error"] is None)
    assert "En ny sætning" in pdf_text(fetch(preview.url + "report.pdf")[2])
    assert fixed["pages"] >= 2


def test_preview_needs_a_report_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(tmp_path), "--no-open"])
    assert result.exit_code == 1
    assert "not a report folder (no report.yaml)" in result.output


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs Debian's chromium at /usr/bin/chromium "
                           "(make test installs it: apt-get install chromium)")
def test_page_in_headless_chromium_follows_edits_and_shows_errors(
        preview: PreviewServer, report_copy: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(WAIT_S * 1000)
            expect.set_options(timeout=WAIT_S * 1000)
            page.goto(preview.url)
            expect(page.locator("html")).to_have_attribute("lang", "da")
            state = page.locator("#status")
            expect(state).not_to_have_attribute("data-version", "0")
            first = status(preview)
            expect(page.locator("#title")).to_have_text("Lille testrapport")
            expect(page.locator("#pages img")).to_have_count(first["pages"])
            expect(page.locator("#status-text")).to_contain_text(f"{first['pages']} sider")
            page.wait_for_function(   # the first page image really loaded
                "document.querySelector('#pages img').naturalWidth === 794")
            assert page.locator("#error-banner").is_hidden()

            # Edit a chapter: the page follows without a reload.
            page.evaluate("window.notReloaded = true")
            append(report_copy / "02-case.md", "\n\nEt nyt afsnit om Kvækkefrøerne i "
                   "regnbedet.\n")
            page.wait_for_function(f"Number(document.querySelector('#status').dataset"
                                   f".version) > {first['version']}")
            now = status(preview)
            assert now["error"] is None
            expect(page.locator("#pages img")).to_have_count(now["pages"])
            code, _, pdf = fetch(preview.url + "report.pdf")
            assert code == 200 and "Kvækkefrøerne" in pdf_text(pdf)
            # Only the edited chapter's pages get new images; page 1 keeps its own.
            edited = next(i for i, p in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages)
                          if "Kvækkefrøerne" in (p.extract_text() or ""))
            assert now["page_versions"][edited] == now["version"]
            assert now["page_versions"][0] == first["version"]
            images = page.locator("#pages img")
            images.nth(edited).scroll_into_view_if_needed()
            for index in (0, edited):
                expect(images.nth(index)).to_have_attribute("src", re.compile(
                    rf"/pages/{index + 1}\.png\?v={now['page_versions'][index]}&"))
            page.wait_for_function("(i) => document.querySelectorAll('#pages img')[i]"
                                   ".naturalWidth === 794", arg=edited)
            assert page.evaluate("window.notReloaded") is True

            # Break the report: the banner with file:line:col; the pages stay.
            config = report_copy / "report.yaml"
            good_yaml = config.read_text(encoding="utf-8")
            config.write_text(good_yaml.replace(*BROKEN_YEAR), encoding="utf-8")
            banner = page.locator("#error-banner")
            expect(banner).to_be_visible()
            expect(banner).to_contain_text("Rapporten kunne ikke bygges")
            expect(page.locator("#error-text")).to_contain_text(
                re.compile(r"report\.yaml:3:7: error: 'year' must be a whole number"))
            expect(page.locator("#pages img")).to_have_count(now["pages"])
            assert page.evaluate("document.querySelector('#pages img').naturalWidth") == 794

            # Fix it: the banner goes away.
            config.write_text(good_yaml, encoding="utf-8")
            expect(banner).to_be_hidden()
            expect(state).to_have_attribute("data-error", "0")
            assert page.evaluate("window.notReloaded") is True
        finally:
            browser.close()


def _pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").tobytes()


def test_after_an_edit_every_page_image_equals_a_full_builds(
        preview: PreviewServer, report_copy: Path, tmp_path: Path) -> None:
    """Only the edited chapter's images are made again (from a PDF of just those pages);
    the others are carried over. Either way each image has the same pixels as that page
    of a full ``almen build`` of the edited report, and /report.pdf is the whole report."""
    import pypdfium2 as pdfium

    from pipeline import build

    first = wait_for(preview, "first render", lambda s: s["version"] >= 1)
    for number in range(1, first["pages"] + 1):   # the images the browser had
        assert fetch(preview.url + f"pages/{number}.png")[0] == 200
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8").replace(
        "Tekst om eksemplet.", "Tekst om Kvækkefrøerne."), "utf-8")
    now = wait_for(preview, "the edit", lambda s: s["version"] > first["version"]
                   and not s["building"] and not s["writing"])
    assert now["error"] is None and now["pages"] == first["pages"]
    changed = {i for i, v in enumerate(now["page_versions"]) if v == now["version"]}
    assert changed and len(changed) < now["pages"]   # a partial render: pages kept

    full = build(report_copy, tmp_path / "full", force=True).pdf_path.read_bytes()
    assert pdf_pages(fetch(preview.url + "report.pdf")[2]) == now["pages"]
    document = pdfium.PdfDocument(full)
    try:
        for index in range(now["pages"]):
            bitmap = document[index].render(scale=96 / 72)
            expected = bitmap.to_pil().convert("RGB").tobytes()
            png = fetch(preview.url + f"pages/{index + 1}.png")[2]
            assert _pixels(png) == expected, f"page {index + 1}"
    finally:
        document.close()
    edited = next(i for i, p in enumerate(pypdf.PdfReader(io.BytesIO(full)).pages)
                  if "Kvækkefrøerne" in (p.extract_text() or ""))
    assert edited in changed


def test_the_browser_tells_which_pages_it_shows(preview: PreviewServer) -> None:
    port = preview.port

    def post(path: str, headers: dict[str, str]) -> int:
        try:
            with urllib.request.urlopen(urllib.request.Request(
                    preview.url + path, data=b"", headers=headers), timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code

    assert post("focus?pages=3,4", {"Host": f"evil.example:{port}"}) == 403
    assert post("focus?pages=3,4", {"Origin": "http://evil.example"}) == 403
    assert preview._focus == ()
    assert post("focus?pages=3,4,x", {}) == 204
    assert preview._focus == (3, 4)


def test_the_preview_shows_the_web_edition_and_follows_edits(
        preview: PreviewServer, report_copy: Path) -> None:
    """/web/ is the report's web edition as the files are now: its page, its own
    stylesheet and fonts from its folder, rebuilt after an edit; a broken report says why."""
    wait_for(preview, "first render", lambda s: s["version"] >= 1)
    code, kind, page = fetch(preview.url + "web/")
    assert code == 200 and kind == "text/html"
    html = page.decode()
    assert '<html lang="da"' in html and "Lille testrapport" in html
    css = re.search(r'href="(web/[^"]+\.css)"', html)
    assert css and fetch(preview.url + "web/" + css.group(1))[0] == 200
    assert fetch(preview.url + "web/../report.yaml")[0] == 404
    code, _, main_page = fetch(preview.url)
    assert 'href="/web/"' in main_page.decode()

    append(report_copy / "01-indledning.md", "\n\nEt afsnit om zebuflokken på engen.\n")
    assert "zebuflokken" in fetch(preview.url + "web/")[2].decode()
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8").replace(*BROKEN_YEAR), "utf-8")
    code, _, body = fetch(preview.url + "web/")
    assert code == 409 and "report.yaml:3:7" in body.decode()
