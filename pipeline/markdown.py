"""Stage 2: a chapter's Markdown -> an HTML fragment.

One configured markdown-it-py parser: CommonMark, GFM tables and strikethrough,
footnotes (placed at the foot of their page by the layout), Danish typographic quotes,
and the block directives ``::: fakta [title]`` and ``::: citat``. Images with a title
become figures with a caption. Raw HTML is shown as text unless a report opts in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pipeline.danish import slugify

DIRECTIVES = ("fakta", "citat")
FAKTA_DEFAULT_TITLE = "Vidste du …"
ATTRIBUTION_PREFIXES = ("— ", "– ", "-- ")
CREDIT_RE = re.compile(r"\b(Foto|Illustration|Tegning|Grafik|Kilde):\s*", re.IGNORECASE)
MAX_NESTING = 20  # WeasyPrint fails at ~150 nested elements; editors never need more than a few


@dataclass(frozen=True, slots=True)
class ImageRef:
    src: str
    alt: str
    line: int  # 0-based line within the Markdown body
    caption: str | None
    credit: str | None
    figure: bool


@dataclass(slots=True)
class ChapterHTML:
    """The rendered fragment plus what the layout and checks need to know about it."""

    html: str
    images: list[ImageRef] = field(default_factory=list)
    headings: list[tuple[int, str, str, int]] = field(default_factory=list)  # level,text,id,line
    credits: list[str] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # href, 0-based body line


ImageResolver = Callable[[str, int], str]  # (src, 0-based body line) -> URL


@dataclass(slots=True)
class ParsedChapter:
    """A chapter body parsed once: the post-processed tokens and what they contain.

    The checks read it (every token's ``map`` gives its line) and every edition renders
    it (:func:`render_parsed`), so a build parses each chapter's Markdown exactly once.
    Rendering never changes the tokens.
    """

    tokens: list[Token]
    footnotes: dict[str, list[Token]]      # definitions by label, removed from ``tokens``
    headings: list[tuple[int, str, str, int]] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # href, 0-based body line
    allow_html: bool = False

    @property
    def credits(self) -> list[str]:
        return [image.credit for image in self.images if image.credit]


_parses = 0


def parse_count() -> int:
    """How many chapter bodies this process has parsed (the benchmark and a test count
    them: one per chapter per build)."""
    return _parses


# --------------------------------------------------------------------------------------
# Token post-processing (plain functions over the token stream)


def _split_credit(title: str) -> tuple[str, str | None]:
    match = CREDIT_RE.search(title)
    if not match:
        return title.strip(), None
    return title[: match.start()].strip(), title[match.start():].strip()


def _mark_figures(tokens: list[Token]) -> None:
    """A paragraph holding only a titled image becomes a <figure>."""
    for index in range(1, len(tokens) - 1):
        inline = tokens[index]
        if (inline.type == "inline" and tokens[index - 1].type == "paragraph_open"
                and tokens[index + 1].type == "paragraph_close" and inline.children):
            children = [c for c in inline.children
                        if not (c.type == "text" and not c.content.strip())
                        and c.type != "softbreak"]
            if len(children) == 1 and children[0].type == "image" \
                    and children[0].attrGet("title"):
                children[0].meta["figure"] = True
                tokens[index - 1].hidden = True
                tokens[index + 1].hidden = True


def _extract_attributions(tokens: list[Token]) -> None:
    """In ``::: citat``, a last line starting with an em dash is the attribution."""
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.type == "container_citat_open":
            stack.append(index)
        elif token.type == "container_citat_close" and stack:
            start = stack.pop()
            inlines = [t for t in tokens[start:index] if t.type == "inline"]
            if not inlines:
                continue
            last = inlines[-1]
            children = last.children or []
            breaks = [i for i, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
            cut = breaks[-1] + 1 if breaks else 0
            tail = children[cut:]
            if tail and tail[0].type == "text" and tail[0].content.startswith(
                    ATTRIBUTION_PREFIXES):
                first = tail[0]
                for prefix in ATTRIBUTION_PREFIXES:
                    if first.content.startswith(prefix):
                        first.content = first.content[len(prefix):]
                        break
                token.meta["attribution"] = tail
                last.children = children[: max(cut - 1, 0)]
                if not last.children:  # the attribution was a paragraph of its own
                    position = tokens.index(last)
                    for t in tokens[position - 1: position + 2]:
                        t.hidden = True


def _collect_footnotes(tokens: list[Token]) -> dict[str, list[Token]]:
    """Remove footnote definitions from the stream; return their tokens by label."""
    definitions: dict[str, list[Token]] = {}
    kept: list[Token] = []
    current: list[Token] | None = None
    for token in tokens:
        if token.type == "footnote_reference_open":
            current = definitions.setdefault(token.meta["label"], [])
            continue
        if token.type == "footnote_reference_close":
            current = None
            continue
        if current is not None:
            current.append(token)
        else:
            kept.append(token)
    tokens[:] = kept
    return definitions


def _heading_ids(tokens: list[Token], prefix: str, out: list[tuple[int, str, str, int]]) -> None:
    seen: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = "".join(c.content for c in (tokens[index + 1].children or [])
                           if c.type in ("text", "code_inline"))
            base = f"{prefix}-{slugify(text)}"
            anchor, n = base, 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
            token.attrSet("id", anchor)
            line = token.map[0] if token.map else 0
            out.append((int(token.tag[1]), text, anchor, line))


# --------------------------------------------------------------------------------------
# Render rules


def _render_fakta(self: RendererHTML, tokens: Sequence[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    if token.nesting == 1:
        title = token.info.strip()[len("fakta"):].strip() or FAKTA_DEFAULT_TITLE
        return (f'<aside class="fakta"><p class="fakta-title">'
                f"{html.escape(title, quote=False)}</p>\n")
    return "</aside>\n"


def _render_citat(self: RendererHTML, tokens: Sequence[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    if token.nesting == 1:
        return '<figure class="citat">\n<blockquote>\n'
    attribution = token.meta.get("attribution")
    caption = ""
    if attribution:
        caption = ('<figcaption class="citat-kilde">'
                   f"{self.renderInline(attribution, options, env)}</figcaption>\n")
    return f"</blockquote>\n{caption}</figure>\n"


def _render_image(self: RendererHTML, tokens: Sequence[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    title = str(token.attrGet("title") or "")
    resolver: ImageResolver = env.get("resolve_image", lambda s, _line: s)
    url = resolver(src, token.meta.get("line", 0))
    caption, credit = _split_credit(title) if title else ("", None)
    img = f'<img src="{html.escape(url)}" alt="{html.escape(alt)}">'
    if not token.meta.get("figure"):
        return img
    parts = [html.escape(caption, quote=False)] if caption else []
    if credit:
        parts.append(f'<span class="kredit">{html.escape(credit, quote=False)}</span>')
    return (f'<figure class="figur">{img}<figcaption>{" ".join(parts)}</figcaption>'
            "</figure>\n")


def _render_footnote_ref(self: RendererHTML, tokens: Sequence[Token], idx: int,
                         options: OptionsDict, env: EnvType) -> str:
    label = tokens[idx].meta.get("label", "")
    body = env.get("footnote_html", {}).get(label)
    if body is None:  # reference without a definition: show it, the checker reports it
        return html.escape(f"[^{label}]")
    return f'<span class="fodnote">{body}</span>'


def _render_link_open(self: RendererHTML, tokens: Sequence[Token], idx: int,
                      options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    resolver = env.get("resolve_link")
    if resolver is None:
        return self.renderToken(tokens, idx, options, env)
    href = str(token.attrGet("href") or "")
    token.attrSet("href", resolver(href))
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.attrSet("href", href)  # rendering leaves the parsed tokens as they were


@cache
def make_parser(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": True,
                                   "quotes": "””’’", "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    md.use(container_plugin, "fakta", render=_render_fakta)
    md.use(container_plugin, "citat", render=_render_citat)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("link_open", _render_link_open)
    return md


def parse(text: str, *, allow_html: bool = False) -> list[Token]:
    """The raw token stream of ``text`` (before our post-processing), for tools and tests
    that read the Markdown apart from a build; a build uses :func:`parse_chapter`."""
    return make_parser(allow_html).parse(text, {})


def _contents(parsed: ParsedChapter, md: MarkdownIt) -> None:
    """Images (with the line they are on) and links, from the main text and the notes."""
    streams = [parsed.tokens, *parsed.footnotes.values()]
    for stream in streams:
        line = 0
        for token in stream:
            if token.map:
                line = token.map[0]
            for child in token.children or ():
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    title = str(child.attrGet("title") or "")
                    caption, credit = _split_credit(title) if title else ("", None)
                    child.meta["line"] = line
                    alt = md.renderer.renderInlineAsText(  # type: ignore[attr-defined]
                        child.children or [], md.options, {})
                    parsed.images.append(ImageRef(
                        src=src, alt=alt, line=line, caption=caption or None,
                        credit=credit, figure=bool(child.meta.get("figure"))))
                elif child.type == "link_open":
                    parsed.links.append((str(child.attrGet("href") or ""), line))


def parse_chapter(text: str, *, id_prefix: str = "x",
                  allow_html: bool = False) -> ParsedChapter:
    """Parse one chapter body (once): tokens post-processed into figures, quotes with
    their attribution, footnotes by label and headings with their ids."""
    global _parses
    _parses += 1
    md = make_parser(allow_html)
    tokens = md.parse(text, {})
    parsed = ParsedChapter(tokens=tokens, footnotes=_collect_footnotes(tokens),
                           allow_html=allow_html)
    _mark_figures(tokens)
    _extract_attributions(tokens)
    _heading_ids(tokens, id_prefix, parsed.headings)
    _contents(parsed, md)
    return parsed


def render_parsed(parsed: ParsedChapter, *, resolve_image: ImageResolver | None = None,
                  resolve_link: Callable[[str], str] | None = None) -> ChapterHTML:
    """Render a parsed chapter to an HTML fragment; images and links go through the
    resolvers (an edition's image sizes, links between chapters)."""
    md = make_parser(parsed.allow_html)
    env: dict[str, Any] = {}
    if resolve_image is not None:
        env["resolve_image"] = resolve_image
    if resolve_link is not None:
        env["resolve_link"] = resolve_link
    footnote_html: dict[str, str] = {}
    for label, body in parsed.footnotes.items():
        inlines = [t for t in body if t.type == "inline"]
        footnote_html[label] = " ".join(
            md.renderer.renderInline(t.children or [], md.options, env)  # type: ignore[attr-defined]
            for t in inlines)
    env["footnote_html"] = footnote_html
    return ChapterHTML(html=md.renderer.render(parsed.tokens, md.options, env),
                       images=list(parsed.images), headings=list(parsed.headings),
                       credits=parsed.credits, links=list(parsed.links))


def render_markdown(text: str, *, id_prefix: str = "x", allow_html: bool = False,
                    resolve_image: ImageResolver | None = None,
                    resolve_link: Callable[[str], str] | None = None) -> ChapterHTML:
    """Parse and render one chapter body to an HTML fragment."""
    return render_parsed(parse_chapter(text, id_prefix=id_prefix, allow_html=allow_html),
                         resolve_image=resolve_image, resolve_link=resolve_link)
