"""The lab app base: a re-entrancy guard, one refresh, plain errors and never a traceback."""

from __future__ import annotations

import ipywidgets as widgets

from equitylab.widgets._base import UNEXPECTED, LabApp


class _App(LabApp):
    def __init__(self) -> None:
        self.setup()
        self.box = widgets.IntText(value=1)
        self.out = widgets.HTML()
        self.renders = 0
        self.watch(self.box)
        super().__init__([self.box, self.message, self.out])

    def render(self) -> None:
        self.renders += 1
        if self.box.value < 0:
            raise ValueError("The number cannot be negative: choose 0 or more.")
        if self.box.value == 13:
            raise KeyError("internal detail")
        self.out.value = f"<p>{self.box.value}</p>"
        self.show_status("")

    def clear(self) -> None:
        self.out.value = ""


def test_plain_errors_are_shown_and_the_app_recovers() -> None:
    app = _App()
    app.box.value = -1
    assert "cannot be negative" in app.message.value and 'role="alert"' in app.message.value
    assert app.out.value == "" and app.error.startswith("The number")
    app.box.value = 13
    assert UNEXPECTED.split(",")[0] in app.message.value
    assert "KeyError" not in app.message.value and "internal detail" not in app.message.value
    app.box.value = 2
    assert app.out.value == "<p>2</p>" and app.error == "" and app.message.value == ""


def test_holding_makes_one_refresh_of_several_changes() -> None:
    app = _App()
    with app.holding():
        app.box.value = 5
        app.box.value = 6
        assert app.held
    assert app.renders == 0 and not app.held
    assert app.refresh() and app.renders == 1 and app.out.value == "<p>6</p>"


def test_a_package_still_loading_in_the_browser_is_said_plainly(browser_runtime,
                                                                  monkeypatch) -> None:
    """In the browser, charts load after the first screen: a quick participant who asks for
    one first is told it is coming, not shown the 'unexpected' message. Once the background
    loading has ended (even if it failed) the same error is unexpected, not "in a moment"
    for ever; on a computer it is a broken install and unexpected too."""
    import sys

    from equitylab.widgets._runtime import STILL_LOADING

    class _Charts(_App):
        def render(self) -> None:
            if self.box.value == 7:
                raise ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")
            super().render()

    app = _Charts()
    browser_runtime.loading_later(["matplotlib"])
    app.box.value = 7
    assert app.error == STILL_LOADING and "still loading" in app.message.value
    browser_runtime.loaded_later()  # the load ended, yet the package is still missing
    assert app.error == UNEXPECTED
    app.box.value = 1
    monkeypatch.setattr(browser_runtime, "in_browser", lambda: False)
    browser_runtime.loading_later(["matplotlib"])
    app.box.value = 7
    assert app.error == UNEXPECTED
    assert sys.platform != "emscripten"
