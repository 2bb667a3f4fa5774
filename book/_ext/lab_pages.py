"""Lab pages: a button that runs the lab in the browser, and honest widget snapshots.

The book shows each lab (a notebook in ``notebooks/``) with its widgets rendered from the
state saved at build time. Those widgets look live but nothing runs behind them, so on every
lab page this extension

* puts a "Run this lab in your browser" button right under the title, linking (relatively,
  so the book works from any folder or a USB stick) to the lab's in-browser app, and
* wraps every widget output in a snapshot area with a visible label. The page script
  ``lab-snapshot.js`` disables the controls once the widget manager has drawn them, and
  ``lab-pages.css`` grays them and hides the tool's save status, which a snapshot cannot
  honestly show.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the in-browser app of a lab lives, relative to the root of the built book. The one
#: place to change if the in-browser runtime moves; ``{stem}`` is the notebook's file name
#: without ``.ipynb``.
APP_PATH = "lite/voici/render/{stem}.html"

#: The folder of the lab notebooks, as Sphinx names documents.
LAB_FOLDER = "notebooks"

#: The racial equity tool is an app, not a lab; its button says so.
TOOL_STEM = "equity-tool"

WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'

NOTE = (
    "Nothing to install: Python loads in your browser. The first visit downloads "
    '<span class="lab-run__size">about 40–60 MB</span> and takes some seconds; later visits '
    "are faster. Works offline once the book is on your computer."
)


def app_href(pagename: str) -> str:
    """Return the URL of a lab's in-browser app, relative to the lab's own page.

    Parameters
    ----------
    pagename : str
        The page's Sphinx name: its path from the book's root, without ``.html``.

    Returns
    -------
    str
        A relative URL, so the link works wherever the book is served or copied.

    Examples
    --------
    >>> app_href("notebooks/02-seeing-inequity")
    '../lite/voici/render/02-seeing-inequity.html'
    >>> app_href("equity-tool")
    'lite/voici/render/equity-tool.html'
    >>> app_href("a/b/lab")
    '../../lite/voici/render/lab.html'
    """
    folders, _, stem = pagename.rpartition("/")
    depth = folders.count("/") + 1 if folders else 0
    return "../" * depth + APP_PATH.format(stem=stem)


def is_lab_page(app: Any, docname: str) -> bool:
    """Tell whether a document is a lab: a notebook in the labs' folder."""
    return docname.startswith(LAB_FOLDER + "/") and Path(
        str(app.env.doc2path(docname))).suffix == ".ipynb"


def run_block(pagename: str) -> str:
    """Return the HTML of the run button and its note for a lab page."""
    stem = pagename.rpartition("/")[2]
    label = ("Open the racial equity tool in your browser" if stem == TOOL_STEM
             else "Run this lab in your browser")
    return (
        '<div class="lab-run" id="run-in-browser">\n'
        f'<a class="lab-run__button" href="{escape(app_href(pagename))}">{label}</a>\n'
        f'<p class="lab-run__note">{NOTE}</p>\n'
        "</div>\n"
    )


def snapshot_open(pagename: str, number: int) -> str:
    """Return the opening HTML of the snapshot area around one widget output."""
    is_tool = pagename.rpartition("/")[2] == TOOL_STEM
    use = ("Nothing you type here is saved. To use the tool, open it in your browser "
           "(the button at the top of the page)." if is_tool
           else "To use them, run this lab in your browser (the button at the top of the page).")
    label_id = f"lab-snapshot-label-{number}"
    return (
        f'<div class="lab-snapshot" role="group" aria-labelledby="{label_id}">\n'
        f'<p class="lab-snapshot__label" id="{label_id}"><strong>Snapshot</strong>: these '
        f"controls do not respond on this page. {use}</p>\n"
        '<div class="lab-snapshot__widgets">\n'
    )


SNAPSHOT_CLOSE = "\n</div>\n</div>\n"


def add_lab_parts(app: Any, doctree: nodes.document, docname: str) -> None:
    """Add the run button under a lab's title and wrap its widget outputs as snapshots."""
    if app.builder.format != "html" or not is_lab_page(app, docname):
        return
    views = [node for node in doctree.findall(nodes.raw) if WIDGET_VIEW in node.astext()]
    for number, raw in enumerate(views, start=1):
        text = snapshot_open(docname, number) + raw.astext() + SNAPSHOT_CLOSE
        raw.replace_self(nodes.raw(text, text, format="html"))
    section = next(doctree.findall(nodes.section), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        logger.warning("lab page without a title: the run button has nowhere to go",
                       location=docname)
        return
    html = run_block(docname)
    section.insert(1, nodes.raw(html, html, format="html"))


def add_page_files(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Load the snapshot script and the lab styles on lab pages only."""
    if doctree is not None and is_lab_page(app, pagename):
        app.add_css_file("lab-pages.css")
        app.add_js_file("lab-snapshot.js", defer="defer")


def setup(app: Any) -> dict[str, Any]:
    """Register the lab page hooks with Sphinx."""
    app.connect("doctree-resolved", add_lab_parts)
    app.connect("html-page-context", add_page_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
