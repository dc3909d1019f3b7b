"""The ``almen`` command's entry point: starts the PDF renderer before anything else.

Importing the command line and the pipeline takes ~0.4 s (Jinja2, Pillow, markdown-it,
PyYAML, ...), WeasyPrint another ~0.4 s. For ``almen build`` the renderer process
(:mod:`pipeline.renderer`) is forked first, so the two imports run side by side on two
cores; then the command line runs as usual. Every other command starts as it always did.
"""

from __future__ import annotations

import sys

#: global options of the ``almen`` group that take a value (``--project DIR``)
VALUE_OPTIONS = frozenset({"--project", "--lang"})


def command_of(args: list[str]) -> str | None:
    """The subcommand named in ``args`` (the arguments after ``almen``), if any."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif arg == "--":
            return None
    return None


def main() -> None:
    args = sys.argv[1:]
    if command_of(args) == "build" and not {"-h", "--help"} & set(args):
        from pipeline import renderer

        renderer.prestart()
    from pipeline.cli import main as cli_main

    cli_main()
