"""The Word writer: python-docx (a test dependency only) reads back what equitylab writes."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import tomllib
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches

from equitylab.tool import Worksheet, check, docx_bytes, load_example, to_docx
from equitylab.tool._docx import (
    BulletList,
    Caption,
    Heading,
    Paragraph,
    Picture,
    Table,
    package,
    png_size,
    strip_invalid,
)
from tests.tool.conftest import full_worksheet

ROOT = Path(__file__).resolve().parents[2]

PARTS = {
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
    "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
    "word/numbering.xml", "word/settings.xml",
}


def _png(width: int, height: int) -> bytes:
    """A valid grey PNG image of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _styles(document: docx.document.Document) -> dict[str, str]:
    """Paragraph text -> style name, for every paragraph outside tables."""
    return {p.text: p.style.name for p in document.paragraphs}


@pytest.fixture(scope="module")
def program() -> tuple[Worksheet, docx.document.Document]:
    ws = load_example("program")
    return ws, _open(docx_bytes(ws))


# --- the report --------------------------------------------------------------------------


def test_headings_use_words_built_in_styles(program) -> None:
    ws, document = program
    styles = _styles(document)
    assert document.paragraphs[0].text == ws.metadata.title
    assert document.paragraphs[0].style.name == "Title"
    assert styles["Step 2. Data"] == "Heading 2"
    assert styles["What is still missing"] == "Heading 2"
    assert [v for k, v in styles.items() if k.startswith("1.1 ")] == ["Heading 3"]
    # Word's built-in names, with outline levels: the navigation pane shows them, in order.
    levels = {}
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        assert style.element.get(qn("w:styleId")) == name.replace(" ", "")
        levels[name] = int(style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")))
    assert levels == {"Title": 0, "Heading 1": 0, "Heading 2": 1, "Heading 3": 2}
    assert document.styles["Heading 2"].element.find(qn("w:name")).get(qn("w:val")) \
        == "heading 2"


def test_lists_are_real_bulleted_lists(program) -> None:
    ws, document = program
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:len(ws.affected_groups)] == ws.affected_groups
    missing = [f.message for f in check(ws)] or ["every check passes."]
    assert [b.rsplit(": ", 1)[-1] for b in bullets[-len(missing):]] == missing
    num_id = document.styles["List Bullet"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.num_lst if n.numId == num_id]
    abstract = [a for a in numbering.findall(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == num.abstractNumId.get(qn("w:val"))]
    level = abstract[0].find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "bullet"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "•"


def test_captions_and_tables(program) -> None:
    ws, document = program
    styles = _styles(document)
    assert styles["Community engagement log"] == "Caption"
    assert styles[ws.evidence[0].table.caption] == "Caption"
    charts = [t for t, s in styles.items() if t.startswith("Chart: ")]
    assert len(charts) == 2 and {styles[c] for c in charts} == {"Caption"}
    assert len(document.tables) == 9  # about, 2 evidence, log, matrix, strategies, plan, 2
    grid = document.styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in grid} == {"single"} and len(grid) == 6
    for table in document.tables:
        assert table.style.name == "Table Grid"
        header, *rows = table.rows
        flags = header._tr.trPr.findall(qn("w:tblHeader"))
        assert [f.get(qn("w:val")) for f in flags] == ["true"]
        assert all(r._tr.trPr is None for r in rows)
        runs = [r for c in header.cells for p in c.paragraphs for r in p.runs]
        assert runs and all(r.bold for r in runs)
        assert not any(r.bold for row in rows for c in row.cells for p in c.paragraphs
                       for r in p.runs)
    about = document.tables[0]
    assert [c.text for c in about.rows[0].cells] == ["Field", "Value"]
    assert [c.text for c in about.rows[1].cells] == ["Jurisdiction", ws.metadata.jurisdiction]


def test_charts_are_pictures_with_alt_text(program) -> None:
    ws, document = program
    from equitylab.tool._analysis import evidence_chart

    charts = [evidence_chart(e) for e in ws.evidence]
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape, chart in zip(shapes, charts, strict=True):
        assert chart is not None
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == chart.alt_text and doc_pr.get("title") == "Chart"
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        width, height = png_size(blob)
        assert shape.width == Inches(6)
        assert abs(shape.height / shape.width - height / width) < 1e-6
    assert len({s._inline.docPr.get("id") for s in shapes}) == 2


def test_empty_worksheet_and_core_properties() -> None:
    document = _open(docx_bytes(Worksheet()))
    assert document.paragraphs[0].text == "Untitled worksheet"
    assert document.core_properties.title == "Untitled worksheet"
    assert document.core_properties.subject == "Racial equity tool worksheet"
    assert "None yet." in _text(document)


def test_document_title_is_cut_to_what_word_accepts() -> None:
    ws = Worksheet()
    ws.metadata.title = "A" * 254 + "BCDEF"
    document = _open(docx_bytes(ws))
    assert document.core_properties.title == "A" * 254 + "…"
    assert document.paragraphs[0].text == ws.metadata.title  # the heading keeps it all
    ws.metadata.title = "A" * 255
    assert _open(docx_bytes(ws)).core_properties.title == "A" * 255
    ws.metadata.title = "\U0001F600" * 200  # Word counts UTF-16 code units: 2 each
    title = _open(docx_bytes(ws)).core_properties.title
    assert title == "\U0001F600" * 127 + "…"


