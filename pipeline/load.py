"""Stage 1: a report folder -> a validated :class:`~pipeline.model.Report`.

Everything an editor writes is validated here, once, into typed objects. Problems are
collected (not raised one by one) so that an editor sees every mistake in one go, each with
the file and line it comes from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import danish, keys, paths
from pipeline.errors import Diagnostic, Diagnostics, ReportError, error, warning
from pipeline.model import STATUSES, Chapter, Contact, Cover, KeyFigure, Kind, Report, ReportMeta
from pipeline.paths import allowed_roots, available_layouts, is_confined, walk_files
from pipeline.settings import DEFAULT_LAYOUT

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a chapter of 2 MB is ~300,000 words: surely a mistake
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
CONFIG_NAME = "report.yaml"


# --------------------------------------------------------------------------------------
# YAML with source positions


@dataclass
class YamlDoc:
    """Parsed YAML plus the 1-based (line, column) of every key and value."""

    data: Any
    value_marks: dict[tuple[Any, ...], tuple[int, int]]
    key_marks: dict[tuple[Any, ...], tuple[int, int]]
    scalars: dict[tuple[Any, ...], str]  # the text as written, e.g. "492.000" for a float

    def where(self, *path: Any) -> tuple[int | None, int | None]:
        mark = self.value_marks.get(tuple(path))
        return mark if mark else (None, None)

    def where_key(self, *path: Any) -> tuple[int | None, int | None]:
        mark = self.key_marks.get(tuple(path)) or self.value_marks.get(tuple(path))
        return mark if mark else (None, None)


MAX_YAML_BYTES = 64 * 1024  # report.yaml or one front matter; real ones are ~1 KB


class YamlProblem(yaml.MarkedYAMLError):
    """A YAML construct we refuse (aliases, duplicate keys, impossible dates), with its
    stable diagnostic code and the mark of the node at fault."""

    def __init__(self, code: str, problem: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.code, self.hint = code, hint


class ReportLoader(yaml.SafeLoader):
    """SafeLoader without aliases (refused when composed, before any expansion: no
    "billion laughs", no self-reference), with duplicate keys and impossible dates
    refused at the node that has them."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlProblem("yaml-alias", "YAML aliases ('*name') are not allowed",
                              event.start_mark, "write the value out in full")
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem("yaml-alias", f"YAML anchors ('&{anchor}') are not allowed",
                              event.start_mark, "remove the '&' name and write values in full")
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode,
                          deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise YamlProblem("duplicate-key",
                                      f"key '{key_node.value}' appears twice",
                                      key_node.start_mark, "keep one of them and remove the other")
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise YamlProblem("bad-date", f"'{node.value}' is not a real date ({exc})",
                              node.start_mark, "write an existing date as YEAR-MONTH-DAY, "
                              "like 2024-02-29") from None


ReportLoader.add_constructor("tag:yaml.org,2002:timestamp",
                             ReportLoader.construct_yaml_timestamp)


