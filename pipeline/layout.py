"""Layouts: a folder ``layouts/NAME/`` with a ``layout.yaml`` manifest, Jinja2 templates
and stylesheets built on the shared brand tokens in ``layouts/_brand/``.

The manifest is validated field by field when a layout is loaded, and so is what it
points to: the template (Jinja2 syntax, that it extends the shared base, that every block
it fills exists in the base), the stylesheets (every colour a brand token, every font a
brand font, every ``var(--token)`` defined, every ``url()`` present) and the fonts (declared
in ``_brand/fonts.css``, files under ``assets/fonts/``). Every problem is reported at once
with its file and line, like the rest of the pipeline. docs/designer.md explains the system.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote

import jinja2
import jinja2.meta
import jinja2.nodes
import tinycss2
import tinycss2.ast

from pipeline.errors import Diagnostic, Diagnostics, ReportError, error
from pipeline.load import YamlDoc, did_you_mean, parse_yaml, read_text
from pipeline.paths import ASSETS_DIR, BRAND_DIR, LAYOUTS_DIR, available_layouts, tree_signature

MANIFEST_NAME = "layout.yaml"
BASE_TEMPLATE = "base.html.j2"
LAYOUT_KEYS = ("name", "description", "page_size", "template", "stylesheets", "fonts",
               "images")
REQUIRED_KEYS = ("name", "description", "template", "stylesheets", "fonts")
IMAGE_KEYS = ("figure_width_mm", "cover_width_mm")
IMAGE_DEFAULTS = {"figure_width_mm": 170.0, "cover_width_mm": 216.0}
PAGE_SIZE_RE = re.compile(
    r"^(?:(?:A[3-6]|B[4-5]|JIS-B[4-5]|letter|legal)(?: (?:portrait|landscape))?"
    r"|\d+(?:\.\d+)?mm \d+(?:\.\d+)?mm)$", re.IGNORECASE)
FONT_FILE_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")

# Colour notations a layout's own stylesheet may not use: colours come from the tokens.
COLOUR_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab",
                              "oklch", "color", "color-mix"})
NAMED_COLOURS = frozenset({
    "black", "white", "red", "green", "blue", "yellow", "orange", "purple", "pink",
    "brown", "gray", "grey", "silver", "maroon", "navy", "teal", "olive", "lime", "aqua",
    "fuchsia", "cyan", "magenta", "gold", "beige", "ivory", "khaki", "lightgray",
    "lightgrey", "darkgray", "darkgrey", "darkgreen", "darkblue", "darkred", "whitesmoke",
})
FONT_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert"})


@dataclass(frozen=True, slots=True)
class Layout:
    """A validated layout (see ``layouts/NAME/layout.yaml`` and docs/designer.md)."""

    name: str
    description: str
    folder: Path
    template: str
    stylesheets: tuple[Path, ...]
    figure_width_mm: float
    cover_width_mm: float
    page_size: str = "A4"
    fonts: tuple[str, ...] = ()          # brand font families the layout uses
    font_files: tuple[Path, ...] = ()    # their files under assets/fonts/

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST_NAME

    @property
    def brand_dir(self) -> Path:
        return self.folder.parent / "_brand"

    @property
    def base_dir(self) -> Path:
        return self.folder.parent / "_base"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return (self.folder, self.base_dir)

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders this layout may read resources from."""
        return (self.folder, self.brand_dir, self.base_dir)


# --------------------------------------------------------------------------------------
# The manifest


