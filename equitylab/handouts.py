"""Printable handouts: an exercise set, or a blank racial equity tool worksheet, as HTML.

A handout is made from the same data as the screen: an exercise set's questions come from
its notebook (the Markdown of its questions and the stored text of its tables), each answer
space from the check's :func:`equitylab.checks.forms.answer_form` (so the boxes to tick are
the options the check accepts, and the format sentence is the one the form shows), and the
blank worksheet from the tool's ``equitylab.tool.STEPS``. Solutions never appear.
``tools/make_handouts.py`` (``make handouts``) prints each page to PDF with Chromium.

Every piece of text is escaped; the Markdown reader handles the small subset the exercise
sets use (headings, paragraphs, bullet lists, tables, bold, italics and code).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from equitylab.checks.forms import AnswerForm, Field, answer_form

__all__ = ["exercise_handout_html", "markdown_html", "page_html", "table_html",
           "worksheet_handout_html"]

_INLINE = (
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<em>\1</em>"),
)
_CODE = re.compile(r"`([^`]+)`")
_BOX = '<span class="box" aria-hidden="true"></span>'

CSS = """
@page { size: letter; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font: 11.5pt/1.45 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto;
       max-width: 190mm; padding: 0 4mm; overflow-wrap: break-word; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 10pt 0 2pt; break-after: avoid; }
