"""App versions of the lab notebooks: MyST turned into plain Markdown, the app on the first screen.

The labs in ``notebooks/`` are written for the Jupyter Book, whose Markdown is MyST: roles such
as {cite}`key` and {doc}`path`, directives in fences such as ```{admonition}, ``(label)=``
targets and ``%`` comments. Voilà (``make app``) and Voici (JupyterLite) render Markdown cells
as plain CommonMark, where all of that shows as raw text. :func:`app_notebook` returns a copy
of a notebook for those app renderers:

Roles
    ``{cite}`` (``{cite:p}``, ``{cite:t}`` and the other sphinxcontrib-bibtex forms) becomes
    an author-year citation, as the book prints it ("Fox *et al.*, n.d."), linked to the
    book's bibliography page; an unknown key is an error, as it is in the strict book build.
    ``{doc}`` becomes a link to the built page (``.html``) under ``book_url``, with the
    page's title when the role gives no text; an unknown page is an error. ``{ref}``,
    ``{numref}`` and ``{term}`` become a link when the label or glossary term is known, and
    their text otherwise. ``{math}`` becomes ``$...$``; ``{kbd}``, ``{code}`` and the like
    become inline code; any other role becomes its text. Markdown links to ``.md`` or
    ``.ipynb`` files of the book are pointed at the built pages.
Directives
    Admonitions (``admonition``, ``note``, ``tip``, ``important``, ``warning``, ``seealso``,
    ``caution``, ``attention``, ``hint``, ``danger``, ``error``, ``margin``, ``sidebar``) and
    ``exercise`` become a blockquote that opens with the title in bold. ``dropdown``, and any
    of those with ``:class: dropdown`` (the solutions), become ``<details>`` with the title
    as its summary, closed as in the book. ``solution`` is titled "Solution to Exercise N"
    after its exercise; exercises are numbered within the notebook. ``figure`` and ``image``
    become a Markdown image with its alt text (a figure's caption below it). ``math`` becomes
    a ``$$`` block; ``code-block``/``code`` a fenced code block. ``bibliography``,
    ``toctree`` and ``tableofcontents`` are dropped. Any other directive becomes its body.
    Option lines (``:class:``, ``:name:``...) are dropped; bodies are converted too, so
    directives nest. Fenced code blocks are left exactly as they are.
Lines
    ``(label)=`` targets, ``%`` comments and ``+++`` cell breaks are removed.
Cells
    Every code cell is kept exactly as it is (source, tags, metadata, outputs, order): the app
    runs the same code. Markdown cells tagged ``remove-cell`` (hidden in the book) or
    ``book-only`` (written for the book's reader, such as "in the published book the menu
    shows its first choice only") are left out. Raw cells are kept.
The first screen
    The app is the first code cell that calls a function imported from ``equitylab.widgets``.
    The lead (the Markdown cells before the first code cell: the lab's title, its overview
    of time, prerequisites, questions and objectives, and its introduction) keeps its first
    heading and its first paragraph outside any directive in place. Everything else in it
    moves, unchanged apart from the conversion, to a Markdown cell right after the app cell.
    Other Markdown cells stay where they are, because each introduces the output under it;
    code cells never move. So a lab whose app is the first thing it shows opens on its
    title, one paragraph, the instructions for the controls and the controls; a lab that
    shows results before its app (lab 3 looks at data quality first) keeps that order.

Command line (the copies keep their file names)::

    python tools/app_notebooks.py [--book-url URL] OUT_DIR NOTEBOOK...

``--book-url`` is where the built book (``_build/html``) is, as seen from the page that will
show the app: "../../../" for ``_build/html/lite/voici/render/X.html``, "/voila/files/html/"
for ``make app``. By default it is the path from OUT_DIR to ``_build/html``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import html
import json
import os
import posixpath
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[1]

#: Tags of Markdown cells that the app version leaves out.
DROPPED_TAGS = frozenset({"remove-cell", "book-only"})

#: Admonition-like directives and their default titles.
ADMONITIONS = {
    "admonition": "",
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "seealso": "See also",
    "caution": "Caution",
    "attention": "Attention",
    "hint": "Hint",
    "danger": "Danger",
    "error": "Error",
    "dropdown": "Details",
    "margin": "",
    "sidebar": "",
}
#: Admonitions whose argument is their title (for the others it is the first line of the body).
TITLED = frozenset({"admonition", "dropdown", "margin", "sidebar"})
#: Directives that are left out entirely: they only make sense inside the book.
DROPPED_DIRECTIVES = frozenset({"bibliography", "toctree", "tableofcontents", "glue:figure",
                                "glue:math", "glue:any"})
CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "code-cell"})
CODE_ROLES = frozenset({"code", "kbd", "literal", "file", "samp", "command", "program", "envvar",
                        "option", "guilabel", "menuselection"})

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[A-Za-z][\w:.+-]*)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?[ \t]*$")
_TARGET = re.compile(r"^[ \t]*\((?P<label>[^()\s]+)\)=[ \t]*$")
_COMMENT = re.compile(r"^[ \t]*%")
_BREAK = re.compile(r"^[ \t]*\+\+\+")
_ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)")
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_MD_LINK = re.compile(r"(?P<open>\]\()(?P<target>[^()\s]+?\.(?:md|ipynb))(?P<anchor>#[^()\s]*)?"
                      r"(?P<close>[ )])")


class UnknownCitation(KeyError):
    """A {cite} role names a key that is not in the bibliography."""


class UnknownDocument(KeyError):
    """A {doc} role names a page that is not in the book."""


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, as an author-year citation shows it."""

    key: str
    authors: tuple[str, ...]
    year: str
    title: str = ""
    et_al: bool = False

    @property
    def author_label(self) -> str:
        """"Fox *et al.*", "Nelson and Brooks" or "Fetter", as the book prints them."""
        if len(self.authors) >= 3 or (self.et_al and self.authors):
            return f"{self.authors[0]} *et al.*"
        if len(self.authors) == 2:
            return f"{self.authors[0]} and {self.authors[1]}"
        return self.authors[0] if self.authors else self.key


