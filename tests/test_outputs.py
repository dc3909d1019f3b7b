"""Outputs that are not ours are never replaced; full disks and read-only folders give a
plain message; leftovers of killed runs are cleaned up (pipeline/atomic.py)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from pipeline import atomic, build
from pipeline.cli import main
from pipeline.errors import OutputError
from pipeline.paths import PROJECT_ROOT
from pipeline.publishing import publish, suggest_slug

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"
SCHEMA = json.loads((PROJECT_ROOT / "docs" / "catalog.schema.json").read_text("utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real publication folder of the mini report (copied by the tests that change it)."""
    out = tmp_path_factory.mktemp("pub") / "public"
    result = publish([MINI], out)
    assert not result.failures
    return out


# ---------------------------------------------------------------------------- the marker


def test_every_publication_carries_the_marker(published: Path) -> None:
    marker = json.loads((published / atomic.MARKER_NAME).read_text("utf-8"))
    assert marker == {"kind": "publication", "tool": "almenrapport", "version": 1}
    assert atomic.has_marker(published)


@pytest.mark.parametrize("kind", ["reports", "dot", "home", "project", "report-folder",
                                  "user-files"])
def test_publish_refuses_a_folder_that_is_not_a_publication(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(MINI, reports / "mini")
    (tmp_path / "pyproject.toml").write_text("[project]\n", "utf-8")
    home = tmp_path / "home"
    (home / "Dokumenter").mkdir(parents=True)
    (home / "Dokumenter" / "brev.txt").write_text("hej", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(home))
    out = {"reports": "reports", "dot": ".", "home": os.path.expanduser("~"),
           "project": str(tmp_path), "report-folder": "reports/mini",
           "user-files": str(home / "Dokumenter")}[kind]
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["publish", "reports/mini", "--out", out])
    assert result.exit_code == 1, result.output
    assert "ikke en publikationsmappe" in result.output or "indeholder rapporten" in \
        result.output, result.output
    assert "intet er ændret" in result.output or "må ikke erstattes" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert snapshot(tmp_path) == before, "nothing touched"
    assert not list(tmp_path.rglob(".*staging*")) and not list(tmp_path.rglob(".*.lock"))


def test_publish_accepts_a_new_an_empty_and_its_own_folder(tmp_path: Path,
                                                          published: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    assert not publish([MINI], empty).failures
    own = tmp_path / "own"
    shutil.copytree(published, own)
    (own / "mini" / "gammel.txt").write_text("fra en tidligere udgave", "utf-8")
    assert not publish([MINI], own).failures
    assert not (own / "mini" / "gammel.txt").exists(), "our own folder is replaced whole"
    assert snapshot(own) == snapshot(published)


def test_a_publication_from_before_the_marker_is_still_recognised(
        tmp_path: Path, published: Path) -> None:
    out = tmp_path / "public"
    shutil.copytree(published, out)
    (out / atomic.MARKER_NAME).unlink()
    assert not publish([MINI], out).failures
    assert atomic.has_marker(out)
    (out / atomic.MARKER_NAME).unlink()
    (out / "andet.txt").write_text("ikke vores", "utf-8")   # no longer only ours: refused
    with pytest.raises(OutputError, match="ikke en publikationsmappe"):
        publish([MINI], out)
    assert (out / "andet.txt").is_file()


def test_symlinked_out_is_swapped_behind_the_link(tmp_path: Path, published: Path) -> None:
    target = tmp_path / "site" / "v1"
    shutil.copytree(published, target)
    (target / "mini" / "gammel.txt").write_text("x", "utf-8")
    link = tmp_path / "public"
    link.symlink_to(target, target_is_directory=True)
    result = CliRunner().invoke(main, ["publish", str(MINI), "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert not (target / "mini" / "gammel.txt").exists()
    assert snapshot(link) == snapshot(published)
    assert sorted(p.name for p in target.parent.iterdir()) == [".v1.lock", "v1"]


def test_next_publish_removes_what_a_killed_one_left(tmp_path: Path, published: Path) -> None:
    out = tmp_path / "public"
    shutil.copytree(published, out)
    dead = subprocess.Popen(["true"])
    dead.wait()   # a process id that is certainly gone
    leftovers = [tmp_path / ".public.staging-abc123", tmp_path / ".public.old-1234abcd"]
    for folder in leftovers:
        (folder / "mini").mkdir(parents=True)
        (folder / "mini" / "mini.pdf").write_bytes(b"%PDF half")
    stale_tmp = tmp_path / f".catalog.json.almen-{dead.pid}-0123abcd.tmp"
    stale_tmp.write_bytes(b"half")
    theirs = [tmp_path / ".public.staging.txt", tmp_path / "notes.tmp",
              tmp_path / f".x.almen-{os.getpid()}-0123abcd.tmp"]   # a live process's
    for path in theirs:
        path.write_text("ikke vores", "utf-8")
    assert not publish([MINI], out).failures
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([".public.lock", "public", *(p.name for p in theirs)])


def test_stale_temporary_files_are_recognised_by_name_and_process(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    ours_dead = tmp_path / f".a.pdf.almen-{dead.pid}-deadbeef.tmp"
    ours_live = tmp_path / f".a.pdf.almen-{os.getpid()}-deadbeef.tmp"
    ours_old = tmp_path / f".b.pdf.almen-{os.getpid()}-cafef00d.tmp"
    user = tmp_path / ".a.pdf.almen-x-deadbeef.tmp"
    for path in (ours_dead, ours_live, ours_old, user):
        path.write_bytes(b"x")
    long_ago = time.time() - atomic.STALE_AFTER_S - 60
    os.utime(ours_old, (long_ago, long_ago))
    assert sorted(atomic.remove_stale(tmp_path)) == sorted([ours_dead, ours_old])
    assert ours_live.exists() and user.exists()


# ---------------------------------------------------------------------------- slugs


@pytest.mark.parametrize(("name", "suggestion"), [
    ("blåbær rapport", "blaabaer-rapport"), ("Møde i Århus", "moede-i-aarhus"),
    ("rapport 2024", "rapport-2024")])
def test_report_folder_with_space_or_danish_letters_is_refused_with_a_new_name(
        tmp_path: Path, name: str, suggestion: str) -> None:
    assert suggest_slug(name) == suggestion
    shutil.copytree(MINI, tmp_path / "reports" / name)
    shutil.copytree(MINI, tmp_path / "reports" / suggestion)
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "reports" / name),
                                       str(tmp_path / "reports" / suggestion), "--out",
                                       str(out)])
    assert result.exit_code == 1
    assert f"mappenavnet '{name}' kan ikke bruges" in result.output
    assert f"omdøb mappen, fx til '{suggestion}'" in result.output
    catalog = json.loads((out / "catalog.json").read_text("utf-8"))
    jsonschema.validate(catalog, SCHEMA)
    assert [p["slug"] for p in catalog["publications"]] == [suggestion]
    # The suggestion is a valid slug and makes valid HTML ids in index.html.
    index = (out / "index.html").read_text("utf-8")
    for found in __import__("re").findall(r'\sid="([^"]*)"', index):
        assert found and not any(c.isspace() for c in found), found
    assert not (out / name).exists()


# ---------------------------------------------------------------------------- full disks


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "disken er fuld"), (errno.EROFS, "mappen ligger på et skrivebeskyttet"),
    (errno.EACCES, "du har ikke lov til at skrive")])
