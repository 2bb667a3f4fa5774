"""Reports: the whole worksheet as HTML, Markdown or Word, with every piece of user text escaped.

All three formats are rendered from one list of blocks (headings, paragraphs, lists and
tables), so they always hold the same content.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from equitylab.escape import html_text, md_text
from equitylab.escape import strip_invalid as _clean
from equitylab.present import html_table

from . import _docx as word
from ._analysis import evidence_chart
from ._checks import check
from ._model import EvidenceItem, Worksheet
from ._steps import STEPS

__all__ = ["docx_bytes", "report_blocks", "to_docx", "to_html", "to_markdown"]


@dataclass(frozen=True)
class Heading:
    """A heading (level 1 to 3)."""

    level: int
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph; ``kind`` is "answer", "empty", "note" or ""."""

    text: str
    kind: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption and a header row."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    """An evidence chart, redrawn from the saved numbers, with its alt text."""

    evidence: EvidenceItem


Block = Heading | Para | Bullets | Table | Figure

NO_ANSWER = "(No answer yet.)"
CITATION = ("The guiding questions paraphrase the Government Alliance on Race and Equity's "
            "Racial Equity Toolkit (Nelson and Brooks, 2016); they are not quotations.")


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _with_date(value: str, date: str) -> str:
    return f"{value} ({date})" if value and date else value or date


def report_blocks(ws: Worksheet) -> list[Block]:
    """Return the report's content as blocks, in order.

    Examples
    --------
    >>> blocks = report_blocks(Worksheet())
    >>> blocks[0]
    Heading(level=1, text='Untitled worksheet')
    """
    md = ws.metadata
    out: list[Block] = [Heading(1, md.title or "Untitled worksheet")]
    out.append(Para(f"Racial equity tool worksheet ({md.kind}"
                    f"{', fast-track' if ws.fast_track else ''})."))
    out.append(Table("About this worksheet", ("Field", "Value"), (
        ("Jurisdiction", md.jurisdiction), ("Department", md.department), ("Kind", md.kind),
        ("Team", ", ".join(md.team)), ("Created", md.created), ("Updated", md.updated),
        ("Decision date", md.decision_date),
        ("Mode", "fast-track (central questions only)" if ws.fast_track else "full"),
    )))
    if any(e.synthetic for e in ws.evidence):
        out.append(Para("Some evidence below comes from SYNTHETIC data made up for teaching; "
                        "it describes no real place or people.", "note"))
    out.append(Para(CITATION, "note"))
    ev_names = {e.id: e.table.caption or f"{e.outcome} by {e.group}" for e in ws.evidence}
    for s in STEPS:
        out.append(Heading(2, f"Step {s.number}. {s.title}"))
        out.append(Para(s.purpose))
        out.append(Para(f"Estimated effort: {s.effort_for(ws.fast_track)}.", "note"))
        shown = s.guiding(ws.fast_track)
        for q in s.questions:
            if q not in shown and not ws.answer(q.id).strip():
                continue  # fast track: a question left out, and never answered
            out.append(Heading(3, f"{q.id} {q.text}"))
            text = ws.answer(q.id)
            out.append(Para(text, "answer") if text.strip() else Para(NO_ANSWER, "empty"))
        if s.number == 1:
            out.append(Heading(3, "Affected groups and places"))
            out.append(Bullets(tuple(ws.affected_groups) or ("(None listed yet.)",)))
            out.append(Bullets(tuple(f"Place: {g}" for g in ws.geographies)
                               or ("Place: (none listed yet)",)))
        elif s.number == 2:
            if not ws.evidence:
                out.append(Para("No evidence items yet.", "empty"))
            for i, e in enumerate(ws.evidence, 1):
                out.append(Heading(3, f"Evidence {i}: {ev_names[e.id]}"))
                if e.sentence:
                    out.append(Para(e.sentence, "answer"))
                out.append(Table(e.table.caption or ev_names[e.id], tuple(e.table.columns),
                                 tuple(tuple(r) for r in e.table.rows)))
                if e.chart:
                    out.append(Figure(e))
                src = f"Dataset: {e.dataset or 'uploaded data'}"
                src += " (SYNTHETIC)" if e.synthetic else ""
                src += f". Source: {e.source}" if e.source else ""
                src += f". Reference group: {e.reference}." if e.reference else "."
                src += " Counts from 1 to 10, and figures computed from them, are suppressed."
                out.append(Para(src, "note"))
                if e.notes:
                    out.append(Para(e.notes, "note"))
        elif s.number == 3:
            out.append(Table("Community engagement log",
                             ("Date", "Who", "How", "Level", "What we heard", "What changed"),
                             tuple((e.date, e.who, e.method, e.level, e.heard, e.changed)
                                   for e in ws.engagement)))
        elif s.number == 4:
            out.append(Table("Benefit and burden matrix",
                             ("Group", "Expected impact", "Reasoning", "Evidence"),
                             tuple((i.group, i.impact, i.reasoning,
                                    "; ".join(ev_names.get(x, x) for x in i.evidence))
                                   for i in ws.impacts)))
            out.append(Table("Strategies and mitigations",
                             ("Strategy", "Kind", "Description", "Groups"),
                             tuple((x.title, x.kind, x.description, ", ".join(x.groups))
                                   for x in ws.strategies)))
        elif s.number == 5:
            out.append(Table("Implementation plan", ("Action", "Owner", "Date", "Resources"),
                             tuple((p.action, p.owner, p.date, p.resources) for p in ws.plan)))
        elif s.number == 6:
            pop = [m for m in ws.measures if m.kind == "population indicator"]
            perf = [m for m in ws.measures if m.kind == "performance measure"]
            out.append(Table("Population indicators",
                             ("Indicator", "Group", "Unit", "Baseline", "Target", "Source"),
                             tuple((m.name, m.group, m.unit,
                                    _with_date(_num(m.baseline), m.baseline_date),
                                    _with_date(_num(m.target), m.target_date), m.source)
                                   for m in pop)))
            out.append(Table("Performance measures",
                             ("Measure", "Question", "Group", "Unit", "Baseline", "Target",
                              "Source"),
                             tuple((m.name, m.rba, m.group, m.unit,
                                    _with_date(_num(m.baseline), m.baseline_date),
                                    _with_date(_num(m.target), m.target_date), m.source)
                                   for m in perf)))
    out.append(Heading(2, "What is still missing"))
    findings = check(ws)
    out.append(Bullets(tuple(
        f"{'Overview' if f.step == 0 else f'Step {f.step}'}: "
        f"{'Warning: ' if f.level == 'warning' else ''}{f.message}" for f in findings
    ) or ("Nothing: every check passes.",)))
    if ws.notes.strip():
        out.append(Heading(2, "Notes"))
        out.append(Para(ws.notes, "answer"))
    return out


# --- HTML --------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;
color:#1a1a1a;background:#fff;max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem}h2{font-size:1.4rem;border-bottom:2px solid #1f4e79;margin-top:2rem}
h3{font-size:1.1rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.8rem 0;width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #555;padding:.3rem .5rem;vertical-align:top;text-align:left}
thead th{background:#e8eef5}
h1,h2,h3,p,li,caption,th,td,figcaption{overflow-wrap:anywhere}
.answer{white-space:pre-wrap;border-left:4px solid #1f4e79;padding-left:.7rem}
.empty{color:#5a5a5a;font-style:italic}.note{color:#3d3d3d;font-size:.95rem}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}
table,tr{break-inside:avoid}a{color:inherit}}
"""


