"""Open a page the way a reader would and record everything that went wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: axe-core rule tags for WCAG 2.1 level A and AA.
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass
class PageReport:
    """What a visit to one page found."""

    status: int | None = None
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def visit(browser, url: str, origin: str):
    """Open ``url`` with every request that leaves ``origin`` blocked and recorded.

    Returns the page (still open) and a :class:`PageReport`.
    """
    context = browser.new_context()
    # Generous: the in-browser course's tests may be running Python in the other worker.
    context.set_default_timeout(90_000)
    page = context.new_page()
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
    response = page.goto(url, wait_until="load")
    report.status = response.status if response else None
    page.wait_for_load_state("networkidle")
    return page, report


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

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG21_AA_TAGS}})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


#: MyST source a reader must never see as text: roles ({doc}`x`), directive fences and
#: options (```{note}, :::, :class:), and definition-list lines (": text" under a term).
RAW_MYST = re.compile(
    r"\{[a-z][\w:-]*\}`|```\{|^\s*:::|^\s*:[a-z-]+:\s|^: \S|\(\w[\w-]*\)=$", re.MULTILINE)


def raw_markup(page) -> list[str]:
    """Return snippets of visible text (code blocks aside) that are raw MyST markup."""
    text = page.evaluate(
        """() => {
            const root = (document.querySelector('main') || document.body).cloneNode(true);
            root.querySelectorAll('pre, script, style, .cell_input').forEach(e => e.remove());
            // Inline code may show markup on purpose; keep its place so lines stay whole.
            root.querySelectorAll('code').forEach(e => e.replaceWith('code'));
            return root.innerText;
        }"""
    )
    return [text[max(0, m.start() - 40):m.end() + 40].strip()
            for m in RAW_MYST.finditer(text)]