class _Manifest:
    """Typed access to the manifest's keys, recording problems with their location."""

    def __init__(self, file: Path, doc: YamlDoc, diags: Diagnostics) -> None:
        self.file, self.doc, self.diags = file, doc, diags
        self.data: dict[Any, Any] = doc.data

    def err(self, path: tuple[Any, ...], code: str, message: str,
            hint: str | None = None) -> None:
        line, col = self.doc.where(*path)
        self.diags.add(error(self.file, line or 1, col if line else None, code, message, hint))

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dict | list | bool):
            self.err((key,), "wrong-type", f"'{key}' must be text",
                     "write it on one line after the colon")
            return None
        return str(self.doc.scalars.get((key,), value)).strip() or None

    def text_list(self, key: str) -> list[tuple[int, str]]:
        """(index, text) for each item of a list of texts."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.err((key,), "wrong-type", f"'{key}' must be a list",
                     "write one item per line, each starting with '- '")
            return []
        items = []
        for index, item in enumerate(value):
            if item is None or isinstance(item, dict | list | bool):
                self.err((key, index), "wrong-type", f"item {index + 1} of '{key}' must be text")
                continue
            items.append((index, str(self.doc.scalars.get((key, index), item)).strip()))
        return items


def _layout_error(folder: Path, name: str, code: str, message: str) -> ReportError:
    names = _available(folder.parent)
    hint = (did_you_mean(name, names) or "") + f" available layouts: {', '.join(names)}"
    return ReportError([error(folder / MANIFEST_NAME, None, None, code, message,
                              hint.strip())])


def _available(layouts_dir: Path) -> tuple[str, ...]:
    if layouts_dir == LAYOUTS_DIR:
        return available_layouts()
    if not layouts_dir.is_dir():
        return ()
    return tuple(sorted(p.name for p in layouts_dir.iterdir() if p.is_dir()
                        and not p.name.startswith(("_", ".")) and (p / MANIFEST_NAME).is_file()))


_CACHE: dict[tuple[str, Path], tuple[tuple[tuple[str, int, int], ...], Layout]] = {}


def load_layout(name: str, *, layouts_dir: Path | None = None) -> Layout:
    """Load and validate ``layouts/NAME``; raise :class:`ReportError` listing every problem.

    A layout validated before in this process is returned from a cache as long as none of
    its files (nor the brand's or the base template's) changed.
    """
    layouts_dir = layouts_dir or LAYOUTS_DIR
    key = (name, layouts_dir)
    signature = tree_signature(layouts_dir / name, layouts_dir / "_brand", layouts_dir / "_base")
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    layout = _load_layout(name, layouts_dir)
    _CACHE[key] = (signature, layout)
    return layout


def _load_layout(name: str, layouts_dir: Path) -> Layout:
    folder = layouts_dir / name
    manifest = folder / MANIFEST_NAME
    if not name or name.startswith(("_", ".")) or "/" in name or not manifest.is_file():
        raise _layout_error(folder, name, "unknown-layout", f"unknown layout '{name}'")
    diags = Diagnostics()
    text = read_text(manifest, diags)
    doc = parse_yaml(text, manifest, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(
            manifest, 1, None, "bad-layout", "layout.yaml must consist of 'key: value' lines",
            "start with 'name: ...' and 'description: ...'")])
    m = _Manifest(manifest, doc, diags)
    for key in doc.data:
        if key not in LAYOUT_KEYS:
            line, col = doc.where_key(key)
            diags.add(error(manifest, line, col, "unknown-key",
                            f"unknown key '{key}' in layout.yaml",
                            did_you_mean(str(key), LAYOUT_KEYS) or
                            "allowed keys: " + ", ".join(LAYOUT_KEYS)))
    for key in REQUIRED_KEYS:
        if doc.data.get(key) in (None, "", []):
            diags.add(error(manifest, 1, None, "missing-key",
                            f"required key '{key}' is missing in layout.yaml",
                            f"add '{key}: ...' (see docs/designer.md)"))

    layout_name = m.text("name")
    if layout_name is not None and layout_name != folder.name:
        m.err(("name",), "bad-name", f"name '{layout_name}' differs from the folder name "
              f"'{folder.name}'", f"write 'name: {folder.name}'; reports choose a layout by "
              "its folder name")
    description = m.text("description") or ""
    page_size = m.text("page_size") or "A4"
    if not PAGE_SIZE_RE.match(page_size):
        m.err(("page_size",), "bad-page-size", f"page_size '{page_size}' is not a page size",
              "write A4, A5, A4 landscape, letter, or a width and height like '210mm 297mm'")
        page_size = "A4"

    brand_dir = layouts_dir / "_brand"
    brand_fonts = brand_font_families(brand_dir, diags)
    fonts, font_files = _fonts(m, brand_fonts)
    template = _template(m, folder, layouts_dir)
    stylesheets = _stylesheets(m, folder, brand_dir, fonts)
    widths = _image_widths(m)
    if diags.errors:
        raise ReportError(diags.items)
    return Layout(name=folder.name, description=description, folder=folder,
                  template=template, stylesheets=tuple(stylesheets),
                  figure_width_mm=widths["figure_width_mm"],
                  cover_width_mm=widths["cover_width_mm"], page_size=page_size,
                  fonts=tuple(fonts), font_files=tuple(font_files))


def _image_widths(m: _Manifest) -> dict[str, float]:
    widths = dict(IMAGE_DEFAULTS)
    images = m.data.get("images")
    if images is None:
        return widths
    if not isinstance(images, dict):
        m.err(("images",), "wrong-type", "'images' must be a group of keys",
              "indent figure_width_mm and cover_width_mm under it with two spaces")
        return widths
    for key, value in images.items():
        if key not in IMAGE_KEYS:
            line, col = m.doc.where_key("images", key)
            m.diags.add(error(m.file, line, col, "unknown-key",
                              f"unknown key '{key}' in images",
                              did_you_mean(str(key), IMAGE_KEYS) or
                              "allowed keys: " + ", ".join(IMAGE_KEYS)))
        elif isinstance(value, bool) or not isinstance(value, int | float) \
                or not 10 <= value <= 1000:
            m.err(("images", key), "bad-value",
                  f"'{key}' must be a width in millimetres between 10 and 1000, not '{value}'",
                  f"write for example '{key}: 170'")
        else:
            widths[key] = float(value)
    return widths


# --------------------------------------------------------------------------------------
# Fonts


def brand_font_families(brand_dir: Path, diags: Diagnostics) -> dict[str, list[Path]]:
    """Font families declared with @font-face in ``_brand/fonts.css``, with their files."""
    path = brand_dir / "fonts.css"
    families: dict[str, list[Path]] = {}
    text = read_text(path, diags) if path.is_file() else None
    if text is None:
        return families
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if not isinstance(rule, tinycss2.ast.AtRule) or rule.lower_at_keyword != "font-face":
            continue
        family, files = None, []
        for decl in _declarations(rule.content):
            if decl.lower_name == "font-family":
                names = [t.value for t in decl.value
                         if isinstance(t, tinycss2.ast.StringToken | tinycss2.ast.IdentToken)]
                family = " ".join(names) or None
            elif decl.lower_name == "src":
                for url, line, col in _urls(decl.value):
                    file = (path.parent / unquote(url)).resolve()
                    if not file.is_file():
                        diags.add(error(path, line, col, "missing-font",
                                        f"font file '{url}' does not exist"))
                    elif not file.is_relative_to((ASSETS_DIR / "fonts").resolve()):
                        diags.add(error(path, line, col, "outside-font",
                                        f"font file '{url}' is not under assets/fonts/",
                                        "copy the font and its licence into assets/fonts/"))
                    files.append(file)
        if family:
            families.setdefault(family, []).extend(files)
    return families


def _fonts(m: _Manifest, brand_fonts: dict[str, list[Path]]) -> tuple[list[str], list[Path]]:
    """The manifest's ``fonts``: brand families (or font files under assets/fonts/)."""
    fonts_dir = ASSETS_DIR / "fonts"
    families: list[str] = []
    files: list[Path] = []
    for index, item in m.text_list("fonts"):
        if item.lower().endswith(FONT_FILE_SUFFIXES):
            path = (fonts_dir / item).resolve()
            if not path.is_file() or not path.is_relative_to(fonts_dir.resolve()):
                m.err(("fonts", index), "missing-font",
                      f"font file '{item}' does not exist under assets/fonts/",
                      "name a brand family such as 'Lato', or a file like "
                      "'lato/Lato-Regular.ttf'")
                continue
            owners = [f for f, paths in brand_fonts.items() if path in paths]
            if not owners:
                m.err(("fonts", index), "undeclared-font",
                      f"font file '{item}' is not declared in _brand/fonts.css",
                      "add an @font-face rule for it to layouts/_brand/fonts.css")
                continue
            families.extend(f for f in owners if f not in families)
            files.append(path)
        elif item in brand_fonts:
            if item not in families:
                families.append(item)
            files.extend(p for p in brand_fonts[item] if p not in files)
        else:
            m.err(("fonts", index), "unknown-font", f"font '{item}' is not a brand font",
                  did_you_mean(item, tuple(brand_fonts)) or
                  "brand fonts (layouts/_brand/fonts.css): " + ", ".join(brand_fonts))
    return families, files


