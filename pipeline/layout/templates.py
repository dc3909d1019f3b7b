"""Layout templates: syntax, that they extend the shared base, and located render errors."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta
import jinja2.nodes

from pipeline.errors import Diagnostic, Diagnostics, error
from pipeline.load import did_you_mean, read_text

if TYPE_CHECKING:
    from pipeline.layout.manifest import _Manifest

BASE_TEMPLATE = "base.html.j2"

def manifest_template(m: _Manifest, folder: Path, layouts_dir: Path) -> str:
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
