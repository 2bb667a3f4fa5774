"""The tool app's runtime plumbing: browser and Voila detection, the kernel loop, flush at
exit, looks."""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import gc
import sys

import ipywidgets as widgets
import pytest

from equitylab.widgets import _runtime


@pytest.mark.parametrize(("env", "expected"), [
    ({}, False),
    ({"SERVER_SOFTWARE": "voila/0.5.13"}, True),
    ({"SERVER_SOFTWARE": "TornadoServer/6"}, False),
    ({"VOILA_PREHEAT": "False"}, True),
])
def test_under_voila(monkeypatch, env: dict[str, str], expected: bool) -> None:
    for name in ("SERVER_SOFTWARE", "VOILA_PREHEAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _runtime.under_voila() is expected


@pytest.mark.parametrize(("platform", "expected"), [
    ("emscripten", True), ("linux", False), ("darwin", False), ("win32", False),
])
def test_in_browser_means_pyodide(monkeypatch, platform: str, expected: bool) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert _runtime.in_browser() is expected


def test_in_the_browser_saves_wait_on_pyodides_loop(monkeypatch) -> None:
    async def loops() -> tuple[object, object]:
        return asyncio.get_running_loop(), _runtime.kernel_loop()

    def run_alone() -> tuple[object, object]:
        # In a thread of its own: a browser test's Playwright may hold this thread's loop.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, loops()).result()

    # On a computer, a loop that is not the kernel's is never used (no save would run).
    running, chosen = run_alone()
    assert chosen is None
    # In the browser there are no threads: the running loop (Pyodide's) runs the saves.
    monkeypatch.setattr(sys, "platform", "emscripten")
    running, chosen = run_alone()
    assert chosen is running


def test_participant_from_env_reads_the_query_string(monkeypatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "participant=Ana&x=1")
    assert _runtime.participant_from_env() == "Ana"
    monkeypatch.delenv("QUERY_STRING")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert _runtime.participant_from_env() is None


def test_participant_from_env_falls_back_on_the_jupyterhub_user(monkeypatch) -> None:
    # Under JupyterHub each participant has signed in: the app opens on their worksheets.
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert _runtime.participant_from_env() == "ana"
    monkeypatch.setenv("QUERY_STRING", "participant=bo")
    assert _runtime.participant_from_env() == "bo"


def test_no_kernel_loop_outside_a_kernel() -> None:
    assert _runtime.kernel_loop() is None


def test_flush_at_exit_flushes_a_live_app_and_forgets_a_gone_one(monkeypatch) -> None:
    registered = []
    monkeypatch.setattr(atexit, "register", registered.append)
    flushed = []

    class App:
        def flush(self) -> None:
            flushed.append(self)

    live, gone = App(), App()
    _runtime.flush_at_exit(live)
    _runtime.flush_at_exit(gone)
    del gone
    gc.collect()
    for hook in registered:
        hook()
    assert flushed == [live]


def test_identical_looks_are_shared_and_own_layouts_kept() -> None:
    a, b, c = (widgets.Text(layout=widgets.Layout(width="10em")) for _ in range(3))
    own = widgets.Text(layout=widgets.Layout(width="10em"))
    other = widgets.Text(layout=widgets.Layout(width="20em"))
    box = widgets.VBox([a, b, c, own, other])
    closed = _runtime.share_identical_looks(box, own_layout=[own])
    assert a.layout is b.layout is c.layout
    assert own.layout is not a.layout and other.layout is not a.layout
    assert a.style is b.style is c.style is own.style is other.style
    # Two of the three alike layouts and four of the five alike styles were closed.
    assert closed == 2 + 4
    assert all(w.layout.comm is not None and w.style.comm is not None
               for w in _runtime.widget_tree(box) if "layout" in w.keys and w is not box)


def test_charts_wait_while_matplotlib_arrives_and_are_drawn_when_it_has(browser_runtime) -> None:
    """In the browser, a participant who changes a choice while matplotlib is being unpacked
    saw "Something unexpected went wrong": importing a half-arrived package fails with other
    errors than "not found". While it arrives, charts wait; then they are drawn."""
    from equitylab.widgets._base import LabApp

    _runtime = browser_runtime

    class Half:
        def to_html(self) -> str:
            return "<figure>chart</figure>"

    calls: list[str] = []

    def make() -> Half:
        calls.append("make")
        if _runtime.pending():
            raise ImportError("cannot import name '_c_internal_utils' from 'matplotlib'")
        return Half()

    class App(LabApp):
        def __init__(self) -> None:
            self.setup()
            self.chart = widgets.HTML()
            super().__init__([self.message, self.chart])

        def render(self) -> None:
            self.draw_chart(self.chart, make)

    _runtime.loading_later(["matplotlib"])
    app = App()
    assert app.refresh()
    assert _runtime.CHART_LOADING[:30] in app.chart.value and app.error == ""
    assert calls == []  # not even tried while it arrives
    # An import error of any kind while packages arrive is "still loading", not unexpected.
    assert _runtime.still_loading(ImportError("cannot import name 'x'")) == _runtime.STILL_LOADING
    assert _runtime.loaded_later() == 1
    assert app.chart.value == "<figure>chart</figure>" and _runtime.pending() == frozenset()
    assert _runtime.still_loading(ImportError("cannot import name 'x'")) is None


def test_a_lab_that_meets_a_package_still_arriving_refreshes_itself(browser_runtime) -> None:
    """A lab's computation that needs scipy while it still loads says so and, once it has
    arrived, shows its outputs without the participant doing anything."""
    from equitylab.widgets._base import LabApp

    _runtime = browser_runtime
    arrived = []

    class App(LabApp):
        def __init__(self) -> None:
            self.setup()
            self.out = widgets.HTML()
            super().__init__([self.message, self.out])

        def render(self) -> None:
            if not arrived:
                raise ModuleNotFoundError("No module named 'scipy'", name="scipy")
            self.show_status("")  # as every lab's render does
            self.out.value = "interval"

    _runtime.loading_later(["scipy"])
    app = App()
    assert not app.refresh() and app.error == _runtime.STILL_LOADING
    assert "by itself" in app.message.value
    arrived.append(True)
    assert _runtime.loaded_later() == 1
    assert app.out.value == "interval" and app.error == "" and app.message.value == ""
