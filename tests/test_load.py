"""Loading validates report.yaml and front matter into typed objects, with locations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import ReportError, load_report
from pipeline.errors import Diagnostics
from pipeline.model import Kind


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ReportError) as info:
        load_report(folder)
    return [d.format(folder) for d in info.value.diagnostics]


def test_mini_report_loads_into_typed_objects(report_copy: Path) -> None:
    report = load_report(report_copy)
    assert report.meta.title == "Lille testrapport"
    assert report.meta.year == 2024
    assert report.meta.date == dt.date(2024, 3, 1)
    assert report.meta.contact is not None and report.meta.contact.email == "test@almennet.dk"
    assert report.meta.themes == ("Drift og administration › Drift og vedligehold",)
    assert [c.kind for c in report.chapters] == [Kind.CHAPTER, Kind.CASE]
    assert report.chapters[1].organisation == "Boligselskabet Test"
    assert report.chapters[0].body_line == 5
    assert report.meta.layout == "almenrapport" and report.meta.series == "AlmenRapport"


def test_all_errors_are_reported_at_once_with_file_and_line(report_copy: Path) -> None:
    (report_copy / "report.yaml").write_text(
        "title: X\nyear: tyve\nstatus: Færdig\nlayuot: almenrapport\n"
        "contact:\n  name: A\n  email: ikke-en-mail\n", "utf-8")
    messages = errors_of(report_copy)
    assert "report.yaml:2:7: error: 'year' must be a whole number, not 'tyve'" in messages[0]
    assert any(m.startswith("report.yaml:3:9: error: status must be one of") for m in messages)
    assert any("report.yaml:4:1: error: unknown key 'layuot'" in m
               and "did you mean 'layout'?" in m for m in messages)
    assert any(m.startswith("report.yaml:7:10: error: 'ikke-en-mail' is not a valid e-mail")
               for m in messages)


def test_yaml_syntax_error_names_the_line(report_copy: Path) -> None:
    (report_copy / "report.yaml").write_text("title: X\nyear: 2023\nthemes: [a, b\n", "utf-8")
    [message] = errors_of(report_copy)
    assert message.startswith("report.yaml:4:1: error: invalid YAML")


def test_missing_required_keys(report_copy: Path) -> None:
    (report_copy / "report.yaml").write_text("subtitle: Uden titel\n", "utf-8")
    messages = errors_of(report_copy)
    assert any("required key 'title' is missing" in m for m in messages)
    assert any("required key 'year' is missing" in m for m in messages)


def test_front_matter_problems_point_into_the_chapter(report_copy: Path) -> None:
    (report_copy / "02-case.md").write_text("---\ntitle: T\nkind: kase\n---\nTekst\n", "utf-8")
    [message] = errors_of(report_copy)
    assert message.startswith("02-case.md:3:7: error: unknown kind 'kase'")
    assert "did you mean 'case'?" in message


def test_chapter_without_front_matter(report_copy: Path) -> None:
    (report_copy / "02-case.md").write_text("# Bare tekst\n", "utf-8")
    [message] = errors_of(report_copy)
    assert message.startswith("02-case.md:1:1: error: the chapter must start with front matter")


def test_not_utf8_names_line_and_column(report_copy: Path) -> None:
    (report_copy / "02-case.md").write_bytes(
        b"---\ntitle: T\n---\nlinje\nen " + "ø".encode("latin-1") + b"\n")
    [message] = errors_of(report_copy)
    assert message.startswith("02-case.md:5:4: error: file is not valid UTF-8")


def test_listed_chapter_that_does_not_exist(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") +
                      "chapters:\n  - 01-indledning.md\n  - 02-cas.md\n", "utf-8")
    [message] = errors_of(report_copy)
    assert message.startswith("report.yaml:21:5: error: chapter file '02-cas.md' does not exist")
    assert "did you mean '02-case.md'?" in message


def test_chapters_key_sets_order(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") +
                      "chapters: [02-case.md, 01-indledning.md]\n", "utf-8")
    assert [c.title for c in load_report(report_copy).chapters] == ["Et eksempel", "Indledning"]


def test_unknown_layout_lists_the_available_ones(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") + "layout: almenrap\n", "utf-8")
    [message] = errors_of(report_copy)
    assert "unknown layout 'almenrap'" in message and "almenrapport" in message


def test_case_without_organisation_is_a_warning_not_an_error(report_copy: Path) -> None:
    (report_copy / "02-case.md").write_text("---\ntitle: T\nkind: case\n---\nTekst\n", "utf-8")
    diagnostics = Diagnostics()
    load_report(report_copy, diagnostics=diagnostics)
    [warning] = diagnostics.warnings
    assert warning.code == "case-without-organisation" and warning.line == 2


def test_token_overrides_are_validated(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    base = config.read_text("utf-8")
    config.write_text(base + 'tokens:\n  color-accent: "#c0392b"\n', "utf-8")
    assert load_report(report_copy).meta.tokens == (("color-accent", "#c0392b"),)
    config.write_text(base + 'tokens:\n  color-acent: "#c0392b"\n  color-primary: red\n',
                      "utf-8")
    messages = errors_of(report_copy)
    assert any("unknown key 'color-acent'" in m and "did you mean 'color-accent'?" in m
               for m in messages)
    assert any(m.startswith("report.yaml:21:18: error: token 'color-primary' must be a colour")
               for m in messages)


def test_metadata_text_gets_danish_typography_and_keeps_numbers_as_written(
        report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "participants: [Testdeltagere]", "participants: [BL's DriftsNet]") +
        "budget: 492.000\nsubtitle2: x\n".replace("subtitle2: x\n", ""), "utf-8")
    meta = load_report(report_copy).meta
    assert meta.participants == ("BL’s DriftsNet",)
    assert meta.budget == "492.000"
