"""Hostile text for every export test: script, HTML, Markdown, link, formula and odd-script
payloads (after OWASP's XSS filter-evasion and CSV-injection lists), and the checks that
each export format must pass with them.

Each payload that could run sets ``window.__pwned``, so a browser check can tell whether
anything ran. :func:`payloads` adds generated mixtures, so the list is not only examples.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import random
import re
import string
from typing import Any

#: Written by hand, after OWASP's cheat sheets; each one a different trick.
BASE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=window.__pwned=1>",
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=window.__pwned=1>",
    '<a href="javascript:window.__pwned=1">click</a>',
    "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "<details open ontoggle=window.__pwned=1>x</details>",
    "<body onload=window.__pwned=1>",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "&#60;img src=x onerror=window.__pwned=1&#62;",
    "[click](javascript:window.__pwned=1)",
    "[click](JaVaScRiPt:window.__pwned=1 \"t\")",
    "![x](javascript:window.__pwned=1)",
    "<javascript:window.__pwned=1>",
    "[x]\n\n[x]: javascript:window.__pwned=1",
    "[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    "[a](vbscript:msgbox(1))",
    "javascript:window.__pwned=1",
    "`<script>window.__pwned=1</script>`",
    "```\n<script>window.__pwned=1</script>\n```",
    "    <script>window.__pwned=1</script>",
    "| a | b |\n|---|---|\n| <img src=x onerror=window.__pwned=1> | c |",
    "cell | break",
    "# Heading",
    "- list item",
    "1. ordered",
    "> quote",
    "***",
    "**bold** _em_ ~~strike~~",
    "\\<script>window.__pwned=1\\</script>",
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    " =1+2",
    '=HYPERLINK("http://example.invalid","click")',
    "=cmd|' /C calc'!A0",
    "a,=1+2",
    "a;=1+2",
    '"=1+2',
    "＝1+2",
    "李小龙",
    "العربية",
    "\u202eevil\u202c",
    "nul\x00byte\x1b[31m",
    "www.example.invalid/x",
    "http://example.invalid/<script>",
    "$\\frac$",
    "$x^2$ and $\\sqrt{y}$",
    "costs $5 and $10",
    "\\$ \\\\ $$",
]

_PIECES = ["<", ">", "\"", "'", "`", "[", "]", "(", ")", "|", "=", "+", "-", "@", "*", "_",
           "#", "!", "&", ";", ":", "\n", "\t", "$", "^", "{", "javascript:", "onerror=",
           "<img src=x ", "<script>", "</script>", "李", "ع", "\\"]


def payloads(extra: int = 30, seed: int = 14) -> list[str]:
    """Return :data:`BASE` and ``extra`` generated mixtures of dangerous pieces (seeded)."""
    rng = random.Random(seed)
    made = []
    for _ in range(extra):
        parts = rng.choices(_PIECES + list(string.ascii_letters), k=rng.randint(2, 12))
        made.append("".join(parts))
    return BASE + made


# --- filling every text field of a worksheet ---------------------------------------------

#: Fields chosen from a menu, which the worksheet validates: left at a valid choice.
_CHOICES = {"kind", "level", "impact", "rba", "id"}


def fill_worksheet(ws: Any, texts: list[str], start: int = 0) -> Any:
    """Set every free-text field of ``ws`` (and of its items) to payloads, in turn.

    Scalar fields take ``texts[start]``, ``texts[start + 1]``, ...; list fields take every
    payload. Returns ``ws``.
    """
    counter = [start]

    def nxt() -> str:
        text = texts[counter[0] % len(texts)]
        counter[0] += 1
        return text

    def walk(obj: Any) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in _CHOICES:
                continue
            if isinstance(value, str):
                setattr(obj, f.name, nxt())
            elif str(f.type) == "list[str]":
                setattr(obj, f.name, list(texts))
            elif dataclasses.is_dataclass(value):
                walk(value)
            elif isinstance(value, list):
                for item in value:
                    if dataclasses.is_dataclass(item):
                        walk(item)

    walk(ws)
    return ws


# --- checks ---------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_FORMULA = tuple("=+-@\t\r\n＝＋－＠")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def formula_cells(text: str) -> list[str]:
    """Return the cells of a CSV file that a spreadsheet would run as a formula.

    The file is read with a comma and with a semicolon as the separator (as a spreadsheet
    set to either would), so a separator inside a value cannot start a formula either.
    Plain numbers (``-5``, or ``-9,0`` as a comma-decimal spreadsheet reads a row of
    numbers) are not formulas.
    """
    bad = []
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for cell in row:
                stripped = cell.lstrip(" ")
                numbers = all(_NUMBER.fullmatch(part) for part in cell.split(","))
                if stripped.startswith(_FORMULA) and not numbers:
                    bad.append(cell)
    return bad


def markdown_html(text: str) -> str:
    """Render Markdown as a permissive common renderer does: markdown-it-py's GFM-like preset
    (raw HTML allowed, tables, strikethrough, bare links made links)."""
    return _markdown().render(text)


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like")


#: Run in a page: what ran, and every element or attribute that could run something.
DOM_CHECK = r"""() => {
  const bad = [];
  const allowedTags = new Set(["A", "BR", "P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL",
    "LI", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "CAPTION", "SMALL", "EM", "STRONG",
    "CODE", "PRE", "BLOCKQUOTE", "HR", "DEL", "S", "FIGURE", "FIGCAPTION", "IMG", "MAIN",
    "DIV", "SPAN"]);
  for (const el of document.body.querySelectorAll("*")) {
    if (!allowedTags.has(el.tagName)) bad.push("element " + el.tagName);
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) bad.push(el.tagName + " " + name);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)
          && /^\s*(javascript|vbscript|data):/i.test(a.value.replace(/[\s\x00-\x1f]/g, ""))
          && !(el.tagName === "IMG" && /^data:image\/(svg\+xml|png);base64,/.test(a.value))
          && !(el.tagName === "A" && el.hasAttribute("download")))
        bad.push(el.tagName + " " + name + "=" + a.value.slice(0, 60));
    }
  }
  for (const a of document.body.querySelectorAll("a[href]"))
    if (!/^(https?:|mailto:|#)/i.test(a.getAttribute("href").trim()) && !a.hasAttribute("download"))
      bad.push("link " + a.getAttribute("href").slice(0, 60));
  return {bad: bad, pwned: window.__pwned || 0, text: document.body.innerText};
}"""


def visible(payload: str) -> str:
    """What a reader should see of ``payload``: its text without control characters,
    whitespace collapsed."""
    return " ".join(_CONTROL.sub("", payload).split())


def check_page(page: Any, html: str) -> dict[str, Any]:
    """Load ``html`` in ``page`` and return :data:`DOM_CHECK`'s findings."""
    page.set_content(html, wait_until="load")
    page.wait_for_timeout(20)  # let any error handler of a broken image run
    return page.evaluate(DOM_CHECK)