def safe_yaml(text: str) -> Any:
    """Load trusted-shaped YAML (layouts, our own files) with the same refusals."""
    loader = ReportLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_yaml(text: str, file: Path, line_offset: int, diags: Diagnostics) -> YamlDoc | None:
    """Parse ``text``; on a syntax error add a diagnostic and return None."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        diags.add(error(file, 1 + line_offset, None, "yaml-too-large",
                        f"the YAML is {size // 1024} KB, more than the "
                        f"{MAX_YAML_BYTES // 1024} KB allowed",
                        "keep long texts in the chapters, not in report.yaml or front matter"))
        return None
    try:
        loader = ReportLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        diags.add(error(file, line, None, "yaml-syntax",
                        f"invalid character {exc.character!r} in YAML",
                        "remove the invisible control character"))
        return None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YamlProblem as exc:
        mark = exc.problem_mark
        diags.add(error(file, mark.line + 1 + line_offset if mark else None,
                        mark.column + 1 if mark else None, exc.code, str(exc.problem),
                        exc.hint))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where: int | None = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or "invalid YAML"
        diags.add(error(file, where, column, "yaml-syntax", f"invalid YAML: {problem}",
                        "check indentation, and put text containing ':' or '#' in quotes"))
        return None
    except yaml.YAMLError as exc:  # e.g. a ReaderError: control characters
        diags.add(error(file, 1 + line_offset, None, "yaml-syntax",
                        f"invalid YAML: {str(exc).splitlines()[0]}"))
        return None
    except RecursionError:  # thousands of nested [ or {
        diags.add(error(file, 1 + line_offset, None, "yaml-too-deep",
                        "the YAML is nested too deeply", "use at most a few levels"))
        return None
    finally:
        loader.dispose()

    value_marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    key_marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    scalars: dict[tuple[Any, ...], str] = {}

    def walk(n: yaml.Node, path: tuple[Any, ...]) -> None:
        value_marks[path] = (n.start_mark.line + 1 + line_offset, n.start_mark.column + 1)
        if isinstance(n, yaml.ScalarNode):
            scalars[path] = n.value
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key = key_node.value
                key_marks[(*path, key)] = (key_node.start_mark.line + 1 + line_offset,
                                           key_node.start_mark.column + 1)
                walk(value_node, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for index, item in enumerate(n.value):
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return YamlDoc(data, value_marks, key_marks, scalars)


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


# --------------------------------------------------------------------------------------
# Field validation


class _Fields:
    """Reads typed fields from one YAML mapping, recording problems with their location."""

    def __init__(self, doc: YamlDoc, mapping: dict[str, Any], path: tuple[Any, ...],
                 file: Path, diags: Diagnostics) -> None:
        self.doc, self.mapping, self.path, self.file, self.diags = doc, mapping, path, file, diags

    def _err(self, key: str, code: str, message: str, hint: str | None = None) -> None:
        line, col = self.doc.where(*self.path, key)
        self.diags.add(error(self.file, line, col, code, message, hint))

    def check_keys(self, allowed: tuple[str, ...], where: str) -> None:
        for key in self.mapping:
            if key not in allowed:
                line, col = self.doc.where_key(*self.path, key)
                hint = did_you_mean(str(key), allowed) or (
                    "allowed keys: " + ", ".join(allowed))
                self.diags.add(error(self.file, line, col, "unknown-key",
                                     f"unknown key '{key}' in {where}", hint))

    def require(self, key: str, what: str) -> bool:
        if self.mapping.get(key) in (None, ""):
            line, col = self.doc.where(*self.path)
            self.diags.add(error(self.file, line or 1, col if line else None, "missing-key",
                                 f"required key '{key}' is missing", f"add '{key}: {what}'"))
            return False
        return True

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return default
        if isinstance(value, (bool, dict | list)):
            self._err(key, "wrong-type", f"'{key}' must be text, not {_type_name(value)}",
                      "write it as plain text on one line")
            return default
        if not isinstance(value, str):  # a number or date: keep it as the editor wrote it
            value = self.doc.scalars.get((*self.path, key), str(value))
        text = _typeset(key, str(value).strip())
        return text or default

    def integer(self, key: str) -> int | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._err(key, "wrong-type", f"'{key}' must be a whole number, not '{value}'",
                      f"write for example '{key}: 2023'")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._err(key, "wrong-type", f"'{key}' must be true or false, not '{value}'")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self._err(key, "wrong-type", f"'{key}' must be a date like 2023-05-09, not '{value}'",
                  "write the date as YEAR-MONTH-DAY")
        return None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (_typeset(key, value.strip()),)
        if not isinstance(value, list):
            self._err(key, "wrong-type", f"'{key}' must be a list, not {_type_name(value)}",
                      "write one item per line, each starting with '- '")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if item is None or isinstance(item, dict | list | bool):
                line, col = self.doc.where(*self.path, key, index)
                self.diags.add(error(self.file, line, col, "wrong-type",
                                     f"item {index + 1} of '{key}' must be text"))
                continue
            raw = item if isinstance(item, str) else self.doc.scalars.get(
                (*self.path, key, index), str(item))
            items.append(_typeset(key, str(raw).strip()))
        return tuple(items)

    def mapping_of(self, key: str) -> _Fields | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._err(key, "wrong-type", f"'{key}' must be a group of keys, not "
                      f"{_type_name(value)}", "indent its keys under it with two spaces")
            return None
        return _Fields(self.doc, value, (*self.path, key), self.file, self.diags)


# Keys whose values are names of files, addresses or codes: no typographic quotes there.
PLAIN_KEYS = frozenset({"layout", "language", "status", "email", "phone", "image", "chapters",
                        "download", "isbn", "kind"})


def _typeset(key: str, text: str) -> str:
    return text if key in PLAIN_KEYS else danish.typography(text)


def _type_name(value: object) -> str:
    return {dict: "a group of keys", list: "a list", bool: "true/false", int: "a number",
            float: "a number", str: "text"}.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------------------
# report.yaml

# The keys are declared once, with type, default and doc, in pipeline/keys.py.
REPORT_KEYS = keys.names(keys.REPORT)
CONTACT_KEYS = keys.names(keys.CONTACT)
COVER_KEYS = keys.names(keys.COVER)
KEY_FIGURE_KEYS = keys.names(keys.KEY_FIGURE)
MAX_KEY_FIGURES = 6
MAX_TITLE_CHARS = 70  # 3 lines on the cover; with 120 the title ran over the year and logo
MAX_SUBTITLE_CHARS = 120  # 2 lines under a 3-line title still clear the logo


def _load_meta(file: Path, diags: Diagnostics) -> ReportMeta | None:
    text = read_text(file, diags)
    if text is None:
        return None
    doc = parse_yaml(text, file, 0, diags)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        diags.add(error(file, 1, None, "not-a-mapping",
                        "report.yaml must consist of 'key: value' lines",
                        "start with 'title: ...' and 'year: ...'"))
        return None
    f = _Fields(doc, doc.data, (), file, diags)
    f.check_keys(REPORT_KEYS, "report.yaml")
    has_title = f.require("title", "The report's title")
    has_year = f.require("year", "2023")
    title = f.text("title")
    if title is not None and len(title) > MAX_TITLE_CHARS:
        f._err("title", "title-too-long", f"the title has {len(title)} characters, more "
               f"than the {MAX_TITLE_CHARS} that fit on the cover",
               "shorten it, and put the rest in 'subtitle:'")
        title = None
    subtitle = f.text("subtitle")
    if subtitle is not None and len(subtitle) > MAX_SUBTITLE_CHARS:
        f._err("subtitle", "title-too-long", f"the subtitle has {len(subtitle)} characters, "
               f"more than the {MAX_SUBTITLE_CHARS} that fit on the cover",
               "shorten it, and say the rest in the introduction")
    year = f.integer("year")
    if year is not None and not 1900 <= year <= 2200:
        f._err("year", "bad-value", f"year {year} is not plausible", "write a year like 2023")
        year = None

    status = f.text("status")
    if status is not None and status not in STATUSES:
        f._err("status", "bad-value", f"status must be one of {', '.join(STATUSES)}, "
               f"not '{status}'", did_you_mean(status, STATUSES))

    contact = None
    cf = f.mapping_of("contact")
    if cf is not None:
        cf.check_keys(CONTACT_KEYS, "contact")
        if cf.require("name", "Fornavn Efternavn"):
            email = cf.text("email")
            if email is not None and not EMAIL_RE.match(email):
                cf._err("email", "bad-email", f"'{email}' is not a valid e-mail address",
                        "write it like navn@almennet.dk")
            phone = cf.text("phone")
            if phone is not None and not PHONE_RE.match(phone):
                cf._err("phone", "bad-phone", f"'{phone}' is not a phone number",
                        "write digits and spaces, like 33 76 20 71")
            contact = Contact(name=cf.text("name") or "", role=cf.text("role"),
                              email=email, phone=phone)

    cover = None
    vf = f.mapping_of("cover")
    if vf is not None:
        vf.check_keys(COVER_KEYS, "cover")
        if vf.require("image", "images/forside.jpg"):
            if not vf.text("alt"):
                line, col = doc.where("cover")
                diags.add(error(file, line, col, "missing-alt",
                                "the cover image has no alt text",
                                "add 'alt:' under 'cover:' describing the picture for "
                                "readers who cannot see it"))
            cover = Cover(image=vf.text("image") or "", alt=vf.text("alt") or "",
                          credit=vf.text("credit"))

    themes = f.text_list("themes")
    layout = f.text("layout", DEFAULT_LAYOUT) or DEFAULT_LAYOUT
    layouts = available_layouts()
    if layout not in layouts:
        f._err("layout", "unknown-layout", f"unknown layout '{layout}'",
               (did_you_mean(layout, layouts) or "") +
               f" available layouts: {', '.join(layouts)}")

    chapters = f.text_list("chapters") if "chapters" in doc.data else None
    tokens = _tokens(f)
    key_figures = _key_figures(f)
    if not has_title or not has_year or title is None or year is None \
            or (subtitle is not None and len(subtitle) > MAX_SUBTITLE_CHARS):
        return None
    return ReportMeta(
        title=title, year=year, subtitle=subtitle,
        series=f.text("series", "AlmenRapport") or "AlmenRapport", status=status,
        owner=f.text("owner"), participants=f.text_list("participants"), contact=contact,
        themes=themes, layout=layout, cover=cover, chapters=chapters,
        language=f.text("language", "da") or "da", date=f.date("date"),
        publisher=f.text("publisher", "AlmenNet") or "AlmenNet",
        editors=f.text_list("editors"), design=f.text("design"),
        download=f.text("download"), isbn=f.text("isbn"), summary=f.text("summary"),
        funder=f.text("funder"), budget=f.text("budget"),
        allow_html=f.boolean("allow_html", False), tokens=tokens, key_figures=key_figures,
    )


def _key_figures(f: _Fields) -> tuple[KeyFigure, ...]:
    """``key_figures``: a list of {value, label}, the big numbers of a fact sheet."""
    value = f.mapping.get("key_figures")
    if value is None:
        return ()
    if not isinstance(value, list):
        f._err("key_figures", "wrong-type", f"'key_figures' must be a list, not "
               f"{_type_name(value)}", "write one '- value: ...' line per figure, with "
               "'label: ...' indented under it")
        return ()
    if len(value) > MAX_KEY_FIGURES:
        f._err("key_figures", "too-many", f"{len(value)} key figures are too many for one "
               f"page", f"choose the {MAX_KEY_FIGURES} most important (2 to 4 look best)")
    figures = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            line, col = f.doc.where("key_figures", index)
            f.diags.add(error(f.file, line, col, "wrong-type",
                              f"key figure {index + 1} must have 'value:' and 'label:'",
                              "write '- value: 492.000 kr.' and under it "
                              "'  label: projektøkonomi'"))
            continue
        kf = _Fields(f.doc, item, ("key_figures", index), f.file, f.diags)
        kf.check_keys(KEY_FIGURE_KEYS, f"key figure {index + 1}")
        has_value = kf.require("value", "492.000 kr.")
        has_label = kf.require("label", "projektøkonomi")
        number, label = kf.text("value"), kf.text("label")
        if has_value and has_label and number and label:
            figures.append(KeyFigure(value=number, label=label))
    return tuple(figures)


TOKEN_VALUE = {
    "colour": (re.compile(r"^#[0-9a-fA-F]{6}$"), 'a colour like "#0f5c4d" (in quotes)'),
    "length": (re.compile(r"^\d+(\.\d+)?(pt|mm)$"), "a size like 12pt or 4mm"),
}


def overridable_tokens() -> dict[str, str]:
    """Brand tokens a report may override, and their kind (layouts/_brand/overridable.yaml)."""
    path = paths.BRAND_DIR / "overridable.yaml"
    data = safe_yaml(path.read_text("utf-8")) if path.is_file() else None
    return {str(k): str(v) for k, v in (data or {}).items()}


def _tokens(f: _Fields) -> tuple[tuple[str, str], ...]:
    tf = f.mapping_of("tokens")
    if tf is None:
        return ()
    allowed = overridable_tokens()
    tf.check_keys(tuple(allowed), "tokens (brand tokens a report may override)")
    result = []
    for name, kind in allowed.items():
        value = tf.mapping.get(name)
        if value is None:
            continue
        pattern, example = TOKEN_VALUE[kind]
        if not pattern.match(str(value)):
            tf._err(name, "bad-token", f"token '{name}' must be {example}, not '{value}'")
            continue
        result.append((name, str(value)))
    return tuple(result)


# --------------------------------------------------------------------------------------
# Chapters

CHAPTER_KEYS = keys.names(keys.CHAPTER)


def read_text(file: Path, diags: Diagnostics) -> str | None:
    try:
        size = file.stat().st_size
        if size > MAX_TEXT_BYTES:
            diags.add(error(file, None, None, "file-too-large",
                            f"file is {size // 1024} KB, more than the "
                            f"{MAX_TEXT_BYTES // 1024} KB a report file may be",
                            "split it into several chapter files"))
            return None
        raw = file.read_bytes()
    except OSError as exc:
        diags.add(error(file, None, None, "unreadable", f"cannot read file: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.add(error(file, line, column, "not-utf8", "file is not valid UTF-8 text",
                        "save the file as UTF-8 in your editor"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$")


ATX_TITLE_RE = re.compile(r"^ {0,3}# +(.*?)(?: +#+)? *$")
SETEXT_TITLE_RE = re.compile(r"^ {0,3}=+ *$")


def leading_title(body: str) -> tuple[str, int] | None:
    """The body's leading level-1 heading (``# Title``, or ``Title`` underlined with ``===``)
    as Obsidian, Typora, Quarto and pandoc's Word reader write it: (its text, how many
    lines of the body it and the blank lines before it take), or None."""
    lines = body.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    match = ATX_TITLE_RE.match(lines[index])
    if match and match.group(1).strip():
        return match.group(1).strip(), index + 1
    if index + 1 < len(lines) and lines[index].strip() and \
            SETEXT_TITLE_RE.match(lines[index + 1]):
        return lines[index].strip(), index + 2
    return None


def _same_title(a: str, b: str) -> bool:
    def plain(text: str) -> str:
        return " ".join(danish.typography(text.replace("*", "").replace("_", " ")).split())
    return plain(a).casefold() == plain(b).casefold()


def split_front_matter(text: str, file: Path,
                       diags: Diagnostics) -> tuple[str, int, str, int] | None:
    """Return (front matter, its first line, body, body's first line) or None.

    A file without front matter that starts with a ``# Title`` line (Markdown as most
    editors write it) has empty front matter; the title comes from that heading."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        if leading_title(text) is not None:
            return "", 1, text, 1
        diags.add(error(file, 1, 1, "missing-front-matter",
                        "the chapter must start with front matter or a '# Title' line",
                        "put '---', 'title: ...', 'kind: chapter' and '---' on the first lines, "
                        "or start the file with '# The chapter's title'"))
        return None
    for index in range(1, len(lines)):
        if FRONT_MATTER_END.match(lines[index]):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, 2, body, index + 2
    diags.add(error(file, 1, 1, "unclosed-front-matter",
                    "the front matter is never closed",
                    "add a line with '---' after the last front-matter key"))
    return None


