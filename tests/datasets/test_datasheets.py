"""Datasheet pages exist for every dataset, are current, and say 'synthetic' where true."""

import sys
from pathlib import Path

import yaml

from equitylab import datasets

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "data"))
import make_datasheets  # noqa: E402

SECTIONS = ["## Motivation", "## Composition", "## Collection", "## How race is recorded",
            "## Preprocessing and recodes", "## Uses", "## Known issues",
            "## What the data cannot show", "## Possible harms", "## Columns"]


def test_pages_are_up_to_date():
    stale = [str(path.relative_to(ROOT)) for path, text in make_datasheets.pages().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run python data/make_datasheets.py; stale: {stale}"


def test_every_dataset_has_a_complete_datasheet():
    folder = ROOT / "book" / "reference" / "datasheets"
    assert {p.stem for p in folder.glob("*.md")} == set(datasets.list())
    index = (ROOT / "book" / "reference" / "datasets.md").read_text()
    for name in datasets.list():
        page = (folder / f"{name}.md").read_text()
        for section in SECTIONS:
            assert section in page, (name, section)
        assert f'datasets.load("{name}")' in index
        if datasets.info(name).synthetic:
            assert page.lower().count("synthetic") >= 3
        else:
            assert "| Kind | Real |" in page and "{admonition} Synthetic" not in page


def test_pages_are_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    reference = next(p for p in toc["parts"] if p["caption"] == "Reference")
    entry = next(c for c in reference["chapters"] if c["file"] == "book/reference/datasets")
    listed = {s["file"].rsplit("/", 1)[-1] for s in entry["sections"]}
    assert listed == set(datasets.list())
