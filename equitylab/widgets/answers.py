"""Answer forms for the exercise sets: choose, tick or type, then press Check. No code.

A thin view over :mod:`equitylab.checks.forms`: the form's fields, its format sentence
(shown before any try) and its check all come from there, so the form judges an answer
exactly as the check does.

A form that knows its exercise set keeps what is typed or chosen as the participant goes
(a second after the last change) in :data:`equitylab.checks.saved.ANSWERS_FILE`, and
shows it again when the page is opened again (``answers_folder`` says where).
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from equitylab.checks import Feedback
from equitylab.checks.forms import AnswerForm, Field, answer_form, submit
from equitylab.checks.saved import (
    ANSWERS_FILE,
    Answer,
    AnswersFileError,
    read_answers,
    save_answer,
)

from ._runtime import call_later, flush_at_exit, in_browser, participant_from_env, under_voila

__all__ = ["AnswerBox", "NotesBox", "answer_box", "answers_folder", "notes_box"]

_WIDE = widgets.Layout(width="min(100%, 36em)")
_STYLE = {"description_width": "initial"}
_CHOOSE = "Choose…"


def answers_folder() -> tuple[Path, str]:
    """Return the folder that keeps this participant's answers, and where that is, in words.

    In the reader's browser (JupyterLite) and in Jupyter: beside the notebook (the kernel's
    working directory), which in the browser is the browser's own storage. In Voilà on the
    facilitator's computer: the participant's folder (as the tool's, under
    ``$EQUITYLAB_WORKSHEETS``) when the address names one (``?participant=ana``), else
    beside the notebook, shared by everyone who opens the page without a name.
    """
    if in_browser():
        return Path.cwd(), f"in this browser's storage on this device ({ANSWERS_FILE})"
    if under_voila():
        who = participant_from_env()
        if who:
            from equitylab.tool import participant_folder

            try:
                root = os.environ.get("EQUITYLAB_WORKSHEETS", "worksheets")
                return (participant_folder(root, who),
                        f"on the facilitator's computer, in your own folder ({ANSWERS_FILE})")
            except ValueError:  # a name that cannot be a folder: shared, as with none
                pass
        return Path.cwd(), (f"on the facilitator's computer, in {ANSWERS_FILE} beside this "
                            "exercise set, shared with anyone who opens it without a name "
                            "(add ?participant=your-name to the address to keep yours apart)")
    return Path.cwd(), f"in {ANSWERS_FILE}, beside this notebook"


class _Keeper:
    """Saves one form's answer a moment after each change, and reads it back.

    ``read`` returns the form's answer now; ``status`` shows what happened, in plain words.
    """

    def __init__(self, set_name: str, number: str, read: Callable[[], Answer],
                 status: widgets.HTML, folder: str | os.PathLike[str] | None,
                 delay: float) -> None:
        where_folder, self.where = answers_folder() if folder is None else (
            Path(folder), f"in {ANSWERS_FILE}, in {Path(folder)}")
        self.path = where_folder / ANSWERS_FILE
        self.set_name, self.number, self.read = set_name, number, read
        self.status, self.delay = status, delay
        self.restoring = False
        self._pending: Any = None
        flush_at_exit(self)

    def _say(self, text: str, kind: str = "") -> None:
        cls = ' class="equitylab-answer-problem"' if kind == "error" else ""
        self.status.value = (f'<p role="status" aria-live="polite"{cls}>'
                             f"{html.escape(text)}</p>")

    def saved(self) -> Answer | None:
        """Return the answer kept for this exercise, if any (a fault is shown, not raised)."""
        try:
            return read_answers(self.path).get(self.set_name, {}).get(self.number)
        except AnswersFileError as err:
            self._say(f"{err} Nothing was changed in it; what you type here is kept on this "
                      "page and saved when you next change it.", "error")
            return None

    def changed(self) -> None:
        """Schedule a save (debounced): the last change wins."""
        if self.restoring:
            return
        self._cancel()
        if self.delay <= 0:
            self.save_now()
        else:
            self._pending = call_later(self.delay, self.save_now)

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def flush(self) -> None:
        """Save now if a save is waiting."""
        if self._pending is not None:
            self.save_now()

    def save_now(self) -> None:
        """Save the form's answer; on a fault, say so plainly (the page keeps the text)."""
        self._cancel()
        try:
            note = save_answer(self.path, self.set_name, self.number, self.read())
        except AnswersFileError as err:
            self._say(f"{err} Your answer is still on this page: keep the page open, or "
                      "copy it somewhere safe.", "error")
            return
        saved = f"Saved at {time.strftime('%H:%M')}."
        self._say(f"{note} {saved}" if note else saved, "error" if note else "")


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


def _shown(field: Field, control: widgets.Widget) -> str | list[str]:
    """Return what was typed, or the label(s) of what was chosen (as kept on file)."""
    if field.kind == "ticks":
        return [box.description for box in control.children if box.value]
    if field.kind in ("number", "text"):
        return str(control.value)
    return "" if control.value is None else str(control.label)


def _show(field: Field, control: widgets.Widget, kept: str | list[str]) -> None:
    """Put a kept answer back in ``control`` (a label that is no longer an option is skipped)."""
    if field.kind == "ticks":
        if isinstance(kept, list):
            for box in control.children:
                box.value = box.description in kept
    elif field.kind in ("number", "text"):
        if isinstance(kept, str):
            control.value = kept
    elif isinstance(kept, str):
        labels = [label for label, _ in control.options]
        if kept in labels:
            control.index = labels.index(kept)


def _observe(field: Field, control: widgets.Widget, callback: Callable[[Any], None]) -> None:
    for w in (control.children if field.kind == "ticks" else [control]):
        w.observe(callback, names="value")