# --------------------------------------------------------------------------------------
# Templates


def _template(m: _Manifest, folder: Path, layouts_dir: Path) -> str:
    template = m.text("template") or "report.html.j2"
    path = folder / template
    if "/" in template or "\\" in template or not path.is_file():
        if "template" in m.data:
            m.err(("template",), "missing-template",
                  f"template '{template}' does not exist in {folder.name}/",
                  did_you_mean(template, sorted(p.name for p in folder.glob("*.j2"))))
        return template
    check_template(path, (folder, layouts_dir / "_base"), m.diags)
    return template


def _template_blocks(source: str, path: Path, env: jinja2.Environment,
                     diags: Diagnostics) -> jinja2.nodes.Template | None:
    try:
        return env.parse(source, path.name, str(path))
    except jinja2.TemplateSyntaxError as exc:
        diags.add(error(path, exc.lineno, None, "template-syntax",
                        f"template syntax error: {exc.message}",
                        "check that every {% block %} has its {% endblock %} and every "
                        "{{ … }} is closed"))
        return None


def check_template(path: Path, dirs: tuple[Path, ...], diags: Diagnostics) -> None:
    """Syntax, 'extends the base', and that every block the template fills exists there."""
    env = jinja2.Environment()
    base_path = dirs[-1] / BASE_TEMPLATE
    base_source = base_path.read_text("utf-8") if base_path.is_file() else ""
    base = _template_blocks(base_source, base_path, env, diags)
    base_blocks = tuple(b.name for b in base.find_all(jinja2.nodes.Block)) if base else ()
    source = read_text(path, diags)
    tree = _template_blocks(source, path, env, diags) if source is not None else None
    if tree is None:
        return
    parents = list(jinja2.meta.find_referenced_templates(tree))
    extends = [node for node in tree.body if isinstance(node, jinja2.nodes.Extends)]
    chain, seen = list(parents), {path.name}
    while chain and BASE_TEMPLATE not in seen:  # follow templates that extend others
        name = chain.pop()
        if name is None or name in seen:
            continue
        seen.add(name)
        found = next((d / name for d in dirs if (d / name).is_file()), None)
        if found is not None:
            parsed = _template_blocks(found.read_text("utf-8"), found, env, Diagnostics())
            if parsed is not None:
                chain.extend(jinja2.meta.find_referenced_templates(parsed))
    if not extends or BASE_TEMPLATE not in seen:
        diags.add(error(path, 1, None, "template-not-based",
                        f"the template does not extend the shared {BASE_TEMPLATE}",
                        f"begin it with {{% extends \"{BASE_TEMPLATE}\" %}} and fill its "
                        f"blocks: {', '.join(base_blocks)}"))
        return
    if extends and isinstance(extends[0].template, jinja2.nodes.Const) \
            and extends[0].template.value == BASE_TEMPLATE:
        for node in tree.body:
            if isinstance(node, jinja2.nodes.Block) and node.name not in base_blocks:
                diags.add(error(path, node.lineno, None, "unknown-block",
                                f"block '{node.name}' is not a block of {BASE_TEMPLATE}, so "
                                "it is never shown",
                                did_you_mean(node.name, base_blocks) or
                                "the base's blocks: " + ", ".join(base_blocks)))


