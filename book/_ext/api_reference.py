"""Sphinx hooks for the API reference's pages (book/reference/api.md, book/reference/api/).

- A dataclass field with a ``default_factory`` shows its default as ``<factory>``, which is
  not Python, so Sphinx cannot parse the signature and prints it raw (``~module.Class`` and
  all). Shown as ``...`` instead, the signature parses and its types read as plain names.
- A long signature is written one parameter per line (``python_maximum_signature_line_length``),
  which Sphinx 7 marks up as a ``<dl>`` of ``<dd>`` items with no ``<dt>``: invalid for a
  definition list, and reported by axe-core as a serious WCAG failure (screen readers
  announce a list of definitions with no terms). The parameters become plain lines instead.
"""

from __future__ import annotations

import re
from typing import Any

_PARAMETER_LINES = re.compile(
    r'(<span class="sig-paren">\(</span>)\s*<dl>(?P<params>.*?)</dl>\s*'
    r'(?=<span class="sig-paren">\)</span>)', re.S)


def _lines(match: re.Match[str]) -> str:
    params = match["params"].replace("<dd>", '<span class="sig-param-line">')
    params = params.replace("</dd>", "</span>")
    return f'{match[1]}<span class="sig-param-lines">{params}</span>'


def parameter_lines(body: str) -> str:
    r"""Rewrite multi-line signatures' ``<dl>``/``<dd>`` parameters as lines of spans.

    Examples
    --------
    >>> html = ('<span class="sig-paren">(</span>\n\n<dl>\n<dd><em>a</em>,</dd>\n</dl>\n\n'
    ...         '<span class="sig-paren">)</span>')
    >>> print(parameter_lines(html))
    <span class="sig-paren">(</span><span class="sig-param-lines">
    <span class="sig-param-line"><em>a</em>,</span>
    </span><span class="sig-paren">)</span>
    """
    return _PARAMETER_LINES.sub(_lines, body)


def accessible_signatures(app: Any, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: Any) -> None:
    """Apply :func:`parameter_lines` to a page's body before it is written."""
    if "body" in context and "sig-paren" in context["body"]:
        context["body"] = parameter_lines(context["body"])


def readable_defaults(app: Any, what: str, name: str, obj: Any, options: Any,
                      signature: str | None, return_annotation: str | None
                      ) -> tuple[str | None, str | None] | None:
    """Replace ``<factory>`` defaults in a signature with ``...``."""
    if signature and "<factory>" in signature:
        return signature.replace("<factory>", "..."), return_annotation
    return None


def setup(app: Any) -> dict[str, Any]:
    """Register the hook with Sphinx."""
    app.connect("autodoc-process-signature", readable_defaults)
    app.connect("html-page-context", accessible_signatures)
    app.add_css_file("api-reference.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
