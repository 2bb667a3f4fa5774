"""Small fixes to the HTML that Jupyter Book 1 writes, so pages load cleanly offline."""

from __future__ import annotations

from typing import Any


def drop_repeated_scripts(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Keep one copy of each script.

    sphinx-thebe registers its inline configuration script twice under Jupyter Book, and the
    second copy raises "Identifier 'THEBE_JS_URL' has already been declared" in every page.
    """
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in context.get("script_files", []):
        # The copies differ only in filename None vs "" for an inline script.
        filename = getattr(script, "filename", script) or ""
        body = getattr(script, "attributes", {}).get("body", "")
        key = (str(filename), str(body))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def unlist_citations(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Drop ``role="list"`` from the bibliography.

    sphinxcontrib-bibtex marks the citation block as a list whose children are not list items,
    which axe-core reports as a critical ARIA error (aria-required-children).
    """
    body = context.get("body")
    if body:
        context["body"] = body.replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )


def setup(app: Any) -> dict[str, Any]:
    """Register the page fixes with Sphinx."""
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    app.connect("html-page-context", unlist_citations, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
