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


# --- The reference's pages: one per public module, in one order ---------------------------

API_DIR = ROOT / "book" / "reference" / "api"


def _public_modules() -> list[str]:
    import pkgutil

    import equitylab

    return sorted(m.name for m in pkgutil.iter_modules(equitylab.__path__)
                  if not m.name.startswith("_"))


def _toc_api_pages() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [chapter for part in toc["parts"] for chapter in part["chapters"]]
    (api,) = [chapter for chapter in chapters if chapter["file"] == "book/reference/api"]
    return [section["file"].removeprefix("book/reference/api/") for section in api["sections"]]


def test_every_public_module_has_one_page_listed_in_the_toc_and_the_index() -> None:
    pages = _toc_api_pages()
    assert sorted(pages) == _public_modules()
    assert sorted(path.stem for path in API_DIR.glob("*.md")) == sorted(pages)
    # The index lists the pages once each, one line each, in the order of the toc.
    index = (ROOT / "book" / "reference" / "api.md").read_text(encoding="utf-8")
    assert re.findall(r"^- \{doc\}`api/(\w+)`: \S", index, re.M) == pages


def test_each_page_documents_its_own_module_first() -> None:
    for name in _toc_api_pages():
        text = (API_DIR / f"{name}.md").read_text(encoding="utf-8")
        modules = re.findall(r"^\.\. automodule:: (\S+)$", text, re.M)
        assert text.startswith(f"# equitylab.{name}\n"), name
        assert modules[0] == f"equitylab.{name}"
        assert all(module.startswith(f"equitylab.{name}.") for module in modules[1:]), name


def test_raw_markdown_is_caught_but_python_is_not() -> None:
    from tests.browser.pagecheck import RAW_MARKDOWN

    shown = ["a **bold** word", "see [the page](x.md)", "use :func:`rate`",
             "spellings (Black, `` BLACK``)"]
    python = ["f(a, *args, **kwargs: Any) -> None", "2 ** 3", "load(**options)"]
    assert [bool(RAW_MARKDOWN.search(text)) for text in shown] == [True] * len(shown)
    assert [bool(RAW_MARKDOWN.search(text)) for text in python] == [False] * len(python)
