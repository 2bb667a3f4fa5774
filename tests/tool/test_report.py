from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from equitylab.tool import STEPS, Worksheet, load_example, to_docx, to_html, to_markdown
from tests.tool.conftest import INJECTIONS, full_worksheet


def _texts(ws: Worksheet) -> list[str]:
    """Pieces of user text that every report must contain (one line each)."""
    out = [ws.metadata.title, ws.metadata.department, ws.metadata.jurisdiction]
    out += [a.split("\n")[0] for a in ws.answers.values()]
    out += ws.affected_groups + ws.geographies
    for e in ws.evidence:
        out += [e.sentence, e.table.caption, *e.table.columns]
        out += [c for r in e.table.rows for c in r]
    for g in ws.engagement:
        out += [g.who, g.method, g.level, g.heard, g.changed, g.date]
    for i in ws.impacts:
        out += [i.group, i.impact, i.reasoning]
    for s in ws.strategies:
        out += [s.title, s.kind, s.description]
    for p in ws.plan:
        out += [p.action, p.owner, p.date, p.resources]
    for m in ws.measures:
        out += [m.name, m.kind, m.unit, m.source]
    return [t for t in out if t]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_html_has_everything_and_is_accessible(full: Worksheet) -> None:
    page = to_html(full)
    parsed = _html_text(page)
    text = " ".join(parsed.parts)
    for piece in _texts(full):
        assert piece in text, piece
    for s in STEPS:
        assert f"Step {s.number}. {s.title}" in text
        for q in s.guiding(full.fast_track):
            assert q.text in text
    assert "Inspectors trained" in text and "how much" in text and "9.5 (2025)" in text
    assert '<html lang="en">' in page and "<caption>" in page and 'scope="col"' in page
    assert "@media print" in page
    # Self-contained: no external scripts, styles or images.
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert not [v for k, v in parsed.attrs if k in ("src", "href") and v and
                not v.startswith("data:")]


def test_markdown_has_everything(full: Worksheet) -> None:
    md = to_markdown(full)
    unescaped = re.sub(r"\\(.)", r"\1", html.unescape(md))
    for piece in _texts(full):
        assert piece in unescaped, piece
    assert "## Step 6. Accountability and communication" in md
    assert "| Inspectors trained | how much |" in md


def test_docx_parses_back_with_everything(tmp_path: Path, full: Worksheet) -> None:
    path = to_docx(full, tmp_path / "report.docx")
    text = _docx_text(path)
    for piece in _texts(full):
        assert piece in text, piece
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Step 2. Data" in headings
    assert document.core_properties.title == full.metadata.title
    assert len(document.tables) == 8  # about, evidence, log, matrix, strategies, plan, 2 measures
    assert 'w:tblHeader w:val="true"' in document.tables[0]._tbl.xml


def test_example_reports_show_the_chart_with_alt_text(tmp_path: Path) -> None:
    ws = load_example("program")
    page = to_html(ws)
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', page)
    assert len(alts) == 2 and all("SYNTHETIC" in a for a in alts)
    assert "Chart: Bar chart of" in to_markdown(ws)
    document = docx.Document(str(to_docx(ws, tmp_path / "r.docx")))
    descr = re.findall(r'descr="([^"]+)"', document.element.body.xml)
    assert len(descr) == 2 and "Bar chart of" in descr[0]


def test_empty_worksheet_reports_say_what_is_missing(tmp_path: Path) -> None:
    ws = Worksheet()
    assert "(No answer yet.)" in to_html(ws)
    assert "None yet." in to_markdown(ws)
    assert "Answer question 1.1." in _docx_text(to_docx(ws, tmp_path / "e.docx"))


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_is_harmless_in_html(payload: str) -> None:
    page = to_html(full_worksheet(payload))
    parsed = _html_text(page)
    assert set(parsed.tags) <= {"html", "head", "meta", "title", "style", "body", "main", "h1",
                                "h2", "h3", "p", "ul", "li", "table", "caption", "thead",
                                "tbody", "tr", "th", "td", "figure", "img", "figcaption",
                                "div"}  # a wide table's keyboard-reachable scroll region
    assert not any(k.startswith("on") for k, _ in parsed.attrs)
    # No link or source can run script (text in an aria-label may say anything).
    urls = " ".join(v or "" for k, v in parsed.attrs if k in {"href", "src", "action",
                                                              "formaction", "xlink:href"})
    assert "javascript:" not in urls
    assert page.count("<h1>") == 1
    assert "\x00" not in page


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_is_harmless_in_markdown(payload: str) -> None:
    md = to_markdown(full_worksheet(payload))
    assert "<script" not in md and "<img" not in md and "</td>" not in md
    assert not re.search(r"(?<!\\)\]\(", md) and not re.search(r"!\[", md)
    # No user text opens a heading or a table row: every line starting with # or | is ours.
    for line in md.splitlines():
        if line.startswith("#"):
            assert re.match(r"#{1,3} [^#]", line), line
    assert "\x00" not in md and "\x0b" not in md


@pytest.mark.parametrize("payload", INJECTIONS[:1] + INJECTIONS[-1:])
def test_injection_is_plain_text_in_docx(tmp_path: Path, payload: str) -> None:
    path = to_docx(full_worksheet(payload), tmp_path / "r.docx")
    text = _docx_text(path)
    clean = payload.replace("\x00", "").replace("\x0b", "").replace("\x1f", "")
    assert f"Bus fare pilot{clean}" in text