@dataclass(frozen=True)
class Target:
    """Where a ``(label)=`` target points: a page, an anchor on it, and its heading."""

    docname: str
    anchor: str
    title: str | None = None


@dataclass(frozen=True)
class Book:
    """What the conversion needs to know about the book (see :func:`load_book`)."""

    references: Mapping[str, Reference] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, Target] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)
    bibliography: str = "book/bibliography"
    glossary: str = "book/glossary"


@dataclass
class _Context:
    book: Book
    book_url: str
    source_dir: str
    exercises: dict[str, int] = field(default_factory=dict)
    exercise_count: int = 0
    glued: Mapping[str, str] = field(default_factory=dict)

    def page(self, docname: str, anchor: str = "") -> str:
        return f"{self.book_url}{docname}.html" + (f"#{anchor}" if anchor else "")


# --- Roles ---------------------------------------------------------------------------------


def _split_explicit(content: str) -> tuple[str | None, str]:
    """``text <target>`` -> (text, target); ``target`` -> (None, target)."""
    match = _EXPLICIT.match(content.strip())
    if match and match["text"]:
        return match["text"].strip(), match["target"].strip()
    return None, content.strip()


def _docname(path: str, source_dir: str) -> str:
    path = re.sub(r"\.(md|ipynb)$", "", path.strip())
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(source_dir, path)
    return posixpath.normpath(joined)


def _cite(name: str, content: str, ctx: _Context) -> str:
    pre = post = ""
    notes = re.match(r"^\{(?P<pre>[^{}]*)\}(?:\{(?P<post>[^{}]*)\})?", content)
    if notes:
        pre, post = notes["pre"] or "", notes["post"] or ""
        content = content[notes.end():]
    keys = [key.strip() for key in content.split(",") if key.strip()]
    unknown = [key for key in keys if key not in ctx.book.references]
    if unknown or not keys:
        raise UnknownCitation(f"{{{name}}}`{content}`: not in the bibliography: "
                              f"{', '.join(unknown) or '(no key)'}")
    refs = [ctx.book.references[key] for key in keys]
    url = ctx.page(ctx.book.bibliography)

    def link(text: str, ref: Reference) -> str:
        title = ref.title.replace('"', "'")
        return f'[{text}]({url} "{title}")' if title else f"[{text}]({url})"

    style = name.split(":", 1)[1] if ":" in name else "p"
    if style.startswith("author"):
        return ", ".join(link(ref.author_label, ref) for ref in refs)
    if style.startswith("year"):
        return ", ".join(link(ref.year, ref) for ref in refs)
    if style.startswith(("t", "ct")):
        parts = [f"{link(ref.author_label, ref)} ({link(ref.year, ref)})" for ref in refs]
        return _join_and(parts)
    inner = "; ".join(link(f"{ref.author_label}, {ref.year}", ref) for ref in refs)
    pre = f"{pre} " if pre else ""
    post = f", {post}" if post else ""
    return f"({pre}{inner}{post})"


