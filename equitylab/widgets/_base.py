"""The scaffolding every lab app shares: a re-entrancy guard, one refresh, plain errors.

A lab app subclasses :class:`LabApp`: it calls :meth:`LabApp.setup`, builds its controls
and outputs (placing :attr:`LabApp.message` among them), calls ``super().__init__`` with
its children and :meth:`LabApp.watch` on its controls, and implements
:meth:`LabApp.render` (call a lab model, put the results in the output widgets).
:meth:`LabApp.refresh` runs ``render`` unless the app is in the middle
of changing several controls at once (:meth:`LabApp.holding`), and turns any error into a
plain message in :attr:`LabApp.message`: a participant never sees a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from equitylab.present import REFERENCE_LABELS, message_html
from equitylab.widgets._runtime import CHART_LOADING, after_loading, pending, still_loading

__all__ = ["APP_CSS", "UNEXPECTED", "LabApp", "app_style", "show_chart"]

_LOG = logging.getLogger(__name__)

#: What a participant reads when something fails that the package did not foresee.
UNEXPECTED = ("Something unexpected went wrong, so the results are not shown. The app is "
              "still running: try another choice.")


#: Styles every app shares (the labs and the racial equity tool, class ``eq-app``): labels
#: (a checkbox's too), buttons and toggles wrap instead of being cut off, a control's row
#: grows with its label, and on a phone a label sits above its control; keyboard focus is
#: a 3 px ring of 9:1 contrast on white (ipywidgets' own is a 1 px light blue line, about
#: 2:1), drawn inside a table's scroll region or a focused heading, whose box would clip
#: its sides.
APP_CSS = """<style>
.eq-app .widget-label{white-space:normal;overflow:visible;text-overflow:clip;max-width:none;
  line-height:1.4;min-height:1.4em;height:auto}
.eq-app .widget-inline-hbox{height:auto;min-height:var(--jp-widgets-inline-height);
  max-width:calc(100% - 4px)}
.eq-app .widget-toggle-buttons{flex-wrap:wrap}
.eq-app .widget-label-basic{white-space:normal;overflow:visible;text-overflow:clip;
  line-height:1.4;height:auto}
.eq-app .widget-checkbox{height:auto;min-height:var(--jp-widgets-inline-height)}
.eq-app .widget-html-content{max-width:100%;overflow-x:auto}
.eq-app .widget-vbox > .jupyter-button{align-self:flex-start}
.eq-app .widget-box,.eq-app .widget-inline-hbox > *{min-width:0;max-width:100%}
.eq-app .widget-dropdown > select{height:auto;min-height:var(--jp-widgets-inline-height)}
.eq-app .widget-toggle-buttons .widget-toggle-button,.eq-app .jupyter-button{width:auto;
  max-width:100%;height:auto;min-height:var(--jp-widgets-inline-height);white-space:normal;
  overflow:visible;text-overflow:clip;line-height:1.3;padding-top:.25rem;
  padding-bottom:.25rem}
.eq-app :focus-visible,.eq-app .jupyter-button:focus-visible,
.eq-app :is(input,select,textarea):focus{outline:3px solid #1f4e79 !important;
  outline-offset:1px}
.eq-app .widget-html-content :is(.equitylab-scroll,[tabindex="-1"]):focus-visible{
  outline-offset:-3px}
