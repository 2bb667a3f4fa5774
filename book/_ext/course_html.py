"""Small fixes to the HTML that Jupyter Book 1 writes, so pages load cleanly offline."""

from __future__ import annotations

from pathlib import Path
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


UNLABELLED_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
LABELLED_TOGGLE = (
    '<summary aria-label="Show or hide sub-pages"><span class="toctree-toggle" role="presentation">'
)


def label_sidebar_toggles(app: Any, exception: Exception | None) -> None:
    """Give the sidebar's expand/collapse toggles an accessible name.

    The theme writes them as an icon alone, which axe-core reports as a serious violation
    (summary-name) on every page. The sidebar is rendered by a template function, outside
    the page context, so the written files are patched once the build has finished.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if UNLABELLED_TOGGLE in text:
            page.write_text(text.replace(UNLABELLED_TOGGLE, LABELLED_TOGGLE), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Register the page fixes with Sphinx."""
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    app.connect("html-page-context", unlist_citations, priority=900)
    app.connect("build-finished", label_sidebar_toggles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
