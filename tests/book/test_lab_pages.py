"""Lab pages: the run-in-browser button and the snapshot areas (book/_ext/lab_pages.py).

The first tests check the extension's URL function on its own. The others read the built
book (``_build/html/notebooks/*.html``); they are marked ``browser`` because they need the
book that ``make browser`` and ``make test`` build before running those tests.
"""

from __future__ import annotations

import doctest
import importlib.util
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import BOOK_HTML

ROOT = Path(__file__).resolve().parents[2]
LAB_STEMS = sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}


def _extension():
    spec = importlib.util.spec_from_file_location("lab_pages",
                                                  ROOT / "book" / "_ext" / "lab_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extension_examples_run() -> None:
    failures, tried = doctest.testmod(_extension())
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("pagename", ["notebooks/02-seeing-inequity", "equity-tool",
                                      "a/b/c/lab", "labs/new/04-lending"])
@pytest.mark.parametrize("site", ["https://example.org/", "https://example.org/deep/sub/path/",
                                  "file:///media/usb/book/"])
def test_app_href_is_relative_and_reaches_the_app_from_the_page(pagename, site) -> None:
    lab_pages = _extension()
    href = lab_pages.app_href(pagename)
    assert not urlsplit(href).scheme and not href.startswith("/")
    stem = pagename.rpartition("/")[2]
    assert urljoin(site + pagename + ".html", href) == site + lab_pages.APP_PATH.format(stem=stem)


# --- The built pages ---------------------------------------------------------------------


class _LabPage(HTMLParser):
    """The parts of a built lab page these tests look at, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, dict[str, str]]] = []
        self.links: list[dict[str, str]] = []
        self._open_link: dict[str, str] | None = None
        self._stack: list[tuple[str, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = set(attributes.get("class", "").split())
        if tag == "a" and "href" in attributes:
            self._open_link = {**attributes, "text": ""}
            self.links.append(self._open_link)
            if "lab-run__button" in classes:
                self.events.append(("run-link", attributes))
        elif tag == "h1" and not self._inside("onlyprint"):
            self.events.append(("title", attributes))
        elif tag == "script" and attributes.get("type") == WIDGET_VIEW:
            self.events.append(("widget", {"snapshot": str(self._inside(
                "lab-snapshot__widgets"))}))
        elif tag == "p" and "lab-snapshot__label" in classes:
            self.events.append(("snapshot-label", attributes))
        if tag not in VOID_TAGS:
            self._stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open_link = None
        # Close up to the matching tag (an element left open closes with its parent).
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self._open_link is not None:
            self._open_link["text"] += data

    def _inside(self, css_class: str) -> bool:
        return any(css_class in classes for _, classes in self._stack)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


def _parse(stem: str) -> _LabPage:
    path = BOOK_HTML / "notebooks" / f"{stem}.html"
    if not path.exists():
        pytest.fail(f"{path} is not built: run `make book`.")
    parser = _LabPage()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(stem: str, href: str) -> Path:
    """The file an href on the lab page ``stem`` points to, inside the built book."""
    url = urljoin(f"https://book.invalid/notebooks/{stem}.html", href)
    return BOOK_HTML / unquote(urlsplit(url).path).lstrip("/")


@pytest.mark.browser
def test_every_lab_notebook_has_a_built_page() -> None:
    built = sorted(path.stem for path in (BOOK_HTML / "notebooks").glob("*.html"))
    assert LAB_STEMS and built == LAB_STEMS


@pytest.mark.browser
@pytest.mark.parametrize("stem", LAB_STEMS)
def test_lab_page_has_one_run_link_under_its_title(stem: str) -> None:
    page = _parse(stem)
    run_links = [attrs for kind, attrs in page.events if kind == "run-link"]
    assert len(run_links) == 1, "exactly one run-in-browser button"
    href = run_links[0]["href"]
    assert not urlsplit(href).scheme and not href.startswith("/"), "the link must be relative"
    assert _target(stem, href) == BOOK_HTML / "lite" / "voici" / "render" / f"{stem}.html"
    # No other link on the page leads into the in-browser app.
    into_lite = [link["href"] for link in page.links
                 if _target(stem, link["href"]).is_relative_to(BOOK_HTML / "lite")]
    assert into_lite == [href]
    text = next(" ".join(link["text"].split()) for link in page.links if link["href"] == href)
    assert text == ("Open the racial equity tool in your browser" if stem == "equity-tool"
                    else "Run this lab in your browser")
    # Right under the title, and before the first widget.
    kinds = page.kinds()
    assert kinds[:2] == ["title", "run-link"], kinds[:4]
    assert "widget" in kinds and kinds.index("run-link") < kinds.index("widget")


@pytest.mark.browser
@pytest.mark.parametrize("stem", LAB_STEMS)
def test_every_widget_sits_in_a_labeled_snapshot(stem: str) -> None:
    page = _parse(stem)
    widgets = [attrs for kind, attrs in page.events if kind == "widget"]
    assert widgets and all(attrs["snapshot"] == "True" for attrs in widgets)
    kinds = page.kinds()
    for position, kind in enumerate(kinds):
        if kind == "widget":
            assert kinds[position - 1] == "snapshot-label", "each widget comes under its label"


@pytest.mark.browser
@pytest.mark.parametrize("stem", LAB_STEMS)
def test_run_links_reach_the_in_browser_app(stem: str) -> None:
    """The run button leads to a page that exists in the built book.

    Fails until the JupyterLite and Voici build writes ``_build/html/lite/``.
    """
    page = _parse(stem)
    href = next(attrs["href"] for kind, attrs in page.events if kind == "run-link")
    target = _target(stem, href)
    assert target.is_file(), f"{href} on notebooks/{stem}.html: {target} does not exist"
