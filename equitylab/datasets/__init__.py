"""Load the course's datasets offline: the one way notebooks load data.

Every file lives inside the package (``equitylab/datasets/data/``) and is described, real and
SYNTHETIC alike, by one Frictionless data package, ``datapackage.json``: the real tables
vendored from R packages with their source, licence and checksum, and the fictional Tallow
River Region written by ``data/generate.py``. Nothing is downloaded at run time.

Examples
--------
>>> from equitylab import datasets
>>> "mpls_stops" in datasets.list() and "tallow_budget" in datasets.list()
True
>>> datasets.info("tallow_housing").synthetic
True
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable

import pandas as pd

from . import _real, _synthetic
from ._catalogue import DOMAINS, REGISTRY, TOOL_USES, Column, DatasetInfo, dataset_info, register
from ._package import data_dir, datapackage
from ._real import mpls_join_report
from ._synthetic import read_geometry

__all__ = [
    "DOMAINS",
    "TOOL_USES",
    "Column",
    "DatasetInfo",
    "catalogue",
    "data_dir",
    "datapackage",
    "geojson",
    "info",
    "list",
    "load",
    "mpls_join_report",
    "reset_caveats",
]


_SHOWN: set[str] = set()


def _loader(meta: DatasetInfo) -> Callable[[], pd.DataFrame]:
    """Return the function that builds a dataset described in the data package."""
    if not meta.synthetic:
        return _real.LOADERS[meta.name]
    if meta.name == "tallow_geometry":
        return _synthetic.load_geometry
    (resource,) = meta.resources
    return lambda: _synthetic.read_resource(resource)


def _register_all() -> None:
    for entry in datapackage()["datasets"]:
        meta = dataset_info(entry)
        register(meta, _loader(meta))


_register_all()


def list() -> builtins.list[str]:  # noqa: A001 - the course's documented API
    """Return the names that :func:`load` accepts, sorted.

    Examples
    --------
    >>> names = list()
    >>> names[:3]
    ['boston_hmda', 'cps1988_wages', 'gi_bill_mortgages']
    """
    return sorted(REGISTRY)


def _check(name: str) -> None:
    if name not in REGISTRY:
        raise ValueError(f"Unknown dataset {name!r}. Choose one of: {', '.join(list())}.")


def info(name: str) -> DatasetInfo:
    """Return a dataset's metadata: source, licence, how race was recorded, caveats, columns.

    Parameters
    ----------
    name : str
        One of the names returned by :func:`list`.

    Returns
    -------
    DatasetInfo

    Raises
    ------
    ValueError
        If ``name`` is not a known dataset; the message lists the valid names.

    Examples
    --------
    >>> meta = info("boston_hmda")
    >>> meta.synthetic, meta.origin
    (False, 'AER::HMDA')
    >>> [c.name for c in meta.columns][:2]
    ['denied', 'applicant_race']
    """
    _check(name)
    return REGISTRY[name].info


def catalogue() -> pd.DataFrame:
    """Return one row per dataset: name, title, real or synthetic, domains, tool uses, rows.

    Examples
    --------
    >>> table = catalogue()
    >>> table.loc[table["name"] == "tallow_budget", "tool_uses"].item()
    'budget'
    """
    rows = [
        {
            "name": e.info.name,
            "title": e.info.title,
            "kind": "synthetic" if e.info.synthetic else "real",
            "domains": ", ".join(e.info.domains),
            "tool_uses": ", ".join(e.info.tool_uses),
            "rows": e.info.rows,
            "origin": e.info.origin,
        }
        for e in (REGISTRY[n] for n in list())
    ]
    return pd.DataFrame(rows)


def reset_caveats() -> None:
    """Forget which caveats were shown, so the next load shows them again.

    Examples
    --------
    >>> reset_caveats()
    >>> _ = load("toronto_arrests")  # doctest: +ELLIPSIS
    About Arrests for marijuana possession, Toronto, 1997-2002 (Real data).
    ...
    """
    _SHOWN.clear()


def load(name: str, *, show_caveats: bool = True) -> pd.DataFrame:
    """Load a dataset by name, as a tidy DataFrame with typed columns.

    The first time in a session that a real dataset about people is loaded, its caveats are
    shown once (how race was recorded, known problems, what the data cannot show): as a
    Markdown note in a notebook, as printed text elsewhere. Synthetic tables carry
    ``synthetic = True`` in a column and in ``DataFrame.attrs``.

    Parameters
    ----------
    name : str
        One of the names returned by :func:`list`.
    show_caveats : bool, default True
        Set to False to skip the caveat note (it is still in :func:`info`).

    Returns
    -------
    pandas.DataFrame
        A fresh copy: changing it does not change later loads.

    Raises
    ------
    ValueError
        If ``name`` is not a known dataset; the message lists the valid names.

    Examples
    --------
    >>> stops = load("mpls_stops", show_caveats=False)
    >>> len(stops)
    51920
    >>> stops["person_searched"].dtype
    BooleanDtype
    >>> housing = load("tallow_housing")
    >>> housing.attrs["synthetic"], bool(housing["synthetic"].all())
    (True, True)
    """
    _check(name)
    entry = REGISTRY[name]
    if show_caveats and entry.info.about_people and name not in _SHOWN:
        _SHOWN.add(name)
        _show(entry.info)
    # Every loader hands out a frame of its own (real tables: a copy of the one built).
    frame = entry.loader()
    frame.attrs.update(
        {"dataset": name, "synthetic": entry.info.synthetic, "source": entry.info.reader_source,
         "licence": entry.info.licence}
    )
    return frame


def _in_app() -> bool:
    """Whether this kernel runs an app (Voilà, or Voici in the browser), not the book."""
    try:
        from equitylab.widgets._runtime import in_browser, under_voila
    except ImportError:  # no ipywidgets: not an app
        return False
    return in_browser() or under_voila()


def _show(meta: DatasetInfo) -> None:
    """Show a dataset's caveats: Markdown in a Jupyter kernel, plain text otherwise."""
    shell = None
    if "IPython" in sys.modules:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import Markdown, display

        display(Markdown(meta.caveat_markdown(link=not _in_app())))
    else:
        print(meta.caveat_text())


def geojson() -> dict:
    """Return the SYNTHETIC neighbourhood polygons as a GeoJSON dictionary.

    Coordinates are kilometres on a plane, not longitude and latitude.

    Examples
    --------
    >>> geojson()["features"][0]["properties"]["synthetic"]
    True
    """
    return read_geometry()
