"""The app versions of the lab notebooks (tools/app_notebooks.py): plain Markdown, same code.

Voilà and Voici render Markdown cells as CommonMark, so no MyST may be left in the app
versions; the code must be the notebook's own, cell for cell; citations and links must lead
to the book.
"""

from __future__ import annotations

import collections
import doctest
import html
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from tests.browser.pagecheck import RAW_MYST

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import app_notebooks  # noqa: E402
from app_notebooks import (  # noqa: E402
    Book,
    Reference,
    Target,
    UnknownCitation,
    UnknownDocument,
    app_cell_index,
    app_notebook,
    convert_markdown,
    split_lead,
)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Where Voici shows an app (_build/html/lite/voici/render/X.html), the book is three up.
BOOK_URL = "../../../"

#: MyST a participant must never see in an app: roles, directive fences, their options,
#: targets. (The book's page check, RAW_MYST, runs on the rendered text too.)
RAW = {
    "role": re.compile(r"\{[a-z:-]+\}`"),
    "directive fence": re.compile(r"```\{|~~~\{"),
    "colon fence": re.compile(r":::\{"),
    "option line": re.compile(r"^\s*(?:>\s*)*:(?:class|name|label|alt|width|align|"
                              r"nonumber|figwidth|caption):", re.M),
    "target": re.compile(r"^\s*\([^()\s]+\)=\s*$", re.M),
    "comment": re.compile(r"^%", re.M),
}

CITE = re.compile(r"\{cite(?::\w+)?\}`(?:\{[^}]*\}){0,2}([^`]+)`")
LINK = re.compile(r"\]\(([^)\s]+)(?: \"[^\"]*\")?\)")


@pytest.fixture(scope="module")
def book() -> Book:
    return app_notebooks.load_book(ROOT)


@pytest.fixture(scope="module")
def converted(book: Book) -> dict[str, tuple[nbformat.NotebookNode, nbformat.NotebookNode]]:
    pairs = {}
    for path in NOTEBOOKS:
        source = nbformat.read(path, as_version=4)
        pairs[path.name] = (source, app_notebook(source, book, book_url=BOOK_URL))
    return pairs


def _markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def _without_code(markdown: str) -> str:
    """Markdown with fenced code blocks and code spans taken out (they may show anything)."""
    markdown = re.sub(r"^(\s*(?:>\s*)*)(`{3,}|~{3,})[^\n]*\n.*?^\s*(?:>\s*)*\2\s*$", "",
                      markdown, flags=re.M | re.S)
    return re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "code", markdown, flags=re.S)


# --- Every lab notebook ----------------------------------------------------------------------


