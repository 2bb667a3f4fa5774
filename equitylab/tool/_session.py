"""A participant's folder: who they are, where their files go, and what they export.

No widgets here; :func:`equitylab.widgets.equity_tool` is a view over these functions.
Exports are bytes with a safe file name (:func:`export_bytes`), so the app can offer them
as downloads to the participant's own device, wherever the kernel runs.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs

from ._model import Worksheet
from ._report import docx_bytes, to_html, to_markdown
from ._storage import NewerVersionError, WorksheetFileError, WorksheetStore, _slug, dumps

__all__ = [
    "EXPORT_FORMATS",
    "MAX_WORKSHEET_BYTES",
    "data_url",
    "export_bytes",
    "export_name",
    "export_worksheet",
    "import_worksheet_file",
    "keep_upload",
    "participant_folder",
    "participant_from_query",
]

#: Export format -> its media type.
EXPORT_FORMATS = {
    "html": "text/html",
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}

#: The largest worksheet file :func:`import_worksheet_file` reads (the examples are ~14 kB).
MAX_WORKSHEET_BYTES = 5_000_000


#: The longest participant name accepted (the folder keeps a readable part of it).
MAX_NAME = 200
#: Written in a folder from an earlier version when a name takes it over (see
#: :func:`participant_folder`), so no other name can take it too.
_CLAIM = ".participant"
_SEPARATORS = re.compile(r"[/\\\u2215\u2044\u29f8\uff0f\uff3c]|\.\.")


def _readable(name: str) -> str:
    """Return the readable part of a folder name.

    Letters, marks and digits of any script, lowercased; other runs of characters become
    one ``-``; at most 40 characters.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else "-" for c in text)
    return re.sub(r"-+", "-", kept).strip("-")[:40].strip("-")


def _clean_name(participant: str) -> str:
    """Return the name as typed, without surrounding spaces, in Unicode's composed form.

    NFC, so the same name typed on two keyboards is the same name.

    Raises
    ------
    ValueError
        If the name is empty or longer than :data:`MAX_NAME` characters.
    """
    name = unicodedata.normalize("NFC", str(participant)).strip()
    if not name:
        raise ValueError("Type your name (in any language or script) to open your "
                         "worksheets.")
    if len(name) > MAX_NAME:
        raise ValueError(f"That name is {len(name):,} characters long. Use a shorter one "
                         f"(at most {MAX_NAME}), and the same one each time.")
    return name


def participant_folder(folder: str | os.PathLike[str], participant: str) -> Path:
    r"""Return the folder that keeps one participant's worksheets apart from everyone else's.

    The folder is named after the name (its letters and digits, in any script, at most 40)
    and a short hash of the whole name (ignoring case and surrounding spaces, so "Ana" and
    "ana " are one person), so different names always get different folders and
    the folder is always directly inside ``folder``: ``..\x``, ``..∕x`` and ``x`` are three
    folders, and two long names that start alike are two.

    Earlier versions named the folder after the name's ASCII letters and digits only
    (``ana-mar-a`` for "Ana María"). Such a folder is still used, where it is, by the first
    plain name (no slashes or ``..``) that maps to it and has no folder of its own yet; a
    ``.participant`` file in it then records that name, so no other name shares it.

    Raises
    ------
    ValueError
        If the name is empty or longer than :data:`MAX_NAME` characters (the message says so
        in plain words).

    Examples
    --------
    >>> import tempfile
    >>> root = tempfile.mkdtemp()
    >>> participant_folder(root, "Ana María").name
    'ana-maría-e3dad06b2f'
    >>> participant_folder(root, "李小龙").name
    '李小龙-535320da46'
    """
    name = _clean_name(participant)
    root = Path(folder)
    key = name.casefold()  # "Ana" typed as "ana" next time finds the same work
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    readable = _readable(name)
    own = root / (f"{readable}-{digest}" if readable else f"participant-{digest}")
    if own.exists():
        return own
    legacy = _slug(name, default="")
    old = root / legacy
    if legacy and not _SEPARATORS.search(name) and old.is_dir():
        claim = old / _CLAIM
        try:
            owner = claim.read_text(encoding="utf-8") if claim.exists() else None
        except (OSError, UnicodeDecodeError):
            owner = None
        if owner is None:
            with contextlib.suppress(OSError):  # a read-only root: used, not claimed
                claim.write_text(name, encoding="utf-8")
            return old
        if owner.casefold() == key:
            return old
    return own


def participant_from_query(query: str) -> str | None:
    """Return the participant named in a URL's query string (``participant=`` or ``user=``).

    Any script is a name; an empty or blank one counts as none.

    Examples
    --------
    >>> participant_from_query("x=1&participant=ana"), participant_from_query("user=%20")
    ('ana', None)
    >>> participant_from_query("participant=%E6%9D%8E%E5%B0%8F%E9%BE%99")
    '李小龙'
    """
    parsed = parse_qs(query)
    for key in ("participant", "user"):
        if parsed.get(key) and parsed[key][0].strip():
            return parsed[key][0]
    return None


