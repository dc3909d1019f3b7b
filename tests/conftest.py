"""Shared fixtures: the sample report is built once per test session, into a temp dir."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from pipeline import BuildResult, build
from pipeline.paths import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "reports" / "vaerdiskabende-gentagelser"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("dist")
    return build(SAMPLE, out, html=True)


@pytest.fixture(scope="session")
def sample_pdf(sample_build: BuildResult) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(sample_build.pdf_path.read_bytes()))


@pytest.fixture(scope="session")
def sample_texts(sample_pdf: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in sample_pdf.pages]


@pytest.fixture
def report_copy(tmp_path: Path) -> Path:
    """A writable copy of a small report, for tests that break things."""
    target = tmp_path / "mini"
    shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "mini", target)
    return target
