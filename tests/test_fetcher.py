"""The URL fetcher confines a build to the report, its layout and assets."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import pytest

from pipeline import BuildError, ReportError, build
from pipeline.fetcher import make_fetcher


@pytest.fixture
def fetcher(tmp_path: Path):
    (tmp_path / "ok.txt").write_text("hej", "utf-8")
    return make_fetcher((tmp_path,))


def test_allows_files_inside_the_roots(fetcher, tmp_path: Path) -> None:
    response = fetcher.fetch((tmp_path / "ok.txt").as_uri())
    assert response.read() == b"hej"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png",
                                 "https://example.org/a.css", "ftp://example.org/x"])
def test_refuses_outside_files_and_network(fetcher, url: str) -> None:
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)
    assert fetcher.refused


def test_refuses_dotdot_escape(fetcher, tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError, match="outside"):
        fetcher.fetch((tmp_path / ".." / ".." / "etc" / "passwd").as_uri())


def test_a_build_never_opens_a_connection(report_copy: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Even HTML that slips past the checks cannot make the build connect anywhere."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.3)
    port = server.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            connections.append(server.accept())

    import pipeline.recipe

    original = pipeline.recipe.render_html

    def with_network_resources(*args, **kwargs):
        rendered = original(*args, **kwargs)
        rendered.html = rendered.html.replace(
            "</head>", f'<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
            f'<link rel="attachment" href="file:///etc/passwd"></head>')
        return rendered

    monkeypatch.setattr(pipeline.recipe, "render_html", with_network_resources)
    thread = threading.Thread(target=accept)
    thread.start()
    try:
        with pytest.raises(BuildError, match="network resource"):
            build(report_copy, tmp_path / "out")
    finally:
        thread.join()
        server.close()
    assert connections == []
    assert not (tmp_path / "out" / "mini" / "mini.pdf").exists()


def test_checks_refuse_network_images_before_rendering(report_copy: Path,
                                                       tmp_path: Path) -> None:
    (report_copy / "01-indledning.md").write_text(
        "---\ntitle: T\n---\n![net](http://127.0.0.1:9/x.png \"Net\")\n", "utf-8")
    with pytest.raises(ReportError, match="on the network"):
        build(report_copy, tmp_path / "out")


def test_build_error_type_is_catchable() -> None:
    assert issubclass(BuildError, Exception)