def _replace(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a partial file renamed over it (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    return path


def keep_upload(folder: str | os.PathLike[str], name: str, data: bytes) -> Path:
    """Save an uploaded file's bytes as ``folder/name``, atomically (never half a file).

    Parameters
    ----------
    folder : path-like
        The participant's uploads folder; created if needed.
    name : str
        A safe file name (see :func:`equitylab.userdata.safe_csv_name`).
    data : bytes
        The file's contents.

    Returns
    -------
    pathlib.Path
        Where the file now is.

    Raises
    ------
    OSError
        If the folder or the file cannot be written.
    """
    return _replace(Path(folder) / name, data)


def export_name(ws: Worksheet, fmt: str) -> str:
    """Return the file name of an export: a slug of the title, the id and the format.

    Titles (and ids read from files) are never used as they are: only lowercase letters,
    digits and ``-`` remain, so a name cannot point into another folder or hide its type.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> ws = Worksheet(id="0123456789ab")
    >>> ws.metadata.title = "../Bus fares: <2027>!"
    >>> export_name(ws, "html")
    'bus-fares-2027-0123456789ab.html'
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use html, md, docx or json.")
    worksheet_id = _slug(ws.id, default="")
    return f"{_slug(ws.metadata.title)}{'-' if worksheet_id else ''}{worksheet_id}.{fmt}"


def export_bytes(ws: Worksheet, fmt: str) -> tuple[str, bytes]:
    """Return an export's file name and contents, without keeping a file anywhere.

    Parameters
    ----------
    ws : Worksheet
        What to export.
    fmt : {"html", "md", "docx", "json"}
        A report (``"html"``, ``"md"``, ``"docx"``) or the worksheet file (``"json"``),
        which :func:`import_worksheet_file` reads back. ``EXPORT_FORMATS`` gives their
        media types.

    Returns
    -------
    tuple of (str, bytes)
        The file name (see :func:`export_name`) and the file's bytes (UTF-8 for text).

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> ws = Worksheet(id="0123456789ab")
    >>> ws.set_answer("1.1", "Free fares for students.")
    >>> name, data = export_bytes(ws, "md")
    >>> name, b"Free fares for students." in data
    ('worksheet-0123456789ab.md', True)
    """
    name = export_name(ws, fmt)
    if fmt == "docx":
        return name, docx_bytes(ws)
    text = {"html": to_html, "md": to_markdown, "json": dumps}[fmt](ws)
    return name, text.encode("utf-8")


def data_url(data: bytes, mime: str) -> str:
    """Return ``data`` as a ``data:`` URL, for a download link that needs no server.

    Examples
    --------
    >>> data_url(b"Hi", EXPORT_FORMATS["md"])
    'data:text/markdown;base64,SGk='
    """
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def export_worksheet(ws: Worksheet, folder: str | os.PathLike[str], fmt: str) -> Path:
    """Write a report (``"html"``, ``"md"``, ``"docx"``) or the worksheet file (``"json"``).

    The file is named after the worksheet's title and id, e.g.
    ``bus-fares-0123456789ab.html``, and holds :func:`export_bytes`.

    Parameters
    ----------
    ws : Worksheet
        What to export.
    folder : path-like
        Where to write; created if needed.
    fmt : {"html", "md", "docx", "json"}
        The format (``EXPORT_FORMATS`` gives their media types).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> import tempfile
    >>> ws = Worksheet()
    >>> ws.metadata.title = "Bus fares"
    >>> path = export_worksheet(ws, tempfile.mkdtemp(), "md")
    >>> path.name == f"bus-fares-{ws.id}.md"
    True
    """
    name, data = export_bytes(ws, fmt)
    return _replace(Path(folder) / name, data)


def import_worksheet_file(store: WorksheetStore, data: bytes, name: str | None = None
                          ) -> Worksheet:
    """Import an uploaded worksheet file (from :func:`export_bytes` ``"json"``) into ``store``.

    The imported worksheet is saved in the store's folder under an id of its own (see
    :meth:`WorksheetStore.import_text`); nothing already there is changed.

    Parameters
    ----------
    store : WorksheetStore
        The participant's worksheets.
    data : bytes
        The uploaded file's contents.
    name : str, optional
        The uploaded file's name, for messages only.

    Returns
    -------
    Worksheet
        The imported worksheet.

    Raises
    ------
    WorksheetFileError
        With a plain message when the file is too large, is not text, is not JSON, is not a
        worksheet file, or is one from a newer version of the course.

    Examples
    --------
    >>> import tempfile
    >>> store = WorksheetStore(tempfile.mkdtemp())
    >>> ws = Worksheet()
    >>> import_worksheet_file(store, export_bytes(ws, "json")[1]) == ws
    True
    >>> try:
    ...     import_worksheet_file(store, b"%PDF-1.7", "report.pdf")
    ... except WorksheetFileError as err:
    ...     print(err.args[0][:45])
    The file report.pdf is damaged and cannot be
    """
    where = "The file" if name is None else f"The file {name[:80]}"
    hint = ' Choose the .json file that "Download the worksheet file" saved.'
    if len(data) > MAX_WORKSHEET_BYTES:
        raise WorksheetFileError(
            f"{where} is {len(data) / 1e6:.1f} MB, too large to be a worksheet file (at most "
            f"{MAX_WORKSHEET_BYTES / 1e6:.0f} MB).{hint}")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorksheetFileError(f"{where} is not a worksheet file: it is not text.{hint}"
                                 ) from None
    try:
        return store.import_text(text, where=where)
    except NewerVersionError:
        raise
    except WorksheetFileError as err:
        raise WorksheetFileError(f"{err}{hint}") from None
