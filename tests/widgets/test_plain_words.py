"""What the apps say, in words a participant uses: no internal names, articles and plurals right.

Every text an app shows (labels, menu choices, placeholders, tooltips, tab titles and the
HTML of its views) is collected from the widget tree, after the tool has been filled in and
a dataset analysed, and scanned for developer language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from equitylab import datasets
from equitylab.widgets import disparity_explorer, equity_tool

#: Words of the package's own plumbing that a participant should never read.
INTERNAL = ("datapackage", "generate.py", "equitylab.datasets", "equitylab/", ".csv.gz",
            "resource '")
#: "a" before a vowel ("Remove a impact"; not "a user", "a one-off") and a plural that only
#: adds s to a "y" ("Strategys").
BAD_ARTICLE = re.compile(r"\b[Aa] (?!one|u)[aeiou]\w+")
BAD_PLURAL = re.compile(r"\b\w+[^aeiou\W]ys\b", re.IGNORECASE)


def texts(widget: widgets.Widget) -> Iterator[str]:
    """Every piece of text ``widget`` and its children show."""
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            yield value
    if isinstance(widget, (widgets.HTML, widgets.Label)):
        yield re.sub(r"<[^>]+>", " ", html.unescape(widget.value))
    labels = getattr(widget, "_options_labels", None)
    if labels:
        yield from (str(label) for label in labels)
    yield from (str(title) for title in getattr(widget, "titles", ()) or ())
    for child in getattr(widget, "children", ()):
        yield from texts(child)


def problems(shown: list[str]) -> list[str]:
    names = set(datasets.list())
    found = []
    for text in shown:
        words = set(re.findall(r"[a-z0-9_]+", text))
        found += [f"internal name {n!r} in {text[:80]!r}" for n in names & words]
        found += [f"{w!r} in {text[:80]!r}" for w in INTERNAL if w in text]
        found += [f"{m.group()!r} in {text[:80]!r}" for m in BAD_ARTICLE.finditer(text)]
        found += [f"{m.group()!r} in {text[:80]!r}" for m in BAD_PLURAL.finditer(text)]
    return found


def test_the_tool_speaks_plainly(tmp_path: Path) -> None:
    app = equity_tool(tmp_path, participant="Ana", save_delay=0)
    app.dataset.value = "tallow_business_grants"
    app.outcome_col.value = "awarded"
    app.add_evidence()
    for editor in (app.engagement, app.impacts, app.strategies, app.plan, app.measures):
        editor.set_values(**{editor.fields[0].name: "First"})
        editor.add()
    shown = list(texts(app))
    assert any("Received a grant" in text for text in shown)  # the scan sees the menus
    assert problems(shown) == []


@pytest.mark.parametrize("dataset", ["mpls_stops", "tallow_education"])
def test_lab_2_speaks_plainly(dataset: str) -> None:
    app = disparity_explorer(dataset)
    assert problems(list(texts(app))) == []


def test_the_scan_finds_what_it_looks_for() -> None:
    assert len(problems(["Remove a impact", "Strategys", "boston_hmda",
                         "resource 'education' in data/datapackage.json"])) == 5
    assert problems(["Remove an impact", "Strategies", "Boston mortgage applications",
                     "A user", "a one-off", "Days"]) == []