def _h(text: str) -> str:
    return html_text(_clean(text))


def to_html(ws: Worksheet) -> str:
    """Return the report as one self-contained, printable and accessible HTML page.

    Every piece of worksheet text is escaped, so markup typed into an answer shows as text.

    Examples
    --------
    >>> ws = Worksheet()
    >>> ws.set_answer("1.1", "<script>alert(1)</script>")
    >>> page = to_html(ws)
    >>> "<script>" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (False, True)
    """
    parts: list[str] = []
    for b in report_blocks(ws):
        if isinstance(b, Heading):
            parts.append(f"<h{b.level}>{_h(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            cls = f' class="{b.kind}"' if b.kind else ""
            parts.append(f"<p{cls}>{_h(b.text)}</p>")
        elif isinstance(b, Bullets):
            parts.append("<ul>" + "".join(f"<li>{_h(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Figure):
            chart = evidence_chart(b.evidence)
            if chart is not None:
                parts.append(chart.to_html())
        else:
            parts.append(html_table([[_clean(c) for c in row] for row in b.rows],
                                    columns=[_clean(c) for c in b.columns],
                                    caption=_clean(b.caption), row_header=0))
    title = _h(ws.metadata.title or "Untitled worksheet")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title} – racial equity tool report</title>\n<style>{_CSS}</style>\n"
        "</head>\n<body>\n<main>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )


# --- Markdown ----------------------------------------------------------------------------

def md_escape(text: str) -> str:
    r"""Escape text for Markdown: markup shows literally and raw HTML cannot run.

    The course's one Markdown escape, :func:`equitylab.escape.md_text`.

    Examples
    --------
    >>> md_escape("*" * 2 + "bold <b>x</b>") == "\\*" * 2 + "bold &lt;b&gt;x&lt;/b&gt;"
    True
    """
    return md_text(text)


def to_markdown(ws: Worksheet) -> str:
    r"""Return the report as Markdown, with every piece of worksheet text escaped.

    Examples
    --------
    >>> ws = Worksheet()
    >>> hash_mark = "#"  # what starts a Markdown heading
    >>> ws.metadata.title = hash_mark + " Not a heading"
    >>> to_markdown(ws).splitlines()[0] == hash_mark + " " + "\\" + hash_mark + " Not a heading"
    True
    """
    lines: list[str] = []
    for b in report_blocks(ws):
        if isinstance(b, Heading):
            lines += ["#" * b.level + " " + md_escape(b.text), ""]
        elif isinstance(b, Para):
            text = md_escape(b.text)
            lines += [f"*{text}*" if b.kind in ("note", "empty") else text, ""]
        elif isinstance(b, Bullets):
            lines += [f"- {md_escape(i)}" for i in b.items] + [""]
        elif isinstance(b, Figure):
            lines += [f"*Chart: {md_escape(b.evidence.chart_alt)}*", ""]
        else:
            lines += [f"**{md_escape(b.caption)}**", ""]
            lines.append("| " + " | ".join(md_escape(c) for c in b.columns) + " |")
            lines.append("|" + "---|" * len(b.columns))
            rows = b.rows or (("None yet.",) + ("",) * (len(b.columns) - 1),)
            lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


# --- Word --------------------------------------------------------------------------------


def _docx_blocks(ws: Worksheet) -> Iterator[word.Block]:
    for b in report_blocks(ws):
        if isinstance(b, Heading):
            yield word.Heading(0 if b.level == 1 else b.level, b.text)  # the title: "Title"
        elif isinstance(b, Para):
            yield word.Paragraph(b.text, italic=b.kind in ("note", "empty"))
        elif isinstance(b, Bullets):
            yield word.BulletList(b.items)
        elif isinstance(b, Figure):
            chart = evidence_chart(b.evidence)
            if chart is not None:
                yield word.Picture(chart.png(), chart.alt_text, title="Chart")
                yield word.Caption(f"Chart: {chart.alt_text}")
        else:
            yield word.Caption(b.caption)
            rows = b.rows or (("None yet.",) + ("",) * (len(b.columns) - 1),)
            yield word.Table(b.columns, rows, caption=b.caption)


def docx_bytes(ws: Worksheet) -> bytes:
    """Return the report as a Word document (.docx), as bytes.

    For a download without a file (the in-browser course). Written with the standard
    library only: headings use Word's heading styles (for the navigation pane and screen
    readers), lists are real bulleted lists, tables repeat their bold header row on each
    page, charts carry their alt text, and user text is inserted as plain text.

    Parameters
    ----------
    ws : Worksheet
        The worksheet to report.

    Returns
    -------
    bytes
        The .docx file (what :func:`to_docx` writes).

    Examples
    --------
    >>> import io, zipfile
    >>> ws = Worksheet()
    >>> ws.metadata.title = "Bus fares <draft>"
    >>> document = zipfile.ZipFile(io.BytesIO(docx_bytes(ws))).read("word/document.xml")
    >>> b"Bus fares &lt;draft&gt;" in document
    True
    """
    return word.package(_docx_blocks(ws), title=ws.metadata.title or "Untitled worksheet",
                        subject="Racial equity tool worksheet")


def to_docx(ws: Worksheet, path: str | os.PathLike[str]) -> Path:
    """Write the report as a Word document (.docx) and return its path.

    Headings use Word's heading styles (for navigation and screen readers), tables repeat
    their header row on each page, and user text is inserted as plain text (see
    :func:`docx_bytes`).

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> out = to_docx(Worksheet(), pathlib.Path(tempfile.mkdtemp()) / "r.docx")
    >>> "word/document.xml" in zipfile.ZipFile(out).namelist()
    True
    """
    path = Path(path)
    data = docx_bytes(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