def test_there_are_lab_notebooks() -> None:
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_no_myst_left_in_the_app(converted, name: str) -> None:
    _, app = converted[name]
    for text in _markdown(app):
        visible = _without_code(text)
        for what, pattern in RAW.items():
            assert not pattern.search(visible), f"{what} left: {pattern.search(visible)}"
        # As Voilà renders it: the page's text shows no MyST either.
        rendered = re.sub(r"<(pre|code)>.*?</\1>", "code", markdown2html_mistune(text), flags=re.S)
        shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
        assert not RAW_MYST.search(shown), RAW_MYST.search(shown)


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_code_cells_are_the_notebooks_own_in_the_same_order(converted, name: str) -> None:
    source, app = converted[name]
    code = [cell for cell in source.cells if cell.cell_type != "markdown"]
    assert [cell for cell in app.cells if cell.cell_type != "markdown"] == code
    assert app.metadata == source.metadata
    nbformat.validate(app)


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_citations_resolve_to_the_bibliography(converted, book: Book, name: str) -> None:
    source, app = converted[name]
    keys = [key.strip() for text in _markdown(source) for match in CITE.finditer(text)
            for key in match.group(1).split(",")]
    unknown = [key for key in keys if key not in book.references]
    assert not unknown, f"not in references.bib: {unknown}"
    text = "\n".join(_markdown(app))
    for key in keys:
        ref = book.references[key]
        assert f"[{ref.author_label}, {ref.year}]({BOOK_URL}book/bibliography.html" in text


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_links_lead_to_pages_of_the_book(converted, name: str) -> None:
    _, app = converted[name]
    toc = set(app_notebooks._toc_docnames(yaml.safe_load((ROOT / "_toc.yml").read_text())))
    links = [m.group(1) for text in _markdown(app) for m in LINK.finditer(text)]
    internal = [link for link in links if not re.match(r"^[a-z]+:", link)]
    assert internal, "no links to the book at all"
    for link in internal:
        assert link.startswith(BOOK_URL), link
        page, _, anchor = link[len(BOOK_URL):].partition("#")
        assert page.endswith(".html"), link
        docname = page.removesuffix(".html")
        assert docname in toc, f"{link}: not a page of the book"
        assert any((ROOT / f"{docname}{ext}").exists() for ext in (".md", ".ipynb")), link


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_no_teaching_text_is_lost(converted, name: str) -> None:
    """Every word of the Markdown (markup aside) is still in the app, as often."""
    source, app = converted[name]

    def words(texts: list[str]) -> collections.Counter[str]:
        text = "\n".join(texts)
        text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)  # roles: replaced by their rendering
        text = re.sub(r"^\s*(?:>\s*)*(?:`{3,}|:{3,}).*$|^\s*:[\w-]+:.*$", " ", text, flags=re.M)
        text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
        return collections.Counter(re.findall(r"[A-Za-z]{3,}", text))

    kept = [cell.source for cell in source.cells if cell.cell_type == "markdown"
            and not {"book-only", "remove-cell"} & set(cell.metadata.get("tags", []))]
    missing = words(kept) - words(_markdown(app))
    assert not missing, f"lost from the app: {dict(missing)}"


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_the_app_opens_on_its_title_one_paragraph_and_then_the_lab(converted, name: str) -> None:
    source, app = converted[name]
    index = app_cell_index(app.cells)
    assert index is not None, "no cell builds an app from equitylab.widgets"
    first = app.cells[0].source
    assert first.startswith("# Lab"), first[:40]
    assert len(first.split("\n\n")) == 2, "more than a title and one paragraph on top"
    # The overview (time, prerequisites, questions, objectives) follows the app.
    overview = next(k for k, cell in enumerate(app.cells) if cell.cell_type == "markdown"
                    and cell.source.startswith("> **Overview**"))
    assert overview == index + 1
    # Nothing else moved: the other Markdown cells are in their places around the code
    # (the lead's later cells, before the first code cell, are in the intro).
    kept = [c for c in source.cells if "book-only" not in c.metadata.get("tags", [])]
    first_code = next(k for k, c in enumerate(kept) if c.cell_type == "code")
    rest = [c.get("id") for c in app.cells if not c.get("id", "").endswith("-intro")]
    assert rest == [c.get("id") for c in kept[:1] + kept[first_code:]]


# --- Roles -----------------------------------------------------------------------------------

UNIT_BOOK = Book(
    references={
        "fox": Reference("fox", ("Fox", "Weisberg", "Price"), "n.d.", "carData"),
        "nb": Reference("nb", ("Nelson", "Brooks"), "2016"),
        "fetter": Reference("fetter", ("Fetter",), "2013"),
    },
    titles={"book/06-racial-equity-tool": "The racial equity tool",
            "notebooks/01-first-look": "Lab: a first look",
            "book/reference/measures": "Measures", "book/glossary": "Glossary",
            "book/bibliography": "Bibliography"},
    labels={"measures-page": Target("book/reference/measures", "measures-page", "Measures"),
            "no-title": Target("book/reference/measures", "no-title")},
    terms={"absolute gap": "term-Absolute-gap"},
)
BIB = "../book/bibliography.html"


def md(text: str, book_url: str = "../", source_dir: str = "notebooks") -> str:
    return convert_markdown(text, UNIT_BOOK, book_url=book_url, source_dir=source_dir)


