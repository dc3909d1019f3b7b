"""The corpus of broken reports: each gives exactly the finding it should, at its place."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from pipeline import ReportError, build
from pipeline.check import check_report
from pipeline.cli import main

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "mini"
CASES = yaml.safe_load((HERE / "bad_reports" / "cases.yaml").read_text("utf-8"))


REPEAT_RE = re.compile(r"\$\{'(.*?)' \* (\d+)\}")


def _expand(value: object) -> object:
    """``${'abc' * 3}`` in a case's text stands for ``abcabcabc``."""
    if isinstance(value, str):
        return REPEAT_RE.sub(lambda m: m.group(1) * int(m.group(2)), value)
    if isinstance(value, list):
        return [_expand(v) for v in value]
    return value


def make_broken(case: dict, target: Path) -> Path:
    shutil.copytree(BASE, target)
    for name, raw in case["files"].items():
        operation = {key: _expand(value) for key, value in raw.items()}
        path = target / name
        if "write" in operation:
            path.write_text(operation["write"], "utf-8")
        elif "replace" in operation:
            old, new = operation["replace"]
            text = path.read_text("utf-8")
            assert old in text, f"{case['name']}: {old!r} not in {name}"
            path.write_text(text.replace(old, new, 1), "utf-8")
        elif "append" in operation:
            path.write_text(path.read_text("utf-8") + operation["append"], "utf-8")
        elif "delete" in operation:
            path.unlink()
        elif "bytes" in operation:
            path.write_bytes(bytes.fromhex(operation["bytes"]))
        elif "image" in operation:
            width, height = operation["image"]
            Image.new("1", (width, height)).save(path)
        elif "huge" in operation:
            path.write_text("---\ntitle: Stor\n---\n" + "x" * operation["huge"], "utf-8")
        elif "symlink" in operation:  # a link to a file outside every allowed folder
            path.symlink_to(operation["symlink"])
        elif "symlink_out" in operation:  # move the file out of the report, link to it
            outside = target.parent / f"outside-{path.name}"
            outside.write_bytes(path.read_bytes())
            path.unlink()
            path.symlink_to(outside)
        elif "truncated" in operation:  # a photo cut off after a third of its bytes
            fmt = "JPEG" if path.suffix == ".jpg" else "PNG"
            buffer = io.BytesIO()
            Image.effect_noise(tuple(operation["truncated"]), 60).convert("RGB").save(
                buffer, fmt)
            path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
        elif "svg_raster" in operation:  # an SVG embedding a raster of width x height
            buffer = io.BytesIO()
            Image.new("1", tuple(operation["svg_raster"])).save(buffer, "PNG")
            data = base64.b64encode(buffer.getvalue()).decode()
            path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                            f'<image width="10" height="10" href="data:image/png;base64,{data}"/>'
                            "</svg>", "utf-8")
        elif "footnotes" in operation:
            count = operation["footnotes"]
            path.write_text(path.read_text("utf-8") + "\n" + "".join(
                f"Note {i}.[^n{i}]\n" for i in range(count)) + "\n" + "".join(
                f"[^n{i}]: Tekst.\n" for i in range(count)), "utf-8")
        else:
            raise AssertionError(f"unknown operation {operation}")
    return target


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_report_gives_the_expected_finding(case: dict, tmp_path: Path) -> None:
    folder = make_broken(case, tmp_path / "mini")
    result = check_report(folder)
    file, line, column, code = case["expect"]
    severity = case.get("severity", "error")
    matches = [d for d in result.diagnostics if d.code == code]
    assert matches, f"expected {code}, got {[d.format(folder) for d in result.diagnostics]}"
    finding = matches[0]
    assert (finding.file.name, finding.line, finding.column, str(finding.severity)) == (
        Path(file).name, line, column, severity), finding.format(folder)
    text = finding.format(folder)
    for key in ("hint", "message"):
        if key in case:
            assert case[key] in text
    # errors stop the build; warnings alone do not
    if severity == "error":
        with pytest.raises(ReportError):
            build(folder, tmp_path / "out")
        assert not (tmp_path / "out" / "mini" / "mini.pdf").exists()


def test_check_reports_all_problems_at_once(tmp_path: Path) -> None:
    case = {"files": {
        "report.yaml": {"replace": ["year: 2024", "year: tyve"]},
        "02-case.md": {"append": "\n::: fatka\nx\n:::\n\nTekst.[^mangler]\n"},
    }}
    folder = make_broken(case, tmp_path / "mini")
    codes = {d.code for d in check_report(folder).diagnostics}
    assert {"wrong-type"} <= codes  # report.yaml stops loading, but all its errors show
    # with a valid report.yaml, all chapter problems show together
    case["files"].pop("report.yaml")
    folder2 = make_broken(case, tmp_path / "mini2")
    codes = {d.code for d in check_report(folder2).diagnostics}
    assert {"unknown-directive", "undefined-footnote"} <= codes


def test_check_cli_text_json_and_strict(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "image too small for its printed size")
    folder = make_broken(case, tmp_path / "mini")
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(folder)])
    assert plain.exit_code == 0, plain.output
    assert "warning: image 'images/lille.png' is 300 px wide" in plain.output
    assert "1 report(s) checked: 0 error(s), 1 warning(s)" in plain.output
    strict = runner.invoke(main, ["check", "--strict", str(folder)])
    assert strict.exit_code == 1 and "error: image 'images/lille.png'" in strict.output
    as_json = runner.invoke(main, ["check", "--format", "json", str(folder)])
    data = json.loads(as_json.output)
    assert data["warnings"] == 1 and data["errors"] == 0
    [finding] = data["diagnostics"]
    assert finding["file"].endswith("mini/02-case.md")
    assert (finding["line"], finding["column"], finding["severity"], finding["code"]) == (
        9, 1, "warning", "low-resolution")


def test_check_exits_nonzero_on_errors(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "unknown directive with suggestion")
    folder = make_broken(case, tmp_path / "mini")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    assert "01-indledning.md:11:5: error: unknown directive 'fatka' (did you mean 'fakta'?)" \
        in result.output
    assert "Traceback" not in result.output


def test_an_illustration_needs_250_ppi_and_a_photo_300(tmp_path: Path) -> None:
    """As preflight judges the print file: the same 260 ppi passes for a PNG drawing and
    is a warning for a JPEG photo."""
    case = {"files": {"images/tegning.png": {"image": [1740, 870]},
                      "images/foto.jpg": {"image": [1740, 1160]},
                      "02-case.md": {"append": "\n![Tegning](images/tegning.png \"T\")\n\n"
                                               "![Foto](images/foto.jpg \"F\")\n"}}}
    folder = make_broken(case, tmp_path / "mini")
    low = [d for d in check_report(folder).diagnostics if d.code == "low-resolution"]
    assert [d.message.split("'")[1] for d in low] == ["images/foto.jpg"]
