"""Open a page the way a reader would and record everything that went wrong."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

#: axe-core rule tags for WCAG 2.1 level A and AA.
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
#: How long a visited page may keep requests open after its load event (generous: the
#: in-browser course's tests may be running Python in the other worker).
QUIET_TIMEOUT_S = 90.0


@dataclass
class PageReport:
    """What a visit to one page found."""

    status: int | None = None
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def reader_context(browser):
    """A browser context as a reader's browser: one for many pages, as a reader reads a book."""
    context = browser.new_context()
    # Generous: the in-browser course's tests may be running Python in the other worker.
    context.set_default_timeout(90_000)
    return context


def visit(browser, url: str, origin: str, *, context=None):
    """Open ``url`` with every request that leaves ``origin`` blocked and recorded.

    The page opens in ``context`` (from :func:`reader_context`) if given, else in a new
    context of its own. Every request of the page is routed, which turns the browser's cache
    off, so a page shares no files with the pages opened before it, only storage and cookies.

    Returns the page (still open) and a :class:`PageReport`.
    """
    page = (context or reader_context(browser)).new_page()
    report = PageReport()

    def route(request_route) -> None:
        if request_route.request.url.startswith(origin) or request_route.request.url.startswith(
            ("data:", "blob:", "about:")
        ):
            request_route.continue_()
        else:
            report.outside_requests.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            report.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: report.console_errors.append(str(error)))
    page.on(
        "requestfailed",
        lambda request: report.failed_requests.append(f"{request.url} ({request.failure})"),
    )
    page.on(
        "response",
        lambda response: (
            report.failed_requests.append(f"{response.url} (HTTP {response.status})")
            if response.status >= 400
            else None
        ),
    )
    network = NetworkWatch()
    page.on("request", network.started)
    for done in ("requestfinished", "requestfailed"):
        page.on(done, network.ended)
    response = page.goto(url, wait_until="load")
    report.status = response.status if response else None
    network.wait_until_quiet(page, url, timeout_s=QUIET_TIMEOUT_S)
    return page, report


@dataclass
class NetworkWatch:
    """A page's open requests, counted from its own request events.

    This stands in for Playwright's "networkidle", which its documentation discourages: in
    make test, under load, its lifecycle event sometimes never came although no request was open
    for the whole 90 s (as in microsoft/playwright#19835).
    """

    open: dict[Any, str] = field(default_factory=dict)
    last_change: float = field(default_factory=time.monotonic)

    def started(self, request) -> None:
        self.open[request] = request.url
        self.last_change = time.monotonic()

    def ended(self, request) -> None:
        self.open.pop(request, None)
        self.last_change = time.monotonic()

    def wait_until_quiet(
        self, page, url: str, *, quiet_s: float = 0.5, timeout_s: float = 90
    ) -> None:
        """Return once no request has been open, or started, for ``quiet_s`` seconds."""
        deadline = time.monotonic() + timeout_s
        while self.open or time.monotonic() - self.last_change < quiet_s:
            if time.monotonic() > deadline:
                pending = sorted(set(self.open.values()))
                raise AssertionError(f"{url}: the network never went quiet; still open: {pending}")
            page.wait_for_timeout(100)  # lets the page's events arrive


@cache
def _ids_in(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\bid="([^"]+)"', text))