p, li { margin: 3pt 0; }
.meta { color: #333; border-bottom: 2px solid #111; padding-bottom: 4pt; }
.answer { border: 1.5px solid #555; border-radius: 4px; padding: 5pt 8pt; margin: 6pt 0 10pt;
          break-inside: avoid; }
.how { font-style: italic; margin: 0 0 4pt; }
.box { display: inline-block; width: 11pt; height: 11pt; border: 1.5px solid #111;
       vertical-align: -2pt; margin-right: 4pt; }
.choices { display: flex; flex-wrap: wrap; gap: 4pt 16pt; padding: 0; margin: 2pt 0;
           list-style: none; }
.choices li { white-space: normal; }
table { border-collapse: collapse; margin: 4pt 0; width: 100%; }
th, td { border: 1px solid #777; padding: 3pt 5pt; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eee; }
table.data { font-size: 9pt; }
.scroll { overflow-x: auto; max-width: 100%; }
.line { border-bottom: 1px solid #777; height: 20pt; }
.blank { display: inline-block; width: 40mm; max-width: 100%; border-bottom: 1px solid #111;
         height: 14pt; }
pre { font: 9.5pt/1.3 "DejaVu Sans Mono", monospace; white-space: pre-wrap;
      background: #f4f4f4; padding: 4pt; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 95%; }
.note { border-left: 4px solid #555; padding-left: 6pt; }
@media screen { body { padding: 12px; } }
"""


def _inline(text: str) -> str:
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(f"<code>{html.escape(match[1])}</code>")
        return f"\x00{len(codes) - 1}\x00"

    escaped = html.escape(_CODE.sub(keep, text.replace("\x00", "")), quote=False)
    for pattern, repl in _INLINE:
        escaped = pattern.sub(repl, escaped)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m[1])], escaped)


def _table(lines: list[str]) -> str:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    body = [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
    head = "".join(f"<th scope=\"col\">{_inline(c)}</th>" for c in rows[0])
    cells = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>"
                    for r in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"


def markdown_html(text: str, *, shift: int = 0) -> str:
    r"""Render the Markdown subset of the exercise sets as HTML, escaping all text.

    Parameters
    ----------
    text : str
        Markdown: ``#`` headings, paragraphs, ``-`` lists, ``|`` tables, bold and italic
        (asterisks) and code spans.
    shift : int
        Added to every heading level (``1`` turns ``#`` into ``<h2>``).

    Returns
    -------
    str

    Examples
    --------
    >>> bold = "*" * 2  # Markdown's bold marker
    >>> markdown_html("#" * 2 + " A <b>\n\n- " + bold + "x" + bold + " and `y<z`")
    '<h2>A &lt;b&gt;</h2>\n<ul><li><strong>x</strong> and <code>y&lt;z</code></li></ul>'
    """
    blocks = re.split(r"\n\s*\n", text.strip())
    out = []
    for block in blocks:
        lines = block.split("\n")
        heading = re.match(r"^(#{1,6})\s+(.*)", lines[0])
        if heading:
            level = min(len(heading[1]) + shift, 6)
            out.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
            lines = lines[1:]
            if not lines:
                continue
        if all(line.lstrip().startswith("|") for line in lines):
            out.append(_table(lines))
        elif lines[0].startswith("- ") or re.match(r"^\d+\. ", lines[0]):
            items: list[str] = []
            for line in lines:
                if re.match(r"^(- |\d+\. )", line):
                    items.append(re.sub(r"^(- |\d+\. )", "", line))
                else:
                    items[-1] += " " + line.strip()
            tag = "ul" if lines[0].startswith("- ") else "ol"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in items)
                       + f"</{tag}>")
        else:
            out.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(out)


def _choices(options: Sequence[tuple[str, Any]]) -> str:
    items = "".join(f"<li>{_BOX}{html.escape(shown)}</li>" for shown, _ in options)
    return f'<ul class="choices">{items}</ul>'


def _field_html(field: Field) -> str:
    if field.kind in ("pick", "ticks", "yesno"):
        return _choices(field.options)
    example = f" (for example {html.escape(field.example)})" if field.example else ""
    return f'<span class="blank"></span>{example}'


def _labels_table(form: AnswerForm) -> str:
    labels = form.fields[0].options
    head = "".join(f'<th scope="col">{html.escape(shown)}</th>' for shown, _ in labels)
    rows = "".join(f'<tr><th scope="row">{html.escape(f.label)}</th>'
                   + "".join(f"<td>{_BOX}</td>" for _ in labels) + "</tr>"
                   for f in form.fields)
    return (f'<table><thead><tr><th scope="col">Item</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def answer_space_html(form: AnswerForm, number: str) -> str:
    """Return the printed answer space of one form: its format sentence, then boxes or blanks.

    Examples
    --------
    >>> "Choose one: a, b or c." in answer_space_html(answer_form("check_two_goals"), "1.5")
    True
    """
    how = f'<p class="how">{html.escape(form.how)}</p>'
    same = {f.options for f in form.fields}
    if form.shape == "dict" and all(f.kind == "pick" for f in form.fields) and len(same) == 1:
        body = _labels_table(form)
    elif form.shape == "list":
        body = "<p>" + " ".join(f'{html.escape(f.label)}: <span class="blank" '
                                'style="width:12mm"></span>' for f in form.fields) + "</p>"
    elif len(form.fields) == 1:
        body = _field_html(form.fields[0])
    else:
        body = "".join(f"<p><strong>{html.escape(f.label)}</strong>: {_field_html(f)}</p>"
                       for f in form.fields)
    return (f'<div class="answer" aria-label="Answer to exercise {html.escape(number)}">'
            f"<p><strong>Your answer to exercise {html.escape(number)}</strong></p>"
            f"{how}{body}</div>")


def _lines(n: int) -> str:
    return '<div class="line"></div>' * n


def _written_space(number: str) -> str:
    return (f'<div class="answer" aria-label="Answer to exercise {html.escape(number)}">'
            f"<p><strong>Your answer to exercise {html.escape(number)}</strong></p>"
            '<p class="how">Write a few sentences. This one is discussed, not checked.</p>'
            f"{_lines(6)}</div>")


def page_html(title: str, body: str) -> str:
    """Return a complete, printable HTML page (US Letter, print styles, ``lang="en"``)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _check_called(code: str) -> str | None:
    found = re.search(r"\b(check_\w+)\(", code)
    return found[1] if found else None


class _Rows(HTMLParser):
    """Read the text of a table's cells, row by row (header cells marked)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[bool, str]]] = []
        self._cell: list[str] | None = None
        self._header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.rows:
            self._cell, self._header = [], tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append((self._header, " ".join("".join(self._cell).split())))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_html(stored: str) -> str:
    """Rebuild a stored HTML table (a notebook's output) from its cells' text, escaped.

    Only the text of each cell is kept: no markup, script or style from the output survives.

    Examples
    --------
    >>> table_html("<table><tr><th>a</th></tr><tr><td><script>x</script>1</td></tr></table>")
    '<table class="data"><tbody><tr><th scope="col">a</th></tr><tr><td>x1</td></tr></tbody></table>'
    """
    parser = _Rows()
    parser.feed(stored)
    rows = [r for r in parser.rows if r]
    body = "".join("<tr>" + "".join(
        f'<th scope="col">{html.escape(text)}</th>' if header else f"<td>{html.escape(text)}</td>"
        for header, text in row) + "</tr>" for row in rows)
    return f'<table class="data"><tbody>{body}</tbody></table>'


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _outputs_html(cell: Mapping[str, Any]) -> str:
    """Render a cell's stored outputs for print: tables rebuilt, Markdown rendered, text kept."""
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/html" in data and "<table" in _text(data["text/html"]):
            parts.append('<div class="scroll" role="region" aria-label="Data table" tabindex="0">'
                         f'{table_html(_text(data["text/html"]))}</div>')
        elif "text/markdown" in data:
            parts.append(f'<div class="note">{markdown_html(_text(data["text/markdown"]))}</div>')
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(_text(data['text/plain']))}</pre>")
        elif output.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(_text(output.get('text', '')))}</pre>")
    return "".join(parts)


_HOW_TO = re.compile(r"\*\*How to use this notebook\.\*\*.*", re.S)
_HANDOUT_HOW_TO = ("**How to use this handout.** Tick a box or write in the space under each "
                   "exercise. The numbers are the same as in the book and the notebook. "
                   "Nothing is graded: your facilitator goes through the answers with the room.")
_NUMBER = re.compile(r"^## Exercise ([0-9.]+): ", re.M)


def exercise_handout_html(notebook: Mapping[str, Any]) -> str:
    """Return a printable handout of one exercise set (its source notebook), no solutions.

    Parameters
    ----------
    notebook : mapping
        The exercise set's source notebook (nbformat 4, as loaded from JSON), with stored
        outputs for its tables.

    Returns
    -------
    str
        A complete HTML page.
    """
    body = []
    title = "Exercises"
    number = ""
    cells = list(notebook["cells"])
    for index, cell in enumerate(cells):
        tags = _tags(cell)
        text = _source(cell)
        if cell.get("cell_type") == "markdown":
            if "solution" in tags:
                body.append(_written_space(number))
                continue
            if text.startswith("# "):
                title = text.splitlines()[0][2:].strip()
            text = _HOW_TO.sub(_HANDOUT_HOW_TO, text)
            found = _NUMBER.findall(text)
            number = found[-1] if found else number
            body.append(markdown_html(text))
        elif "solution" in tags:
            check = next((_check_called(_source(c)) for c in cells[index + 1:]
                          if "check" in _tags(c)), None)
            if check is None:
                raise ValueError(f"exercise {number}: a code solution has no check after it")
            body.append(answer_space_html(answer_form(check), number))
        elif not ({"check", "setup"} & set(tags)):
            body.append(_outputs_html(cell))
    return page_html(title, "\n".join(body).replace("<h1>", '<h1 class="meta">', 1))


def _grid(caption: str, columns: Sequence[str], rows: int) -> str:
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    empty = "<tr>" + '<td style="height:26pt"></td>' * len(columns) + "</tr>"
    return (f"<table><caption style=\"text-align:left;font-weight:bold\">"
            f"{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{empty * rows}</tbody></table>")


def worksheet_handout_html() -> str:
    """Return a blank racial equity tool worksheet to print: every question, with space.

    The steps and questions are the tool's own (``equitylab.tool.STEPS``); the tables
    are the tool's logs (engagement, benefits and burdens, strategies, plan, measures).

    Returns
    -------
    str
        A complete HTML page.

    Examples
    --------
    >>> "Step 6" in worksheet_handout_html()
    True
    """
    from equitylab.tool import ENGAGEMENT_SPECTRUM, IMPACTS, KINDS, MEASURE_KINDS, STEPS

    kinds = " ".join(f"{_BOX}{html.escape(k)}" for k in KINDS)
    parts = [
        '<h1 class="meta">Racial equity tool: worksheet</h1>',
        "<p>A blank copy of the course's racial equity tool, to fill in by hand. The tool "
        "app asks the same questions and keeps your answers; questions marked "
        "<strong>(central)</strong> are the ones kept in fast-track mode.</p>",
        "<p><strong>Title of the decision</strong>: <span class=\"blank\" "
        "style=\"width:120mm\"></span></p>",
        "<p><strong>Department</strong>: <span class=\"blank\" style=\"width:70mm\">"
        "</span> <strong>Decision date</strong>: <span class=\"blank\"></span></p>",
        f"<p><strong>Kind of decision</strong>: {kinds}</p>",
        "<p><strong>Team</strong>: <span class=\"blank\" style=\"width:140mm\"></span></p>",
        "<p><strong>Groups affected</strong>: <span class=\"blank\" "
        "style=\"width:120mm\"></span></p>",
    ]
    tables = {
        3: ("Engagement log (level: " + ", ".join(ENGAGEMENT_SPECTRUM) + ")",
            ["Date", "Who", "How", "Level", "What we heard", "What changed"], 3),
        4: ("Benefits and burdens (impact: " + ", ".join(IMPACTS) + ")",
            ["Group", "Impact", "Evidence", "Reasoning"], 4),
        5: ("Implementation plan", ["Action", "Owner", "Date", "Resources"], 4),
        6: ("Measures (kind: " + " or ".join(MEASURE_KINDS) + ")",
            ["Measure", "Kind", "Baseline", "Target", "By (year)"], 3),
    }
    for step in STEPS:
        parts.append(f"<h2>Step {step.number}: {html.escape(step.title)}</h2>")
        parts.append(f"<p><em>{html.escape(step.purpose)}</em></p>")
        for q in step.questions:
            central = " <strong>(central)</strong>" if q.central else ""
            parts.append(f'<div class="answer"><p><strong>{html.escape(q.id)}</strong> '
                         f"{html.escape(q.text)}{central}</p>"
                         f'<p class="how">{html.escape(q.hint)}</p>{_lines(4)}</div>')
        if step.number == 2:
            parts.append(_grid("Evidence (one row per analysis)",
                               ["Data set", "Outcome", "By group", "Counts and rates",
                                "What it cannot show"], 3))
        if step.number in tables:
            parts.append(_grid(*tables[step.number]))
    return page_html("Racial equity tool: worksheet", "\n".join(parts))
