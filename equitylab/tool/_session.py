"""A participant's folder: who they are, where their files go, and what they export.

No widgets here; :func:`equitylab.widgets.equity_tool` is a view over these functions.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

from ._model import Worksheet
from ._report import to_docx, to_html, to_markdown
from ._storage import _atomic_write, _slug, dumps

__all__ = [
    "EXPORT_FORMATS",
    "export_worksheet",
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


def participant_folder(folder: str | os.PathLike[str], participant: str) -> Path:
    """Return the folder that keeps one participant's worksheets apart from everyone else's.

    Raises
    ------
    ValueError
        If the name has no letter or digit.

    Examples
    --------
    >>> participant_folder("/tmp/ws", "Ana María!").name
    'ana-mar-a'
    """
    slug = _slug(participant, default="")
    if not slug:
        raise ValueError("Give a name with at least one letter or digit.")
    return Path(folder) / slug


def participant_from_query(query: str) -> str | None:
    """Return the participant named in a URL's query string (``participant=`` or ``user=``).

    A name with no letter or digit counts as none.

    Examples
    --------
    >>> participant_from_query("x=1&participant=ana"), participant_from_query("user=%21")
    ('ana', None)
    """
    parsed = parse_qs(query)
    for key in ("participant", "user"):
        if parsed.get(key) and _slug(parsed[key][0], default=""):
            return parsed[key][0]
    return None


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
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.part"
    partial.write_bytes(data)
    os.replace(partial, folder / name)
    return folder / name


def export_worksheet(ws: Worksheet, folder: str | os.PathLike[str], fmt: str) -> Path:
    """Write a report (``"html"``, ``"md"``, ``"docx"``) or the worksheet file (``"json"``).

    The file is named after the worksheet's title and id, e.g.
    ``bus-fares-0123456789ab.html``.

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
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use html, md, docx or json.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_slug(ws.metadata.title)}-{ws.id}.{fmt}"
    if fmt == "html":
        path.write_text(to_html(ws), encoding="utf-8")
    elif fmt == "md":
        path.write_text(to_markdown(ws), encoding="utf-8")
    elif fmt == "docx":
        to_docx(ws, path)
    else:
        _atomic_write(path, dumps(ws))
    return path
