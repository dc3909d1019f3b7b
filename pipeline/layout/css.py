"""The CSS lint for a layout's stylesheets: colours only as brand tokens, only brand fonts,
every ``var(--token)`` defined, every ``url()`` inside the layout, brand or assets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import tinycss2
import tinycss2.ast

from pipeline import paths
from pipeline.errors import Diagnostics, error
from pipeline.load import did_you_mean, read_text

if TYPE_CHECKING:
    from pipeline.layout.manifest import _Manifest

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


def manifest_stylesheets(m: _Manifest, folder: Path, brand_dir: Path,
                         fonts: list[str]) -> list[Path]:
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
        lint_stylesheet(path, fonts, tokens, (*roots, paths.ASSETS_DIR.resolve()), m.diags)
    return stylesheets


def block_declarations(content: list[Any] | None) -> list[Any]:
    """Declarations in a block, including those of nested rules (@page margin boxes)."""
    found = []
    for item in tinycss2.parse_blocks_contents(content or [], skip_comments=True,
                                              skip_whitespace=True):
        if isinstance(item, tinycss2.ast.Declaration):
            found.append(item)
        elif isinstance(item, tinycss2.ast.QualifiedRule | tinycss2.ast.AtRule):
            found.extend(block_declarations(item.content))
    return found


def _rules(text: str) -> list[Any]:
    rules: list[Any] = tinycss2.parse_stylesheet(text, skip_comments=True,
                                                 skip_whitespace=True)
    return rules


def _all_declarations(rules: list[Any]) -> list[Any]:
    found = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            found.extend(block_declarations(rule.content))
        elif isinstance(rule, tinycss2.ast.AtRule) and rule.content is not None:
            if rule.lower_at_keyword == "font-face":
                continue  # only in _brand/fonts.css; a layout's own is reported apart
            if rule.lower_at_keyword in ("media", "supports"):
                found.extend(_all_declarations(_rules(tinycss2.serialize(rule.content))))
            else:
                found.extend(block_declarations(rule.content))
    return found


def _walk(tokens: list[Any]) -> Iterator[Any]:
    for token in tokens:
        yield token
        if isinstance(token, tinycss2.ast.FunctionBlock):
            yield from _walk(token.arguments)
        elif isinstance(token, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock
                        | tinycss2.ast.CurlyBracketsBlock):
            yield from _walk(token.content)


def css_urls(tokens: list[Any]) -> list[tuple[str, int, int]]:
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
        for url, line, col in css_urls(decl.value):
            target = (path.parent / unquote(url)).resolve()
            if url.startswith(("http:", "https:", "//", "file:")) or not any(
                    target.is_relative_to(root) for root in roots):
                diags.add(error(path, line, col, "outside-resource",
                                f"'{url}' is outside the layout, the brand folder and assets/"))
            elif not target.is_file():
                diags.add(error(path, line, col, "missing-resource",
                                f"file '{url}' does not exist"))