class AnswerBox(widgets.VBox):
    """The answer form of one check, with a Check button and its feedback.

    Parameters
    ----------
    check : str
        The check's name, e.g. ``"check_eras"``.
    number : str
        The exercise's number in its set, e.g. ``"4.1"`` (shown in the title).
    set_name : str
        The exercise set (its notebook's name): given, the answer is kept as it changes
        and shown again when the form is built (where: see ``answers_folder``).
    folder : path-like, optional
        Keep the answers file here instead (tests).
    save_delay : float
        Seconds after the last change before it is saved (0: at once).

    Attributes
    ----------
    form : AnswerForm
    inputs : dict
        Field key -> its input widget.
    feedback : ipywidgets.HTML
        The last feedback (announced to screen readers).
    status : ipywidgets.HTML
        Whether the answer was saved, or why it could not be (announced too).
    """

    def __init__(self, check: str, number: str = "", set_name: str = "", *,
                 folder: str | os.PathLike[str] | None = None, save_delay: float = 1.0
                 ) -> None:
        self.form: AnswerForm = answer_form(check)
        single = len(self.form.fields) == 1
        self.inputs = {f.key: _input(f, single) for f in self.form.fields}
        self.button = widgets.Button(description="Check my answer", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.button.on_click(lambda _: self.check())
        self.feedback = widgets.HTML('<div role="status" aria-live="polite"></div>')
        how = widgets.HTML(f'<p class="equitylab-answer-how">{html.escape(self.form.how)}</p>')
        self.status = widgets.HTML()
        self.keeper = (_Keeper(set_name, number, self.shown, self.status, folder, save_delay)
                       if set_name else None)
        kept = []
        if self.keeper is not None:
            kept = [widgets.HTML('<p class="equitylab-answer-how">Your answer is saved as you '
                                 f"choose and type, {html.escape(self.keeper.where)}.</p>"),
                    self.status]
        super().__init__([_title(number, "your answer"), how, *self.inputs.values(),
                          self.button, self.feedback, *kept],
                         layout=widgets.Layout(border="1px solid #767676", padding="0.5em",
                                               margin="0.5em 0", max_width="100%",
                                               align_items="flex-start"))
        self.add_class("equitylab-answer")
        if self.keeper is not None:
            keeper = self.keeper
            self._restore(keeper)
            for f in self.form.fields:
                _observe(f, self.inputs[f.key], lambda _change: keeper.changed())

    def _restore(self, keeper: _Keeper) -> None:
        kept = keeper.saved()
        if not kept:
            return
        keeper.restoring = True
        try:
            for f in self.form.fields:
                if f.key in kept:
                    _show(f, self.inputs[f.key], kept[f.key])
        finally:
            keeper.restoring = False

    def shown(self) -> Answer:
        """Return the answer as shown: text typed, or labels chosen, by field key."""
        return {f.key: _shown(f, self.inputs[f.key]) for f in self.form.fields}

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
    set_name : str
        The exercise set (its notebook's name): given, the answer is kept as it changes
        and shown again when the form is built (where: see ``answers_folder``).
    folder : path-like, optional
        Keep the answers file here instead (tests).
    save_delay : float
        Seconds after the last change before it is saved (0: at once).
    """

    def __init__(self, number: str = "", set_name: str = "", *,
                 folder: str | os.PathLike[str] | None = None, save_delay: float = 1.0
                 ) -> None:
        self.text = widgets.Textarea(value="", placeholder="Write your answer here.",
                                     description="Your answer", style=_STYLE,
                                     layout=widgets.Layout(width="100%", height="8em"))
        self.status = widgets.HTML()
        self.keeper = (_Keeper(set_name, number, lambda: {"": self.text.value}, self.status,
                               folder, save_delay) if set_name else None)
        kept = ("Copy it somewhere safe before you close the page." if self.keeper is None
                else f"Your answer is saved as you type, {self.keeper.where}.")
        note = widgets.HTML('<p class="equitylab-answer-how">Write a few sentences. This one '
                            "is not checked: compare it with a partner's, or with the model "
                            f"answer your facilitator shares. {html.escape(kept)}</p>")
        super().__init__([_title(number, "your answer"), note, self.text, self.status],
                         layout=widgets.Layout(border="1px solid #767676", padding="0.5em",
                                               margin="0.5em 0", max_width="100%"))
        self.add_class("equitylab-answer")
        if self.keeper is not None:
            keeper = self.keeper
            saved = keeper.saved()
            if saved and isinstance(saved.get(""), str):
                keeper.restoring = True
                self.text.value = str(saved[""])
                keeper.restoring = False
            self.text.observe(lambda _change: keeper.changed(), names="value")


def answer_box(check: str, number: str = "", set_name: str = "") -> AnswerBox:
    """Build the answer form of ``check`` for exercise ``number``.

    Parameters
    ----------
    check : str
        The check's name, e.g. ``"check_eras"``.
    number : str
        The exercise's number, e.g. ``"4.4"``.
    set_name : str
        The exercise set (its notebook's name, e.g. ``"ch04-governments-role"``): the
        answer is then kept as it is given (where: see ``answers_folder``) and shown again
        when the form is built. Without one, nothing is kept.

    Returns
    -------
    AnswerBox
    """
    return AnswerBox(check, number, set_name)


def notes_box(number: str = "", set_name: str = "") -> NotesBox:
    """Build a text box for a written answer to exercise ``number``.

    Parameters
    ----------
    number : str
        The exercise's number, e.g. ``"4.5"``.
    set_name : str
        The exercise set: the text is then kept as it is typed (see :func:`answer_box`).

    Returns
    -------
    NotesBox
    """
    return NotesBox(number, set_name)
