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
from equitylab.widgets._runtime import still_loading

__all__ = ["UNEXPECTED", "LabApp"]

_LOG = logging.getLogger(__name__)

#: What a participant reads when something fails that the package did not foresee.
UNEXPECTED = ("Something unexpected went wrong, so the results are not shown. The app is "
              "still running: try another choice.")


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
        super().__init__(list(children), **kwargs)

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
            self.show_error(loading or self.unexpected)
            return False
        self.error = ""
        return True

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
