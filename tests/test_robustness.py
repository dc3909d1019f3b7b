"""Bad input never loses output: random input, interrupted and concurrent builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import PipelineError, build
from pipeline.check import check_report
from pipeline.html import render_html
from pipeline.layout import load_layout
from pipeline.load import load_report
from pipeline.markdown import render_markdown

MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#### ", "- ", "1. ", "> ", "::: fakta", "::: citat", ":::",
    "::: fatka", "— Navn, rolle", "[^1]", "[^1]: note", "![alt](images/figur.png \"T\")",
    "![](x.png)", "[link](#kap)", "[l](file:///etc/passwd)", "<b>html</b>", "<img src=x>",
    "| a | b |", "|---|---|", "```", "*", "**", "\"", "'", "...", "--", "æøå", "\n", "\n\n",
    "    ", "\t", "{{ jinja }}", "{% raw %}", "</article>", "&amp;", "\\", "[^x]",
])
MARKDOWN = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=12)), max_size=40).map("".join)
FRONT_MATTER = st.fixed_dictionaries({}, optional={
    "title": st.one_of(st.text(max_size=20), st.integers(), st.none()),
    "kind": st.sampled_from(["chapter", "meeting", "case", "kase", "", "1"]),
    "date": st.sampled_from(["2023-05-09", "i maj", "2023-13-45", "", "[1, 2]"]),
    "place": st.text(max_size=10),
    "organisation": st.text(max_size=10),
    "extra": st.text(max_size=5),
})


def yaml_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWN)
def test_any_markdown_renders_to_html_or_our_error(text: str) -> None:
    result = render_markdown(text, id_prefix="kap")
    assert isinstance(result.html, str)
    assert "<script" not in result.html and "<img src=x>" not in result.html


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(front=FRONT_MATTER, body=MARKDOWN)
def test_any_chapter_checks_and_renders_or_fails_with_our_error(
        report_copy: Path, tmp_path: Path, front: dict, body: str) -> None:
    lines = [f"{key}: {yaml_value(value)}" for key, value in front.items()]
    (report_copy / "02-case.md").write_text("---\n" + "\n".join(lines) + "\n---\n" + body,
                                           "utf-8")
    result = check_report(report_copy)  # must never raise
    if result.errors:
        return
    try:
        report = load_report(report_copy)
        render_html(report, load_layout(report.meta.layout), tmp_path / "out")
    except PipelineError:
        pass


def test_some_random_chapters_render_all_the_way_to_pdf(report_copy: Path,
                                                        tmp_path: Path) -> None:
    """A few fixed tricky bodies through WeasyPrint too (rendering is slow for hypothesis)."""
    bodies = ["> " * 30 + "dybt\n", "- " * 30 + "liste\n", "{{ x }} {% if %} </article>\n",
              "| a |\n|---|\n" + "| x |\n" * 200, "[^1]\n\n[^1]: " + "lang note " * 300]
    for index, body in enumerate(bodies):
        (report_copy / "02-case.md").write_text(
            f"---\ntitle: Test {index}\nkind: case\norganisation: X\n---\n{body}", "utf-8")
        try:
            result = build(report_copy, tmp_path / "out")
        except PipelineError:
            continue
        assert len(pypdf.PdfReader(result.pdf_path).pages) >= 4


def _spawn_build(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(folder),
                             "--out", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


# A driver that runs ``almen`` with a fault injected into pipeline.atomic, so a signal can
# hit an exact moment: "pause-writing" stops after the second temporary file is complete
# (before any rename) and says PAUSED; "signal-renaming-N" sends itself signal N just
# after the first rename (the renames must then all complete before it takes effect).
DRIVER = """
import os, signal, sys, time
import pipeline.atomic as atomic
mode, args = sys.argv[1], sys.argv[2:]
if mode == "pause-writing":
    original, count = atomic._write_temp, [0]
    def slow(tmp, data):
        original(tmp, data)
        count[0] += 1
        if count[0] == 2:
            sys.stderr.write("PAUSED\\n")
            sys.stderr.flush()
            time.sleep(120)
    atomic._write_temp = slow
elif mode.startswith("signal-renaming-"):
    number = int(mode.rsplit("-", 1)[1])
    class Journal(list):
        def append(self, item):
            super().append(item)
            if len(self) == 1:
                os.kill(os.getpid(), number)
    atomic.journal = Journal()
