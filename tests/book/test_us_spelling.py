"""US English in what readers see: chapters, facilitator pages, labs' and exercises' text.

Code, inline code, link targets, URLs and identifiers (anything with ``_`` or ``/``, such as
the ``neighbourhood_id`` column) are left alone: only prose is checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: UK forms (stems) that have a different US spelling.
UK_FORMS = (
    r"colour", r"neighbour", r"programme(?!r)", r"behaviour", r"organis", r"analys(?:e|ed|ing)\b",
    r"labell", r"favour", r"centre", r"centred", r"licence", r"summaris", r"recognis",
    r"prioritis", r"emphasis(?:e|ed|es|ing)\b", r"minimis", r"normalis", r"categoris",
    r"realis(?:e|ed|es|ing)\b", r"standardis", r"modelling", r"travelling", r"levelling",
    r"enrolment", r"enrol\b", r"defence", r"offence", r"catalogue", r"labour", r"honour",
    r"misdemeanour", r"practis(?:e|ed|es|ing)\b", r"utilis", r"visualis", r"whilst",
    r"kilometre", r"centimetre", r"theatre",
)
UK = re.compile(r"\b(?:" + "|".join(UK_FORMS) + r")", re.I)
#: Every page, the datasheets generated from the data package included.
PAGES = sorted((ROOT / "book").rglob("*.md"))
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb"),
                    *(ROOT / "deck").glob("*.ipynb")])


def prose(text: str) -> str:
    """Text with code blocks, inline code, link targets, URLs and identifiers removed."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"'[A-Za-z]+'", " ", text)  # a quoted name, such as a source's column
    return re.sub(r"\S*[_/]\S*", " ", text)


def uk_words(text: str) -> list[str]:
    """UK spellings in the prose of ``text``."""
    return [m.group(0) for m in UK.finditer(prose(text))]


def test_the_check_finds_uk_forms_and_ignores_identifiers() -> None:
    text = "The colour of each neighbourhood. Code `neighbourhood_id` and tallow_neighbourhoods."
    assert uk_words(text) == ["colour", "neighbour"]
    assert uk_words("Analyses of programmers' behavior were labeled.") == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_book_pages_use_us_spelling(path: Path) -> None:
    assert not uk_words(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_text_uses_us_spelling(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [w for c in cells if c["cell_type"] == "markdown"
             for w in uk_words("".join(c["source"]))]
    assert not found, f"{path.name}: {found}"
