"""A small Word (.docx) writer: headings, paragraphs, lists, captions, tables and pictures.

Only the standard library (:mod:`zipfile` and XML escaping), so the same code runs on a
server and in the reader's browser (Pyodide), where python-docx cannot (it needs lxml).
It writes a minimal WordprocessingML package with Word's built-in styles, so the navigation
pane and screen readers see the headings, lists are real lists and tables repeat their
header row on each page. Every piece of text is stripped of characters XML forbids and
escaped: markup in it shows as text.

Examples
--------
>>> import io, zipfile
>>> data = package([Heading(0, "Report"), Paragraph("<b>as typed</b>")], title="Report")
>>> names = zipfile.ZipFile(io.BytesIO(data)).namelist()
>>> names[0], "word/document.xml" in names
('[Content_Types].xml', True)
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from equitylab.escape import strip_invalid
from equitylab.escape import xml_text as _x

__all__ = [
    "Block",
    "BulletList",
    "Caption",
    "Heading",
    "Paragraph",
    "Picture",
    "Table",
    "package",
    "png_size",
    "strip_invalid",
]


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document's title (style "Title"), 1 to 3 "Heading 1" to 3."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; line breaks in ``text`` stay line breaks, ``italic`` sets every run."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class BulletList:
    """A bulleted list (style "List Bullet"), one paragraph per item."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Caption:
    """A caption (style "Caption"), kept on the same page as what follows it."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table (style "Table Grid") whose bold header row repeats on each page.

    ``caption`` is also the table's alternative-text title. Rows shorter than the widest
    row are padded with empty cells.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Picture:
    """A PNG image, 6 inches wide with its aspect ratio kept, with alt text and a title."""

    png: bytes
    alt: str
    title: str = ""


Block = Heading | Paragraph | BulletList | Caption | Table | Picture

_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_TITLE_LIMIT = 255  # Word refuses a longer document title
_WIDTH_EMU = 6 * 914400  # pictures are 6 inches wide
_TEXT_WIDTH = 9360  # twentieths of a point: 6.5 inches, a letter page less 1-inch margins




def _attr(text: str) -> str:
    """Text for a double-quoted XML attribute (line breaks kept as character references)."""
    out = _x(text)
    for char, ref in _ATTRIBUTE.items():
        out = out.replace(char, ref)
    return out


def png_size(data: bytes) -> tuple[int, int]:
    r"""Return a PNG image's width and height in pixels, read from its header.

    Raises
    ------
    ValueError
        If ``data`` is not a PNG image.

    Examples
    --------
    >>> png_size(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", 640, 480))
    (640, 480)
    """
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("Not a PNG image.")
    width, height = struct.unpack(">II", data[16:24])
    if not width or not height:
        raise ValueError("PNG image with no pixels.")
    return width, height


def _limit(text: str, limit: int = _TITLE_LIMIT) -> str:
    """Cut text to ``limit`` UTF-16 code units (as Word counts), ending with an ellipsis."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    used, kept = 1, []  # the ellipsis
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + "…"


# --- document.xml ------------------------------------------------------------------------

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLE_IDS = {0: "Title", 1: "Heading1", 2: "Heading2", 3: "Heading3"}


def _run(text: str, props: str = "") -> str:
    """One run; line breaks become ``<w:br/>`` and tabs ``<w:tab/>``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts = []
    for k, line in enumerate(lines):
        if k:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{_x(piece)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def _para(text: str, style: str = "", props: str = "", keep_next: bool = False) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + "<w:keepNext/>" * keep_next
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{_run(text, props)}</w:p>"


def _table(table: Table) -> str:
    width = max([len(table.columns), *(len(r) for r in table.rows), 1])
    col = _TEXT_WIDTH // width

    def row(cells: tuple[str, ...], header: bool) -> str:
        cells = tuple(cells) + ("",) * (width - len(cells))
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF5"/>' if header else ""
        tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/>{shade}</w:tcPr>'
                      f"{_para(c, props='<w:b/><w:bCs/>' if header else '')}</w:tc>"
                      for c in cells)
        trpr = '<w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>' if header else ""
        return f"<w:tr>{trpr}{tcs}</w:tr>"

    caption = f'<w:tblCaption w:val="{_attr(table.caption)}"/>' if table.caption else ""
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>{caption}</w:tblPr>'
            + "<w:tblGrid>" + f'<w:gridCol w:w="{col}"/>' * width + "</w:tblGrid>"
            + row(table.columns, True) + "".join(row(r, False) for r in table.rows)
            + "</w:tbl>")


def _picture(picture: Picture, number: int, rel: str) -> str:
    width, height = png_size(picture.png)
    cx, cy = _WIDTH_EMU, round(_WIDTH_EMU * height / width)
    name = f"Picture {number}"
    title = f' title="{_attr(picture.title)}"' if picture.title else ""
    return (
        '<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="{name}" descr="{_attr(picture.alt)}"{title}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
        '</wp:cNvGraphicFramePr><a:graphic>'
        f'<a:graphicData uri="{_NS["pic"]}"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="image{number}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r></w:p>"
    )


def _body(blocks: Iterable[Block]) -> tuple[str, list[bytes]]:
    """Return document.xml's body and its pictures, in order (relationships rId100 on)."""
    parts: list[str] = []
    images: list[bytes] = []
    last: Block | None = None
    for b in blocks:
        if isinstance(b, Heading):
            if b.level not in _STYLE_IDS:
                raise ValueError(f"Heading level {b.level} is not 0 to 3.")
            parts.append(_para(b.text, _STYLE_IDS[b.level]))
        elif isinstance(b, Paragraph):
            parts.append(_para(b.text, props="<w:i/><w:iCs/>" if b.italic else ""))
        elif isinstance(b, BulletList):
            parts += [_para(item, "ListBullet") for item in b.items]
        elif isinstance(b, Caption):
            parts.append(_para(b.text, "Caption", keep_next=True))
        elif isinstance(b, Picture):
            images.append(b.png)
            parts.append(_picture(b, len(images), f"rId{99 + len(images)}"))
        else:
            if isinstance(last, Table):
                parts.append("<w:p/>")  # Word would join two adjacent tables into one
            parts.append(_table(b))
        last = b
    if isinstance(last, Table):
        parts.append("<w:p/>")  # the body ends with a paragraph, as Word writes it
    return "".join(parts), images


def _document(body: str) -> str:
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())
    return (f"{_XML}<w:document {ns}><w:body>{body}"
            '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" '
            'w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
            "</w:sectPr></w:body></w:document>")