def chapter_slug(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")
    return "kap-" + (slug or "x")


def load_chapter(file: Path, diags: Diagnostics) -> Chapter | None:
    text = read_text(file, diags)
    if text is None:
        return None
    parts = split_front_matter(text, file, diags)
    if parts is None:
        return None
    front, front_line, body, body_line = parts
    # A chapter whose front matter is broken is still returned for its text to be checked
    # (the error is recorded, so it is never built): one run shows every mistake.
    unread = Chapter(path=file, slug=chapter_slug(file), title=file.stem, kind=Kind.CHAPTER,
                     body=body, body_line=body_line)
    doc = parse_yaml(front, file, front_line - 1, diags) if front.strip() else \
        YamlDoc({}, {}, {}, {})
    if doc is None:
        return unread
    if not isinstance(doc.data, dict):
        diags.add(error(file, front_line, 1, "not-a-mapping",
                        "front matter must consist of 'key: value' lines",
                        "write at least 'title: ...'"))
        return unread
    f = _Fields(doc, doc.data, (), file, diags)
    f.check_keys(CHAPTER_KEYS, "the front matter")
    # A leading '# Title' is the chapter's title: taken as the title when the front matter
    # has none, dropped when it repeats the front matter's (so it is not printed twice).
    heading = leading_title(body)
    given = f.text("title")
    title: str | None = given
    if heading is not None and (given is None or _same_title(heading[0], given)):
        title = given or _typeset("title", heading[0])
        skipped = heading[1]
        body = "\n".join(body.split("\n")[skipped:])
        body_line += skipped
    if title is None and not f.require("title", "The chapter's title"):
        return unread
    kind_text = f.text("kind", "chapter") or "chapter"
    kinds = tuple(k.value for k in Kind)
    if kind_text not in kinds:
        f._err("kind", "unknown-kind", f"unknown kind '{kind_text}'",
               (did_you_mean(kind_text, kinds) or "") + " use chapter, meeting or case")
        return None
    if not body.strip():
        diags.add(error(file, body_line, None, "empty-chapter", "the chapter has no text",
                        "write the chapter's text below the front matter, or remove the file"))
    kind = Kind(kind_text)
    organisation, place = f.text("organisation"), f.text("place")
    if kind is Kind.CASE and not organisation:
        diags.add(warning(file, front_line, 1, "case-without-organisation",
                          "a case should name its organisation",
                          "add 'organisation: ...' (and 'place: ...') to the front matter"))
    return Chapter(path=file, slug=chapter_slug(file), title=title or "",
                   kind=kind, body=body, body_line=body_line, date=f.date("date"),
                   place=place, organisation=organisation, summary=f.text("summary"))


def _chapter_files(root: Path, meta: ReportMeta, config: Path,
                   diags: Diagnostics) -> list[Path]:
    roots = allowed_roots(root)
    if meta.chapters is None:
        files = []
        for path in sorted(root.glob("*.md")):
            if _refuse_symlink(path, roots, diags):
                continue
            if path.is_file():
                files.append(path)
        return files
    files = []
    existing = sorted(p.name for p in root.glob("*.md"))
    for index, name in enumerate(meta.chapters):
        path = root / name
        if path.is_symlink() and not is_confined(path, roots):
            _refuse_symlink(path, roots, diags)
            continue
        if not path.is_file() or path.resolve().parent != root.resolve():
            line, column = _position_of_list_item(config, "chapters", index)
            diags.add(error(config, line, column, "missing-chapter",
                            f"chapter file '{name}' does not exist",
                            did_you_mean(name, existing)))
            continue
        files.append(path)
    return files


def _refuse_symlink(path: Path, roots: tuple[Path, ...], diags: Diagnostics) -> bool:
    """A symlink whose target lies outside the report, layouts and assets is refused
    (and never opened); True when it was."""
    if not path.is_symlink() or is_confined(path, roots):
        return False
    diags.add(error(path, None, None, "outside-symlink",
                    f"'{path.name}' is a symbolic link to a file outside the report folder",
                    "copy the file into the report folder instead of linking to it"))
    return True


def _position_of_list_item(config: Path, key: str,
                           index: int) -> tuple[int | None, int | None]:
    scratch = Diagnostics()
    doc = parse_yaml(config.read_text("utf-8"), config, 0, scratch)
    return doc.where(key, index) if doc else (None, None)


def load_report(folder: Path | str, *, diagnostics: Diagnostics | None = None) -> Report:
    """Load and validate a report folder.

    Raises :class:`ReportError` listing every error found. Warnings are added to
    ``diagnostics`` when given (and otherwise dropped).
    """
    root = Path(folder)
    diags = Diagnostics()
    config = root / CONFIG_NAME
    if not root.is_dir():
        raise ReportError([error(root, None, None, "no-report",
                                 "report folder does not exist")])
    if config.is_symlink() and not is_confined(config, allowed_roots(root)):
        raise ReportError([error(config, None, None, "outside-symlink",
                                 "report.yaml is a symbolic link to a file outside the "
                                 "report folder",
                                 "copy the file into the report folder instead of linking")])
    if not config.is_file():
        raise ReportError([error(config, None, None, "no-config",
                                 "the folder has no report.yaml",
                                 "every report folder needs a report.yaml with title and year")])
    meta = _load_meta(config, diags)
    # With report.yaml broken, the chapters are still read (every *.md, in name order), so
    # their mistakes are reported in the same run.
    readable = meta or ReportMeta(title="", year=0)
    chapters: list[Chapter] = []
    files = _chapter_files(root, readable, config, diags)
    if meta is not None and not files and not diags.errors:
        diags.add(error(config, None, None, "no-chapters", "the report has no chapters",
                        "add Markdown files (*.md) to the report folder"))
    for file in files:
        chapter = load_chapter(file, diags)
        if chapter is not None:
            chapters.append(chapter)
    if diagnostics is not None:
        diagnostics.extend(diags)
    if diags.errors or meta is None:
        partial = Report(root=root, slug=root.resolve().name, meta=readable,
                         chapters=tuple(chapters), config_path=config)
        raise ReportError(diags.items if diags.errors else [
            error(config, None, None, "invalid", "report.yaml is invalid")], partial=partial)
    inputs = [config, *(c.path for c in chapters)]
    inputs += [p for p in walk_files(root, allowed_roots(root)) if p not in inputs]
    return Report(root=root, slug=root.resolve().name, meta=meta, chapters=tuple(chapters),
                  config_path=config, files=tuple(inputs))


Validator = Callable[[Report], list[Diagnostic]]