@media (max-width:600px){
  .eq-app .widget-inline-hbox{flex-wrap:wrap}
  .eq-app .widget-inline-hbox > .widget-label{width:100% !important;max-width:100%;
    text-align:left}
  .eq-app .widget-inline-hbox > :is(input,select,textarea,.widget-toggle-buttons){
    flex:1 1 100%;min-width:0;max-width:100%}
}
</style>"""


def app_style(app: widgets.Widget) -> widgets.HTML:
    """Mark ``app`` as one of the course's apps; return the widget that carries its styles.

    Place the returned widget (:data:`APP_CSS`) among the app's children.
    """
    app.add_class("eq-app")
    return widgets.HTML(APP_CSS)


def show_chart(make: Callable[[], Any]) -> None:
    """Display the chart that ``make`` returns, or, while it cannot be drawn yet, its place.

    On a computer this displays the chart at once (the same output as displaying its HTML).
    In the reader's browser, where matplotlib loads after a lab's first screen (see
    :func:`equitylab.widgets._runtime.pending`), it displays a box that says the chart is
    coming and fills it once the package has arrived.
    """
    from IPython.display import HTML, display

    if "matplotlib" not in pending():
        try:
            display(HTML(make().to_html()))
            return
        except ImportError as err:
            if still_loading(err) is None:
                raise
    box = widgets.HTML(message_html(CHART_LOADING))

    def draw() -> None:
        box.value = make().to_html()

    after_loading(draw)
    display(box)


class LabApp(widgets.VBox):
    """Base class of the lab apps.

    Attributes
    ----------
    message : ipywidgets.HTML
        Status and error messages (announced to screen readers); place it among the
        children.
    error : str
        The last error shown, or ``""``.
    """

    #: The message shown for an error the package did not foresee.
    unexpected = UNEXPECTED

    def __init__(self, children: Sequence[widgets.Widget], **kwargs: Any) -> None:
        if not hasattr(self, "_hold"):
            self.setup()
        super().__init__([app_style(self), *children], **kwargs)

    def setup(self) -> None:
        """Create :attr:`message` and the guard; call it first, before building children."""
        self.message = widgets.HTML()
        self.error = ""
        self._hold = False

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Change several controls without a refresh after each; nesting is allowed."""
        previous = self._hold
        self._hold = True
        try:
            yield
        finally:
            self._hold = previous

    @property
    def held(self) -> bool:
        """Whether refreshes are on hold (inside :meth:`holding`)."""
        return self._hold

    def watch(self, *controls: widgets.Widget, handler: Any = None) -> None:
        """Call ``handler`` (default :meth:`refresh`) when any of ``controls`` changes value."""
        for control in controls:
            control.observe(handler or self.refresh, names="value")

    def refresh(self, _change: object = None) -> bool:
        """Render the outputs now, unless on hold; show any error in plain words.

        Returns
        -------
        bool
            True if the outputs were rendered.
        """
        if self._hold:
            return False
        return self.attempt(self.render)

    def attempt(self, action: Callable[[], Any]) -> bool:
        """Run ``action``; on an error show it in plain words and return False.

        A ``ValueError`` (the package's errors, such as
        :class:`equitylab.userdata.DataProblem`, are written for participants) is shown as
        it is; any other error is logged for developers and shown as :attr:`unexpected`.
        """
        try:
            action()
        except ValueError as err:
            self.show_error(str(err))
            return False
        except Exception as err:  # noqa: BLE001 - the session must stay usable
            loading = still_loading(err)
            if loading is None:
                _LOG.exception("A lab app failed.")
            else:  # in the browser, a package is still arriving: try again when it is there
                after_loading(self.refresh)
            self.show_error(loading or self.unexpected)
            return False
        self.error = ""
        return True

    def draw_chart(self, target: widgets.HTML, make: Callable[[], Any]) -> None:
        """Put the chart that ``make`` returns into ``target``, or say that it is coming.

        In the reader's browser, matplotlib loads after the app's first screen (see
        :func:`equitylab.widgets._runtime.pending`): until then the chart's place says
        so in plain words and the app refreshes itself once the package has arrived. Any
        other error propagates to :meth:`attempt` as usual.
        """
        if "matplotlib" in pending():  # arriving: importing it now could meet half a package
            target.value = message_html(CHART_LOADING)
            after_loading(self.refresh)
            return
        try:
            chart = make()
        except ImportError as err:
            if still_loading(err) is None:
                raise
            target.value = message_html(CHART_LOADING)
            after_loading(self.refresh)
            return
        target.value = chart.to_html()

    def render(self) -> None:
        """Compute and show the outputs (implemented by each app)."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        """Show ``text`` as an alert and clear the outputs (see :meth:`clear`)."""
        self.error = text
        self.message.value = message_html(text, kind="error")
        self.clear()

    def show_status(self, text: str) -> None:
        """Show ``text`` as a polite status message."""
        self.message.value = message_html(text) if text else ""

    def clear(self) -> None:
        """Empty the outputs after an error (each app says which); by default nothing."""


def reference_options(groups: Sequence[str]) -> list[tuple[str, Any]]:
    """Dropdown options for a reference: each named group, then best, overall, others.

    Examples
    --------
    >>> reference_options(["A", "B"])[-1]
    ('Everyone else', 'others')
    """
    named = [(f"{g}", ("group", g)) for g in groups]
    return named + [(REFERENCE_LABELS[k], k) for k in ("best", "overall", "others")]
