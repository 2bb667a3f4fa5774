"""The API reference page's Sphinx hooks (book/_ext/api_reference.py)."""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _hooks():
    spec = importlib.util.spec_from_file_location("api_reference",
                                                  ROOT / "book" / "_ext" / "api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_examples_run() -> None:
    failures, tried = doctest.testmod(_hooks())
    assert tried > 0 and failures == 0


def test_multi_line_signatures_keep_every_parameter_and_lose_the_bare_dd_list() -> None:
    hooks = _hooks()
    params = "".join(f'<dd><em class="sig-param">p{i}</em>,</dd>\n' for i in range(5))
    body = (f'<dt id="f">f<span class="sig-paren">(</span>\n\n<dl>\n{params}</dl>\n\n'
            '<span class="sig-paren">)</span></dt><dd><dl class="field-list"><dt>a</dt>'
            "<dd>b</dd></dl></dd>")
    out = hooks.parameter_lines(body)
    assert re.findall(r"p\d", out) == [f"p{i}" for i in range(5)]
    assert out.count('class="sig-param-line"') == 5
    # The signature's <dl> of bare <dd>s is gone; the field list that follows is untouched.
    assert "<dl>\n<dd>" not in out and '<dl class="field-list"><dt>a</dt><dd>b</dd></dl>' in out