def _join_and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _doc(content: str, ctx: _Context) -> str:
    text, path = _split_explicit(content)
    docname = _docname(path, ctx.source_dir)
    if docname not in ctx.book.titles:
        raise UnknownDocument(f"{{doc}}`{content}`: {docname} is not a page of the book")
    return f"[{text or ctx.book.titles[docname]}]({ctx.page(docname)})"


def _ref(name: str, content: str, ctx: _Context) -> str:
    text, label = _split_explicit(content)
    if label in ctx.exercises:
        return text or f"Exercise {ctx.exercises[label]}"
    target = ctx.book.labels.get(label)
    shown = text or (target.title if target else None) or label
    if name == "numref":
        title = (target.title if target else None) or ""
        shown = re.sub(r"%s|\{number\}|\{name\}", title, shown)
        shown = re.sub(r"\s+", " ", shown).strip() or label
    if target is None:
        return shown
    return f"[{shown}]({ctx.page(target.docname, target.anchor)})"


def _term(content: str, ctx: _Context) -> str:
    text, term = _split_explicit(content)
    anchor = ctx.book.terms.get(term.lower())
    shown = text or term
    return f"[{shown}]({ctx.page(ctx.book.glossary, anchor)})" if anchor else shown


def _role(name: str, content: str, ctx: _Context) -> str:
    if name == "cite" or name.startswith("cite:"):
        return _cite(name, content, ctx)
    if name == "doc":
        return _doc(content, ctx)
    if name in ("ref", "numref", "eq"):
        return _ref(name, content, ctx)
    if name == "term":
        return _term(content, ctx)
    if name == "math":
        return f"${content}$"
    if name in CODE_ROLES:
        return f"`{content}`"
    if name == "glue" or name.startswith("glue:"):
        key = content.split(":", 1)[0].strip()
        return ctx.glued.get(key, key)
    text, target = _split_explicit(content)
    return text or target


def _ticks(run: str) -> re.Pattern[str]:
    """A run of exactly ``len(run)`` backticks: what closes a code span (or a role) opened so."""
    return re.compile(rf"(?<!`){run}(?!`)")


def _convert_inline(text: str, ctx: _Context) -> str:
    """Replace roles in ``text``, leaving code spans alone; point .md/.ipynb links at pages."""
    out: list[str] = []
    plain: list[str] = []  # text since the last code span, for _relink

    def code(span: str) -> None:
        out.append(_relink(ctx, "".join(plain)))
        plain.clear()
        out.append(span)

    i = 0
    while i < len(text):
        role = _ROLE.match(text, i)
        if role:
            close = _ticks(role["ticks"]).search(text, role.end())
            if close:
                plain.append(_role(role["name"], text[role.end():close.start()], ctx))
                i = close.end()
                continue
        if text[i] == "`":
            run = re.match(r"`+", text[i:])
            ticks = run.group() if run else "`"
            close = _ticks(ticks).search(text, i + len(ticks))
            end = close.end() if close else i + len(ticks)
            code(text[i:end])
            i = end
            continue
        step = 2 if text[i] == "\\" else 1  # an escaped character stays as it is
        plain.append(text[i:i + step])
        i += step
    code("")
    return "".join(out)


