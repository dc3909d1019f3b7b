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


def test_killed_and_interrupted_builds_leave_the_previous_pdf(report_copy: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(report_copy, out)
    before = first.pdf_path.read_bytes()
    (report_copy / "02-case.md").write_text(
        "---\ntitle: Ny\nkind: case\norganisation: X\n---\n" + "Mere tekst. " * 3000, "utf-8")
    for sig, delay in ((signal.SIGINT, 0.8), (signal.SIGKILL, 0.8), (signal.SIGTERM, 1.2)):
        process = _spawn_build(report_copy, out)
        time.sleep(delay)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode != 0, f"{sig!r}: the build finished before the signal"
        assert first.pdf_path.read_bytes() == before, sig
        assert sorted(os.listdir(first.pdf_path.parent)) == [".mini.build.json", "mini.pdf"], sig
        assert b"Traceback" not in stderr, stderr.decode()


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
