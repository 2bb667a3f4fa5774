"""Answer forms for the exercise sets: choose, tick or type, then press Check. No code.

A thin view over :mod:`equitylab.checks.forms`: the form's fields, its format sentence
(shown before any try) and its check all come from there, so the form judges an answer
exactly as the check does.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from equitylab.checks import Feedback
from equitylab.checks.forms import AnswerForm, Field, answer_form, submit

__all__ = ["AnswerBox", "NotesBox", "answer_box", "notes_box"]

_WIDE = widgets.Layout(width="min(100%, 36em)")
_STYLE = {"description_width": "initial"}
_CHOOSE = "Choose…"


def _title(number: str, text: str) -> widgets.HTML:
    label = f"Exercise {number}: {text}" if number else text
    return widgets.HTML(f'<p class="equitylab-answer-title"><strong>{html.escape(label)}'
                        "</strong></p>")


def _input(field: Field, single: bool) -> widgets.Widget:
    """One input for ``field``; its ``value`` is what :func:`submit` reads (see ``_value``)."""
    if field.kind == "ticks":
        boxes = [widgets.Checkbox(value=False, description=shown, indent=False, layout=_WIDE)
                 for shown, _ in field.options]
        return widgets.VBox(boxes, layout=_WIDE)
    if field.kind in ("number", "text"):
        return widgets.Text(value="", placeholder=field.example, description=field.label,
                            style=_STYLE, layout=_WIDE)
    if field.kind == "yesno" or (single and len(field.options) <= 6):
        return widgets.RadioButtons(options=list(field.options), value=None,
                                    description=field.label, style=_STYLE, layout=_WIDE)
    return widgets.Dropdown(options=[(_CHOOSE, None), *field.options], index=0,
                            description=field.label, style=_STYLE, layout=_WIDE)


def _value(field: Field, control: widgets.Widget) -> Any:
    if field.kind == "ticks":
        return tuple(value for (_, value), box in zip(field.options, control.children,
                                                      strict=True) if box.value)
    return control.value


class AnswerBox(widgets.VBox):
    """The answer form of one check, with a Check button and its feedback.

    Parameters
    ----------
    check : str
        The check's name, e.g. ``"check_eras"``.
    number : str
        The exercise's number in its set, e.g. ``"4.1"`` (shown in the title).

    Attributes
    ----------
    form : AnswerForm
    inputs : dict
        Field key -> its input widget.
    feedback : ipywidgets.HTML
        The last feedback (announced to screen readers).
    """

    def __init__(self, check: str, number: str = "") -> None:
        self.form: AnswerForm = answer_form(check)
        single = len(self.form.fields) == 1
        self.inputs = {f.key: _input(f, single) for f in self.form.fields}
        self.button = widgets.Button(description="Check my answer", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.button.on_click(lambda _: self.check())
        self.feedback = widgets.HTML('<div role="status" aria-live="polite"></div>')
        how = widgets.HTML(f'<p class="equitylab-answer-how">{html.escape(self.form.how)}</p>')
        super().__init__([_title(number, "your answer"), how, *self.inputs.values(),
                          self.button, self.feedback],
                         layout=widgets.Layout(border="1px solid #767676", padding="0.5em",
                                               margin="0.5em 0", max_width="100%",
                                               align_items="flex-start"))
        self.add_class("equitylab-answer")

    def values(self) -> dict[str, Any]:
        """Return the inputs' current values, by field key."""
        return {f.key: _value(f, self.inputs[f.key]) for f in self.form.fields}

    def check(self) -> Feedback:
        """Check the current values with the form's check and show the feedback."""
        result = submit(self.form, self.values())
        self.feedback.value = ('<div role="status" aria-live="polite">'
                               f"{result._repr_html_()}</div>")
        return result


class NotesBox(widgets.VBox):
    """A text box for a written answer that no check can judge (discussed, not checked).

    Parameters
    ----------
    number : str
        The exercise's number, e.g. ``"4.2"``.
    """

    def __init__(self, number: str = "") -> None:
        self.text = widgets.Textarea(value="", placeholder="Write your answer here.",
                                     description="Your answer", style=_STYLE,
                                     layout=widgets.Layout(width="100%", height="8em"))
        note = widgets.HTML('<p class="equitylab-answer-how">Write a few sentences. This one '
                            "is not checked: compare it with a partner's, or with the model "
                            "answer your facilitator shares. Copy it somewhere safe before "
                            "you close the page.</p>")
        super().__init__([_title(number, "your answer"), note, self.text],
                         layout=widgets.Layout(border="1px solid #767676", padding="0.5em",
                                               margin="0.5em 0", max_width="100%"))
        self.add_class("equitylab-answer")


def answer_box(check: str, number: str = "") -> AnswerBox:
    """Build the answer form of ``check`` for exercise ``number``.

    Parameters
    ----------
    check : str
        The check's name, e.g. ``"check_eras"``.
    number : str
        The exercise's number, e.g. ``"4.4"``.

    Returns
    -------
    AnswerBox
    """
    return AnswerBox(check, number)


def notes_box(number: str = "") -> NotesBox:
    """Build a text box for a written answer to exercise ``number``.

    Parameters
    ----------
    number : str
        The exercise's number, e.g. ``"4.5"``.

    Returns
    -------
    NotesBox
    """
    return NotesBox(number)
