"""The one HTML sanitiser of Glasshouse: every Markdown or HTML text that holds user strings
(catalog entry pages, public demo pages, card previews, dataset and probe summaries) is turned
into HTML here and cleaned with nh3 (the maintained Rust `ammonia` allow-list sanitiser) before
it reaches a browser.

Allowed: text formatting, headings, lists, tables, code, quotes and links (http, https, mailto
or relative; every link gets rel="noopener nofollow noreferrer"). Not allowed: forms, inputs,
buttons, iframes, objects, scripts, styles (tags and the `style` attribute), classes, event
handlers (any on* attribute), images (a Markdown image becomes a plain link to it, so no
external image is ever fetched by a visitor's browser), and comments.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "samp", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "id"}, "abbr": {"title"}, "ol": {"start"},
                      "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow noreferrer"
# Tags removed together with everything inside them (the rest keep their text).
DROP_WITH_CONTENT = frozenset({"script", "style", "textarea", "select", "option", "template",
                               "noscript", "iframe", "object", "svg", "math"})
# In-page anchors of our own card drafts (<a id="evidence-..."></a>); any other id is dropped
# so user text cannot clobber the app's element ids.
_ANCHOR_ID = re.compile(r"(?:evidence|catalog)-[A-Za-z0-9_.:-]{1,120}")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        return value if _ANCHOR_ID.fullmatch(value) else None
    return value


def clean_html(text: str) -> str:
    """`text` (HTML) reduced to the allow-list above."""
    import nh3

    return nh3.clean(text or "", tags=set(ALLOWED_TAGS),
                     clean_content_tags=set(DROP_WITH_CONTENT),
                     attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     attribute_filter=_attribute_filter, url_schemes=set(URL_SCHEMES),
                     link_rel=LINK_REL, strip_comments=True)


@lru_cache(maxsize=2)
def _renderer(breaks: bool) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "breaks": breaks})
    md.enable(["table", "strikethrough"])

    def image(_self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = md.renderer.renderInline(token.children or [], options, env) or "image"
        src = html.escape(str(token.attrGet("src") or ""), quote=True)
        return f'<a href="{src}">{alt}</a>'

    md.add_render_rule("image", image)
    md.core.ruler.push("bare_urls", _link_bare_urls)
    return md


_BARE_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")


def _link_bare_urls(state: Any) -> None:
    """Bare http(s) URLs in text become links, as on GitHub and in Gradio's own Markdown (the
    linkify rule of markdown-it needs another package)."""
    from markdown_it.token import Token

    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Any] = []
        in_link = 0
        for tok in block.children:
            in_link += tok.type == "link_open"
            in_link -= tok.type == "link_close"
            if tok.type != "text" or in_link or not _BARE_URL.search(tok.content):
                out.append(tok)
                continue
            pos = 0
            for m in _BARE_URL.finditer(tok.content):
                if m.start() > pos:
                    out.append(_text(Token, tok.content[pos:m.start()], tok.level))
                link = Token("link_open", "a", 1)
                link.attrs = {"href": m.group(0)}
                out += [link, _text(Token, m.group(0), tok.level + 1),
                        Token("link_close", "a", -1)]
                pos = m.end()
            if pos < len(tok.content):
                out.append(_text(Token, tok.content[pos:], tok.level))
        block.children = out


def _text(token_cls: Any, content: str, level: int) -> Any:
    tok = token_cls("text", "", 0)
    tok.content, tok.level = content, level
    return tok


def markdown_to_html(text: str, *, breaks: bool = False) -> str:
    """Markdown (which may hold raw HTML, as CommonMark allows) -> sanitised HTML."""
    if not text:
        return ""
    return clean_html(_renderer(bool(breaks)).render(text)).strip()
