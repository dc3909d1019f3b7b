"""Diagnostics and the exception tree.

Every problem the pipeline finds is a :class:`Diagnostic` with a source location, so an
editor sees ``reports/SLUG/02-moede.md:14:3: error: ...`` and knows where to look. All
user-facing exceptions derive from :class:`click.ClickException`, so the command line shows
a message, never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import click


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, with where it is and (ideally) how to fix it."""

    file: Path
    line: int | None
    column: int | None
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def location(self, root: Path | None = None) -> str:
        path = self.file
        if root is not None:
            # absolute, but not resolved: a symlink is named as itself, not its target
            absolute = Path(os.path.abspath(self.file))
            try:
                path = absolute.relative_to(os.path.abspath(root))
            except ValueError:
                path = absolute
        parts = [str(path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, root: Path | None = None) -> str:
        text = f"{self.location(root)}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self, root: Path | None = None) -> dict[str, object]:
        return {
            "file": Diagnostic(self.file, None, None, self.severity, "", "").location(root),
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def error(file: Path, line: int | None, column: int | None, code: str, message: str,
          hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, code, message, hint)


def warning(file: Path, line: int | None, column: int | None, code: str, message: str,
            hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, code, message, hint)


class PipelineError(click.ClickException):
    """Base of every error the pipeline reports to a user."""

    exit_code = 1


@dataclass
class Diagnostics:
    """Collects findings so that validation reports all problems at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: list[Diagnostic] | Diagnostics) -> None:
        self.items.extend(diagnostics.items if isinstance(diagnostics, Diagnostics)
                          else diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)


class ReportError(PipelineError):
    """A report's content or configuration is invalid; carries every finding."""

    def __init__(self, diagnostics: list[Diagnostic], root: Path | None = None,
                 partial: Any = None) -> None:
        diagnostics = sorted(diagnostics, key=lambda d: (str(d.file), d.line or 0,
                                                         d.column or 0))
        self.diagnostics = diagnostics
        #: what could still be read (a Report with the chapters that loaded), for checks
        #: that do not need a valid report.yaml; None when nothing could
        self.partial = partial
        self.root = root = root or Path.cwd()
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        lines = [d.format(root) for d in diagnostics]
        count = len(errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class BuildError(PipelineError):
    """Rendering failed (a resource could not load, WeasyPrint failed, ...)."""


class OutputError(PipelineError):
    """An output could not be written (full disk, read-only folder, ...), or a folder
    may not be replaced; nothing that was there before has changed."""
