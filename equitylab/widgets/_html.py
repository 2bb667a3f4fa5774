"""Small HTML helpers of the tool app: escaping, a table, an error message.

Presentation only. They are kept together here so that they can be pointed at the one
presentation layer (``equitylab.present``) in a single place.
"""

from __future__ import annotations

import html

__all__ = ["error_html", "h", "table_html"]


def h(text: object) -> str:
    """Return ``text`` as a string escaped for HTML (quotes included).

    Examples
    --------
    >>> h('<b class="x">')
    '&lt;b class=&quot;x&quot;&gt;'
    """
    return html.escape(str(text), quote=True)


def table_html(caption: str, columns: list[str], rows: list[list[str]]) -> str:
    """Return an accessible HTML table with a caption and column headers.

    Parameters
    ----------
    caption : str
        The table's caption.
    columns : list of str
        Column headers.
    rows : list of list of str
        Cell texts; an empty list shows one row saying "None yet.".

    Returns
    -------
    str
        The ``<table>`` element, every text escaped.
    """
    head = "".join(f'<th scope="col">{h(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{h(c)}</td>" for c in r) + "</tr>" for r in rows)
    if not rows:
        body = f'<tr><td colspan="{len(columns)}">None yet.</td></tr>'
    return (f"<table><caption>{h(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def error_html(err: object) -> str:
    """Return an error message as a paragraph that screen readers announce at once."""
    return f'<p class="eq-error" role="alert">{h(err)}</p>'
