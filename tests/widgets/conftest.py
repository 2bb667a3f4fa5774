"""Fixtures for the widget views."""

from __future__ import annotations

from types import ModuleType

import pytest


@pytest.fixture
def browser_runtime(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``equitylab.widgets._runtime`` as in the reader's browser, nothing loading or waiting.

    Tests call ``loading_later`` to say packages are arriving and ``loaded_later`` when
    they have, as the in-browser app does (tools/build_lite.py).
    """
    from equitylab.widgets import _runtime

    monkeypatch.setattr(_runtime, "in_browser", lambda: True)
    monkeypatch.setattr(_runtime, "_PENDING", set())
    monkeypatch.setattr(_runtime, "_WAITING", [])
    return _runtime
