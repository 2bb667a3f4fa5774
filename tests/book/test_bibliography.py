"""Every source in references.bib can be found again: who, what, when, and where.

Each entry names its author (a person with a first name, or an organization in braces) or
organization, its title, its year, and a URL or DOI. A web page that gives no date says so:
``year = {n.d.}`` with the year it was read in ``urldate``; a year is never guessed. Only an
``@unpublished`` item (a presentation never put online) may lack a URL, and its ``note`` says
what it is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = parse_file(str(ROOT / "references.bib")).entries

#: Fields that name who is responsible for a source (a person or an organization).
WHO = ("author", "editor", "organization", "institution")
_LINK = re.compile(r"https?://\S+")


def _has_link(fields: dict[str, str]) -> bool:
    if fields.get("doi") or fields.get("url"):
        return True
    return bool(_LINK.search(fields.get("howpublished", "")))


def missing_fields(key: str) -> list[str]:
    """Name what an entry lacks among author or organization, title, year, URL or DOI."""
    entry = ENTRIES[key]
    fields = {k.lower(): str(v).strip() for k, v in entry.fields.items()}
    missing = []
    persons = entry.persons.get("author", []) + entry.persons.get("editor", [])
    if not (persons or any(fields.get(f) for f in WHO)):
        missing.append("author or organization")
    for person in persons:
        if str(person) == "others":  # "and others" (et al.)
            continue
        if not person.first_names and not str(person).startswith("{"):
            missing.append(f"a first name for {person}, or braces if an organization")
    if not fields.get("title"):
        missing.append("title")
    year = fields.get("year", "")
    undated = year == "n.d." and re.fullmatch(r"\d{4}", fields.get("urldate", ""))
    if not (re.fullmatch(r"\d{4}", year) or undated):
        missing.append("year (four digits, or n.d. with the year read in urldate)")
    unpublished = entry.type.lower() == "unpublished" and fields.get("note")
    if not (_has_link(fields) or unpublished):
        missing.append("URL or DOI")
    return missing


@pytest.mark.parametrize("key", sorted(ENTRIES), ids=str)
def test_entry_is_complete(key: str) -> None:
    missing = missing_fields(key)
    assert not missing, f"references.bib entry {key!r} lacks: {', '.join(missing)}"