def _relink(ctx: _Context, text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # a URL, not a page of the book
            return match.group()
        docname = _docname(target, ctx.source_dir)
        if docname not in ctx.book.titles:
            return match.group()
        anchor = (match["anchor"] or "").lstrip("#")
        return f"{match['open']}{ctx.page(docname, anchor)}{match['close']}"

    return _MD_LINK.sub(repl, text)


# --- Directives ----------------------------------------------------------------------------


def _closing(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (len(stripped) >= len(fence) and set(stripped) == {fence[0]})


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's body into its options and its content."""
    options: dict[str, str] = {}
    rest = body
    if rest and rest[0].strip() == "---":
        end = next((j for j in range(1, len(rest)) if rest[j].strip() == "---"), None)
        if end is not None:
            for line in rest[1:end]:
                key, _, value = line.partition(":")
                if key.strip():
                    options[key.strip()] = value.strip()
            rest = rest[end + 1:]
    else:
        while rest and (match := _OPTION.match(rest[0])):
            options[match["key"]] = (match["value"] or "").strip()
            rest = rest[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return options, rest


def _trim(lines: list[str]) -> list[str]:
    """Lines without the blank lines at either end."""
    start = next((k for k, line in enumerate(lines) if line.strip()), len(lines))
    end = next((k for k in range(len(lines), 0, -1) if lines[k - 1].strip()), 0)
    return lines[start:end]


def _quote(title: str, body: list[str]) -> list[str]:
    lines = ([f"**{title}**"] if title else []) + ([""] if title and body else []) + body
    return [f"> {line}" if line.strip() else ">" for line in lines]


def _details(title: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary><strong>{html.escape(title)}</strong></summary>", "",
            *body, "", "</details>"]


def _plain(markdown: str) -> str:
    """Converted inline Markdown as plain text, for places that take none (a summary, alt)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text)


def _directive(name: str, arg: str, body: list[str], ctx: _Context) -> list[str]:
    options, content = _options(body)
    classes = options.get("class", "").split()
    if name in DROPPED_DIRECTIVES:
        return []
    if name in CODE_DIRECTIVES:
        return [f"```{arg.split()[0] if arg.strip() else ''}", *content, "```"]
    if name == "math":
        return ["$$", *content, "$$"]
    if name in ("figure", "image"):
        caption = _trim(_convert_lines(content, ctx)) if name == "figure" else []
        alt = (options.get("alt") or _plain(" ".join(line for line in caption if line.strip()))
               or posixpath.basename(arg.strip()))
        image = f"![{alt.replace(']', ')')}]({arg.strip()})"
        return [image, *(["", *caption] if caption else [])]

    converted = _trim(_convert_lines(content, ctx))
    if name in ADMONITIONS or name in ("exercise", "solution"):
        if name == "exercise":
            title = "Exercise"
            if "nonumber" not in options:
                ctx.exercise_count += 1
                title = f"Exercise {ctx.exercise_count}"
                if "label" in options:
                    ctx.exercises[options["label"]] = ctx.exercise_count
            if arg.strip():
                title += f" ({_convert_inline(arg.strip(), ctx)})"
        elif name == "solution":
            number = ctx.exercises.get(arg.strip())
            title = f"Solution to Exercise {number}" if number else "Solution"
        elif name in TITLED:
            title = _convert_inline(arg.strip(), ctx) or ADMONITIONS[name]
        else:
            title = ADMONITIONS[name]
            if arg.strip():
                converted = [_convert_inline(arg.strip(), ctx), *converted]
        if name == "dropdown" or "dropdown" in classes:
            return _details(_plain(title), converted)
        return _quote(title, converted)
    return converted


def _opens_block(fence: str, info: str, directive: re.Match[str] | None) -> bool:
    """Whether a fence line opens a block: a directive, or a code block (CommonMark rules)."""
    if directive is not None:
        return True
    return fence[0] != ":" and not (fence[0] == "`" and "`" in info)


def _convert_lines(lines: list[str], ctx: _Context) -> list[str]:
    out: list[str] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            out.extend(_convert_inline("\n".join(text), ctx).split("\n"))
            text.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        info = fence["info"].strip() if fence else ""
        directive = _DIRECTIVE_INFO.match(info) if fence else None
        if fence and _opens_block(fence["fence"], info, directive):
            flush()
            j = i + 1
            while j < len(lines) and not _closing(lines[j], fence["fence"]):
                j += 1
            body = lines[i + 1:j]
            if directive:
                indent = fence["indent"]
                body = [b[len(indent):] if b.startswith(indent) else b.lstrip() for b in body]
                block = _directive(directive["name"], directive["arg"], body, ctx)
                if block:
                    out.extend(["", *(indent + b if b else b for b in block), ""])
            else:
                out.extend(lines[i:j + 1])
            i = j + 1
            continue
        if _TARGET.match(line) or _COMMENT.match(line) or _BREAK.match(line):
            i += 1
            continue
        text.append(line)
        i += 1
    flush()
    return out


def _tidy(lines: Iterable[str]) -> str:
    """Join lines, with at most one blank line in a row outside code, and none at the ends."""
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if match and fence is None and match["fence"][0] != ":":
            fence = match["fence"]
        elif fence is not None and _closing(line, fence):
            fence = None
        if fence is None and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line.rstrip() if fence is None else line)
    return "\n".join(out).strip("\n")


def convert_markdown(text: str, book: Book, *, book_url: str, source_dir: str = "notebooks",
                     _ctx: _Context | None = None) -> str:
    """Return ``text`` (MyST) as plain CommonMark, for an app renderer.

    Parameters
    ----------
    text : str
        MyST Markdown.
    book : Book
        The bibliography, pages, labels and glossary terms (:func:`load_book`).
    book_url : str
        The built book's root as seen from the page that shows the app ("../../../",
        "/voila/files/html/" or "https://..."); links are ``book_url + page + ".html"``.
    source_dir : str, default "notebooks"
        The folder of the source file, relative to the book's root: {doc} paths are relative
        to it.

    Raises
    ------
    UnknownCitation, UnknownDocument
        For a {cite} key or a {doc} page the book does not have.

    Examples
    --------
    >>> book = Book(references={"k": Reference("k", ("Fetter",), "2013")},
    ...             titles={"book/06-tool": "The tool"})
    >>> print(convert_markdown("See {doc}`../book/06-tool` {cite}`k`.", book, book_url="../"))
    See [The tool](../book/06-tool.html) ([Fetter, 2013](../book/bibliography.html)).
    """
    ctx = _ctx or _Context(book, _normalise_url(book_url), source_dir)
    return _tidy(_convert_lines(text.split("\n"), ctx))


def _normalise_url(book_url: str) -> str:
    return book_url if not book_url or book_url.endswith("/") else book_url + "/"


# --- Cells and the first screen --------------------------------------------------------------


def _blocks(text: str) -> list[str]:
    """Split Markdown into top-level blocks: fenced blocks whole, headings on their own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    lines = text.split("\n")

    def close() -> None:
        if current:
            blocks.append(current.copy())
            current.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and not line.startswith((" ", "\t")) and (
                _DIRECTIVE_INFO.match(fence["info"].strip()) or fence["fence"][0] != ":"):
            close()
            j = i + 1
            while j < len(lines) and not _closing(lines[j], fence["fence"]):
                j += 1
            blocks.append(lines[i:j + 1])
            i = j + 1
            continue
        if not line.strip():
            close()
        elif _HEADING.match(line):
            close()
            blocks.append([line])
        else:
            current.append(line)
        i += 1
    close()
    return ["\n".join(block) for block in blocks]


def _is_paragraph(block: str) -> bool:
    first = block.lstrip("\n").split("\n", 1)[0]
    return not (_HEADING.match(first) or _FENCE.match(first) or _TARGET.match(first)
                or _COMMENT.match(first) or _BREAK.match(first) or first.startswith("    ")
                or re.match(r"^\s*([>|<]|[-*+][ \t]|\d+[.)][ \t]|\$\$|---)", first))


def split_lead(text: str) -> tuple[str, str]:
    """Split a lab's lead into what stays above the app and what moves below it.

    What stays is the first heading and the first paragraph outside any directive; what
    moves is everything else, in its order.

    Examples
    --------
    >>> stay, move = split_lead("# Lab\\n\\n```{note}\\nSoon.\\n```\\n\\nWhat it is.\\n\\nMore.")
    >>> stay
    '# Lab\\n\\nWhat it is.'
    >>> move
    '```{note}\\nSoon.\\n```\\n\\nMore.'
    """
    blocks = _blocks(text)
    heading = next((k for k, b in enumerate(blocks) if _HEADING.match(b)), None)
    paragraph = next((k for k, b in enumerate(blocks) if _is_paragraph(b)), None)
    keep = {k for k in (heading, paragraph) if k is not None}
    return ("\n\n".join(b for k, b in enumerate(blocks) if k in keep),
            "\n\n".join(b for k, b in enumerate(blocks) if k not in keep))


def _calls_widget(tree: ast.AST, builders: set[str], modules: set[str]) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in builders:
                return True
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and func.value.id in modules):
                return True
    return False


def app_cell_index(cells: Sequence[Mapping[str, Any]]) -> int | None:
    """Index of the cell that builds the app: the first to call ``equitylab.widgets``.

    Examples
    --------
    >>> cells = [{"cell_type": "code", "source": "from equitylab.widgets import tool"},
    ...          {"cell_type": "code", "source": "x = 1"},
    ...          {"cell_type": "code", "source": "tool()"}]
    >>> app_cell_index(cells)
    2
    """
    builders: set[str] = set()
    modules: set[str] = set()
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                           for line in source.split("\n"))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "equitylab.widgets" or node.module.startswith(
                        "equitylab.widgets."):
                    builders.update(alias.asname or alias.name for alias in node.names)
                elif node.module == "equitylab":
                    modules.update(alias.asname or alias.name for alias in node.names
                                   if alias.name == "widgets")
            elif isinstance(node, ast.Import):
                modules.update(alias.asname for alias in node.names
                               if alias.asname and alias.name.startswith("equitylab.widgets"))
        if _calls_widget(tree, builders, modules):
            return index
    return None


