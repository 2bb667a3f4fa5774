"""Number the book's exercises within each chapter: "Exercise 4.1", not "Exercise 8".

sphinx-exercise numbers exercises across the whole book, so chapter 4's first exercise was
"Exercise 8" while its exercise set began at "1.": in a room, "exercise 1" meant two
things. This extension renumbers each page's exercises from 1, prefixed with the chapter's
number for a chapter (``book/04-...`` gives 4.1, 4.2, ...). A chapter's exercise set
(``exercises/chNN-...``) continues the same sequence; ``tests/exercises`` checks that.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: A chapter's document name: its number is the prefix of every exercise number in it.
CHAPTER = re.compile(r"^book/(\d\d)-")


def chapter_prefix(docname: str) -> tuple[int, ...]:
    """``(4,)`` for ``book/04-government-role-three-eras``; ``()`` for any other page."""
    match = CHAPTER.match(docname)
    return (int(match[1]),) if match else ()


def renumber(env: BuildEnvironment) -> list[str]:
    """Renumber each page's exercises from 1 in page order; return the pages changed."""
    changed = []
    for docname, numbers in env.toc_fignumbers.items():
        exercises = numbers.get("exercise")
        if not exercises:
            continue
        ordered = sorted(exercises, key=lambda node_id: exercises[node_id])
        prefix = chapter_prefix(docname)
        fresh = {node_id: (*prefix, i) for i, node_id in enumerate(ordered, start=1)}
        if fresh != exercises:
            numbers["exercise"] = fresh
            changed.append(docname)
    return changed


def _on_updated(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    return renumber(env)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the renumbering with Sphinx."""
    # After Sphinx's own numbering (the toctree collector runs at the default priority).
    app.connect("env-get-updated", _on_updated, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
