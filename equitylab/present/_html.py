"""Accessible HTML: tables, status messages, sentences and figures.

Every piece of text (cells, captions, alt text, messages) is escaped with
:func:`equitylab.escape.html_text`, so markup typed into data shows as text. Figures
are embedded as SVG data URIs (text kept as text: small, sharp at any zoom, and they
survive in saved widget state and offline pages); Word reports, which cannot take SVG,
use :func:`figure_png`.
"""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import pandas as pd

from equitylab.escape import html_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "figure_html",
    "figure_png",
    "figure_svg",
    "html_table",
    "message_html",
    "scroll_region",
    "sentences_html",
]


def escape(value: object) -> str:
    """Return ``value`` as text escaped for HTML, quotes included (for text and attributes).

    Examples
    --------
    >>> escape('<b class="x">')
    '&lt;b class=&quot;x&quot;&gt;'
    """
    return html_text(value)


def _cell(value: Any) -> str:
    """Escape one cell; a missing value is empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html_text(value)


def html_table(
    data: pd.DataFrame | Sequence[Sequence[Any]],
    *,
    caption: str,
    columns: Sequence[str] | None = None,
    row_header: str | int | None = None,
    note: str = "",
    empty: str = "None yet.",
    css_class: str = "equitylab-table",
    scroll: bool = True,
) -> str:
    r"""Render a small table as accessible HTML: a caption, scoped headers, escaped cells.

    The table sits in a box that scrolls sideways when the table is wider than the screen
    (a phone), and that the keyboard can reach and scroll: see :func:`scroll_region`.

    Parameters
    ----------
    data : pandas.DataFrame or sequence of rows
        The cells, already formatted as text (numbers are shown with ``str``).
    caption : str
        What the table shows.
    columns : sequence of str, optional
        Column headers when ``data`` is a list of rows (a DataFrame uses its own).
    row_header : str or int, optional
        The column (name or position) whose cells head their rows (``<th scope="row">``).
    note : str, optional
        A short note shown under the caption, e.g. why some cells are hidden.
    empty : str, default "None yet."
        What a table with no rows says.
    css_class : str, default "equitylab-table"
        Class of the ``<table>``.
    scroll : bool, default True
        Wrap the table in a :func:`scroll_region` named after the caption (False when the
        caller puts it in a scrolling box of its own).

    Returns
    -------
    str

    Examples
    --------
    >>> out = html_table([["<A>", "1"]], columns=["Group", "n"], caption="Counts",
    ...                  row_header=0)
    >>> print(out.replace("><", ">\n<"))
    <div class="equitylab-scroll" role="region" tabindex="0" aria-label="Table: Counts"
         style="max-width:100%;overflow-x:auto">
    <table class="equitylab-table">
    <caption>Counts</caption>
    <thead>
    <tr>
    <th scope="col">Group</th>
    <th scope="col">n</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <th scope="row">&lt;A&gt;</th>
    <td>1</td>
    </tr>
    </tbody>
    </table>
    </div>
    """
    if isinstance(data, pd.DataFrame):
        cols = [str(c) for c in data.columns]
        rows: list[Sequence[Any]] = list(data.itertuples(index=False, name=None))
    else:
        if columns is None:
            raise ValueError("Give columns= (the column headers) when data is a list of rows.")
        cols = [str(c) for c in columns]
        rows = [list(r) for r in data]
    header = cols.index(row_header) if isinstance(row_header, str) and row_header in cols \
        else row_header if isinstance(row_header, int) else None
    head = "".join(f'<th scope="col">{_cell(c)}</th>' for c in cols)
    body = "".join(
        "<tr>" + "".join(
            f'<th scope="row">{_cell(v)}</th>' if j == header else f"<td>{_cell(v)}</td>"
            for j, v in enumerate(row)) + "</tr>"
        for row in rows)
    if not rows:
        body = f'<tr><td colspan="{max(len(cols), 1)}" class="empty">{_cell(empty)}</td></tr>'
    cap = _cell(caption) + (f"<br><small>{_cell(note)}</small>" if note else "")
    table = (f'<table class="{html.escape(css_class, quote=True)}"><caption>{cap}</caption>'
             f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return scroll_region(table, f"Table: {caption}") if scroll else table


def scroll_region(content: str, label: str) -> str:
    r"""Wrap ``content`` (a wide table) in a box that scrolls sideways, reachable by keyboard.

    On a phone a table can be wider than the screen. The box scrolls it on its own (the
    page does not), takes keyboard focus (``tabindex="0"``) so the arrow keys scroll it,
    and is a region named ``label`` for screen readers, as WCAG 2.1.1 and axe's
    ``scrollable-region-focusable`` ask. Its style is inline, so it also holds in saved
    widget state, exports and pages without the apps' style sheet.

    Parameters
    ----------
    content : str
        HTML, already escaped.
    label : str
        Plain text naming what scrolls, e.g. "Table: Counts" (escaped here).

    Examples
    --------
    >>> print(scroll_region("<table></table>", 'Table: "A" & B').replace("><", ">\n<"))
    <div class="equitylab-scroll" role="region" tabindex="0"
         aria-label="Table: &quot;A&quot; &amp; B" style="max-width:100%;overflow-x:auto">
    <table>
    </table>
    </div>
    """
    return (f'<div class="equitylab-scroll" role="region" tabindex="0" '
            f'aria-label="{html_text(label)}" style="max-width:100%;overflow-x:auto">'
            f"{content}</div>")


def message_html(text: str, *, kind: str = "info") -> str:
    """Return a status message for screen readers (``role=status``, or ``alert`` for errors).

    Examples
    --------
    >>> message_html("Bad <file>", kind="error")[:60]
    '<div class="equitylab-message equitylab-error" role="alert" '
    """
    role = "alert" if kind == "error" else "status"
    return (f'<div class="equitylab-message equitylab-{html.escape(kind, quote=True)}" '
            f'role="{role}" aria-live="polite">{html_text(text)}</div>')


def sentences_html(lines: Sequence[str]) -> str:
    """Sentences as a list announced politely to screen readers when they change.

    Examples
    --------
    >>> sentences_html(["A < B."])[-29:]
    '<li>A &lt; B.</li></ul></div>'
    """
    items = "".join(f"<li>{html_text(s)}</li>" for s in lines)
    return ('<div role="status" aria-live="polite"><ul class="equitylab-sentences">'
            f"{items}</ul></div>")


def figure_svg(fig: Figure, *, tight: bool = False) -> bytes:
    """Return the figure as SVG, with text kept as text and no date (reproducible bytes).

    ``tight=True`` crops to what is drawn (including a legend outside the axes), at the
    cost of drawing twice; widgets that redraw often leave it off.
    """
    import matplotlib

    buf = io.BytesIO()
    _as_typed(fig)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "equitylab",
                                "text.parse_math": False}):
        fig.savefig(buf, format="svg", metadata={"Date": None},
                    bbox_inches="tight" if tight else None)
    return buf.getvalue()


def figure_png(fig: Figure, *, dpi: int = 150) -> bytes:
    """Return the figure as PNG, for documents that cannot show SVG (Word)."""
    import matplotlib

    buf = io.BytesIO()
    _as_typed(fig)
    with matplotlib.rc_context({"text.parse_math": False}):
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight",
                    metadata={"Software": None})
    return buf.getvalue()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def drawn_as_typed(func: Callable[_P, _R]) -> Callable[_P, _R]:
    r"""Make a chart function draw every text as typed, never as mathematics.

    Matplotlib reads text between two dollar signs as TeX-like mathematics, from the
    moment a text is made (and laying out a figure draws it): a group named ``$\frac$``
    in a participant's file stopped the chart with a parser error, and ``$x^2$`` was drawn
    as a formula. Decorated functions make their figures with that reading switched off.
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return func(*args, **kwargs)

    return wrapper