def test_cite_is_an_author_year_citation_linked_to_the_bibliography() -> None:
    assert md("as shown {cite}`fetter`.") == f"as shown ([Fetter, 2013]({BIB}))."
    assert md("{cite:p}`fox, nb`") == (
        f'([Fox *et al.*, n.d.]({BIB} "carData"); [Nelson and Brooks, 2016]({BIB}))')
    assert md("{cite:t}`nb`") == f"[Nelson and Brooks]({BIB}) ([2016]({BIB}))"
    assert md("{cite:p}`{see}{p. 3}fetter`") == f"(see [Fetter, 2013]({BIB}), p. 3)"


def test_an_unknown_citation_key_is_an_error() -> None:
    with pytest.raises(UnknownCitation, match="nobody"):
        md("{cite}`fetter,nobody`")


def test_doc_links_to_the_built_page_from_where_the_app_is() -> None:
    assert md("{doc}`../book/06-racial-equity-tool`") == (
        "[The racial equity tool](../book/06-racial-equity-tool.html)")
    assert md("the {doc}`first lab <01-first-look>`", book_url="../../../") == (
        "the [first lab](../../../notebooks/01-first-look.html)")
    assert md("{doc}`/book/06-racial-equity-tool`", book_url="https://x.org/course") == (
        "[The racial equity tool](https://x.org/course/book/06-racial-equity-tool.html)")
    assert md("{doc}`06-racial-equity-tool`", source_dir="book") == (
        "[The racial equity tool](../book/06-racial-equity-tool.html)")


def test_an_unknown_page_is_an_error() -> None:
    with pytest.raises(UnknownDocument, match="book/nowhere"):
        md("{doc}`../book/nowhere`")


def test_ref_numref_and_term_link_when_known_and_are_text_otherwise() -> None:
    page = "../book/reference/measures.html#measures-page"
    assert md("{ref}`measures-page`") == f"[Measures]({page})"
    assert md("{ref}`the measures <measures-page>`") == f"[the measures]({page})"
    assert md("{numref}`Page %s <measures-page>`") == f"[Page Measures]({page})"
    assert md("{ref}`somewhere-else`") == "somewhere-else"
    assert md("{ref}`Elsewhere <somewhere-else>`") == "Elsewhere"
    assert md("{term}`absolute gap`") == "[absolute gap](../book/glossary.html#term-Absolute-gap)"
    assert md("{term}`gaps <Absolute gap>`") == "[gaps](../book/glossary.html#term-Absolute-gap)"
    assert md("{term}`redlining`") == "redlining"


def test_other_roles_become_their_text_or_code() -> None:
    assert md("{abbr}`GARE (Government Alliance on Race and Equity)`") == (
        "GARE (Government Alliance on Race and Equity)")
    assert md("press {kbd}`Ctrl`") == "press `Ctrl`"
    assert md("{math}`a^2`") == "$a^2$"
    assert md("{download}`the data <data.csv>`") == "the data"


def test_code_is_left_exactly_as_written() -> None:
    assert md("write ``{cite}`key` `` for a citation") == "write ``{cite}`key` `` for a citation"
    fenced = "```md\n{cite}`key`\n```{note}\n```"
    assert md(fenced) == fenced
    assert md("~~~\n:class: x\n(label)=\n~~~") == "~~~\n:class: x\n(label)=\n~~~"
    code = "```python\nx = 1\n\n\ny = 2\n```"
    assert md(f"{code}\n\n\nText.") == f"{code}\n\nText."


def test_links_to_book_sources_point_to_the_built_pages() -> None:
    assert md("[the tool](../book/06-racial-equity-tool.md#steps)") == (
        "[the tool](../book/06-racial-equity-tool.html#steps)")
    assert md("[lab](01-first-look.ipynb)") == "[lab](../notebooks/01-first-look.html)"
    assert md("[x](https://example.org/a.md)") == "[x](https://example.org/a.md)"
    assert md("`[x](a.md)` and \\{cite}`x`") == "`[x](a.md)` and \\{cite}`x`"


