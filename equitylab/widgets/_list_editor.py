"""A form that adds items of one dataclass to a worksheet list, a table of them, a remover.

The tool app uses one for each of its lists (engagement log, benefit and burden matrix,
strategies, plan, measures). Reading the form's values is done by
:func:`equitylab.tool.parse_number` and :func:`equitylab.tool.split_lines`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from equitylab import present
from equitylab.tool import parse_number, split_lines

__all__ = ["Field", "ListEditor", "plural", "with_article"]


def with_article(noun: str) -> str:
    """Return the noun with "a" or "an" before it, by its first letter.

    >>> with_article("impact"), with_article("strategy"), with_article("engagement")
    ('an impact', 'a strategy', 'an engagement')
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def plural(noun: str) -> str:
    """Return the plural of a list item's name (the last word takes the ending).

    >>> plural("strategy"), plural("plan item"), plural("engagement"), plural("day")
    ('strategies', 'plan items', 'engagements', 'days')
    """
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


@dataclass(frozen=True)
class Field:
    """One field of a list item's form.

    ``kind`` is ``"text"``, ``"area"``, ``"choice"`` (from ``options``), ``"number"``,
    ``"lines"`` (one list entry per line) or ``"evidence"`` (links to evidence items).
    """

    name: str
    label: str
    kind: str = "text"
    options: tuple[str, ...] = ()
    placeholder: str = ""


class ListEditor(widgets.VBox):
    """A form that adds items of one dataclass to a list, a table of them, and a remover.

    Parameters
    ----------
    noun : str
        What one item is called ("strategy").
    cls : type
        The item's dataclass; its fields are named as the form's ``fields``.
    fields : list of Field
        The form, in order; the first one must be filled in.
    items : callable
        Returns the list to edit (the worksheet may be replaced while the app runs).
    changed : callable
        Called after every change.
    evidence : callable
        Returns ``(id, label)`` of the evidence items that can be linked.
    """

    def __init__(self, noun: str, cls: type, fields: list[Field],
                 items: Callable[[], list[Any]], changed: Callable[[], None],
                 evidence: Callable[[], list[tuple[str, str]]]) -> None:
        self.noun, self.cls, self.fields = noun, cls, fields
        self._items, self._changed, self._evidence = items, changed, evidence
        self.controls: dict[str, widgets.Widget] = {}
        style = {"description_width": "11em"}
        wide = widgets.Layout(width="min(100%, 46em)")
        for f in fields:
            if f.kind == "choice":
                w: widgets.Widget = widgets.Dropdown(options=list(f.options), value=f.options[0],
                                                     description=f.label, style=style,
                                                     layout=wide)
            elif f.kind == "evidence":
                w = widgets.SelectMultiple(options=[], description=f.label, style=style,
                                           layout=wide, rows=3)
            elif f.kind in ("area", "lines"):
                w = widgets.Textarea(description=f.label, placeholder=f.placeholder,
                                     style=style, layout=wide, rows=2)
            else:
                w = widgets.Text(description=f.label, placeholder=f.placeholder, style=style,
                                 layout=wide)
            self.controls[f.name] = w
        self.add_button = widgets.Button(description=f"Add {noun}", icon="plus",
                                         tooltip=f"Add this {noun} to the worksheet")
        self.add_button.on_click(lambda _b: self.add())
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.remove_choice = widgets.Dropdown(description=f"Remove {with_article(noun)}",
                                              options=[], style=style, layout=wide)
        self.remove_button = widgets.Button(description="Remove", icon="trash",
                                            tooltip=f"Remove the chosen {noun}")
        self.remove_button.on_click(lambda _b: self.remove())
        super().__init__([*self.controls.values(), self.add_button, self.message, self.table,
                          widgets.HBox([self.remove_choice, self.remove_button])])
        self.refresh()

    def set_values(self, **values: Any) -> None:
        """Fill the form (used by tests and by people alike)."""
        for name, value in values.items():
            w = self.controls[name]
            w.value = tuple(value) if isinstance(w, widgets.SelectMultiple) else value

    def _read(self) -> Any:
        kwargs: dict[str, Any] = {}
        for f in self.fields:
            value = self.controls[f.name].value
            if f.kind == "number":
                kwargs[f.name] = parse_number(value, f.label)
            elif f.kind == "lines":
                kwargs[f.name] = split_lines(value)
            elif f.kind == "evidence":
                kwargs[f.name] = list(value)
            else:
                kwargs[f.name] = value.strip() if isinstance(value, str) else value
        first = self.fields[0]
        if not kwargs[first.name]:
            raise ValueError(f"Fill in {first.label.lower()} first.")
        return self.cls(**kwargs)

    def add(self) -> None:
        """Add the item described by the form, then clear the form."""
        try:
            item = self._read()
        except ValueError as err:
            self.message.value = present.message_html(str(err), kind="error")
            return
        self.message.value = ""
        self._items().append(item)
        for f in self.fields:
            w = self.controls[f.name]
            if f.kind == "evidence":
                w.value = ()
            elif f.kind != "choice":
                w.value = ""
        self.refresh()
        self._changed()

    def remove(self) -> None:
        """Remove the item chosen in the remover."""
        index = self.remove_choice.value
        if index is None:
            return
        del self._items()[index]
        self.refresh()
        self._changed()

    def refresh(self) -> None:
        """Redraw the table and the remover from the model."""
        items = self._items()
        names = dict(self._evidence())
        rows = []
        for item in items:
            row = []
            for f in self.fields:
                value = getattr(item, f.name)
                if f.kind == "evidence":
                    value = "; ".join(names.get(v, v) for v in value)
                elif isinstance(value, list):
                    value = ", ".join(value)
                elif value is None:
                    value = ""
                elif isinstance(value, float):
                    value = f"{value:g}"
                row.append(str(value))
            rows.append(row)
        self.table.value = present.html_table(
            rows, columns=[f.label for f in self.fields],
            caption=f"{plural(self.noun).capitalize()} in this worksheet")
        first = self.fields[0].name
        self.remove_choice.options = [(f"{i + 1}. {getattr(it, first)}"[:80], i)
                                      for i, it in enumerate(items)]
        self.remove_choice.value = None
        for f in self.fields:
            if f.kind == "evidence":
                w = self.controls[f.name]
                keep = tuple(v for v in w.value if v in names)
                w.options = [(label[:70], key) for key, label in self._evidence()]
                w.value = keep