# --- the other parts ---------------------------------------------------------------------

_CONTENT_TYPES = _XML + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
)

_PACKAGE_RELS = _XML + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_APP = _XML + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>equitylab</Application></Properties>'
)

_SETTINGS = _XML + (
    f'<w:settings xmlns:w="{_NS["w"]}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
    'office/word" w:val="15"/></w:compat></w:settings>'
)

_NUMBERING = _XML + (
    f'<w:numbering xmlns:w="{_NS["w"]}"><w:abstractNum w:abstractNumId="0">'
    '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="•"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def _style(kind: str, style_id: str, name: str, inner: str, *, default: bool = False,
           based_on: str = "Normal", priority: int = 0) -> str:
    return (f'<w:style w:type="{kind}"' + (' w:default="1"' if default else "")
            + f' w:styleId="{style_id}"><w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + ('<w:next w:val="Normal"/>' if kind == "paragraph" and based_on else "")
            + (f'<w:uiPriority w:val="{priority}"/>' if priority else "")
            + "<w:qFormat/>" * (kind == "paragraph") + inner + "</w:style>")


def _heading(style_id: str, name: str, outline: int, size: int, before: int) -> str:
    return _style("paragraph", style_id, name, priority=10 if style_id == "Title" else 9,
                  inner=f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" '
                  f'w:after="120"/><w:outlineLvl w:val="{outline}"/></w:pPr><w:rPr><w:b/>'
                  f'<w:bCs/><w:color w:val="1F4E79"/><w:sz w:val="{size}"/>'
                  f'<w:szCs w:val="{size}"/></w:rPr>')


