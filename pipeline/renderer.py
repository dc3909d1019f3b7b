"""The PDF renderer process: WeasyPrint is imported on the second core while the first
checks the report and renders its HTML.

``almen build`` starts the renderer as its very first step (:func:`prestart`, called by
:mod:`pipeline.launch` before the pipeline's own modules are imported), so WeasyPrint's
import (~0.4 s) overlaps with the command line's imports, the check and the HTML. A
builder then takes that process (:class:`Renderer`) or, in a long-running program, forks
one of its own. Where forking is not safe (other threads running) or not wanted (parallel
builds use every core) it renders in its own process.

This module imports nothing heavy at module level: it is imported before everything else.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.editions import Edition
    from pipeline.pdf import RenderedPDF
    from pipeline.recipe import Checked
    from pipeline.rendered import RenderedHTML

_waiting: tuple[Any, Any] | None = None  # (process, connection) started by prestart()


def _worker(connection: Any, parent_end: Any, parent_pid: int) -> None:
    """Child process: import WeasyPrint at once, then render the HTML it is sent.

    It dies with its parent: SIGKILL on the parent's death (prctl), and it closes its copy
    of the parent's pipe end, so a parent gone without a word is an EOF here."""
    from pipeline.atomic import die_with_parent

    die_with_parent(parent_pid)
    parent_end.close()
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)   # a Ctrl-C to the process group ends it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        from pipeline import weasyfix
        from pipeline.errors import PipelineError
        from pipeline.pdf import render_pdf

        weasyfix.apply()
        job = connection.recv()
        if job is None:
            return
        try:
            rendered, edition, source_date = job
            connection.send((True, render_pdf(rendered, edition=edition,
                                              source_date=source_date)))
        except PipelineError as exc:
            connection.send((False, exc.format_message()))
        except Exception as exc:  # reported to the parent, which raises it as a BuildError
            connection.send((False, f"internal error: {type(exc).__name__}: {exc}"))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        connection.close()


def _fork() -> tuple[Any, Any] | None:
    if threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    connection, child = context.Pipe()
    process = context.Process(target=_worker, args=(child, connection, os.getpid()),
                              daemon=True)
    process.start()
    child.close()
    return process, connection


def prestart() -> None:
    """Start the renderer now, for the next :class:`Renderer` of this process to take."""
    global _waiting
    if _waiting is None:
        _waiting = _fork()


def discard() -> None:
    """End a renderer started by :func:`prestart` that nobody took (the build was up to
    date, or parallel): killed at once, it was only importing."""
    global _waiting
    if _waiting is not None:
        process, connection = _waiting
        _waiting = None
        process.kill()
        connection.close()
        process.join(timeout=5)


class Renderer:
    """Renders a RenderedHTML to PDF in the renderer process (the one :func:`prestart`
    started, else a new fork when ``fork`` is true), or in this process."""

    def __init__(self, fork: bool) -> None:
        global _waiting
        self.process: Any = None
        self.connection: Any = None
        started = _waiting
        _waiting = None
        if started is None and fork:
            started = _fork()
        if started is not None:
            self.process, self.connection = started

    def render(self, rendered: RenderedHTML, checked: Checked, edition: Edition) -> RenderedPDF:
        """The PDF of ``rendered`` as :func:`pipeline.recipe.render_pdf` makes it."""
        from pipeline import recipe
        from pipeline.errors import BuildError

        if self.process is None:
            return recipe.render_pdf(rendered, checked, edition)
        # the renderer needs the HTML and where it may read from, not the chapters
        job = replace(rendered, chapters=[], credits=[])
        try:
            self.connection.send((job, edition, recipe.report_date(checked.report)
                                  if edition.dated else None))
            ok, payload = self.connection.recv()
        except (EOFError, BrokenPipeError):
            self.close()
            raise BuildError("the PDF renderer stopped unexpectedly") from None
        except BaseException:
            self.close(abort=True)   # interrupted while it renders: do not wait for it
            raise
        self.close()
        if not ok:
            raise BuildError(payload)
        result: RenderedPDF = payload
        return result

    def close(self, abort: bool = False) -> None:
        """End the child: tell it to stop (or, with ``abort``, kill it at once)."""
        if self.process is not None:
            if abort:
                self.process.kill()
            with contextlib.suppress(OSError, BrokenPipeError):
                if not abort and self.process.is_alive():
                    self.connection.send(None)
            self.connection.close()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
            self.process = None
