"""The SYNTHETIC Tallow River Region: loaders typed by the data package's schemas.

The data package is the single description of every synthetic table: the loaders take their
dtypes and allowed values from it, so code, files and documentation cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ._package import data_dir, read_csv, resource

REGION = "Tallow River Region"


def column_dtype(field: dict[str, Any]) -> str:
    """Return the pandas dtype a data-package schema field is read as."""
    enum = field.get("constraints", {}).get("enum")
    return {
        "string": "category" if enum else "string",
        "integer": "Int64",
        "number": "float64",
        "boolean": "boolean",
    }[field["type"]]


def read_resource(name: str) -> pd.DataFrame:
    """Read one tabular resource with the types its schema declares.

    Parameters
    ----------
    name : str
        Resource name in the data package (e.g. ``"housing"``).

    Returns
    -------
    pandas.DataFrame
        Enumerated strings become categoricals in the schema's order; integers become
        nullable ``Int64``; booleans nullable ``boolean``. ``attrs["synthetic"]`` is True.

    Examples
    --------
    >>> read_resource("neighbourhoods")["holc_grade"].cat.categories.tolist()
    ['A', 'B', 'C', 'D', 'Not graded']
    """
    fields = resource(name)["schema"]["fields"]
    dtypes: dict[str, Any] = {}
    for fld in fields:
        kind = column_dtype(fld)
        if kind == "category":
            dtypes[fld["name"]] = pd.CategoricalDtype(fld["constraints"]["enum"])
        elif kind == "boolean":
            dtypes[fld["name"]] = "string"
        else:
            dtypes[fld["name"]] = kind
    frame = read_csv(name, dtypes)
    for fld in fields:
        if fld["type"] == "boolean":
            frame[fld["name"]] = frame[fld["name"]].map({"true": True, "false": False}).astype(
                "boolean"
            )
    frame.attrs.update({"dataset": name, "synthetic": True, "region": REGION})
    return frame


def read_geometry() -> dict[str, Any]:
    """Return the neighbourhood polygons as a GeoJSON dictionary (SYNTHETIC).

    Examples
    --------
    >>> len(read_geometry()["features"])
    120
    """
    path = data_dir() / resource("neighbourhoods_geometry")["path"]
    return json.loads(path.read_text(encoding="utf-8"))


def load_geometry() -> pd.DataFrame:
    """Neighbourhood polygons as a table: one row per neighbourhood, vertices as a list."""
    features = read_geometry()["features"]
    frame = pd.DataFrame(
        {
            "neighbourhood_id": pd.array([f["properties"]["neighbourhood_id"] for f in features],
                                         dtype="string"),
            "name": pd.array([f["properties"]["name"] for f in features], dtype="string"),
            "holc_grade": pd.Categorical([f["properties"]["holc_grade"] for f in features],
                                         categories=["A", "B", "C", "D", "Not graded"]),
            "polygon": [[tuple(xy) for xy in f["geometry"]["coordinates"][0]] for f in features],
            "synthetic": pd.array([True] * len(features), dtype="boolean"),
        }
    )
    frame.attrs.update({"dataset": "tallow_geometry", "synthetic": True, "region": REGION})
    return frame
