"""Danish language checks: spelling (hunspell-da) and LIX, inside almen check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.check import check_report
from pipeline.cli import main
from pipeline.language import language_diagnostics, lix, readability
from pipeline.language.text import prose_lines
from pipeline.load import load_report
from pipeline.paths import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _write(folder: Path, body: str) -> Path:
    path = folder / "02-case.md"
    path.write_text("---\ntitle: Et eksempel\nkind: case\norganisation: Boligselskabet Test\n"
                    "---\n" + body, "utf-8")
    return path


@pytest.mark.parametrize("folder", ["reports/vaerdiskabende-gentagelser",
                                    "reports/strategiproces", "tests/fixtures/mini"])
def test_sample_reports_pass_clean(folder: str) -> None:
    assert language_diagnostics(load_report(PROJECT_ROOT / folder)) == []


def test_misspelt_word_at_its_line_and_column_with_suggestions(mini: Path) -> None:
    _write(mini, "Tekst om eksemplet.\n\nBeboerne i boligområdet fik et nyt\n"
                 "fælleshus i `kode ordd` og på https://eksempel.dk/stavfjel i bolgiområdet.\n")
    [finding] = [d for d in check_report(mini).diagnostics if d.code == "spelling"]
    assert (finding.file.name, finding.line, finding.column) == ("02-case.md", 9, 62)
    assert finding.message == "ukendt ord »bolgiområdet«"
    assert "boligområdet" in (finding.hint or "")


def test_word_list_accepts_the_sectors_words(mini: Path) -> None:
    _write(mini, "Driften hos Seyffert var god.\n")
    assert [d.code for d in check_report(mini).diagnostics] == ["spelling"]
    (mini / "ordliste.txt").write_text("# egne ord\næøå\nSeyffert\n", "utf-8")
    assert check_report(mini).diagnostics == []


def test_lix_equals_the_hand_computed_value(mini: Path) -> None:
    _write(mini, "Det regner i dag. Solen skinner ikke.\n")
    chapter = load_report(mini).chapters[1]
    # 7 words, 2 sentences, 1 long word (skinner): 7/2 + 100*1/7
    assert lix.lix(lix.sentences(prose_lines(chapter))) == pytest.approx(3.5 + 100 / 7)


def test_long_sentence_and_strict_and_json(mini: Path) -> None:
    _write(mini, "Tekst " + "og mere tekst " * 16 + "her.\n")
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(mini)])
    assert plain.exit_code == 0, plain.output
    assert "02-case.md:6:1: warning: sætningen har 50 ord (mere end 45)" in plain.output
    assert runner.invoke(main, ["check", "--strict", str(mini)]).exit_code == 1
    data = json.loads(runner.invoke(main, ["check", "--format", "json", str(mini)]).output)
    [table] = data["readability"].values()
    assert [row["file"] for row in table] == ["01-indledning.md", "02-case.md"]
    assert table == readability(load_report(mini))


def test_lix_over_target_is_a_warning_for_a_chapter(mini: Path) -> None:
    _write(mini, "Boligorganisationerne gennemfører omfattende helhedsplaner. " * 30)
    # 4 words a sentence, all of them long: 4 + 100 * 4/4
    [finding] = [d for d in check_report(mini).diagnostics if d.code == "lix-over-target"]
    assert (finding.file.name, finding.line, str(finding.severity)) == ("02-case.md", 6,
                                                                        "warning")
    assert finding.message == "kapitlets LIX er 104, over målet 55"
