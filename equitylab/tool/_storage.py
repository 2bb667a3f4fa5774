"""Never lose work: versioned JSON files, written atomically, with the previous version kept.

Each worksheet is one file ``<slug>-<id>.json`` in a folder. A save writes a temporary
file in the same folder, flushes it to disk (``fsync``) and renames it over the old file
(``os.replace`` is atomic), so a crash leaves either the old or the new file, never half
of one. Before that, the current file, if it is valid, is copied the same way to
``<name>.json.bak``. A corrupted file or one from a newer version of the course is never
overwritten, and its backup is left alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._model import Worksheet, WorksheetDataError

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "NewerVersionError",
    "WorksheetFileError",
    "WorksheetStore",
    "WorksheetSummary",
    "dumps",
    "load",
    "loads",
    "migrate",
    "save",
]

#: Identifies a worksheet file.
FORMAT = "equitylab-worksheet"
#: Version of the file layout written by this code. Older files are migrated on load.
SCHEMA_VERSION = 3


class WorksheetFileError(ValueError):
    """A worksheet file cannot be read (damaged, not a worksheet, or wrong shape)."""


class NewerVersionError(WorksheetFileError):
    """A worksheet file was written by a newer version of equitylab."""


def _backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def dumps(ws: Worksheet) -> str:
    """Return the file contents for ``ws`` (JSON with a format tag and schema version).

    Examples
    --------
    >>> json.loads(dumps(Worksheet()))["schema_version"]
    3
    """
    doc = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "worksheet": ws.to_dict(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a file's contents up to ``SCHEMA_VERSION``, one version at a time.

    Version 1 (the first release) kept the metadata at the top of the worksheet, the team
    as one comma-separated string, engagement levels as numbers 1 to 5, evidence tables
    as lists of records, and measures typed ``"indicator"`` or ``"performance"``.
    Version 2 saved evidence chart bars per person (0.15 for 15%); version 3 saves them on
    the item's ``per`` scale, as :mod:`equitylab.measures` gives them (15.0 for 15%).

    Raises
    ------
    NewerVersionError
        If the file is newer than this code understands.
    WorksheetFileError
        If the version is missing or not a number.

    Examples
    --------
    >>> old = {"format": FORMAT, "schema_version": 1, "worksheet": {"title": "T", "team": "A, B"}}
    >>> migrate(old)["worksheet"]["metadata"]["team"]
    ['A', 'B']
    """
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise WorksheetFileError(f"The file has no valid schema_version ({version!r}).")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"This worksheet was saved by a newer version of the course tool (file format "
            f"{version}; this version reads up to {SCHEMA_VERSION}). Update equitylab to open "
            "it. The file was not changed."
        )
    doc = dict(doc)
    if version == 1:
        doc["worksheet"] = _v1_to_v2(doc.get("worksheet"))
        doc["schema_version"] = 2
    if doc["schema_version"] == 2:
        doc["worksheet"] = _v2_to_v3(doc.get("worksheet"))
        doc["schema_version"] = 3
    return doc


def _v2_to_v3(ws: Any) -> dict[str, Any]:
    """Put version 2's per-person chart bars on each evidence item's ``per`` scale."""
    if not isinstance(ws, dict):
        raise WorksheetFileError("The file's 'worksheet' entry is not an object.")
    ws = dict(ws)
    items = []
    for item in ws.get("evidence", []):
        if isinstance(item, dict) and isinstance(item.get("chart"), list):
            per = item.get("per", 100.0)
            per = float(per) if isinstance(per, int | float) and not isinstance(per, bool) \
                else 100.0
            item = {**item, "chart": [
                {**bar, **{k: bar[k] * per for k in ("estimate", "lower", "upper")
                           if isinstance(bar.get(k), int | float)
                           and not isinstance(bar.get(k), bool)}}
                if isinstance(bar, dict) else bar for bar in item["chart"]]}
        items.append(item)
    if "evidence" in ws:
        ws["evidence"] = items
    return ws