_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
# Word's built-in names: "heading 1" and "caption" are lower case in the file.
_STYLES = _XML + (
    f'<w:styles xmlns:w="{_NS["w"]}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    + _style("paragraph", "Normal", "Normal", "", default=True, based_on="")
    + _style("character", "DefaultParagraphFont", "Default Paragraph Font", "",
             default=True, based_on="", priority=1)
    + _style("table", "TableNormal", "Normal Table", '<w:tblPr><w:tblInd w:w="0" '
             'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" '
             'w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
             "</w:tblCellMar></w:tblPr>", default=True, based_on="", priority=99)
    # The title is the outline's first level, so the steps (Heading 2) sit under it.
    + _heading("Title", "Title", 0, 48, 0)
    + _heading("Heading1", "heading 1", 0, 36, 360)
    + _heading("Heading2", "heading 2", 1, 30, 360)
    + _heading("Heading3", "heading 3", 2, 24, 240)
    + _style("paragraph", "Caption", "caption", '<w:pPr><w:keepNext/><w:spacing w:before="120" '
             'w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="1F4E79"/></w:rPr>',
             priority=35)
    + _style("paragraph", "ListBullet", "List Bullet", '<w:pPr><w:numPr><w:numId w:val="1"/>'
             "</w:numPr><w:contextualSpacing/></w:pPr>", priority=99)
    + _style("table", "TableGrid", "Table Grid", '<w:pPr><w:spacing w:after="0" w:line="240" '
             f'w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top {_BORDER}/>'
             f"<w:left {_BORDER}/><w:bottom {_BORDER}/><w:right {_BORDER}/>"
             f"<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders></w:tblPr>",
             based_on="TableNormal", priority=39)
    + "</w:styles>"
)


def _core(title: str, subject: str) -> str:
    return _XML + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{_x(_limit(strip_invalid(title)))}</dc:title>"
        f"<dc:subject>{_x(_limit(strip_invalid(subject)))}</dc:subject></cp:coreProperties>"
    )


def _document_rels(images: int) -> str:
    rels = [("rId1", "styles", "styles.xml"), ("rId2", "numbering", "numbering.xml"),
            ("rId3", "settings", "settings.xml")]
    rels += [(f"rId{100 + k}", "image", f"media/image{k + 1}.png") for k in range(images)]
    return _XML + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{_REL}/{kind}" Target="{target}"/>'
                  for i, kind, target in rels) + "</Relationships>")


def package(blocks: Iterable[Block], *, title: str, subject: str = "") -> bytes:
    """Return a Word document (.docx) holding ``blocks``, in order, as bytes.

    Parameters
    ----------
    blocks : iterable of Block
        :class:`Heading`, :class:`Paragraph`, :class:`BulletList`, :class:`Caption`,
        :class:`Table` and :class:`Picture` objects.
    title : str
        The document's title property (cut to 255 characters, which is all Word accepts).
    subject : str, optional
        The document's subject property.

    Returns
    -------
    bytes
        The .docx file. The same blocks always give the same bytes.

    Raises
    ------
    ValueError
        If a picture is not a PNG image or a heading's level is not 0 to 3.

    Examples
    --------
    >>> data = package([Heading(0, "A & B"), Table(("Group", "Rate"), (("A", "5"),))],
    ...                title="A & B")
    >>> data[:2]
    b'PK'
    """
    body, images = _body(blocks)
    xml = [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _PACKAGE_RELS),
           ("docProps/core.xml", _core(title, subject)), ("docProps/app.xml", _APP),
           ("word/document.xml", _document(body)),
           ("word/_rels/document.xml.rels", _document_rels(len(images))),
           ("word/styles.xml", _STYLES), ("word/numbering.xml", _NUMBERING),
           ("word/settings.xml", _SETTINGS)]
    parts = [(name, text.encode("utf-8"), zipfile.ZIP_DEFLATED) for name, text in xml]
    # PNG is compressed already; a fixed date makes the same blocks give the same bytes.
    parts += [(f"word/media/image{k}.png", png, zipfile.ZIP_STORED)
              for k, png in enumerate(images, 1)]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()