from pipeline.cli import main
main(args, prog_name="almen")
"""
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -9}
OUTPUTS = [".mini.build.json", "mini.html", "mini.pdf"]


def _spawn(tmp_path: Path, mode: str, *args: str) -> subprocess.Popen[bytes]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    return subprocess.Popen([sys.executable, str(driver), mode, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)


def _wait_for_line(process: subprocess.Popen[bytes], marker: bytes) -> bytes:
    """Read stderr until a line containing ``marker`` (the build's progress lines)."""
    assert process.stderr is not None
    seen = b""
    while marker not in seen:
        line = process.stderr.readline()
        if not line:
            pytest.fail(f"the process ended before {marker!r}: {seen.decode()}")
        seen += line
    return seen


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


@pytest.fixture
def built_twice(report_copy: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A good build (PDF, HTML, manifest), then a changed chapter waiting to be built."""
    out = tmp_path / "out"
    first = build(report_copy, out, html=True)
    before = {name: (first.pdf_path.parent / name).read_bytes() for name in OUTPUTS}
    (report_copy / "02-case.md").write_text(
        "---\ntitle: Ny\nkind: case\norganisation: X\n---\n" + "Mere tekst. " * 3000, "utf-8")
    return out, before


def _assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    folder = out / "mini"
    assert sorted(os.listdir(folder)) == OUTPUTS, "no temporary file is left"
    for name, data in before.items():
        assert (folder / name).read_bytes() == data, f"{name} changed"


@pytest.mark.parametrize(("stage", "sig"), [
    (b"checking", signal.SIGTERM), (b"laying out pages", signal.SIGINT),
    (b"laying out pages", signal.SIGTERM), (b"laying out pages", signal.SIGKILL)])
def test_signals_during_checking_and_layout_change_nothing(
        built_twice: tuple[Path, dict[str, bytes]], report_copy: Path, tmp_path: Path,
        stage: bytes, sig: signal.Signals) -> None:
    out, before = built_twice
    process = _spawn(tmp_path, "plain", "build", str(report_copy), "--out", str(out),
                     "--html")
    _wait_for_line(process, stage)
    children = _children(process.pid)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)   # no child left holding the pipe
    assert process.returncode == EXIT[sig], stderr.decode()
    _assert_untouched(out, before)
    if sig != signal.SIGKILL:
        assert "ingen filer blev ændret" in stderr.decode()
        assert b"Traceback" not in stderr and b"internal error" not in stderr
    deadline = time.monotonic() + 20
    while not all(_gone(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(child) for child in children), "the render worker outlived its parent"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_signal_while_writing_the_temporary_files_changes_nothing(
        built_twice: tuple[Path, dict[str, bytes]], report_copy: Path, tmp_path: Path,
        sig: signal.Signals) -> None:
    out, before = built_twice
    process = _spawn(tmp_path, "pause-writing", "build", str(report_copy), "--out",
                     str(out), "--html")
    _wait_for_line(process, b"PAUSED")
    assert len(list((out / "mini").glob(".*.tmp"))) == 2, "paused with two temp files"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT[sig], stderr.decode()
    if sig == signal.SIGKILL:
        # Nothing can clean up after SIGKILL; the outputs are still the old ones, and the
        # next run removes the dead process's temporary files.
        for name, data in before.items():
            assert (out / "mini" / name).read_bytes() == data
        assert len(list((out / "mini").glob(".*.tmp"))) == 2
        build(report_copy, out, html=True)
        assert sorted(os.listdir(out / "mini")) == OUTPUTS
        return
    assert "afbrudt" in stderr.decode() and "ingen filer blev ændret" in stderr.decode()
    _assert_untouched(out, before)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_the_renames_replaces_all_and_says_so(
        built_twice: tuple[Path, dict[str, bytes]], report_copy: Path, tmp_path: Path,
        sig: signal.Signals) -> None:
    out, before = built_twice
    process = _spawn(tmp_path, f"signal-renaming-{int(sig)}", "build", str(report_copy),
                     "--out", str(out), "--html")
    _, stderr = process.communicate(timeout=120)
    message = stderr.decode()
    assert process.returncode == EXIT[sig], message
    folder = out / "mini"
    assert sorted(os.listdir(folder)) == OUTPUTS
    for name in OUTPUTS:   # all three replaced together, none left behind
        assert (folder / name).read_bytes() != before[name], name
    assert "Mere tekst" in (folder / "mini.html").read_text("utf-8")
    assert "er erstattet" in message and "mini.pdf" in message and "mini.html" in message
    assert "ingen filer blev ændret" not in message


def test_two_builds_at_once_do_not_corrupt_each_other(report_copy: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ThreadPoolExecutor(2) as pool:
        processes = list(pool.map(lambda _: _spawn_build(report_copy, out), range(2)))
    for process in processes:
        process.communicate(timeout=120)
        assert process.returncode == 0
    pdf = out / "mini" / "mini.pdf"
    reader = pypdf.PdfReader(pdf)
    assert "Lille testrapport" in reader.pages[0].extract_text()
    assert sorted(os.listdir(pdf.parent)) == [".mini.build.json", "mini.pdf"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_signal_during_publish_keeps_the_old_folder(report_copy: Path, tmp_path: Path,
                                                    sig: signal.Signals) -> None:
    from pipeline.publishing import publish

    out = tmp_path / "site" / "public"
    publish([report_copy], out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # --force: the report is unchanged, and an unchanged report is not rebuilt
    process = _spawn(tmp_path, "plain", "publish", str(report_copy), "--out", str(out),
                     "--jobs", "1", "--force")
    _wait_for_line(process, b"rendering the print edition")
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT[sig], stderr.decode()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    if sig == signal.SIGTERM:
        assert "afbrudt af SIGTERM; ingen filer blev ændret" in stderr.decode()
        assert sorted(os.listdir(out.parent)) == [".public.lock", "public"]
    else:   # a killed run leaves its staging folder; the next run removes it
        assert any(n.startswith(".public.staging-") for n in os.listdir(out.parent))
        publish([report_copy], out)
        assert sorted(os.listdir(out.parent)) == [".public.lock", "public"]