HOSTILE = [
    "<script>alert('x')</script>",
    "Tom & Jerry &amp; &#x41; &lt;",
    "]]><![CDATA[<b>x</b>]]>",
    '<w:p><w:r><w:t>injected</w:t></w:r></w:p>" descr="x',
    "control \x00\x01\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff chars",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_shows_literally(payload: str) -> None:
    ws = full_worksheet(payload)
    data = docx_bytes(ws)
    document = _open(data)
    clean = strip_invalid(payload)
    assert "\x00" not in clean and "\ud800" not in clean
    text = _text(document)
    assert f"Bus fare pilot{clean}" in text  # the title
    assert f"Answer to 1.1{clean}\nsecond line" in text  # an answer, line break kept
    assert f"Black{clean}" in text  # a table cell
    assert f"Riders on low incomes{clean}" in text  # a list item
    assert document.core_properties.title == f"Bus fare pilot{clean}"
    assert document.inline_shapes[0]._inline.docPr.get("descr").startswith("Bar chart")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script" not in xml and "injected</w:t>" not in xml
    assert sum(1 for p in document.paragraphs if p.style.name == "Title") == 1


def test_a_megabyte_of_text() -> None:
    ws = Worksheet()
    # (python-docx reads many tabs or breaks in one paragraph slowly: a few of each here.)
    answer = ("<b>&]]> " * 130_000)[:1_000_000] + "\tx\nend"
    ws.set_answer("1.1", answer)
    ws.metadata.title = "x" * 1_000_000
    document = _open(docx_bytes(ws))
    assert answer in _text(document)
    assert len(document.core_properties.title) == 255


def test_to_docx_writes_the_same_bytes(tmp_path: Path) -> None:
    ws = full_worksheet()
    path = to_docx(ws, tmp_path / "new" / "report.docx")
    assert path == tmp_path / "new" / "report.docx"
    assert path.read_bytes() == docx_bytes(ws) == docx_bytes(ws)


def test_the_package_holds_only_the_expected_parts(program) -> None:
    data = docx_bytes(program[0])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and len(names) == len(set(names))
    assert set(names) == PARTS | {"word/media/image1.png", "word/media/image2.png"}
    assert set(zipfile.ZipFile(io.BytesIO(docx_bytes(Worksheet()))).namelist()) == PARTS
    # Every relationship points at a part that is there; every part has a content type.
    types = archive.read("[Content_Types].xml").decode()
    for rels, base in (("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")):
        for target in re.findall(r'Target="([^"]+)"', archive.read(rels).decode()):
            assert base + target in names
    for name in names:
        assert (f'PartName="/{name}"' in types or f'Extension="{name.rsplit(".", 1)[1]}"'
                in types), name


def test_the_package_needs_neither_python_docx_nor_lxml() -> None:
    # As in the browser (Pyodide), where neither installs.
    script = ("import sys; sys.modules['docx'] = sys.modules['lxml'] = None\n"
              "from equitylab.tool import docx_bytes, load_example\n"
              "assert docx_bytes(load_example('budget'))[:2] == b'PK'\n"
              "assert not [m for m in sys.modules if m.startswith(('docx.', 'lxml.'))]\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if "docx" in d or "lxml" in d]


# --- the writer ----------------------------------------------------------------------------


def test_writer_blocks() -> None:
    png = _png(30, 10)
    data = package([
        Heading(0, "Title"), Heading(1, "One"), Heading(3, "Three"),
        Paragraph("first\nsecond\tafter a tab\r\nthird"), Paragraph("aside", italic=True),
        BulletList(("a", "b")), Picture(png, 'Alt "<b>&</b>"\ntext', title="A picture"),
        Caption("Chart: alt"), Table(("x", "y"), (("1",), ("2", "3", "4"))),
        Table(("only",), ()),
    ], title="Title", subject="Subject")
    document = _open(data)
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[:7] == [("Title", "Title"), ("Heading 1", "One"), ("Heading 3", "Three"),
                          ("Normal", "first\nsecond\tafter a tab\nthird"),
                          ("Normal", "aside"), ("List Bullet", "a"), ("List Bullet", "b")]
    assert [r.italic for p in document.paragraphs[3:5] for r in p.runs] == [None, True]
    (shape,) = document.inline_shapes
    assert shape.width == Inches(6) and shape.height == Inches(2)
    assert shape._inline.docPr.get("descr") == 'Alt "<b>&</b>"\ntext'
    assert shape._inline.docPr.get("title") == "A picture"
    assert styles[8] == ("Caption", "Chart: alt")
    # A ragged table is padded to its widest row; two tables in a row stay two tables.
    first, second = document.tables
    assert [[c.text for c in r.cells] for r in first.rows] == [
        ["x", "y", ""], ["1", "", ""], ["2", "3", "4"]]
    assert [[c.text for c in r.cells] for r in second.rows] == [["only"]]
    body = document.element.body
    tags = [child.tag.rsplit("}", 1)[1] for child in body]
    assert tags[-5:] == ["tbl", "p", "tbl", "p", "sectPr"]
    assert document.core_properties.subject == "Subject"


def test_writer_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="Heading level"):
        package([Heading(4, "Too deep")], title="x")
    with pytest.raises(ValueError, match="Not a PNG"):
        package([Picture(b"GIF89a" + b"\0" * 30, "alt")], title="x")
    with pytest.raises(ValueError, match="no pixels"):
        png_size(_png(1, 1)[:16] + struct.pack(">II", 0, 5))
    assert png_size(_png(7, 3)) == (7, 3)