def _v1_to_v2(ws: Any) -> dict[str, Any]:
    if not isinstance(ws, dict):
        raise WorksheetFileError("The file's 'worksheet' entry is not an object.")
    ws = dict(ws)
    meta_keys = ("title", "jurisdiction", "department", "kind", "team", "created", "updated",
                 "decision_date")
    meta = {k: ws.pop(k) for k in meta_keys if k in ws}
    if isinstance(meta.get("team"), str):
        meta["team"] = [t.strip() for t in meta["team"].split(",") if t.strip()]
    out: dict[str, Any] = {"metadata": meta, **ws}
    if "groups" in out:
        out["affected_groups"] = out.pop("groups")
    levels = ("inform", "consult", "involve", "collaborate", "community ownership")
    for entry in out.get("engagement", []):
        if isinstance(entry.get("level"), int):
            entry["level"] = levels[min(max(entry["level"], 1), 5) - 1]
    for item in out.get("evidence", []):
        table = item.get("table")
        if isinstance(table, list):
            columns = list(table[0]) if table else []
            item["table"] = {"columns": columns,
                             "rows": [[str(rec.get(c, "")) for c in columns] for rec in table],
                             "caption": item.pop("caption", "")}
    kinds = {"indicator": "population indicator", "performance": "performance measure"}
    for m in out.get("measures", []):
        if "type" in m:
            m["kind"] = kinds.get(m.pop("type"), "population indicator")
        if "date" in m:
            m["target_date"] = m.pop("date")
    return out


def loads(text: str, *, where: str = "The worksheet") -> Worksheet:
    """Read a worksheet from file contents, migrating older versions.

    Raises
    ------
    WorksheetFileError, NewerVersionError
        With a message that says what is wrong.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise WorksheetFileError(
            f"{where} is damaged and cannot be read (invalid JSON at line {err.lineno}, "
            f"column {err.colno})."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise WorksheetFileError(f"{where} is not an equitylab worksheet file.")
    doc = migrate(doc)
    try:
        return Worksheet.from_dict(doc["worksheet"])
    except (KeyError, WorksheetDataError) as err:
        raise WorksheetFileError(f"{where} has an unexpected shape: {err}") from None


def load(path: str | os.PathLike[str]) -> Worksheet:
    """Load a worksheet file.

    Raises
    ------
    WorksheetFileError
        If the file is damaged or not a worksheet; the message names the backup, if any.
    NewerVersionError
        If a newer version of the course wrote it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ws = Worksheet()
    >>> load(save(ws, folder / "w.json")) == ws
    True
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorksheetFileError(f"No worksheet file at {path}.") from None
    except UnicodeDecodeError:
        text = "\x00"
    try:
        return loads(text, where=f"The worksheet file {path.name}")
    except NewerVersionError:
        raise
    except WorksheetFileError as err:
        backup = _backup_path(path)
        hint = (f" The previous version is kept in {backup.name}; open it with "
                f"equitylab.tool.load({str(backup)!r})." if backup.exists() else "")
        raise WorksheetFileError(f"{err}{hint}") from None


