"""``almen check``: validate a report without rendering it, and report every problem.

Runs the load-time validation (report.yaml, front matter) and then checks the Markdown
itself: directive names, unclosed containers, heading levels, footnotes, duplicate titles,
images (existence, readability, alt text, resolution) and links. Never imports
WeasyPrint, so it is fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import Diagnostic, Diagnostics, ReportError, Severity, error, warning
from pipeline.language import language_diagnostics
from pipeline.layout import load_layout
from pipeline.load import did_you_mean, load_report
from pipeline.markdown import DIRECTIVES, ChapterHTML, make_parser, render_markdown
from pipeline.model import Chapter, Report
from pipeline.references import WEB_SCHEMES, check_image, is_outside

FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CONTAINER_RE = re.compile(r"^\s{0,3}(:{3,})\s*(\S*)")
FOOTNOTE_DEF_RE = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:")
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
UNSAFE_LINK_RE = re.compile(r"\]\(\s*<?((?:file|javascript|vbscript|data):[^)\s>]*)",
                            re.IGNORECASE)


@dataclass
class CheckResult:
    report_dir: Path
    report: Report | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def _body_lines(chapter: Chapter) -> list[tuple[int, str, bool]]:
    """(file line, text, inside a code fence) for each line of the body."""
    result, fence = [], None
    for offset, text in enumerate(chapter.body.split("\n")):
        match = FENCE_RE.match(text)
        if match and (fence is None or match.group(1)[0] == fence):
            fence = None if fence else match.group(1)[0]
            result.append((chapter.body_line + offset, text, True))
            continue
        result.append((chapter.body_line + offset, text, fence is not None))
    return result


def check_directives(chapter: Chapter) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    stack: list[tuple[int, str, int]] = []
    for line, text, in_code in _body_lines(chapter):
        if in_code:
            continue
        match = CONTAINER_RE.match(text)
        if not match:
            continue
        name = match.group(2)
        column = match.start(1) + 1
        if not name:
            if stack:
                stack.pop()
            else:
                found.append(warning(chapter.path, line, column, "stray-close",
                                     "':::' closes nothing", "remove the line"))
            continue
        if name not in DIRECTIVES:
            found.append(error(chapter.path, line, match.start(2) + 1, "unknown-directive",
                               f"unknown directive '{name}'",
                               did_you_mean(name, DIRECTIVES) or
                               f"use one of: {', '.join(DIRECTIVES)}"))
        stack.append((line, name, column))
    for line, name, column in stack:
        found.append(error(chapter.path, line, column, "unclosed-directive",
                           f"'::: {name}' is never closed",
                           "add a line with ':::' where the box should end"))
    return found


def check_footnotes(chapter: Chapter) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    definitions: dict[str, int] = {}
    references: dict[str, list[tuple[int, int]]] = {}
    for line, text, in_code in _body_lines(chapter):
        if in_code:
            continue
        definition = FOOTNOTE_DEF_RE.match(text)
        if definition:
            label = definition.group(1)
            if label in definitions:
                found.append(error(chapter.path, line, 1, "duplicate-footnote",
                                   f"footnote [^{label}] is defined twice "
                                   f"(also on line {definitions[label]})",
                                   "give each footnote its own label"))
            definitions.setdefault(label, line)
            text = text[definition.end():]
        for ref in FOOTNOTE_REF_RE.finditer(text):
            references.setdefault(ref.group(1), []).append((line, ref.start() + 1))
    for label, places in references.items():
        if label not in definitions:
            line, column = places[0]
            found.append(error(chapter.path, line, column, "undefined-footnote",
                               f"footnote [^{label}] has no definition",
                               f"add a line '[^{label}]: text of the note' at the end"))
    for label, line in definitions.items():
        if label not in references:
            found.append(warning(chapter.path, line, 1, "unused-footnote",
                                 f"footnote [^{label}] is never referred to",
                                 f"put [^{label}] in the text where the note belongs, "
                                 "or remove it"))
    return found


MAX_DEPTH = 16  # token nesting levels (a list item is two); WeasyPrint fails near 150


def check_headings(chapter: Chapter, allow_html: bool) -> list[Diagnostic]:
    """Heading levels, and nesting too deep to lay out (refused before WeasyPrint)."""
    found: list[Diagnostic] = []
    previous = 1  # the chapter title is the level-1 heading
    tokens = make_parser(allow_html).parse(chapter.body)
    deep = next((t for t in tokens if t.level >= MAX_DEPTH and t.map), None)
    if deep is not None and deep.map is not None:
        found.append(error(chapter.path, chapter.body_line + deep.map[0], 1, "too-deep",
                           "lists or quotes are nested too deeply",
                           f"use at most {MAX_DEPTH // 2} levels of lists and quotes "
                           "inside each other"))
    for token in tokens:
        if token.type != "heading_open" or not token.map:
            continue
        level = int(token.tag[1])
        line = chapter.body_line + token.map[0]
        if level == 1:
            found.append(error(chapter.path, line, 1, "heading-level-1",
                               "a '#' heading in the text competes with the chapter title",
                               "start headings in the text at '##'"))
        elif level > previous + 1:
            found.append(error(chapter.path, line, 1, "heading-skip",
                               f"heading level {level} follows level {previous}: a level is "
                               "skipped", f"use {'#' * (previous + 1)} here"))
        previous = level
    return found


def check_chapter_references(report: Report, chapter: Chapter, body: ChapterHTML,
                             anchors: set[str], figure_width_mm: float) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for image in body.images:
        line, column = chapter.locate(image.line, f"({image.src}", start="![")
        _, problems = check_image(report.root, image.src, chapter.path, line, column,
                                  alt=image.alt,
                                  printed_width_mm=figure_width_mm if image.figure else None)
        found.extend(problems)
    # markdown-it refuses file: and javascript: links (they become plain text); say so
    for line, text, in_code in _body_lines(chapter):
        for match in UNSAFE_LINK_RE.finditer("" if in_code else text):
            found.append(error(chapter.path, line, match.start(1) + 1, "outside-resource",
                               f"link to '{match.group(1)}' is not allowed in a report",
                               "link to web pages with https://, or to a chapter file"))
    names = {c.path.name: c.slug for c in report.chapters}
    for href, body_line in body.links:
        line, column = chapter.locate(body_line, f"]({href}")
        column = column + 2 if column else None
        scheme = urlsplit(href).scheme.lower()
        if scheme in WEB_SCHEMES:
            continue
        if href.startswith("#"):
            if href[1:] not in anchors:
                found.append(error(chapter.path, line, column, "broken-anchor",
                                   f"link to '{href}' goes nowhere: no heading has that id",
                                   did_you_mean(href[1:], sorted(anchors))))
            continue
        name, _, fragment = href.partition("#")
        if name in names:
            if fragment and f"{names[name]}-{fragment}" not in anchors:
                found.append(error(chapter.path, line, column, "broken-anchor",
                                   f"link to '{href}': chapter '{name}' has no heading "
                                   f"'{fragment}'"))
            continue
        if scheme or is_outside(report.root, href):
            found.append(error(chapter.path, line, column, "outside-resource",
                               f"link '{href}' points outside the report",
                               "link to web pages with https://, or to a chapter file"))
        else:
            found.append(error(chapter.path, line, column, "broken-link",
                               f"link '{href}' is neither a web address nor a chapter",
                               did_you_mean(name, sorted(names)) or
                               "link to web pages with https://, or to a chapter file"))
    return found


def check_report(folder: Path | str) -> CheckResult:
    """Validate one report folder; never raises for problems in the report."""
    root = Path(folder)
    diags = Diagnostics()
    try:
        report = load_report(root, diagnostics=diags)
    except ReportError as exc:
        known = set(diags.items)
        return CheckResult(root, None, [*diags.items,
                                        *(d for d in exc.diagnostics if d not in known)])
    try:
        layout = load_layout(report.meta.layout)
    except ReportError as exc:  # the layout's manifest, template or CSS: a designer's fix
        return CheckResult(root, report, [*diags.items, *exc.diagnostics])
    meta = report.meta
    if meta.cover is not None:
        from pipeline.load import parse_yaml  # only for the cover's line

        doc = parse_yaml(report.config_path.read_text("utf-8"), report.config_path, 0,
                         Diagnostics())
        line, column = doc.where("cover", "image") if doc else (None, None)
        _, problems = check_image(report.root, meta.cover.image, report.config_path, line,
                                  column, alt=meta.cover.alt or "x",
                                  printed_width_mm=layout.cover_width_mm)
        diags.extend(problems)

    titles: dict[str, Chapter] = {}
    anchors: set[str] = set()
    bodies: dict[Path, ChapterHTML] = {}
    for chapter in report.chapters:
        anchors.add(chapter.slug)
        body = bodies[chapter.path] = render_markdown(
            chapter.body, id_prefix=chapter.slug, allow_html=meta.allow_html)
        anchors.update(anchor for _, _, anchor, _ in body.headings)
        key = chapter.title.strip().casefold()
        if key in titles:
            diags.add(error(chapter.path, 2, None, "duplicate-title",
                            f"chapter title '{chapter.title}' is also used by "
                            f"{titles[key].path.name}", "give each chapter its own title"))
        titles.setdefault(key, chapter)
    for chapter in report.chapters:
        diags.extend(check_directives(chapter))
        diags.extend(check_footnotes(chapter))
        diags.extend(check_headings(chapter, meta.allow_html))
        diags.extend(check_chapter_references(report, chapter, bodies[chapter.path],
                                              anchors, layout.figure_width_mm))
    diags.extend(language_diagnostics(report))  # spelling and LIX: warnings
    ordered = sorted(diags.items, key=lambda d: (str(d.file), d.line or 0, d.column or 0))
    return CheckResult(root, report, ordered)


def valid_report(folder: Path | str) -> tuple[Report, list[Diagnostic]]:
    """Check a report folder; return the report and its warnings, or raise ReportError
    with every finding. What build, publish and the preview run before rendering."""
    checked = check_report(folder)
    if checked.errors or checked.report is None:
        raise ReportError(checked.diagnostics)
    return checked.report, checked.warnings