# --- Directives and lines --------------------------------------------------------------------


def test_admonitions_become_a_blockquote_with_a_bold_title() -> None:
    text = ("Before.\n```{admonition} What {cite}`fetter` shows\n:class: warning\n:name: w\n"
            "Body with {doc}`../book/06-racial-equity-tool`.\n\n- a point\n```\nAfter.")
    assert md(text) == (
        f"Before.\n\n> **What ([Fetter, 2013]({BIB})) shows**\n>\n"
        "> Body with [The racial equity tool](../book/06-racial-equity-tool.html).\n>\n"
        "> - a point\n\nAfter.")


@pytest.mark.parametrize(("name", "title"), [
    ("note", "Note"), ("tip", "Tip"), ("important", "Important"), ("warning", "Warning"),
    ("seealso", "See also"), ("caution", "Caution"), ("attention", "Attention"),
    ("hint", "Hint")])
def test_named_admonitions_take_their_usual_title(name: str, title: str) -> None:
    assert md(f"```{{{name}}}\nText.\n```") == f"> **{title}**\n>\n> Text."
    assert md(f":::{{{name}}} First line.\nMore.\n:::") == (
        f"> **{title}**\n>\n> First line.\n> More.")


def test_directives_nest() -> None:
    text = "````{admonition} Outer\n```{tip}\nInner.\n```\nOuter text.\n````"
    assert md(text) == "> **Outer**\n>\n> > **Tip**\n> >\n> > Inner.\n>\n> Outer text."


def test_dropdowns_become_closed_details() -> None:
    assert md("```{dropdown} Show me\nHidden *text*.\n```") == (
        "<details>\n<summary><strong>Show me</strong></summary>\n\nHidden *text*.\n\n</details>")
    assert md("```{admonition} Answer\n:class: tip dropdown\nYes.\n```").startswith(
        "<details>\n<summary><strong>Answer</strong></summary>")


def test_exercises_are_numbered_and_solutions_named_after_them() -> None:
    text = ("```{exercise}\n:label: ex-a\nFirst?\n```\n\n```{solution} ex-a\n:class: dropdown\n"
            "Yes.\n```\n\n```{exercise} Maps\n:label: ex-b\nSecond?\n```\n\n"
            "See {ref}`ex-a`.\n\n```{solution} ex-b\nNo.\n```")
    assert md(text) == (
        "> **Exercise 1**\n>\n> First?\n\n<details>\n<summary><strong>Solution to Exercise 1"
        "</strong></summary>\n\nYes.\n\n</details>\n\n> **Exercise 2 (Maps)**\n>\n> Second?\n\n"
        "See Exercise 1.\n\n> **Solution to Exercise 2**\n>\n> No.")


def test_figures_and_images_become_markdown_images_with_alt_text() -> None:
    assert md("```{figure} map.png\n:alt: A map of stops\n:name: fig-map\nStops, 2017.\n```") == (
        "![A map of stops](map.png)\n\nStops, 2017.")
    assert md("```{figure} map.png\nStops by {cite}`fetter`.\n```").startswith(
        "![Stops by (Fetter, 2013).](map.png)\n\nStops by ([Fetter, 2013](")
    assert md("```{image} logo.svg\n:alt: Logo\n:width: 200px\n```") == "![Logo](logo.svg)"


def test_other_directives_become_their_body() -> None:
    assert md("```{only} html\nJust *this*.\n```") == "Just *this*."
    assert md("```{epigraph}\n---\nattribution: me\n---\nWords.\n```") == "Words."
    assert md("Text.\n\n```{bibliography}\n:filter: docname in docnames\n```") == "Text."
    assert md("```{code-block} python\n:linenos:\nx = 1\n```") == "```python\nx = 1\n```"
    assert md("```{math}\n:label: eq\na = b\n```") == "$$\na = b\n$$"


def test_targets_comments_and_breaks_are_removed() -> None:
    assert md("(my-label)=\n# Title\n% a note to authors\nText.\n+++\nMore.") == (
        "# Title\nText.\nMore.")