def _glued(cells: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Values saved with myst-nb's ``glue`` in the notebook's outputs, as plain text."""
    values: dict[str, str] = {}
    for cell in cells:
        for output in cell.get("outputs", []) or []:
            name = (output.get("metadata") or {}).get("scrapbook", {}).get("name")
            text = (output.get("data") or {}).get("text/plain")
            if name and text is not None:
                values[name] = "".join(text).strip("'\"")
    return values


def app_notebook(notebook: Mapping[str, Any], book: Book, *, book_url: str,
                 source_dir: str = "notebooks") -> nbformat.NotebookNode:
    """Return the app version of ``notebook`` (see the module's description).

    Parameters
    ----------
    notebook : NotebookNode or dict
        A version 4 notebook; it is not changed.
    book : Book
        What the book holds (:func:`load_book`).
    book_url : str
        The built book's root as seen from the page that shows the app.
    source_dir : str, default "notebooks"
        The notebook's folder relative to the book's root ({doc} paths are relative to it).
    """
    nb = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not isinstance(cell.source, str):
            cell.source = "".join(cell.source)
    cells = [cell for cell in nb.cells if cell.cell_type != "markdown"
             or not DROPPED_TAGS.intersection(cell.metadata.get("tags", []))]
    ctx = _Context(book, _normalise_url(book_url), source_dir, glued=_glued(cells))

    app = app_cell_index(cells)
    first_code = next((k for k, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    lead = [k for k in range(first_code) if cells[k].cell_type == "markdown"]
    if app is not None and lead:
        head = cells[lead[0]]
        stay, move = split_lead(head.source)
        rest = [text for text in [move, *(cells[k].source for k in lead[1:])] if text.strip()]
        if rest:
            head.source = stay
            cell_id = str(head.get("id") or "lead")[:57] + "-intro"
            intro = nbformat.v4.new_markdown_cell("\n\n".join(rest), id=cell_id)
            cells = [*cells[:app + 1], intro, *cells[app + 1:]]
            cells = [cell for k, cell in enumerate(cells) if k not in lead[1:]]

    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, book, book_url=book_url,
                                           source_dir=source_dir, _ctx=ctx)
    nb.cells = cells
    return nb


# --- The book --------------------------------------------------------------------------------


def _latex_text(value: str) -> str:
    """BibTeX's LaTeX as plain text ("{\\c{C}}etinkaya" -> "Çetinkaya")."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    # Backend() directly: render_as("text") looks the backend up among entry points each time.
    return str(Text.from_latex(value).render(Backend()))


def load_references(paths: Iterable[Path]) -> dict[str, Reference]:
    """Read BibTeX files into :class:`Reference` entries, keyed as in the files."""
    from pybtex.database import parse_file

    references: dict[str, Reference] = {}
    for path in paths:
        for key, entry in parse_file(str(path), bib_format="bibtex").entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(_latex_text(str(part)) for part in
                              [*person.rich_prelast_names, *person.rich_last_names])
                     for person in people]
            et_al = "others" in names
            names = [name for name in names if name != "others"]
            references[key] = Reference(
                key=key, authors=tuple(names), year=entry.fields.get("year", "n.d."),
                title=_latex_text(entry.fields.get("title", "")), et_al=et_al)
    return references


def _toc_docnames(toc: Mapping[str, Any]) -> list[str]:
    names = [str(toc["root"])]
    stack: list[Any] = list(toc.get("parts", [])) + list(toc.get("chapters", []))
    while stack:
        entry = stack.pop(0)
        if isinstance(entry, Mapping):
            if "file" in entry:
                names.append(str(entry["file"]))
            stack.extend(list(entry.get("chapters", [])) + list(entry.get("sections", [])))
    return names


def _source_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        data = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(cell.get("source", "")) for cell in data.get("cells", [])
                           if cell.get("cell_type") == "markdown")
    return path.read_text(encoding="utf-8")


