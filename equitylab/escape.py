"""Text from data, made safe for each output format: HTML, Markdown, CSV, Word (XML), labels.

Group names, column names, titles, answers and participant names are never trusted. Every
export writes them through one of these functions, so markup, links and formulas typed into
data show as text and never run:

- :func:`html_text` — HTML output encoding (``&``, ``<``, ``>``, quotes), for text and
  attribute values.
- :func:`md_text` — Markdown that shows as typed: no raw HTML, no links or images, no
  emphasis, no table breaks, no list or heading made by a value.
- :func:`csv_cell` and :func:`csv_safe` — CSV cells a spreadsheet never runs as a formula
  (OWASP's guidance on CSV injection: a leading apostrophe before ``=``, ``+``, ``-``,
  ``@``, tab or carriage return; text cells quoted, see :func:`write_csv`).
- :func:`xml_text` and :func:`strip_invalid` — XML (Word) text, without the characters XML
  forbids.
- :func:`bound` — a label cut to a length a format or a drawing can hold, saying that it
  was cut.

Only the standard library: this module runs in the reader's browser (Pyodide) too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os

    import pandas as pd

__all__ = [
    "CSV_CELL_LIMIT",
    "LABEL_LIMIT",
    "bound",
    "csv_bytes",
    "csv_cell",
    "csv_safe",
    "html_text",
    "md_text",
    "missing_file",
    "strip_invalid",
    "write_csv",
    "xml_text",
]

#: The most characters a spreadsheet cell holds (Excel's limit); longer CSV cells are cut.
CSV_CELL_LIMIT = 32_767
#: The most characters of one label drawn in a chart (a group name, a title).
LABEL_LIMIT = 60

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_invalid(text: object) -> str:
    r"""Remove the characters XML does not allow (control characters, lone surrogates).

    Tab, line feed and carriage return stay.

    Examples
    --------
    >>> strip_invalid("a\x00b\x0bc\ud800d\te")
    'abcd\te'
    """
    return _INVALID.sub("", str(text))


def xml_text(text: object) -> str:
    r"""Return text for an XML element: invalid characters removed, ``&``, ``<``, ``>`` escaped.

    Examples
    --------
    >>> xml_text("A & <B>\x00")
    'A &amp; &lt;B&gt;'
    """
    return (strip_invalid(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def html_text(value: object) -> str:
    """Return ``value`` as HTML text, safe in an element and in a quoted attribute.

    ``&``, ``<``, ``>``, ``"`` and ``'`` become entities. Documents meant to be saved
    (reports) also pass the text through :func:`strip_invalid`.

    Examples
    --------
    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(value), quote=True)


# Markdown: the ASCII punctuation that can start markup anywhere in a line is
# backslash-escaped (CommonMark lets any ASCII punctuation be escaped; the escape shows
# nothing); what is markup only at the start of a line (lists, setext headings) is escaped
# there; and a colon after a scheme-like word, so no ``javascript:`` link can form.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|~$!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_MD_SCHEME = re.compile(r"([A-Za-z0-9+.\-]):")
_MD_LINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


