"""Every example in docs/import-og-sprog.md does what the text says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from office_files import make_docx, make_pptx

from pipeline.check import check_report
from pipeline.cli import main
from pipeline.language import DEFAULT_LIX_TARGET, DEFAULT_LONG_SENTENCE, lix
from pipeline.language.text import prose_lines
from pipeline.load import load_report
from pipeline.paths import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "import-og-sprog.md").read_text("utf-8")
MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


def _block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", DOC, re.DOTALL)
    assert match, language
    return match.group(1)


def test_the_import_command_line(tmp_path: Path) -> None:
    report = tmp_path / "SLUG"
    shutil.copytree(MINI, report)
    make_docx(tmp_path / "sag.docx")
    make_pptx(tmp_path / "oplæg.pptx")
    args = _block("sh").split()[1:]  # after .venv/bin/almen
    args = [str(tmp_path / a) if a.endswith((".docx", ".pptx")) else a for a in args]
    args = [str(report) if a == "reports/SLUG" else a for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in report.glob("0[34]-*.md")) == [
        "03-regnbede-i-aaparken.md", "04-groenne-tage-paa-oesterbro.md"]
    assert "place: København" in (report / "04-groenne-tage-paa-oesterbro.md").read_text()


def test_the_word_list_example(tmp_path: Path) -> None:
    report = tmp_path / "mini"
    shutil.copytree(MINI, report)
    (report / "02-case.md").write_text(
        "---\ntitle: Et eksempel\nkind: case\norganisation: Boligselskabet Test\n---\n"
        "Engvandring med Seyffert.\n", "utf-8")
    assert {d.code for d in check_report(report).diagnostics} == {"spelling"}
    (report / "ordliste.txt").write_text("æøå\n" + _block("text"), "utf-8")
    assert check_report(report).diagnostics == []


def test_the_lix_example_and_thresholds(tmp_path: Path) -> None:
    text = re.search(r"Eksempel: `([^`]+)`", DOC).group(1)  # type: ignore[union-attr]
    report = tmp_path / "mini"
    shutil.copytree(MINI, report)
    (report / "02-case.md").write_text("---\ntitle: Et eksempel\n---\n" + text + "\n", "utf-8")
    found = lix.sentences(prose_lines(load_report(report).chapters[1]))
    assert (sum(s.words for s in found), len(found), sum(s.long_words for s in found)) == (
        7, 2, 1)
    assert round(lix.lix(found) or 0) == 18
    assert f"over {DEFAULT_LIX_TARGET}" in DOC and f"mere end {DEFAULT_LONG_SENTENCE} ord" in DOC