def sphinx_id(text: str) -> str:
    """The HTML id docutils makes of a label ("datasheet-mpls_stops" -> "datasheet-mpls-stops").

    >>> sphinx_id("datasheet-mpls_stops")
    'datasheet-mpls-stops'
    """
    ident = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return re.sub(r"^[^a-z]+|-+$", "", ident)


def term_id(term: str) -> str:
    """The HTML id Sphinx gives a glossary term ("Absolute gap" -> "term-Absolute-gap").

    >>> term_id("Absolute gap")
    'term-Absolute-gap'
    """
    ident = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(f"term-{term}".split()))
    return re.sub(r"^[-0-9._]+|-+$", "", ident)


def _scan(docname: str, text: str, labels: dict[str, Target], terms: dict[str, str],
          glossary: str) -> str:
    """Record the page's labels (and glossary terms); return its title."""
    title = ""
    lines = text.split("\n")
    in_code: str | None = None
    in_glossary: str | None = None
    for k, line in enumerate(lines):
        fence = _FENCE.match(line)
        if in_code is None and fence:
            in_code = fence["fence"]
            if docname == glossary and fence["info"].strip() == "{glossary}":
                in_glossary = in_code
            continue
        if in_code is not None:
            if _closing(line, in_code):
                in_code = in_glossary = None
            elif in_glossary and line.strip() and not line[0].isspace():
                terms.setdefault(line.strip().lower(), term_id(line.strip()))
            continue
        heading = _HEADING.match(line)
        if heading and not title and len(heading["hashes"]) == 1:
            title = heading["text"]
        target = _TARGET.match(line)
        if target:
            after = next((x for x in lines[k + 1:] if x.strip()), "")
            following = _HEADING.match(after)
            labels.setdefault(target["label"], Target(
                docname, sphinx_id(target["label"]), following["text"] if following else None))
    return re.sub(r"[*_`]", "", title).strip()


