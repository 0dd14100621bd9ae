"""The secretary's notes: ordinary Markdown survives, anything active or remote does not."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from governance.minutes.markdown import render_notes


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The real elements of the output (escaped text that merely looks like a tag is not)."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def tags(html: str) -> set[str]:
    return {tag for tag, _ in elements(html)}


def test_ordinary_markdown_is_kept() -> None:
    html = render_notes(
        "# Reports\n\n## Treasurer\n\nWe are *on budget* and **solvent**.\n\n"
        "- first\n- second\n\n1. one\n2. two\n\n> quoted\n\n"
        "[Policy](https://riverside.example/policy) and [mail](mailto:sec@riverside.example)"
    )
    for fragment in (
        "<h1>Reports</h1>",
        "<h2>Treasurer</h2>",
        "<em>on budget</em>",
        "<strong>solvent</strong>",
        "<ul>",
        "<li>first</li>",
        "<ol>",
        "<blockquote>",
        '<a href="https://riverside.example/policy" rel="noopener noreferrer">Policy</a>',
        '<a href="mailto:sec@riverside.example" rel="noopener noreferrer">mail</a>',
    ):
        assert fragment in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>",
        "before\n\n<script>alert('x')</script>\n\nafter",
        "inline <script>alert(1)</script> text",
        "<style>body{display:none}</style>",
    ],
)
def test_scripts_and_styles_never_become_tags(source: str) -> None:
    html = render_notes(source)
    assert not tags(html) & {"script", "style"}
    assert "alert" not in html or "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox)",
        "<javascript:alert(1)>",
        '<a href="javascript:alert(1)">click</a>',
    ],
)
def test_dangerous_links_lose_their_target(source: str) -> None:
    for _tag, attributes in elements(render_notes(source)):
        assert "href" not in attributes
        assert not any(name.startswith("on") for name in attributes)


def test_relative_links_lose_their_target() -> None:
    html = render_notes("[home](/orgs/riverside) [anchor](#x)")
    assert all("href" not in attributes for _, attributes in elements(html))
    assert "home" in html


@pytest.mark.parametrize(
    "source",
    [
        "![chart](https://evil.example/pixel.png)",
        '<img src="https://evil.example/pixel.png" onerror="alert(1)">',
        "[![badge](https://evil.example/b.svg)](https://riverside.example)",
    ],
)
def test_no_images_at_all(source: str) -> None:
    found = elements(render_notes(source))
    assert "img" not in {tag for tag, _ in found}
    assert all("src" not in attributes for _, attributes in found)


def test_an_image_leaves_its_alt_text() -> None:
    assert render_notes("See ![the budget chart](https://x.example/c.png).") == (
        "<p>See the budget chart.</p>\n"
    )


def test_raw_html_is_shown_as_text_not_markup() -> None:
    html = render_notes('<div onclick="steal()">hi</div>\n\n<b onmouseover="x()">bold</b>')
    assert tags(html) == {"p"}
    assert all(not attributes for _, attributes in elements(html))
    assert "&lt;div" in html  # kept as escaped text, so nothing the secretary typed is lost


def test_iframes_forms_and_event_handlers_are_gone() -> None:
    html = render_notes(
        '<iframe src="https://evil.example"></iframe><form action="/x"><input></form>'
    )
    assert tags(html) <= {"p"}


def test_every_tag_and_attribute_is_on_the_allow_list() -> None:
    html = render_notes(
        "# T\n\n*a* **b** `c`\n\n    code\n\n---\n\n3. x\n\n"
        '[l](https://e.example "title") <https://auto.example> line  \nbreak'
    )
    allowed = {"p", "br", "hr", "strong", "em", "code", "pre", "ol", "li", "h1", "a"}
    assert tags(html) <= allowed
    for tag, attributes in elements(html):
        if tag == "a":
            assert attributes["rel"] == "noopener noreferrer"
            assert str(attributes["href"]).startswith("https://")
            assert set(attributes) <= {"href", "rel", "title"}
        elif tag == "ol":
            assert set(attributes) <= {"start"}
        else:
            assert attributes == {}
