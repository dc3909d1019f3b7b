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
    # neither front matter nor a '# Title' line: nothing says what the chapter is called
    (report_copy / "02-case.md").write_text("Bare tekst uden overskrift.\n", "utf-8")
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


# --------------------------------------------------------------------------------------
# Hostile and careless input (issue 9)

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def test_billion_laughs_is_refused_at_its_first_anchor(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8") + BILLION_LAUGHS, "utf-8")
    assert len(BILLION_LAUGHS.encode()) < 800
    [message] = errors_of(report_copy)
    assert message.startswith("report.yaml:19:4: error: YAML anchors ('&a') are not allowed")


def test_duplicate_keys_and_impossible_dates_are_located(report_copy: Path) -> None:
    config = report_copy / "report.yaml"
    config.write_text(config.read_text("utf-8").replace("2024-03-01", "2024-02-30")
                      + "owner: Igen\n", "utf-8")
    [message] = errors_of(report_copy)  # keys are checked before values are built
    assert message.startswith("report.yaml:19:1: error: key 'owner' appears twice")
    config.write_text(config.read_text("utf-8").removesuffix("owner: Igen\n"), "utf-8")
    [message] = errors_of(report_copy)
    assert message.startswith("report.yaml:4:7: error: '2024-02-30' is not a real date")


def test_symlinked_chapter_outside_is_refused_and_never_read(report_copy: Path,
                                                             tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.md"
    secret.write_text("---\ntitle: Hemmelig\n---\nHEMMELIGT\n", "utf-8")
    (report_copy / "03-link.md").symlink_to(secret)
    diags = Diagnostics()
    with pytest.raises(ReportError) as info:
        load_report(report_copy, diagnostics=diags)
    [finding] = info.value.diagnostics
    assert (finding.code, finding.file.name) == ("outside-symlink", "03-link.md")
    assert "HEMMELIGT" not in finding.format()


def test_symlinks_inside_the_report_are_followed(report_copy: Path) -> None:
    (report_copy / "kilder").mkdir()
    (report_copy / "01-indledning.md").rename(report_copy / "kilder" / "indledning.md")
    (report_copy / "01-indledning.md").symlink_to(report_copy / "kilder" / "indledning.md")
    report = load_report(report_copy)
    assert [c.title for c in report.chapters] == ["Indledning", "Et eksempel"]


def test_report_files_skip_links_out_of_the_report(report_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "udenfor.txt"
    outside.write_text("x", "utf-8")
    (report_copy / "images" / "ude.txt").symlink_to(outside)
    (report_copy / "images" / "etc").symlink_to("/etc")
    report = load_report(report_copy)
    names = {p.name for p in report.files}
    assert "ude.txt" not in names and "passwd" not in names and "figur.png" in names


def test_check_json_stays_json_for_an_impossible_date(report_copy: Path) -> None:
    import json

    from click.testing import CliRunner

    from pipeline.cli import main

    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8").replace(
        "place: Odense", "place: Odense\ndate: 2024-13-01"), "utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(report_copy)])
    assert result.exit_code == 1
    [finding] = json.loads(result.output)["diagnostics"]
    assert (finding["line"], finding["column"], finding["code"]) == (6, 7, "bad-date")
    assert finding["file"].endswith("02-case.md")