def load_book(root: Path = ROOT) -> Book:
    """Read the book's bibliography, pages (from ``_toc.yml``), labels and glossary terms."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    bibfiles = config.get("bibtex_bibfiles") or ["references.bib"]
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    labels: dict[str, Target] = {}
    terms: dict[str, str] = {}
    glossary = Book().glossary
    for docname in _toc_docnames(toc):
        source = next((root / f"{docname}{ext}" for ext in (".md", ".ipynb")
                       if (root / f"{docname}{ext}").exists()), None)
        if source is None:
            continue
        titles[docname] = _scan(docname, _source_text(source), labels, terms,
                                glossary) or posixpath.basename(docname)
    return Book(references=load_references(root / name for name in bibfiles), titles=titles,
                labels=labels, terms=terms)


# --- Command line ----------------------------------------------------------------------------


def source_dir_of(notebook: Path, root: Path = ROOT) -> str:
    """The notebook's folder relative to the book's root, in the form {doc} paths use."""
    try:
        return notebook.resolve().parent.relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return "notebooks"


def write_app_notebooks(out_dir: Path, notebooks: Iterable[Path], *, book_url: str,
                        root: Path = ROOT, book: Book | None = None) -> list[Path]:
    """Write the app version of each notebook into ``out_dir``, under the same file name."""
    book = book or load_book(root)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        app = app_notebook(nb, book, book_url=book_url, source_dir=source_dir_of(path, root))
        target = out_dir / path.name
        nbformat.write(app, target)
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out_dir", type=Path, help="folder for the app versions")
    parser.add_argument("notebooks", type=Path, nargs="+", help="lab notebooks to convert")
    parser.add_argument("--book-url", default=None,
                        help="the built book's root as seen from the app's page "
                             "(default: the path from OUT_DIR to _build/html)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's root folder")
    args = parser.parse_args(argv)
    book_url = args.book_url
    if book_url is None:
        book_url = Path(os.path.relpath(args.root / "_build" / "html", args.out_dir)).as_posix()
        book_url += "/"
    try:
        written = write_app_notebooks(args.out_dir, args.notebooks, book_url=book_url,
                                      root=args.root)
    except (UnknownCitation, UnknownDocument) as err:
        print(f"app_notebooks: {err.args[0]}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
