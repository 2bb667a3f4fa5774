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
import errno
import hashlib
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
    "WorksheetConflictError",
    "WorksheetFileError",
    "WorksheetStore",
    "WorksheetSummary",
    "dumps",
    "fault_message",
    "fingerprint",
    "load",
    "loads",
    "migrate",
    "remove_stale_temporary_files",
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


class WorksheetConflictError(WorksheetFileError):
    """The worksheet file changed since it was read here (another tab or window saved it).

    ``path`` is the file; ``current`` its bytes now, so that version can be kept too.
    """

    def __init__(self, path: Path, current: bytes) -> None:
        super().__init__(f"{path.name} was changed elsewhere (in another tab or window) "
                         "since it was opened here.")
        self.path = path
        self.current = current


def fingerprint(data: bytes) -> str:
    """Return a short fingerprint of a file's bytes (to tell whether it changed).

    Examples
    --------
    >>> fingerprint(b"{}") == fingerprint(b"{}"), fingerprint(b"{}") == fingerprint(b"[]")
    (True, False)
    """
    return hashlib.sha256(data).hexdigest()


def fault_message(err: BaseException, action: str) -> str:
    """Say in plain words why a file could not be read or written (no error codes).

    Parameters
    ----------
    err : BaseException
        An :class:`OSError` (read-only folder, full disk, ...) or a decoding error.
    action : str
        What failed, e.g. "Your worksheet could not be saved".

    Examples
    --------
    >>> import errno
    >>> fault_message(OSError(errno.EROFS, "Read-only file system", "/x/.w.tmp"), "Not saved")
    'Not saved: the folder is read-only (this computer does not allow writing there).'
    >>> fault_message(OSError(errno.ENOSPC, "No space left on device"), "Not saved")
    'Not saved: the disk is full.'
    """
    code = getattr(err, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "the folder is read-only (this computer does not allow writing there)"
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = "the disk is full"
    elif code == errno.ENAMETOOLONG:
        why = "the file name is too long for this computer"
    elif code == errno.ENOENT:
        why = "its folder is no longer there"
    elif isinstance(err, UnicodeError):
        why = "the file is not text in a form the course can read"
    else:
        reason = getattr(err, "strerror", None) or "an unexpected problem"
        why = f"this computer reported {str(reason).lower().rstrip('.')}"
    return f"{action}: {why}."


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
    except OSError as err:
        raise WorksheetFileError(fault_message(err, f"The worksheet file {path.name} could "
                                               "not be read")) from None
    try:
        return loads(text, where=f"The worksheet file {path.name}")
    except NewerVersionError:
        raise
    except WorksheetFileError as err:
        backup = _backup_path(path)
        hint = (f" Its previous version is kept next to it, in {backup.name}."
                if backup.exists() else "")
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


def save(ws: Worksheet, path: str | os.PathLike[str], *, backup: bool = True,
         expected: str | None = None) -> Path:
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
    expected : str, optional
        The :func:`fingerprint` of the file as the caller last read or wrote it. If the file
        now holds something else (another tab or window saved it since), nothing is written
        and :class:`WorksheetConflictError` is raised.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    WorksheetFileError
        If the existing file at ``path`` cannot be read.
    WorksheetConflictError
        If the file changed since ``expected``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ws.metadata.updated = dt.date.today().isoformat()
    text = dumps(ws)
    if path.exists():
        current = path.read_bytes()
        if expected is not None and fingerprint(current) != expected:
            raise WorksheetConflictError(path, current)
        try:
            loads(current.decode("utf-8"), where=f"The existing file {path.name}")
        except (WorksheetFileError, UnicodeDecodeError) as err:
            raise WorksheetFileError(
                f"Not saving over {path.name}, so that nothing in it is lost: {err}"
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
        remove_stale_temporary_files(self.folder)
        #: Worksheet id -> fingerprint of its file as this store last read or wrote it.
        self.seen: dict[str, str] = {}

    def path_for(self, ws: Worksheet) -> Path:
        """Return the file for ``ws``: the existing one with its id, or a new name."""
        for p in self.folder.glob(f"*-{ws.id}.json"):
            return p
        return self.folder / f"{_slug(ws.metadata.title)}-{ws.id}.json"

    def save(self, ws: Worksheet, *, overwrite: bool = False) -> Path:
        """Save ``ws`` atomically (see :func:`save`); return its path.

        Raises :class:`WorksheetConflictError`, writing nothing, if the file changed since
        this store last read or wrote it (the same worksheet open in two tabs), unless
        ``overwrite``.
        """
        path = self.path_for(ws)
        save(ws, path, expected=None if overwrite else self.seen.get(ws.id))
        with contextlib.suppress(OSError):
            self.seen[ws.id] = fingerprint(path.read_bytes())
        return path

    def keep_other_version(self, conflict: WorksheetConflictError) -> Worksheet | None:
        """Save the other side of a conflict as a worksheet of its own; return it.

        Its title says it is the other version; the file it came from is left as it is.
        Returns None if the other version cannot be read (it is then left on disk only).
        """
        from ._model import _new_id

        try:
            other = loads(conflict.current.decode("utf-8"))
        except (WorksheetFileError, UnicodeDecodeError):
            return None
        other.id = _new_id()
        stamp = dt.datetime.now().strftime("%H:%M")
        other.metadata.title = (f"{other.metadata.title or 'Untitled worksheet'} (other "
                                f"version, kept {stamp})")
        self.save(other)
        return other

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
        if not (candidate.suffix == ".json" or candidate.exists()):
            matches = list(self.folder.glob(f"*-{id_or_path}.json"))
            if not matches:
                raise WorksheetFileError(
                    f"No worksheet with id {str(id_or_path)!r} in {self.folder}.")
            candidate = matches[0]
        ws = load(candidate)
        with contextlib.suppress(OSError):
            self.seen[ws.id] = fingerprint(candidate.read_bytes())
        return ws

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


#: A temporary file of a save (see ``_atomic_write``) older than this was left by a save
#: that never finished (a crash, a killed kernel): a save takes well under a second.
STALE_AFTER = 15 * 60
#: The temporary files :func:`tempfile.mkstemp` makes for a save of ``<name>.json`` or of
#: its backup, and the partial files of exports and uploads (``.<name>.part``).
_TEMPORARY = re.compile(r"\..+\.json(?:\.bak)?\.[A-Za-z0-9_]{8}\.tmp|\..+\.part")


def remove_stale_temporary_files(folder: str | os.PathLike[str], *,
                                 older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files that interrupted saves left in ``folder``; return them.

    Only regular files named as this module's saves name them (``.<name>.json.<8
    characters>.tmp``, ``.<name>.json.bak.<8 characters>.tmp``, ``.<name>.part``) and not
    modified for ``older_than`` seconds are removed: never a worksheet, its backup, a
    link, or a save in progress. The ``exports`` and ``uploads`` folders inside are
    cleaned too. Nothing is raised: a file that cannot be removed (a read-only folder)
    stays.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".w.json.k_5mhzh8.tmp").write_text("half a save")
    >>> _ = (folder / "w.json").write_text("{}")
    >>> [p.name for p in remove_stale_temporary_files(folder, older_than=0)]
    ['.w.json.k_5mhzh8.tmp']
    >>> sorted(p.name for p in folder.iterdir())
    ['w.json']
    """
    import stat
    import time

    root = Path(folder)
    now = time.time()
    removed = []
    for place in (root, root / "exports", root / "uploads"):
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries:
            if not _TEMPORARY.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def _mtime(path: Path) -> float:
    """Return a file's modification time, or 0 if it vanished."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