def test_write_error_while_building_leaves_old_outputs(
        report_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int,
        reason: str) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(main, ["build", str(report_copy), "--out", str(out), "--html"])
    before = snapshot(out)
    original = atomic._write_temp
    calls = []

    def failing(tmp: Path, data: bytes) -> None:
        calls.append(tmp)
        if len(calls) == 2:   # the HTML is written; the PDF fails
            raise OSError(code, os.strerror(code), str(tmp))
        original(tmp, data)

    monkeypatch.setattr(atomic, "_write_temp", failing)
    result = CliRunner().invoke(main, ["build", str(report_copy), "--out", str(out),
                                       "--html", "--force"])
    assert result.exit_code == 1
    assert f"kan ikke skrive til {out / 'mini' / 'mini.pdf'}: {reason}" in result.output
    assert "internal error" not in result.output
    assert snapshot(out) == before, "HTML, PDF and manifest unchanged, no temp file"


def test_write_error_while_publishing_leaves_the_old_folder(
        tmp_path: Path, published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "public"
    shutil.copytree(published, out)
    before = snapshot(out)

    original = Path.write_bytes

    def full(path: Path, data: bytes) -> int:   # the disk of the publication folder only
        if path.is_relative_to(tmp_path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return original(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = CliRunner().invoke(main, ["publish", str(MINI), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "kan ikke skrive til" in result.output and "disken er fuld" in result.output
    assert "internal error" not in result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs (needs root and mount); skipped where it cannot be mounted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_really_full_disk(report_copy: Path, tiny_disk: Path) -> None:
    out = tiny_disk / "out"
    first = build(report_copy, out, html=True)   # the mini PDF fits (~70 kB) ...
    before = snapshot(out)
    filler = tiny_disk / "fyld"
    with filler.open("wb") as handle, pytest.raises(OSError):
        while True:   # ... then fill the disk to the last block
            handle.write(b"\0" * 65536)
            handle.flush()
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nNy tekst.\n", "utf-8")
    with pytest.raises(OutputError, match="disken er fuld"):
        build(report_copy, out, html=True)
    assert snapshot(out) == before
    assert first.pdf_path.is_file()


def test_read_only_output_folder(report_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(report_copy, out, html=True)
    before = snapshot(out)
    chapter = report_copy / "02-case.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nNy tekst.\n", "utf-8")
    (out / "mini").chmod(0o555)
    try:
        if os.access(out / "mini", os.W_OK):
            pytest.skip("root ignores folder permissions; the injected-error test covers it")
        result = CliRunner().invoke(main, ["build", str(report_copy), "--out", str(out)])
        assert result.exit_code == 1
        assert "kan ikke skrive til" in result.output and "internal error" not in result.output
    finally:
        (out / "mini").chmod(0o755)
    assert snapshot(out) == before


def test_the_slug_rules_reserve_the_publication_folders_own_names() -> None:
    from pipeline import slugs
    from pipeline.publishing import model

    assert slugs.RESERVED_SLUGS == model.RESERVED_SLUGS