def broken_links(page, site_root: Path, origin: str) -> list[str]:
    """Internal links and image sources on ``page`` whose file or anchor does not exist."""
    targets = page.eval_on_selector_all("a[href], img[src]", "els => els.map(e => e.href || e.src)")
    broken = []
    for target in targets:
        if not target.startswith(origin):
            continue
        parts = urlsplit(urljoin(page.url, target))
        path = site_root / unquote(parts.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.exists():
            broken.append(target)
        elif (
            parts.fragment
            and path.suffix == ".html"
            and unquote(parts.fragment) not in _ids_in(path)
        ):
            broken.append(target)
    return broken


def images_not_loaded(page) -> list[str]:
    """Images that failed to load, or have no ``alt`` attribute at all."""
    return page.eval_on_selector_all(
        "img",
        "els => els.filter(e => !e.complete || e.naturalWidth === 0 || !e.hasAttribute('alt'))"
        ".map(e => e.src)",
    )


def serious_accessibility_violations(page) -> list[str]:
    """Run axe-core and list serious or critical WCAG 2.1 A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    # Every violation with all its nodes; passes and the rest are cut to one node each, which
    # spares axe finding a selector for each of thousands of passing nodes (a third of its
    # time on a short page).
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG21_AA_TAGS},
                                       "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


#: MyST source a reader must never see as text: roles ({doc}`x`), directive fences and
#: options (```{note}, :::, :class:), and definition-list lines (": text" under a term, or
#: "Read : text" when a renderer joins the two lines of an unrendered one).
RAW_MYST = re.compile(
    r"\{[a-z][\w:-]*\}`|```\{|^\s*:::|^\s*:[a-z-]+:\s|^: \S|^\w[\w ]{0,30} : \S"
    r"|\(\w[\w-]*\)=$"
    # A role or directive's name in braces, or a directive's option, anywhere in a line.
    r"|\{(?:doc|cite(?::[a-z]+)?|ref|numref|term|eq|download|admonition|note|warning|tip"
    r"|important|seealso|figure|glue(?::[a-z]+)?)\}|:class:", re.MULTILINE)


#: Markdown and reStructuredText a reader must never see as text either: bold (**x**), a
#: link's "](", a reST role (:func:`x`) and a doubled backtick (an inline literal reST could
#: not read, such as one that starts with a space). ``**kwargs`` in a signature is Python.
RAW_MARKDOWN = re.compile(r"\*\*[^\s*][^*\n]*\*\*|\]\(|:[a-z]+(?::[a-z]+)?:`|``")


def raw_markup(page, *, code_blocks: bool = False, markdown: bool = False) -> list[str]:
    """Return snippets of visible text that are raw MyST markup.

    Code blocks are left out unless ``code_blocks``: an app shows no code, so a block of
    monospace text there is a directive that was not rendered (its options, such as
    ``:class: seealso``, show on its first line). With ``markdown``, raw Markdown and
    reStructuredText (:data:`RAW_MARKDOWN`) count too.
    """
    text = page.evaluate(
        """(codeBlocks) => {
            const root = (document.querySelector('main') || document.body).cloneNode(true);
            root.querySelectorAll('script, style, .cell_input').forEach(e => e.remove());
            if (!codeBlocks) root.querySelectorAll('pre').forEach(e => e.remove());
            // Inline code may show markup on purpose; keep its place so lines stay whole.
            root.querySelectorAll(codeBlocks ? ':not(pre) > code' : 'code')
                .forEach(e => e.replaceWith('code'));
            return root.innerText;
        }""",
        code_blocks,
    )
    patterns = (RAW_MYST, RAW_MARKDOWN) if markdown else (RAW_MYST,)
    return [text[max(0, m.start() - 40):m.end() + 40].strip()
            for pattern in patterns for m in pattern.finditer(text)]


def past_the_right_edge(page) -> list[str]:
    """Return the text of what reaches past the window's right edge, pushing the page sideways.

    What a box that scrolls (a code block) or clips holds is left out: the reader scrolls it.
    Only the innermost element that reaches past is named, with the first 50 characters of its text.
    """
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const held = e => { for (let x = e.parentElement; x && x !== document.body;
                                     x = x.parentElement)
                                    if (getComputedStyle(x).overflowX !== 'visible') return true;
                                return false; };
            const past = e => e.getBoundingClientRect().right > width + 1;
            return [...document.querySelectorAll('body *')]
                .filter(e => e.getClientRects().length && past(e) && !held(e)
                        && ![...e.children].some(past))
                .map(e => `${e.tagName.toLowerCase()}: "${(e.textContent || '').trim()
                           .replace(/\\s+/g, ' ').slice(0, 50)}"`);
        }"""
    )


#: The controls whose text must show whole: widget labels (descriptions, and a checkbox's
#: own label), buttons, toggle buttons, tabs and download links.
CONTROL_TEXT = (".widget-label, .widget-label-basic, .jupyter-button, .widget-toggle-button, "
                ".lm-TabBar-tab, a.eq-download")


