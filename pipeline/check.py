"""``almen check``: validate a report without rendering it, and report every problem.

Runs the load-time validation (report.yaml, front matter) and then checks the Markdown
itself: directive names, unclosed containers, heading levels, footnotes, duplicate titles,
images (existence, readability, alt text, resolution) and links. Never imports
WeasyPrint, so it is fast.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline import paths, verdicts
from pipeline.errors import Diagnostic, Diagnostics, ReportError, Severity, error, warning
from pipeline.language import language_diagnostics
from pipeline.layout import Layout, load_layout
from pipeline.load import did_you_mean, load_report
from pipeline.markdown import DIRECTIVES, ParsedChapter, parse_chapter
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
    layout: Layout | None = None
    chapters: tuple[ParsedChapter, ...] = ()  # parsed once; what every edition renders

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
                found.append(error(chapter.path, line, column, "stray-close",
                                   "':::' closes nothing (it would be printed as text)",
                                   "remove the line"))
            continue
        if name not in DIRECTIVES:
            found.append(error(chapter.path, line, match.start(2) + 1, "unknown-directive",
                               f"unknown directive '{name}'",
                               did_you_mean(name, DIRECTIVES) or
                               f"use one of: {', '.join(DIRECTIVES)}"))
        elif stack:  # the inner ':::' would close the outer box and lose text
            outer_line, outer, _ = stack[-1]
            found.append(error(chapter.path, line, column, "nested-directive",
                               f"'::: {name}' inside '::: {outer}' (line {outer_line}): "
                               "boxes cannot be put inside each other",
                               f"close the '{outer}' box with ':::' before opening the next"))
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
            if len(references) == MAX_FOOTNOTES + 1 and len(references[ref.group(1)]) == 1:
                found.append(error(chapter.path, line, ref.start() + 1, "too-many-footnotes",
                                   f"more than {MAX_FOOTNOTES} footnotes in one chapter",
                                   "move notes into the text or a source list; or split the "
                                   "chapter"))
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


MAX_FOOTNOTES = 300  # per chapter; layout time grows fast with notes (1,000 took 75 s)
MAX_WORD_CHARS = 80  # a longer 'word' cannot be hyphenated and runs off the page
WORD_RE = re.compile(rf"[^\s/]{{{MAX_WORD_CHARS + 1},}}")
FONT_FILES = ("lato/Lato-Regular.ttf", "noto-serif/NotoSerif-Regular.ttf")


@cache
def brand_characters() -> frozenset[int]:
    """Every code point the brand fonts (Lato, Noto Serif) can show."""
    files = [path for name in FONT_FILES
             if (path := paths.ASSETS_DIR / "fonts" / name).is_file()]
    name = verdicts.key("brand-characters", files=files)
    remembered = verdicts.recall(name)
    if isinstance(remembered, list):
        return frozenset(int(code) for code in remembered)
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for path in files:
        with TTFont(path, lazy=True) as font:
            found.update(font.getBestCmap() or {})
    verdicts.remember(name, sorted(found))
    return frozenset(found)


def _uncovered(text: str) -> list[tuple[int, str]]:
    """(0-based index, character) of characters no brand font has; blanks and
    invisible format characters excluded."""
    covered = brand_characters()
    if not covered:
        return []
    return [(i, c) for i, c in enumerate(text)
            if ord(c) not in covered and not c.isspace()
            and unicodedata.category(c) not in ("Cc", "Cf")]


def check_text(file: Path, lines: list[tuple[int, str, bool]]) -> list[Diagnostic]:
    """Characters the brand fonts do not have (Arabic, Hebrew, CJK, ...), which would
    pull a system font into the PDF, and words too long to fit a line."""
    found: list[Diagnostic] = []
    for line, text, in_code in lines:
        missing = _uncovered(text)
        if missing:
            chars = "".join(dict.fromkeys(c for _, c in missing))[:20]
            names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}"
                              for c in list(dict.fromkeys(chars))[:3])
            found.append(error(file, line, missing[0][0] + 1, "missing-glyph",
                               f"the brand fonts cannot show '{chars}' ({names})",
                               "the PDF may only use Lato and Noto Serif: transliterate the "
                               "text, or show it as an image with alt text"))
        if in_code:
            continue
        for word in WORD_RE.finditer(text):
            if "://" in word.group() or word.group().startswith(("](", "(", "<", "www.")):
                continue
            found.append(warning(file, line, word.start() + 1, "long-word",
                                 f"a word of {len(word.group())} characters cannot be broken "
                                 "and runs off the page",
                                 "add spaces or hyphens, or shorten it"))
            break
    return found


#: The text column a figure's resolution is judged at when the layout is not known (a
#: report.yaml too broken to name it): the almenrapport layout's.
DEFAULT_FIGURE_WIDTH_MM = 170.0

MAX_DEPTH = 16  # token nesting levels (a list item is two); WeasyPrint fails near 150


def check_headings(chapter: Chapter, parsed: ParsedChapter) -> list[Diagnostic]:
    """Heading levels, and nesting too deep to lay out (refused before WeasyPrint)."""
    found: list[Diagnostic] = []
    previous = 1  # the chapter title is the level-1 heading
    tokens = parsed.tokens
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
                               f"a '#' heading in the text competes with the chapter title "
                               f"'{chapter.title}'",
                               "the chapter has one '#' title (in the front matter, or as its "
                               "first line); start the headings in the text at '##'"))
        elif level > previous + 1:
            found.append(error(chapter.path, line, 1, "heading-skip",
                               f"heading level {level} follows level {previous}: a level is "
                               "skipped", f"use {'#' * (previous + 1)} here"))
        previous = level
    return found


def check_chapter_references(report: Report, chapter: Chapter, body: ParsedChapter,
                             anchors: set[str], figure_width_mm: float) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for image in body.images:
        name = unquote(image.src)
        line, column = chapter.locate(image.line, f"({name}", start="![")
        if column is None:  # written in <...>, the form for names with spaces
            line, column = chapter.locate(image.line, f"(<{name}", start="![")
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


def check_report(folder: Path | str, *, language: bool = True) -> CheckResult:
    """Validate one report folder; never raises for problems in the report.

    ``language``: also the Danish spelling and readability checks (warnings; about a
    second for a 40-page report). ``almen check`` runs them; a build, a publish and the
    preview do not, since they change nothing in the output."""
    root = Path(folder)
    diags = Diagnostics()
    try:
        report = load_report(root, diagnostics=diags)
    except ReportError as exc:
        known = set(diags.items)
        found = Diagnostics()
        found.extend([*diags.items, *(d for d in exc.diagnostics if d not in known)])
        if exc.partial is not None:
            # report.yaml is broken, but the chapters that could be read are checked too:
            # one run shows every independent mistake, not one wave at a time
            check_chapters(exc.partial, DEFAULT_FIGURE_WIDTH_MM, found)
        items = list(dict.fromkeys(found.items))
        return CheckResult(root, None, sorted(items, key=lambda d: (str(d.file), d.line or 0,
                                                                    d.column or 0)))
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

    config_lines = report.config_path.read_text("utf-8").split("\n")
    diags.extend(check_text(report.config_path,
                            [(i + 1, t, True) for i, t in enumerate(config_lines)]))
    bodies = check_chapters(report, layout.figure_width_mm, diags)
    diags.extend(check_folder_name(report))
    if language:
        diags.extend(language_diagnostics(report))  # spelling and LIX: warnings
    ordered = sorted(diags.items, key=lambda d: (str(d.file), d.line or 0, d.column or 0))
    return CheckResult(root, report, ordered, layout,
                       tuple(bodies[c.path] for c in report.chapters))


def check_folder_name(report: Report) -> list[Diagnostic]:
    """A folder name ``almen publish`` would refuse (the website's address): said at
    ``check`` already, as a warning, so it does not surprise at publishing time."""
    from pipeline.errors import BuildError
    from pipeline.slugs import check_slug

    try:
        check_slug(report.root)
    except BuildError as exc:
        return [warning(report.config_path, None, None, "bad-folder-name",
                        exc.format_message().split(": ", 1)[-1])]
    return []


def check_chapters(report: Report, figure_width_mm: float,
                   diags: Diagnostics) -> dict[Path, ParsedChapter]:
    """Every check of the chapters' text, on the tokens parsed once (returned by file)."""
    meta = report.meta
    titles: dict[str, Chapter] = {}
    anchors: set[str] = set()
    bodies: dict[Path, ParsedChapter] = {}
    for chapter in report.chapters:
        anchors.add(chapter.slug)
        body = bodies[chapter.path] = parse_chapter(
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
        front = chapter.path.read_text("utf-8").split("\n")[: chapter.body_line - 1]
        diags.extend(check_text(chapter.path, [(i + 1, t, True) for i, t in enumerate(front)]))
        diags.extend(check_text(chapter.path, _body_lines(chapter)))
        diags.extend(check_footnotes(chapter))
        diags.extend(check_headings(chapter, bodies[chapter.path]))
        diags.extend(check_chapter_references(report, chapter, bodies[chapter.path],
                                              anchors, figure_width_mm))
    return bodies


@dataclass(frozen=True, slots=True)
class Checked:
    """A report that passed its checks: what the rest of the recipe renders."""

    report: Report
    layout: Layout
    chapters: tuple[ParsedChapter, ...]   # each chapter's tokens, parsed once
    warnings: tuple[Diagnostic, ...] = ()


def valid_report(folder: Path | str) -> Checked:
    """Check a report folder; return it checked and parsed, or raise ReportError with
    every finding. What build, publish and the preview run before rendering."""
    result = check_report(folder, language=False)
    if result.errors or result.report is None or result.layout is None:
        raise ReportError(result.diagnostics)
    return Checked(result.report, result.layout, result.chapters, tuple(result.warnings))
