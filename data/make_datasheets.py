"""Write the datasheet pages and the Datasets page of the book from equitylab.datasets.

Run ``python data/make_datasheets.py`` after changing a dataset's metadata;
``tests/datasets/test_datasheets.py`` fails when the pages are out of date.
"""

from __future__ import annotations

from pathlib import Path

from equitylab import datasets
from equitylab.datasets._datasheet import datasets_page, datasheet

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "book" / "reference"


def pages() -> dict[Path, str]:
    out = {REFERENCE / "datasets.md": datasets_page()}
    for name in datasets.list():
        out[REFERENCE / "datasheets" / f"{name}.md"] = datasheet(datasets.info(name))
    return out


def main() -> None:
    (REFERENCE / "datasheets").mkdir(parents=True, exist_ok=True)
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