def test_what_voila_shows(tmp_path: Path) -> None:
    """Voilà and Voici render Markdown with nbconvert: quotes, bold titles, closed details."""
    text = md("```{admonition} Overview\n:class: seealso\n**Time:** 5 minutes.\n```\n\n"
              "```{solution} x\n:class: dropdown\nThe *answer*.\n```")
    rendered = markdown2html_mistune(text)
    assert "<blockquote>\n<p><strong>Overview</strong></p>" in rendered
    assert "<details>" in rendered and "<p>The <em>answer</em>.</p>" in rendered


# --- Cells and the first screen --------------------------------------------------------------


def _nb(*cells: tuple[str, str, list[str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for k, (kind, source, tags) in enumerate(cells):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source, id=f"c{k}", metadata={"tags": tags} if tags else {}))
    return nb


LEAD = ("# Lab: x\n\n```{admonition} Overview\n:class: seealso\n**Time:** 5 minutes.\n```\n\n"
        "What this lab does.\n\nA second paragraph.")


def test_the_lead_keeps_its_title_and_first_paragraph_the_rest_follows_the_app() -> None:
    nb = _nb(("markdown", LEAD, []),
             ("code", "from equitylab.widgets import explorer\nimport pandas", ["remove-cell"]),
             ("markdown", "## The app\n\nChoose.", []),
             ("code", "explorer()", ["remove-input"]),
             ("markdown", "## Then", []))
    original = json.dumps(nb, sort_keys=True)
    app = app_notebook(nb, UNIT_BOOK, book_url="../")
    assert [c.get("id") for c in app.cells] == ["c0", "c1", "c2", "c3", "c0-intro", "c4"]
    assert app.cells[0].source == "# Lab: x\n\nWhat this lab does."
    assert app.cells[4].source == (
        "> **Overview**\n>\n> **Time:** 5 minutes.\n\nA second paragraph.")
    assert app.cells[1] == nb.cells[1] and app.cells[3] == nb.cells[3]
    assert json.dumps(nb, sort_keys=True) == original, "the input notebook changed"


def test_without_an_app_nothing_moves() -> None:
    nb = _nb(("markdown", LEAD, []), ("code", "import pandas", []))
    app = app_notebook(nb, UNIT_BOOK, book_url="../")
    assert [c.get("id") for c in app.cells] == ["c0", "c1"]
    assert app.cells[0].source.startswith("# Lab: x\n\n> **Overview**")


def test_markdown_hidden_from_the_book_or_for_the_book_only_is_left_out() -> None:
    nb = _nb(("markdown", "# Lab", []), ("markdown", "Hidden.", ["remove-cell"]),
             ("markdown", "In the published book...", ["book-only"]),
             ("code", "x = 1", ["remove-cell"]), ("code", "y = 2", ["book-only", "remove-input"]))
    app = app_notebook(nb, UNIT_BOOK, book_url="../")
    assert [c.get("id") for c in app.cells] == ["c0", "c3", "c4"]
    assert app.cells[1] == nb.cells[3] and app.cells[2] == nb.cells[4]


def test_split_lead() -> None:
    assert split_lead("# T\nFirst line.\n\n- a list\n\nPara.") == (
        "# T\n\nFirst line.", "- a list\n\nPara.")
    stay, move = split_lead("# T\n\n(lbl)=\n## Section\n\n> quote\n\nThe paragraph.\n\nNext.")
    assert stay == "# T\n\nThe paragraph."
    assert move == "(lbl)=\n\n## Section\n\n> quote\n\nNext."


@pytest.mark.parametrize(("sources", "expected"), [
    (["from equitylab.widgets import tool", "tool()"], 1),
    (["from equitylab.widgets.budget_lab import budget_explorer as be", "x = 1", "be()"], 2),
    (["from equitylab import widgets", "widgets.disparity_explorer('x')"], 1),
    (["import equitylab.widgets as w\n%matplotlib inline", "w.tool()"], 1),
    (["if True:\n    from equitylab.widgets.byod import byod_app\n    byod_app()"], 0),
    (["from equitylab import datasets", "datasets.load('x')", "tool()"], None),
])
def test_the_app_cell_is_the_first_to_call_equitylab_widgets(sources, expected) -> None:
    cells = [{"cell_type": "code", "source": source} for source in sources]
    assert app_cell_index(cells) == expected


# --- The book and the command line -----------------------------------------------------------


def test_references_read_like_the_books(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{org, author = {{Government Alliance on Race and Equity}}, title = {About}}\n"
        "@book{many, author = {{\\c{C}}etinkaya-Rundel, Mine and Diez, David and Bray, A.},"
        " title = {Open {Intro}}, year = {2021}}\n"
        "@article{two, author = {powell, john a. and Menendian, S.}, title = {T}, year = 2019}\n"
        "@article{others, author = {Smith, A. and others}, title = {T}, year = 2000}\n",
        encoding="utf-8")
    refs = app_notebooks.load_references([bib])
    assert (refs["org"].author_label, refs["org"].year) == (
        "Government Alliance on Race and Equity", "n.d.")
    assert (refs["many"].author_label, refs["many"].title) == (
        "Çetinkaya-Rundel *et al.*", "Open Intro")
    assert refs["two"].author_label == "powell and Menendian"
    assert refs["others"].author_label == "Smith *et al.*"


def test_the_book_index(book: Book) -> None:
    assert book.titles["book/06-racial-equity-tool"] == "The racial equity tool"
    assert book.titles["notebooks/01-first-look"] == "Lab: a first look at data by race"
    assert book.labels["datasheet-mpls_stops"].anchor == "datasheet-mpls-stops"
    assert book.labels["measures-page"].docname == "book/reference/measures"
    assert book.terms["absolute gap"] == "term-Absolute-gap"
    assert book.references["fox2018carData"].author_label == "Fox *et al.*"


def test_the_ids_match_the_built_book(book: Book) -> None:
    """Where the book is built, every label's and glossary term's anchor is on its page."""
    html_root = ROOT / "_build" / "html"
    if not (html_root / "index.html").exists():
        pytest.skip("the book is not built")
    glossary = (html_root / "book" / "glossary.html").read_text(encoding="utf-8")
    for anchor in book.terms.values():
        assert f'id="{anchor}"' in glossary
    for label, target in book.labels.items():
        page = (html_root / f"{target.docname}.html").read_text(encoding="utf-8")
        assert f'id="{target.anchor}"' in page, label


def test_the_command_line_writes_copies_under_the_same_names(tmp_path: Path, capsys) -> None:
    out = tmp_path / "app"
    assert app_notebooks.main(["--book-url", BOOK_URL, str(out), *map(str, NOTEBOOKS[:2])]) == 0
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in NOTEBOOKS[:2]]
    for path in out.iterdir():
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert not RAW["directive fence"].search("\n".join(_markdown(nb)))
    assert capsys.readouterr().out.split() == [str(out / p.name) for p in NOTEBOOKS[:2]]


def test_the_command_line_reports_an_unknown_citation(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.ipynb"
    nbformat.write(_nb(("markdown", "# Lab\n\nSee {cite}`nobody2099`.", [])), bad)
    assert app_notebooks.main([str(tmp_path / "out"), str(bad)]) == 1
    assert "nobody2099" in capsys.readouterr().err


def test_the_default_book_url_is_the_path_to_the_built_book(tmp_path: Path) -> None:
    out = ROOT / "_build" / "app-test-default" / "notebooks"
    try:
        app_notebooks.main([str(out), str(ROOT / "notebooks" / "01-first-look.ipynb")])
        text = "\n".join(_markdown(nbformat.read(out / "01-first-look.ipynb", as_version=4)))
        assert "](../../html/book/bibliography.html" in text
    finally:
        import shutil

        shutil.rmtree(out.parent, ignore_errors=True)


def test_the_modules_examples() -> None:
    result = doctest.testmod(app_notebooks)
    assert result.attempted >= 6 and result.failed == 0
