"""``almen preview``: a local web page that shows a report's pages and follows every edit.

The package's rooms:

- :mod:`.server`: :class:`PreviewServer` (lifecycle, render worker, watcher) and
  :func:`run_preview` (the command);
- :mod:`.handler`: the HTTP handler (page, events, images, PDF; Host/Origin checks);
- :mod:`.pages`: page images made from the PDF with pypdfium2 (:class:`PageSet`);
- :mod:`.watch`: which changed files call for a render (:class:`ChangeFilter`);
- :mod:`.relayout`: the warm renderer that re-lays-out only edited chapters;
- ``page.html.j2``, ``preview.js``, ``preview.css``: the page itself.

Python API (what the tests use)::

    with PreviewServer("reports/SLUG", port=0) as server:
        print(server.url)
"""

from pipeline.preview.handler import host_allowed
from pipeline.preview.server import PreviewServer, run_preview
from pipeline.preview.watch import ChangeFilter

__all__ = ["ChangeFilter", "PreviewServer", "host_allowed", "run_preview"]