def _atomic_write(path: Path, data: str) -> None:
    if sys.platform == "emscripten":
        # In the reader's browser the folder is JupyterLite's drive, kept in the browser's
        # storage: each file is stored whole when it is closed. There, a rename over an
        # existing file lost later saves and truncating a file in place never returned
        # (both seen in Chromium), so the old file goes and a new one is written.
        path.unlink(missing_ok=True)
        path.write_text(data, encoding="utf-8")
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save(ws: Worksheet, path: str | os.PathLike[str], *, backup: bool = True) -> Path:
    """Save ``ws`` to ``path`` atomically, keeping the previous valid version as a backup.

    A file that cannot be read (damaged, or from a newer version) is never replaced and
    never copied over the backup: saving raises instead, so nothing is lost.

    Parameters
    ----------
    ws : Worksheet
        What to save. ``metadata.updated`` is set to today.
    path : path-like
        The worksheet file.
    backup : bool, default True
        Copy the current file to ``<name>.bak`` first.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    WorksheetFileError
        If the existing file at ``path`` cannot be read.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ws.metadata.updated = dt.date.today().isoformat()
    text = dumps(ws)
    if path.exists():
        current = path.read_bytes()
        try:
            loads(current.decode("utf-8"), where=f"The existing file {path.name}")
        except (WorksheetFileError, UnicodeDecodeError) as err:
            raise WorksheetFileError(
                f"Not saving over {path.name}: {err} Save under a new name, or move the "
                "damaged file away first."
            ) from None
        if backup:
            _atomic_write(_backup_path(path), current.decode("utf-8"))
    _atomic_write(path, text)
    return path


@dataclass(frozen=True)
class WorksheetSummary:
    """One row of :meth:`WorksheetStore.list`."""

    path: Path
    id: str
    title: str
    kind: str
    updated: str
    error: str = ""


def _slug(text: str, default: str = "worksheet") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug or default


class WorksheetStore:
    """A folder of worksheets, one JSON file each.

    Parameters
    ----------
    folder : path-like
        Created if it does not exist.

    Examples
    --------
    >>> import tempfile
    >>> store = WorksheetStore(tempfile.mkdtemp())
    >>> ws = Worksheet()
    >>> ws.metadata.title = "Bus fares"
    >>> path = store.save(ws)
    >>> [s.title for s in store.list()]
    ['Bus fares']
    >>> store.load(ws.id) == ws
    True
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, ws: Worksheet) -> Path:
        """Return the file for ``ws``: the existing one with its id, or a new name."""
        for p in self.folder.glob(f"*-{ws.id}.json"):
            return p
        return self.folder / f"{_slug(ws.metadata.title)}-{ws.id}.json"

    def save(self, ws: Worksheet) -> Path:
        """Save ``ws`` atomically (see :func:`save`); return its path."""
        return save(ws, self.path_for(ws))

    def list(self) -> list[WorksheetSummary]:
        """Return every worksheet in the folder, newest first; damaged files are listed too."""
        out = []
        for p in self.folder.glob("*.json"):
            try:
                ws = load(p)
                out.append(WorksheetSummary(p, ws.id, ws.metadata.title, ws.metadata.kind,
                                            ws.metadata.updated))
            except WorksheetFileError as err:
                out.append(WorksheetSummary(p, "", p.stem, "", "", str(err)))
        out.sort(key=lambda s: _mtime(s.path), reverse=True)
        return out

    def load(self, id_or_path: str | os.PathLike[str]) -> Worksheet:
        """Load a worksheet by id or by path."""
        candidate = Path(id_or_path)
        if candidate.suffix == ".json" or candidate.exists():
            return load(candidate)
        matches = list(self.folder.glob(f"*-{id_or_path}.json"))
        if not matches:
            raise WorksheetFileError(f"No worksheet with id {str(id_or_path)!r} in {self.folder}.")
        return load(matches[0])

    def import_text(self, text: str, *, where: str = "The imported file") -> Worksheet:
        """Import a worksheet file's contents (e.g. an upload) and save it in the folder.

        A worksheet whose id is already in the folder gets a new id, so an import never
        overwrites existing work. ``where`` names the file in error messages.
        """
        ws = loads(text, where=where)
        if any(self.folder.glob(f"*-{ws.id}.json")):
            from ._model import _new_id

            ws.id = _new_id()
        self.save(ws)
        return ws

    def import_file(self, path: str | os.PathLike[str]) -> Worksheet:
        """Import the worksheet file at ``path`` (see :meth:`import_text`)."""
        return self.import_text(Path(path).read_text(encoding="utf-8"))

    def export(self, ws: Worksheet, dest: str | os.PathLike[str]) -> Path:
        """Write ``ws`` to ``dest`` as a worksheet file to pass to a teammate."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(dest, dumps(ws))
        return dest


def _mtime(path: Path) -> float:
    """Return a file's modification time, or 0 if it vanished."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