def clipped_controls(page) -> list[str]:
    """Return the visible controls whose text is cut off, and how.

    A control is cut off when its text is wider or taller than its box (scroll size over
    client size, as an ellipsis or a hidden second line), when it sticks out of the row
    that holds it (a wrapped label in a row of fixed height overlaps the next row), or
    when it reaches past the edges of the window.
    """
    return page.evaluate(
        """(selector) => {
            const out = [];
            const width = document.documentElement.clientWidth;
            for (const e of document.querySelectorAll(selector)) {
                if (!e.offsetParent || !e.getClientRects().length) continue;
                const name = (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
                if (!name) continue;
                if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
                    out.push(`cut off: "${name}" (${e.scrollWidth}x${e.scrollHeight} in `
                             + `${e.clientWidth}x${e.clientHeight})`);
                const r = e.getBoundingClientRect();
                if (r.right > width + 1 || r.left < -1) out.push(`off the screen: "${name}"`);
                const row = e.parentElement && e.parentElement.closest('.widget-inline-hbox');
                if (row) {
                    const b = row.getBoundingClientRect();
                    if (r.bottom > b.bottom + 1 || r.top < b.top - 1)
                        out.push(`outside its row: "${name}"`);
                }
            }
            return out;
        }""",
        CONTROL_TEXT,
    )


def chart_text_px(page) -> list[float]:
    """Return, for each SVG chart on the page, the height of its smallest text as drawn.

    The text's size in the SVG (matplotlib writes ``font: 10px ...`` in its own units) times
    the scale the image is shown at (its width on screen over the SVG's ``viewBox`` width).
    """
    return page.evaluate(
        """() => [...document.querySelectorAll('img[src^="data:image/svg+xml;base64,"]')]
            .filter(img => img.offsetParent && img.clientWidth)
            .map(img => {
                const svg = atob(img.src.split(',')[1]);
                const box = svg.match(/viewBox="[\\d.]+ [\\d.]+ ([\\d.]+) /);
                const sizes = [...svg.matchAll(/font:[^;"]*?([\\d.]+)px/g)].map(m => +m[1]);
                if (!box || !sizes.length) return Infinity;
                return Math.min(...sizes) * img.clientWidth / +box[1];
            })"""
    )


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb()`` colours."""
    def luminance(colour: str) -> float:
        r, g, b = (int(x) / 255 for x in re.findall(r"\d+", colour)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_ring(page) -> dict:
    """Describe the focused element and its focus ring (outline, or box shadow as a fallback)."""
    return page.evaluate(
        """() => {
            const a = document.activeElement;
            const s = getComputedStyle(a);
            return {tag: a.tagName, text: (a.textContent || a.value || '').trim().slice(0, 40),
                    style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
                    color: s.outlineColor, classes: String(a.className),
                    widget: !!a.closest('.jupyter-widgets')};
        }"""
    )


def ring_problem(ring: dict, background: str = "rgb(255, 255, 255)") -> str | None:
    """Say what is wrong with a focus ring from :func:`focus_ring`, or None if it is visible:
    a solid or auto outline at least 2 px wide with 3:1 contrast on the background."""
    if ring["style"] in ("none", "hidden") or ring["width"] < 2:
        return f"{ring['tag']} '{ring['text']}': outline {ring['style']} {ring['width']}px"
    if contrast(ring["color"], background) < 3:
        return (f"{ring['tag']} '{ring['text']}': outline {ring['color']} has contrast "
                f"{contrast(ring['color'], background):.1f}:1")
    return None


def unreachable_overflow(page) -> list[str]:
    """Return the visible boxes that scroll sideways but cannot be reached by keyboard.

    A box whose content is wider than it (a wide table on a phone) must take keyboard focus
    itself (``tabindex="0"``, as a ``role="region"`` named with ``aria-label``), so that
    the arrow keys scroll it, or sit inside a box that does. The page itself (which the
    keyboard always scrolls), ``select`` and ``textarea`` are left out, as axe's
    ``scrollable-region-focusable`` does.
    """
    return page.evaluate(
        """() => {
            const out = [];
            const focusable = e => e.tabIndex >= 0 && !e.disabled;
            for (const e of document.querySelectorAll('body *')) {
                if (['SELECT', 'TEXTAREA', 'OPTION'].includes(e.tagName)) continue;
                if (!e.getClientRects().length || e.scrollWidth <= e.clientWidth + 1) continue;
                const x = getComputedStyle(e).overflowX;
                if (!['auto', 'scroll'].includes(x)) continue;
                let reach = false;
                for (let a = e; a && a !== document.body; a = a.parentElement)
                    if (focusable(a) && ['auto', 'scroll'].includes(getComputedStyle(a).overflowX))
                        { reach = true; break; }
                if (!reach) {
                    const name = (e.getAttribute('aria-label') || e.className || e.tagName)
                        .toString().slice(0, 60);
                    const text = (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
                    out.push(`${e.tagName.toLowerCase()} "${name}": ${text}`
                             + ` (${e.scrollWidth} px of content in ${e.clientWidth} px)`);
                }
            }
            return out;
        }"""
    )
