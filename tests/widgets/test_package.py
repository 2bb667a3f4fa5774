"""equitylab.widgets re-exports every app lazily."""

import importlib
import subprocess
import sys

import pytest

import equitylab.widgets as widgets


@pytest.mark.parametrize("name", widgets.__all__)
def test_every_listed_app_resolves_to_a_function_of_its_module(name):
    app = getattr(widgets, name)
    assert callable(app)
    assert app.__module__.startswith("equitylab.widgets.")
    assert getattr(importlib.import_module(app.__module__), name) is app


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        widgets.nope  # noqa: B018


def test_importing_the_package_imports_no_app():
    code = "import sys, equitylab.widgets; print(any(m.endswith('_lab') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


LAB_APPS = sorted({module for name, module in widgets._APPS.items()
                   if module.endswith(("_lab", "first_look", "explorer", "byod"))})


@pytest.mark.parametrize("module", LAB_APPS)
def test_a_lab_app_does_not_import_the_tools_package(module):
    """The labs share the tool's runtime helpers but not its package (reports, storage, Word
    export), which would add to every lab's start in the reader's browser."""
    code = (f"import sys, equitylab.widgets.{module}; "
            "print(sorted(m for m in sys.modules if m.startswith('equitylab.tool')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
