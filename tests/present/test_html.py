"""Tests of equitylab.present's HTML: tables, messages, sentences and figures."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from equitylab import present


class _Text(HTMLParser):
    """Collect the text of every cell and the caption, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("td", "th", "caption"):
            self.cells.append("")

    def handle_data(self, data: str) -> None:
        if self.cells:
            self.cells[-1] += data


def _parse(markup: str) -> _Text:
    parser = _Text()
    parser.feed(markup)
    return parser


@given(st.lists(st.text(min_size=1, max_size=8).filter(lambda s: s.strip() == s
                                                      and "\r" not in s and "\n" not in s),
                min_size=3, max_size=3))
def test_every_cell_and_the_caption_is_escaped(texts: list[str]) -> None:
    caption, cell, header = texts
    markup = present.html_table([[cell]], columns=[header], caption=caption)
    assert _parse(markup).cells == [caption, header, cell]


def test_headers_are_scoped_and_a_row_header_can_be_named() -> None:
    frame = pd.DataFrame({"Group": ["A", "B"], "Rate": ["1.0%", "2.0%"]})
    tags = _parse(present.html_table(frame, caption="Rates", row_header="Group")).tags
    scopes = [a.get("scope") for t, a in tags if t == "th"]
    assert scopes == ["col", "col", "row", "row"]


def test_an_empty_table_says_so_and_a_note_follows_the_caption() -> None:
    markup = present.html_table([], columns=["A", "B"], caption="C", note="Hidden <10")
    assert '<td colspan="2" class="empty">None yet.</td>' in markup
    assert "<caption>C<br><small>Hidden &lt;10</small></caption>" in markup


def test_messages_are_announced_and_escaped() -> None:
    assert 'role="alert"' in present.message_html("x", kind="error")
    assert 'role="status"' in present.message_html("<b>")
    assert "&lt;b&gt;" in present.message_html("<b>")
    assert present.sentences_html(["a", "b"]).count("<li>") == 2


def test_figure_html_is_an_svg_with_alt_text_and_caption() -> None:
    fig = Figure()
    fig.subplots().plot([1, 2], [3, 4])
    markup = present.figure_html(fig, 'A "line" <up>', caption="Cap & more")
    assert 'alt="A &quot;line&quot; &lt;up&gt;"' in markup
    assert "<figcaption>Cap &amp; more</figcaption>" in markup
    data = re.search(r"data:image/svg\+xml;base64,([^\"]+)", markup)
    assert data is not None
    assert base64.b64decode(data.group(1)).lstrip().startswith(b"<?xml")


def test_svg_is_reproducible() -> None:
    def draw() -> bytes:
        fig = Figure()
        fig.subplots().bar(["a"], [1])
        return present.figure_svg(fig)

    assert draw() == draw()
