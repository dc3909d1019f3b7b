"""The build fingerprint: exact (content, streamed) and confined (never opens a link out)."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from pipeline import builder
from pipeline.builder import fingerprint


def test_a_link_out_of_the_report_is_never_opened(report_copy: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:x", "utf-8")
    (report_copy / "shadow").symlink_to(secret)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.resolve())
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    first = fingerprint(report_copy, {})
    assert secret.resolve() not in opened
    assert (report_copy / "report.yaml").resolve() in opened
    secret.write_text("root:y", "utf-8")  # its content does not count ...
    assert fingerprint(report_copy, {}) == first
    (report_copy / "shadow").unlink()  # ... but the link itself does
    (report_copy / "shadow").symlink_to(tmp_path / "andet")
    assert fingerprint(report_copy, {}) != first


def test_large_files_are_streamed_and_every_byte_counts(report_copy: Path) -> None:
    big = report_copy / "images" / "stor.bin"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB of zeros, no disk used
    tracemalloc.start()
    first = fingerprint(report_copy, {})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * builder.HASH_BLOCK  # a few blocks, never the whole file
    with big.open("r+b") as handle:  # same size; one byte changed
        handle.seek(40 * 1024 * 1024)
        handle.write(b"\1")
    assert fingerprint(report_copy, {}) != first


def test_tree_hash_matches_a_plain_sha256_of_each_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * (3 * builder.HASH_BLOCK + 5))
    digest = hashlib.sha256()
    builder._hash_tree(digest, tmp_path, "t", (tmp_path.resolve(),))
    expected = hashlib.sha256()
    expected.update(b"t/a.txt\0")
    expected.update(hashlib.sha256(b"x" * (3 * builder.HASH_BLOCK + 5)).digest())
    assert digest.hexdigest() == expected.hexdigest()
