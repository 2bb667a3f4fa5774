"""Where the tool app runs: the reader's browser, Voilà and the Jupyter kernel.

Whether the kernel runs in the reader's browser (Pyodide, in JupyterLite or Voici), who the
participant is (from the Voilà URL), waiting for Voilà's request in a kernel started ahead
of time, the kernel's event loop for debounced saves, a save at kernel exit, and sharing of
identical layout and style models between widgets. Nothing here builds the app.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import ipywidgets as widgets

__all__ = [
    "CHART_LOADING",
    "after_loading",
    "call_later",
    "flush_at_exit",
    "in_browser",
    "kernel_loop",
    "loaded_later",
    "loading_later",
    "pending",
    "participant_from_env",
    "share_identical_looks",
    "under_voila",
    "wait_for_voila_request",
    "widget_tree",
]


class _Flushable(Protocol):
    def flush(self) -> None: ...


def participant_from_env() -> str | None:
    """Return the participant named in the Voilà URL (``?participant=ana``), if any.

    Without one, under JupyterHub, it is the participant signed in (each has a server and a
    folder of their own there).
    """
    # Imported here: the labs, which use this module too, never need the tool's package.
    from equitylab.tool import participant_from_query

    wait_for_voila_request()
    return (participant_from_query(os.environ.get("QUERY_STRING", ""))
            or os.environ.get("JUPYTERHUB_USER") or None)


def in_browser() -> bool:
    """Return whether this kernel runs in the reader's own browser (Pyodide).

    JupyterLite and Voici run Python in the browser tab, compiled to WebAssembly with
    Emscripten, so ``sys.platform`` is ``"emscripten"``. There, exactly one person uses
    the kernel, the working directory (under ``/drive``) is kept in the browser's own
    storage, and the user name and environment variables mean nothing.

    Returns
    -------
    bool
        True in Pyodide; False in a kernel on a computer (JupyterLab, Voilà).

    Examples
    --------
    >>> in_browser()
    False
    """
    return sys.platform == "emscripten"


STILL_LOADING = ("Part of Python (its statistics and charts) is still loading in your "
                 "browser. This updates by itself in a moment.")


def still_loading(err: BaseException) -> str | None:
    """Return a plain message if ``err`` means a package is still loading in the browser.

    Parameters
    ----------
    err : BaseException
        An error raised by an action of the app.

    Returns
    -------
    str or None
        :data:`STILL_LOADING` in the browser for an import error while packages are still
        arriving (:func:`pending`: a package not there yet is "not found", one half
        unpacked fails in other ways); None for anything else. Once the background loading
        has ended, even if it failed, a missing package is a real error: saying "in a
        moment" then would be waiting for ever. On a computer such an error is a broken
        install.

    Examples
    --------
    >>> still_loading(ModuleNotFoundError("No module named 'scipy'", name="scipy")) is None
    True
    """
    if in_browser() and isinstance(err, ImportError) and _PENDING:
        return STILL_LOADING
    return None


#: What a chart's place says while matplotlib still loads in the reader's browser.
CHART_LOADING = ("The chart appears here in a moment: the part of Python that draws it is "
                 "still loading in your browser.")

_WAITING: list[Callable[[], object]] = []
_PENDING: set[str] = set()


def loading_later(names: Iterable[str]) -> None:
    """Note that the packages ``names`` are loading in the background.

    The in-browser app's first cell says so (tools/build_lite.py); until
    :func:`loaded_later`, charts wait instead of importing a package that is half there.
    """
    _PENDING.update(names)


def pending() -> frozenset[str]:
    """Return the packages still loading in the background (none outside the browser app).

    Examples
    --------
    >>> pending()
    frozenset()
    """
    return frozenset(_PENDING)


def after_loading(callback: Callable[[], object]) -> None:
    """Call ``callback`` once the packages loaded later have arrived (see :func:`loaded_later`).

    A lab's first screen shows its controls, sentences and tables before matplotlib has
    loaded in the reader's browser; the chart's place says so, and the app draws it again
    when the package is there. The same callback is kept once however often it is asked for.
    """
    if callback not in _WAITING:
        _WAITING.append(callback)


def loaded_later() -> int:
    """Run, once each, the callbacks waiting for the packages loaded later; return how many.

    Called by the in-browser app when its background loading ends (tools/build_lite.py). A
    callback that fails is logged and does not stop the others.

    Examples
    --------
    >>> drawn = []
    >>> after_loading(lambda: drawn.append("chart"))
    >>> loaded_later(), drawn, loaded_later()
    (1, ['chart'], 0)
    """
    _PENDING.clear()
    waiting = list(_WAITING)
    _WAITING.clear()
    for callback in waiting:
        try:
            callback()
        except Exception:  # noqa: BLE001 - one app's failure must not stop the others
            logging.getLogger(__name__).exception("Drawing after loading failed.")
    return len(waiting)


def under_voila() -> bool:
    """Return whether this kernel was started by Voilà."""
    # Voilà sets VOILA_PREHEAT in every kernel it starts ("True" in a pre-started pool);
    # SERVER_SOFTWARE arrives only with a participant's request.
    return ("VOILA_PREHEAT" in os.environ
            or os.environ.get("SERVER_SOFTWARE", "").startswith("voila"))


def wait_for_voila_request() -> None:
    """In a kernel Voilà started ahead of time, wait until a participant opens the page.

    Voilà's pre-started (preheated) kernels run the notebook before anyone arrives, so
    the app is built in advance; who the participant is (the URL's query string) is known
    only when someone opens the page. Elsewhere this returns at once.
    """
    if os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ:
        from voila.utils import wait_for_request

        wait_for_request()


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """Return the event loop of the Jupyter kernel running this code, or None outside one.

    Saves are scheduled on the kernel's loop so that widget updates stay on its thread. A loop
    that merely happens to be running in this thread (a browser driver's, in tests) is not
    the kernel's and may never run the save, so it is not used. In the reader's browser
    (:func:`in_browser`) there are no threads to fall back on, and Pyodide's own loop, which
    hands each callback to the browser's event loop, is the kernel's.
    """
    if in_browser():
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.get_event_loop_policy().get_event_loop()
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _Cancellable(Protocol):
    def cancel(self) -> None: ...


def call_later(delay: float, callback: Callable[[], object]) -> _Cancellable:
    """Run ``callback`` after ``delay`` seconds, on the kernel's loop if there is one.

    A debounced save: cancel the returned handle when a newer change arrives. Outside a
    kernel (plain Python, tests) a daemon thread's timer runs it.
    """
    loop = kernel_loop()
    if loop is not None:
        return loop.call_later(delay, callback)
    timer = threading.Timer(delay, callback)
    timer.daemon = True
    timer.start()
    return timer


def flush_at_exit(app: _Flushable) -> None:
    """Call ``app.flush()`` when the kernel shuts down (a save still waiting for its delay).

    Holds only a weak reference, so an app that is gone is not kept alive.
    """
    ref = weakref.ref(app)

    def flush() -> None:
        live = ref()
        if live is not None:
            live.flush()

    atexit.register(flush)


def widget_tree(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """Yield ``root`` and every widget it contains (children, tab pages, layouts...)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        yield w
        for name in w.keys:
            value = getattr(w, name, None)
            values = value if isinstance(value, (list, tuple)) else [value]
            stack.extend(v for v in values if isinstance(v, widgets.Widget))


def share_identical_looks(root: widgets.Widget, *, own_layout: Iterable[widgets.Widget] = ()
                          ) -> int:
    """Let widgets whose layout or style models are identical share one; close the rest.

    ipywidgets gives every widget a Layout and a style model of its own. The app has about
    150 widgets, so each participant's browser would create about 450 models before the
    app appears; most layouts and styles are alike. Widgets in ``own_layout`` keep their
    layout (the app changes it for that widget alone). Returns how many models were closed.
    """
    own = {id(w.layout) for w in own_layout}
    shared: dict[tuple[str, str], widgets.Widget] = {}
    replaced: dict[int, widgets.Widget] = {}
    for w in list(widget_tree(root)):
        for trait in ("layout", "style"):
            look = getattr(w, trait, None) if trait in w.keys else None
            if not isinstance(look, widgets.Widget) or id(look) in own:
                continue
            key = (type(look).__qualname__, json.dumps(look.get_state(), sort_keys=True,
                                                        default=str))
            first = shared.setdefault(key, look)
            if first is not look:
                setattr(w, trait, first)
                replaced[id(look)] = look
    in_use = {id(getattr(w, t)) for w in widget_tree(root) for t in ("layout", "style")
              if t in w.keys}
    unused = [look for key, look in replaced.items() if key not in in_use]
    for look in unused:
        look.close()
    return len(unused)
