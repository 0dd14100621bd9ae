"""The secretary's notes: Markdown in, HTML that is safe to show anywhere out.

Two layers, because either alone has been got wrong before: markdown-it-py with raw HTML
disabled never emits the author's tags, and nh3 then keeps only ordinary text elements, so
whatever the parser lets through (a future plugin, an odd link) is still cut back. Images are
dropped entirely: a remote image in published minutes is a tracking pixel, and an archival PDF
must not depend on anything outside itself.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "commonmark" has no tables, strikethrough or linkify; html=False turns raw HTML blocks
    # and inline tags into escaped text.
    parser = MarkdownIt("commonmark", {"html": False})
    parser.add_render_rule("image", _image_as_text)
    return parser


def _image_as_text(
    self: object, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Render an image as its alt text, so the reader still learns what was meant."""
    return escapeHtml(tokens[idx].content)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Keep a link only when it is absolute with an allowed scheme.

    nh3's `url_schemes` already refuses `javascript:` and friends but lets relative URLs
    through; in a PDF or an e-mailed page a relative link points nowhere useful, so it goes.
    """
    if tag == "a" and attribute == "href":
        scheme, colon, _ = value.strip().partition(":")
        if not colon or scheme.lower() not in URL_SCHEMES:
            return None
    return value


def render_notes(markdown_text: str) -> str:
    """Render the secretary's Markdown notes as sanitised HTML.

    Ordinary text structure survives (paragraphs, emphasis, headings, lists, quotes, code,
    links to http, https and mailto with `rel="noopener noreferrer"`); raw HTML, scripts,
    styles and images do not.
    """
    html = _parser().render(markdown_text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