def md_text(text: object) -> str:
    r"""Return text for Markdown that shows exactly as typed, in a paragraph or a table cell.

    ``&``, ``<`` and ``>`` become HTML entities (so no raw HTML, and no autolink such as
    ``<javascript:...>``); Markdown punctuation is backslash-escaped (so no link, image,
    emphasis, code, heading, list or table cell is made by the text, and no ``javascript:``
    or other scheme is recognised); line breaks become ``<br>`` so a value stays in its
    paragraph, list item or table cell.

    Examples
    --------
    >>> md_text("*" * 2 + "bold <b>x</b>") == "\\*" * 2 + "bold &lt;b&gt;x&lt;/b&gt;"
    True
    >>> link = "[a]" + "(javascript:alert(1))"  # a Markdown link, spelled in two parts
    >>> md_text(link).startswith("\\[a\\]\\(javascript\\:")
    True
    >>> md_text("a | b\n- c")
    'a \\| b<br>\\- c'
    """
    out = strip_invalid(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MD_SCHEME.sub(r"\1\\:", _MD_SPECIAL.sub(r"\\\1", out))
    lines = [line.strip() for line in _MD_LINE.split(out)]
    return "<br>".join(_MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\1\\\2", line))
                       for line in lines)


# CSV: OWASP's list, with the full-width forms some spreadsheets also read as formulas.
_FORMULA_START = tuple("=+-@\t\r\n＝＋－＠")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# A separator inside a value (a comma, a semicolon some spreadsheets split on, a tab, a line
# break, or a quote that ends a quoted field early for a lax reader) could start a cell: a
# formula character after one gets an apostrophe too.
_INNER_FORMULA = re.compile("([,;\t\r\n\"][ ]*)(?=[=+\\-@＝＋－＠])")


def _cut(text: str, limit: int, what: str) -> str:
    """Cut ``text`` to at most ``limit`` characters, the end saying how much was cut."""
    if len(text) <= limit:
        return text
    note = f"… [cut: {len(text):,} characters in all; {what}]"
    return text[:max(limit - len(note), 0)] + note


def csv_cell(value: Any) -> Any:
    r"""Return a CSV cell a spreadsheet shows as text, never runs (OWASP CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line break
    (after any spaces) gets a leading apostrophe, which spreadsheets show as text. Plain
    numbers (``-5``, ``2.5e-3``) and values that are not text stay as they are. A formula
    character after a separator inside the text (``a;=1+2``) gets an apostrophe too, as a
    spreadsheet that splits on that separator would start a cell there. Text longer
    than a spreadsheet cell holds (:data:`CSV_CELL_LIMIT`) is cut, and says so; characters
    no text file should hold (:func:`strip_invalid`) are removed.

    Examples
    --------
    >>> csv_cell("=SUM(A1)"), csv_cell("-2+3"), csv_cell("-2.5"), csv_cell(3)
    ("'=SUM(A1)", "'-2+3", '-2.5', 3)
    >>> csv_cell("  @SUM(A1)")
    "'  @SUM(A1)"
    >>> csv_cell("a;=1+2")
    "a;'=1+2"
    """
    if not isinstance(value, str):
        return value
    text = _cut(strip_invalid(value), CSV_CELL_LIMIT - 1, "a spreadsheet cell holds at most 32,767")
    if _NUMBER.fullmatch(text):
        return text
    text = _INNER_FORMULA.sub(r"\1'", text)
    if text.startswith(_FORMULA_START) or text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells and column names pass :func:`csv_cell`.

    Numeric columns are left as numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"=x": ["+1", "ok"], "n": [-1, 2]})).to_dict("list")
    {"'=x": ["'+1", 'ok'], 'n': [-1, 2]}
    """
    import pandas as pd

    out = frame.copy()
    out.columns = [csv_cell(str(c)) for c in frame.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            out.isetitem(i, column.map(csv_cell, na_action="ignore").astype(object))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    r"""Return ``frame`` as UTF-8 CSV with every text cell made safe and quoted.

    Quoting every text cell keeps a separator inside a value (a comma, or the semicolon that
    some spreadsheets split on) from starting a new cell that could hold a formula; numbers
    stay unquoted, so the file still reads as numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_bytes(pd.DataFrame({"group": ["=1+2"], "n": [3]})).decode()
    '"group","n"\n"\'=1+2",3\n'
    """
    import csv

    text = csv_safe(frame).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC,
                                  lineterminator="\n")
    return text.encode("utf-8")


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write :func:`csv_bytes` of ``frame`` to ``path``."""
    from pathlib import Path

    Path(path).write_bytes(csv_bytes(frame))


def bound(text: object, limit: int = LABEL_LIMIT) -> str:
    """Return a label of at most ``limit`` characters, ending with "…" if it was cut.

    For charts and document properties, whose text must fit a drawing or a format's limit;
    tables and the text of reports keep labels whole.

    Examples
    --------
    >>> bound("Native Hawaiian or Other Pacific Islander", 20)
    'Native Hawaiian or …'
    >>> bound("Asian")
    'Asian'
    """
    text = strip_invalid(text)
    return text if len(text) <= limit else text[:max(limit - 1, 0)] + "…"


def missing_file(path: str | os.PathLike[str]) -> str:
    """Say in plain words that there is no file at ``path``.

    The file's name is kept whole (up to 80 characters); a long folder keeps its end, the
    part nearest the file, so the message stays short and still names what was asked for.

    Examples
    --------
    >>> missing_file("/data/stops.csv")
    "There is no file named 'stops.csv' in the folder '/data'. Check the path and the spelling."
    >>> message = missing_file("/a" * 100 + "/x.csv")
    >>> len(message) < 160, "folder '…/a/a/a" in message
    (True, True)
    """
    p = Path(path)
    folder = strip_invalid(str(p.parent))
    if len(folder) > 60:
        tail = folder[-59:]
        cuts = [i for i in (tail.find("/"), tail.find("\\")) if i > 0]
        folder = "…" + (tail[min(cuts):] if cuts else tail)
    return (f"There is no file named '{bound(p.name, 80)}' in the folder '{folder}'. "
            "Check the path and the spelling.")