def template_error(exc: jinja2.TemplateError) -> Diagnostic:
    """A template failure while rendering, located at the template's file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return error(Path(exc.filename), exc.lineno, None, "template-syntax",
                     f"template syntax error: {exc.message}")
    file, line = None, None
    tb: TracebackType | None = exc.__traceback__ or sys.exc_info()[2]
    while tb is not None:  # Jinja rewrites frames to template file names and lines
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".jinja")):
            file, line = Path(name), tb.tb_lineno
        tb = tb.tb_next
    message = exc.message or type(exc).__name__
    return error(file or Path(BASE_TEMPLATE), line, None, "template-error",
                 f"template error: {message}",
                 "check the names used in {{ … }} against docs/designer.md")


# --------------------------------------------------------------------------------------
# Stylesheets


def _stylesheets(m: _Manifest, folder: Path, brand_dir: Path, fonts: list[str]) -> list[Path]:
    stylesheets: list[Path] = []
    own: list[tuple[Path, int]] = []
    roots = (folder.resolve(), brand_dir.resolve())
    for index, sheet in m.text_list("stylesheets"):
        path = (folder / sheet).resolve()
        if not path.is_file():
            m.err(("stylesheets", index), "missing-stylesheet",
                  f"stylesheet '{sheet}' does not exist",
                  did_you_mean(sheet, sorted(p.name for p in folder.glob("*.css"))))
            continue
        if not any(path.is_relative_to(root) for root in roots):
            m.err(("stylesheets", index), "outside-stylesheet",
                  f"stylesheet '{sheet}' is outside the layout and the brand folder",
                  "a layout may load stylesheets from its own folder and ../_brand/")
            continue
        if path.suffix != ".css":
            m.err(("stylesheets", index), "not-a-stylesheet",
                  f"'{sheet}' is not a .css file")
            continue
        stylesheets.append(path)
        if path.is_relative_to(folder.resolve()):
            own.append((path, index))
    names = [p.name for p in stylesheets if p.parent == brand_dir.resolve()]
    for required in ("tokens.css", "fonts.css"):
        if m.data.get("stylesheets") and required not in names \
                and (brand_dir / required).is_file():
            m.err(("stylesheets",), "missing-brand",
                  f"the stylesheets do not include the brand's {required}",
                  f"add '- ../_brand/{required}' before the layout's own stylesheet")
    brand_sheets = {p for p in stylesheets if p.parent == brand_dir.resolve()}
    brand_sheets |= {p for p in (brand_dir / "tokens.css",) if p.is_file()}
    tokens = defined_tokens(sorted(brand_sheets))
    for path, _ in own:
        tokens |= defined_tokens([path])
    for path, _ in own:
        lint_stylesheet(path, fonts, tokens, (*roots, ASSETS_DIR.resolve()), m.diags)
    return stylesheets


def _declarations(content: list[Any] | None) -> list[Any]:
    """Declarations in a block, including those of nested rules (@page margin boxes)."""
    found = []
    for item in tinycss2.parse_blocks_contents(content or [], skip_comments=True,
                                              skip_whitespace=True):
        if isinstance(item, tinycss2.ast.Declaration):
            found.append(item)
        elif isinstance(item, tinycss2.ast.QualifiedRule | tinycss2.ast.AtRule):
            found.extend(_declarations(item.content))
    return found


def _rules(text: str) -> list[Any]:
    return tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)


def _all_declarations(rules: list[Any]) -> list[Any]:
    found = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            found.extend(_declarations(rule.content))
        elif isinstance(rule, tinycss2.ast.AtRule) and rule.content is not None:
            if rule.lower_at_keyword == "font-face":
                continue  # only in _brand/fonts.css; a layout's own is reported apart
            if rule.lower_at_keyword in ("media", "supports"):
                found.extend(_all_declarations(_rules(tinycss2.serialize(rule.content))))
            else:
                found.extend(_declarations(rule.content))
    return found


def _walk(tokens: list[Any]):
    for token in tokens:
        yield token
        if isinstance(token, tinycss2.ast.FunctionBlock):
            yield from _walk(token.arguments)
        elif isinstance(token, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock
                        | tinycss2.ast.CurlyBracketsBlock):
            yield from _walk(token.content)


def _urls(tokens: list[Any]) -> list[tuple[str, int, int]]:
    found = []
    for token in _walk(tokens):
        if isinstance(token, tinycss2.ast.URLToken):
            found.append((token.value, token.source_line, token.source_column))
        elif isinstance(token, tinycss2.ast.FunctionBlock) and token.lower_name == "url":
            strings = [t for t in token.arguments if isinstance(t, tinycss2.ast.StringToken)]
            if strings:
                found.append((strings[0].value, token.source_line, token.source_column))
    return found


def defined_tokens(paths: list[Path]) -> set[str]:
    """Names of the custom properties (``--name: value``) the stylesheets define."""
    names: set[str] = set()
    for path in paths:
        text = path.read_text("utf-8")
        names.update(d.name for d in _all_declarations(_rules(text))
                     if d.name.startswith("--"))
    return names


def lint_stylesheet(path: Path, fonts: list[str], tokens: set[str], roots: tuple[Path, ...],
                    diags: Diagnostics) -> None:
    """The rules for a layout's own CSS: only tokens for colours, only brand fonts."""
    text = read_text(path, diags)
    if text is None:
        return
    rules = _rules(text)
    for rule in rules:
        if isinstance(rule, tinycss2.ast.ParseError):
            diags.add(error(path, rule.source_line, rule.source_column, "css-syntax",
                            f"CSS syntax error: {rule.message}"))
        elif isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "font-face":
            diags.add(error(path, rule.source_line, rule.source_column, "font-face",
                            "a layout may not declare its own fonts",
                            "brand fonts are declared once, in layouts/_brand/fonts.css"))
    for decl in _all_declarations(rules):
        prop = decl.lower_name
        for token in _walk(decl.value):
            where = (path, token.source_line, token.source_column)
            if isinstance(token, tinycss2.ast.HashToken) or (
                    isinstance(token, tinycss2.ast.FunctionBlock)
                    and token.lower_name in COLOUR_FUNCTIONS) or (
                    isinstance(token, tinycss2.ast.IdentToken) and prop != "font-family"
                    and token.lower_value in NAMED_COLOURS):
                shown = tinycss2.serialize([token])
                diags.add(error(*where, "hard-coded-colour",
                                f"colour '{shown[:30]}' in '{prop}' is not a brand token",
                                "use a colour token such as var(--color-primary) from "
                                "layouts/_brand/tokens.css, or add a token there"))
            elif isinstance(token, tinycss2.ast.FunctionBlock) and token.lower_name == "var":
                names = [t.value for t in token.arguments
                         if isinstance(t, tinycss2.ast.IdentToken)]
                has_fallback = any(isinstance(t, tinycss2.ast.LiteralToken) and t.value == ","
                                   for t in token.arguments)
                if names and names[0] not in tokens and not has_fallback:
                    diags.add(error(*where, "unknown-token",
                                    f"token '{names[0]}' is not defined",
                                    did_you_mean(names[0], sorted(tokens)) or
                                    "the tokens are in layouts/_brand/tokens.css"))
        if prop == "font-family":
            for token in decl.value:
                if isinstance(token, tinycss2.ast.StringToken) or (
                        isinstance(token, tinycss2.ast.IdentToken)
                        and token.lower_value not in FONT_KEYWORDS):
                    family = token.value
                else:
                    continue
                if family not in fonts:
                    diags.add(error(path, token.source_line, token.source_column,
                                    "not-a-brand-font",
                                    f"font '{family}' is not one of this layout's brand fonts",
                                    "use var(--font-sans) or var(--font-serif), and list the "
                                    "families in layout.yaml under 'fonts'"))
        for url, line, col in _urls(decl.value):
            target = (path.parent / unquote(url)).resolve()
            if url.startswith(("http:", "https:", "//", "file:")) or not any(
                    target.is_relative_to(root) for root in roots):
                diags.add(error(path, line, col, "outside-resource",
                                f"'{url}' is outside the layout, the brand folder and assets/"))
            elif not target.is_file():
                diags.add(error(path, line, col, "missing-resource",
                                f"file '{url}' does not exist"))


# --------------------------------------------------------------------------------------
# Brand


def load_brand(brand_dir: Path = BRAND_DIR) -> dict[str, str]:
    """Publisher details shared by every layout (``layouts/_brand/brand.yaml``)."""
    path = brand_dir / "brand.yaml"
    diags = Diagnostics()
    text = read_text(path, diags)
    doc = parse_yaml(text, path, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(path, 1, None, "bad-brand",
                                                "brand.yaml must be a mapping")])
    return {str(k): str(v) for k, v in doc.data.items()}
