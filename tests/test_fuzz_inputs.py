"""Property tests for hostile and careless inputs: YAML aliases, dates, file names and
nesting never end in a traceback; they load, or fail with one of our located findings."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline.check import check_report
from pipeline.errors import Diagnostics
from pipeline.load import parse_yaml
from pipeline.markdown import render_markdown
from pipeline.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])

NAME = st.text(alphabet="abcxyz", min_size=1, max_size=3)
SCALAR = st.one_of(st.integers(-5, 5).map(str), st.sampled_from(["lol", "'x'", "~", "ja"]))


@st.composite
def yaml_with_aliases(draw: st.DrawFn) -> str:
    """Keys with anchors, aliases (defined, undefined, self-referencing) and merges."""
    lines = []
    anchors: list[str] = []
    for index in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["plain", "anchor", "alias", "self", "merge", "list"]))
        anchor = draw(NAME)
        if kind == "plain":
            lines.append(f"k{index}: {draw(SCALAR)}")
        elif kind == "anchor":
            anchors.append(anchor)
            lines.append(f"k{index}: &{anchor} [{draw(SCALAR)}, {draw(SCALAR)}]")
        elif kind == "alias":
            target = draw(st.sampled_from(anchors)) if anchors and draw(st.booleans()) \
                else anchor
            lines.append(f"k{index}: [*{target}, *{target}]")
        elif kind == "self":
            lines.append(f"k{index}: &{anchor} [*{anchor}]")
        elif kind == "merge":
            lines.append(f"k{index}: {{<<: *{anchor}, a: 1}}")
        else:
            lines.append(f"k{index}:\n  - {draw(SCALAR)}\n  - &{anchor} {draw(SCALAR)}")
    return "\n".join(lines) + "\n"


@FAST
@given(text=yaml_with_aliases())
def test_yaml_with_aliases_is_refused_where_the_first_one_is(text: str) -> None:
    diags = Diagnostics()
    doc = parse_yaml(text, Path("report.yaml"), 0, diags)
    if "&" in text or "*" in text:
        assert doc is None
        [finding] = diags.items
        assert finding.code in ("yaml-alias", "yaml-syntax", "duplicate-key")
        assert finding.line is not None and finding.column is not None
        line = text.split("\n")[finding.line - 1]
        if finding.code == "yaml-alias":
            assert line[finding.column - 1] in "&*"
    else:
        assert doc is not None or diags.items


@FAST
@given(year=st.integers(0, 9999), month=st.integers(0, 99), day=st.integers(0, 99))
def test_any_date_loads_or_is_a_located_bad_date(year: int, month: int, day: int) -> None:
    text = f"title: T\ndate: {year:04d}-{month:02d}-{day:02d}\n"
    diags = Diagnostics()
    doc = parse_yaml(text, Path("report.yaml"), 0, diags)
    try:
        expected: dt.date | None = dt.date(year, month, day)
    except ValueError:
        expected = None
    if expected is None:
        assert doc is None
        assert [(d.code, d.line, d.column) for d in diags.items] == [("bad-date", 2, 7)]
    else:
        assert doc is not None and doc.data["date"] == expected


FILE_NAME = st.text(alphabet="abæøåÆØÅ -_.é1", min_size=1, max_size=12).filter(
    lambda s: s.strip(" .") == s and not s.startswith("-"))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stem=FILE_NAME, angle=st.booleans())
def test_image_names_with_danish_letters_and_spaces_are_found(
        stem: str, angle: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, folder)
    name = f"images/{stem}.png"
    Image.new("RGB", (2100, 100), "white").save(folder / name)
    written = f"<{name}>" if angle or " " in name else name
    chapter = folder / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + f"\n![Billede]({written} \"Tekst\")\n",
                       "utf-8")
    result = check_report(folder)
    assert result.errors == [], [d.format(folder) for d in result.errors]


@FAST
@given(structure=st.lists(st.sampled_from(["fakta", "citat", "close", "text", "quote",
                                           "list"]), max_size=12))
def test_any_nesting_of_boxes_is_refused_or_keeps_every_text(
        structure: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    report_copy = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, report_copy)
    lines, depth, words = [], 0, []
    for index, part in enumerate(structure):
        if part in ("fakta", "citat"):
            lines.append(f"::: {part}")
            depth += 1
        elif part == "close":
            lines.append(":::")
            depth = max(depth - 1, 0)
        else:
            word = f"ord{index}x"
            words.append(word)
            prefix = {"text": "", "quote": "> ", "list": "- "}[part]
            lines.append(f"\n{prefix}{word}\n")
    lines.extend([":::"] * depth)
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\n" + "\n".join(lines) + "\n", "utf-8")
    result = check_report(report_copy)  # never raises for problems in the report
    if result.errors:
        assert {d.code for d in result.errors} <= {"nested-directive", "stray-close",
                                                   "unclosed-directive", "too-deep"}
        assert all(d.line is not None for d in result.errors)
        return
    html = render_markdown(chapter.read_text("utf-8").split("---\n", 2)[2]).html
    for word in words:
        assert word in html, f"{word} vanished"
    assert ":::" not in html