def _as_typed(fig: Figure) -> None:
    r"""Make every text of ``fig`` draw as typed, never as mathematics.

    Matplotlib reads text between two dollar signs as TeX-like mathematics: a group named
    ``$\frac$`` in a participant's file would stop the chart with a parser error, and
    ``$x^2$`` would be drawn as a formula. Tick labels made while drawing follow the
    ``text.parse_math`` setting, which the callers switch off as well.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)


#: A chart is never drawn smaller than this share of its own size: at 0.8 its smallest
#: text (10 pt) stays over 10 CSS pixels high. Where the page is narrower (a phone), the
#: figure scrolls sideways instead; it takes keyboard focus so that it can be scrolled
#: with the arrow keys.
MIN_FIGURE_SCALE = 0.8


def svg_width_px(svg: bytes) -> float | None:
    """Return the width of a matplotlib SVG in CSS pixels (its ``width`` is in points), if stated.

    >>> svg_width_px(b'<svg width="432pt" height="288pt">')
    576.0
    """
    import re

    match = re.search(rb'<svg[^>]*?\swidth="([0-9.]+)(pt|px)?"', svg)
    if not match:
        return None
    value = float(match.group(1))
    return value * 4 / 3 if match.group(2) in (None, b"pt") else value


def figure_html(fig: Figure, alt: str, *, caption: str | None = None,
                tight: bool = False) -> str:
    """Render a matplotlib figure as an HTML ``<figure>``: an SVG image, its alt text, a caption.

    The image shrinks with the page down to :data:`MIN_FIGURE_SCALE` of its size, so its
    text stays legible; below that the figure scrolls sideways.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        Alt text stating what the chart shows, with its numbers.
    caption : str, optional
        Shown under the image.
    tight : bool, default False
        Crop to what is drawn (see :func:`figure_svg`).

    Returns
    -------
    str
    """
    svg = figure_svg(fig, tight=tight)
    data = base64.b64encode(svg).decode("ascii")
    width = svg_width_px(svg)
    least = f"min-width:{width * MIN_FIGURE_SCALE:.0f}px;" if width else ""
    cap = f"<figcaption>{html_text(caption)}</figcaption>" if caption else ""
    return (f'<figure class="equitylab-figure" tabindex="0" '
            'style="margin:0 0 1rem;max-width:100%;overflow-x:auto">'
            f'<img src="data:image/svg+xml;base64,{data}" '
            f'alt="{html_text(alt)}" style="max-width:100%;{least}height:auto">'
            f"{cap}</figure>")
